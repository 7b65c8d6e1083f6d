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
    if item.get_closest_marker("pdf") is None:
        return
    problem = weasyprint_problem()
    if problem is None:
        return
    if os.environ.get("MEMO_REQUIRE_PDF") == "1":
        pytest.fail(f"MEMO_REQUIRE_PDF=1 but {problem}", pytrace=False)
    pytest.skip(problem)


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
