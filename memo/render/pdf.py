"""The one-page PDF: HTML + CSS laid out by weasyprint, fitted to one page, answers attached.

Fitting: lay out at the type size the memo's length predicts, count the pages, and step down
(10 -> 9.5 -> 9 -> 8.5 pt, with tighter margins and leading) only when the layout overflows.
If the memo still needs two pages at 8.5 pt, :class:`~memo.render.budget.MemoTooLong` names
the longest sections and about how many words to cut. Every resource goes through
:class:`~memo.render.fetcher.SafeURLFetcher`, so nothing in a memo or a template can read a
local file or reach the network.
"""

from __future__ import annotations

import contextlib
from typing import Any

from memo.errors import UserError
from memo.render import RenderOptions
from memo.render.budget import EMS_PER_UNIT, MemoTooLong, section_units, unit_of
from memo.render.html import LAYOUTS, PAPER_MM, Layout, build_html, chart_svg
from memo.resources import templates_dir

ATTACHMENT_NAME = "memo-answers.yaml"
ATTACHMENT_DESCRIPTION = "memo answers (schema_version 1): `memo check` and `memo edit` read them"

# Words of user text each layout usually holds on one page (letter; A4 holds a little more).
# Only a prediction of where to start: the page count after layout is what decides.
PREDICTED_CAPACITY = (200, 280, 480, 10**9)
PX_PER_MM = 96 / 25.4


def start_index(total_words: int) -> int:
    """The roomiest layout likely to fit, so the first layout usually succeeds."""
    return next(i for i, capacity in enumerate(PREDICTED_CAPACITY) if total_words <= capacity)


def make_fetcher(options: RenderOptions) -> Any:
    from memo.render.fetcher import SafeURLFetcher

    roots = [templates_dir() / "assets"]
    if options.template_dir is not None:
        roots.append(options.template_dir)
    return SafeURLFetcher(roots)


PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
DEFAULT_VARIANT = "pdf/ua-1"


def pdf_options(options: RenderOptions) -> dict[str, Any]:
    """weasyprint options: PDF/UA-1 (tagged) by default; PDF/A-3b, also tagged, for archives
    (PDF/A-3 is the part of PDF/A that allows the attached answers file)."""
    variant = options.extra.get("pdf_variant") or DEFAULT_VARIANT
    if variant not in PDF_VARIANTS:
        raise UserError(f"unknown PDF variant {variant!r}", field="--pdf-variant",
                        hint="use " + " or ".join(PDF_VARIANTS))
    return {"pdf_variant": variant, "pdf_tags": True}


def layout_document(html: str, fetcher: Any, font_config: Any,
                    pdf: dict[str, Any] | None = None) -> Any:
    import weasyprint

    return weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        font_config=font_config, **(pdf or {}))


def content_height(document: Any, page_index: int = 0) -> float:
    """CSS px from the top of a page's content area to the bottom of its content."""
    page = document.pages[page_index]._page_box
    top = page.content_box_y()
    bottom = top
    for child in page.children:
        if type(child).__name__ != "MarginBox":  # the running footer sits in the margin
            bottom = max(bottom, _deepest_bottom(child, top))
    return bottom - top


def _deepest_bottom(box: Any, floor: float) -> float:
    bottom = floor
    stack = [box]
    while stack:
        item = stack.pop()
        y = getattr(item, "position_y", None)
        if y is not None and hasattr(item, "margin_height"):
            with contextlib.suppress(TypeError, AttributeError):
                bottom = max(bottom, y + item.margin_height())
        stack.extend(getattr(item, "children", ()) or ())
    return bottom


def available_height(layout: Layout, paper: str) -> float:
    return (PAPER_MM[paper.lower()][1] - 2 * layout.margin_v_mm) * PX_PER_MM


def needed_height(document: Any, layout: Layout, paper: str) -> float:
    """The height the memo's content needs at ``layout``: full pages plus the last one."""
    pages = len(document.pages)
    return (pages - 1) * available_height(layout, paper) + content_height(document, pages - 1)


def predicted_height(height: float, at: Layout, to: Layout, paper: str) -> float:
    """The content height at layout ``to`` from the one measured at ``at``.

    Measured on the samples: one step of type (with its leading and margins) changes the
    height by the type ratio to the power 1.6 (text reflows; tables and the chart do not).
    """
    return height * (to.font_pt / at.font_pt) ** 1.6


def overflow_error(context: dict[str, Any], layout: Layout, paper: str, needed: float,
                   measured_by: str = "") -> MemoTooLong:
    """What to cut, from the height the memo needs at the tightest layout."""
    width_mm, _height_mm = PAPER_MM[paper.lower()]
    available = available_height(layout, paper)
    line_width = (width_mm - 2 * layout.margin_h_mm) * PX_PER_MM
    font_px = layout.font_pt * 96 / 72
    units_per_line = max(1.0, line_width / (EMS_PER_UNIT[unit_of(context)] * font_px))
    px_per_unit = layout.line_height * font_px / units_per_line
    # Partial last lines and unsplittable blocks make a word worth less than its share of
    # a line; 1.6 was calibrated so that cutting the stated amount makes the memo fit.
    return MemoTooLong.from_excess((needed - available) / px_per_unit * 1.6, context,
                                   max(needed / available, 1.01), measured_by)


def fit(context: dict[str, Any], options: RenderOptions) -> tuple[Any, str, Layout, Any]:
    """Lay the memo out on one page at the largest type that fits:
    (weasyprint Document, html, layout, fetcher).

    The first layout's measured height predicts which step fits, so most memos are laid out
    once or twice: once at the predicted step, once more only to confirm a roomier (or the
    next tighter) step the measurement points to.
    """
    from weasyprint.text.fonts import FontConfiguration

    total = sum(section_units(context).values())
    fetcher = make_fetcher(options)
    font_config = FontConfiguration()
    pdf = pdf_options(options)
    chart = chart_svg(context)
    paper = options.paper
    tried: dict[int, Any] = {}

    def attempt(index: int) -> tuple[Any, str, float]:
        html = build_html(context, options, LAYOUTS[index], chart=chart)
        document = layout_document(html, fetcher, font_config, pdf)
        tried[index] = (document, html)
        return document, html, needed_height(document, LAYOUTS[index], paper)

    index = start_index(total)
    document, html, needed = attempt(index)
    measured_at = index
    if len(document.pages) == 1:
        # Try roomier steps while the measurement says they may fit: the prediction is a few
        # percent off either way, so a near miss is laid out rather than assumed.
        while index > 0 and predicted_height(needed, LAYOUTS[measured_at], LAYOUTS[index - 1],
                                             paper) <= available_height(LAYOUTS[index - 1],
                                                                        paper) * 1.04:
            roomier, roomier_html, roomier_needed = attempt(index - 1)
            if len(roomier.pages) != 1:
                break
            index, document, html = index - 1, roomier, roomier_html
            needed, measured_at = roomier_needed, index
        return document, html, LAYOUTS[index], fetcher
    # Overflow: jump to the roomiest tighter step the measurement says fits.
    first = measured_at
    while index < len(LAYOUTS) - 1:
        index += 1
        if index < len(LAYOUTS) - 1 and predicted_height(
                needed, LAYOUTS[first], LAYOUTS[index], paper) > available_height(
                LAYOUTS[index], paper) * 1.04:
            continue
        document, html, _needed = attempt(index)
        if len(document.pages) == 1:
            return document, html, LAYOUTS[index], fetcher
    last = len(LAYOUTS) - 1
    if last not in tried:
        attempt(last)
    raise overflow_error(context, LAYOUTS[last], paper,
                         needed_height(tried[last][0], LAYOUTS[last], paper))


def render_pdf(context: dict[str, Any], options: RenderOptions) -> bytes:
    import weasyprint

    document, _html, _layout, fetcher = fit(context, options)
    attachment = weasyprint.Attachment(
        string=context["answers_yaml"].encode("utf-8"), name=ATTACHMENT_NAME,
        description=ATTACHMENT_DESCRIPTION, url_fetcher=fetcher, relationship="Source")
    data = document.write_pdf(attachments=[attachment], **pdf_options(options))
    if fetcher.refused:
        refused = ", ".join(sorted(set(fetcher.refused))[:5])
        raise UserError(f"the template or stylesheet asks for resources memo does not load: "
                        f"{refused}", field="--template-dir",
                        hint="templates may use memo-asset:NAME (a file in the template "
                             "folder) or data: URLs; nothing from disk or the network")
    return data
