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
from memo.render.budget import MemoTooLong, section_words, words_to_cut
from memo.render.html import LAYOUTS, PAPER_MM, Layout, build_html, chart_svg
from memo.resources import templates_dir

ATTACHMENT_NAME = "memo-answers.yaml"
ATTACHMENT_DESCRIPTION = "memo answers (schema_version 1): `memo check` and `memo edit` read them"

# Words of user text each layout usually holds on one page (letter; A4 holds a little more).
# Only a prediction of where to start: the page count after layout is what decides.
PREDICTED_CAPACITY = (200, 280, 480, 10**9)
PX_PER_MM = 96 / 25.4
AVERAGE_WORD_EMS = 3.4  # an average English word plus its space, in em of sans-serif type


def start_index(total_words: int) -> int:
    """The roomiest layout likely to fit, so the first layout usually succeeds."""
    return next(i for i, capacity in enumerate(PREDICTED_CAPACITY) if total_words <= capacity)


def make_fetcher(options: RenderOptions) -> Any:
    from memo.render.fetcher import SafeURLFetcher

    roots = [templates_dir() / "assets"]
    if options.template_dir is not None:
        roots.append(options.template_dir)
    return SafeURLFetcher(roots)


def layout_document(html: str, fetcher: Any, font_config: Any) -> Any:
    import weasyprint

    return weasyprint.HTML(string=html, url_fetcher=fetcher).render(font_config=font_config)


def content_height(document: Any) -> float:
    """CSS px from the top of the first page's content area to the bottom of its content."""
    page = document.pages[0]._page_box
    top = page.content_box_y()
    bottom = top
    for child in page.children:
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


def overflow(context: dict[str, Any], options: RenderOptions, fetcher: Any, font_config: Any,
             chart: Any) -> MemoTooLong:
    """Measure the memo on one very tall page at the tightest layout and say what to cut."""
    layout = LAYOUTS[-1]
    sections = section_words(context)
    tall = layout_document(build_html(context, options, layout, chart=chart, tall=True),
                           fetcher, font_config)
    needed = content_height(tall)
    width_mm, height_mm = PAPER_MM[options.paper.lower()]
    available = (height_mm - 2 * layout.margin_v_mm) * PX_PER_MM
    line_width = (width_mm - 2 * layout.margin_h_mm) * PX_PER_MM
    font_px = layout.font_pt * 96 / 72
    words_per_line = max(1.0, line_width / (AVERAGE_WORD_EMS * font_px))
    px_per_word = layout.line_height * font_px / words_per_line
    # Partial last lines and unsplittable blocks make a word worth less than its share of
    # a line; 1.6 was calibrated so that cutting the stated words makes the memo fit.
    cut = words_to_cut((needed - available) / px_per_word * 1.6)
    return MemoTooLong(cut, sections, max(needed / available, 1.01))


def fit(context: dict[str, Any], options: RenderOptions) -> tuple[Any, str, Layout, Any]:
    """Lay the memo out on one page: (weasyprint Document, html, layout, fetcher)."""
    from weasyprint.text.fonts import FontConfiguration

    total = sum(section_words(context).values())
    fetcher = make_fetcher(options)
    font_config = FontConfiguration()
    chart = chart_svg(context)
    index = start_index(total)
    while True:
        layout = LAYOUTS[index]
        html = build_html(context, options, layout, chart=chart)
        document = layout_document(html, fetcher, font_config)
        if len(document.pages) == 1:
            return document, html, layout, fetcher
        if index == len(LAYOUTS) - 1:
            raise overflow(context, options, fetcher, font_config, chart)
        index += 1


def render_pdf(context: dict[str, Any], options: RenderOptions) -> bytes:
    import weasyprint

    document, _html, _layout, fetcher = fit(context, options)
    attachment = weasyprint.Attachment(
        string=context["answers_yaml"].encode("utf-8"), name=ATTACHMENT_NAME,
        description=ATTACHMENT_DESCRIPTION, url_fetcher=fetcher, relationship="Source")
    data = document.write_pdf(attachments=[attachment])
    if fetcher.refused:
        refused = ", ".join(sorted(set(fetcher.refused))[:5])
        raise UserError(f"the template or stylesheet asks for resources memo does not load: "
                        f"{refused}", field="--template-dir",
                        hint="templates may use memo-asset:NAME (a file in the template "
                             "folder) or data: URLs; nothing from disk or the network")
    return data
