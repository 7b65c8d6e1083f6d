"""`memo edit`: change an answers file. Three ways, from most to least guided:

- ``memo edit FILE``: a section menu with each section's state; pick one, answer it, come
  back; "Save and finish" is the first entry (Enter).
- ``memo edit FILE --section NAME`` (repeatable): ask those sections (and the ones that depend
  on what changed), then save.
- ``memo edit FILE --set PATH=VALUE`` (repeatable): no prompts, the same checks; for scripts.

The file is replaced atomically with its comments and key order kept; the previous version
is kept as FILE.bak.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from memo.cli.output import info, warn
from memo.errors import UserError


def _complete_sections(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Section names as slugs (``cost-options``): one shell word each, matched like titles."""
    from click.shell_completion import CompletionItem

    from memo.questions import SECTIONS, section_slug

    typed = incomplete.lower()
    return [CompletionItem(section_slug(s), help=s.title) for s in SECTIONS
            if section_slug(s).startswith(typed)]


def _complete_paths(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    from memo.questions import all_fields

    paths = [f.replace("[]", "[0]") + "=" for f in all_fields()]
    return [CompletionItem(p) for p in paths if p.startswith(incomplete)]


@click.command()
@click.argument("answers_file", metavar="ANSWERS",
                type=click.Path(path_type=Path, readable=False))
@click.option("--section", "sections", multiple=True, metavar="NAME",
              shell_complete=_complete_sections,
              help="Ask only this section, as the questionnaire names it (repeatable), then "
              "save. Sections that depend on a changed answer are asked too.")
@click.option("--set", "assignments", multiple=True, metavar="PATH=VALUE",
              shell_complete=_complete_paths,
              help="Set one value without prompts (repeatable), e.g. "
              "costs.options[0].monthly_serving_usd=2,190. Checked like a typed answer.")
@click.option("--resume", is_flag=True, help="Continue from the draft saved beside the file "
              "(memo.yaml -> memo.draft.yaml) after an interruption.")
def edit(answers_file: Path, sections: tuple[str, ...], assignments: tuple[str, ...],
         resume: bool) -> None:
    """Change the answers of ANSWERS (.yaml): a section menu, one section, or --set.

    \b
    memo edit memo.yaml                         the section menu
    memo edit memo.yaml --section Costs         one section, then save
    memo edit memo.yaml --set costs.monthly_growth_pct=5   no prompts
    The file is replaced atomically, comments kept; the previous version is ANSWERS.bak.
    Exit 3: the answers were saved but a chosen format could not be written.
    """
    from memo.cli.new import require_terminal, run_questionnaire
    from memo.drafts import draft_path_for

    if answers_file.suffix.lower() not in (".yaml", ".yml"):
        raise UserError("memo edit changes a .yaml answers file", location=None,
                        field="ANSWERS",
                        hint="for a rendered memo, run `memo new --answers MEMO.md -o "
                             "memo.yaml` first")
    if assignments:
        if sections or resume:
            raise UserError("--set changes values without prompts; it does not combine with "
                            "--section or --resume", field="--set")
        set_values(answers_file, list(assignments))
        return
    plan = section_ids(sections)
    command = f"memo edit {answers_file} --resume"
    script_hint = ("to change values without prompts, use `memo edit FILE --set PATH=VALUE` "
                   "(see `memo edit --help`)")
    draft_path = draft_path_for(answers_file)
    if resume:
        if sections:
            raise UserError("--resume continues the draft as it was; it does not combine "
                            "with --section", field="--section")
        require_terminal(script_hint)
        run_questionnaire(answers_file, None, mode="edit", resume=True)
        return
    if draft_path.exists():
        require_terminal(f"an unfinished edit of this file exists ({draft_path}); continue it "
                         f"in a terminal with `{command}`")
        from memo.cli.new import _keep_or_replace_draft

        if not _keep_or_replace_draft(draft_path, command):
            run_questionnaire(answers_file, None, mode="edit", resume=True)
            return
    require_terminal(script_hint)
    from memo.answers import load, to_data

    answers = to_data(load(answers_file).memo)
    run_questionnaire(answers_file, answers, mode="edit", sections=plan)


def section_ids(names: tuple[str, ...]) -> list[str]:
    """The sections named on the command line, in questionnaire order; an unknown name is
    refused with the list of valid ones."""
    from memo.questions import SECTION_IDS, SECTIONS, find_section

    wanted = set()
    for name in names:
        found = find_section(name)
        if found is None:
            valid = ", ".join(s.title for s in SECTIONS)
            raise UserError(f"no section named {name!r}", field="--section",
                            hint=f"the sections are: {valid}")
        wanted.add(found.id)
    return [sid for sid in SECTION_IDS if sid in wanted]


def set_values(path: Path, texts: list[str]) -> None:
    """Apply every ``--set``, check the result as a whole, save it (or change nothing)."""
    from pydantic import ValidationError

    from memo.answers import load, save, to_data
    from memo.drafts import draft_path_for
    from memo.model import Memo
    from memo.questions import dotted, section, stale_sections, watched
    from memo.setpath import apply, check_applies, parse_assignment

    assignments = [parse_assignment(text) for text in texts]  # all parsed before any applied
    memo = load(path).memo
    data = to_data(memo)
    before = watched(data)
    changes = [apply(data, assignment) for assignment in assignments]
    for assignment in assignments:
        check_applies(data, assignment)
    _, stale = stale_sections(before, data)
    dropped = []
    for sid in stale:
        sec = section(sid)
        if not sec.applies(data) and sec.owns and data.pop(sec.owns, None) is not None:
            dropped.append(sec)
    try:
        updated = Memo.model_validate(data)
    except ValidationError as exc:
        from memo.questions import _message

        first = exc.errors(include_url=False)
        lines = "; ".join(f"{dotted(tuple(e['loc']))}: {_message(e)}" for e in first[:5])
        raise UserError(f"the changed answers do not make a valid memo: {lines}",
                        field="--set", location=None,
                        hint="nothing was written; set the other fields too, in the same "
                             "command") from None
    if updated == memo:
        info(f"{path}: nothing changed")
        return
    for change in changes:
        info(f"{change.path}: {_shown(change.before)} -> {_shown(change.after)}")
    for sec in dropped:
        info(f"{sec.title} no longer applies ({sec.why_not}): its answers are removed "
             f"(the previous file is {path.name}.bak)")
    flagged = [section(sid) for sid in stale if section(sid).applies(data)]
    if flagged:
        names = " ".join(f'--section "{s.title}"' if " " in s.title else f"--section {s.title}"
                         for s in flagged)
        warn(f"these sections depend on what changed; review them: "
             f"{', '.join(s.title for s in flagged)} (`memo edit {path} {names}`)")
    if draft_path_for(path).exists():
        warn(f"an unfinished edit draft exists ({draft_path_for(path)}); it does not include "
             "these changes")
    save(updated, path, backup=True)
    info(f"previous version kept as {path.name}.bak")
    from memo.cli.new import _report

    _report(updated, path)


def _shown(value: Any) -> str:
    from memo.questions import as_default_text

    if value is None:
        return "(not set)"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return as_default_text(value)
