"""DOCX: real styles, text matching the memo, chart image, reference styles, safe text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import context_of, memo_files

from memo.answers import load
from memo.context import SECTION_TITLES, build_context
from memo.embedded import extract_answers
from memo.errors import UserError
from memo.render import OutputFormat, RenderOptions, render
from memo.render.budget import MemoTooLong


def reopen(data: bytes):  # type: ignore[no-untyped-def]
    import docx

    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("path", memo_files(), ids=lambda p: p.stem)
def test_docx_reopens_with_styles_and_text(path: Path) -> None:
    context = context_of(path)
    document = reopen(render(context, OutputFormat.DOCX))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [t for t in SECTION_TITLES if t != "Decision requested"]
    text = all_text(document)
    assert context["title"] in text and context["decision_requested"] in text
    assert context["problem"]["failure"] in text and context["rollback"] in text
    if context["costs"]:
        assert len(document.tables) == 2 and len(document.inline_shapes) == 1
        assert str(context["costs"]["options"][0]["tco"]) in text
    assert document.core_properties.title == context["title"]


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


def test_docx_uses_the_same_section_budget(fixture_memo_path: Path) -> None:
    memo = load(fixture_memo_path).memo
    long_memo = memo.model_copy(update={"rollback": " ".join(["word"] * 700)})
    with pytest.raises(MemoTooLong, match=r"Risks and rollback \(7\d\d words\)"):
        render(build_context(long_memo), OutputFormat.DOCX)
