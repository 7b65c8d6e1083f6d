"""Drive the real questionary prompts through a prompt_toolkit pipe (questionary's own way).

Keystrokes are sent up front; the pipe is then closed, so a prompt that finds no more input
raises EOFError (reported as an interruption) instead of hanging the test.

``Typist`` derives the keystrokes from the questions themselves: it follows the questionnaire
as it runs (the same ``when`` predicates on the answers typed so far, the same dependent
sections, the same prices filled in by the model picker), so the tests never hard-code the
order of the questions.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from memo.questions import (
    SECTION_IDS,
    TEXTUAL,
    Kind,
    ListQuestion,
    Question,
    Scope,
    Section,
    as_default_text,
    catalogue_fill,
    drop_path,
    get_path,
    section,
    set_path,
    split,
    stale_sections,
    triage_of,
    watched,
)

T = TypeVar("T")

ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
CTRL_U = "\x15"  # clear the line (a text prompt may start pre-filled)
DOWN = "\x1b[B"
SPACE = " "
# questionary's shortcut keys, in the order it hands them to enabled choices
SHORTCUTS = "1234567890abcdefghijklmnopqrstuvwxyz"
KEEP, CHANGE, REMOVE = 1, 2, 3  # positions of "keep / change / remove" for a list entry


def text(value: str) -> str:
    """Replace whatever the text prompt shows with ``value`` and submit."""
    return CTRL_U + value + ENTER


def pick(position: int) -> str:
    """Choose the 1-based ``position`` among a select prompt's enabled choices (its shortcut
    key) and submit."""
    return SHORTCUTS[position - 1] + ENTER


YES, NO = "y", "n"


@contextmanager
def keyboard(keys: list[str]) -> Iterator[None]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(keys))
        pipe.close()
        yield


class Screen:
    """What the prompts drew, as text: a terminal output into a buffer, escapes removed."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.output = Vt100_Output(self.buffer, lambda: Size(rows=40, columns=160),
                                   term="xterm")

    @property
    def text(self) -> str:
        raw = re.sub(r"\x1b\[[0-9;]*m", "", self.buffer.getvalue())  # colours: gone
        # cursor moves and the rest: a line break, so that drawn lines stay apart
        raw = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b\][^\x07]*\x07", "\n", raw)
        return raw.replace("\r", "\n")


@contextmanager
def watching(keys: list[str]) -> Iterator[Screen]:
    """Like ``keyboard``, but the prompts draw on a ``Screen`` the test can read."""
    screen = Screen()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=screen.output):
        pipe.send_text("".join(keys))
        pipe.close()
        yield screen


def drive(keys: list[str], run: Callable[[], T]) -> T:
    with keyboard(keys):
        return run()


class Typist:
    """Types ``target`` (an answers file's plain data) into the questionnaire, starting from
    ``start`` (the answers it opens with: ``memo edit``, ``--from``)."""

    def __init__(self, target: dict[str, Any], start: dict[str, Any] | None = None) -> None:
        self.target = target
        self.state: dict[str, Any] = copy.deepcopy(start) if start else {"schema_version": 1}
        self.keys: list[str] = []
        self.triage_at_start = triage_of(self.state)

    # --- the walk ---------------------------------------------------------------------

    def walk(self, plan: list[str] | tuple[str, ...]) -> Typist:
        plan = list(plan)
        watch = watched(self.state)
        index = 0
        while index < len(plan):
            self.section(section(plan[index]))
            changed, stale = stale_sections(watch, self.state)
            if changed:
                watch = watched(self.state)
                later = plan[index + 1:]
                plan[index + 1:index + 1] = [sid for sid in stale if sid not in later]
            index += 1
        return self

    def section(self, sec: Section) -> None:
        if not sec.applies(self.state):
            if sec.owns:
                self.state.pop(sec.owns, None)
            return
        for entry in sec.entries:
            if isinstance(entry, ListQuestion):
                self.list(entry)
            else:
                self.field(entry, split(entry.field), Scope(self.state), self.state)
        if sec.revise and get_path(self.state, ("costs", "options")):
            self.keys.append(NO)  # the cost numbers are shown: no revision

    def field(self, question: Question, path: tuple[str | int, ...], scope: Scope,
              holder: dict[str, Any], target: dict[str, Any] | None = None) -> None:
        """``path`` is relative to ``holder`` (the answers, or a list item)."""
        if not question.applies(scope):
            drop_path(holder, path)
            return
        value = get_path(self.target if target is None else target, path)
        current = get_path(holder, path)
        # as the questionnaire does: the gaps are ticked again after the triage changed
        changed = question.field == "diagnosis" and triage_of(self.state) != self.triage_at_start
        start = current if current is not None and not changed else question.default_for(scope)
        self.keys.append(answer(question, value, start))
        if value is None:
            drop_path(holder, path)
        else:
            set_path(holder, path, copy.deepcopy(value))
        if question.completer == "models" and value and value != current:
            fill = catalogue_fill(holder, str(value))
            if fill is not None:
                holder.update(fill.values)

    def list(self, entry: ListQuestion) -> None:
        path = split(entry.field)
        wanted = get_path(self.target, path) or []
        items = get_path(self.state, path)
        if not isinstance(items, list):
            items = []
            set_path(self.state, path, items)
        index = 0
        while index < len(items):
            if index >= len(wanted):
                self.keys.append(pick(REMOVE))
                del items[index]
                continue
            if items[index] == wanted[index]:
                self.keys.append(pick(KEEP))
            else:
                self.keys.append(pick(CHANGE))
                self.item(entry, items[index], wanted[index], index)
            index += 1
        for index in range(len(items), len(wanted)):
            self.keys.append(YES)
            items.append({})
            self.item(entry, items[index], wanted[index], index)
        self.keys.append(NO)

    def item(self, entry: ListQuestion, item: dict[str, Any], wanted: dict[str, Any],
             index: int) -> None:
        for question in entry.items:
            self.field(question, split(question.field), Scope(self.state, item, index), item,
                       wanted)

    # --- the review ---------------------------------------------------------------------

    def menu(self, section_id: str) -> Typist:
        """Pick a section in the review menu (finish, formats, then the sections that
        apply), then answer it."""
        enabled = ["finish", "formats"] + [sid for sid in SECTION_IDS
                                           if section(sid).applies(self.state)]
        self.keys.append(pick(enabled.index(section_id) + 1))
        return self.walk([section_id])

    def finish(self, choose_formats: bool = True) -> list[str]:
        """The formats prompt (Markdown ticked: Enter), then "Save and finish" (Enter)."""
        return [*self.keys, *([ENTER] if choose_formats else []), ENTER]


def script_for(data: dict[str, Any], prefilled: dict[str, Any] | None = None) -> list[str]:
    """The keystrokes that answer the whole questionnaire with ``data``, following the
    questions' own order and ``when`` predicates, then write Markdown and finish. Every value
    is typed or picked explicitly, whatever the suggestion; ``prefilled`` gives the answers
    the prompts start from (``memo new --from``), which checkboxes and list entries need."""
    return Typist(data, prefilled).walk(SECTION_IDS).finish()


def edit_script(before: dict[str, Any], after: dict[str, Any], sections: list[str],
                ) -> list[str]:
    """``memo edit``'s section menu: each section in turn, then "Save and finish"."""
    typist = Typist(after, before)
    for sid in sections:
        typist.menu(sid)
    return typist.finish(choose_formats=False)


def section_script(before: dict[str, Any], after: dict[str, Any],
                   sections: list[str]) -> list[str]:
    """``memo edit --section``: just those sections (and their dependents)."""
    return Typist(after, before).walk(sections).keys


def answer(question: Question, value: Any, start: Any = None) -> str:
    if question.kind in TEXTUAL:
        return text(as_default_text(value))
    if question.kind is Kind.CONFIRM:
        return YES if value else NO
    values = [v for v, _ in question.choices]
    if question.kind is Kind.SELECT:
        shown = {True: "yes", False: "no", None: ""}.get(value, value) if (
            value is None or isinstance(value, bool)) else str(value)
        return pick(values.index(shown) + 1)
    checked = set(start or [])
    wanted = set(value or [])
    return "".join((SPACE if (v in checked) != (v in wanted) else "") + DOWN
                   for v in values) + ENTER
