"""`memo site PATH... -o DIR`: a static site of a team's memos that opens from file://."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import click

from memo.cli.check import _date
from memo.cli.output import info, no_memos_found, warn


class _Warnings(logging.Handler):
    """The renderers' notes (an estimated fit, a glyph no font draws) as memo warnings."""

    def emit(self, record: logging.LogRecord) -> None:
        warn(record.getMessage())


@click.command(short_help="A static site of the memos, for file:// or any host.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                type=click.Path(path_type=Path, readable=False))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True,
              help="The site's folder: new, empty, or a site memo wrote before (replaced "
                   "whole).")
@click.option("--as-of", "as_of", callback=_date, metavar="DATE",
              help="Judge review dates and staleness as of DATE (YYYY-MM-DD)  "
                   "[default: today]")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter",
              show_default=True, help="Paper size of the PDFs.")
@click.option("--no-pdf", is_flag=True, help="Skip the PDFs (faster previews).")
def site(paths: tuple[Path, ...], output: Path, as_of: dt.date | None, paper: str,
         no_pdf: bool) -> None:
    """Write a static site of the memos in PATH... (files and folders, found as `memo check`
    finds them) to DIR: an index with every memo (filter by status, sort by review date,
    overdue reviews and failing checklists marked, supersede chains both ways), a record
    page per memo with its checklist findings, and each memo as HTML and PDF.

    Plain HTML and CSS that works from file:// with no server and no network. A file that
    cannot be read gets a row with its error; the site is still written, and the exit code
    is 2.
    """
    from memo.checking import CheckOptions
    from memo.config import resolve
    from memo.portfolio.entries import collect
    from memo.portfolio.site import SiteOptions, build

    portfolio = collect(paths, CheckOptions.from_config(resolve(Path.cwd()), as_of))
    if not portfolio.entries:
        raise no_memos_found(paths)
    handler = _Warnings(level=logging.WARNING)
    log = logging.getLogger("memo.render")
    log.addHandler(handler)
    log.propagate = False
    try:
        result = build(portfolio, output, SiteOptions(pdf=not no_pdf, paper=paper))
    finally:
        log.removeHandler(handler)
        log.propagate = True
    for problem in result.problems:
        warn(problem)
    unreadable = [e for e in portfolio.entries if e.unreadable]
    for entry in unreadable:
        warn(f"{entry.path}: cannot be read: {entry.error}")
    pdfs = "" if no_pdf else f", {result.pdfs} PDF{'s' * (result.pdfs != 1)}"
    info(f"wrote {result.index}: {len(portfolio.entries)} memo"
         f"{'s' * (len(portfolio.entries) != 1)} ({result.pages} HTML page"
         f"{'s' * (result.pages != 1)}{pdfs})")
    if unreadable:
        raise click.exceptions.Exit(2)


COMMANDS = [site]
