"""Draw a chart :class:`~memo.render.chart.Geometry` as a PNG with Pillow (for DOCX)."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from memo.render.chart import (
    GRID_COLOR,
    MARK_COLOR,
    TEXT_COLOR,
    Geometry,
    legend_entries,
    short_label,
)


@cache
def _font(size: int, bold: bool = False) -> Any:
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size=size)


def png(geo: Geometry, scale: float = 4.0) -> bytes:
    """The chart at ``scale`` pixels per CSS px (4 -> about 384 dpi when placed at size)."""
    from PIL import Image, ImageDraw

    def s(value: float) -> float:
        return value * scale

    image = Image.new("RGB", (round(s(geo.width)), round(s(geo.height))), "white")
    draw = ImageDraw.Draw(image)
    small = _font(round(s(7)))
    for tick in geo.y_ticks:
        draw.line([(s(geo.left), s(tick.position)), (s(geo.right), s(tick.position))],
                  fill=GRID_COLOR, width=max(1, round(s(0.6))))
        draw.text((s(geo.left - 4), s(tick.position)), tick.label, fill=TEXT_COLOR,
                  font=small, anchor="rm")
    for tick in geo.x_ticks:
        draw.text((s(tick.position), s(geo.bottom + 7)), tick.label, fill=TEXT_COLOR,
                  font=small, anchor="mm")
    draw.text((s((geo.left + geo.right) / 2), s(geo.bottom + 16)), "month", fill=TEXT_COLOR,
              font=small, anchor="mm")
    for line in geo.lines:
        draw.line([(s(x), s(y)) for x, y in line.points], fill=line.color,
                  width=max(1, round(s(line.width))), joint="curve")
    for marker in geo.markers:
        _dashed(draw, (s(marker.x), s(geo.top)), (s(marker.x), s(geo.bottom)), s(3), s(2),
                max(1, round(s(0.8))))
        r = s(2.6)
        draw.ellipse([s(marker.x) - r, s(marker.y) - r, s(marker.x) + r, s(marker.y) + r],
                     fill=MARK_COLOR)
    bold = _font(round(s(7.5)), bold=True)
    for index, marker in enumerate(geo.markers[:2]):
        left_half = marker.x < (geo.left + geo.right) / 2
        x = s(marker.x + (3 if left_half else -3))
        draw.text((x, s(geo.top + 8 + 9 * index)), marker.label, fill=MARK_COLOR, font=bold,
                  anchor="ls" if left_half else "rs")
    for x, y, line in legend_entries(geo):
        draw.line([(s(x), s(y - 2.5)), (s(x + 10), s(y - 2.5))], fill=line.color,
                  width=max(1, round(s(line.width))))
        draw.text((s(x + 13), s(y)), short_label(line.label), fill=TEXT_COLOR, font=small,
                  anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _dashed(draw: Any, start: tuple[float, float], end: tuple[float, float], dash: float,
            gap: float, width: int) -> None:
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    pos = 0.0
    while pos < length:
        stop = min(pos + dash, length)
        draw.line([(x0 + ux * pos, y0 + uy * pos), (x0 + ux * stop, y0 + uy * stop)],
                  fill=MARK_COLOR, width=width)
        pos = stop + gap
