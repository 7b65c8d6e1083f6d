"""The memo as a Word document, one page, in the PDF's visual identity.

The memo becomes a plan of blocks (:mod:`memo.render.docx_plan`), the plan's height is laid
out at each type step of the PDF (10 -> 9.5 -> 9 -> 8.5 pt) and the roomiest step that fits is
written once, with real Word styles. Whether it fits is decided by layout:

- the estimate (line by line, with Calibri's metrics) picks the roomiest step it says surely
  fits (:data:`SAFE_FILL`, calibrated against LibreOffice by benchmarks/calibrate_docx.py
  and held to it by the tests), so a usual memo never waits for a word processor;
- only a memo near the limit (no step surely fits, the tightest may) is laid out by
  LibreOffice (``soffice --headless``), whose page count decides; where LibreOffice is not
  installed that memo is refused with the estimate's advice, and the renderer says so once.

The answers travel in a custom XML part (see :mod:`memo.embedded`). ``--reference-docx``
takes a company's styles: the body of that file is dropped, its styles, headers and footers
kept. All user text is stripped of characters XML cannot hold.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from pathlib import Path
from typing import Any

from memo.embedded import DOCX_PART, encode_docx_part
from memo.errors import UserError
from memo.render import RenderOptions
from memo.render.budget import EMS_PER_UNIT, MemoTooLong, unit_of
from memo.render.docx_plan import (
    BULLET_INDENT_PT,
    CELL_PAD_EM,
    LINE,
    PT_PER_MM,
    STYLES,
    Block,
    Columns,
    Para,
    Picture,
    Table,
    colophon,
    estimated_fill,
    plan,
    text_area,
    type_pt,
)
from memo.render.estimate import OVER_FILL, SAFE_FILL
from memo.render.layout import LAYOUTS, PAPER_MM, Layout
from memo.render.present import view
from memo.render.sanitize import xml_safe

LOG = logging.getLogger("memo.render.docx")
REQUIRED_STYLES = ("Normal", "Title", "Heading 1", "List Bullet")
TABLE_STYLE = "Table Grid"
CUSTOM_XML_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                  "customXml")
FONT = "Calibri"  # LibreOffice and the tests use Carlito, its metric-compatible twin
BLUE, INK, GREY, RED = "1F5FA8", "1D252D", "5A6672", "9E1B1B"
# SAFE_FILL and OVER_FILL (memo/render/estimate.py) bound the estimate's verdict.


# --- fitting ------------------------------------------------------------------------------


_said_estimate = False


def _say_estimated() -> None:
    global _said_estimate
    if not _said_estimate:
        _said_estimate = True
        LOG.warning("LibreOffice is not installed, so the DOCX page fit is estimated "
                    "(with a margin: a memo near the limit is refused); install "
                    "libreoffice-writer-nogui to have it measured")


def fit(context: dict[str, Any], options: RenderOptions) -> tuple[bytes, Layout, str]:
    """(docx bytes, layout, how the fit was decided: estimate | libreoffice).

    The roomiest step the estimate says surely fits is written, without LibreOffice: on the
    calibration corpus the estimate never fell short of LibreOffice's layout by more than
    1.2 %, so :data:`SAFE_FILL` leaves a margin. LibreOffice runs only for a memo near the
    limit (no step surely fits, the tightest may), where measuring beats refusing.
    """
    from memo.render.docx_measure import measure, soffice

    shown = view(context)
    chart = _chart(context, shown)
    size = (chart[1], chart[2]) if chart else None
    blocks = plan(context, shown, size)
    paper = options.paper
    # Roomiest first, stopping at the first step that surely fits (usually the first).
    fills: list[float] = []
    for layout in LAYOUTS:
        fills.append(estimated_fill(blocks, layout, paper))
        if fills[-1] <= SAFE_FILL:
            return (_build(context, shown, blocks, chart, layout, options), layout,
                    "estimate")
    last = len(LAYOUTS) - 1
    if fills[last] > OVER_FILL:
        raise _too_long(context, LAYOUTS[last], paper, fills[last], "")
    if soffice() is None or options.extra.get("docx_estimate"):
        _say_estimated()
        raise _too_long(context, LAYOUTS[last], paper, max(fills[last], 1.01),
                        "(estimated: LibreOffice is not installed)")
    data = _build(context, shown, blocks, chart, LAYOUTS[last], options)
    top_pt = LAYOUTS[last].margin_v_mm * PT_PER_MM
    measured = measure([data], top_pt, top_pt)[0]
    if measured.pages == 1:
        return data, LAYOUTS[last], "libreoffice"
    raise _too_long(context, LAYOUTS[last], paper, measured.fill, "(measured by LibreOffice)")


def _too_long(context: dict[str, Any], layout: Layout, paper: str, fill: float,
              measured_by: str) -> MemoTooLong:
    width, height = text_area(layout, paper)
    size = layout.font_pt
    units_per_line = max(1.0, width / (EMS_PER_UNIT[unit_of(context)] * size))
    per_unit = layout.line_height * size / units_per_line
    # As for the PDF: partial lines and blocks make a cut unit worth less than its share.
    excess = (max(fill, 1.0) - SAFE_FILL) * height
    return MemoTooLong.from_excess(excess / per_unit * 1.6, context, max(fill, 1.01),
                                   measured_by)


# --- writing ------------------------------------------------------------------------------


def _open(options: RenderOptions) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    reference = options.reference_docx
    if reference is None:
        document = docx.Document()
    else:
        from memo.render.environment import read_reference

        data = options.reference_data
        if data is None:
            data = read_reference(Path(reference))
        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError, OSError, zipfile.BadZipFile
                ) as exc:
            raise UserError(f"cannot open the reference document {reference}: {exc}",
                            field="--reference-docx") from None
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise UserError(f"the reference document lacks the style(s) {', '.join(missing)}",
                        field="--reference-docx",
                        hint="in Word, apply each style once in the reference file (or modify "
                             "it in the Styles pane) and save; Word then stores it in the file")
    return document


def _page_setup(document: Any, options: RenderOptions, layout: Layout) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Mm, Pt, RGBColor

    width, height = PAPER_MM.get(options.paper, PAPER_MM["letter"])
    for section in document.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        if options.reference_docx is None:
            section.top_margin = section.bottom_margin = Mm(layout.margin_v_mm)
            section.left_margin = section.right_margin = Mm(layout.margin_h_mm)
            section.header_distance = section.footer_distance = Mm(5)
    styles = document.styles
    if options.reference_docx is not None:
        return
    leading = layout.line_height / LINE
    present = {s.name for s in styles}
    for name, (rel, before, after, _extra) in STYLES.items():
        if name not in present:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]
        style = styles[name]
        style.font.size = Pt(type_pt(layout.font_pt, rel))
        fmt = style.paragraph_format
        fmt.space_before = Pt(before * layout.font_pt)
        fmt.space_after = Pt(after * layout.font_pt)
        fmt.line_spacing = leading
        if name == "Normal":
            _style_font(style)
            style.font.color.rgb = RGBColor.from_string(INK)
        if name in ("Title", "Heading 1", "Kicker", "Band"):
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = RGBColor.from_string(
                {"Title": INK, "Band": "7A1010"}.get(name, BLUE))
            style.font.name = FONT
            fmt.keep_with_next = True
        if name in ("Meta", "Note", "Colophon", "Legend", "Caption"):
            style.font.color.rgb = RGBColor.from_string(GREY if name != "Meta" else INK)
            style.font.italic = False
    styles["List Bullet"].paragraph_format.left_indent = Pt(BULLET_INDENT_PT)
    styles["List Bullet"].paragraph_format.first_line_indent = Pt(-8)
    _border(styles["Heading 1"].element, "bottom", "C9D3DE", 4)
    _border(styles["Title"].element, "bottom", BLUE, 0, remove=True)
    _no_letter_spacing(styles["Title"].element)  # the template spaces its Title out
    _border(styles["Ask"].element, "left", BLUE, 24)
    _shade(styles["Ask"].element, "EEF3F9")
    _border(styles["Band"].element, "top", RED, 10)
    _border(styles["Band"].element, "bottom", RED, 10)
    _border(styles["Band"].element, "left", RED, 10)
    _border(styles["Band"].element, "right", RED, 10)
    _shade(styles["Band"].element, "FBEAEA")
    _spacing(styles["Kicker"].element, 12)
    _border(styles["Meta"].element, "bottom", BLUE, 12)


def _style_font(style: Any) -> None:
    from docx.oxml.ns import qn

    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:
        fonts.set(qn("w:cs"), FONT)
        for key in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(key), None)


def _ppr(element: Any) -> Any:
    return element.get_or_add_pPr()


def _border(element: Any, side: str, color: str, size: int, remove: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = _ppr(element)
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    old = borders.find(qn(f"w:{side}"))
    if old is not None:
        borders.remove(old)
    if remove:
        return
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), "2" if side in ("top", "bottom") else "4")
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _shade(element: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    element.append(shading) if element.tag.endswith("tcPr") else _ppr(element).append(shading)


def _no_letter_spacing(style_element: Any) -> None:
    from docx.oxml.ns import qn

    rpr = style_element.get_or_add_rPr()
    for name in ("w:spacing", "w:kern"):
        for old in rpr.findall(qn(name)):
            rpr.remove(old)


def _spacing(style_element: Any, twentieths: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style_element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    rpr.append(spacing)


class _Writer:
    def __init__(self, document: Any, layout: Layout, reference: bool) -> None:
        self.doc = document
        self.layout = layout
        self.reference = reference
        # Style name -> id, found once: python-docx looks a name up by scanning every style
        # for the default one, each time a paragraph is given a style (40 ms a memo).
        self.style_ids: dict[str, str | None] = {}
        default = None
        for style in document.styles:
            if style.type == 1:  # WD_STYLE_TYPE.PARAGRAPH
                self.style_ids.setdefault(style.name, style.style_id)
                if style.element.default:
                    default = style.style_id
        self.default_style = default
        self.table_style = TABLE_STYLE if any(
            s.name == TABLE_STYLE for s in document.styles) else None

    def style(self, name: str) -> str | None:
        """The id of the paragraph style ``name`` (Normal where the document lacks it);
        None for the default style, which Word applies without naming it."""
        found = self.style_ids.get(name, self.style_ids.get("Normal"))
        return None if found == self.default_style else found

    def block(self, container: Any, block: Block, picture: bytes | None) -> None:
        if isinstance(block, Para):
            self.para(container, block)
        elif isinstance(block, Table):
            self.table(container, block)
        elif isinstance(block, Picture):
            self.picture(container, block, picture)
        else:
            self.columns(container, block, picture)

    def para(self, container: Any, block: Para) -> Any:
        from docx.oxml import OxmlElement

        paragraph = container.add_paragraph()
        style_id = self.style(block.style)
        if style_id is not None:
            paragraph._p.style = style_id
        if block.rtl:
            _ppr(paragraph._p).append(OxmlElement("w:bidi"))
        for text, bold in block.runs:
            run = paragraph.add_run(xml_safe(text))
            if bold:
                run.bold = True
            if block.rtl:
                run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        return paragraph

    def table(self, container: Any, block: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        table = container.add_table(rows=len(block.rows), cols=len(block.widths))
        if self.table_style:
            table.style = self.table_style
        table.autofit = False
        _cell_margins(table, CELL_PAD_EM * self.layout.font_pt)
        for column, fraction in zip(table.columns, block.widths, strict=True):
            column.width = Pt(fraction * self._width(container))
        size = Pt(type_pt(self.layout.font_pt, block.size))
        for row_index, (row, cells) in enumerate(zip(block.rows, table.rows, strict=True)):
            for col, (runs, cell) in enumerate(zip(row, cells.cells, strict=True)):
                cell.width = Pt(block.widths[col] * self._width(container))
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                if col in block.right:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for text, bold in runs:
                    first, *rest = text.split("\n")
                    target = paragraph
                    for part_index, part in enumerate([first, *rest]):
                        if part_index:
                            target = cell.add_paragraph()
                            target.paragraph_format.space_after = Pt(0)
                        if not part:
                            continue
                        run = target.add_run(xml_safe(part))
                        run.font.size = size
                        if bold or row_index in block.bold_rows:
                            run.bold = True
                        if part_index and block.kind == "triage":
                            from docx.shared import RGBColor

                            run.font.color.rgb = RGBColor.from_string(GREY)
                if row_index == 0:
                    _shade(cell._tc.get_or_add_tcPr(), "EEF1F4")
                elif row_index in block.bold_rows:
                    _shade(cell._tc.get_or_add_tcPr(), "F3F7FC")

    def _width(self, container: Any) -> float:
        width, _height = text_area(self.layout, "letter")
        return getattr(container, "_memo_width", width)

    def picture(self, container: Any, block: Picture, data: bytes | None) -> None:
        from docx.shared import Pt

        if data is None:
            return
        paragraph = container.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0  # below 1, Writer clips the picture
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data), width=Pt(block.width_pt))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", xml_safe(block.alt))
        doc_pr.set("title", "Cumulative cost chart")

    def columns(self, container: Any, block: Columns, picture: bytes | None) -> None:
        from docx.shared import Pt

        table = container.add_table(rows=1, cols=2)
        table.autofit = False
        _cell_margins(table, 0)
        width = self._width(container)
        left, right = table.rows[0].cells
        table.columns[0].width = Pt(block.left_width_pt + 2)
        table.columns[1].width = Pt(width - block.left_width_pt - 2)
        left.width = Pt(block.left_width_pt + 2)
        right.width = Pt(width - block.left_width_pt - 2)
        _cell_left_margin(right, block.gap_pt)
        left._memo_width = block.left_width_pt
        right._memo_width = width - block.left_width_pt - block.gap_pt
        for cell, blocks in ((left, block.left), (right, block.right)):
            first = cell.paragraphs[0]
            for item in blocks:
                self.block(cell, item, picture)
            first._p.getparent().remove(first._p)  # the empty paragraph a new cell has


def _cell_margins(table: Any, pad_pt: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(pad_pt * 20)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    for side in ("top", "bottom"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.append(margins)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _cell_left_margin(cell: Any, pad_pt: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    margins = OxmlElement("w:tcMar")
    edge = OxmlElement("w:left")
    edge.set(qn("w:w"), str(round(pad_pt * 20)))
    edge.set(qn("w:type"), "dxa")
    margins.append(edge)
    tc_pr.append(margins)


def _footer(document: Any, text: str, writer: _Writer) -> None:
    """The colophon in the page footer, below the company's own footer lines if any."""
    footer = document.sections[-1].footer
    paragraph = footer.paragraphs[0] if not footer.paragraphs[0].text else \
        footer.add_paragraph()
    paragraph.style = writer.style("Colophon")
    paragraph.paragraph_format.space_before = 0
    paragraph.add_run(xml_safe(text))


def _embed_answers(document: Any, answers_yaml: str) -> None:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI("/" + DOCX_PART), "application/xml", encode_docx_part(answers_yaml),
                document.part.package)
    document.part.relate_to(part, CUSTOM_XML_REL)


def _drop_thumbnail(document: Any) -> None:
    """The template's thumbnail is a blank page: better none than a wrong one."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def _chart(context: dict[str, Any], shown: dict[str, Any]) -> tuple[bytes, float, float] | None:
    from memo.render.chart_png import png
    from memo.render.estimate import chart_geometry_of

    geo = chart_geometry_of(context, shown)
    return None if geo is None else (png(geo), geo.width, geo.height)


def _core_properties(document: Any, context: dict[str, Any]) -> None:
    props = document.core_properties
    props.title = xml_safe(context["title"])[:255]
    props.author = xml_safe(context["author"])[:255]
    props.last_modified_by = xml_safe(context["author"])[:255]
    props.subject = "Decision memo"
    props.keywords = "decision memo; fine-tuning; in-context learning"
    props.comments = f"{context['generator']}; the answers are embedded in {DOCX_PART}"
    props.revision = 1
    if context.get("date"):
        stamp = dt.datetime.fromisoformat(context["date"]).replace(tzinfo=dt.UTC)
        props.created = props.modified = stamp


def _build(context: dict[str, Any], shown: dict[str, Any], blocks: list[Block],
           chart: tuple[bytes, float, float] | None, layout: Layout,
           options: RenderOptions) -> bytes:
    document = _open(options)
    _page_setup(document, options, layout)
    writer = _Writer(document, layout, options.reference_docx is not None)
    body = document
    body._memo_width = text_area(layout, options.paper)[0]
    for block in blocks:
        writer.block(body, block, chart[0] if chart else None)
    _footer(document, colophon(context, shown), writer)
    _core_properties(document, context)
    _drop_thumbnail(document)
    _embed_answers(document, context["answers_yaml"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(context: dict[str, Any], options: RenderOptions) -> bytes:
    data, _layout, _how = fit(context, options)
    return data
