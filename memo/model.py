"""Pydantic models of the answers file (SPEC.md, schema_version 1). No I/O here.

The schema enforces structure and types; whether the content makes a defensible memo
(an owner named, a maintenance plan for a fine-tune, ...) is the checklist's job, so most
blocks may be absent here and are reported by rules instead of failing the load.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1
MAX_TEXT = 4000  # a one-page memo has no room for more in any one field
MAX_LINE = 200


class FixKind(StrEnum):
    PROMPT = "prompt"
    FEW_SHOT = "few_shot"
    STRUCTURED_OUTPUT = "structured_output"
    CACHING = "caching"  # prompt caching or batch pricing
    MODEL_SWAP = "model_swap"  # a smaller, stronger or routed model
    WORKFLOW = "workflow"  # moving logic out of the model into code
    RAG = "rag"
    FINE_TUNE = "fine_tune"
    RAG_FINE_TUNE = "rag_fine_tune"

    @property
    def is_fine_tune(self) -> bool:
        return self in (FixKind.FINE_TUNE, FixKind.RAG_FINE_TUNE)

    @property
    def retrieves(self) -> bool:
        return self in (FixKind.RAG, FixKind.RAG_FINE_TUNE)

    @property
    def label(self) -> str:
        return FIX_LABELS[self]


FIX_LABELS: dict[FixKind, str] = {
    FixKind.PROMPT: "Better prompt",
    FixKind.FEW_SHOT: "Few-shot examples",
    FixKind.STRUCTURED_OUTPUT: "Structured output",
    FixKind.RAG: "Retrieval (RAG)",
    FixKind.FINE_TUNE: "Fine-tune",
    FixKind.RAG_FINE_TUNE: "RAG + fine-tune",
    FixKind.MODEL_SWAP: "Model swap",
    FixKind.CACHING: "Prompt caching",
    FixKind.WORKFLOW: "Logic in code",
}

# Cheapest first: the order in which fixes should be tried. Caching and a model swap change
# one setting; moving logic into code is a small build; retrieval is a system to run.
FIX_COST_ORDER: tuple[FixKind, ...] = (
    FixKind.PROMPT,
    FixKind.FEW_SHOT,
    FixKind.STRUCTURED_OUTPUT,
    FixKind.CACHING,
    FixKind.MODEL_SWAP,
    FixKind.WORKFLOW,
    FixKind.RAG,
    FixKind.FINE_TUNE,
    FixKind.RAG_FINE_TUNE,
)


class Gap(StrEnum):
    CAPABILITY = "capability"
    FORMAT = "format"
    KNOWLEDGE = "knowledge"
    LATENCY_COST = "latency_cost"


class TriageAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Status(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class FineTuneMethod(StrEnum):
    LORA = "lora"
    QLORA = "qlora"
    FULL = "full"
    HOSTED = "hosted"  # a vendor's fine-tuning service that does not say which


class HeldOut(StrEnum):
    YES = "yes"
    NO = "no"


class FineTuneFlavor(StrEnum):
    INSTRUCTION = "instruction"
    DOMAIN = "domain"
    PREFERENCE = "preference"


class RetrainTrigger(StrEnum):
    BASE_MODEL_UPGRADE = "base_model_upgrade"
    DATA_DRIFT = "data_drift"
    BEHAVIOR_CHANGE = "behavior_change"
    SCHEDULED = "scheduled"
    QUALITY_DROP = "quality_drop"


# --- scalar types -----------------------------------------------------------------------


def _text_only(value: Any) -> Any:
    """Refuse values YAML turned into something else (``title: no``, ``version: 1.10``)."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "yaml_not_text",
            "YAML read this as the boolean {value}; put the text in quotes",
            {"value": str(value).lower()},
        )
    if isinstance(value, int | float):
        raise PydanticCustomError(
            "yaml_not_text",
            "YAML read this as the number {value}; put the text in quotes",
            {"value": repr(value)},
        )
    if isinstance(value, dt.date):
        raise PydanticCustomError(
            "yaml_not_text",
            "YAML read this as the date {value}; put the text in quotes",
            {"value": value.isoformat()},
        )
    if isinstance(value, str):
        for pattern, kind, message in _REFUSED_CHARACTERS:
            match = pattern.search(value)
            if match:
                raise PydanticCustomError(kind, message, {
                    "code": f"U+{ord(match.group()):04X}", "index": match.start() + 1})
    return value


# C0 and C1 control characters (and DEL) other than tab and line breaks: invisible in the
# memo, refused by Word's XML, and never typed on purpose. YAML escapes ("\x01") let them in.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): "Zo\u202eevil"
# reads "Zolive" in the PDF while the answers say "evil". The marks U+200E/U+200F and U+061C,
# which real right-to-left text uses and which cannot reverse a run, stay allowed.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_REFUSED_CHARACTERS = (
    (_CONTROL, "control_character",
     "contains the invisible control character {code} (character {index}); remove it"),
    (_BIDI_CONTROL, "bidi_control",
     "contains the bidi control character {code} (character {index}), which reorders the "
     "text after it in the rendered memo; remove it"),
)


def _triage_answer(value: Any) -> Any:
    # YAML 1.1 reads bare yes/no as booleans: accept both spellings.
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        return value.strip().lower()
    return value


# Numbers may be written as text ('0.9', "300,000", "1_200"): YAML 1.1 reads 1e5 as text, and
# quoting is how a number escapes YAML 1.1's octal and base-60 readings. One pattern each says
# which text is a number, for the loader and for the JSON Schema alike.
NUMBER_TEXT = r"^\s*[+-]?(?:[0-9][0-9_,]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?\s*$"
WHOLE_TEXT = r"^\s*[+-]?[0-9][0-9_,]*(?:\.0*)?\s*$"


def _from_text(value: str, pattern: str) -> float | None:
    if not re.fullmatch(pattern, value):
        return None
    return float(value.strip().replace("_", "").replace(",", ""))


def _not_a_figure(value: Any, expected: str) -> None:
    """Refuse yes/no and dates where a figure is expected (YAML reads them as such)."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "not_a_number", f"{expected}, got the yes/no value {{value}}",
            {"value": str(value).lower()})
    if isinstance(value, dt.date):
        raise PydanticCustomError("not_a_number", f"{expected}, got the date {{value}}",
                                  {"value": value.isoformat()})


def _number_only(value: Any) -> Any:
    """Numbers must be numbers; ``yes`` or a date is not a count."""
    _not_a_figure(value, "expected a number")
    if isinstance(value, str):
        number = _from_text(value, NUMBER_TEXT)
        if number is None:
            raise PydanticCustomError(
                "not_a_number", "expected a number, got '{value}'", {"value": value})
        return number
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("not_finite", "expected a finite number", {})
    return value


def _whole_only(value: Any) -> Any:
    """Whole numbers: 12, 12.0 or '1,200'; not 12.5, yes/no or a date."""
    _not_a_figure(value, "must be a whole number")
    if isinstance(value, str):
        number = _from_text(value, WHOLE_TEXT)
        if number is None:
            raise PydanticCustomError("not_a_number", "must be a whole number, got the text "
                                      "'{value}'", {"value": value})
        return int(number)
    return value


# Constraints come before the BeforeValidator in each Annotated: pydantic then states them
# in the JSON Schema (minimum, pattern); placed after it, they are enforced but left out.
# The patterns repeat what _text_only refuses (control and bidi control characters) for
# the schema's sake.
_NO_CONTROL = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069"
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_TEXT, pattern=f"^[^{_NO_CONTROL}]*$"),
    BeforeValidator(_text_only),
]
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_LINE,
                      pattern=f"^[^\\r\\n{_NO_CONTROL}]*$"),
    BeforeValidator(_text_only),
]


def _any_case(values: list[str], spaces: bool = True) -> dict[str, Any]:
    """A JSON Schema for text matching one of ``values`` in any case (with spaces around it
    when the loader strips them)."""
    words = "|".join("".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c)
                             for c in v) for v in values)
    space = "\\s*" if spaces else ""
    return {"type": "string", "pattern": f"^{space}(?:{words}){space}$"}


# pydantic reads these as booleans too (`chosen: 'yes'`, `chosen: 1`); the schema says so.
Flag = Annotated[bool, WithJsonSchema({"anyOf": [
    {"type": "boolean"}, {"enum": [0, 1]},
    _any_case(["true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0"],
              spaces=False)]})]


# YAML 1.1 reads bare yes/no as booleans, so the schema accepts those too; text is matched
# in any case with spaces around it (`Yes`, ` unsure`), as the loader reads it.
Answer = Annotated[
    TriageAnswer,
    BeforeValidator(_triage_answer),
    WithJsonSchema({"anyOf": [{"enum": [a.value for a in TriageAnswer]},
                              _any_case([a.value for a in TriageAnswer]),
                              {"type": "boolean"}]}),
]


def _or_text(pattern: str) -> Callable[[dict[str, Any]], None]:
    """The JSON Schema of a figure: the number within its bounds, or text the loader reads
    as a number (whose bounds JSON Schema cannot check: the loader does)."""
    def extend(schema: dict[str, Any]) -> None:
        number = {key: schema.pop(key) for key in list(schema)
                  if key in ("type", "minimum", "maximum", "exclusiveMinimum")}
        schema["anyOf"] = [number, {"type": "string", "pattern": pattern}]
    return extend


def Number(*, ge: float = 0, le: float = 1e12, gt: float | None = None) -> Any:
    """A finite float within sane bounds (absurd figures are typos, not plans)."""
    bounds = Field(gt=gt, le=le) if gt is not None else Field(ge=ge, le=le)
    return Annotated[float, bounds, BeforeValidator(_number_only),
                     Field(json_schema_extra=_or_text(NUMBER_TEXT))]


def Whole(*, ge: int, le: int) -> Any:
    """A whole number within bounds; yes/no and dates are refused as for Number."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_whole_only),
                     Field(json_schema_extra=_or_text(WHOLE_TEXT))]


Money = Number(le=1e10)
Tokens = Number(le=1e7)
PricePerMTok = Number(le=1e4)
SmallMoney = Number(le=1e4)
GpuHours = Number(le=1e7)
TrainingTokens = Number(le=1e13)
Epochs = Number(gt=0, le=1000)
Volume = Number(le=1e11)
GrowthPct = Number(ge=-99, le=1000)
Score = Number(ge=-1e9, le=1e9)


class Block(BaseModel):
    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, use_enum_values=False, validate_default=True
    )


# --- blocks -----------------------------------------------------------------------------


class Problem(Block):
    task: Text = ""
    failure: Text = ""


class Scores(Block):
    """The measurements behind the triage answers, on `evaluation.metric`."""

    best_prompt: Score | None = None  # strongest prompt on the strongest model allowed
    with_context: Score | None = None  # the same prompt with the right facts pasted in
    few_shot: Score | None = None  # the best prompt plus examples


class Triage(Block):
    capability_gap: Answer | None = None
    format_gap: Answer | None = None
    knowledge_gap: Answer | None = None
    latency_cost_gap: Answer | None = None
    evidence: Text = ""
    scores: Scores | None = None

    def answer(self, gap: Gap) -> TriageAnswer | None:
        return getattr(self, f"{gap.value}_gap")


class Tried(Block):
    approach: FixKind
    result: Text = ""


class Fix(Block):
    kind: FixKind
    also: list[FixKind] = Field(default_factory=list)  # supporting parts of the same fix
    rationale: Text = ""
    override_reason: Text | None = None
    # Why the fix is worth more than a cheaper alternative that is not shown to miss the target.
    premium_reason: Text | None = None


class FineTune(Block):
    method: FineTuneMethod | None = None
    flavor: FineTuneFlavor | None = None
    base_model: Line = ""
    training_examples: Whole(ge=0, le=10**9) | None = None
    data_source: Text = ""
    full_reason: Text | None = None
    data_rights: Text | None = None  # licence, consent and personal-data handling
    data_destination: Text | None = None  # where the training data goes
    regression_eval: Text | None = None  # how losses in general capability and safety are caught
    base_model_retires: dt.date | None = None  # the vendor's announced retirement date


class Alternative(Block):
    kind: FixKind
    reason: Text = ""


def _only(given: tuple[str, ...], absent: tuple[str, ...]) -> dict[str, Any]:
    """JSON Schema: every field of ``given`` is a number, every one of ``absent`` null or
    left out."""
    return {"required": list(given),
            "properties": {**{k: {"type": "number"} for k in given},
                           **{k: {"type": "null"} for k in absent}}}


_GPU = ("gpu_hours", "gpu_hour_usd")
_HOSTED = ("tokens", "epochs", "price_per_mtok")


class Training(Block):
    """Training cost, either from GPU hours or from hosted per-token pricing."""

    # The schema states _one_form's rule: exactly one of the two forms, complete.
    model_config = ConfigDict(json_schema_extra={"oneOf": [_only(_GPU, _HOSTED),
                                                           _only(_HOSTED, _GPU)]})

    gpu_hours: GpuHours | None = None
    gpu_hour_usd: SmallMoney | None = None
    tokens: TrainingTokens | None = None
    epochs: Epochs | None = None
    price_per_mtok: PricePerMTok | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Training:
        gpu = {"gpu_hours": self.gpu_hours, "gpu_hour_usd": self.gpu_hour_usd}
        hosted = {"tokens": self.tokens, "epochs": self.epochs,
                  "price_per_mtok": self.price_per_mtok}
        gpu_given = [k for k, v in gpu.items() if v is not None]
        hosted_given = [k for k, v in hosted.items() if v is not None]
        if gpu_given and hosted_given:
            raise PydanticCustomError(
                "training_form",
                "give either gpu_hours + gpu_hour_usd or tokens + epochs + price_per_mtok, "
                "not both",
            )
        if gpu_given and len(gpu_given) < len(gpu):
            missing = ", ".join(k for k in gpu if k not in gpu_given)
            raise PydanticCustomError("training_form", "GPU training also needs {missing}",
                                      {"missing": missing})
        if hosted_given and len(hosted_given) < len(hosted):
            missing = ", ".join(k for k in hosted if k not in hosted_given)
            raise PydanticCustomError("training_form", "hosted training also needs {missing}",
                                      {"missing": missing})
        if not gpu_given and not hosted_given:
            raise PydanticCustomError(
                "training_form",
                "give gpu_hours + gpu_hour_usd or tokens + epochs + price_per_mtok",
            )
        return self

    @property
    def cost_usd(self) -> float:
        if self.gpu_hours is not None and self.gpu_hour_usd is not None:
            return self.gpu_hours * self.gpu_hour_usd
        assert self.tokens is not None and self.epochs is not None
        assert self.price_per_mtok is not None
        return self.tokens * self.epochs * self.price_per_mtok / 1e6


class CostOption(Block):
    """One option priced per request, per month and once.

    Each cost is named in exactly one field, so nothing is counted twice: `training:` is the
    compute of one training run, `one_time_usd` everything else paid once (labelling,
    engineering); the monthly fixed cost is the sum of the itemised `monthly_*_usd` fields.
    """

    # The schema states the half of _cached_part it can: cached tokens need their price.
    # (That they are at most input_tokens compares two values: JSON Schema cannot say it.)
    model_config = ConfigDict(json_schema_extra={
        "if": {"required": ["cached_input_tokens"],
               "properties": {"cached_input_tokens": {"type": "number", "exclusiveMinimum": 0}}},
        "then": {"required": ["cached_input_price_per_mtok"],
                 "properties": {"cached_input_price_per_mtok": {"type": "number"}}}})

    name: Line
    kind: FixKind
    chosen: Flag = False
    model: Line | None = None  # catalogue model id the prices belong to
    quality: Score | None = None  # this option's measured score on evaluation.metric
    input_tokens: Tokens
    output_tokens: Tokens
    input_price_per_mtok: PricePerMTok
    output_price_per_mtok: PricePerMTok
    cached_input_tokens: Tokens | None = None  # the part of input_tokens billed at the cached price
    cached_input_price_per_mtok: PricePerMTok | None = None
    extra_per_request_usd: SmallMoney = 0.0
    monthly_fixed_usd: Money = 0.0  # other fixed costs: vector database, licences
    monthly_serving_usd: Money = 0.0  # dedicated hosting or GPUs for the model
    serving_replicas: Whole(ge=1, le=1000) | None = None  # what serving buys
    monthly_people_usd: Money = 0.0  # people and MLOps time to run the option
    monthly_labelling_usd: Money = 0.0  # labelling for monitoring
    one_time_usd: Money | None = None
    training: Training | None = None
    retrain_every_months: Whole(ge=1, le=120) | None = None
    retrain_usd: Money | None = None
    price_source: Text | None = None  # overrides costs.price_source for this option
    price_date: dt.date | None = None

    @model_validator(mode="after")
    def _cached_part(self) -> CostOption:
        if self.cached_input_tokens is None:
            return self
        if self.cached_input_tokens > self.input_tokens:
            raise PydanticCustomError(
                "cached_tokens",
                # pydantic fills {name} without format specs: the numbers go in as text.
                "cached_input_tokens ({cached}) is more than input_tokens ({total}); the "
                "cached part is counted inside input_tokens",
                {"cached": f"{self.cached_input_tokens:,g}", "total": f"{self.input_tokens:,g}"})
        if self.cached_input_tokens and self.cached_input_price_per_mtok is None:
            raise PydanticCustomError(
                "cached_tokens",
                "cached_input_tokens also needs cached_input_price_per_mtok")
        return self

    @property
    def monthly_fixed_total_usd(self) -> float:
        return (self.monthly_fixed_usd + self.monthly_serving_usd + self.monthly_people_usd
                + self.monthly_labelling_usd)


class Costs(Block):
    horizon_months: Whole(ge=1, le=120) = 24
    requests_per_month: Volume = 0.0
    monthly_growth_pct: GrowthPct = 0.0
    options: list[CostOption] = Field(default_factory=list)
    price_source: Text = ""
    price_date: dt.date | None = None

    @property
    def chosen(self) -> CostOption | None:
        return next((o for o in self.options if o.chosen), None)


def _yes_no(value: Any) -> Any:
    # YAML 1.1 reads bare yes/no as booleans: accept both spellings.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.strip().lower() if isinstance(value, str) else value


YesNo = Annotated[
    HeldOut,
    BeforeValidator(_yes_no),
    WithJsonSchema({"anyOf": [{"enum": [a.value for a in HeldOut]},
                              _any_case([a.value for a in HeldOut]), {"type": "boolean"}]}),
]


class Guardrail(Block):
    """Another metric the fix must hold, e.g. p95 latency in ms or cost per request."""

    metric: Text
    baseline: Score
    target: Score
    higher_is_better: Flag | None = None


class Evaluation(Block):
    metric: Text = ""
    higher_is_better: Flag | None = None  # default true; false for error rate, latency, cost
    baseline: Score | None = None
    target: Score | None = None
    eval_set: Text = ""
    eval_set_size: Whole(ge=0, le=10**9) | None = None
    held_out: YesNo | None = None  # never used for prompt iteration, examples or training
    pilot: Score | None = None  # the chosen fix's measured score, where one was measured
    guardrails: list[Guardrail] = Field(default_factory=list)


class Maintenance(Block):
    owner: Line = ""
    retrain_triggers: list[RetrainTrigger] = Field(default_factory=list)
    monitoring: Text = ""
    sample_size: Whole(ge=0, le=10**9) | None = None  # items per monitoring run
    alert_below: Score | None = None  # the alert threshold on evaluation.metric
    review_by: dt.date | None = None


class Risk(Block):
    risk: Text
    mitigation: Text = ""


class Memo(Block):
    """The whole answers file."""

    schema_version: Literal[1]
    title: Line
    author: Line = ""
    team: Line | None = None
    date: dt.date | None = None
    decision_requested: Text = ""
    owner: Line = ""
    status: Status = Status.DRAFT
    problem: Problem = Field(default_factory=Problem)
    triage: Triage = Field(default_factory=Triage)
    diagnosis: list[Gap] = Field(default_factory=list)
    tried: list[Tried] = Field(default_factory=list)
    fix: Fix
    fine_tune: FineTune | None = None
    alternatives: list[Alternative] = Field(default_factory=list)
    costs: Costs | None = None
    evaluation: Evaluation | None = None
    maintenance: Maintenance | None = None
    risks: list[Risk] = Field(default_factory=list)
    rollback: Text = ""
    superseded_by: Line | None = None  # the newer memo (path or title) when superseded
    decided: dt.date | None = None  # when the status last became accepted/rejected/superseded


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the answers file, as ``memo schema`` prints it."""
    schema = Memo.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "memo answers file (schema_version 1)"
    return schema
