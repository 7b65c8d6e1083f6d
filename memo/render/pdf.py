"""The one-page PDF: HTML + CSS laid out by weasyprint, fitted to one page, answers attached.

Fitting: lay out at the type size the memo's estimated height predicts, count the pages, and
step down (10 -> 9.5 -> 9 -> 8.5 pt, with tighter margins and leading) only when the layout
overflows. The layouts happen in the engine `memo render` started (a forked child, see
:mod:`memo.render.pdf_engine`) or in this process. If the memo still needs two pages at
8.5 pt, :class:`~memo.render.budget.MemoTooLong` names the longest sections and about how
many words to cut. Every resource goes through
:class:`~memo.render.fetcher.SafeURLFetcher`, so nothing in a memo or a template can read a
local file or reach the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memo.errors import UserError
from memo.render import RenderOptions
from memo.render.budget import EMS_PER_UNIT, MemoTooLong, unit_of
from memo.render.engine import load_weasyprint
from memo.render.html import LAYOUTS, PAPER_MM, Layout, build_html, chart_svg
from memo.render.pdf_engine import (
    ForkedEngine,
    Job,
    Laid,
    LocalEngine,
    WorkerGone,
)
from memo.resources import templates_dir

ATTACHMENT_NAME = "memo-answers.yaml"
ATTACHMENT_DESCRIPTION = "memo answers (schema_version 1): `memo check` and `memo edit` read them"

PX_PER_MM = 96 / 25.4
# The first guess: the DOCX plan of the same memo (the same blocks, in the same font, Carlito)
# laid out line by line by :class:`~memo.render.docx_plan.Estimator`, without weasyprint.
# Measured on the corpus of benchmarks/calibrate_pdf.py (46 memos x 2 papers x 4 steps):
# weasyprint's fill is 0.97 x the estimate near one page (spread +-0.016; the CJK stress memo,
# whose fallback font sets lines shorter, 0.90).
FILL_PER_ESTIMATE = 0.97
# Start at the roomiest step whose scaled estimate is at most this (simulated on the corpus:
# 1.23 layouts per memo, 71 of 92 laid out once; the former length-and-structure guess took
# 1.40 and 55 of 92).
START_FILL = 1.01
# From a layout that fits, the roomier step's fill is predicted from the measured height twice
# (the type ratio to the power 1.6, and the ratio of the two steps' estimates) and averaged; a
# step predicted at most this full may fit and is laid out to confirm. On the corpus the
# largest prediction for a step that fitted was 1.018, the smallest for one that overflowed
# 0.984; a prediction is never trusted to skip a step that fits.
CONFIRM_FILL = 1.025


class Guess:
    """Each step's estimated fill from the memo's DOCX plan, computed when first asked for."""

    def __init__(self, context: dict[str, Any], paper: str) -> None:
        from memo.render.docx_plan import plan
        from memo.render.present import view

        shown = view(context)
        self.blocks = plan(context, shown, _chart_size(context, shown))
        self.paper = paper
        self._fills: dict[int, float] = {}

    def estimate(self, index: int) -> float:
        """The plan's estimated fill at step ``index`` (unscaled)."""
        if index not in self._fills:
            from memo.render.docx_plan import estimated_fill

            self._fills[index] = estimated_fill(self.blocks, LAYOUTS[index], self.paper)
        return self._fills[index]

    def fill(self, index: int) -> float:
        """The fill weasyprint is expected to measure at step ``index``."""
        return self.estimate(index) * FILL_PER_ESTIMATE

    def start(self) -> int:
        """The roomiest step the estimate puts inside the page."""
        return next((i for i in range(len(LAYOUTS)) if self.fill(i) <= START_FILL),
                    len(LAYOUTS) - 1)

    def roomier_fill(self, measured: float, index: int) -> float:
        """Step ``index - 1``'s fill, predicted from the fill measured at ``index``."""
        return self.roomier_fill_from(self.paper, measured, index, self.estimate(index - 1),
                                      self.estimate(index))

    @staticmethod
    def roomier_fill_from(paper: str, measured: float, index: int, roomier_estimate: float,
                          estimate: float) -> float:
        """The prediction from plain numbers (benchmarks/calibrate_pdf.py replays it)."""
        at, to = LAYOUTS[index], LAYOUTS[index - 1]
        by_type = (predicted_height(measured * available_height(at, paper), at, to, paper)
                   / available_height(to, paper))
        return (by_type + measured * roomier_estimate / estimate) / 2


def _chart_size(context: dict[str, Any], shown: dict[str, Any]) -> tuple[float, float] | None:
    """The chart's size in the DOCX plan (its title and legend measured, nothing drawn)."""
    costs = context.get("costs")
    if not costs or not costs.get("options"):
        return None
    from memo.render.chart import series_from_context
    from memo.render.chart_png import chart_geometry

    geo = chart_geometry(series_from_context(costs),
                         [v["crossings"] for v in shown["all_verdicts"]], shown["chart_title"])
    return geo.width, geo.height


def make_fetcher(options: RenderOptions) -> Any:
    from memo.render.fetcher import SafeURLFetcher

    return SafeURLFetcher([Path(root) for root in job_for(options).roots])


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
    weasyprint = load_weasyprint()
    return weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        font_config=font_config, **(pdf or {}))


def available_height(layout: Layout, paper: str) -> float:
    return (PAPER_MM[paper.lower()][1] - 2 * layout.margin_v_mm) * PX_PER_MM


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


@dataclass
class Fitted:
    """The layout chosen for the memo: the engine's layout, its HTML and its type step."""

    laid: Laid
    html: str
    layout: Layout
    refused: list[str]


_LOCAL: list[LocalEngine] = []


def local_engine() -> LocalEngine:
    """The in-process engine, shared: one font configuration for every memo this process
    lays out (a site's PDFs, a test run)."""
    if not _LOCAL:
        _LOCAL.append(LocalEngine())
    return _LOCAL[0]


def job_for(options: RenderOptions) -> Job:
    roots = [templates_dir() / "assets"]
    if options.template_dir is not None:
        roots.append(options.template_dir)
    return Job(tuple(str(root) for root in roots), tuple(pdf_options(options).items()))


def fit(context: dict[str, Any], options: RenderOptions,
        engine: LocalEngine | ForkedEngine | None = None) -> Fitted:
    """Lay the memo out on one page at the largest type that fits.

    The first layout is at the step the memo's estimated height (:class:`Guess`) predicts.
    If it fits, its measured height predicts the roomier step, which is laid out only when
    that prediction says it may fit, so a memo whose guess was right is laid out once. If it
    overflows, the next tighter step is laid out, down to 8.5 pt.
    """
    engine = engine or local_engine()
    job = job_for(options)
    chart = chart_svg(context)
    paper = options.paper
    tried: dict[int, tuple[Laid, str]] = {}
    refused: list[str] = []

    def attempt(index: int) -> tuple[Laid, str]:
        html = build_html(context, options, LAYOUTS[index], chart=chart)
        laid = engine.layout(html, job)
        refused.extend(laid.refused)
        tried[index] = (laid, html)
        return laid, html

    guess = Guess(context, paper)
    index = guess.start()
    laid, html = attempt(index)
    while laid.pages > 1 and index < len(LAYOUTS) - 1:
        index += 1
        laid, html = attempt(index)
    if laid.pages > 1:
        raise overflow_error(context, LAYOUTS[index], paper, laid.needed)
    # Fits at ``index``: go roomier while the measured height says the next step may fit,
    # never to a step already seen to overflow.
    while index > 0 and (index - 1) not in tried and guess.roomier_fill(
            laid.needed / available_height(LAYOUTS[index], paper), index) <= CONFIRM_FILL:
        roomier, roomier_html = attempt(index - 1)
        if roomier.pages > 1:
            break
        index, laid, html = index - 1, roomier, roomier_html
    return Fitted(laid, html, LAYOUTS[index], refused)


def render_pdf(context: dict[str, Any], options: RenderOptions) -> bytes:
    """The PDF, laid out by the engine `memo render` started (else in this process)."""
    engine = options.extra.get("pdf_engine")
    try:
        return _render(context, options, engine)
    except WorkerGone:  # the child died: this memo, and the rest, in this process
        engine = local_engine()
        options.extra["pdf_engine"] = engine
        return _render(context, options, engine)


def _render(context: dict[str, Any], options: RenderOptions,
            engine: LocalEngine | ForkedEngine | None) -> bytes:
    engine = engine or local_engine()
    try:
        fitted = fit(context, options, engine)
        data, refused = engine.write(fitted.laid, context["answers_yaml"].encode("utf-8"),
                                     ATTACHMENT_NAME, ATTACHMENT_DESCRIPTION,
                                     job_for(options))
    finally:
        engine.forget()
    refused = fitted.refused + refused
    if refused:
        shown = ", ".join(sorted(set(refused))[:5])
        raise UserError(f"the template or stylesheet asks for resources memo does not load: "
                        f"{shown}", field="--template-dir",
                        hint="templates may use memo-asset:NAME (a file in the template "
                             "folder) or data: URLs; nothing from disk or the network")
    return data
