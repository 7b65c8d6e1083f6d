"""The HTML memo: the shipped (or user's) Jinja2 template, stylesheets and the inline chart.

The same HTML is the source of the PDF; :class:`Layout` carries the type size and margins the
PDF fitter tightens step by step.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from markupsafe import Markup

from memo.render import RenderOptions
from memo.render.chart import geometry, series_from_context, svg
from memo.render.environment import (
    html_environment,
    read_user_file,
    render_template,
    template_file,
)
from memo.render.layout import LAYOUTS, MIN_FONT_PT, PAPER_MM, PAPERS, TALL_PAGE_MM, Layout
from memo.render.present import view

__all__ = ["LAYOUTS", "PAPER_MM", "Layout", "build_html", "chart_svg", "render_html"]

TEMPLATE = "memo.html.j2"
STYLESHEET = "memo.css"
SCREEN_STYLESHEET = "memo-screen.css"  # phone widths; HTML only
def layout_css(layout: Layout, paper: str, *, tall: bool = False) -> str:
    size = PAPERS.get(paper.lower())
    if size is None:
        from memo.errors import UserError

        raise UserError(f"unknown paper size {paper!r}", field="--paper",
                        hint="use letter or a4")
    if tall:
        size = f"{PAPER_MM[paper.lower()][0]}mm {TALL_PAGE_MM}mm"
    return (f"@page {{ size: {size}; margin: {layout.margin_v_mm:g}mm {layout.margin_h_mm:g}mm; }}"
            f"\nhtml {{ font-size: {max(layout.font_pt, MIN_FONT_PT):g}pt; }}"
            f"\nbody {{ line-height: {layout.line_height:g}; }}")


def _css_text(text: str) -> Markup:
    # A stylesheet inside <style> must not be able to close the element.
    return Markup(text.replace("</", "<\\/"))


def stylesheets(options: RenderOptions, layout: Layout, *, tall: bool = False) -> list[Markup]:
    """Shipped (or template-dir) memo.css, then the layout, then the user's --css."""
    base = _template_css(options.template_dir)
    sheets = [_css_text(base), _css_text(layout_css(layout, options.paper, tall=tall))]
    if options.css_text is not None:
        sheets.append(_css_text(options.css_text))
    elif options.css is not None:
        sheets.append(_css_text(read_user_file(Path(options.css), "stylesheet")))
    return sheets


def _template_css(template_dir: Path | None) -> str:
    from memo.resources import templates_dir

    if (own := template_file(template_dir, STYLESHEET)) is not None:
        return read_user_file(own, "stylesheet")
    return (templates_dir() / STYLESHEET).read_text(encoding="utf-8")


def chart_svg(context: dict[str, Any], shown: dict[str, Any] | None = None) -> Markup:
    """The drawing of the cost chart; its <title> (the figure's alt text) is the verdict."""
    costs = context.get("costs")
    if not costs or not costs.get("options"):
        return Markup("")
    shown = shown if shown is not None else view(context)
    crossings = [v["crossings"] for v in shown["all_verdicts"]]
    return Markup(svg(geometry(series_from_context(costs), crossings),
                      alt=shown["chart_title"]))


def build_html(context: dict[str, Any], options: RenderOptions, layout: Layout = LAYOUTS[0],
               *, chart: Markup | None = None, tall: bool = False, screen: bool = False) -> str:
    env = html_environment(options.template_dir)
    shown = view(context)
    values = dict(context)
    values.update(shown)
    values.update(
        styles=stylesheets(options, layout, tall=tall) + (
            [_css_text(_screen_css(options.template_dir))] if screen else []),
        chart_svg=chart if chart is not None else chart_svg(context, shown),
        answers_b64=base64.b64encode(context["answers_yaml"].encode("utf-8")).decode("ascii"),
        paper=options.paper,
    )
    return render_template(env, TEMPLATE, values)


def _screen_css(template_dir: Path | None) -> str:
    from memo.resources import templates_dir

    if (own := template_file(template_dir, SCREEN_STYLESHEET)) is not None:
        return read_user_file(own, "stylesheet")
    return (templates_dir() / SCREEN_STYLESHEET).read_text(encoding="utf-8")


def render_html(context: dict[str, Any], options: RenderOptions) -> bytes:
    return build_html(context, options, screen=True).encode("utf-8")
