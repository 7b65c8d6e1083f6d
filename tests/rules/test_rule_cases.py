"""Every rule against its data-driven cases in tests/rules/cases/<RULE-ID>.yaml.

A case file holds ``pass:`` and ``fail:`` lists. A pass case asserts the rule yields nothing;
a fail case lists under ``expect`` every finding the rule yields, in order.

Rules on a memo's answers: each case has a ``name``, an optional ``base`` (a file name in
tests/rules/, default ``base_memo.yaml``) and a ``patch`` deep-merged into the base: mappings
merge key by key, ``null`` deletes a key, anything else (lists included) replaces. Optional
``as_of`` (the day of the check, default AS_OF below, so no case depends on today) and
``price_max_age_days``. Findings are ``{field, message}``.

Rules on hand-written Markdown memos (``Target.HANDWRITTEN``): a case gives the document as
``markdown`` (default: base_handwritten.md). Findings are ``{line, message}``.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from memo.answers import load
from memo.handwritten import parse
from memo.model import Memo
from memo.rules import Facts, Target, all_rules, check_memo, get_rule
from memo.rules import registry as rule_registry
from memo.rules.base import Finding, Rule, Severity

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
DEFAULT_BASE = "base_memo.yaml"
BASES = ("base_memo.yaml", "base_rag.yaml")
HANDWRITTEN_BASE = HERE / "base_handwritten.md"
# The day every case is checked on unless it says otherwise: after the bases' memo date
# (2026-03-02) and price date (2026-02-20), before their review dates.
AS_OF = dt.date(2026, 3, 10)
ANSWERS_CASE_KEYS = {"name", "base", "patch", "expect", "as_of", "price_max_age_days",
                     "rendered_text_intact", "page_fill"}
HANDWRITTEN_CASE_KEYS = {"name", "markdown", "expect"}


def deep_merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _case_files() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def _collect() -> list[Any]:
    params = []
    for path in _case_files():
        rule_id = path.stem
        data = _read_yaml(path) or {}
        for kind in ("pass", "fail"):
            for case in data.get(kind) or []:
                params.append(pytest.param(rule_id, kind, case,
                                           id=f"{rule_id}/{kind}/{case.get('name')}"))
    return params


def _memo_for(case: dict[str, Any]) -> Memo:
    base = _read_yaml(HERE / case.get("base", DEFAULT_BASE))
    return Memo.model_validate(deep_merge(base, case.get("patch") or {}))


def _run_answers_case(rule: Rule, case: dict[str, Any]) -> list[Finding]:
    keys = set(case)
    assert keys <= ANSWERS_CASE_KEYS, f"unknown keys in case: {keys - ANSWERS_CASE_KEYS}"
    memo = _memo_for(case)
    limits = ({"price_max_age_days": case["price_max_age_days"]}
              if "price_max_age_days" in case else {})
    return rule.run(memo, Facts(memo, as_of=case.get("as_of", AS_OF), **limits,
                                rendered_text_intact=case.get("rendered_text_intact"),
                                page_fill=case.get("page_fill")))


def _run_handwritten_case(rule: Rule, case: dict[str, Any]) -> list[Finding]:
    keys = set(case)
    assert keys <= HANDWRITTEN_CASE_KEYS, f"unknown keys in case: {keys - HANDWRITTEN_CASE_KEYS}"
    text = case.get("markdown") or HANDWRITTEN_BASE.read_text(encoding="utf-8")
    return rule.run(parse(text, "memo.md"), None)


@pytest.mark.parametrize(("rule_id", "kind", "case"), _collect())
def test_rule_case(rule_id: str, kind: str, case: dict[str, Any]) -> None:
    rule = get_rule(rule_id)
    if rule.target == Target.HANDWRITTEN:
        findings = _run_handwritten_case(rule, case)
        assert all(f.field is None for f in findings)
        got = [{"line": f.line, "message": f.message} for f in findings]
    else:
        findings = _run_answers_case(rule, case)
        assert all(f.line is None for f in findings)
        got = [{"field": f.field, "message": f.message} for f in findings]
    if kind == "pass":
        assert "expect" not in case
        assert got == []
    else:
        assert case.get("expect"), "a fail case lists what the rule must report"
        assert got == case["expect"]
        assert {f.rule for f in findings} == {rule_id}
        assert {f.severity for f in findings} == {rule.severity}
        assert all(f.hint == rule.hint for f in findings)


def test_case_files_match_the_registry() -> None:
    registered = {r.id for r in all_rules()}
    files = {p.stem for p in _case_files()}
    assert sorted(registered - files) == [], "rules without a case file"
    assert sorted(files - registered) == [], "case files naming no registered rule"


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem)
def test_case_file_shape(path: Path) -> None:
    data = _read_yaml(path)
    assert set(data) == {"pass", "fail"}
    assert len(data["pass"]) >= 1
    assert len(data["fail"]) >= 1
    names = [c["name"] for c in data["pass"] + data["fail"]]
    assert len(names) == len(set(names)), "case names are unique within a file"
    for case in data["pass"] + data["fail"]:
        assert case.get("base", DEFAULT_BASE) in BASES
        for item in case.get("expect", []):
            assert set(item) in ({"field", "message"}, {"line", "message"})


@pytest.mark.parametrize("name", BASES)
def test_base_memos_have_zero_findings(name: str) -> None:
    # Through the strict loader, as a user's file would be read.
    document = load(HERE / name)
    assert check_memo(document.memo, as_of=AS_OF) == []


def test_base_handwritten_memo_has_zero_findings() -> None:
    document = parse(HANDWRITTEN_BASE.read_text(encoding="utf-8"), "memo.md")
    rules = all_rules(Target.HANDWRITTEN)
    assert rules, "the hand-written rules are registered"
    assert [f for r in rules for f in r.run(document, None)] == []


def test_base_memo_is_a_lora_fine_tune_for_a_capability_gap() -> None:
    memo = load(HERE / DEFAULT_BASE).memo
    assert memo.fix.kind.value == "fine_tune"
    assert memo.fine_tune is not None and memo.fine_tune.method is not None
    assert memo.fine_tune.method.value == "lora"
    assert [g.value for g in memo.diagnosis] == ["capability"]


def test_deep_merge_semantics() -> None:
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 2}
    assert deep_merge(base, {"a": {"b": None, "c": [3]}, "e": {"f": 1}}) == {
        "a": {"c": [3]}, "d": 2, "e": {"f": 1}}
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": 2}


def _doc() -> None:
    """A docstring, as the registry requires."""


def test_registry_refuses_a_duplicate_id() -> None:
    existing = all_rules()[0]
    before = dict(rule_registry._RULES)
    with pytest.raises(rule_registry.DuplicateRuleError, match=f"rule id {existing.id} "
                       "registered twice"):
        rule_registry.rule(existing.id, Severity.ERROR, "dup", hint="h")(_doc)
    assert before == rule_registry._RULES
    assert get_rule(existing.id) is existing

    fresh = "MEMO-DOC-999"
    assert fresh not in rule_registry._RULES
    try:
        rule_registry.rule(fresh, Severity.WARNING, "first", hint="h")(_doc)
        first = rule_registry._RULES[fresh]
        with pytest.raises(rule_registry.DuplicateRuleError):
            rule_registry.rule(fresh, Severity.ERROR, "second", hint="h")(_doc)
        assert rule_registry._RULES[fresh] is first
    finally:
        rule_registry._RULES.pop(fresh, None)
    assert before == rule_registry._RULES
    assert fresh not in {r.id for r in all_rules()}


def test_registry_refuses_bad_ids_and_missing_docstrings() -> None:
    with pytest.raises(ValueError, match="bad rule id 'MEMO-XYZ-001'"):
        rule_registry.rule("MEMO-XYZ-001", Severity.ERROR, "t", hint="h")

    def undocumented(memo: Memo, facts: Facts) -> list[Any]:
        return []

    before = dict(rule_registry._RULES)
    with pytest.raises(ValueError, match="rule MEMO-DOC-998 needs a docstring"):
        rule_registry.rule("MEMO-DOC-998", Severity.ERROR, "t", hint="h")(undocumented)
    assert before == rule_registry._RULES


def test_every_rule_is_documented_and_well_formed() -> None:
    for r in all_rules():
        assert re.fullmatch(r"MEMO-(GAP|FIX|COST|EVAL|MNT|FT|OPS|DOC)-\d{3}", r.id)
        assert "What it checks" in r.doc and "Why it matters" in r.doc and "How to fix" in r.doc
        assert r.hint.strip()
