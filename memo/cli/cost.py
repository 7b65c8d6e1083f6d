"""`memo cost ANSWERS`: the cost table, TCO and break-even."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from memo.errors import UserError

if TYPE_CHECKING:  # the cost model is imported lazily when the command runs
    from memo.cost import CostReport


@click.command()
@click.argument("answers", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def cost(answers: Path, as_json: bool) -> None:
    """Print per-request cost, month-1 cost, one-time cost, TCO and break-even per option."""
    from memo.answers import load
    from memo.cost import cost_report

    memo = load(answers).memo
    if memo.costs is None or not memo.costs.options:
        raise UserError("the memo has no cost options", field="costs.options",
                        hint="add `costs:` with an option per approach compared")
    report = cost_report(memo.costs)
    if as_json:
        click.echo(json.dumps(_as_data(report), indent=2))
    else:
        _print_table(report)


def _as_data(report: CostReport) -> dict[str, Any]:
    return {
        "horizon_months": report.horizon_months,
        "requests_per_month": report.requests_per_month,
        "monthly_growth_pct": report.monthly_growth_pct,
        "options": [
            {
                "name": o.name, "kind": o.kind, "chosen": o.chosen,
                "per_request_usd": o.per_request_usd, "first_month_usd": o.first_month_usd,
                "one_time_usd": o.one_time_usd, "tco_usd": o.tco_usd,
                "retrain_months": list(o.retrain_months),
                "cumulative_usd": list(o.cumulative_usd),
            }
            for o in report.options
        ],
        "break_even": [
            {"alternative": b.alternative, "month": b.month,
             "tco_difference_usd": b.tco_difference_usd}
            for b in report.break_even
        ],
    }


def _print_table(report: CostReport) -> None:
    from rich.console import Console
    from rich.table import Table

    from memo.format import break_even_text, compact, percent, usd
    from memo.safe_text import rich as safe  # option names are user text: no markup, no escapes

    horizon = report.horizon_months
    versus = {b.alternative: b for b in report.break_even}
    table = Table(title=f"Costs over {horizon} months: {compact(report.requests_per_month)} "
                        f"requests/month, {percent(report.monthly_growth_pct)} monthly growth")
    for heading in ("Option", "Kind", "Per request", "Month 1", "One-time", "Retrains",
                    f"TCO ({horizon} mo)", "Break-even"):
        table.add_column(heading, justify="left" if heading in ("Option", "Kind") else "right")
    for o in report.options:
        result = versus.get(o.name)
        table.add_row(
            safe(f"{o.name} (chosen)" if o.chosen else o.name), safe(o.kind),
            usd(o.per_request_usd),
            usd(o.first_month_usd), usd(o.one_time_usd), str(len(o.retrain_months)),
            usd(o.tco_usd), break_even_text(result.month, horizon) if result else "-",
        )
    console = Console(soft_wrap=False, width=max(120, Console().width))
    console.print(table)
    chosen = report.chosen
    if chosen is None:
        console.print("No option is marked chosen: break-even is not computed.")
    for b in report.break_even:
        assert chosen is not None  # break-even is only computed against a chosen option
        direction = "less" if b.tco_difference_usd <= 0 else "more"
        console.print(f"{safe(chosen.name)} vs {safe(b.alternative)}: break-even "
                      f"{break_even_text(b.month, horizon)}; over {horizon} months it costs "
                      f"{usd(abs(b.tco_difference_usd))} {direction}.", highlight=False)


COMMANDS = [cost]
