"""Drive the real questionary prompts through a prompt_toolkit pipe (questionary's own way).

Keystrokes are sent up front; the pipe is then closed, so a prompt that finds no more input
raises EOFError (reported as an interruption) instead of hanging the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from memo.questions import (
    SECTIONS,
    TEXTUAL,
    Kind,
    ListQuestion,
    Question,
    Scope,
    as_default_text,
    get_path,
    split,
)

T = TypeVar("T")

ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
CTRL_U = "\x15"  # clear the line (a text prompt starts pre-filled with its default)
DOWN = "\x1b[B"
SPACE = " "


def text(value: str) -> str:
    """Replace whatever the text prompt shows with ``value`` and submit."""
    return CTRL_U + value + ENTER


def pick(position: int) -> str:
    """Choose the 1-based ``position`` of a select prompt (its shortcut key) and submit."""
    return f"{position}" + ENTER


YES, NO = "y", "n"


@contextmanager
def keyboard(keys: list[str]) -> Iterator[None]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(keys))
        pipe.close()
        yield


def drive(keys: list[str], run: Callable[[], T]) -> T:
    with keyboard(keys):
        return run()


def script_for(data: dict[str, Any], prefilled: dict[str, Any] | None = None) -> list[str]:
    """The keystrokes that answer the whole questionnaire with ``data`` (an answers file's
    plain data), following the questions' own order and ``when`` predicates, then finish and
    render Markdown. Every value is typed or picked explicitly, whatever the default;
    ``prefilled`` gives the answers the prompts start from (``memo edit``), which checkboxes
    need to know what to toggle. Lists must keep their entries (each "keep?" is answered yes).
    """
    keys: list[str] = []
    for sec in SECTIONS:
        if not sec.applies(data):
            continue
        for entry in sec.entries:
            if isinstance(entry, ListQuestion):
                keys += _list_keys(entry, data, prefilled)
            elif entry.applies(Scope(data)):
                path = split(entry.field)
                keys.append(answer(entry, get_path(data, path), Scope(data),
                                   get_path(prefilled, path) if prefilled else None))
        if sec.shows_costs:
            keys.append(NO)  # no revision after the cost numbers are shown
    return [*keys, ENTER, ENTER]  # review: finish; formats: Markdown


def _list_keys(entry: ListQuestion, data: dict[str, Any], prefilled: dict[str, Any] | None
               ) -> list[str]:
    keys: list[str] = []
    before = (get_path(prefilled, split(entry.field)) or []) if prefilled else []
    for index, item in enumerate(get_path(data, split(entry.field)) or []):
        keys.append(YES)
        for question in entry.items:
            scope = Scope(data, item, index)
            if question.applies(scope):
                path = split(question.field)
                old = get_path(before[index], path) if index < len(before) else None
                keys.append(answer(question, get_path(item, path), scope, old))
    return [*keys, NO]


def answer(question: Question, value: Any, scope: Scope, prefilled: Any = None) -> str:
    if question.kind in TEXTUAL:
        return text(as_default_text(value))
    if question.kind is Kind.CONFIRM:
        return YES if value else NO
    values = [v for v, _ in question.choices]
    if question.kind is Kind.SELECT:
        shown = {True: "yes", False: "no", None: ""}.get(value, value) if (
            value is None or isinstance(value, bool)) else str(value)
        return pick(values.index(shown) + 1)
    start = prefilled if prefilled is not None else question.default_for(scope)
    checked = set(start or [])
    wanted = set(value or [])
    return "".join((SPACE if (v in checked) != (v in wanted) else "") + DOWN
                   for v in values) + ENTER
