"""The rule registry: ids are unique and never change meaning once released."""

from __future__ import annotations

import re
from collections.abc import Callable

from memo.errors import UserError
from memo.rules.base import RULE_ID_PATTERN, Check, Rule, Severity

_RULES: dict[str, Rule] = {}


class DuplicateRuleError(RuntimeError):
    """Two rules claim one id: a programming error, caught by the test suite."""


def rule(rule_id: str, severity: Severity, title: str, *, hint: str,
         field: str | None = None) -> Callable[[Check], Check]:
    """Register ``check`` as rule ``rule_id``."""
    if not re.match(RULE_ID_PATTERN, rule_id):
        raise ValueError(f"bad rule id {rule_id!r}")

    def register(check: Check) -> Check:
        if rule_id in _RULES:
            raise DuplicateRuleError(f"rule id {rule_id} registered twice")
        if not (check.__doc__ or "").strip():
            raise ValueError(f"rule {rule_id} needs a docstring")
        _RULES[rule_id] = Rule(rule_id, severity, title, hint, field, check)
        return check

    return register


def all_rules() -> list[Rule]:
    _load_rule_modules()
    return sorted(_RULES.values(), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule:
    _load_rule_modules()
    key = rule_id.strip().upper()
    if key not in _RULES:
        raise UserError(f"no rule {rule_id!r}", field="RULE_ID",
                        hint="`memo rules` lists every rule id")
    return _RULES[key]


def _load_rule_modules() -> None:
    # Importing a group module registers its rules; imports are cached after the first call.
    from memo.rules import (  # noqa: F401
        cost_rules,
        doc_rules,
        eval_rules,
        fix_rules,
        ft_rules,
        gap_rules,
        mnt_rules,
        ops_rules,
    )
