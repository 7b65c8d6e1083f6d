"""`memo edit FILE --set PATH=VALUE`: change answers without prompts, through the same checks.

``PATH`` is a field path as the checklist names fields (``costs.monthly_growth_pct``,
``costs.options[0].monthly_serving_usd``); ``VALUE`` is typed as in the questionnaire: numbers
with separators and suffixes (``2,190``, ``1.5M``, ``$0.15``, ``3%``), dates as YYYY-MM-DD,
choices by their value (``fix.kind=rag``), yes/no, and lists comma-separated
(``diagnosis=knowledge,format``). An empty value removes an optional field, and on a list
entry (``risks[2]=``) removes the entry; one index past the end of a list adds an entry.
Each value goes through the question's own validation (``memo.questions.validate_answer``),
so ``--set`` and the prompt say the same thing about the same mistake. Works on plain data;
the CLI reads and saves the file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from memo.errors import UserError
from memo.questions import (
    TEXTUAL,
    Answers,
    Invalid,
    Kind,
    Question,
    all_fields,
    dotted,
    drop_path,
    get_path,
    list_at,
    question_at,
    set_path,
    validate_answer,
)

FieldPath = tuple[str | int, ...]
_PATH = re.compile(r"^[A-Za-z_]\w*(\[\d+\])*(\.[A-Za-z_]\w*(\[\d+\])*)*$")
_YES = {"yes", "y", "true", "on", "1"}
_NO = {"no", "n", "false", "off", "0"}
EXAMPLE = "costs.monthly_growth_pct=5"


@dataclass(frozen=True)
class Assignment:
    text: str
    path: FieldPath
    value: str

    @property
    def name(self) -> str:
        return dotted(self.path)


@dataclass(frozen=True)
class Change:
    path: str
    before: Any
    after: Any


def _refuse(text: str, message: str, hint: str | None = None) -> UserError:
    return UserError(message, field=f"--set {text}", hint=hint)


def parse_assignment(text: str) -> Assignment:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise _refuse(text, "expected PATH=VALUE", hint=f"for example --set {EXAMPLE}")
    if not _PATH.match(name):
        raise _refuse(text, f"{name!r} is not a field path",
                      hint="write fields with dots and list entries with [N], e.g. "
                           "costs.options[0].monthly_serving_usd")
    path: list[str | int] = []
    for chunk in name.split("."):
        field_name, _, rest = chunk.partition("[")
        path.append(field_name)
        for index in re.findall(r"(\d+)\]", "[" + rest if rest else ""):
            path.append(int(index))
    return Assignment(text, tuple(path), value)


def apply(answers: Answers, assignment: Assignment) -> Change:
    """Set one value in ``answers`` (plain data, changed in place); raises ``UserError``."""
    path = assignment.path
    if isinstance(path[-1], int):
        return _remove_entry(answers, assignment)
    question = question_at(path)
    if question is None:
        raise _refuse(assignment.text, f"{assignment.name} is not a field of the answers file",
                      hint=_suggest(path))
    _refuse_lifecycle(assignment)
    _check_indices(answers, assignment)
    value = _value(question, assignment)
    before = get_path(answers, path)
    if value is None:
        drop_path(answers, path)
    else:
        _make_room(answers, path)
        set_path(answers, path, value)
    return Change(assignment.name, before, value)


def _refuse_lifecycle(assignment: Assignment) -> None:
    """A decision is recorded by `memo status`, which runs the checklist before accepting
    and dates the decision; --set would accept a memo with checklist errors undated."""
    name = assignment.name
    value = assignment.value.strip().lower()
    if (name == "status" and value not in ("draft", "proposed")) \
            or name in ("decided", "superseded_by"):
        raise _refuse(assignment.text, "a decision is recorded with `memo status`, which runs "
                                       "the checklist and dates it",
                      hint="memo status FILE accepted|rejected|proposed, or superseded "
                           "--by NEWER (see docs/portfolio.md)")


def check_applies(answers: Answers, assignment: Assignment) -> None:
    """Refuse a value the questionnaire would not ask for these answers (a fine-tune detail
    while the fix is retrieval): it would be dropped, or stale, at the next edit."""
    path = assignment.path
    if isinstance(path[-1], int) or get_path(answers, path) is None:
        return
    from memo.questions import Scope, section, section_for

    sid = section_for(assignment.name)
    sec = section(sid) if sid else None
    if sec is not None and not sec.applies(answers):
        raise _refuse(assignment.text, f"the {sec.title} section does not apply to this memo "
                                       f"({sec.why_not})",
                      hint="set the answer it depends on first, in the same command "
                           "(e.g. --set fix.kind=fine_tune)")
    question = question_at(path)
    positions = [i for i, part in enumerate(path) if isinstance(part, int)]
    item = get_path(answers, path[:positions[-1] + 1]) if positions else None
    index = path[positions[-1]] if positions else None
    scope = Scope(answers, item, index if isinstance(index, int) else None)
    if question is not None and not question.applies(scope):
        raise _refuse(assignment.text, "this question is not asked for the memo's other "
                                       "answers, so the value would not be kept",
                      hint="set the answer it depends on first, in the same command")


def _value(question: Question, assignment: Assignment) -> Any:
    raw = assignment.value.strip()
    try:
        if question.kind is Kind.CONFIRM:
            return _yes_no(raw, assignment)
        if question.kind is Kind.CHECKBOX:
            return _checked(question, raw, assignment)
        if question.kind is Kind.SELECT:
            raw = _choice(question, raw, assignment)
        if question.kind in TEXTUAL or question.kind is Kind.SELECT:
            return validate_answer(question, assignment.path, raw)
    except Invalid as exc:
        raise _refuse(assignment.text, str(exc)) from None
    raise _refuse(assignment.text, "this field cannot be set from the command line")


def _yes_no(raw: str, assignment: Assignment) -> bool:
    if raw.lower() in _YES:
        return True
    if raw.lower() in _NO:
        return False
    raise _refuse(assignment.text, f"expected yes or no, got {raw!r}")


def _choice(question: Question, raw: str, assignment: Assignment) -> str:
    values = [value for value, _ in question.choices]
    if raw == "" and "" in values:
        return ""
    lowered = raw.lower()
    if "" in values and lowered in _YES | _NO | {"higher", "lower"}:
        # a direction: yes/true/higher is "higher is better"
        return "yes" if lowered in _YES | {"higher"} else "no"
    for value in values:
        if value and value.lower() == lowered:
            return value
    shown = ", ".join(v for v in values if v)
    raise _refuse(assignment.text, f"expected one of {shown}, got {raw!r}")


def _checked(question: Question, raw: str, assignment: Assignment) -> list[str] | None:
    values = [value for value, _ in question.choices]
    picked = [part.strip() for part in raw.strip("[]").split(",") if part.strip()]
    unknown = [p for p in picked if p not in values]
    if unknown:
        raise _refuse(assignment.text, f"unknown value {unknown[0]!r}; expected some of "
                                       f"{', '.join(values)} (comma-separated)")
    if not picked:
        if question.required:
            raise Invalid("required: give at least one value")
        return None
    validate_answer(question, assignment.path, picked)
    return list(dict.fromkeys(picked))


def _check_indices(answers: Answers, assignment: Assignment) -> None:
    """Every list index names an entry, or the one just past the end (a new entry)."""
    path = assignment.path
    for position, part in enumerate(path):
        if not isinstance(part, int):
            continue
        items = get_path(answers, path[:position])
        size = len(items) if isinstance(items, list) else 0
        if part > size:
            name = dotted(path[:position])
            raise _refuse(assignment.text, f"{name} has {size} entr{'y' if size == 1 else 'ies'}"
                                           f"; [{part}] is beyond the end",
                          hint=f"use {name}[{size}] to add an entry")


def _make_room(answers: Answers, path: FieldPath) -> None:
    """Create the lists and the new entry that ``path`` goes through."""
    for position, part in enumerate(path):
        if not isinstance(part, int):
            continue
        items = get_path(answers, path[:position])
        if not isinstance(items, list):
            items = []
            set_path(answers, path[:position], items)
        if part == len(items):
            items.append({})


def _remove_entry(answers: Answers, assignment: Assignment) -> Change:
    path = assignment.path
    entry = list_at(tuple(p for p in path[:-1]))
    items = get_path(answers, path[:-1])
    index = path[-1]
    assert isinstance(index, int)
    if entry is None:
        raise _refuse(assignment.text, f"{dotted(path[:-1])} is not a list of entries")
    if assignment.value.strip():
        raise _refuse(assignment.text, "a list entry is set field by field",
                      hint=f"e.g. --set {dotted(path)}.{entry.items[0].field}=...; an empty "
                           f"value ({dotted(path)}=) removes the entry")
    if not isinstance(items, list) or index >= len(items):
        raise _refuse(assignment.text, f"{dotted(path[:-1])} has no entry [{index}]")
    removed = items.pop(index)
    return Change(dotted(path), entry.label(removed), None)


def _suggest(path: FieldPath) -> str:
    wanted = re.sub(r"\[\d+\]", "[]", dotted(path))
    close = difflib.get_close_matches(wanted, list(all_fields()), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(c.replace("[]", "[0]") for c in close) + "?"
    return "`memo schema` lists every field; list entries take an index, e.g. risks[0].risk"
