"""The cumulative-cost chart: series -> geometry -> SVG (PDF/HTML) or PNG (DOCX). Pure.

One geometry feeds both outputs so the Word chart and the PDF chart show the same thing:
cumulative cost per option over the horizon, the chosen option drawn strongest, and each
break-even month marked on the chosen option's line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

from memo.format import compact

CHOSEN_COLOR = "#1f5fa8"
OTHER_COLORS = ("#d9822b", "#6b7b8c", "#8e5ea2", "#3c9d5d", "#b23b3b")
GRID_COLOR = "#d5dbe1"
TEXT_COLOR = "#333d47"
MARK_COLOR = "#b23b3b"
FONT = "DejaVu Sans, sans-serif"


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


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    lines: tuple[Line, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...] = field(default=())
    title: str = ""


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


def geometry(series: list[Series], break_even: list[tuple[str, int | None]],
             width: float = 300, height: float = 124) -> Geometry:
    """Lay out the chart in an abstract ``width`` x ``height`` box (CSS px)."""
    horizon = max((len(s.cumulative) - 1 for s in series), default=1) or 1
    top_value = max((max(s.cumulative, default=0.0) for s in series), default=0.0)
    step = nice_step(top_value)
    y_max = max(step, math.ceil(top_value / step) * step) if top_value > 0 else 1.0
    left, top, right, bottom = 46.0, 8.0, width - 8.0, height - 34.0

    def x_at(month: float) -> float:
        return left + (right - left) * month / horizon

    def y_at(value: float) -> float:
        return bottom - (bottom - top) * max(0.0, value) / y_max

    lines: list[Line] = []
    others = iter(OTHER_COLORS * (len(series) // len(OTHER_COLORS) + 1))
    # Alternatives first, chosen last, so the chosen line is drawn on top.
    for s in sorted(series, key=lambda s: s.chosen):
        points = tuple((round(x_at(m), 2), round(y_at(v), 2)) for m, v in enumerate(s.cumulative))
        color = CHOSEN_COLOR if s.chosen else next(others)
        lines.append(Line(points, color, 2.2 if s.chosen else 1.4,
                          s.name + (" (chosen)" if s.chosen else "")))
    y_ticks = tuple(Tick(round(y_at(i * step), 2), "$" + compact(i * step))
                    for i in range(round(y_max / step) + 1))
    x_step = max(1, int(nice_step(horizon, 4)))
    x_ticks = tuple(Tick(round(x_at(m), 2), str(m)) for m in range(0, horizon + 1, x_step))
    chosen = next((s for s in series if s.chosen), None)
    markers: list[Marker] = []
    if chosen is not None:
        for _name, month in break_even:
            if month is not None and 0 < month < len(chosen.cumulative):
                markers.append(Marker(round(x_at(month), 2),
                                      round(y_at(chosen.cumulative[month]), 2),
                                      f"break-even: month {month}"))
    return Geometry(width, height, left, top, right, bottom, tuple(lines), y_ticks, x_ticks,
                    tuple(markers), "Cumulative cost by month")


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: float = 7.5,
          color: str = TEXT_COLOR, weight: str = "normal") -> str:
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" font-family="{FONT}" '
            f'fill="{color}" text-anchor="{anchor}" font-weight="{weight}">'
            f"{escape(text)}</text>")


def svg(geo: Geometry) -> str:
    """The chart as an inline SVG element. Every label is XML-escaped."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cost-chart" role="img" '
        f'width="{geo.width:g}" height="{geo.height:g}" '
        f'viewBox="0 0 {geo.width:g} {geo.height:g}">',
        f"<title>{escape(geo.title)}</title>",
    ]
    for tick in geo.y_ticks:
        parts.append(f'<line x1="{geo.left:g}" y1="{tick.position:g}" x2="{geo.right:g}" '
                     f'y2="{tick.position:g}" stroke="{GRID_COLOR}" stroke-width="0.6"/>')
        parts.append(_text(geo.left - 4, tick.position + 2.5, tick.label, anchor="end"))
    for tick in geo.x_ticks:
        parts.append(_text(tick.position, geo.bottom + 10, tick.label, anchor="middle"))
    parts.append(_text((geo.left + geo.right) / 2, geo.bottom + 19, "month",
                       anchor="middle", size=7))
    for line in geo.lines:
        points = " ".join(f"{x:g},{y:g}" for x, y in line.points)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{line.color}" '
                     f'stroke-width="{line.width:g}" stroke-linejoin="round"/>')
    for marker in geo.markers:
        parts.append(f'<line x1="{marker.x:g}" y1="{geo.top:g}" x2="{marker.x:g}" '
                     f'y2="{geo.bottom:g}" stroke="{MARK_COLOR}" stroke-width="0.8" '
                     f'stroke-dasharray="3,2"/>')
        parts.append(f'<circle cx="{marker.x:g}" cy="{marker.y:g}" r="2.6" '
                     f'fill="{MARK_COLOR}"/>')
    for index, marker in enumerate(geo.markers[:2]):
        anchor = "start" if marker.x < (geo.left + geo.right) / 2 else "end"
        dx = 3 if anchor == "start" else -3
        parts.append(_text(marker.x + dx, geo.top + 8 + 9 * index, marker.label,
                           anchor=anchor, color=MARK_COLOR, weight="bold"))
    parts.extend(_legend_svg(geo))
    parts.append("</svg>")
    return "".join(parts)


def legend_entries(geo: Geometry) -> list[tuple[float, float, Line]]:
    """(x, y, line) of each legend swatch, laid out left to right under the axis."""
    entries: list[tuple[float, float, Line]] = []
    x, y = geo.left, geo.height - 4
    for line in reversed(geo.lines):  # chosen first
        entries.append((x, y, line))
        x += 16 + min(len(line.label), 34) * 4.1
    return entries


def _legend_svg(geo: Geometry) -> list[str]:
    parts = []
    for x, y, line in legend_entries(geo):
        parts.append(f'<line x1="{x:g}" y1="{y - 2.5:g}" x2="{x + 10:g}" y2="{y - 2.5:g}" '
                     f'stroke="{line.color}" stroke-width="{line.width:g}"/>')
        parts.append(_text(x + 13, y, short_label(line.label), size=7))
    return parts


def short_label(label: str) -> str:
    return label if len(label) <= 34 else label[:33] + "…"
