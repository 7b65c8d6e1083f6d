"""DOCX: real styles, text matching the memo, chart image, reference styles, safe text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import context_of, memo_files, stress_memos

from memo.answers import load
from memo.context import SECTION_TITLES, build_context
from memo.embedded import extract_answers
from memo.errors import UserError
from memo.render import OutputFormat, RenderOptions, render
from memo.render.budget import MemoTooLong
from memo.render.present import view


def reopen(data: bytes):  # type: ignore[no-untyped-def]
    import docx

    return docx.Document(io.BytesIO(data))


def paragraphs(document):  # type: ignore[no-untyped-def]
    """Every paragraph in reading order, inside table cells too."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def all_text(document) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.text for p in paragraphs(document))


@pytest.mark.parametrize("path", memo_files(), ids=lambda p: p.stem)
def test_docx_reopens_with_styles_and_text(path: Path) -> None:
    context = context_of(path)
    document = reopen(render(context, OutputFormat.DOCX))
    styles = {p.style.name for p in paragraphs(document)}
    assert {"Title", "Heading 1", "Kicker", "Meta"} <= styles
    headings = [p.text for p in paragraphs(document) if p.style.name == "Heading 1"]
    assert headings == [t for t in SECTION_TITLES if t != "Decision requested"]
    text = all_text(document)
    assert context["title"] in text and context["decision_requested"] in text
    assert context["problem"]["failure"] in text
    if context["rollback"]:
        assert context["rollback"] in text
    else:
        assert "Rollback" not in text
    assert "Prices: ()" not in text and "Rollback: \n" not in text and ".." not in text
    if context["costs"]:
        assert len(document.inline_shapes) == 1
        assert str(context["costs"]["options"][0]["tco"]) in text
        for verdict in view(context)["verdicts"]:
            assert verdict["verdict_text"] in text
    assert document.core_properties.title == context["title"]
    assert document.sections[0].footer.paragraphs[0].text.startswith(context["generator"])
    assert ("Draft:" in text) == (context["errors"] > 0)


def test_docx_properties_alt_text_and_no_thumbnail(context: dict) -> None:
    import datetime as dt
    import zipfile

    data = render(context, OutputFormat.DOCX)
    document = reopen(data)
    props = document.core_properties
    memo_date = dt.datetime.fromisoformat(context["date"]).replace(tzinfo=dt.UTC)
    assert props.created == memo_date and props.modified == memo_date
    assert props.author == context["author"]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any("thumbnail" in name for name in names)
    doc_pr = document.inline_shapes[0]._inline.docPr
    assert doc_pr.get("descr") == view(context)["chart_title"]
    assert "pays back in month" in doc_pr.get("descr")


def test_docx_marks_right_to_left_paragraphs() -> None:
    from docx.oxml.ns import qn

    context = build_context(stress_memos()["rtl"])
    document = reopen(render(context, OutputFormat.DOCX))
    rtl = [p for p in paragraphs(document) if p._p.pPr is not None
           and p._p.pPr.find(qn("w:bidi")) is not None]
    assert rtl and all("ي" in p.text for p in rtl)
    assert any(p.text.startswith("Rollback:") for p in rtl)


def test_docx_paper_sizes(context: dict) -> None:
    for paper, width_mm in (("letter", 215.9), ("a4", 210.0)):
        section = reopen(render(context, OutputFormat.DOCX, RenderOptions(paper=paper))).sections[0]
        assert abs(section.page_width.mm - width_mm) < 0.5


def test_docx_answers_round_trip(context: dict, tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    out.write_bytes(render(context, OutputFormat.DOCX))
    assert extract_answers(out) == context["answers_yaml"]
    assert load(out).memo.title == context["title"]


def test_docx_without_answers_is_a_clear_error(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "plain.docx"
    docx.Document().save(str(out))
    with pytest.raises(UserError, match="no embedded memo answers"):
        extract_answers(out)


def test_text_xml_cannot_hold_is_removed_not_a_crash(fixture_memo_path: Path) -> None:
    memo = load(fixture_memo_path).memo
    dirty = memo.model_copy(update={"rollback": "roll\x00back\x0b now\x1f \ufffe done",
                                    "title": "Title\x07 with bell"})
    context = build_context(dirty)
    text = all_text(reopen(render(context, OutputFormat.DOCX)))
    assert "rollback now  done" in text and "Title with bell" in text


def test_reference_docx_styles_are_used(context: dict, tmp_path: Path) -> None:
    import docx
    from docx.shared import Pt

    reference = docx.Document()
    reference.styles["Heading 1"].font.size = Pt(21)
    reference.add_paragraph("body text that must not survive")
    path = tmp_path / "brand.docx"
    reference.save(str(path))
    document = reopen(render(context, OutputFormat.DOCX, RenderOptions(reference_docx=path)))
    assert document.styles["Heading 1"].font.size == Pt(21)
    assert "must not survive" not in all_text(document)


def test_reference_docx_missing_style_is_a_clear_error(context: dict, tmp_path: Path) -> None:
    import docx

    reference = docx.Document()
    styles = reference.styles.element
    for style in list(styles):
        if style.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId") in (
                "ListBullet",):
            styles.remove(style)
    path = tmp_path / "bare.docx"
    reference.save(str(path))
    with pytest.raises(UserError, match="lacks the style\\(s\\) List Bullet"):
        render(context, OutputFormat.DOCX, RenderOptions(reference_docx=path))


def test_reference_docx_that_is_not_a_docx(context: dict, tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("not a zip")
    with pytest.raises(UserError, match="cannot open the reference document"):
        render(context, OutputFormat.DOCX, RenderOptions(reference_docx=path))


@pytest.mark.libreoffice
def test_every_sample_and_stress_memo_is_one_page_in_libreoffice() -> None:
    """The DOCX a director opens: laid out by LibreOffice, letter and A4, one page each."""
    from pypdf import PdfReader

    from memo.render.docx_measure import to_pdf
    from memo.render.glyphs import undrawable  # noqa: F401  (CJK may print as boxes here)

    contexts = {p.stem: context_of(p) for p in memo_files()}
    contexts.update({f"stress-{name}": build_context(memo)
                     for name, memo in stress_memos().items()})
    names, documents = [], []
    for name, context in contexts.items():
        for paper in ("letter", "a4"):
            names.append(f"{name} ({paper})")
            documents.append(render(context, OutputFormat.DOCX, RenderOptions(paper=paper)))
    pages = {name: len(PdfReader(io.BytesIO(pdf)).pages)
             for name, pdf in zip(names, to_pdf(documents), strict=True)}
    assert pages == dict.fromkeys(names, 1)


@pytest.mark.libreoffice
def test_docx_too_long_is_refused_with_the_pdf_message(fixture_memo_path: Path) -> None:
    memo = load(fixture_memo_path).memo
    long_memo = memo.model_copy(update={"rollback": " ".join(["word"] * 700)})
    with pytest.raises(MemoTooLong) as info:
        render(build_context(long_memo), OutputFormat.DOCX)
    message = str(info.value)
    assert "does not fit on one page even at the smallest type, 8.5 pt" in message
    assert re.search(r"cut about \d+ words\. Longest sections: Risks and rollback "
                     r"\(7\d\d words\)", message)


def test_docx_estimate_without_libreoffice_errs_toward_refusing(
        fixture_memo_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from memo.render import docx as docx_renderer
    from memo.render.docx import OVER_FILL, SAFE_FILL, estimated_fill, plan

    memo = load(fixture_memo_path).memo
    # Lengthen the memo until the tightest step is in the unsure band of the estimate.
    for repeat in range(1, 60):
        candidate = memo.model_copy(update={"rollback": "switch back to the prompt. " * repeat})
        context = build_context(candidate)
        shown = view(context)
        chart = docx_renderer._chart(context, shown)
        blocks = plan(context, shown, (chart[1], chart[2]) if chart else None)
        fill = estimated_fill(blocks, docx_renderer.LAYOUTS[-1], "letter")
        if SAFE_FILL < fill <= OVER_FILL:
            break
    else:
        pytest.fail("no memo length lands in the unsure band")
    docx_renderer._said_estimate = False
    options = RenderOptions(extra={"docx_estimate": True})
    with caplog.at_level("WARNING", logger="memo.render.docx"):
        for _ in range(2):
            with pytest.raises(MemoTooLong, match="estimated: LibreOffice is not installed"):
                render(context, OutputFormat.DOCX, options)
    notes = [r.getMessage() for r in caplog.records if "LibreOffice is not installed" in
             r.getMessage()]
    assert len(notes) == 1 and "install libreoffice-writer-nogui" in notes[0]


@pytest.mark.libreoffice
def test_docx_estimate_thresholds_hold_in_libreoffice_at_every_step() -> None:
    """The rule the renderer trusts without LibreOffice: an estimate at or below SAFE_FILL
    fits one page, one above OVER_FILL does not, at every type step, letter and A4."""
    from pypdf import PdfReader

    from memo.render import docx as renderer
    from memo.render.docx_measure import to_pdf
    from memo.render.docx_plan import plan as make_plan

    contexts = {p.stem: context_of(p) for p in memo_files()}
    contexts.update({f"stress-{name}": build_context(memo)
                     for name, memo in stress_memos().items()})
    cases, documents = [], []
    for name, context in contexts.items():
        shown = view(context)
        chart = renderer._chart(context, shown)
        blocks = make_plan(context, shown, (chart[1], chart[2]) if chart else None)
        for paper in ("letter", "a4"):
            for step, layout in enumerate(renderer.LAYOUTS):
                fill = renderer.estimated_fill(blocks, layout, paper)
                if 0.9 <= fill <= renderer.SAFE_FILL or renderer.OVER_FILL < fill <= 1.2:
                    cases.append((f"{name} ({paper}, step {step}, estimate {fill:.3f})",
                                  fill <= renderer.SAFE_FILL))
                    documents.append(renderer._build(context, shown, blocks, chart, layout,
                                                     RenderOptions(paper=paper)))
    assert sum(fits for _name, fits in cases) >= 10 and sum(
        not fits for _name, fits in cases) >= 10
    wrong = [name for (name, fits), pdf in zip(cases, to_pdf(documents), strict=True)
             if (len(PdfReader(io.BytesIO(pdf)).pages) == 1) != fits]
    assert wrong == []
