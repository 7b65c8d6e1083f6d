"""`memo new`: the guided questionnaire (or --answers / --from FILE --no-input), and the finish
shared with `memo edit`: save the answers, then write each chosen format that can be written.

questionary is imported only inside memo.prompt, when a questionnaire actually runs, so
`memo --help` and `memo new --no-input` stay fast.

Exit codes: 0 saved (checklist findings are reported, not failed on), 2 bad input or usage,
130 interrupted (the draft is kept), and 3 when the answers file was saved but a chosen
format could not be written (it does not fit one page, or its renderer is missing): the
other formats are written all the same.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from memo.cli.output import info, warn
from memo.errors import Interrupted, MemoError, UserError

NO_TTY_HINT = ("to write a memo without prompts, use `memo new --answers FILE --no-input` "
               "(start from a file in samples/)")
EXIT_NOT_WRITTEN = 3


class FormatsNotWritten(MemoError):
    """The answers file is saved, but a chosen output format could not be written. Exit 3."""

    exit_code = EXIT_NOT_WRITTEN

    def __init__(self, message: str, hint: str) -> None:
        self.message, self.hint = message, hint
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


def stdin_is_tty() -> bool:
    """Whether a person can answer prompts (tests drive prompts through prompt_toolkit)."""
    return sys.stdin is not None and sys.stdin.isatty()


def require_terminal(hint: str = NO_TTY_HINT) -> None:
    if not stdin_is_tty():
        raise UserError("the interactive questionnaire needs a terminal on stdin", hint=hint)


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("memo.yaml"),
              show_default=True, help="Where to write the answers file.")
@click.option("--from", "from_file", type=click.Path(path_type=Path, readable=False),
              help="Start from another memo or a sample (YAML or a rendered memo): its "
              "answers are the suggestions, with today's date and status draft.")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path, readable=False),
              help="Take the answers from this file as they are (YAML, or a rendered memo); "
              "with a terminal and without --no-input they become the suggestions.")
@click.option("--no-input", is_flag=True, help="Never prompt; with --answers or --from, "
              "just validate and write.")
@click.option("--resume", is_flag=True, help="Continue the questionnaire from the draft "
              "saved beside the output (memo.yaml -> memo.draft.yaml).")
@click.option("--force", is_flag=True, help="Overwrite an existing output file and rendered "
              "memos without asking.")
def new(output: Path, from_file: Path | None, answers_file: Path | None, no_input: bool,
        resume: bool, force: bool) -> None:
    """Write a new answers file through the guided questionnaire.

    \b
    Every answer is checked as it is typed and saved at once to a draft beside the
    output (memo.yaml -> memo.draft.yaml); Ctrl-C or Ctrl-D stops (exit 130) and
    `memo new --resume -o OUTPUT` continues. Needs a terminal; see docs/questionnaire.md.
    Exit 3: the answers were saved but a chosen format could not be written.
    """
    from memo.drafts import draft_path_for

    if from_file is not None and answers_file is not None:
        raise UserError("--from and --answers both name a starting file; give one",
                        field="--from")
    source = from_file or answers_file
    draft_path = draft_path_for(output)
    if resume:
        require_terminal()
        run_questionnaire(output, None, mode="new", resume=True, overwrite=force)
        return
    if output.exists() and not force:
        raise UserError("already exists; not overwritten", field="--output",
                        hint="use `memo edit` to change it, or pass --force")
    if no_input or (source is not None and not stdin_is_tty()):
        if source is None:
            raise UserError("--no-input needs --answers FILE", field="--answers")
        _write_from_file(source, output, restart=from_file is not None)
        return
    if draft_path.exists():
        require_terminal(hint=f"a draft of this memo exists ({draft_path}); continue it in a "
                              f"terminal with `memo new --resume -o {output}`")
        if not _keep_or_replace_draft(draft_path, f"memo new --resume -o {output}"):
            run_questionnaire(output, None, mode="new", resume=True, overwrite=force)
            return
    require_terminal()
    answers = _answers_of(source, restart=from_file is not None) if source else None
    run_questionnaire(output, answers, mode="new", seeded=source is not None, overwrite=force)


def _keep_or_replace_draft(draft_path: Path, command: str) -> bool:
    """A draft exists: resume it (False), start over (True), or stop."""
    from memo.prompt import ask_choice

    info(f"an unfinished draft exists: {draft_path}")
    choice = ask_choice("What should happen to it?", [
        ("resume", f"Resume it (same as `{command}`)"),
        ("replace", "Start over: the draft is replaced"),
        ("stop", "Stop here; the draft stays as it is"),
    ], "resume")
    if choice == "stop":
        raise Interrupted(f"stopped; the draft is unchanged. Continue it with `{command}`")
    return choice == "replace"


def _answers_of(path: Path, *, restart: bool = False) -> dict[str, Any]:
    from memo.answers import load, to_data
    from memo.questions import from_other_memo

    data = to_data(load(path).memo)
    return from_other_memo(data) if restart else data


def _write_from_file(source: Path, output: Path, *, restart: bool) -> None:
    from memo.answers import load, save
    from memo.model import Memo

    memo = load(source).memo
    if restart:
        memo = Memo.model_validate(_answers_of(source, restart=True))
    save(memo, output)
    _report(memo, output)


def _report(memo: Any, output: Path, written: Iterable[Path] = ()) -> list[Any]:
    """Say what was written and what the checklist thinks of it; return the findings.
    Rendered memos beside the answers that are not being written again now show the old
    answers: say so, with the command that renders them again."""
    from memo.rules import check_memo

    findings = check_memo(memo)
    errors = sum(1 for f in findings if f.severity == "error")
    info(f"wrote {output} ({errors} checklist error(s), {len(findings) - errors} warning(s); "
         f"run `memo check {output}`)")
    fresh = {Path(p).resolve() for p in written}
    stale = [fmt for fmt in ("md", "html", "pdf", "docx")
             if (other := output.with_suffix(f".{fmt}")).is_file()
             and other.resolve() not in fresh]
    if stale:
        names = ", ".join(output.with_suffix(f".{fmt}").name for fmt in stale)
        flags = " ".join(f"-f {fmt}" for fmt in stale)
        info(f"{names} still show the previous answers; render again with "
             f"`memo render {output} {flags}`")
    return findings


def run_questionnaire(output: Path, answers: dict[str, Any] | None, *, mode: str,
                      resume: bool = False, sections: list[str] | None = None,
                      seeded: bool = False, overwrite: bool = False) -> Path:
    """Run the questionnaire to its end, save the answers file, write the chosen formats.

    ``sections`` (``memo edit --section``): ask those and their dependents, then save; an
    empty list opens the section menu; None walks everything (``memo new``)."""
    from memo.answers import save
    from memo.drafts import discard_draft, draft_path_for, load_draft, resume_command
    from memo.model import Memo
    from memo.prompt import Questionnaire, start

    draft_path = draft_path_for(output)
    if resume:
        draft = load_draft(draft_path)
        info(f"resuming from {draft_path}")
    else:
        draft = start(answers, output, draft_path, mode, plan=sections,
                      review=sections is None or not sections,
                      formats=None if mode == "new" else [], seeded=seeded)
    session = Questionnaire(draft, draft_path, click.echo, resume=resume,
                            resume_command=resume_command(draft), measure=measure_fits)
    outcome = session.run()
    memo = Memo.model_validate(outcome.answers)
    target = Path(draft.output)
    if draft.mode == "new" and target.exists() and not overwrite:
        target = _another_target(target)
    targets = _confirmed_targets(target, outcome.formats, draft.mode, overwrite)
    save(memo, target, backup=draft.mode == "edit")
    discard_draft(draft_path)
    if draft.mode == "edit":
        info(f"previous version kept as {target.name}.bak")
    findings = _report(memo, target, targets.values())
    _write_formats(target, memo, targets, outcome.fits, findings)
    return target


def _another_target(target: Path) -> Path:
    """The output appeared while the questionnaire ran: replace it only if the user says so."""
    from memo.prompt import ask_confirm, ask_path

    stopped = "interrupted; nothing was saved and the draft is kept"
    if ask_confirm(f"{target} was created while you answered. Replace it?", False, stopped):
        return target
    while True:
        other = Path(ask_path("Save the answers as (another file name):", stopped))
        if not other.exists():
            return other
        warn(f"{other} exists too")


def _confirmed_targets(output: Path, formats: list[str], mode: str,
                       overwrite: bool) -> dict[str, Path]:
    """Where each format goes; an existing file is replaced only when the user says so
    (`memo new` asks with "no" as the answer on Enter, `memo edit` with "yes")."""
    from memo.cli.render import output_paths
    from memo.prompt import ask_confirm

    if not formats:
        return {}
    targets = output_paths(output, formats, None)
    kept: dict[str, Path] = {}
    for fmt, path in targets.items():
        if path.exists() and not overwrite and not ask_confirm(
                f"{path} exists. Replace it with the new memo?", mode == "edit",
                "interrupted; nothing was saved and the draft is kept"):
            info(f"kept {path} as it was; write it later with "
                 f"`memo render {output} -f {fmt} -o OTHER`")
            continue
        kept[fmt] = path
    return kept


def measure_fits(memo: Any, formats: list[str]) -> dict[str, Any]:
    """Render each format from ``memo`` and say whether it could be written: the real
    one-page measurement of the PDF and DOCX renderers, not an estimate."""
    from memo.context import build_context
    from memo.prompt import PAGE_FORMATS, Fit
    from memo.render import OutputFormat, RenderOptions, render
    from memo.render.budget import MemoTooLong
    from memo.rules import check_memo

    context = build_context(memo, check_memo(memo))
    fits: dict[str, Fit] = {}
    for fmt in formats:
        try:
            data = render(context, OutputFormat(fmt), RenderOptions())
        except MemoTooLong as exc:
            fits[fmt] = Fit(fmt, False, too_long_text(exc), dict(exc.sections))
        except UserError as exc:
            fits[fmt] = Fit(fmt, False, f"cannot be written: {exc.message}")
        except Exception as exc:  # a renderer bug must not cost the answers typed so far
            if os.environ.get("MEMO_DEBUG"):
                raise
            fits[fmt] = Fit(fmt, False, f"cannot be written: internal error "
                                        f"({type(exc).__name__}: {exc}); MEMO_DEBUG=1 shows it")
        else:
            fits[fmt] = Fit(fmt, True, "fits on one page" if fmt in PAGE_FORMATS
                            else "no page limit", data=data)
    return fits


def too_long_text(exc: Any) -> str:
    """The renderer's overflow in a line: how much to cut and from where."""
    longest = sorted(exc.sections.items(), key=lambda item: -item[1])[:3]
    named = ", ".join(f"{name} ({count} {exc.unit})" for name, count in longest)
    size = (f"it needs about {exc.pages:.1f} pages" if exc.pages and exc.pages >= 1.05
            else "it runs just over one page")
    return (f"does not fit on one page even at the smallest type ({size}); cut about "
            f"{exc.words_to_cut} {exc.unit}. Longest: {named}")


def _write_formats(output: Path, memo: Any, targets: dict[str, Path], fits: dict[str, Any],
                   findings: list[Any]) -> None:
    """Write every format that can be written; report the others and exit 3."""
    from memo.answers import atomic_write

    if not targets:
        return
    formats = list(targets)
    missing = [fmt for fmt in formats if fmt not in fits]
    if missing:
        fits = {**fits, **measure_fits(memo, missing)}
    failed = []
    for fmt in formats:
        fit = fits[fmt]
        if not fit.ok or fit.data is None:
            warn(f"{fmt}: not written: {fit.message}")
            failed.append(fmt)
            continue
        atomic_write(targets[fmt], fit.data)
        info(f"wrote {targets[fmt]}")
    if failed:
        from memo.questions import BUDGET_SECTIONS, section

        longest = [name for fmt in failed for name, _ in
                   sorted(fits[fmt].sections.items(), key=lambda item: -item[1])[:1]]
        shorten = ""
        if longest:
            sid = BUDGET_SECTIONS.get(longest[0], ("fix",))[0]
            shorten = (f"shorten it with `memo edit {output} --section "
                       f"{_quoted(section(sid).title)}`, then ")
        flags = " ".join(f"-f {fmt}" for fmt in failed)
        raise FormatsNotWritten(
            f"{output} is saved, but {', '.join(failed)} could not be written",
            hint=f"{shorten}write it with `memo render {output} {flags}`")


def _quoted(title: str) -> str:
    return f'"{title}"' if " " in title else title


from memo.cli.edit import edit  # noqa: E402  (edit shares the finish defined above)

COMMANDS = [new, edit]
