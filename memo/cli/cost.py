"""`memo cost ANSWERS`: the cost table, TCO, verdicts, break-even volume and sensitivity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from memo.errors import Location, UserError

if TYPE_CHECKING:  # the cost model is imported lazily when the command runs
    from memo.cost import BreakEven, CostReport, Scenario
    from memo.model import Memo


@click.command()
@click.argument("answers", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def cost(answers: Path, as_json: bool) -> None:
    """Print per-request cost, one-time cost, TCO, the verdict against each alternative,
    the break-even volume and how the verdict moves with volume, API prices and serving."""
    from memo.answers import load
    from memo.cost import cost_report, sensitivity

    document = load(answers)
    memo = document.memo
    if memo.costs is None or not memo.costs.options:
        # Located like a load error: the file, and the `costs:` line when there is one.
        where = (document.source.locate(("costs", "options")) if memo.costs is not None
                 else Location(document.source.path))
        raise UserError("the memo has no cost options", field="costs.options", location=where,
                        hint="add `costs:` with an option per approach compared")
    report = cost_report(memo.costs)
    scenarios = sensitivity(memo.costs)
    if as_json:
        click.echo(json.dumps(as_data(memo, report, scenarios), indent=2))
    else:
        _print_table(memo, report, scenarios)


def _break_even_data(b: BreakEven) -> dict[str, Any]:
    return {
        "alternative": b.alternative, "alternative_index": b.alternative_index,
        "month": b.month, "verdict": b.verdict.value, "settled_month": b.settled_month,
        "last_cheaper_month": b.last_cheaper_month,
        "crossings": [{"month": c.month, "chosen_cheaper": c.chosen_cheaper}
                      for c in b.crossings],
        "tco_difference_usd": b.tco_difference_usd,
        "break_even_volume": b.break_even_volume,
        "chosen_cheaper_above_volume": b.chosen_cheaper_above_volume,
    }


def as_data(memo: Memo, report: CostReport, scenarios: tuple[Scenario, ...]) -> dict[str, Any]:
    higher = memo.evaluation.higher_is_better if memo.evaluation else None
    return {
        "horizon_months": report.horizon_months,
        "requests_per_month": report.requests_per_month,
        "monthly_growth_pct": report.monthly_growth_pct,
        "options": [
            {
                "name": o.name, "kind": o.kind, "chosen": o.chosen, "index": o.index,
                "per_request_usd": o.per_request_usd,
                "all_in_per_request_usd": o.all_in_per_request_usd,
                "first_month_usd": o.first_month_usd, "one_time_usd": o.one_time_usd,
                "monthly_fixed_usd": o.monthly_fixed_usd,
                "fixed_items": [{"item": what, "monthly_usd": amount}
                                for what, amount in o.fixed_items],
                "tco_usd": o.tco_usd, "quality": o.quality,
                "cost_per_success_usd": o.cost_per_success_usd(higher is not False),
                "retrain_months": list(o.retrain_months),
                "cumulative_usd": list(o.cumulative_usd),
            }
            for o in report.options
        ],
        "break_even": [_break_even_data(b) for b in report.break_even],
        "sensitivity": [
            {"scenario": s.key, "label": s.label,
             "break_even": [{"alternative": b.alternative,
                             "alternative_index": b.alternative_index, "month": b.month,
                             "verdict": b.verdict.value, "settled_month": b.settled_month,
                             "tco_difference_usd": b.tco_difference_usd}
                            for b in s.break_even]}
            for s in scenarios
        ],
    }


def _print_table(memo: Memo, report: CostReport, scenarios: tuple[Scenario, ...]) -> None:

    from memo.format import (
        compact,
        months,
        percent,
        scenario_text,
        usd,
        verdict_sentence,
        verdict_short,
        volume_text,
    )

    # Option names are user text: rich markup escaped, control and bidi characters shown.
    from memo.safe_text import rich as escape

    horizon = report.horizon_months
    versus = {b.alternative_index: b for b in report.break_even}
    higher = not (memo.evaluation and memo.evaluation.higher_is_better is False)
    show_quality = any(o.quality is not None for o in report.options)
    title = (f"Costs over {months(horizon)}: {compact(report.requests_per_month)} "
             f"requests/month, {percent(report.monthly_growth_pct)} monthly growth")
    headings = ["Option", "Kind", "Per request", "All-in", "Fixed/mo", "One-time",
                "Retrains", f"TCO {horizon} mo", "Break-even"]
    if show_quality:
        headings[4:4] = ["Quality", "Per success"]
    rows = []
    for o in report.options:
        result = versus.get(o.index)
        all_in = o.all_in_per_request_usd
        row = [escape(f"{o.name} (chosen)" if o.chosen else o.name), o.kind,
               usd(o.per_request_usd), usd(all_in) if all_in is not None else "-",
               usd(o.monthly_fixed_usd), usd(o.one_time_usd), str(len(o.retrain_months)),
               usd(o.tco_usd), verdict_short(result) if result else "-"]
        if show_quality:
            per_success = o.cost_per_success_usd(higher)
            row[4:4] = [f"{o.quality:g}" if o.quality is not None else "-",
                        usd(per_success) if per_success is not None else "-"]
        rows.append(row)
    console = _console()
    console.print(_fitting_table(console, title, headings, rows))
    chosen = report.chosen
    if chosen is None:
        console.print("No option is marked chosen: no verdict is computed.")
        return
    for b in report.break_even:
        console.print(escape(f"{chosen.name} against {b.alternative}: "
                             f"{verdict_sentence(b, horizon)}."))
        volume = volume_text(b, report.requests_per_month)
        if volume:
            console.print(escape(f"  Break-even volume: {volume}."))
    for scenario in scenarios:
        if not scenario.break_even:
            continue  # one option: nothing to compare under any scenario
        parts = [f"{scenario_text(b, horizon)} against {b.alternative}"
                 for b in scenario.break_even]
        console.print(escape(f"If {scenario.label}: " + "; ".join(parts) + "."))


def _fitting_table(console: Any, title: str, headings: list[str], rows: list[list[str]]
                   ) -> Any:
    """One row per option where that fits the width; else one column per option (a narrow
    terminal), so that no figure is ever cut short."""
    from rich.measure import Measurement
    from rich.table import Table

    wide = Table(title=title)
    for heading in headings:
        wide.add_column(heading, justify="left" if heading in ("Option", "Kind") else "right",
                        min_width=20 if heading == "Option" else None, overflow="fold")
    for row in rows:
        wide.add_row(*row)
    # measured without the console's limit (a measurement is clamped to it)
    unlimited = console.options.update_width(1_000_000)
    if Measurement.get(console, unlimited, wide).maximum <= console.width:
        return wide
    tall = Table(title=title)
    tall.add_column("", justify="left", no_wrap=True)
    for row in rows:
        tall.add_column(row[0], justify="right", overflow="fold")
    for index, heading in enumerate(headings[1:], start=1):
        tall.add_row(heading, *(row[index] for row in rows))
    return tall


def _console() -> Any:
    """A terminal's own width (rich wraps the cells to fit); for a pipe or a CI log, room for
    the whole table (``COLUMNS`` where set), never a table clipped at an assumed width."""
    import os

    from rich.console import Console

    console = Console(soft_wrap=False, highlight=False)
    if console.is_terminal:
        return console
    width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 0
    return Console(soft_wrap=False, highlight=False, width=width or 400)


COMMANDS = [cost]
