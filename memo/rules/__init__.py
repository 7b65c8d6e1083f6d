"""The checklist: rules over a memo's answers, and the function that runs them."""

from __future__ import annotations

import datetime as dt

from memo.model import Memo
from memo.rules.base import (
    DEFAULT_PRICE_MAX_AGE_DAYS,
    Facts,
    Finding,
    Issue,
    Rule,
    Severity,
    Target,
)
from memo.rules.registry import all_rules, get_rule, rule, select_rules

__all__ = ["DEFAULT_PRICE_MAX_AGE_DAYS", "Facts", "Finding", "Issue", "Rule", "Severity",
           "Target", "all_rules", "check_memo", "get_rule", "rule", "select_rules",
           "sort_findings"]

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings; within a severity by rule id, then line."""
    return sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule, f.line or 0))


def check_memo(memo: Memo, rules: list[Rule] | None = None, as_of: dt.date | None = None,
               *, price_max_age_days: int = DEFAULT_PRICE_MAX_AGE_DAYS,
               facts: Facts | None = None) -> list[Finding]:
    """Run the checklist on a memo's answers; findings sorted by severity, then rule id.

    ``rules`` defaults to every rule; rules that read hand-written documents are skipped.
    ``as_of`` (default today) is the day staleness rules compare dates with. ``facts``
    lets a caller that already computed the memo's triage and costs share them.
    """
    if facts is None:
        facts = Facts(memo, as_of, price_max_age_days)
    selected = rules if rules is not None else all_rules()
    findings = [f for r in selected if r.target == Target.ANSWERS for f in r.run(memo, facts)]
    return sort_findings(findings)
