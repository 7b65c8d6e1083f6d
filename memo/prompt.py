"""The prompt loop: walks ``memo.questions`` with questionary. The only module importing it.

- A walk asks a plan of sections (all of them for ``memo new``, the named ones for ``memo edit
  --section``); a section whose answers others depend on (the fix kind) queues those right
  after it, so nothing is left stale.
- The review is one screen for both commands: the checklist, whether the memo fits one page in
  each chosen format (measured by the renderer, through the ``measure`` callback the CLI
  passes), and a menu: finish, output formats, or any section with its state.
- Every answer is validated as it is typed with the model's own field type (numbers as people
  type them, ``memo.numbers``), and the message shows right under the prompt.
- The draft is saved after every answer; Ctrl-C or Ctrl-D at any prompt raises
  ``Interrupted`` naming the draft, and ``--resume`` replays the answered steps.
- Prompts use ``unsafe_ask`` (``ask`` swallows Ctrl-C and returns None).

Prompts read and draw through prompt_toolkit's current app session, so tests drive the real
prompts with ``create_app_session(input=create_pipe_input(), output=DummyOutput())``.
Output that is not a prompt goes through ``say`` (the CLI passes ``click.echo``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from memo.drafts import Draft, resume_command, save_draft
from memo.errors import Interrupted, UserError
from memo.questions import (
    BUDGET_SECTIONS,
    SECTION_IDS,
    TEXTUAL,
    Answers,
    Kind,
    ListQuestion,
    Question,
    Scope,
    Section,
    as_default_text,
    catalogue_fill,
    check_answer,
    cost_preview,
    describe_change,
    drop_path,
    get_path,
    recommendation_note,
    section,
    section_for,
    set_path,
    split,
    stale_sections,
    triage_of,
    validate_answer,
    watched,
)

Say = Callable[[str], None]
FORMATS = (("md", "Markdown"), ("html", "HTML"), ("pdf", "PDF"), ("docx", "Word (DOCX)"))
FORMAT_NAMES = dict(FORMATS)
PAGE_FORMATS = frozenset({"pdf", "docx"})  # the formats with a one-page budget
FINISH = "__finish__"
CHOOSE_FORMATS = "__formats__"
KEEP, CHANGE, REMOVE = "keep", "change", "remove"
STYLE = [("placeholder", "fg:#888888 italic"), ("suggestion", "reverse"),
         ("validation-toolbar", "fg:ansired bold")]


@dataclass
class Fit:
    """Whether one output format could be written, as the renderer measured it.

    ``data`` is the rendered file when it could be; ``sections`` the words per memo section
    when it does not fit one page (the renderer's own count)."""

    format: str
    ok: bool
    message: str
    sections: dict[str, int] = field(default_factory=dict)
    data: bytes | None = None

    @property
    def too_long(self) -> bool:
        return bool(self.sections)


Measure = Callable[[Any, list[str]], dict[str, Fit]]


@dataclass
class Outcome:
    """What the questionnaire produced: the answers, the formats to render and, where the
    final answers were measured, each format's rendering."""

    answers: Answers
    formats: list[str] = field(default_factory=list)
    fits: dict[str, Fit] = field(default_factory=dict)
    asked: int = 0  # prompts shown in this sitting


class Questionnaire:
    """One sitting: walks of sections, then the review."""

    def __init__(self, draft: Draft, draft_path: Path, say: Say, *, resume: bool = False,
                 resume_command: str | None = None, measure: Measure | None = None) -> None:
        self.draft = draft
        self.draft_path = draft_path
        self.say = say
        self.replay = resume
        self.resume_command = resume_command or _resume_command(draft)
        self.measure = measure
        self.asked = 0
        self._counters: dict[str, int] = {}
        # Titles and help shown just before the next real prompt (not for replayed steps).
        self._pending: dict[str, str] = {}
        self._qmark = "?"
        self._fits_key: str | None = None
        self._fits: dict[str, Fit] = {}
        # The triage answers this sitting started from: if they change, the gaps the memo
        # names are ticked again from them instead of kept as they were.
        self._triage_at_start = triage_of(self.draft.answers)

    @property
    def answers(self) -> Answers:
        return self.draft.answers

    # --- running -----------------------------------------------------------------------

    def run(self) -> Outcome:
        if self.draft.phase == "walk":
            self.walk_plan()
            self.draft.phase = "review"
            self.save()
            if not self.draft.review:
                memo, problems = self.build()
                if memo is not None:
                    return Outcome(self.answers, [], {}, self.asked)
                # Cannot save answers that do not make a memo: say why and offer the menu.
                self.say("The answers do not make a complete memo yet:")
                for problem in problems:
                    self.say(f"  {problem}")
                self.draft.review = True
                self.save()
        self.replay = False
        formats = self.review()
        key = self._key(formats)
        fits = self._fits if key == self._fits_key else {}
        return Outcome(self.answers, formats, fits, self.asked)

    def walk_plan(self) -> None:
        """Ask each section of the plan; a changed answer queues its dependent sections."""
        index = 0
        while index < len(self.draft.plan):
            sec = section(self.draft.plan[index])
            self.walk_section(sec, index)
            self.queue_dependents(index)
            index += 1
        self.draft.seeded = False  # every answer has now been seen

    def queue_dependents(self, index: int) -> None:
        before = self.draft.watch
        changed, stale = stale_sections(before, self.answers)
        if not changed:
            return
        later = self.draft.plan[index + 1:]
        added = [sid for sid in stale if sid not in later]
        self.draft.watch = watched(self.answers)
        if added:
            self.draft.plan[index + 1:index + 1] = added
            what = ", ".join(describe_change(name, before.get(name),
                                             get_path(self.answers, split(name)))
                             for name in changed)
            titles = ", ".join(section(sid).title for sid in added)
            self._pending["depends"] = (f"\nYou changed {what}. These sections depend on it "
                                        f"and come next: {titles}.")
        self.save()

    def walk_section(self, sec: Section, index: int | None = None) -> None:
        if not sec.applies(self.answers):
            if sec.owns and self.answers.pop(sec.owns, None) is not None:
                self.say(f"{sec.title} no longer applies ({sec.why_not}): its answers are "
                         "removed.")
            return
        if index is not None:
            self._qmark = f"[{index + 1}/{len(self.draft.plan)}]"
            self._pending["section"] = self.progress_line(sec, index) + f"\n{sec.intro}"
        else:
            self._pending["section"] = f"\n== {sec.title} ==\n{sec.intro}"
        for entry in sec.entries:
            if isinstance(entry, ListQuestion):
                self.ask_list(entry)
            else:
                self.ask_field(entry, split(entry.field), Scope(self.answers))
        if sec.shows_costs:
            self.review_costs(sec)

    def progress_line(self, sec: Section, index: int) -> str:
        """``== Fix ==  section 3 of 12; next: Fine-tune details, ... (and 6 more)``."""
        plan = self.draft.plan
        later = [section(sid) for sid in plan[index + 1:]]
        left = [s.title for s in later if s.applies(self.answers)]
        if not left:
            rest = "the last section; then " + ("the review" if self.draft.review
                                                else "the answers are saved")
        else:
            shown = ", ".join(left[:3])
            more = f" and {len(left) - 3} more" if len(left) > 3 else ""
            rest = f"next: {shown}{more}"
        return f"\n== {sec.title} ==  section {index + 1} of {len(plan)}; {rest}"

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
        if current is not None and not self._follows_changed_triage(question):
            default, fresh = current, self.draft.seeded
        else:
            default, fresh = question.default_for(scope), True
        self.show_help(question)
        raw = self.prompt(key, question, default, path, fresh=fresh,
                          placeholder=question.example_for(scope))
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
        if question.completer == "models" and value and value != current:
            self.fill_from_catalogue(path, str(value))
        self.record(key)

    def _follows_changed_triage(self, question: Question) -> bool:
        """The gaps checkbox ("ticked from your yes answers") after a triage answer changed
        in this sitting: tick it from the new answers, not from the old choice."""
        return (question.field == "diagnosis"
                and triage_of(self.answers) != self._triage_at_start)

    def fill_from_catalogue(self, path: tuple[str | int, ...], model: str) -> None:
        """A model picked for a cost option brings its catalogue prices (still editable)."""
        item = get_path(self.answers, path[:-1])
        try:
            fill = catalogue_fill(item, model)
        except UserError as exc:  # the catalogue library is missing
            self.say(f"  The price catalogue is not available ({exc.message}); type the "
                     "prices.")
            return
        if fill is None:
            self.say(f"  {model} is not in the price catalogue; type its prices (`memo prices "
                     "QUERY` lists the models it knows).")
            return
        item.update(fill.values)
        self.say(f"  {fill.note}")

    def ask_flow(self, name: str, message: str, default: bool) -> bool:
        """A yes/no step that is not a field ("add another?"); replayed from the draft."""
        key = self.step_key(name)
        if self.replay and key in self.draft.flow:
            return bool(self.draft.flow[key])
        value = bool(self.prompt(key, Question(name, message, Kind.CONFIRM), default, ()))
        self.draft.flow[key] = value
        self.record(key)
        return value

    def ask_entry(self, name: str, message: str) -> str:
        """Keep, change or remove an existing list entry; replayed from the draft."""
        key = self.step_key(name)
        if self.replay and key in self.draft.flow:
            stored = self.draft.flow[key]
            return stored if stored in (KEEP, CHANGE, REMOVE) else (CHANGE if stored else REMOVE)
        choices = ((KEEP, "keep it as it is"), (CHANGE, "change it"), (REMOVE, "remove it"))
        value = self.prompt(key, Question(name, message, Kind.SELECT, choices=choices), KEEP, ())
        self.draft.flow[key] = value
        self.record(key)
        return str(value)

    def ask_list(self, entry: ListQuestion) -> None:
        path = split(entry.field)
        items = get_path(self.answers, path)
        if not isinstance(items, list):
            items = []
            set_path(self.answers, path, items)
        self._pending.pop("item", None)
        self._pending["list"] = entry.help
        index = 0
        # One step name for "keep this entry?" and "add another?", so that a resumed draft
        # replays either the same way.
        name = f"{entry.field}.item"
        while True:
            if index < len(items):
                label = entry.label(items[index])
                action = self.ask_entry(name, f"{entry.item_name.capitalize()} #{index + 1} "
                                              f"({label}):")
                if action == REMOVE:
                    del items[index]
                    self.save()
                    continue
                if action == KEEP:
                    index += 1
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
            options = get_path(self.answers, ("costs", "options"))
            if not options:
                return  # nothing to compute before the options are typed
            preview = cost_preview(self.answers)
            if preview.error:
                text = f"The cost numbers do not compute yet: {preview.error}"
            else:
                text = "\n".join(["", "Cost numbers (* = proposed):", *preview.lines])
            if not sec.revise:
                if not self.replay:
                    self.say(text)
                return
            self._pending["costs"] = text
            if not self.ask_flow("costs.revise", "Revise the cost numbers?", False):
                return
            for sid in ("costs", "options"):
                for entry in section(sid).entries:
                    if isinstance(entry, ListQuestion):
                        self.ask_list(entry)
                    else:
                        self.ask_field(entry, split(entry.field), Scope(self.answers))

    # --- the review: checklist, one-page fit, menu -------------------------------------

    def review(self) -> list[str]:
        self._qmark = "[review]"
        if self.draft.formats is None:
            self.draft.formats = self.ask_formats(["md"])
            self.save()
        while True:
            memo, problems = self.build()
            fits = self.fits(memo)
            findings = self.show_review(memo, problems, fits)
            choices = self.menu_choices(memo is not None, problems, findings, fits)
            choice = self.prompt("review", Question("review", "What next? (Enter: save and "
                                                    "finish)", Kind.SELECT, choices=()),
                                 FINISH, (), menu=choices)
            if choice == FINISH:
                if memo is None:
                    self.say("Not saved yet: the answers above are missing or invalid. Pick "
                             "their section below.")
                    continue
                return list(self.draft.formats or [])
            if choice == CHOOSE_FORMATS:
                self.draft.formats = self.ask_formats(self.draft.formats)
                self.save()
                continue
            self.go_back(str(choice))

    def go_back(self, section_id: str) -> None:
        """A new walk of one section (and whatever depends on what changes in it)."""
        self.draft.plan = [section_id]
        self.draft.done, self.draft.flow = [], {}
        self._counters = {}
        self.draft.watch = watched(self.answers)
        self.draft.phase = "walk"
        self.save()
        self.walk_plan()
        self.draft.phase = "review"
        self._qmark = "[review]"
        self.save()

    def ask_formats(self, current: list[str] | None) -> list[str]:
        chosen = self.prompt("formats", Question(
            "formats", "Write the memo as (Space ticks, Enter confirms):", Kind.CHECKBOX,
            choices=FORMATS), list(current or []), ())
        return [value for value, _ in FORMATS if value in (chosen or [])]

    def build(self) -> tuple[Any, list[str]]:
        from memo.model import Memo

        try:
            return Memo.model_validate(self.answers), []
        except ValidationError as exc:
            from memo.questions import _message, dotted

            return None, [f"{dotted(tuple(e['loc']))}: {_message(e)}"
                          for e in exc.errors(include_url=False)]

    def fits(self, memo: Any) -> dict[str, Fit]:
        """Each chosen format rendered from the current answers (cached while they stand)."""
        formats = list(self.draft.formats or [])
        if memo is None or self.measure is None or not formats:
            return {}
        key = self._key(formats)
        if key != self._fits_key:
            names = ", ".join(FORMAT_NAMES.get(f, f) for f in formats)
            self.say(f"\nMeasuring the memo in {names} ...")
            self._fits = self.measure(memo, formats)
            self._fits_key = key
        return self._fits

    def _key(self, formats: list[str]) -> str:
        return json.dumps([self.answers, formats], sort_keys=True, default=str)

    def show_review(self, memo: Any, problems: list[str], fits: dict[str, Fit]) -> list[Any]:
        findings: list[Any] = []
        if memo is not None:
            from memo.rules import check_memo

            findings = check_memo(memo)
        self.say(f"\n== Review ==  {self.summary_line(problems, findings, memo)}")
        if memo is None:
            self.say("The answers are not complete yet:")
            for problem in problems:
                self.say(f"  {problem}")
        else:
            self.show_findings(findings)
        if fits:
            self.say("One page, as the renderer measures it:")
            for fmt, fit in fits.items():
                self.say(f"  {FORMAT_NAMES.get(fmt, fmt)}: {fit.message}")
            if any(f.too_long for f in fits.values()):
                self.say("  Shorten the sections marked 'longest' below, or finish: a format "
                         "that does not fit is skipped and the others are written.")
        return findings

    def summary_line(self, problems: list[str], findings: list[Any], memo: Any) -> str:
        """``9 of 11 sections complete; 2 with findings``."""
        applicable = [s for s in SECTION_IDS if section(s).applies(self.answers)]
        states = self.section_states(problems, findings, {})
        complete = [s for s in applicable if states[s] == "complete"]
        flagged = [s for s in applicable if states[s].startswith("has findings")]
        line = f"{len(complete)} of {len(applicable)} sections complete"
        if flagged:
            line += f"; {len(flagged)} with findings"
        return line + ("" if memo is not None else "; the memo cannot be saved yet")

    def show_findings(self, findings: list[Any]) -> None:
        if not findings:
            self.say("Checklist: no findings. The memo passes.")
            return
        errors = sum(1 for f in findings if f.severity == "error")
        self.say(f"Checklist: {errors} error(s), {len(findings) - errors} warning(s)")
        for finding in findings:
            where = f" [{finding.field}]" if finding.field else ""
            self.say(f"  {finding.severity}: {finding.rule}{where}: {finding.message}")
            self.say(f"    hint: {finding.hint}")

    def menu_choices(self, can_save: bool, problems: list[str], findings: list[Any],
                     fits: dict[str, Fit]) -> list[tuple[str, str, str | None]]:
        """(value, title, disabled reason) for the review menu: finish first, then the
        formats, then every section with its state."""
        formats = list(self.draft.formats or [])
        written = [f for f in formats if fits.get(f) is None or fits[f].ok]
        skipped = [f for f in formats if f not in written]
        target = Path(self.draft.output).name
        finish = f"Save and finish: write {target}"
        if written:
            finish += " and " + ", ".join(FORMAT_NAMES.get(f, f) for f in written)
        if skipped:
            finish += f" ({', '.join(FORMAT_NAMES.get(f, f) for f in skipped)} skipped: see "\
                      "above)"
        if not can_save:
            finish = "Save and finish (not yet: answers are missing)"
        shown = ", ".join(FORMAT_NAMES.get(f, f) for f in formats) or "none"
        choices: list[tuple[str, str, str | None]] = [
            (FINISH, finish, None), (CHOOSE_FORMATS, f"Output formats: {shown}", None)]
        states = self.section_states(problems, findings, fits)
        for sid in SECTION_IDS:
            sec = section(sid)
            if not sec.applies(self.answers):
                choices.append((sid, sec.title, f"not applicable: {sec.why_not}"))
            else:
                choices.append((sid, f"{sec.title}: {states[sid]}", None))
        return choices

    def section_states(self, problems: list[str], findings: list[Any],
                       fits: dict[str, Fit]) -> dict[str, str]:
        missing: dict[str, int] = {}
        for problem in problems:
            sid = section_for(problem.split(":", 1)[0])
            if sid:
                missing[sid] = missing.get(sid, 0) + 1
        errors: dict[str, int] = {}
        warnings: dict[str, int] = {}
        for finding in findings:
            sid = section_for(finding.field or "")
            if sid:
                bucket = errors if finding.severity == "error" else warnings
                bucket[sid] = bucket.get(sid, 0) + 1
        longest: dict[str, list[str]] = {}
        for fmt, fit in fits.items():
            top = sorted(fit.sections.items(), key=lambda item: -item[1])[:3]
            # the longest, and any other that holds a fair share of the text to cut
            top = [(name, words) for name, words in top if words * 4 >= top[0][1]]
            for name, words in top:
                for sid in BUDGET_SECTIONS.get(name, ()):
                    longest.setdefault(sid, []).append(
                        f"longest in {FORMAT_NAMES.get(fmt, fmt)}: {name}, {words} words")
        states = {}
        for sid in SECTION_IDS:
            if sid in missing:
                state = f"incomplete ({missing[sid]} answer(s) missing or invalid)"
            elif sid in errors or sid in warnings:
                parts = []
                if errors.get(sid):
                    parts.append(f"{errors[sid]} error(s)")
                if warnings.get(sid):
                    parts.append(f"{warnings[sid]} warning(s)")
                state = "has findings: " + ", ".join(parts)
            else:
                state = "complete"
            if sid in longest:
                state += "; " + "; ".join(dict.fromkeys(longest[sid]))
            states[sid] = state
        return states

    # --- prompting -----------------------------------------------------------------------

    def announce(self) -> None:
        for text in self._pending.values():
            if text:
                self.say(text)
        self._pending = {}

    def show_help(self, question: Question) -> None:
        if question.help:
            self.say(f"  {question.help}")

    def prompt(self, key: str, question: Question, default: Any, path: tuple[str | int, ...],
               *, fresh: bool = False, placeholder: str = "",
               menu: list[tuple[str, str, str | None]] | None = None) -> Any:
        self.draft.next = key
        self.save()
        self.announce()
        self.replay = False  # past the point where the draft stopped: ask everything
        self.asked += 1
        try:
            if menu is not None:
                built = build_menu(question.prompt, menu, default, self._qmark)
            else:
                built = build_prompt(question, default, path, fresh=fresh,
                                     placeholder=placeholder, qmark=self._qmark)
            return with_ctrl_d(built).unsafe_ask()
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


def _resume_command(draft: Draft) -> str:
    return resume_command(draft)


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


def _style() -> Any:
    from prompt_toolkit.styles import Style

    return Style(STYLE)


def build_prompt(question: Question, default: Any, path: tuple[str | int, ...], *,
                 fresh: bool = False, placeholder: str = "", qmark: str = "?") -> Any:
    """The questionary prompt for one question (imported lazily: `memo --help` stays fast).

    ``fresh``: the pre-set text is a suggestion, not the user's own answer: shown selected,
    Enter takes it and the first key typed replaces it. ``placeholder``: an example shown
    in grey while the answer is empty; it is never taken as the answer.
    """
    import questionary

    if question.kind in TEXTUAL:
        def validate(text: str) -> bool | str:
            message = check_answer(question, path, text)
            return True if message is None else message

        return text_prompt(question.prompt, as_default_text(default), validate=validate,
                           fresh=fresh, placeholder=placeholder, qmark=qmark,
                           completer=model_completer() if question.completer == "models"
                           else None)
    if question.kind is Kind.CONFIRM:
        return questionary.confirm(question.prompt, default=bool(default), qmark=qmark)
    choices = [questionary.Choice(title, value=value,
                                  checked=question.kind is Kind.CHECKBOX
                                  and value in (default or []))
               for value, title in question.choices]
    if question.kind is Kind.CHECKBOX:
        return questionary.checkbox(question.prompt, choices=choices, qmark=qmark)
    values = [value for value, _ in question.choices]
    return questionary.select(question.prompt, choices=choices, use_shortcuts=True,
                              default=default if default in values else None, qmark=qmark)


def build_menu(message: str, menu: list[tuple[str, str, str | None]], default: Any,
               qmark: str) -> Any:
    """A select whose unavailable entries are shown, greyed, with the reason."""
    import questionary

    choices = [questionary.Choice(title, value=value, disabled=reason)
               for value, title, reason in menu]
    return questionary.select(message, choices=choices, use_shortcuts=True, default=default,
                              qmark=qmark)


def text_prompt(message: str, prefill: str, *, validate: Callable[[str], bool | str],
                fresh: bool = False, placeholder: str = "", qmark: str = "?",
                completer: Any = None) -> Any:
    """questionary's text prompt, with three changes: the validation message shows right
    under the prompt (not on the terminal's last row), an example is a grey placeholder, and
    a suggested answer is replaced by the first key typed (Enter keeps it; arrows or
    Backspace start editing it)."""
    import questionary
    from prompt_toolkit.filters import Condition, to_filter
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.lexers import DynamicLexer, SimpleLexer

    state = {"fresh": fresh and bool(prefill)}
    lexers = {True: SimpleLexer("class:suggestion"), False: SimpleLexer("class:answer")}
    extra: dict[str, Any] = {}
    if placeholder:
        extra["placeholder"] = FormattedText([("class:placeholder", f"e.g. {placeholder}")])
    if completer is not None:
        extra.update(completer=completer, complete_while_typing=True)
    built = questionary.text(message, default=prefill, validate=validate, qmark=qmark,
                             style=_style(), lexer=DynamicLexer(lambda: lexers[state["fresh"]]),
                             **extra)
    app = built.application
    # The input line does not stretch to the bottom of the terminal, so the validation
    # toolbar sits right under it.
    app.layout.current_window.dont_extend_height = to_filter(True)
    buffer = app.layout.current_buffer

    def adopt(_: Any) -> None:
        state["fresh"] = False

    buffer.on_text_changed += adopt
    buffer.on_cursor_position_changed += adopt
    bindings = KeyBindings()

    @bindings.add(Keys.Any, filter=Condition(lambda: state["fresh"]))
    def _replace(event: Any) -> None:
        state["fresh"] = False
        event.current_buffer.text = ""
        event.current_buffer.insert_text(event.data)

    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])
    return built


def model_completer() -> Any:
    """Completion of model ids from the price catalogue (``memo.prices.search``)."""
    from prompt_toolkit.completion import Completer, Completion

    class ModelCompleter(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Any:
            from memo.prices import format_per_mtok, search

            typed = document.text_before_cursor
            if len(typed.strip()) < 2:
                return
            try:
                found = search(typed, limit=25)
            except UserError:  # the catalogue library is missing: no completion
                return
            for price in found:
                meta = (f"{format_per_mtok(price.input_per_mtok)} in / "
                        f"{format_per_mtok(price.output_per_mtok)} out per 1M")
                yield Completion(price.ref, start_position=-len(typed), display=price.ref,
                                 display_meta=meta)

    return ModelCompleter()


def ask_choice(message: str, choices: list[tuple[str, str]], default: str) -> str:
    """One select outside a questionnaire (the CLI's "a draft exists" question)."""
    try:
        return str(with_ctrl_d(build_menu(message, [(v, t, None) for v, t in choices],
                                          default, "?")).unsafe_ask())
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("interrupted; nothing was changed") from None


def ask_confirm(message: str, default: bool, stopped: str) -> bool:
    """One yes/no question outside a questionnaire; ``stopped`` is said on Ctrl-C."""
    import questionary

    try:
        return bool(with_ctrl_d(questionary.confirm(message, default=default)).unsafe_ask())
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(stopped) from None


def ask_path(message: str, stopped: str) -> str:
    """One line of text outside a questionnaire (another file name)."""
    def validate(text: str) -> bool | str:
        return True if text.strip() else "type a file name"

    try:
        return str(with_ctrl_d(text_prompt(message, "", validate=validate)).unsafe_ask()).strip()
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(stopped) from None


def start(answers: Answers | None, output: Path, draft_path: Path, mode: str, *,
          plan: list[str] | None = None, review: bool = True,
          formats: list[str] | None = None, seeded: bool = False) -> Draft:
    """A fresh draft: from nothing (``memo new``), from another memo's answers (``--from``,
    ``--answers``: ``seeded``) or from a file's answers (``memo edit``). ``plan`` None walks
    every section; an empty plan opens at the review (the section menu)."""
    from memo.questions import new_answers

    data = copy.deepcopy(answers) if answers is not None else new_answers()
    walk = list(SECTION_IDS) if plan is None else list(plan)
    draft = Draft(output=str(output), mode=mode, answers=data, plan=walk, review=review,
                  formats=formats, seeded=seeded, watch=watched(data),
                  phase="walk" if walk else "review")
    save_draft(draft_path, draft)
    return draft
