"""The one-page PDF: fit, text, embedded answers, overflow, and the refusing URL fetcher."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from conftest import WeasyprintLogGuard, context_of, memo_files, stress_memos

from memo.answers import load
from memo.context import SECTION_TITLES, build_context
from memo.embedded import extract_answers
from memo.errors import UserError
from memo.render import OutputFormat, RenderOptions, render
from memo.render.budget import MemoTooLong
from memo.render.present import view

pytestmark = pytest.mark.pdf

CANARY = "CANARY-7f3a9c-DO-NOT-EMBED"


def pdf_text(data: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("path", memo_files(), ids=lambda p: p.stem)
def test_every_sample_fits_one_page_with_every_section(path: Path, paper: str) -> None:
    context = context_of(path)
    pages, text = pdf_text(render(context, OutputFormat.PDF, RenderOptions(paper=paper)))
    assert pages == 1
    for title in SECTION_TITLES:
        assert title in text, title
    assert flat(context["title"])[:40] in flat(text)
    assert "month 1" not in text or "break-even month 1" not in text
    for verdict in view(context)["verdicts"]:
        assert flat(verdict["verdict_text"]) in flat(text)
    assert "Prices: ()" not in text and "Rollback: \n" not in text


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", ["long", "cjk", "many-options", "rtl"])
def test_stress_memos_fit_one_page(name: str, paper: str,
                                   weasyprint_log: WeasyprintLogGuard) -> None:
    weasyprint_log.allow(".notdef")  # CJK without a CJK font installed draws boxes
    context = build_context(stress_memos()[name])
    pages, text = pdf_text(render(context, OutputFormat.PDF, RenderOptions(paper=paper)))
    assert pages == 1
    # Without a CJK font the boxes garble pypdf's text extraction, so read the others only.
    assert "Risks and rollback" in text or name == "cjk"


def test_largest_type_that_fits_is_chosen() -> None:
    from memo.render.html import LAYOUTS, build_html
    from memo.render.pdf import fit, layout_document, make_fetcher, pdf_options

    for path in memo_files():
        context = context_of(path)
        options = RenderOptions()
        index = LAYOUTS.index(fit(context, options).layout)
        if index == 0:
            continue
        roomier = layout_document(build_html(context, options, LAYOUTS[index - 1]),
                                  make_fetcher(options), None, pdf_options(options))
        assert len(roomier.pages) > 1, (path.stem, LAYOUTS[index])


def test_pdf_is_tagged_with_language_title_and_figure_alt(context: dict) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render(context, OutputFormat.PDF)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == context["title"]
    alts = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt")))
            walk(node.get("/K"))
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert alts == [view(context)["chart_title"]]
    assert "pays back in month" in alts[0]


def test_pdf_a3b_for_archives_keeps_the_answers(context: dict, tmp_path: Path) -> None:
    out = tmp_path / "archive.pdf"
    data = render(context, OutputFormat.PDF, RenderOptions(extra={"pdf_variant": "pdf/a-3b"}))
    out.write_bytes(data)
    from pypdf import PdfReader

    xmp = PdfReader(io.BytesIO(data)).trailer["/Root"]["/Metadata"].get_data()
    assert b'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    assert extract_answers(out) == context["answers_yaml"]
    assert pdf_text(data)[0] == 1


def test_draft_band_and_no_empty_values() -> None:
    weak = ROOT_SAMPLES / "weak-memo.yaml"
    context = context_of(weak)
    assert context["errors"] > 0
    _pages, text = pdf_text(render(context, OutputFormat.PDF))
    assert f"Draft: {context['errors']} checklist errors." in flat(text)
    assert "Prices:" not in text  # the weak memo names no price source or date
    assert "Maintenance" in text and "No maintenance plan given." in text
    assert "Rollback" not in text  # empty: left out, never a bare label
    clean = context_of(ROOT_SAMPLES / "support-bot-rag.yaml")
    assert "Draft:" not in pdf_text(render(clean, OutputFormat.PDF))[1]


def test_paper_size_is_applied(context: dict) -> None:
    from pypdf import PdfReader

    sizes = {}
    for paper in ("letter", "a4"):
        data = render(context, OutputFormat.PDF, RenderOptions(paper=paper))
        reader = PdfReader(io.BytesIO(data))
        box = reader.pages[0].mediabox
        sizes[paper] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"letter": (612, 792), "a4": (595, 842)}


def test_answers_round_trip_through_the_pdf(context: dict, tmp_path: Path) -> None:
    out = tmp_path / "memo.pdf"
    out.write_bytes(render(context, OutputFormat.PDF))
    assert extract_answers(out) == context["answers_yaml"]
    assert build_context(load(out).memo)["answers_yaml"] == context["answers_yaml"]


def test_pdf_without_answers_is_a_clear_user_error(tmp_path: Path) -> None:
    import weasyprint

    out = tmp_path / "other.pdf"
    out.write_bytes(weasyprint.HTML(string="<p>hello</p>").write_pdf())
    with pytest.raises(UserError, match="no embedded memo answers") as info:
        extract_answers(out)
    assert str(out) in str(info.value) and info.value.exit_code == 2


ROOT_SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_long_memo_is_tightened_then_refused(fixture_memo_path: Path) -> None:
    memo = load(fixture_memo_path).memo
    padding = " ".join(["the evidence needs more words to explain"] * 40)
    long_memo = memo.model_copy(update={
        "rollback": padding,
        "problem": memo.problem.model_copy(update={"failure": padding[:1500]}),
    })
    with pytest.raises(MemoTooLong) as info:
        render(build_context(long_memo), OutputFormat.PDF)
    error = info.value
    assert error.exit_code == 1
    message = str(error)
    assert "Risks and rollback" in message and "Problem" in message
    assert f"cut about {error.words_to_cut} words" in message
    assert "smallest type, 8.5 pt" in message
    assert 100 < error.words_to_cut < 800
    assert error.pages and error.pages > 1


def test_cjk_overflow_counts_characters(fixture_memo_path: Path,
                                        weasyprint_log: WeasyprintLogGuard) -> None:
    weasyprint_log.allow(".notdef")
    memo = load(fixture_memo_path).memo
    cjk = "模型无法正确提取临床笔记中的药物剂量和否定表达因此我们比较了三种方法的效果与成本" * 30
    long_memo = memo.model_copy(update={
        "rollback": cjk, "problem": memo.problem.model_copy(update={"failure": cjk})})
    with pytest.raises(MemoTooLong) as info:
        render(build_context(long_memo), OutputFormat.PDF)
    message = str(info.value)
    assert info.value.unit == "characters"
    assert f"cut about {info.value.words_to_cut} characters" in message
    assert re.search(r"Longest sections: Risks and rollback \(12\d\d characters\), "
                     r"Problem \(12\d\d characters\)", message)


def test_medium_memo_is_tightened_to_fit(fixture_memo_path: Path) -> None:
    from memo.render.pdf import fit

    memo = load(fixture_memo_path).memo
    longer = memo.model_copy(update={"rollback": " ".join(["switch back to the prompt"] * 30)})
    assert 8.5 <= fit(build_context(longer), RenderOptions()).layout.font_pt < 10


# --- the URL fetcher -----------------------------------------------------------------------


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    secret = tmp_path / "canary.txt"
    secret.write_text(CANARY)
    (tmp_path / "canary.css").write_text(f'body::after {{ content: "{CANARY}" }}')
    (tmp_path / "canary.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><text>{CANARY}</text></svg>')
    return tmp_path


def _assert_no_canary(data: bytes) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert CANARY not in "".join(p.extract_text() for p in reader.pages)
    assert CANARY.encode() not in data
    assert set(reader.attachments) == {"memo-answers.yaml"}
    assert all(CANARY.encode() not in blob for blobs in reader.attachments.values()
               for blob in blobs)


def test_answers_cannot_pull_local_files(fixture_memo_path: Path, canary: Path) -> None:
    memo = load(fixture_memo_path).memo
    url = (canary / "canary.txt").as_uri()
    evil = memo.model_copy(update={
        "title": f'<img src="{(canary / "canary.svg").as_uri()}">',
        "rollback": f'<link rel="attachment" href="{url}"> <a rel="attachment" href="{url}">x</a>',
        "problem": memo.problem.model_copy(update={
            "task": f'<style>@import url("{(canary / "canary.css").as_uri()}");</style>',
            "failure": f'<div style="background: url({url})">x</div>'}),
    })
    _assert_no_canary(render(build_context(evil), OutputFormat.PDF))


def test_templates_cannot_pull_local_files_or_reach_the_network(
        context: dict, canary: Path, weasyprint_log: WeasyprintLogGuard) -> None:
    weasyprint_log.allow("refused to load")
    weasyprint_log.allow("Failed to load")
    weasyprint_log.allow('Missing required "lang"')  # this template has no <html lang>
    folder = canary / "brand"
    folder.mkdir()
    file_url = (canary / "canary.txt").as_uri()
    (folder / "memo.html.j2").write_text(
        f'<html><head><link rel="attachment" href="{file_url}">'
        f'<link rel="stylesheet" href="{(canary / "canary.css").as_uri()}"></head>'
        f'<body><img src="{(canary / "canary.svg").as_uri()}">'
        '<img src="http://127.0.0.1:9/x.png"><img src="memo-asset:../canary.svg">'
        f'<p style="background: url({file_url})">{{{{ title }}}}</p></body></html>')
    css = canary / "extra.css"
    css.write_text(f'@font-face {{ font-family: x; src: url("{file_url}") }}')
    with pytest.raises(UserError, match="does not load") as info:
        render(context, OutputFormat.PDF, RenderOptions(template_dir=folder, css=css))
    assert "file://" in str(info.value)


def test_fetcher_allows_only_packaged_assets_and_data(tmp_path: Path) -> None:
    from memo.render.fetcher import RefusedURL, SafeURLFetcher

    (tmp_path / "logo.svg").write_text("<svg/>")
    (tmp_path.parent / "outside.txt").write_text("x")
    fetcher = SafeURLFetcher([tmp_path])
    assert fetcher.fetch("memo-asset:logo.svg").read() == b"<svg/>"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in ["file:///etc/passwd", "http://example.com/", "https://example.com/",
                "ftp://example.com/x", "memo-asset:../outside.txt", "memo-asset:%2e%2e/outside.txt",
                "memo-asset:/etc/passwd", "FILE:///etc/passwd", "//example.com/x"]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 9


def test_fetcher_refuses_an_oversized_asset_without_reading_it(tmp_path: Path) -> None:
    import time

    from memo.render.fetcher import RefusedURL, SafeURLFetcher

    with (tmp_path / "huge.png").open("wb") as handle:  # a 2 GB hole: no disk used
        handle.truncate(2 * 1024 ** 3)
    fetcher = SafeURLFetcher([tmp_path])
    start = time.perf_counter()
    with pytest.raises(RefusedURL) as refused:
        fetcher.fetch("memo-asset:huge.png")
    assert time.perf_counter() - start < 5
    assert str(refused.value) == (
        f"refused to load 'memo-asset:huge.png': {(tmp_path / 'huge.png').resolve()}: file is "
        "2,147,483,648 bytes; assets are capped at 8,388,608 bytes (8 MiB)")
    assert fetcher.refused == ["memo-asset:huge.png"]


def test_unexpected_weasyprint_warning_fails_the_test(
        weasyprint_log: WeasyprintLogGuard) -> None:
    weasyprint_log.allow("colr")  # the autouse guard of this very test sees the record too
    guard = WeasyprintLogGuard()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(guard)
    try:
        logger.warning("Ignored `colr: red` at 1:1, unknown property.")
    finally:
        logger.removeHandler(guard)
    with pytest.raises(pytest.fail.Exception, match="unexpected weasyprint log output"):
        guard.check()
    guard.allow("unknown property")
    guard.check()


def test_bad_css_is_caught_by_the_log_guard(context: dict, tmp_path: Path,
                                             weasyprint_log: WeasyprintLogGuard) -> None:
    css = tmp_path / "typo.css"
    css.write_text("h1 { colr: red }")
    render(context, OutputFormat.PDF, RenderOptions(css=css))
    assert any("colr" in m for m in weasyprint_log.unexpected())
    weasyprint_log.allow("colr")
