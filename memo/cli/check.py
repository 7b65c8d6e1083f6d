"""`memo check PATH...`: the checklist review, for people and for CI."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from memo.errors import UserError


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check answers files, rendered memos (.md/.docx/.pdf) and folders of them.

    Exit 0 when every memo passes, 1 when a checklist error (or, with --strict, a
    warning) is found, 2 when a file cannot be read.
    """
    from memo.checking import check_paths
    from memo.reports import ReportFormat, reporter_for

    run = check_paths(paths)
    if not run.files:
        raise UserError("no memo files found", field="PATH",
                        hint="name answers files (.yaml) or rendered memos (.md/.docx/.pdf)")
    colour = fmt == "text" and sys.stdout.isatty()
    click.echo(reporter_for(ReportFormat(fmt))(run, strict, colour))
    ctx.exit(run.exit_code(strict))


COMMANDS = [check]
