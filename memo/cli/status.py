"""`memo status FILE STATUS [--by NEWER] [--date D]`: move a memo through its lifecycle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from memo.cli.check import _date
from memo.cli.output import info, warn

STATUSES = ("draft", "proposed", "accepted", "rejected", "superseded")


@click.command(short_help="Move a memo through draft, proposed, accepted, rejected, superseded.")
@click.argument("answers_file", metavar="FILE", type=click.Path(path_type=Path, readable=False))
@click.argument("status", metavar="STATUS", type=click.Choice(STATUSES))
@click.option("--by", "by", type=click.Path(path_type=Path, readable=False), metavar="NEWER",
              help="With superseded: the newer memo that replaces this one (it must load).")
@click.option("--date", "date", callback=_date, metavar="DATE",
              help="The day of the decision (YYYY-MM-DD), recorded as `decided` for "
                   "accepted, rejected and superseded  [default: today]")
def status(answers_file: Path, status: str, by: Path | None, date: dt.date | None) -> None:
    """Change the status of the memo in FILE (.yaml) and save it, comments kept.

    \b
    draft -> proposed -> accepted -> superseded --by NEWER
                      -> rejected -> proposed (reopened)

    Accepting runs the checklist (settings as for `memo check`) and is refused with its
    findings while it finds errors. An accepted memo is superseded by a newer one, never
    turned back; a superseded memo stays superseded. See docs/portfolio.md.

    \b
    Exit codes:
      0  the status was changed (or already was STATUS)
      1  not accepted: the checklist finds errors (listed on stdout)
      2  a refused change, a file that does not load, bad usage
    """
    from memo.checking import CheckOptions
    from memo.config import resolve
    from memo.model import Status
    from memo.portfolio.lifecycle import NotAcceptable, set_status

    config = resolve(Path.cwd())
    options = CheckOptions.from_config(config)
    try:
        change = set_status(answers_file, Status(status), by=by, date=date, options=options,
                            strict=config.strict)
    except NotAcceptable as refused:
        from memo.checking import CheckRun
        from memo.reports.text import report

        click.echo(report(CheckRun([refused.result]), config.strict))
        raise
    if not change.changed:
        info(f"{answers_file} is already {change.after}; nothing changed")
        return
    said = f"{answers_file}: {change.before} -> {change.after}"
    if change.decided is not None:
        said += f" (decided {change.decided})"
    if change.superseded_by is not None:
        said += f"; superseded by {change.superseded_by}"
    info(said)
    if change.newer_status is not None and change.newer_status != Status.ACCEPTED:
        warn(f"the newer memo {by} is still {change.newer_status}; accept it too: "
             f"memo status {by} accepted")


COMMANDS = [status]
