"""The cumulative-cost chart: pure geometry, SVG and PNG from the same numbers."""

from __future__ import annotations

import io

from memo.render.chart import Series, geometry, nice_step, series_from_context, svg


def test_nice_step_is_round() -> None:
    assert nice_step(100_000) == 25_000
    assert nice_step(24, 4) == 10
    assert nice_step(0) == 1.0


def test_break_even_marked_on_the_chosen_line(context: dict) -> None:
    costs = context["costs"]
    marks = [(b["alternative"], b["month"]) for b in costs["break_even"]]
    geo = geometry(series_from_context(costs), marks)
    month = costs["break_even"][0]["month"]
    assert [m.label for m in geo.markers] == [f"break-even: month {month}"]
    chosen = geo.lines[-1]
    assert chosen.label.endswith("(chosen)")
    assert (geo.markers[0].x, geo.markers[0].y) == chosen.points[month]
    out = svg(geo)
    assert out.startswith("<svg") and f"break-even: month {month}" in out


def test_svg_escapes_option_names() -> None:
    series = [Series("<script>alert(1)</script> & co", (0, 1, 2), True), Series("b", (1, 1, 1))]
    out = svg(geometry(series, [("b", 1)]))
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_never_breaking_even_has_no_marker() -> None:
    geo = geometry([Series("a", (10, 20, 30), True), Series("b", (0, 1, 2))], [("b", None)])
    assert geo.markers == ()


def test_png_from_same_geometry(context: dict) -> None:
    from PIL import Image

    from memo.render.chart_png import png

    costs = context["costs"]
    geo = geometry(series_from_context(costs), [(b["alternative"], b["month"])
                                               for b in costs["break_even"]])
    image = Image.open(io.BytesIO(png(geo, scale=2)))
    assert image.format == "PNG"
    assert image.size == (round(geo.width * 2), round(geo.height * 2))
