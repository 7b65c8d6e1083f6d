"""The cumulative-cost chart as a figure: series -> geometry -> SVG (PDF/HTML) or PNG (DOCX).

Pure. One geometry feeds both outputs, in points at print size (1 unit = 1 pt), so every
label is at least :data:`MIN_TEXT_PT` on paper. Markers sit only where the chosen option's
cumulative line really crosses an alternative's (:func:`memo.render.present.crossings`), each
labelled with its month. The legend is laid out from measured text: in HTML and PDF it is an
HTML list under the drawing (the page's own text engine shapes, wraps and mirrors it); in the
PNG it is drawn in rows from widths measured with the same font (``measure``), wrapping a long
name over several lines rather than cutting it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

from memo.format import compact

CHOSEN_COLOR = "#1f5fa8"
# No alternative is drawn in the marker's colour (a dark red), nor in the chosen blue.
OTHER_COLORS = ("#e08a2c", "#5b6b7a", "#8e5ea2", "#3c9d5d", "#17808a", "#a5762a", "#c0508a")
DASHES = ((), (5.0, 2.5), (1.5, 2.0), (6.0, 2.0, 1.5, 2.0))
GRID_COLOR = "#d5dbe1"
AXIS_COLOR = "#8a96a3"
TEXT_COLOR = "#333d47"
MARK_COLOR = "#9e1b1b"
FONT = "Carlito, Calibri, 'DejaVu Sans', sans-serif"
MIN_TEXT_PT = 7.0
TICK_PT = 7.5
MARK_PT = 7.5
LEGEND_PT = 8.0
TITLE_PT = 8.5
WIDTH_PT = 238.0  # 84 mm
PLOT_HEIGHT_PT = 80.0

Measure = Callable[[str, float], float]  # (text, size in pt) -> width in pt


def rough_measure(text: str, size: float) -> float:
    """A generous width estimate (wide characters 1 em, others 0.56 em) for layout without
    a font at hand; the PNG passes the real font's measure instead."""
    from memo.render.present import is_wide

    return sum(size if is_wide(ch) else size * 0.56 for ch in text)


@dataclass(frozen=True)
class Series:
    name: str
    cumulative: tuple[float, ...]  # index 0 is month 0
    chosen: bool = False


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    color: str
    width: float
    label: str
    dash: tuple[float, ...] = ()
    chosen: bool = False


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    month: int
    label: str
    label_x: float
    label_y: float
    anchor: str  # start | end


@dataclass(frozen=True)
class LegendEntry:
    x: float
    y: float  # baseline of the first text line
    line: Line
    text_lines: tuple[str, ...]


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    lines: tuple[Line, ...]  # alternatives first, chosen last (drawn on top)
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...] = field(default=())
    title: str = ""
    title_lines: tuple[str, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    y_unit: str = "USD, cumulative"
    x_unit: str = "month (0 = one-time cost)"
    unit_y: float = TICK_PT

    @property
    def legend_lines(self) -> tuple[Line, ...]:
        """Legend order: the chosen option first, then the alternatives in memo order."""
        return tuple(sorted(self.lines, key=lambda line: not line.chosen))


def series_from_context(costs: dict[str, Any]) -> list[Series]:
    return [Series(o["name"], tuple(o["raw"]["cumulative_usd"]), bool(o["chosen"]))
            for o in costs["options"]]


def nice_step(span: float, target_ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 x 10^n) giving about ``target_ticks`` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def wrap(text: str, width: float, size: float, measure: Measure) -> list[str]:
    """Greedy wrap by measured width; words longer than a line (or CJK runs) split by character."""
    from memo.render.present import is_wide

    tokens: list[str] = []
    for word in text.split(" "):
        if any(is_wide(ch) for ch in word) or measure(word, size) > width:
            tokens.extend(_chars_as_tokens(word))
        else:
            tokens.append(word)
        tokens.append(" ")
    lines: list[str] = []
    current = ""
    for token in tokens[:-1]:
        candidate = current + token
        if current and token != " " and measure(candidate.rstrip(), size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip() or not lines:
        lines.append(current.strip())
    return lines


def _chars_as_tokens(word: str) -> list[str]:
    # Characters of a run that may break anywhere; glued so the wrap loop sees no spaces.
    return list(word)


def geometry(series: list[Series], crossings: list[list[int]] | None = None, *,
             width: float = WIDTH_PT, title: str = "", legend: bool = False,
             measure: Measure = rough_measure) -> Geometry:
    """Lay out the chart in points. ``crossings[i]`` are the months where the chosen line
    crosses the i-th alternative (memo order); each gets a labelled marker. With ``legend``
    the title and legend are laid out inside the picture (the PNG); otherwise the page
    around the drawing shows them (HTML and PDF)."""
    horizon = max((len(s.cumulative) - 1 for s in series), default=1) or 1
    top_value = max((max(s.cumulative, default=0.0) for s in series), default=0.0)
    step = nice_step(top_value)
    y_max = max(step, math.ceil(top_value / step) * step) if top_value > 0 else 1.0
    y_labels = ["$" + compact(i * step) for i in range(round(y_max / step) + 1)]
    left = max(measure(label, TICK_PT) for label in y_labels) + 8.0
    right = width - 6.0

    # The title is drawn bold: wrap it with room for the heavier weight.
    title_lines = (tuple(wrap(title, (width - 4) / 1.1, TITLE_PT, measure))
                   if legend and title else ())
    title_height = len(title_lines) * TITLE_PT * 1.25 + (4 if title_lines else 0)

    def x_at(month: float) -> float:
        return left + (right - left) * month / horizon

    chosen = next((s for s in series if s.chosen), None)
    months = sorted({m for ms in (crossings or []) for m in ms
                     if chosen is not None and 0 < m < len(chosen.cumulative)})
    label_rows = _place_labels(months, x_at, left, width - 2, measure)  # above the plot
    rows = max((row for _x, _anchor, row in label_rows.values()), default=-1) + 1
    top = title_height + TICK_PT + 6 + rows * (MARK_PT + 2)  # room for the y unit and labels
    bottom = top + _plot_height(series, left, width, legend, measure)

    def y_at(value: float) -> float:
        return bottom - (bottom - top) * max(0.0, value) / y_max

    lines: list[Line] = []
    others = 0
    for s in series:
        points = tuple((round(x_at(m), 2), round(y_at(v), 2)) for m, v in enumerate(s.cumulative))
        if s.chosen:
            line = Line(points, CHOSEN_COLOR, 2.2, s.name + " (chosen)", chosen=True)
        else:
            color = OTHER_COLORS[others % len(OTHER_COLORS)]
            dash = DASHES[(others // len(OTHER_COLORS)) % len(DASHES)]
            line = Line(points, color, 1.4, s.name, dash)
            others += 1
        lines.append(line)
    lines.sort(key=lambda line: line.chosen)
    y_ticks = tuple(Tick(round(y_at(i * step), 2), label) for i, label in enumerate(y_labels))
    x_step = max(1, int(nice_step(horizon, 4)))
    x_ticks = tuple(Tick(round(x_at(m), 2), str(m)) for m in range(0, horizon + 1, x_step))

    markers: list[Marker] = []
    for month in months:
        assert chosen is not None
        x, anchor, row = label_rows[month]
        markers.append(Marker(round(x_at(month), 2), round(y_at(chosen.cumulative[month]), 2),
                              month, f"month {month}", x,
                              round(top - 4 - (rows - 1 - row) * (MARK_PT + 2), 2), anchor))

    height = bottom + TICK_PT + 4 + TICK_PT + 4  # tick labels, then the x unit
    entries: list[LegendEntry] = []
    if legend:
        entries, height = _legend(lines, left=4.0, right=width - 4.0, top=height + 2,
                                  measure=measure)
    return Geometry(width, round(height + 2, 2), left, top, right, bottom, tuple(lines),
                    y_ticks, x_ticks, tuple(markers), title, title_lines, tuple(entries),
                    unit_y=round(title_height + TICK_PT + 1, 2))


def _place_labels(months: list[int], x_at: Callable[[float], float], left: float,
                  right: float, measure: Measure) -> dict[int, tuple[float, str, int]]:
    """Month -> (text x, anchor, row): labels beside their marker, moved to a new row above
    instead of overlapping one another or the dashed guide that drops from a higher label
    to its marker (row 0 is the highest; a guide crosses every row below its label)."""
    placed: dict[int, tuple[float, str, int]] = {}
    spans: list[tuple[float, float, int, float]] = []  # (start, end, row, marker x)
    # From the left: labels run rightwards from their marker, so a staircase falling to the
    # right keeps every guide clear of the labels below it.
    for month in sorted(months):
        x = x_at(month)
        text_width = measure(f"month {month}", MARK_PT)
        sides = [side for side in ("start", "end") if side == "end"
                 or x + 3 + text_width <= right] or ["end"]

        def span(side: str, x: float = x, text_width: float = text_width
                 ) -> tuple[float, float]:
            x0 = max(left, x + 3 if side == "start" else x - 3 - text_width)
            return x0 - 2, x0 + text_width + 2

        def clashes(row: int, side: str, x: float = x) -> bool:
            start, end = span(side)
            return any((r == row and a < end and start < b)  # two labels on one row
                       or (r < row and start < gx < end)  # a higher label's guide
                       or (r > row and a < x < b)  # this guide through a lower label
                       for a, b, r, gx in spans)

        rows = range(len(spans) + 1)
        choice = next(((r, side) for r in rows for side in sides if not clashes(r, side)),
                      None)
        if choice is None:  # no row is clear of every guide: keep labels apart at least
            choice = next((r, sides[0]) for r in rows if not any(
                rr == r and a < span(sides[0])[1] and span(sides[0])[0] < b
                for a, b, rr, _gx in spans))
        row, side = choice
        spans.append((*span(side), row, x))
        placed[month] = (round(x + 3 if side == "start" else x - 3, 2), side, row)
    return placed


def _plot_height(series: list[Series], left: float, width: float, legend: bool,
                 measure: Measure) -> float:
    """The plot's height: the legend rows beyond two come out of it (down to 70%), so a
    memo with many options gets a picture no taller than one page has room for."""
    if not legend:
        return PLOT_HEIGHT_PT
    probe = [Line((), CHOSEN_COLOR, 1, s.name + (" (chosen)" if s.chosen else ""),
                  chosen=s.chosen) for s in series]
    _entries, bottom = _legend(probe, left=4.0, right=width - 4.0, top=0, measure=measure)
    extra = max(0.0, bottom - 2 * LEGEND_PT * 1.25)
    return max(PLOT_HEIGHT_PT * 0.7, PLOT_HEIGHT_PT - extra)


def _legend(lines: list[Line], *, left: float, right: float, top: float,
            measure: Measure) -> tuple[list[LegendEntry], float]:
    """Legend entries in rows: swatch, gap, then the full label, wrapped when it is wider
    than the row. Returns the entries and the y below the last row."""
    swatch, gap, spacing = 12.0, 3.0, 9.0
    line_height = LEGEND_PT * 1.25
    entries: list[LegendEntry] = []
    x, y = left, top + LEGEND_PT
    row_height = line_height
    for line in sorted(lines, key=lambda line: not line.chosen):
        text_width = measure(line.label, LEGEND_PT)
        full = swatch + gap + text_width
        if x > left and x + full > right:  # next row
            x, y = left, y + row_height
            row_height = line_height
        if full <= right - x:
            text_lines = (line.label,)
        else:
            text_lines = tuple(wrap(line.label, right - x - swatch - gap, LEGEND_PT, measure))
            full = swatch + gap + max(measure(t, LEGEND_PT) for t in text_lines)
        entries.append(LegendEntry(round(x, 2), round(y, 2), line, text_lines))
        row_height = max(row_height, len(text_lines) * line_height)
        x += full + spacing
        if len(text_lines) > 1:  # a wrapped entry has its own row
            x, y = left, y + row_height
            row_height = line_height
    bottom = y + (row_height if x > left else 0) - LEGEND_PT + 3
    return entries, bottom


# --- SVG ----------------------------------------------------------------------------------


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: float = TICK_PT,
          color: str = TEXT_COLOR, weight: str = "normal") -> str:
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" font-family="{FONT}" '
            f'fill="{color}" text-anchor="{anchor}" font-weight="{weight}">'
            f"{escape(text)}</text>")


def _dash_attr(dash: tuple[float, ...]) -> str:
    return f' stroke-dasharray="{",".join(f"{d:g}" for d in dash)}"' if dash else ""


def svg(geo: Geometry, alt: str = "") -> str:
    """The drawing as an inline SVG element sized in points; ``alt`` becomes its <title>,
    which tagged PDF uses as the figure's alternative text. Every label is XML-escaped.

    Only text memo writes (amounts, months) is drawn in the SVG; option names go in the
    HTML legend beside it, where the text engine handles any script.
    """
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cost-chart" role="img" '
        f'width="{geo.width:g}pt" height="{geo.height:g}pt" '
        f'viewBox="0 0 {geo.width:g} {geo.height:g}">',
        f"<title>{escape(alt or geo.title)}</title>",
    ]
    parts.append(_text(2, geo.unit_y, geo.y_unit))
    for tick in geo.y_ticks:
        parts.append(f'<line x1="{geo.left:g}" y1="{tick.position:g}" x2="{geo.right:g}" '
                     f'y2="{tick.position:g}" stroke="{GRID_COLOR}" stroke-width="0.5"/>')
        parts.append(_text(geo.left - 4, tick.position + 2.6, tick.label, anchor="end"))
    parts.append(f'<line x1="{geo.left:g}" y1="{geo.bottom:g}" x2="{geo.right:g}" '
                 f'y2="{geo.bottom:g}" stroke="{AXIS_COLOR}" stroke-width="0.7"/>')
    for tick in geo.x_ticks:
        parts.append(_text(tick.position, geo.bottom + TICK_PT + 2, tick.label, anchor="middle"))
    parts.append(_text((geo.left + geo.right) / 2, geo.bottom + 2 * TICK_PT + 5, geo.x_unit,
                       anchor="middle"))
    for line in geo.lines:
        points = " ".join(f"{x:g},{y:g}" for x, y in line.points)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{line.color}" '
                     f'stroke-width="{line.width:g}" stroke-linejoin="round"'
                     f"{_dash_attr(line.dash)}/>")
    for marker in geo.markers:
        parts.append(f'<line x1="{marker.x:g}" y1="{marker.label_y + 2:g}" x2="{marker.x:g}" '
                     f'y2="{geo.bottom:g}" stroke="{MARK_COLOR}" stroke-width="0.7" '
                     f'stroke-dasharray="2.5,1.5"/>')
        parts.append(f'<circle cx="{marker.x:g}" cy="{marker.y:g}" r="2.6" fill="white" '
                     f'stroke="{MARK_COLOR}" stroke-width="1.2"/>')
        parts.append(_text(marker.label_x, marker.label_y, marker.label, anchor=marker.anchor,
                           size=MARK_PT, color=MARK_COLOR, weight="bold"))
    parts.append("</svg>")
    return "".join(parts)
