"""`memo list [PATH...]`: one row per memo, for a team's portfolio of decisions.

Kept as light as `memo check`: the same recognition, rules and settings, nothing that renders.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from memo.cli.check import _date
from memo.cli.output import no_memos_found

FORMATS = ("table", "json", "csv")
STATUSES = ("draft", "proposed", "accepted", "rejected", "superseded")


@click.command(name="list", short_help="One row per memo: status, owner, costs, review date.")
@click.argument("paths", nargs=-1, metavar="[PATH]...",
                type=click.Path(path_type=Path, readable=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="A table for people, json or csv for scripts.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only memos with this status; repeat for several.")
@click.option("--overdue", is_flag=True,
              help="Only memos whose review date has passed (and that are still in force).")
@click.option("--as-of", "as_of", callback=_date, metavar="DATE",
              help="Judge review dates and staleness as of DATE (YYYY-MM-DD)  "
                   "[default: today]")
@click.pass_context
def list_memos(ctx: click.Context, paths: tuple[Path, ...], fmt: str,
               statuses: tuple[str, ...], overdue: bool, as_of: dt.date | None) -> None:
    """List the memos in PATH... (files and folders, searched as `memo check` searches them;
    default: the current folder): title, status, owner, chosen fix, break-even against the
    strongest alternative, horizon TCO, review-by date (overdue marked), checklist errors and
    warnings (as `memo check` counts them, with the same settings), superseded-by.

    A file that cannot be read is listed with its error whatever the filters.

    \b
    Exit codes:
      0  listed (checklist errors do not fail a listing; `memo check` is the gate)
      2  a file cannot be read or parsed, no memo found, or bad usage
    """
    from memo.checking import CheckOptions
    from memo.config import resolve
    from memo.model import Status
    from memo.portfolio.entries import collect
    from memo.portfolio.listing import FORMATTERS, ListFormat

    paths = paths or (Path("."),)
    portfolio = collect(paths, CheckOptions.from_config(resolve(Path.cwd()), as_of))
    if not portfolio.entries:
        raise no_memos_found(paths)
    shown = portfolio.select([Status(s) for s in statuses], overdue)
    click.echo(FORMATTERS[ListFormat(fmt)](portfolio, shown))
    ctx.exit(2 if portfolio.unreadable else 0)


COMMANDS = [list_memos]
