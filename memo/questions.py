"""The questionnaire as data: every question of the answers file, in the order a lead answers.

Nothing here prompts or prints. ``memo.prompt`` walks these sections; tests and docs read them.
Each answer is checked with the same pydantic field the file loader uses (``validate_answer``),
so a typed answer and a hand-edited file get the same message for the same mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

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
    ``ListQuestion``, absolute (dotted) otherwise."""

    field: str
    prompt: str
    kind: Kind = Kind.TEXT
    help: str = ""
    example: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, title)
    default: Default = None
    when: Predicate | None = None
    required: bool = True

    def applies(self, scope: Scope) -> bool:
        return self.when is None or self.when(scope)

    def default_for(self, scope: Scope) -> Any:
        return self.default(scope) if callable(self.default) else self.default


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
    shows_costs: bool = False

    def applies(self, answers: Answers) -> bool:
        return self.when is None or self.when(Scope(answers))


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


def recommendation_note(answers: Answers) -> str:
    """The triage's recommended fix and why, as shown before the fix is chosen."""
    from memo.triage import recommend

    rec = recommend(triage_of(answers))
    also = sorted((k for k in rec.acceptable if k != rec.kind), key=FIX_COST_ORDER.index)
    lines = [f"Recommended fix: {rec.kind.label} ({rec.kind.value})", f"Why: {rec.reason}"]
    if also:
        lines.append("Also acceptable: " + ", ".join(k.label for k in also))
    lines.append("Choose it, or override it (an override asks for its reason).")
    return "\n".join(lines)


def needs_override(scope: Scope) -> bool:
    from memo.triage import recommend

    kind = fix_kind(scope)
    return kind is not None and not recommend(triage_of(scope.answers)).accepts(kind)


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
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# --- defaults -----------------------------------------------------------------------------


def _today(scope: Scope) -> dt.date:
    return dt.date.today()


def _review_default(scope: Scope) -> dt.date:
    start = get_path(scope.answers, ("date",))
    base = start if isinstance(start, dt.date) else dt.date.today()
    return base + dt.timedelta(days=182)


def _recommended(scope: Scope) -> str:
    from memo.triage import recommend

    return recommend(triage_of(scope.answers)).kind.value


def _diagnosis_default(scope: Scope) -> list[str]:
    triage = scope.answers.get("triage") or {}
    return [g.value for g in Gap if str(triage.get(f"{g.value}_gap", "")).lower() in
            ("yes", "true")]


def _option_name(scope: Scope) -> str | None:
    kind = _option_kind(scope)
    return FIX_LABELS[FixKind(kind)] if kind else None


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


def _training(scope: Scope, name: str) -> bool:
    return get_path(scope.item or {}, ("training", name)) is not None


def _also_default(scope: Scope) -> list[str]:
    from memo.triage import recommend

    kind = fix_kind(scope)
    return [k.value for k in recommend(triage_of(scope.answers)).also if k != kind]


def _costs_more(scope: Scope) -> bool:
    """Whether the proposed option costs more at the horizon than an alternative that is not
    shown to miss the target (MEMO-COST-010 then asks for the reason)."""
    from memo.cost import cents, cost_report
    from memo.model import Costs

    try:
        costs = Costs.model_validate(scope.answers.get("costs") or {})
    except ValidationError:
        return False
    report = cost_report(costs)
    return any(cents(b.tco_difference_usd) > 0
               and costs.options[b.alternative_index].quality is None
               for b in report.break_even)


def _triage_choices() -> tuple[tuple[str, str], ...]:
    return (("yes", "yes: the gap is there"), ("no", "no"),
            ("unsure", "unsure: not measured yet"))


def _enum_choices(enum: type[StrEnum], titles: dict[Any, str] | None = None
                  ) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, (titles or {}).get(m, m.value)) for m in enum)


FIX_CHOICES = tuple((k.value, f"{k.label} ({k.value})") for k in FIX_COST_ORDER)
# A supporting part is in-context: a fine-tune is only ever the fix's kind.
ALSO_CHOICES = tuple(c for c in FIX_CHOICES if not FixKind(c[0]).is_fine_tune)
DIRECTION_CHOICES = (("", "not stated: read from the metric's name"),
                     ("yes", "higher is better"), ("no", "lower is better (errors, latency, cost)"))


# --- the questionnaire --------------------------------------------------------------------


def _triage_question(gap: Gap, prompt: str, help_text: str, example: str) -> Question:
    return Question(f"triage.{gap.value}_gap", prompt, Kind.SELECT, help=help_text,
                    example=example, choices=_triage_choices(), default="unsure")


SECTIONS: tuple[Section, ...] = (
    Section("problem", "Problem", "What the LLM feature must do, and how it falls short today.", (
        Question("problem.task", "What must the LLM feature do?",
                 example="Answer customer questions about our 40 products in the support chat"),
        Question("problem.failure", "How does it fall short today, with evidence?",
                 help="Numbers or samples a reviewer can check.",
                 example="38% of 500 sampled answers name the wrong plan or a retired price"),
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
                         "a 6,000-token prompt at 2M requests/month costs more than budgeted"),
        Question("triage.evidence", "What did you measure to answer these four?",
                 help="Give each figure with what it is out of: \"58% of 200\", \"F1 0.81 "
                      "on 300 notes\".",
                 example="Best prompt with the product docs pasted in: 91% correct on 200 "
                         "tickets; without: 62%"),
        Question("triage.scores.best_prompt", "Score of the best prompt on the strongest model "
                 "you may use, on the evaluation metric? (empty: not measured)", Kind.NUMBER,
                 required=False, example="0.62"),
        Question("triage.scores.with_context", "Score of that prompt with the right facts "
                 "pasted in (the oracle test)? (empty: not measured)", Kind.NUMBER,
                 required=False, help="If this reaches the target, the gap is knowledge, not "
                 "capability.", example="0.91"),
        Question("triage.scores.few_shot", "Score of the best prompt plus examples? (empty: "
                 "not measured)", Kind.NUMBER, required=False, example="0.74"),
        Question("diagnosis", "Which gaps does the memo name?", Kind.CHECKBOX,
                 help="Pre-selected from your yes answers; at least one.",
                 choices=_enum_choices(Gap), default=_diagnosis_default),
    )),
    Section("fix", "Fix", "The triage recommends the cheapest fix that closes the gap.", (
        Question("fix.kind", "Which fix do you propose?", Kind.SELECT, choices=FIX_CHOICES,
                 default=_recommended),
        Question("fix.override_reason", "You chose another fix than the triage recommends. "
                 "Why?", when=needs_override,
                 example="Retrieval latency breaks our 300 ms budget; measured p95 900 ms"),
        Question("fix.also", "Supporting parts of the same fix?", Kind.CHECKBOX,
                 help="In-context parts that go with it, e.g. structured output next to "
                      "retrieval for a format gap; space selects.",
                 choices=ALSO_CHOICES, required=False, default=_also_default),
        Question("fix.rationale", "Why this fix, in one or two sentences?",
                 example="Facts change weekly; retrieval keeps answers current without "
                         "retraining"),
    )),
    Section("fine_tune", "Fine-tune details", "How the model would be tuned.", (
        Question("fine_tune.method", "Method?", Kind.SELECT,
                 choices=_enum_choices(FineTuneMethod, {
                     FineTuneMethod.LORA: "lora: low-rank adapters (the default)",
                     FineTuneMethod.QLORA: "qlora: LoRA on 4-bit base weights",
                     FineTuneMethod.FULL: "full: every weight (needs a reason)",
                     FineTuneMethod.HOSTED: "hosted: a vendor's fine-tuning service"}),
                 default="lora"),
        Question("fine_tune.full_reason", "Why full fine-tuning rather than LoRA?",
                 when=lambda s: get_path(s.answers, ("fine_tune", "method")) == "full"),
        Question("fine_tune.flavor", "Flavour of tuning?", Kind.SELECT,
                 choices=_enum_choices(FineTuneFlavor, {
                     FineTuneFlavor.INSTRUCTION: "instruction: new task format (prompt/response)",
                     FineTuneFlavor.DOMAIN: "domain: new vocabulary (domain text)",
                     FineTuneFlavor.PREFERENCE: "preference: tone/values (chosen vs rejected)"}),
                 default="instruction"),
        Question("fine_tune.base_model", "Base model?", example="llama-3.1-8b-instruct"),
        Question("fine_tune.training_examples", "How many training examples?", Kind.INT,
                 example="4000"),
        Question("fine_tune.data_source", "Where does the training data come from?",
                 example="4,000 notes labelled by two annotators, kappa 0.82"),
        Question("fine_tune.data_rights", "Data rights: licence or consent, and how personal "
                 "data in it is handled?",
                 example="De-identified by the hospital before export; used under its "
                         "research agreement"),
        Question("fine_tune.data_destination", "Where does the training data go?",
                 example="Our own GPUs in the VPC; nothing leaves the organisation"),
        Question("fine_tune.regression_eval", "How are losses in general capability and "
                 "safety caught?",
                 example="Our 200-prompt safety set and MMLU subset; no drop above 2 points"),
        Question("fine_tune.base_model_retires", "When does the vendor retire the base model "
                 "(YYYY-MM-DD)? (empty: not announced)", Kind.DATE, required=False),
    ), when=is_fine_tune, owns="fine_tune"),
    Section("tried", "Tried so far", "Cheaper fixes already tried, with their scores.", (
        ListQuestion("tried", "tried fix", "Add a cheaper fix you already tried?", (
            Question("approach", "Which approach?", Kind.SELECT, choices=FIX_CHOICES,
                     default="prompt"),
            Question("result", "Its measured result?",
                     example="62% correct on 200 held-out tickets"),
        ), label=lambda i: f"{i.get('approach')}: {i.get('result', '')}"[:60]),
    )),
    Section("alternatives", "Alternatives", "Options rejected, and why.", (
        ListQuestion("alternatives", "alternative", "Add an alternative you rejected?", (
            Question("kind", "Which fix?", Kind.SELECT, choices=FIX_CHOICES,
                     default="fine_tune"),
            Question("reason", "Why rejected?",
                     example="Fine-tuning does not reliably add facts that change weekly"),
        ), min_items=1, label=lambda i: f"{i.get('kind')}: {i.get('reason', '')}"[:60]),
    )),
    Section("costs", "Costs", "Per-request tokens and prices of each option; memo computes "
            "monthly cost, TCO and break-even.", (
        Question("costs.requests_per_month", "Requests per month?", Kind.NUMBER,
                 example="200000"),
        Question("costs.monthly_growth_pct", "Monthly growth in percent?", Kind.NUMBER,
                 default=0, required=False),
        Question("costs.horizon_months", "Horizon in months?", Kind.INT, default=24,
                 help="Year two is where maintenance hurts: 24 is the default."),
        ListQuestion("costs.options", "cost option", "Add a cost option?", (
            Question("name", "Option name?", default=_option_name),
            Question("kind", "Fix kind?", Kind.SELECT, choices=FIX_CHOICES,
                     default=lambda s: _option_kind(s) or "prompt"),
            Question("chosen", "Is this the option you propose?", Kind.CONFIRM,
                     default=lambda s: s.index == 0),
            Question("model", "Model id the prices belong to? (empty: none)",
                     required=False, example="gpt-4o-mini"),
            Question("quality", "Its measured score on the evaluation metric? (empty: not "
                     "measured)", Kind.NUMBER, required=False, example="0.74"),
            Question("input_tokens", "Input tokens per request (with examples/context)?",
                     Kind.NUMBER, example="3200"),
            Question("cached_input_tokens", "Of those, tokens in a repeated prefix billed at "
                     "the cached price? (empty: no caching)", Kind.NUMBER, required=False,
                     example="2800"),
            Question("cached_input_price_per_mtok", "Cached input price, USD per 1M tokens?",
                     Kind.NUMBER, when=lambda s: bool((s.item or {}).get(
                         "cached_input_tokens")), example="0.075"),
            Question("output_tokens", "Output tokens per request?", Kind.NUMBER,
                     example="250"),
            Question("input_price_per_mtok", "Input price, USD per 1M tokens?", Kind.NUMBER,
                     example="0.15"),
            Question("output_price_per_mtok", "Output price, USD per 1M tokens?", Kind.NUMBER,
                     example="0.60"),
            Question("extra_per_request_usd", "Extra USD per request (embeddings, "
                     "retrieval)?", Kind.NUMBER, default=0, required=False),
            Question("monthly_serving_usd", "Serving: USD per month for GPUs or a dedicated "
                     "endpoint?", Kind.NUMBER, default=0, required=False),
            Question("serving_replicas", "How many replicas does that serving cost buy?",
                     Kind.INT, required=False,
                     when=lambda s: bool((s.item or {}).get("monthly_serving_usd"))),
            Question("monthly_people_usd", "People: USD per month of engineering/MLOps time "
                     "to run it?", Kind.NUMBER, default=0, required=False),
            Question("monthly_labelling_usd", "Monitoring labels: USD per month?",
                     Kind.NUMBER, default=0, required=False),
            Question("monthly_fixed_usd", "Other fixed USD per month (vector DB, licences)?",
                     Kind.NUMBER, default=0, required=False),
            Question("one_time_usd", "One-time USD other than training compute (labelling, "
                     "engineering)?", Kind.NUMBER, default=0, required=False),
            Question("training.tokens", "Hosted training: tokens per epoch? (empty: not "
                     "hosted)", Kind.NUMBER, required=False, when=_is_option_fine_tune,
                     example="4000000"),
            Question("training.epochs", "Epochs?", Kind.NUMBER, default=3,
                     when=lambda s: _training(s, "tokens")),
            Question("training.price_per_mtok", "Training price, USD per 1M tokens?",
                     Kind.NUMBER, when=lambda s: _training(s, "tokens"), example="3"),
            Question("training.gpu_hours", "Self-hosted training: GPU hours? (empty: none)",
                     Kind.NUMBER, required=False,
                     when=lambda s: _is_option_fine_tune(s) and not _training(s, "tokens")),
            Question("training.gpu_hour_usd", "USD per GPU hour?", Kind.NUMBER,
                     when=lambda s: _training(s, "gpu_hours"), example="2.5"),
            Question("retrain_every_months", "Retrain every how many months? (empty: never)",
                     Kind.INT, required=False, when=_is_option_fine_tune),
            Question("retrain_usd", "Cost of each retrain in USD: labels, engineering, the run "
                     "and its evaluation? (empty: the training compute only)",
                     Kind.NUMBER, required=False,
                     when=lambda s: bool((s.item or {}).get("retrain_every_months"))),
            Question("price_source", "Prices from another source than the memo's? (empty: "
                     "the memo's)", required=False),
            Question("price_date", "Date of that price (YYYY-MM-DD)?", Kind.DATE,
                     when=lambda s: bool((s.item or {}).get("price_source"))),
        ), help="At least the proposed option and one alternative.", min_items=2,
            label=lambda i: f"{i.get('name')} ({i.get('kind')})"),
        Question("costs.price_source", "Where do the prices come from?",
                 example="OpenAI pricing page"),
        Question("costs.price_date", "Date of those prices (YYYY-MM-DD)?", Kind.DATE,
                 default=_today),
        Question("fix.premium_reason", "The proposed option costs more over the horizon than "
                 "an alternative not shown to miss the target. Why is that worth it?",
                 when=_costs_more, example="The cheaper option stalls at 74%; the target is "
                 "88%"),
    ), shows_costs=True),
    Section("evaluation", "Evaluation", "How you will know the fix works.", (
        Question("evaluation.metric", "Metric?", example="answer correctness (human-graded)"),
        Question("evaluation.higher_is_better", "Direction of the metric?", Kind.SELECT,
                 choices=DIRECTION_CHOICES, default="", required=False),
        Question("evaluation.baseline", "Today's score on it?", Kind.NUMBER, example="62"),
        Question("evaluation.target", "Target score?", Kind.NUMBER, example="90"),
        Question("evaluation.eval_set", "Eval set: size and source, held out?",
                 example="300 real tickets from May, held out from every prompt"),
        Question("evaluation.eval_set_size", "How many items in it?", Kind.INT,
                 required=False, example="300"),
        Question("evaluation.held_out", "Is it held out of prompt iteration, examples and "
                 "training?", Kind.SELECT, choices=(("", "not stated"), ("yes", "yes"),
                                                    ("no", "no")),
                 default="", required=False),
        Question("evaluation.pilot", "The proposed fix's measured score, if piloted? "
                 "(empty: no pilot)", Kind.NUMBER, required=False),
        ListQuestion("evaluation.guardrails", "guardrail", "Add a guardrail metric the fix "
                     "must hold (latency, cost, another score)?", (
            Question("metric", "Guardrail metric?", example="p95 latency (ms)"),
            Question("baseline", "Today's figure?", Kind.NUMBER, example="4200"),
            Question("target", "Budget or floor it must meet?", Kind.NUMBER, example="1500"),
            Question("higher_is_better", "Direction?", Kind.SELECT, choices=DIRECTION_CHOICES,
                     default="", required=False),
        ), label=lambda i: f"{i.get('metric')}: {i.get('baseline')} -> {i.get('target')}"),
    )),
    Section("maintenance", "Maintenance", "Who keeps the fix working in year two.", (
        Question("maintenance.owner", "Maintenance owner?", required=False,
                 example="Support ML team (Dana Ito)"),
        Question("maintenance.retrain_triggers", "What forces a retrain?", Kind.CHECKBOX,
                 help="For a fine-tune at least base_model_upgrade; space selects.",
                 choices=_enum_choices(RetrainTrigger), required=False,
                 default=lambda s: ["base_model_upgrade", "data_drift"] if is_fine_tune(s)
                 else []),
        Question("maintenance.monitoring", "What is monitored, how often, alert threshold?",
                 required=False,
                 example="weekly: 200 sampled answers graded; alert below 84%"),
        Question("maintenance.sample_size", "Items reviewed per monitoring run?", Kind.INT,
                 required=False, example="200"),
        Question("maintenance.alert_below", "Alert threshold on the evaluation metric?",
                 Kind.NUMBER, required=False, example="0.84"),
        Question("maintenance.review_by", "Revisit the decision by (YYYY-MM-DD)?", Kind.DATE,
                 default=_review_default),
    )),
    Section("risks", "Risks and rollback", "What could go wrong and how you back out.", (
        ListQuestion("risks", "risk", "Add a risk?", (
            Question("risk", "Risk?", example="retrieval returns a stale document"),
            Question("mitigation", "Mitigation?", example="nightly re-index; date filter"),
        ), min_items=1, label=lambda i: str(i.get("risk", ""))[:60]),
        Question("rollback", "Rollback plan?",
                 example="Feature flag back to the current prompt within minutes"),
    )),
    Section("header", "Cover", "Who decides what, and when.", (
        Question("title", "Title: one line, what is decided?",
                 example="Support bot: retrieval over product docs instead of fine-tuning"),
        Question("decision_requested", "What is the reader asked to approve?",
                 example="Approve two weeks to build retrieval over the product docs"),
        Question("owner", "Who owns the decision and its follow-up?", example="Dana Ito"),
        Question("author", "Author?"),
        Question("team", "Team?", required=False),
        Question("date", "Date (YYYY-MM-DD)?", Kind.DATE, default=_today),
        Question("status", "Status?", Kind.SELECT, choices=_enum_choices(Status),
                 default="draft"),
        Question("superseded_by", "Which memo supersedes it (path or title)?",
                 when=lambda s: s.answers.get("status") == "superseded"),
        Question("decided", "When was it decided (YYYY-MM-DD)?", Kind.DATE, required=False,
                 when=lambda s: s.answers.get("status") in ("accepted", "rejected",
                                                            "superseded")),
    )),
)

SECTION_IDS = tuple(s.id for s in SECTIONS)


def section(section_id: str) -> Section:
    for candidate in SECTIONS:
        if candidate.id == section_id:
            return candidate
    raise KeyError(section_id)


def all_fields() -> Iterator[str]:
    """Every field path the questionnaire can ask, list items as ``list[].field``."""
    for sec in SECTIONS:
        for entry in sec.entries:
            if isinstance(entry, ListQuestion):
                for item in entry.items:
                    yield f"{entry.field}[].{item.field}"
            else:
                yield entry.field


def new_answers() -> Answers:
    return {"schema_version": 1}


@dataclass
class CostPreview:
    lines: list[str] = field(default_factory=list)
    error: str | None = None


def cost_preview(answers: Answers) -> CostPreview:
    """Per-request cost, monthly cost, TCO and break-even of the costs typed so far."""
    from memo.cost import cost_report
    from memo.format import tco_outcome, usd, verdict_text, volume_text
    from memo.model import Costs

    data = {k: v for k, v in (answers.get("costs") or {}).items()}
    try:
        costs = Costs.model_validate(data)
    except ValidationError as exc:
        return CostPreview(error="; ".join(
            f"{dotted(tuple(e['loc']))}: {_message(e)}" for e in exc.errors(include_url=False)))
    report = cost_report(costs)
    horizon = report.horizon_months
    lines = [f"{'option':<28} {'per request':>12} {'month 1':>10} {'one-time':>10} "
             f"{f'TCO {horizon} mo':>12}"]
    for option in report.options:
        mark = "*" if option.chosen else " "
        lines.append(f"{mark}{option.name[:27]:<27} {usd(option.per_request_usd):>12} "
                     f"{usd(option.first_month_usd):>10} {usd(option.one_time_usd):>10} "
                     f"{usd(option.tco_usd):>12}")
    for result in report.break_even:
        lines.append(f"against {result.alternative}: {verdict_text(result, horizon)}; "
                     f"{tco_outcome(result, horizon)}")
        volume = volume_text(result, report.requests_per_month)
        if volume:
            lines.append(f"  break-even volume: {volume}")
    if report.chosen is None:
        lines.append("no option is marked as proposed: break-even needs one")
    return CostPreview(lines=lines)
