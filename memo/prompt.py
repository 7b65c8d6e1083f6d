"""The prompt loop: walks ``memo.questions`` with questionary. The only module importing it.

- Every answer is validated as it is typed with the model's own field type, and re-asked
  with the loader's message.
- The draft is saved after every answer; Ctrl-C or Ctrl-D at any prompt raises
  ``Interrupted`` naming the draft, and ``memo new --resume`` replays the answered steps.
- Prompts use ``unsafe_ask`` (``ask`` swallows Ctrl-C and returns None).

Prompts read and draw through prompt_toolkit's current app session, so tests drive the real
prompts with ``create_app_session(input=create_pipe_input(), output=DummyOutput())``.
Output that is not a prompt goes through ``say`` (the CLI passes ``click.echo``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from memo.drafts import Draft, save_draft
from memo.errors import Interrupted
from memo.questions import (
    SECTIONS,
    TEXTUAL,
    Answers,
    Kind,
    ListQuestion,
    Question,
    Scope,
    Section,
    as_default_text,
    check_answer,
    cost_preview,
    drop_path,
    get_path,
    recommendation_note,
    set_path,
    split,
    validate_answer,
)

Say = Callable[[str], None]
FORMATS = (("md", "Markdown"), ("html", "HTML"), ("pdf", "PDF"), ("docx", "Word (DOCX)"))
FINISH = "__finish__"


@dataclass
class Outcome:
    """What the questionnaire produced: the answers and the formats to render."""

    answers: Answers
    formats: list[str] = field(default_factory=list)


class Questionnaire:
    """One sitting: the walk through every section, then the checklist review."""

    def __init__(self, draft: Draft, draft_path: Path, say: Say, *, resume: bool = False,
                 resume_command: str | None = None) -> None:
        self.draft = draft
        self.draft_path = draft_path
        self.say = say
        self.replay = resume
        self.resume_command = resume_command or f"memo new --resume -o {draft.output}"
        self._counters: dict[str, int] = {}
        # Titles and help shown just before the next real prompt (not for replayed steps).
        self._pending: dict[str, str] = {}

    @property
    def answers(self) -> Answers:
        return self.draft.answers

    # --- running -----------------------------------------------------------------------

    def run(self) -> Outcome:
        if self.draft.phase == "walk":
            for sec in SECTIONS:
                self.walk_section(sec)
            self.draft.phase = "review"
            self.save()
        self.replay = False
        return Outcome(self.answers, self.review())

    def walk_section(self, sec: Section) -> None:
        if not sec.applies(self.answers):
            if sec.owns:
                self.answers.pop(sec.owns, None)
            return
        self._pending = {"section": f"\n== {sec.title} ==\n{sec.intro}"}
        for entry in sec.entries:
            if isinstance(entry, ListQuestion):
                self.ask_list(entry)
            else:
                self.ask_field(entry, split(entry.field), Scope(self.answers))
        if sec.shows_costs:
            self.review_costs(sec)

    # --- steps ---------------------------------------------------------------------------

    def step_key(self, name: str) -> str:
        """A stable key per step, numbered so that repeated steps stay distinct."""
        count = self._counters.get(name, 0)
        self._counters[name] = count + 1
        return f"{name}#{count}"

    def ask_field(self, question: Question, path: tuple[str | int, ...], scope: Scope) -> None:
        if not question.applies(scope):
            drop_path(self.answers, path)
            return
        key = self.step_key(".".join(str(p) for p in path))
        if self.replay and key in self.draft.done:
            return
        self.announce()
        if question.field == "fix.kind":
            self.say(recommendation_note(self.answers))
        current = get_path(self.answers, path)
        default = current if current is not None else question.default_for(scope)
        self.show_help(question)
        raw = self.prompt(key, question, default, path)
        # Typed text and picked choices go through the loader's field types (a direction
        # picked as "yes" is stored as true); checkboxes and confirms are stored as given.
        value = (validate_answer(question, path, raw)
                 if question.kind in TEXTUAL or question.kind is Kind.SELECT else raw)
        if question.kind is Kind.CHECKBOX:
            value = keep_order(list(value or []), default)
            if not value and not question.required:
                value = None  # nothing picked for an optional list: leave the field out
        if value is None:
            drop_path(self.answers, path)
        else:
            set_path(self.answers, path, value)
        self.record(key)

    def ask_flow(self, name: str, message: str, default: bool) -> bool:
        """A yes/no step that is not a field ("add another?"); replayed from the draft."""
        key = self.step_key(name)
        if self.replay and key in self.draft.flow:
            return bool(self.draft.flow[key])
        value = bool(self.prompt(key, Question(name, message, Kind.CONFIRM), default, ()))
        self.draft.flow[key] = value
        self.record(key)
        return value

    def ask_list(self, entry: ListQuestion) -> None:
        path = split(entry.field)
        items = get_path(self.answers, path)
        if not isinstance(items, list):
            items = []
            set_path(self.answers, path, items)
        self._pending.pop("item", None)
        self._pending["list"] = entry.help
        index = 0
        while True:
            # One step name for "keep this entry?" and "add another?": True means an entry
            # stands at this position, so a resumed draft replays either the same way.
            name = f"{entry.field}.item"
            if index < len(items):
                label = entry.label(items[index])
                keep = self.ask_flow(name, f"Keep {entry.item_name} #{index + 1} ({label})?",
                                     True)
                if not keep:
                    del items[index]
                    self.save()
                    continue
            else:
                more = self.ask_flow(name, entry.add_prompt, len(items) < entry.min_items)
                if not more:
                    break
                items.append({})
                self.save()
            self._pending["item"] = f"-- {entry.item_name} #{index + 1}"
            for question in entry.items:
                scope = Scope(self.answers, items[index], index)
                self.ask_field(question, (*path, index, *split(question.field)), scope)
            index += 1

    def review_costs(self, sec: Section) -> None:
        """Show the derived numbers at once; let the lead revise before moving on."""
        while True:
            preview = cost_preview(self.answers)
            if preview.error:
                self._pending["costs"] = f"The cost numbers do not compute yet: {preview.error}"
            else:
                self._pending["costs"] = "\n".join(["", "Cost numbers (* = proposed):",
                                                    *preview.lines])
            if not self.ask_flow("costs.revise", "Revise the cost numbers?", False):
                return
            for entry in sec.entries:
                if isinstance(entry, ListQuestion):
                    self.ask_list(entry)
                else:
                    self.ask_field(entry, split(entry.field), Scope(self.answers))

    # --- the end: checklist, jump back, formats ----------------------------------------

    def review(self) -> list[str]:
        while True:
            memo, problems = self.build()
            if memo is None:
                self.say("The answers are not complete yet:")
                for problem in problems:
                    self.say(f"  {problem}")
            else:
                self.show_findings(memo)
            choice = self.prompt("review", Question("review", "Fix a section, or finish?",
                                                    Kind.SELECT, choices=self.review_choices(
                                                        memo is not None)), None, ())
            if choice == FINISH:
                break
            sec = next(s for s in SECTIONS if s.id == choice)
            self.walk_section(sec)
        formats = self.prompt("formats", Question(
            "formats", "Render the memo as (space to select, enter to confirm):",
            Kind.CHECKBOX, choices=FORMATS), ["md"], ())
        return list(formats or [])

    def review_choices(self, can_finish: bool) -> tuple[tuple[str, str], ...]:
        finish = ((FINISH, "Finish: save the answers file"),) if can_finish else ()
        return finish + tuple((s.id, f"Go back to: {s.title}") for s in SECTIONS)

    def build(self) -> tuple[Any, list[str]]:
        from memo.model import Memo

        try:
            return Memo.model_validate(self.answers), []
        except ValidationError as exc:
            from memo.questions import _message, dotted

            return None, [f"{dotted(tuple(e['loc']))}: {_message(e)}"
                          for e in exc.errors(include_url=False)]

    def show_findings(self, memo: Any) -> None:
        from memo.rules import check_memo

        findings = check_memo(memo)
        if not findings:
            self.say("\nChecklist: no findings. The memo passes.")
            return
        errors = sum(1 for f in findings if f.severity == "error")
        self.say(f"\nChecklist: {errors} error(s), {len(findings) - errors} warning(s)")
        for finding in findings:
            where = f" [{finding.field}]" if finding.field else ""
            self.say(f"  {finding.severity}: {finding.rule}{where}: {finding.message}")
            self.say(f"    hint: {finding.hint}")

    # --- prompting -----------------------------------------------------------------------

    def announce(self) -> None:
        for text in self._pending.values():
            if text:
                self.say(text)
        self._pending = {}

    def show_help(self, question: Question) -> None:
        if question.help:
            self.say(f"  {question.help}")
        if question.example:
            self.say(f"  e.g. {question.example}")

    def prompt(self, key: str, question: Question, default: Any, path: tuple[str | int, ...]
               ) -> Any:
        self.draft.next = key
        self.save()
        self.announce()
        self.replay = False  # past the point where the draft stopped: ask everything
        try:
            return with_ctrl_d(build_prompt(question, default, path)).unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted(f"interrupted; your answers are saved in {self.draft_path}. "
                              f"Continue with `{self.resume_command}`") from None

    def record(self, key: str) -> None:
        if key not in self.draft.done:
            self.draft.done.append(key)
        self.draft.next = None
        self.save()

    def save(self) -> None:
        save_draft(self.draft_path, self.draft)


def keep_order(selected: list[str], before: Any) -> list[str]:
    """Checked values in their previous order, newly checked ones after (no churn on edit)."""
    previous = [v for v in (before or []) if v in selected]
    return previous + [v for v in selected if v not in previous]


def with_ctrl_d(prompt: Any) -> Any:
    """Ctrl-D stops every prompt, as it does an empty text prompt (questionary's select,
    confirm and checkbox ignore it)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add("c-d", eager=True)
    def _stop(event: Any) -> None:
        if not (event.app.current_buffer.text if event.app.current_buffer else ""):
            event.app.exit(exception=EOFError, style="class:aborting")

    app = prompt.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])
    return prompt


def build_prompt(question: Question, default: Any, path: tuple[str | int, ...]) -> Any:
    """The questionary prompt for one question (imported lazily: `memo --help` stays fast)."""
    import questionary

    if question.kind in TEXTUAL:
        def validate(text: str) -> bool | str:
            message = check_answer(question, path, text)
            return True if message is None else message

        return questionary.text(question.prompt, default=as_default_text(default),
                                validate=validate)
    if question.kind is Kind.CONFIRM:
        return questionary.confirm(question.prompt, default=bool(default))
    choices = [questionary.Choice(title, value=value,
                                  checked=question.kind is Kind.CHECKBOX
                                  and value in (default or []))
               for value, title in question.choices]
    if question.kind is Kind.CHECKBOX:
        return questionary.checkbox(question.prompt, choices=choices)
    values = [value for value, _ in question.choices]
    return questionary.select(question.prompt, choices=choices, use_shortcuts=True,
                              default=default if default in values else None)


def start(answers: Answers | None, output: Path, draft_path: Path, mode: str) -> Draft:
    """A fresh draft: from nothing (``memo new``) or from a file's answers (``memo edit``)."""
    from memo.questions import new_answers

    data = copy.deepcopy(answers) if answers is not None else new_answers()
    draft = Draft(output=str(output), mode=mode, answers=data)
    save_draft(draft_path, draft)
    return draft
