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
from memo.render.budget import EMS_PER_UNIT, MemoTooLong, section_texts, unit_of
from memo.render.html import LAYOUTS, PAPER_MM, Layout, build_html, chart_svg
from memo.resources import templates_dir

ATTACHMENT_NAME = "memo-answers.yaml"
ATTACHMENT_DESCRIPTION = "memo answers (schema_version 1): `memo check` and `memo edit` read them"

PX_PER_MM = 96 / 25.4
# How full the page is at step 3 (9 pt), from the memo's text and structure: fitted by least
# squares to weasyprint's measured heights on the samples, stress memos and their variants
# (benchmarks/calibrate_pdf.py; residuals within +-0.06 of a page). Only the first guess:
# the layout's measured height decides.
FILL_AT_9PT = {"base": 0.525, "per_char": 1.19e-4, "per_item": 0.0118, "per_option": 0.0298,
               "a4": -0.0378}
# Aim the first layout at the page (simulated on the corpus: 1.4 layouts per memo on average,
# against 1.6 when aiming 3 % inside); a layout that fits predicts the other
# steps well, one that overflows does not (blocks kept whole jump to the next page).
START_FILL = 1.0
# From a layout that fits, a step predicted at most this full may fit and is laid out to
# confirm (the largest prediction that still fitted on the corpus was 1.019).
CONFIRM_FILL = 1.025


def predicted_fills(context: dict[str, Any], paper: str) -> list[float]:
    """A guess of each step's fill (content height / page) before any layout."""
    chars = sum(len(str(t)) for texts in section_texts(context).values() for t in texts if t)
    items = len(context["tried"]) + len(context["alternatives"]) + len(context["risks"])
    options = len((context.get("costs") or {}).get("options", []))
    k = FILL_AT_9PT
    at_9pt = (k["base"] + k["per_char"] * chars + k["per_item"] * items
              + k["per_option"] * options + (k["a4"] if paper.lower() == "a4" else 0.0))
    ref = LAYOUTS[2]
    return [at_9pt * available_height(ref, paper) / available_height(layout, paper)
            * (layout.font_pt / ref.font_pt) ** EXPONENT for layout in LAYOUTS]


def start_index(context: dict[str, Any], paper: str) -> int:
    """The roomiest step the guess puts safely inside the page."""
    fills = predicted_fills(context, paper)
    return next((i for i, f in enumerate(fills) if f <= START_FILL), len(LAYOUTS) - 1)


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
    """The height the memo's content needs at ``layout``: what each page holds, added up (a
    block kept whole moves to the next page and leaves a gap that is not counted)."""
    return sum(content_height(document, index) for index in range(len(document.pages)))


EXPONENT = 1.6


def predicted_height(height: float, at: Layout, to: Layout, paper: str) -> float:
    """The content height at layout ``to`` from the one measured at ``at``.

    Measured on the samples: one step of type (with its leading and margins) changes the
    height by the type ratio to the power 1.6 (text reflows; tables and the chart do not).
    """
    return height * (to.font_pt / at.font_pt) ** EXPONENT


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

    The first layout is at the step the memo's length and structure predict. If it fits, its
    measured height predicts the roomier steps; one is laid out only when that prediction
    says it may fit, so a memo whose guess was right is laid out once. If it overflows, the
    next tighter step is laid out, down to 8.5 pt.
    """
    from weasyprint.text.fonts import FontConfiguration

    fetcher = make_fetcher(options)
    font_config = FontConfiguration()
    pdf = pdf_options(options)
    chart = chart_svg(context)
    paper = options.paper
    tried: dict[int, tuple[Any, str]] = {}

    def attempt(index: int) -> tuple[Any, str, bool]:
        html = build_html(context, options, LAYOUTS[index], chart=chart)
        document = layout_document(html, fetcher, font_config, pdf)
        tried[index] = (document, html)
        return document, html, len(document.pages) == 1

    index = start_index(context, paper)
    document, html, fits = attempt(index)
    while not fits and index < len(LAYOUTS) - 1:
        index += 1
        document, html, fits = attempt(index)
    if not fits:
        raise overflow_error(context, LAYOUTS[index], paper,
                             needed_height(document, LAYOUTS[index], paper))
    # Fits at ``index``: go roomier while the measured height says the next step may fit,
    # never to a step already seen to overflow.
    needed = needed_height(document, LAYOUTS[index], paper)
    while index > 0 and (index - 1) not in tried and predicted_height(
            needed, LAYOUTS[index], LAYOUTS[index - 1], paper) <= available_height(
            LAYOUTS[index - 1], paper) * CONFIRM_FILL:
        roomier, roomier_html, roomier_fits = attempt(index - 1)
        if not roomier_fits:
            break
        index, document, html = index - 1, roomier, roomier_html
        needed = needed_height(document, LAYOUTS[index], paper)
    return document, html, LAYOUTS[index], fetcher


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
