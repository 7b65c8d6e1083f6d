"""The questionnaire as data: every question of the answers file, in the order a lead answers.

Nothing here prompts or prints. ``memo.prompt`` walks these sections; ``memo edit --set`` and
tests read them. Each answer is checked with the same pydantic field the file loader uses
(``validate_answer``), so a typed answer and a hand-edited file get the same message for the
same mistake; numbers are first read as people type them (``memo.numbers``: ``20,000``,
``1.5M``, ``$2,190``, ``3%``).

Three kinds of pre-set text, kept apart (the prompt shows each differently):
- the user's own earlier answers (``memo edit``, going back) pre-fill the prompt;
- a suggestion (``default``: today's date, an option named after its fix) is shown selected:
  Enter takes it, the first key typed replaces it;
- an example (``example``, per case in ``memo.examples``) is only a grey placeholder.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

if TYPE_CHECKING:
    from memo.triage import Recommendation

from memo.model import (
    FIX_COST_ORDER,
    FIX_LABELS,
    FineTuneFlavor,
    FineTuneMethod,
    FixKind,
    Gap,
    Memo,
    RetrainTrigger,
    Status,
    Triage,
)

Answers = dict[str, Any]
Path = tuple[str | int, ...]


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    INT = "int"
    DATE = "date"
    SELECT = "select"
    CONFIRM = "confirm"
    CHECKBOX = "checkbox"


TEXTUAL = frozenset({Kind.TEXT, Kind.NUMBER, Kind.INT, Kind.DATE})
NUMERIC = frozenset({Kind.NUMBER, Kind.INT})


@dataclass(frozen=True)
class Scope:
    """What a ``when`` predicate or a computed default sees: all answers so far, and the list
    item being filled in (``item`` and ``index``) for questions inside a list."""

    answers: Answers
    item: Answers | None = None
    index: int | None = None


Predicate = Callable[[Scope], bool]
Default = Any  # a value, or a callable Scope -> value


@dataclass(frozen=True)
class Question:
    """One field of the answers file. ``field`` is relative to the list item inside a
    ``ListQuestion``, absolute (dotted) otherwise. ``key`` is the field as ``all_fields``
    spells it (``costs.options[].model``), set when the sections are built."""

    field: str
    prompt: str
    kind: Kind = Kind.TEXT
    help: str = ""
    example: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, title)
    default: Default = None  # a suggestion, never the user's answer
    when: Predicate | None = None
    required: bool = True
    completer: str | None = None  # "models": complete from the price catalogue
    key: str = ""

    def applies(self, scope: Scope) -> bool:
        return self.when is None or self.when(scope)

    def default_for(self, scope: Scope) -> Any:
        return self.default(scope) if callable(self.default) else self.default

    def example_for(self, scope: Scope) -> str:
        """The example that fits the case being written (``memo.examples``)."""
        from memo.examples import EXAMPLES, Case, case_of

        by_case = EXAMPLES.get(self.key or self.field)
        if not by_case:
            return self.example
        return by_case.get(case_of(scope.answers)) or by_case.get(Case.GENERAL) or self.example


@dataclass(frozen=True)
class ListQuestion:
    """A list of blocks (tried, alternatives, options, risks): any number of entries."""

    field: str
    item_name: str
    add_prompt: str
    items: tuple[Question, ...]
    help: str = ""
    min_items: int = 0
    label: Callable[[Answers], str] = lambda item: ", ".join(str(v) for v in item.values())[:60]
    when: Predicate | None = None

    def applies(self, scope: Scope) -> bool:
        return self.when is None or self.when(scope)


Entry = Question | ListQuestion


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    entries: tuple[Entry, ...]
    when: Predicate | None = None
    owns: str | None = None  # top-level block dropped when the section does not apply
    shows_costs: bool = False  # show the live cost numbers at the end (when they compute)
    revise: bool = False  # then offer "Revise the cost numbers?"
    why_not: str = ""  # why the section does not apply, in plain words

    def applies(self, answers: Answers) -> bool:
        return self.when is None or self.when(Scope(answers))

    def fields(self) -> Iterator[str]:
        """The fields this section asks, list items as ``list[].field``."""
        for entry in self.entries:
            if isinstance(entry, ListQuestion):
                yield entry.field
                for item in entry.items:
                    yield f"{entry.field}[].{item.field}"
            else:
                yield entry.field


# --- reading answers ---------------------------------------------------------------------


def split(dotted: str) -> Path:
    return tuple(dotted.split("."))


def get_path(data: Any, path: Path, default: Any = None) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return default
            data = data[part]
        else:
            if not isinstance(data, dict) or part not in data:
                return default
            data = data[part]
    return data


def set_path(data: Answers, path: Path, value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        if isinstance(part, int):
            node = node[part]
        else:
            child = node.get(part)
            if not isinstance(child, dict | list):
                child = node[part] = {}
            node = child
    node[path[-1]] = value


def drop_path(data: Answers, path: Path) -> None:
    """Remove a field, and blocks inside list entries left empty (``training: {}``)."""
    parent = get_path(data, path[:-1]) if len(path) > 1 else data
    if isinstance(parent, dict):
        parent.pop(path[-1], None)
    if len(path) > 2 and parent == {} and isinstance(path[-2], str) \
            and isinstance(path[-3], int):
        drop_path(data, path[:-1])


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def fix_kind(scope: Scope) -> FixKind | None:
    value = get_path(scope.answers, ("fix", "kind"))
    try:
        return FixKind(value) if value else None
    except ValueError:
        return None


def is_fine_tune(scope: Scope) -> bool:
    kind = fix_kind(scope)
    return kind is not None and kind.is_fine_tune


def triage_of(answers: Answers) -> Triage:
    data = {k: v for k, v in (answers.get("triage") or {}).items() if k.endswith("_gap")}
    try:
        return Triage.model_validate(data)
    except ValidationError:
        return Triage()


def recommendation_of(answers: Answers) -> Recommendation:
    """The triage's recommendation as `memo check` makes it: from the answers and the
    measured scores, against the evaluation target where one is known (a score that meets
    the target overrides a "yes"). Without the scores and target the questionnaire could
    recommend one fix and the checklist demand another."""
    from memo.triage import recommend

    triage = answers.get("triage") or {}
    try:
        full = Triage.model_validate(triage)
    except ValidationError:
        full = triage_of(answers)
    evaluation = answers.get("evaluation") or {}
    target = evaluation.get("target")
    if not isinstance(target, int | float) or isinstance(target, bool):
        return recommend(full)
    return recommend(full, float(target), evaluation.get("higher_is_better") is not False)


def recommendation_note(answers: Answers) -> str:
    """The triage's recommended fix and why, as shown before the fix is chosen."""
    rec = recommendation_of(answers)
    also = sorted((k for k in rec.acceptable if k != rec.kind), key=FIX_COST_ORDER.index)
    lines = [f"Recommended fix: {FIX_TITLES[rec.kind]}", f"Why: {rec.reason}"]
    if also:
        lines.append("Also acceptable: " + ", ".join(FIX_TITLES[k] for k in also))
    lines.append("Choose it, or override it (an override asks for its reason).")
    return "\n".join(lines)


def needs_override(scope: Scope) -> bool:
    kind = fix_kind(scope)
    return kind is not None and not recommendation_of(scope.answers).accepts(kind)


# --- validation: the loader's own field types --------------------------------------------


class Invalid(ValueError):
    """An answer the model refuses; ``str()`` is the message to show."""


@cache
def _adapter(path: Path) -> TypeAdapter[Any]:
    model: type[BaseModel] = Memo
    annotation: Any = None
    for position, part in enumerate(path):
        if isinstance(part, int):
            continue
        info = model.model_fields[part]
        annotation = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]  # type: ignore[valid-type]
        if position < len(path) - 1:
            found = _model_in(info.annotation)
            if found is None:
                break
            model = found
    return TypeAdapter(annotation)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _message(error: Any) -> str:
    from memo.answers import validation_message as loader_message  # the file loader's wording

    return loader_message(error, tuple(error["loc"]), None)


def validate_answer(question: Question, path: Path, raw: Any) -> Any:
    """The value to store for a typed answer; raises ``Invalid`` with the loader's message.

    ``None`` means "no answer" (an optional field left empty): the field is left out.
    """
    if question.kind is Kind.SELECT and raw in ("", None) and not question.required:
        return None  # "not stated"
    if question.kind in TEXTUAL:
        raw = "" if raw is None else str(raw).strip()
        if raw == "":
            if question.required:
                raise Invalid("required: please give an answer")
            return None
    if question.kind in NUMERIC:
        from memo.numbers import NumberError, parse_number, unit_of

        try:
            raw = parse_number(raw, unit_of(question.field))
        except NumberError as exc:
            raise Invalid(str(exc)) from None
    try:
        value = _adapter(tuple(p for p in path if not isinstance(p, int)))
        value = value.validate_python(raw)
    except ValidationError as exc:
        raise Invalid("; ".join(_message(e) for e in exc.errors(include_url=False))) from None
    return to_plain(value)


def check_answer(question: Question, path: Path, raw: Any) -> str | None:
    """The message for an invalid answer, or None when it is fine."""
    try:
        validate_answer(question, path, raw)
    except Invalid as exc:
        return str(exc)
    return None


def to_plain(value: Any) -> Any:
    """Plain YAML data: enums as strings, whole floats as ints, dates kept as dates."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def as_default_text(value: Any) -> str:
    """A stored value as the text a prompt pre-fills."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        # 1e-05 reads as a typo; write it out as people type it
        return f"{value:.12f}".rstrip("0") if "e" in text else text
    return str(value)


# --- defaults and predicates -------------------------------------------------------------


def _today(scope: Scope) -> dt.date:
    return dt.date.today()


def _review_default(scope: Scope) -> dt.date:
    start = get_path(scope.answers, ("date",))
    base = start if isinstance(start, dt.date) else dt.date.today()
    return base + dt.timedelta(days=182)


def _recommended(scope: Scope) -> str:
    return recommendation_of(scope.answers).kind.value


def _diagnosis_default(scope: Scope) -> list[str]:
    triage = scope.answers.get("triage") or {}
    return [g.value for g in Gap if str(triage.get(f"{g.value}_gap", "")).lower() in
            ("yes", "true")]


def _option_name(scope: Scope) -> str | None:
    kind = (scope.item or {}).get("kind") or _option_kind(scope)
    try:
        return FIX_LABELS[FixKind(kind)] if kind else None
    except ValueError:
        return None


def _option_kind(scope: Scope) -> str | None:
    if scope.index == 0:
        kind = fix_kind(scope)
        return kind.value if kind else None
    alternatives = scope.answers.get("alternatives") or []
    position = (scope.index or 1) - 1
    if position < len(alternatives):
        return alternatives[position].get("kind")
    return None


def _is_option_fine_tune(scope: Scope) -> bool:
    kind = (scope.item or {}).get("kind")
    return kind in (FixKind.FINE_TUNE.value, FixKind.RAG_FINE_TUNE.value)


def _has(name: str) -> Predicate:
    """The option already holds a value for ``name`` (kept and re-asked, never dropped)."""
    return lambda scope: (scope.item or {}).get(name) not in (None, 0)


def _in_context_option(scope: Scope) -> bool:
    """A prompt-only option: its long static prefix is what cached-input pricing discounts."""
    return bool((scope.item or {}).get("kind")) and not _is_option_fine_tune(scope)


def _self_hosted(scope: Scope) -> bool:
    """Paid by the hour, not by the token: both token prices are 0 (own GPUs or a dedicated
    endpoint), or a fine-tuned model, which usually needs an endpoint of its own."""
    item = scope.item or {}
    free = item.get("input_price_per_mtok") == 0 and item.get("output_price_per_mtok") == 0
    return free or _is_option_fine_tune(scope)


def _training(scope: Scope, name: str) -> bool:
    return get_path(scope.item or {}, ("training", name)) is not None


def _also_default(scope: Scope) -> list[str]:
    kind = fix_kind(scope)
    return [k.value for k in recommendation_of(scope.answers).also if k != kind]


def _costs_more(scope: Scope) -> bool:
    """Whether the proposed option costs more at the horizon than an alternative that is not
    shown to miss the target: its quality unknown, no target yet, or a quality that meets it
    (MEMO-COST-010's own test, so the question is asked exactly when the rule needs it)."""
    from memo.cost import cents, cost_report
    from memo.model import Costs
    from memo.triage import meets

    try:
        costs = Costs.model_validate(scope.answers.get("costs") or {})
    except ValidationError:
        return False
    evaluation = scope.answers.get("evaluation") or {}
    target = evaluation.get("target")
    higher = evaluation.get("higher_is_better") is not False

    def shown_to_miss(quality: float | None) -> bool:
        if quality is None or not isinstance(target, int | float) or isinstance(target, bool):
            return False
        return not meets(quality, float(target), higher)

    report = cost_report(costs)
    return any(cents(b.tco_difference_usd) > 0
               and not shown_to_miss(costs.options[b.alternative_index].quality)
               for b in report.break_even)


def _triage_choices() -> tuple[tuple[str, str], ...]:
    return (("yes", "yes: the gap is there"), ("no", "no"),
            ("unsure", "unsure: not measured yet"))


def _enum_choices(enum: type[StrEnum], titles: dict[Any, str] | None = None
                  ) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, (titles or {}).get(m, m.value)) for m in enum)


FIX_TITLES: dict[FixKind, str] = {
    FixKind.PROMPT: "Better prompt (or a trimmed one)",
    FixKind.FEW_SHOT: "Few-shot examples",
    FixKind.STRUCTURED_OUTPUT: "Structured output (a JSON schema)",
    FixKind.CACHING: "Prompt caching or batching",
    FixKind.MODEL_SWAP: "Model swap (smaller, stronger or routed)",
    FixKind.WORKFLOW: "Logic moved into code",
    FixKind.RAG: "Retrieval (RAG)",
    FixKind.FINE_TUNE: "Fine-tune",
    FixKind.RAG_FINE_TUNE: "Retrieval plus a fine-tune",
}
FIX_CHOICES = tuple((k.value, FIX_TITLES[k]) for k in FIX_COST_ORDER)
# A supporting part is in-context: a fine-tune is only ever the fix's kind.
ALSO_CHOICES = tuple(c for c in FIX_CHOICES if not FixKind(c[0]).is_fine_tune)
DIRECTION_CHOICES = (("", "not stated: read from the metric's name"),
                     ("yes", "higher is better"), ("no", "lower is better (errors, latency, cost)"))
TRIGGER_TITLES = {
    RetrainTrigger.BASE_MODEL_UPGRADE: "the vendor upgrades or retires the base model",
    RetrainTrigger.DATA_DRIFT: "the incoming data drifts",
    RetrainTrigger.BEHAVIOR_CHANGE: "the wanted behaviour changes",
    RetrainTrigger.SCHEDULED: "on a fixed schedule",
    RetrainTrigger.QUALITY_DROP: "monitoring shows a quality drop",
}
STATUS_TITLES = {
    Status.DRAFT: "draft: still being written",
    Status.PROPOSED: "proposed: ready for the decision",
    Status.ACCEPTED: "accepted",
    Status.REJECTED: "rejected",
    Status.SUPERSEDED: "superseded by a newer memo",
}


# --- the questionnaire --------------------------------------------------------------------


def _triage_question(gap: Gap, prompt: str, help_text: str, example: str) -> Question:
    return Question(f"triage.{gap.value}_gap", prompt, Kind.SELECT, help=help_text,
                    example=example, choices=_triage_choices(), default="unsure")


def _keyed(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Each question learns its ``key`` (``costs.options[].model``) for examples and lookups."""
    out = []
    for sec in sections:
        entries: list[Entry] = []
        for entry in sec.entries:
            if isinstance(entry, ListQuestion):
                items = tuple(_with_key(q, f"{entry.field}[].{q.field}") for q in entry.items)
                entries.append(ListQuestion(entry.field, entry.item_name, entry.add_prompt,
                                            items, entry.help, entry.min_items, entry.label,
                                            entry.when))
            else:
                entries.append(_with_key(entry, entry.field))
        out.append(Section(sec.id, sec.title, sec.intro, tuple(entries), sec.when, sec.owns,
                           sec.shows_costs, sec.revise, sec.why_not))
    return tuple(out)


def _with_key(question: Question, key: str) -> Question:
    from dataclasses import replace

    return replace(question, key=key)


NOT_MEASURED = "(leave empty if not measured)"

SECTIONS: tuple[Section, ...] = _keyed((
    Section("problem", "Problem", "What the LLM feature must do, and how it falls short today.", (
        Question("problem.task", "What must the LLM feature do?"),
        Question("problem.failure", "How does it fall short today, with evidence?",
                 help="Numbers or samples a reviewer can check."),
    )),
    Section("triage", "Triage", "Four questions, in order, name the gap before the fix.", (
        _triage_question(Gap.CAPABILITY, "1. Capability gap: it cannot do the task even with "
                         "the best prompt and context?",
                         "A skill with little pretraining coverage; check it is not missing "
                         "facts in disguise.",
                         "tagging drug doses in clinical notes fails with any prompt"),
        _triage_question(Gap.FORMAT, "2. Format gap: right answer, wrong shape?",
                         "The content is right but the structure, fields or style are not.",
                         "the answer is correct but the JSON misses required keys"),
        _triage_question(Gap.KNOWLEDGE, "3. Knowledge gap: it needs facts it lacks, or facts "
                         "that change?",
                         "\"It doesn't understand our products\" is usually this one.",
                         "prices and plan names changed after the model's cut-off"),
        _triage_question(Gap.LATENCY_COST, "4. Latency/cost gap: prompt length, speed or "
                         "volume break the budget?",
                         "Only yes if the numbers say so at your volume.",
                         "a 6,000-token prompt at 2M requests a month costs more than "
                         "budgeted"),
        Question("triage.evidence", "What did you measure to answer these four?",
                 help="Give each figure with what it is out of: \"58% of 200\", \"F1 0.81 "
                      "on 300 notes\"."),
        Question("triage.scores.best_prompt", "Score of the best prompt on the strongest model "
                 f"you may use, on the evaluation metric? {NOT_MEASURED}", Kind.NUMBER,
                 required=False, example="0.62"),
        Question("triage.scores.with_context", "Score of that prompt with the right facts "
                 f"pasted in (the oracle test)? {NOT_MEASURED}", Kind.NUMBER,
                 required=False, help="If this reaches the target, the gap is knowledge, not "
                 "capability.", example="0.91"),
        Question("triage.scores.few_shot", "Score of the best prompt plus examples? "
                 f"{NOT_MEASURED}", Kind.NUMBER, required=False, example="0.74"),
        Question("diagnosis", "Which gaps does the memo name?", Kind.CHECKBOX,
                 help="Ticked from your yes answers; at least one. Space ticks, Enter "
                      "confirms.",
                 choices=_enum_choices(Gap, {Gap.CAPABILITY: "capability", Gap.FORMAT: "format",
                                             Gap.KNOWLEDGE: "knowledge",
                                             Gap.LATENCY_COST: "latency or cost"}),
                 default=_diagnosis_default),
    )),
    Section("fix", "Fix", "The triage recommends the cheapest fix that closes the gap.", (
        Question("fix.kind", "Which fix do you propose?", Kind.SELECT, choices=FIX_CHOICES,
                 default=_recommended),
        Question("fix.override_reason", "You chose another fix than the triage recommends. "
                 "Why?", when=needs_override),
        Question("fix.also", "Supporting parts of the same fix?", Kind.CHECKBOX,
                 help="In-context parts that go with it, e.g. structured output next to "
                      "retrieval for a format gap. Space ticks, Enter confirms.",
                 choices=ALSO_CHOICES, required=False, default=_also_default),
        Question("fix.rationale", "Why this fix, in one or two sentences?"),
    )),
    Section("fine_tune", "Fine-tune details", "How the model would be tuned.", (
        Question("fine_tune.method", "Method?", Kind.SELECT,
                 choices=_enum_choices(FineTuneMethod, {
                     FineTuneMethod.LORA: "LoRA: small adapters (the usual choice)",
                     FineTuneMethod.QLORA: "QLoRA: LoRA on a 4-bit base model",
                     FineTuneMethod.FULL: "full: every weight (needs a reason)",
                     FineTuneMethod.HOSTED: "hosted: a vendor's fine-tuning service"}),
                 default="lora"),
        Question("fine_tune.full_reason", "Why full fine-tuning rather than LoRA?",
                 when=lambda s: get_path(s.answers, ("fine_tune", "method")) == "full"),
        Question("fine_tune.flavor", "Flavour of tuning?", Kind.SELECT,
                 choices=_enum_choices(FineTuneFlavor, {
                     FineTuneFlavor.INSTRUCTION: "instruction: a new task format "
                                                 "(prompt/response pairs)",
                     FineTuneFlavor.DOMAIN: "domain: new vocabulary (domain text)",
                     FineTuneFlavor.PREFERENCE: "preference: tone or values (chosen vs "
                                                "rejected answers)"}),
                 default="instruction"),
        Question("fine_tune.base_model", "Base model?"),
        Question("fine_tune.training_examples", "How many training examples?", Kind.INT),
        Question("fine_tune.data_source", "Where does the training data come from?"),
        Question("fine_tune.data_rights", "Data rights: licence or consent, and how personal "
                 "data in it is handled?"),
        Question("fine_tune.data_destination", "Where does the training data go?"),
        Question("fine_tune.regression_eval", "How are losses in general capability and "
                 "safety caught?"),
        Question("fine_tune.base_model_retires", "When does the vendor retire the base model "
                 "(YYYY-MM-DD)? (leave empty if not announced)", Kind.DATE, required=False),
    ), when=is_fine_tune, owns="fine_tune",
        why_not="only for a fine-tune or retrieval plus a fine-tune"),
    Section("tried", "Tried so far", "Cheaper fixes already tried, with their scores.", (
        ListQuestion("tried", "tried fix", "Add a cheaper fix you already tried?", (
            Question("approach", "Which approach?", Kind.SELECT, choices=FIX_CHOICES,
                     default="prompt"),
            Question("result", "Its measured result?"),
        ), label=lambda i: f"{i.get('approach')}: {i.get('result', '')}"[:60]),
    )),
    Section("alternatives", "Alternatives", "Options rejected, and why.", (
        ListQuestion("alternatives", "alternative", "Add an alternative you rejected?", (
            Question("kind", "Which fix?", Kind.SELECT, choices=FIX_CHOICES,
                     default="fine_tune"),
            Question("reason", "Why rejected?"),
        ), min_items=1, label=lambda i: f"{i.get('kind')}: {i.get('reason', '')}"[:60]),
    )),
    Section("costs", "Costs", "Traffic and horizon: how many requests, how fast they grow, "
            "over how many months.", (
        Question("costs.requests_per_month", "Requests per month?", Kind.NUMBER,
                 help="Thousands separators and 20k or 1.5M are fine."),
        Question("costs.monthly_growth_pct", "Monthly growth in percent?", Kind.NUMBER,
                 default=0, required=False),
        Question("costs.horizon_months", "Horizon in months?", Kind.INT, default=24,
                 help="Year two is where maintenance hurts: 24 is the usual horizon."),
    ), shows_costs=True),
    Section("options", "Cost options", "Each option's tokens and prices per request, its "
            "monthly and one-time costs; memo computes the monthly cost, TCO and break-even.", (
        ListQuestion("costs.options", "cost option", "Add a cost option?", (
            Question("name", "Option name?", default=_option_name,
                     help="Enter keeps the name shown. A highlighted suggestion is replaced "
                          "as you type; a name you gave before is edited like any text "
                          "(Ctrl-U clears it)."),
            Question("kind", "Fix kind?", Kind.SELECT, choices=FIX_CHOICES,
                     default=lambda s: _option_kind(s) or "prompt"),
            Question("chosen", "Is this the option you propose?", Kind.CONFIRM,
                     default=lambda s: s.index == 0),
            Question("quality", "Its measured score on the evaluation metric? "
                     f"{NOT_MEASURED}", Kind.NUMBER, required=False),
            Question("input_tokens", "Input tokens per request, with examples and retrieved "
                     "text?", Kind.NUMBER),
            Question("cached_input_tokens", "Of those, how many are a repeated prefix billed "
                     "at the cached price? (leave empty: no caching)", Kind.NUMBER,
                     required=False,
                     when=lambda s: _in_context_option(s) or _has("cached_input_tokens")(s),
                     help="Providers bill a prompt prefix that repeats (instructions, "
                          "examples) at a discount."),
            Question("output_tokens", "Output tokens per request?", Kind.NUMBER),
            Question("model", "Which model are the prices for? (leave empty: none)",
                     required=False, example="gpt-4o-mini", completer="models",
                     help="Start typing for the price catalogue; picking a model fills its "
                          "prices, which you can still change."),
            Question("input_price_per_mtok", "Input price, USD per million tokens?",
                     Kind.NUMBER, example="0.15"),
            Question("cached_input_price_per_mtok", "Cached input price, USD per million "
                     "tokens?", Kind.NUMBER, when=lambda s: bool((s.item or {}).get(
                         "cached_input_tokens")), example="0.075"),
            Question("output_price_per_mtok", "Output price, USD per million tokens?",
                     Kind.NUMBER, example="0.60"),
            Question("extra_per_request_usd", "Extra USD per request (embeddings, "
                     "retrieval calls)?", Kind.NUMBER, default=0, required=False),
            Question("monthly_serving_usd", "Serving: USD per month for the GPUs or the "
                     "dedicated endpoint this option runs on?", Kind.NUMBER, default=0,
                     required=False, when=lambda s: _self_hosted(s)
                     or _has("monthly_serving_usd")(s),
                     help="Asked because this option is paid by the hour, not by the "
                          "token; count every replica."),
            Question("serving_replicas", "How many replicas does that serving cost buy?",
                     Kind.INT, required=False,
                     when=lambda s: bool((s.item or {}).get("monthly_serving_usd"))),
            Question("monthly_people_usd", "People: USD per month of engineering or MLOps "
                     "time to run it?", Kind.NUMBER, default=0, required=False),
            Question("monthly_labelling_usd", "Monitoring labels: USD per month for people "
                     "checking sampled outputs?", Kind.NUMBER, default=0, required=False),
            Question("monthly_fixed_usd", "Other fixed USD per month (a vector database, "
                     "licences)?", Kind.NUMBER, default=0, required=False),
            Question("one_time_usd", "One-time USD other than training compute (labelling, "
                     "engineering)?", Kind.NUMBER, default=0, required=False),
            Question("training.tokens", "Training on a vendor's service: tokens per epoch? "
                     "(leave empty if you train on your own GPUs)", Kind.NUMBER,
                     required=False, when=_is_option_fine_tune, example="4M"),
            Question("training.epochs", "Epochs?", Kind.NUMBER, default=3,
                     when=lambda s: _training(s, "tokens")),
            Question("training.price_per_mtok", "Training price, USD per million tokens?",
                     Kind.NUMBER, when=lambda s: _training(s, "tokens"), example="3"),
            Question("training.gpu_hours", "Training on your own GPUs: GPU hours? (leave "
                     "empty: none)", Kind.NUMBER, required=False,
                     when=lambda s: _is_option_fine_tune(s) and not _training(s, "tokens"),
                     example="4"),
            Question("training.gpu_hour_usd", "USD per GPU hour?", Kind.NUMBER,
                     when=lambda s: _training(s, "gpu_hours"), example="2.50"),
            Question("retrain_every_months", "Retrain every how many months? (leave empty: "
                     "never)", Kind.INT, required=False, when=_is_option_fine_tune,
                     example="6"),
            Question("retrain_usd", "Cost of each retrain in USD: labels, engineering, the run "
                     "and its evaluation? (leave empty: the training compute only)",
                     Kind.NUMBER, required=False, example="5,000",
                     when=lambda s: bool((s.item or {}).get("retrain_every_months"))),
            Question("price_source", "Where do this option's prices come from, if not the "
                     "memo's main source? (leave empty: the main source)", required=False,
                     example="the GPU provider's price list"),
            Question("price_date", "Date of those prices (YYYY-MM-DD)?", Kind.DATE,
                     when=lambda s: bool((s.item or {}).get("price_source")), default=_today),
        ), help="At least the proposed option and one alternative.", min_items=2,
            label=lambda i: f"{i.get('name')} ({i.get('kind')})"),
        Question("costs.price_source", "Where do the prices come from?",
                 example="OpenAI API pricing page (openai.com/api/pricing)"),
        Question("costs.price_date", "Date of those prices (YYYY-MM-DD)?", Kind.DATE,
                 default=_today),
        Question("fix.premium_reason", "The proposed option costs more over the horizon than "
                 "an alternative not shown to miss the target. Why is that worth it?",
                 when=_costs_more),
    ), shows_costs=True, revise=True),
    Section("evaluation", "Evaluation", "How you will know the fix works.", (
        Question("evaluation.metric", "Metric?"),
        Question("evaluation.higher_is_better", "Direction of the metric?", Kind.SELECT,
                 choices=DIRECTION_CHOICES, default="", required=False),
        Question("evaluation.baseline", "Today's score on it?", Kind.NUMBER),
        Question("evaluation.target", "Target score?", Kind.NUMBER),
        Question("evaluation.eval_set", "Eval set: size and source, held out?"),
        Question("evaluation.eval_set_size", "How many items in it?", Kind.INT,
                 required=False),
        Question("evaluation.held_out", "Is it kept out of prompt writing, examples and "
                 "training?", Kind.SELECT, choices=(("", "not stated"), ("yes", "yes"),
                                                    ("no", "no")),
                 default="", required=False),
        Question("evaluation.pilot", "The proposed fix's measured score, if piloted? "
                 "(leave empty: no pilot)", Kind.NUMBER, required=False),
        ListQuestion("evaluation.guardrails", "guardrail", "Add a guardrail metric the fix "
                     "must hold (latency, cost, another score)?", (
            Question("metric", "Guardrail metric?"),
            Question("baseline", "Today's figure?", Kind.NUMBER),
            Question("target", "Budget or floor it must meet?", Kind.NUMBER),
            Question("higher_is_better", "Direction?", Kind.SELECT, choices=DIRECTION_CHOICES,
                     default="", required=False),
        ), label=lambda i: f"{i.get('metric')}: {i.get('baseline')} -> {i.get('target')}"),
    )),
    Section("maintenance", "Maintenance", "Who keeps the fix working in year two.", (
        Question("maintenance.owner", "Maintenance owner?", required=False,
                 example="Dana Ito (support ML)"),
        Question("maintenance.retrain_triggers", "What forces a retrain?", Kind.CHECKBOX,
                 help="For a fine-tune, at least a base-model upgrade. Space ticks, Enter "
                      "confirms.",
                 choices=_enum_choices(RetrainTrigger, TRIGGER_TITLES), required=False,
                 default=lambda s: ["base_model_upgrade", "data_drift"] if is_fine_tune(s)
                 else []),
        Question("maintenance.monitoring", "What is monitored, how often, alert threshold?",
                 required=False),
        Question("maintenance.sample_size", "Items reviewed per monitoring run?", Kind.INT,
                 required=False),
        Question("maintenance.alert_below", "Alert threshold on the evaluation metric?",
                 Kind.NUMBER, required=False),
        Question("maintenance.review_by", "Revisit the decision by (YYYY-MM-DD)?", Kind.DATE,
                 default=_review_default),
    )),
    Section("risks", "Risks and rollback", "What could go wrong and how you back out.", (
        ListQuestion("risks", "risk", "Add a risk?", (
            Question("risk", "Risk?"),
            Question("mitigation", "Mitigation?"),
        ), min_items=1, label=lambda i: str(i.get("risk", ""))[:60]),
        Question("rollback", "Rollback plan?"),
    )),
    Section("header", "Cover", "Who decides what, and when.", (
        Question("title", "Title: one line, what is decided?"),
        Question("decision_requested", "What is the reader asked to approve?"),
        Question("owner", "Who owns the decision and its follow-up?", example="Dana Ito"),
        Question("author", "Author?", example="Dana Ito"),
        Question("team", "Team?", required=False, example="Support AI"),
        Question("date", "Date (YYYY-MM-DD)?", Kind.DATE, default=_today),
        Question("status", "Status?", Kind.SELECT, choices=_enum_choices(Status, STATUS_TITLES),
                 default="draft"),
        Question("superseded_by", "Which memo supersedes it (path or title)?",
                 when=lambda s: s.answers.get("status") == "superseded"),
        Question("decided", "When was it decided (YYYY-MM-DD)?", Kind.DATE, required=False,
                 when=lambda s: s.answers.get("status") in ("accepted", "rejected",
                                                            "superseded")),
    )),
))

SECTION_IDS = tuple(s.id for s in SECTIONS)


def section(section_id: str) -> Section:
    for candidate in SECTIONS:
        if candidate.id == section_id:
            return candidate
    raise KeyError(section_id)


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def section_slug(sec: Section) -> str:
    """The title as one shell word: ``Cost options`` -> ``cost-options``."""
    return _name_key(sec.title).replace(" ", "-")


def find_section(name: str) -> Section | None:
    """A section by the title the questionnaire shows (``Fine-tune details``) or its id
    (``fine_tune``), ignoring case, spaces, hyphens and underscores."""
    wanted = _name_key(name)
    for candidate in SECTIONS:
        if wanted in (_name_key(candidate.title), _name_key(candidate.id)):
            return candidate
    return None


def all_fields() -> Iterator[str]:
    """Every field path the questionnaire can ask, list items as ``list[].field``."""
    for sec in SECTIONS:
        for entry in sec.entries:
            if isinstance(entry, ListQuestion):
                for item in entry.items:
                    yield item.key
            else:
                yield entry.key


def question_at(path: Path) -> Question | None:
    """The question that asks the field at ``path`` (indices ignored), if any."""
    key_parts: list[str] = []
    for position, part in enumerate(path):
        if isinstance(part, int):
            continue
        if position + 1 < len(path) and isinstance(path[position + 1], int):
            key_parts.append(f"{part}[]")
        else:
            key_parts.append(part)
    key = ".".join(key_parts)
    for sec in SECTIONS:
        for entry in sec.entries:
            candidates = entry.items if isinstance(entry, ListQuestion) else (entry,)
            for question in candidates:
                if question.key == key:
                    return question
    return None


def list_at(path: Path) -> ListQuestion | None:
    """The list question whose field is ``path`` (``("costs", "options")``), if any."""
    wanted = ".".join(str(p) for p in path)
    for sec in SECTIONS:
        for entry in sec.entries:
            if isinstance(entry, ListQuestion) and entry.field == wanted:
                return entry
    return None


def section_for(field_path: str) -> str | None:
    """The section that asks ``field_path`` (a finding's or a validation error's field), by
    the longest prefix of it that a section asks: ``costs.options[1].retrain_usd`` ->
    ``options``, ``fine_tune`` -> ``fine_tune``, ``rollback`` -> ``risks``."""
    clean = re.sub(r"\[\d+\]", "", field_path or "")
    parts = [p for p in clean.split(".") if p]
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        for sec in SECTIONS:
            for asked in sec.fields():
                asked = asked.replace("[]", "")
                if asked == prefix or asked.startswith(prefix + "."):
                    return sec.id
    return None


# The renderer's one-page budget names memo sections (memo.render.budget.section_texts); these
# are the questionnaire sections whose answers fill each, longest text first to shorten.
BUDGET_SECTIONS: dict[str, tuple[str, ...]] = {
    "Title and decision requested": ("header",),
    "Problem": ("problem",),
    "Diagnosis": ("triage",),
    "Tried so far": ("tried",),
    "Decision": ("fix", "fine_tune", "alternatives"),
    "Costs": ("options",),
    "Evaluation": ("evaluation",),
    "Maintenance": ("maintenance",),
    "Risks and rollback": ("risks",),
}

# A changed answer makes other sections stale: they are asked again right after the section
# that changed it (or, with `--set`, named in a warning).
DEPENDENTS: dict[str, tuple[str, ...]] = {
    "fix.kind": ("fine_tune", "alternatives", "options"),
    **{f"triage.{g.value}_gap": ("fix",) for g in Gap},
}


def describe_change(name: str, before: Any, after: Any) -> str:
    """A changed watched answer in plain words: ``the fix (Retrieval (RAG) -> Fine-tune)``."""
    def shown(value: Any) -> str:
        if value in (None, ""):
            return "not answered"
        if name == "fix.kind":
            try:
                return FIX_TITLES[FixKind(value)]
            except ValueError:
                return str(value)
        return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(
            value, bool) else str(value)

    what = ("the fix" if name == "fix.kind" else
            f"the {name.split('.')[-1].removesuffix('_gap').replace('_', '/')} gap answer")
    return f"{what} ({shown(before)} -> {shown(after)})"


def watched(answers: Answers) -> dict[str, Any]:
    """The current values of the answers other sections depend on."""
    return {name: get_path(answers, split(name)) for name in DEPENDENTS}


def stale_sections(before: dict[str, Any], answers: Answers) -> tuple[list[str], list[str]]:
    """The watched answers that changed since ``before``, and the sections that depend on
    them (in questionnaire order)."""
    changed = [name for name, value in watched(answers).items()
               if str(before.get(name)) != str(value)]
    wanted = {sid for name in changed for sid in DEPENDENTS[name]}
    return changed, [sid for sid in SECTION_IDS if sid in wanted]


def new_answers() -> Answers:
    return {"schema_version": 1}


def from_other_memo(answers: Answers, today: dt.date | None = None) -> Answers:
    """Another memo (or a sample) as the start of a new one: today's date, status draft, and
    nothing that records the other memo's own decision."""
    data = dict(answers)
    data["date"] = today or dt.date.today()
    data["status"] = Status.DRAFT.value
    for name in ("decided", "superseded_by"):
        data.pop(name, None)
    return data


# --- the price catalogue -----------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFill:
    """What picking a catalogue model puts into a cost option, and a line saying so."""

    values: dict[str, Any]
    note: str


def catalogue_fill(item: Answers, model: str, today: dt.date | None = None
                   ) -> CatalogueFill | None:
    """The prices of ``model`` from the price catalogue for a cost option, or None when the
    catalogue has no such model. The cached-input price only where the option has a cached
    prefix. The catalogue publishes no date for its data, so the prices are dated the day they
    were read."""
    from memo.prices import catalogue_info, format_per_mtok, lookup

    price = lookup(model)
    if price is None:
        return None
    info = catalogue_info()
    values: dict[str, Any] = {}
    shown = []
    for name, value, label in (
            ("input_price_per_mtok", price.input_per_mtok, "input"),
            ("cached_input_price_per_mtok", price.cached_input_per_mtok, "cached input"),
            ("output_price_per_mtok", price.output_per_mtok, "output")):
        if value is None or (name.startswith("cached") and not item.get("cached_input_tokens")):
            continue
        values[name] = to_plain(float(value))
        shown.append(f"{label} {format_per_mtok(float(value))}")
    dated = dt.date.fromisoformat(info.date) if info.date else (today or dt.date.today())
    values["price_source"] = info.source
    values["price_date"] = dated
    when = ("" if info.date else
            "; dated today, since the catalogue publishes no date for its data")
    tier = "; long prompts pay more (the base tier is shown)" if price.tiered else ""
    note = (f"Prices of {price.ref} from {info.source}: {', '.join(shown)} per million "
            f"tokens{tier}{when}. Change any of them below.")
    return CatalogueFill(values, note)


@dataclass
class CostPreview:
    lines: list[str] = field(default_factory=list)
    error: str | None = None


def cost_preview(answers: Answers) -> CostPreview:
    """Per-request cost, monthly cost, TCO and break-even of the costs typed so far."""
    from memo.cost import cost_report
    from memo.format import usd, verdict_sentence, volume_text
    from memo.model import Costs

    data = {k: v for k, v in (answers.get("costs") or {}).items()}
    try:
        costs = Costs.model_validate(data)
    except ValidationError as exc:
        return CostPreview(error="; ".join(
            f"{dotted(tuple(e['loc']))}: {_message(e)}" for e in exc.errors(include_url=False)))
    report = cost_report(costs)
    horizon = report.horizon_months
    # Both per-request figures, as in `memo cost`: the memo's table shows the all-in one
    # (fixed monthly costs spread over month 1's requests), so the preview must too.
    lines = [f"{'option':<24} {'per request':>11} {'all-in':>10} {'month 1':>9} "
             f"{'one-time':>9} {f'TCO {horizon} mo':>11}"]
    for option in report.options:
        mark = "*" if option.chosen else " "
        all_in = option.all_in_per_request_usd
        name = option.name if len(option.name) <= 23 else option.name[:22] + "…"
        lines.append(f"{mark}{name:<23} {usd(option.per_request_usd):>11} "
                     f"{usd(all_in) if all_in is not None else '-':>10} "
                     f"{usd(option.first_month_usd):>9} {usd(option.one_time_usd):>9} "
                     f"{usd(option.tco_usd):>11}")
    for result in report.break_even:
        lines.append(f"against {result.alternative}: {verdict_sentence(result, horizon)}")
        volume = volume_text(result, report.requests_per_month)
        if volume:
            lines.append(f"  break-even volume: {volume}")
    if report.chosen is None:
        lines.append("no option is marked as proposed: break-even needs one")
    return CostPreview(lines=lines)
