"""Nothing runs into the right margin: measured on the laid-out page, not on the template.

PDF: weasyprint's layout boxes (every box on the page, the diagnosis table first). DOCX: the
PDF LibreOffice makes of it, where each single-word run of text ends (its start plus its
glyph widths from the embedded font: the table headings and answers are such runs) and the
tables' column widths in the Word XML.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from conftest import context_of, memo_files, stress_memos

from memo.context import build_context
from memo.render import OutputFormat, RenderOptions, render


def _contexts() -> dict[str, dict[str, Any]]:
    contexts = {p.stem: context_of(p) for p in memo_files()}
    contexts.update({f"stress-{name}": build_context(memo)
                     for name, memo in stress_memos().items()})
    return contexts


def _boxes(box: Any) -> list[Any]:
    out, stack = [], [box]
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(getattr(item, "children", ()) or ())
    return out


@pytest.mark.pdf
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_pdf_diagnosis_table_and_every_box_stay_inside_the_margins(paper: str) -> None:
    from memo.render.pdf import fit

    for name, context in _contexts().items():
        document, _html, _layout, _fetcher = fit(context, RenderOptions(paper=paper))
        page = document.pages[0]._page_box
        left, right = page.content_box_x(), page.content_box_x() + page.width
        content = [b for child in page.children if type(child).__name__ != "MarginBox"
                   for b in _boxes(child)
                   if getattr(b, "position_x", None) is not None and hasattr(b, "margin_width")]
        tables = [b for b in content if type(b).__name__ == "TableBox"
                  and "triage" in (b.element.get("class") or "")]
        assert len(tables) == 1, name
        table = tables[0]
        assert table.position_x >= left - 0.01, name
        assert table.position_x + table.margin_width() == pytest.approx(right, abs=0.5), name
        over = [(type(b).__name__, round(b.position_x + b.margin_width() - right, 1))
                for b in content if b.position_x + b.margin_width() > right + 0.5]
        assert over == [], f"{name} ({paper}): boxes past the right margin (px): {over[:5]}"


def _text_right_edges(pdf: bytes) -> tuple[float, list[tuple[float, str]]]:
    """(page width, [(right edge in pt, word)]) of the first page's single-word runs."""
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip() or font is None:
            return
        widths = font.get("/Widths")
        first = int(font.get("/FirstChar", 0))
        if widths is None:
            return
        widths = [float(w) for w in widths.get_object()]
        line = text.strip()
        if not line or any(ch.isspace() for ch in line):
            return  # pypdf joins a paragraph's lines into one chunk: only words are placed
        advance = 0.0
        for ch in line:
            code = ch.encode("cp1252", errors="replace")[0]
            index = code - first
            advance += widths[index] if 0 <= index < len(widths) else 500.0
        scale = cm[0] * tm[0]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        runs.append((x + advance / 1000 * size * scale, line))

    page.extract_text(visitor_text=visit)
    return float(page.mediabox.width), runs


@pytest.mark.libreoffice
def test_docx_tables_and_text_stay_inside_the_margins_in_libreoffice() -> None:
    import docx
    from docx.oxml.ns import qn

    from memo.render.docx_measure import to_pdf

    names, documents, margins = [], [], []
    for name, context in _contexts().items():
        if name == "stress-cjk":
            continue  # CJK fonts have no /Widths table to measure runs with
        for paper in ("letter", "a4"):
            data = render(context, OutputFormat.DOCX, RenderOptions(paper=paper))
            document = docx.Document(io.BytesIO(data))
            section = document.sections[0]
            text_width = docx.shared.Emu(section.page_width - section.left_margin
                                         - section.right_margin)
            for table in document.tables[:2]:  # the diagnosis and cost tables
                grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(
                    qn("w:gridCol"))]
                assert sum(grid) <= text_width.twips + 2, f"{name} ({paper})"
            names.append(f"{name} ({paper})")
            documents.append(data)
            margins.append(section.right_margin.pt)
    for name, pdf, margin in zip(names, to_pdf(documents), margins, strict=True):
        width, runs = _text_right_edges(pdf)
        assert runs, name
        past = [(round(edge - (width - margin), 1), text[:30]) for edge, text in runs
                if edge > width - margin + 1.0]
        assert past == [], f"{name}: text past the right margin (pt): {past[:5]}"

