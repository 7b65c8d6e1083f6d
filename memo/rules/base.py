"""Rule machinery: a rule is an id, a severity, a one-line title, a hint and a check.

A rule's docstring is its documentation ("What it checks / Why it matters / How to fix");
docs/rules.md is generated from the registry.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from memo.cost import CostReport, Scenario, cost_report, sensitivity
from memo.model import Gap, Memo
from memo.substance import lower_is_better, not_a_rate, rate_scale
from memo.triage import Recommendation, gaps_present, recommend

RULE_ID_PATTERN = r"^MEMO-(GAP|FIX|COST|EVAL|MNT|FT|OPS|DOC)-\d{3}$"
GROUPS = ("GAP", "FIX", "COST", "EVAL", "MNT", "FT", "OPS", "DOC")
DEFAULT_PRICE_MAX_AGE_DAYS = 365


class Target(StrEnum):
    """What a rule reads: a memo's answers, or a hand-written Markdown memo's headings."""

    ANSWERS = "answers"
    HANDWRITTEN = "handwritten"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    field: str | None
    hint: str
    line: int | None = None  # filled in by memo.checking from the file's source map

    def as_dict(self) -> dict[str, str | int | None]:
        return {"rule": self.rule, "severity": self.severity.value, "message": self.message,
                "field": self.field, "hint": self.hint, "line": self.line}


@dataclass(frozen=True)
class Issue:
    """What a check yields: a message and the field it concerns."""

    message: str
    field: str | None = None
    line: int | None = None  # for rules that read a document rather than answers


class Facts:
    """What rules share about one memo, computed at most once.

    ``as_of`` is the day the memo is checked on (staleness rules compare dates with it);
    ``price_max_age_days`` is how old `costs.price_date` may be on that day.
    """

    def __init__(self, memo: Memo, as_of: dt.date | None = None,
                 price_max_age_days: int = DEFAULT_PRICE_MAX_AGE_DAYS, *,
                 rendered_text_intact: bool | None = None,
                 page_fill: float | None = None) -> None:
        self.memo = memo
        self.as_of: dt.date = as_of or dt.date.today()
        self.price_max_age_days = price_max_age_days
        # for a rendered Markdown memo: whether its text still matches its seal (memo/seal.py);
        # None for answers files and for memos without a seal
        self.rendered_text_intact = rendered_text_intact
        # the estimated share of one page the memo fills at the smallest type, on letter
        # paper (memo/render/estimate.py); None where `memo check` did not estimate it
        self.page_fill = page_fill

    @cached_property
    def recommendation(self) -> Recommendation:
        ev = self.memo.evaluation
        if ev is None:
            return recommend(self.memo.triage)
        return recommend(self.memo.triage, ev.target, self.higher_is_better)

    @cached_property
    def higher_is_better(self) -> bool:
        """The direction of `evaluation.metric`: stated, or read from its name."""
        ev = self.memo.evaluation
        if ev is None:
            return True
        return not lower_is_better(ev.metric, ev.higher_is_better)

    @cached_property
    def rate_scale(self) -> float | None:
        """1 where the memo's scores are rates in 0..1, 100 for percentages, else None."""
        ev = self.memo.evaluation
        if ev is None or not_a_rate(ev.metric):
            return None
        return rate_scale(ev.baseline, ev.target)

    def gaps_named(self) -> set[Gap]:
        """The gaps the memo claims: in the diagnosis or answered yes in the triage."""
        return set(self.memo.diagnosis) | set(gaps_present(self.memo.triage))

    @cached_property
    def costs(self) -> CostReport | None:
        return cost_report(self.memo.costs) if self.memo.costs else None

    @cached_property
    def sensitivity(self) -> tuple[Scenario, ...]:
        return sensitivity(self.memo.costs) if self.memo.costs else ()

    @property
    def is_fine_tune(self) -> bool:
        return self.memo.fix.kind.is_fine_tune


Check = Callable[[Memo, Facts], Iterable[Issue]]
# A rule on a hand-written memo reads a memo.handwritten.Handwritten (typed loosely here so
# that base stays free of the Markdown parser).
DocCheck = Callable[[Any, Any], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    hint: str
    field: str | None
    check: Check | DocCheck
    target: Target = Target.ANSWERS

    @property
    def group(self) -> str:
        return self.id.split("-")[1]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    def run(self, subject: Any, facts: Any) -> list[Finding]:
        """Check ``subject`` (a Memo, or a Handwritten document for hand-written rules)."""
        return [
            Finding(self.id, self.severity, issue.message, issue.field or self.field, self.hint,
                    issue.line)
            for issue in self.check(subject, facts)
        ]
