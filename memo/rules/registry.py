"""The rule registry: ids are unique and never change meaning once released."""

from __future__ import annotations

import re
from collections.abc import Callable

from memo.errors import UserError
from memo.rules.base import GROUPS, RULE_ID_PATTERN, Check, DocCheck, Rule, Severity, Target

_RULES: dict[str, Rule] = {}


class DuplicateRuleError(RuntimeError):
    """Two rules claim one id: a programming error, caught by the test suite."""


def rule(rule_id: str, severity: Severity, title: str, *, hint: str,
         field: str | None = None,
         target: Target = Target.ANSWERS) -> Callable[[Check | DocCheck], Check | DocCheck]:
    """Register ``check`` as rule ``rule_id``.

    ``target`` says what the check reads: a memo's answers (the default) or a hand-written
    Markdown memo (``Target.HANDWRITTEN``). Both kinds live in this one registry.
    """
    if not re.match(RULE_ID_PATTERN, rule_id):
        raise ValueError(f"bad rule id {rule_id!r}")

    def register(check: Check | DocCheck) -> Check | DocCheck:
        if rule_id in _RULES:
            raise DuplicateRuleError(f"rule id {rule_id} registered twice")
        if not (check.__doc__ or "").strip():
            raise ValueError(f"rule {rule_id} needs a docstring")
        _RULES[rule_id] = Rule(rule_id, severity, title, hint, field, check, target)
        return check

    return register


def all_rules(target: Target | None = None) -> list[Rule]:
    """Every rule, sorted by id; only those reading ``target`` when it is given."""
    _load_rule_modules()
    rules = sorted(_RULES.values(), key=lambda r: r.id)
    return rules if target is None else [r for r in rules if r.target == target]


# Not a rule: the finding `memo check` gives a file it cannot load. `memo rules MEMO-INPUT`
# explains it; it cannot be selected or ignored.
INPUT_RULE = "MEMO-INPUT"
INPUT_RULE_TITLE = "The file cannot be read as a memo"
INPUT_RULE_HINT = "fix the file so it loads"
INPUT_RULE_DOC = """\
What it checks: every file `memo check` is given (or finds in a folder and takes for a memo)
must load before any rule can read it. A file that does not exist, is not a regular file, is
too big, is not UTF-8, is not valid YAML or Markdown front matter, or whose answers break the
answers-file structure (an unknown field, a wrong type, a missing required field, a value out
of range) gets one MEMO-INPUT finding naming the line and field of the first problems,
instead of the checklist.

Why it matters: a memo that does not load cannot be checked, so it cannot pass. Unlike a
checklist error (exit 1), a MEMO-INPUT finding makes `memo check` exit 2, and it is reported
whatever --select and --ignore say.

How to fix: correct what the message names; `memo schema` prints the structure an answers
file must have, and the samples/ folder has complete examples."""


class UnknownSelectorError(UserError):
    """A --select/--ignore entry that names no rule."""


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> list[Rule]:
    """The rules a run enables: those matching some ``select`` entry and no ``ignore`` entry.

    An entry is a rule id (``MEMO-GAP-002`` or ``GAP-002``), a group (``GAP`` or
    ``MEMO-GAP``), any id prefix (``MEMO-DOC-1``) or ``ALL``. Matching is case-insensitive.
    ``select`` None or empty means every rule. An entry that matches no rule is a usage
    error.
    """
    rules = all_rules()
    chosen = [r for r in rules if _matches_any(r.id, select, rules)] if select else rules
    if ignore:
        dropped = {r.id for r in rules if _matches_any(r.id, ignore, rules)}
        chosen = [r for r in chosen if r.id not in dropped]
    return chosen


def selector_prefix(entry: str) -> str:
    """The id prefix a selector stands for: `gap` -> `MEMO-GAP-`, `GAP-002` -> `MEMO-GAP-002`."""
    key = entry.strip().upper()
    if key in ("ALL", "MEMO", "MEMO-"):
        return "MEMO-"
    if key in GROUPS:
        return f"MEMO-{key}-"
    if key.startswith("MEMO-") and key.removeprefix("MEMO-") in GROUPS:
        return f"{key}-"
    if key.split("-")[0] in GROUPS:  # GAP-002, DOC-1: the MEMO- prefix may be left out
        return f"MEMO-{key}"
    return key


def rules_named(entry: str, rules: list[Rule] | None = None) -> list[Rule]:
    """The rules one selector names, by id order; empty when it names none.

    The one reading of a selector, shared by ``--select``/``--ignore``, the config file and
    ``memo rules``: a rule id with or without ``MEMO-``, a group, an id prefix or ``ALL``.
    """
    prefix = selector_prefix(entry)
    return [r for r in (rules if rules is not None else all_rules()) if r.id.startswith(prefix)]


def unknown_selectors(entries: list[str] | tuple[str, ...]) -> list[str]:
    """The entries that name no rule, in the order given."""
    rules = all_rules()
    return [e for e in entries if not rules_named(e, rules)]


def _matches_any(rule_id: str, entries: list[str], rules: list[Rule]) -> bool:
    for entry in entries:
        if not rules_named(entry, rules):
            raise UnknownSelectorError(
                f"{entry!r} names no rule", field="--select/--ignore", hint=SELECTOR_HINT)
    return any(rule_id.startswith(selector_prefix(e)) for e in entries)


SELECTOR_HINT = ("give a rule id (MEMO-GAP-002), a group (GAP, COST, DOC, ...) or ALL; "
                 "`memo rules` lists them")


def get_rule(rule_id: str) -> Rule:
    """The rule with this exact id (case-insensitive; ``MEMO-`` may be left out)."""
    _load_rule_modules()
    key = selector_prefix(rule_id)
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
        price_rules,
    )
