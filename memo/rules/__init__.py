"""The checklist: rules over a memo's answers, and the function that runs them."""

from __future__ import annotations

from memo.model import Memo
from memo.rules.base import Facts, Finding, Issue, Rule, Severity
from memo.rules.registry import all_rules, get_rule, rule

__all__ = ["Facts", "Finding", "Issue", "Rule", "Severity", "all_rules", "check_memo",
           "get_rule", "rule"]

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def check_memo(memo: Memo, rules: list[Rule] | None = None) -> list[Finding]:
    """Run the checklist; findings sorted by severity, then rule id."""
    facts = Facts(memo)
    selected = rules if rules is not None else all_rules()
    findings = [f for r in selected for f in r.run(memo, facts)]
    return sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule))
