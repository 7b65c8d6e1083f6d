"""`memo new`: create an answers file (the guided questionnaire, or --answers FILE --no-input)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from memo.cli.output import info
from memo.errors import UserError


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("memo.yaml"),
              show_default=True, help="Where to write the answers file.")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path),
              help="Take the answers from this file (YAML, or a rendered memo).")
@click.option("--no-input", is_flag=True, help="Never prompt; with --answers, just validate "
              "and write.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def new(output: Path, answers_file: Path | None, no_input: bool, force: bool) -> None:
    """Write a new answers file through the guided questionnaire."""
    from memo.answers import load, save
    from memo.rules import check_memo

    if output.exists() and not force:
        raise UserError("already exists; not overwritten", field="--output",
                        hint="use `memo edit` to change it, or pass --force")
    if no_input or (answers_file is not None and not sys.stdin.isatty()):
        if answers_file is None:
            raise UserError("--no-input needs --answers FILE", field="--answers")
        memo = load(answers_file).memo
    else:
        raise UserError("the interactive questionnaire needs a terminal",
                        hint="use `memo new --answers FILE --no-input`")
    save(memo, output)
    findings = check_memo(memo)
    errors = sum(1 for f in findings if f.severity == "error")
    info(f"wrote {output} ({errors} checklist error(s), {len(findings) - errors} warning(s); "
         f"run `memo check {output}`)")


COMMANDS = [new]
