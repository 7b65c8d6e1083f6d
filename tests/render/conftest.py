"""Fixtures for renderer tests.

PDF tests carry ``@pytest.mark.pdf``. Locally they are skipped when weasyprint (or Pango)
cannot load; in CI ``MEMO_REQUIRE_PDF=1`` is set and they fail instead, so a broken PDF
stack can never pass as green. Every test also fails on an unexpected weasyprint warning:
weasyprint reports bad CSS, unloadable resources and layout problems only through its log.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from memo.answers import load
from memo.context import build_context

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE / "fixtures"
SAMPLE_NAMES = ("support-bot-rag", "output-format-structured", "medical-ner-lora",
                "rag-plus-lora", "weak-memo")


def memo_files() -> list[Path]:
    """The shipped samples that exist yet, plus the test fixture memos that should fit."""
    samples = [ROOT / "samples" / f"{name}.yaml" for name in SAMPLE_NAMES]
    return [p for p in samples if p.is_file()] + sorted(FIXTURES.glob("fits-*.yaml"))


def weasyprint_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except Exception as exc:  # OSError when Pango is missing, ImportError otherwise
        return f"weasyprint cannot load: {type(exc).__name__}: {exc}"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("pdf") is not None:
        _require(item, "pdf", weasyprint_problem())
    if item.get_closest_marker("libreoffice") is not None:
        _require(item, "libreoffice", soffice_problem())


class WeasyprintLogGuard(logging.Handler):
    """Collects weasyprint's warnings and errors; :meth:`check` fails on unexpected ones."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self.allowed: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def allow(self, fragment: str) -> None:
        """Expect log messages containing ``fragment`` in this test."""
        self.allowed.append(fragment)

    def unexpected(self) -> list[str]:
        messages = [record.getMessage() for record in self.records]
        return [m for m in messages if not any(a in m for a in self.allowed)]

    def check(self) -> None:
        unexpected = self.unexpected()
        if unexpected:
            pytest.fail("unexpected weasyprint log output:\n" + "\n".join(unexpected[:10]),
                        pytrace=False)


@pytest.fixture(autouse=True)
def weasyprint_log() -> Iterator[WeasyprintLogGuard]:
    logger = logging.getLogger("weasyprint")
    guard = WeasyprintLogGuard()
    logger.addHandler(guard)
    try:
        yield guard
    finally:
        logger.removeHandler(guard)
    guard.check()


@pytest.fixture
def fixture_memo_path() -> Path:
    return FIXTURES / "fits-medical-ner.yaml"


@pytest.fixture
def context(fixture_memo_path: Path) -> dict[str, Any]:
    return build_context(load(fixture_memo_path).memo)


def context_of(path: Path) -> dict[str, Any]:
    return build_context(load(path).memo)


# --- stress memos: long, CJK, many options, right-to-left --------------------------------

_CJK = ("模型在没有足够上下文的情况下无法正确提取临床笔记中的药物剂量和否定表达，"
        "因此我们比较了提示、少样本和检索增强三种方法的效果与成本。")
_ARABIC = "يحتاج النموذج إلى معلومات عن المنتجات الجديدة التي تتغير كل شهر، لذلك نختار الاسترجاع."


def stress_memos() -> dict[str, Any]:
    """Memos at the edges of one page, built from the fixture: each must still fit."""
    base = load(FIXTURES / "fits-medical-ner.yaml").memo
    long_text = ("The pilot shows the adapter holds its accuracy on notes from the two "
                 "new wards, and the pharmacists confirmed the dose grammar on a second "
                 "sample drawn in a different month. ")
    costs = base.costs
    assert costs is not None
    template = costs.options[1]
    many = [*costs.options, *(template.model_copy(update={
        "name": f"Alternative {i}: {name}", "input_tokens": 3000 + 400 * i})
        for i, name in enumerate(["gpt-4o-mini with 40 examples and a glossary",
                                  "Claude Haiku with retrieval of similar notes",
                                  "Gemini Flash with a long system prompt",
                                  "Self-hosted Mistral 7B, no fine-tune"], start=2))]
    return {
        "long": base.model_copy(update={
            "rollback": long_text * 2,
            "problem": base.problem.model_copy(update={"failure": long_text * 3})}),
        "cjk": base.model_copy(update={
            "title": "临床笔记实体抽取：LoRA 微调还是上下文学习",
            "problem": base.problem.model_copy(update={"task": _CJK * 2, "failure": _CJK * 3}),
            "rollback": _CJK * 2}),
        # Six options take the room of one risk: the memo keeps its first.
        "many-options": base.model_copy(update={
            "costs": costs.model_copy(update={"options": many}), "risks": base.risks[:1]}),
        "rtl": base.model_copy(update={
            "rollback": _ARABIC,
            "problem": base.problem.model_copy(update={"failure": _ARABIC * 2})}),
    }


def soffice_problem() -> str | None:
    from memo.render.docx_measure import soffice

    return None if soffice() else "LibreOffice (soffice) is not installed"


def _require(item: pytest.Item, marker: str, problem: str | None) -> None:
    if item.get_closest_marker(marker) is None or problem is None:
        return
    if os.environ.get("MEMO_REQUIRE_PDF") == "1":
        pytest.fail(f"MEMO_REQUIRE_PDF=1 but {problem}", pytrace=False)
    pytest.skip(problem)
