"""The cost chart as a figure: markers at real crossings only, labels >= 7 pt, measured legend."""

from __future__ import annotations

import io
import re

from memo.cost import at_or_below_by_month, crossings_of, verdict_of
from memo.render.chart import (
    CHOSEN_COLOR,
    MARK_COLOR,
    MIN_TEXT_PT,
    OTHER_COLORS,
    Series,
    geometry,
    nice_step,
    rough_measure,
    series_from_context,
    svg,
)
from memo.render.present import view


def crossings(chosen: list[float], other: list[float]) -> list[int]:
    return [c.month for c in crossings_of(at_or_below_by_month(chosen, other))]


def verdict(chosen: list[float], other: list[float]) -> tuple[str, int | None]:
    flags = at_or_below_by_month(chosen, other)
    return verdict_of(flags).value, next((m for m, ok in enumerate(flags, 1) if ok), None)


def test_nice_step_is_round() -> None:
    assert nice_step(100_000) == 25_000
    assert nice_step(24, 4) == 10
    assert nice_step(0) == 1.0


def test_crossings_only_where_lines_really_cross() -> None:
    assert crossings([0, 1, 2, 3], [0, 2, 3, 4]) == []  # cheaper from the start: no marker
    assert crossings([5, 6, 7, 8], [0, 2, 6, 9]) == [3]
    assert crossings([5, 6, 7, 8], [0, 2, 7, 9]) == [2]  # they meet at month 2 (a tie counts)
    assert crossings([5, 6, 7, 9], [0, 2, 7, 8]) == [2, 3]  # touch, then part again
    # below from month 1 (month 0 is not compared), above in 2, below in 3
    assert crossings([5, 2, 7, 8], [0, 3, 6, 9]) == [2, 3]
    assert verdict([1, 1, 1], [2, 2, 2]) == ("dominates", 1)
    assert verdict([5, 6, 7, 8], [0, 2, 6, 9]) == ("pays_back", 3)
    assert verdict([5, 2, 7, 9], [0, 3, 6, 8]) == ("crosses_back", 1)
    assert verdict([5, 6], [0, 1]) == ("never", None)


def test_markers_at_crossings_labelled_and_on_the_chosen_line(context: dict) -> None:
    shown = view(context)
    costs = context["costs"]
    months = shown["verdicts"][0]["crossings"]
    geo = geometry(series_from_context(costs), [v["crossings"] for v in shown["all_verdicts"]])
    assert months and [m.label for m in geo.markers] == [f"month {m}" for m in months]
    chosen = geo.lines[-1]
    assert chosen.chosen and chosen.color == CHOSEN_COLOR
    assert (geo.markers[0].x, geo.markers[0].y) == chosen.points[months[0]]
    out = svg(geo, alt=shown["chart_title"])
    assert f">month {months[0]}</text>" in out
    assert f"<title>{shown['chart_title']}</title>" in out
    assert "USD, cumulative" in out and "month (0 = one-time cost)" in out


def test_no_marker_where_lines_never_meet() -> None:
    geo = geometry([Series("a", (10, 20, 30), True), Series("b", (0, 1, 2))], [[]])
    assert geo.markers == ()


def test_text_is_at_least_7pt_at_print_size_and_no_line_takes_the_marker_colour() -> None:
    series = [Series("chosen", (5, 6, 7, 8), True)] + [
        Series(f"option {i}", (0, i, 2 * i, 3 * i)) for i in range(1, 10)]
    geo = geometry(series, [crossings(list(series[0].cumulative), list(s.cumulative))
                            for s in series[1:]])
    out = svg(geo)
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', out)]
    assert sizes and min(sizes) >= MIN_TEXT_PT
    assert f'width="{geo.width:g}pt"' in out and f'viewBox="0 0 {geo.width:g} ' in out
    colours = {line.color for line in geo.lines}
    assert MARK_COLOR not in colours and MARK_COLOR not in OTHER_COLORS
    # Nine alternatives: colours repeat only with a different dash pattern.
    styles = {(line.color, line.dash) for line in geo.lines}
    assert len(styles) == len(geo.lines)


def test_legend_wraps_and_never_drops_chosen() -> None:
    long = "Self-hosted LoRA adapter on a quantised Llama model served from two regions " * 2
    series = [Series(long, (5, 6, 7), True), *(Series(f"Option {i} with a longer name", (0, 3, 9))
                                                for i in range(5))]
    geo = geometry(series, [[2]] * 5, title="A title", legend=True)
    chosen = next(e for e in geo.legend if e.line.chosen)
    assert len(chosen.text_lines) > 1
    assert " ".join(chosen.text_lines).replace("  ", " ").endswith("(chosen)")
    assert " ".join(chosen.text_lines).split() == (long + " (chosen)").split()
    for entry in geo.legend:
        for line in entry.text_lines:
            assert entry.x + 15 + rough_measure(line, 8) <= geo.width + 0.01
        assert entry.y < geo.height
    assert len({e.line.label for e in geo.legend}) == 6


def test_svg_escapes_option_names() -> None:
    series = [Series("<script>alert(1)</script> & co", (0, 1, 2), True), Series("b", (1, 1, 1))]
    out = svg(geometry(series, [[1]]), alt="<b>alt</b>")
    assert "<script>" not in out and "<b>" not in out and "&lt;b&gt;alt" in out


def test_png_carries_title_and_legend(context: dict) -> None:
    from PIL import Image

    from memo.render.chart_png import chart_geometry, png

    shown = view(context)
    geo = chart_geometry(series_from_context(context["costs"]),
                         [v["crossings"] for v in shown["all_verdicts"]], shown["chart_title"])
    assert geo.title_lines and " ".join(geo.title_lines) == shown["chart_title"]
    assert [e.line.chosen for e in geo.legend] == [True, False]
    image = Image.open(io.BytesIO(png(geo, dpi=144)))
    assert image.format == "PNG"
    assert image.size == (round(geo.width * 2), round(geo.height * 2))


def test_png_font_falls_back_by_script() -> None:
    from memo.render.chart_png import font_for

    assert "Carlito" in font_for("LoRA adapter", 30).getname()[0]
    assert "DejaVu" in font_for("الاسترجاع", 30).getname()[0]
