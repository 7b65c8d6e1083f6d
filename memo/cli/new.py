"""`memo new` and `memo edit`: the guided questionnaire (or --answers FILE --no-input).

questionary is imported only inside memo.prompt, when a questionnaire actually runs, so
`memo --help` and `memo new --no-input` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from memo.cli.output import info, warn
from memo.errors import UserError

NO_TTY_HINT = ("to write a memo without prompts, use `memo new --answers FILE --no-input` "
               "(start from a file in samples/)")


def stdin_is_tty() -> bool:
    """Whether a person can answer prompts (tests drive prompts through prompt_toolkit)."""
    return sys.stdin is not None and sys.stdin.isatty()


def require_terminal() -> None:
    if not stdin_is_tty():
        raise UserError("the interactive questionnaire needs a terminal on stdin",
                        hint=NO_TTY_HINT)


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("memo.yaml"),
              show_default=True, help="Where to write the answers file.")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path, readable=False),
              help="Take the answers from this file (YAML, or a rendered memo); with a "
              "terminal and without --no-input they become the questionnaire's defaults.")
@click.option("--no-input", is_flag=True, help="Never prompt; with --answers, just validate "
              "and write.")
@click.option("--resume", is_flag=True, help="Continue the questionnaire from the draft "
              "saved beside the output (memo.yaml -> memo.draft.yaml).")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def new(output: Path, answers_file: Path | None, no_input: bool, resume: bool,
        force: bool) -> None:
    """Write a new answers file through the guided questionnaire.

    \b
    Every answer is checked as it is typed and saved at once to a draft beside the
    output (memo.yaml -> memo.draft.yaml); Ctrl-C or Ctrl-D stops (exit 130) and
    `memo new --resume -o OUTPUT` continues. Needs a terminal; see docs/questionnaire.md.
    """
    if output.exists() and not force:
        raise UserError("already exists; not overwritten", field="--output",
                        hint="use `memo edit` to change it, or pass --force")
    if no_input or (answers_file is not None and not stdin_is_tty()):
        if answers_file is None:
            raise UserError("--no-input needs --answers FILE", field="--answers")
        _write_from_file(answers_file, output)
        return
    require_terminal()
    answers = _answers_of(answers_file) if answers_file is not None else None
    run_questionnaire(output, answers, mode="new", resume=resume)


@click.command()
@click.argument("answers_file", metavar="ANSWERS",
                type=click.Path(path_type=Path, readable=False))
@click.option("--resume", is_flag=True, help="Continue from the draft saved beside the file "
              "(memo.yaml -> memo.draft.yaml) after an interruption.")
def edit(answers_file: Path, resume: bool) -> None:
    """Re-ask every question with the current answers of ANSWERS (.yaml) as defaults.

    The file is replaced atomically; the previous version is kept as ANSWERS.bak.
    """
    if answers_file.suffix.lower() not in (".yaml", ".yml"):
        raise UserError("memo edit changes a .yaml answers file", location=None,
                        field="ANSWERS",
                        hint="for a rendered memo, run `memo new --answers MEMO.md -o "
                             "memo.yaml` first")
    require_terminal()
    answers = None if resume else _answers_of(answers_file)
    run_questionnaire(answers_file, answers, mode="edit", resume=resume)


def _answers_of(path: Path) -> dict[str, Any]:
    from memo.answers import load, to_data

    return to_data(load(path).memo)


def _write_from_file(answers_file: Path, output: Path) -> None:
    from memo.answers import load, save

    memo = load(answers_file).memo
    save(memo, output)
    _report(memo, output)


def _report(memo: Any, output: Path) -> list[Any]:
    """Say what was written and what the checklist thinks of it; return the findings."""
    from memo.rules import check_memo

    findings = check_memo(memo)
    errors = sum(1 for f in findings if f.severity == "error")
    info(f"wrote {output} ({errors} checklist error(s), {len(findings) - errors} warning(s); "
         f"run `memo check {output}`)")
    return findings


def run_questionnaire(output: Path, answers: dict[str, Any] | None, *, mode: str,
                      resume: bool = False) -> Path:
    """Run the questionnaire to its end, save the answers file, render the chosen formats."""
    from memo.answers import save
    from memo.drafts import discard_draft, draft_path_for, load_draft
    from memo.model import Memo
    from memo.prompt import Questionnaire, start

    draft_path = draft_path_for(output)
    if resume:
        draft = load_draft(draft_path)
        info(f"resuming from {draft_path}")
    else:
        draft = start(answers, output, draft_path, mode)
    command = (f"memo edit {output} --resume" if mode == "edit"
               else f"memo new --resume -o {output}")
    session = Questionnaire(draft, draft_path, click.echo, resume=resume, resume_command=command)
    outcome = session.run()
    memo = Memo.model_validate(outcome.answers)
    save(memo, output, backup=mode == "edit")
    discard_draft(draft_path)
    if mode == "edit":
        info(f"previous version kept as {output.name}.bak")
    findings = _report(memo, output)
    _render(output, memo, outcome.formats, findings)
    return output


def _render(output: Path, memo: Any, formats: list[str], findings: list[Any]) -> None:
    from memo.answers import atomic_write
    from memo.cli.render import output_paths
    from memo.context import build_context
    from memo.render import OutputFormat, RenderOptions, render

    if not formats:
        return
    targets = output_paths(output, formats, None)
    context = build_context(memo, findings)  # the checklist already ran for the summary
    for fmt in formats:
        try:
            data = render(context, OutputFormat(fmt), RenderOptions())
        except UserError as exc:
            warn(f"{fmt}: {exc.message}; render later with `memo render {output} -f {fmt}`")
            continue
        atomic_write(targets[fmt], data)
        info(f"wrote {targets[fmt]}")


COMMANDS = [new, edit]
