"""What keeps `memo render` fast: one layout for most memos, the libraries a format needs
and no others, and weasyprint imported without its library search (same libraries loaded)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, WeasyprintLogGuard, context_of, memo_files
from pypdf import PdfReader

from memo.render import OutputFormat, RenderOptions, render

# Libraries no render path needs (the questionnaire's, the terminal tables', the comment-
# keeping YAML writer's), and the other format's engine.
NEVER = ("questionary", "prompt_toolkit", "rich", "ruamel")
PROBE = """
import json, sys
from memo.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split('.')[0] for m in sys.modules})}),
      file=sys.stderr)
"""


def _modules(*args: str, env: dict[str, str] | None = None) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, timeout=120, check=False,
                            env={**os.environ, **(env or {})})
    outcome = json.loads(result.stderr.strip().splitlines()[-1])
    assert outcome["code"] == 0, result.stderr
    return set(outcome["modules"])


@pytest.mark.pdf
def test_pdf_render_imports_only_what_the_pdf_needs(tmp_path: Path) -> None:
    """weasyprint is imported by the forked layout child, never by `memo render` itself;
    with MEMO_PDF_IN_PROCESS=1 it is imported here (the fallback)."""
    args = ("render", str(ROOT / "samples" / "support-bot-rag.yaml"), "-f", "pdf",
            "-o", str(tmp_path / "memo.pdf"))
    forked = _modules(*args)
    assert forked.isdisjoint({*NEVER, "docx", "weasyprint"}), forked & {*NEVER, "docx"}
    assert PdfReader(tmp_path / "memo.pdf").attachments.keys() == {"memo-answers.yaml"}
    alone = _modules(*args, env={"MEMO_PDF_IN_PROCESS": "1"})
    assert "weasyprint" in alone and alone.isdisjoint({*NEVER, "docx"})


def test_docx_render_imports_neither_weasyprint_nor_the_templates(tmp_path: Path) -> None:
    modules = _modules("render", str(ROOT / "samples" / "support-bot-rag.yaml"), "-f", "docx",
                       "-o", str(tmp_path / "memo.docx"))
    assert "docx" in modules
    unwanted = {*NEVER, "weasyprint", "jinja2", "cffi"}
    assert modules.isdisjoint(unwanted), modules & unwanted


@pytest.mark.pdf
def test_most_memos_are_laid_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first layout is at the step the estimate predicts; a second one only when the
    guess was off or the roomier step may fit. Counted on the samples and fixtures, both
    papers (the largest type is still chosen: test_largest_type_that_fits_is_chosen)."""
    from memo.render import pdf, pdf_engine

    layouts: list[str] = []
    real = pdf_engine.LocalEngine.layout
    monkeypatch.setattr(pdf_engine.LocalEngine, "layout",
                        lambda *args, **kwargs: layouts.append("x") or real(*args, **kwargs))
    counts = {}
    for path in memo_files():
        context = context_of(path)
        for paper in ("letter", "a4"):
            layouts.clear()
            pdf.fit(context, RenderOptions(paper=paper))
            counts[(path.stem, paper)] = len(layouts)
    assert counts[("support-bot-rag", "letter")] == 1  # benchmarks/bench_process.py's memo
    once = sum(1 for n in counts.values() if n == 1)
    assert once >= 0.75 * len(counts), counts
    assert max(counts.values()) <= 2, counts


LIBRARIES = """
import sys
if sys.argv[1] == "fast":
    from memo.render.engine import load_weasyprint
    load_weasyprint()
else:
    import weasyprint
with open("/proc/self/maps") as maps:
    names = {line.split()[-1].rsplit("/", 1)[-1] for line in maps if ".so" in line}
print(sorted(n for n in names if any(k in n for k in
      ("gobject", "pango", "harfbuzz", "fontconfig", "glib"))))
"""


@pytest.mark.pdf
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux /proc only")
def test_weasyprint_without_the_library_search_loads_the_same_libraries() -> None:
    def loaded(how: str) -> str:
        return subprocess.run([sys.executable, "-c", LIBRARIES, how], capture_output=True,
                              text=True, timeout=120, check=True).stdout

    fast, usual = loaded("fast"), loaded("usual")
    assert "libpango-1.0.so" in fast and "libharfbuzz" in fast
    assert fast == usual


def test_a_failed_fast_import_is_retried_with_the_real_search(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a library is found only by the search, the import runs again with it."""
    import ctypes.util
    import importlib

    from memo.render import engine

    calls: list[object] = []
    real_search = ctypes.util.find_library

    def import_module(name: str) -> object:
        calls.append(ctypes.util.find_library)
        if len(calls) == 1:
            raise OSError("cannot load library 'gobject-2.0-0'")
        return "weasyprint-module"

    loaded = {name: module for name, module in sys.modules.items()
              if name.split(".")[0] == "weasyprint"}
    try:
        for name in loaded:
            del sys.modules[name]
        monkeypatch.setattr(importlib, "import_module", import_module)
        assert engine.load_weasyprint() == "weasyprint-module"
    finally:
        sys.modules.update(loaded)  # the other tests keep the real, loaded weasyprint
    assert calls[0] is engine._not_found and calls[1] is real_search
    assert ctypes.util.find_library is real_search


def _pdf_text(data: bytes) -> tuple[int, str, list[str]]:
    import io

    reader = PdfReader(io.BytesIO(data))
    return (len(reader.pages), "\n".join(p.extract_text() for p in reader.pages),
            sorted(reader.attachments))


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.pdf
def test_the_forked_child_lays_out_and_writes_what_this_process_would(context: dict) -> None:
    from memo.render import pdf_engine

    engine = pdf_engine.fork_engine()
    pid = engine.pid
    try:
        forked = render(context, OutputFormat.PDF, RenderOptions(extra={"pdf_engine": engine}))
        again = render(context, OutputFormat.PDF, RenderOptions(extra={"pdf_engine": engine}))
    finally:
        engine.close()
    here = render(context, OutputFormat.PDF)
    assert _pdf_text(forked) == _pdf_text(here) == _pdf_text(again)
    assert _pdf_text(forked)[0] == 1 and _pdf_text(forked)[2] == ["memo-answers.yaml"]
    assert _reaped(pid)


@pytest.mark.pdf
def test_weasyprint_warnings_in_the_child_are_logged_here(context: dict, tmp_path: Path,
                                                         weasyprint_log: WeasyprintLogGuard
                                                         ) -> None:
    from memo.render import pdf_engine

    css = tmp_path / "brand.css"
    css.write_text("h1 { colr: red }")
    weasyprint_log.allow("colr")
    engine = pdf_engine.fork_engine()
    try:
        render(context, OutputFormat.PDF, RenderOptions(css=css, extra={"pdf_engine": engine}))
    finally:
        engine.close()
    messages = [r.getMessage() for r in weasyprint_log.records]
    assert any("colr" in m and "Ignored" in m for m in messages), messages


@pytest.mark.pdf
def test_a_dead_child_is_replaced_by_this_process(context: dict) -> None:
    from memo.render import pdf_engine

    engine = pdf_engine.fork_engine()
    pid = engine.pid
    os.kill(pid, signal.SIGKILL)
    extra: dict = {"pdf_engine": engine}
    data = render(context, OutputFormat.PDF, RenderOptions(extra=extra))
    assert _pdf_text(data)[0] == 1
    assert isinstance(extra["pdf_engine"], pdf_engine.LocalEngine)
    assert _reaped(pid)
