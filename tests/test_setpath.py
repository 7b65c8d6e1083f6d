"""`memo edit --set PATH=VALUE` on plain data (memo/setpath.py): the same checks as a prompt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from memo.answers import load, to_data
from memo.errors import UserError
from memo.setpath import apply, check_applies, parse_assignment

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def data() -> dict[str, Any]:
    return to_data(load(SAMPLES / "support-bot-rag.yaml").memo)


def set_one(data: dict[str, Any], text: str) -> Any:
    assignment = parse_assignment(text)
    change = apply(data, assignment)
    check_applies(data, assignment)
    return change


def test_paths_parse_like_the_checklist_names_fields() -> None:
    assert parse_assignment("costs.options[0].monthly_serving_usd=2,190").path == (
        "costs", "options", 0, "monthly_serving_usd")
    assert parse_assignment("title=A = B").value == "A = B"  # only the first = splits
    assert parse_assignment("risks[10].risk=x").path == ("risks", 10, "risk")


@pytest.mark.parametrize(("text", "message"), [
    ("title", "expected PATH=VALUE"),
    ("=x", "expected PATH=VALUE"),
    ("costs..horizon=1", "'costs..horizon' is not a field path"),
    ("costs.options[x].name=1", "'costs.options[x].name' is not a field path"),
])
def test_malformed_assignments(text: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_assignment(text)
    assert caught.value.message == message and caught.value.field == f"--set {text}"


@pytest.mark.parametrize(("text", "path", "value"), [
    ("costs.monthly_growth_pct=5%", ("costs", "monthly_growth_pct"), 5),
    ("costs.requests_per_month=1.5M", ("costs", "requests_per_month"), 1500000),
    ("costs.options[1].one_time_usd=$8,500", ("costs", "options", 1, "one_time_usd"), 8500),
    ("costs.options[0].chosen=yes", ("costs", "options", 0, "chosen"), True),
    ("fix.kind=RAG", ("fix", "kind"), "rag"),
    ("triage.format_gap=unsure", ("triage", "format_gap"), "unsure"),
    ("evaluation.higher_is_better=lower", ("evaluation", "higher_is_better"), False),
    ("date=2026-12-01", ("date",), dt.date(2026, 12, 1)),
    ("diagnosis=knowledge, format", ("diagnosis",), ["knowledge", "format"]),
    ("maintenance.retrain_triggers=[data_drift]", ("maintenance", "retrain_triggers"),
     ["data_drift"]),
])
def test_values_typed_as_in_the_questionnaire(data: dict[str, Any], text: str,
                                              path: tuple[Any, ...], value: Any) -> None:
    set_one(data, text)
    node: Any = data
    for part in path:
        node = node[part]
    assert node == value
    assert type(node) is type(value)


def test_an_empty_value_removes_an_optional_field(data: dict[str, Any]) -> None:
    change = set_one(data, "team=")
    assert "team" not in data and change.before == "Customer Support AI" and change.after is None
    with pytest.raises(UserError, match="required: please give an answer"):
        set_one(data, "title=")


def test_list_entries_are_added_one_past_the_end_and_removed_empty(
        data: dict[str, Any]) -> None:
    set_one(data, "risks[2].risk=Vendor outage")
    assert data["risks"][2] == {"risk": "Vendor outage"}
    change = set_one(data, "risks[0]=")
    assert change.after is None and len(data["risks"]) == 2
    with pytest.raises(UserError, match=r"risks has 2 entries; \[5\] is beyond the end"):
        set_one(data, "risks[5].risk=x")
    with pytest.raises(UserError, match="a list entry is set field by field"):
        set_one(data, "risks[0]=x")


@pytest.mark.parametrize(("text", "message"), [
    ("costs.options[0].chosen=maybe", "expected yes or no, got 'maybe'"),
    ("diagnosis=knowledge,speed", "unknown value 'speed'"),
    ("triage.format_gap=perhaps", "expected one of yes, no, unsure, got 'perhaps'"),
    ("costs.horizon_months=2.5", "horizon_months"),
    ("costs.tco=5", "costs.tco is not a field of the answers file"),
])
def test_refusals_name_the_value(data: dict[str, Any], text: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        set_one(data, text)
    assert message in str(caught.value)


def test_a_question_that_would_not_be_asked_is_refused(data: dict[str, Any]) -> None:
    with pytest.raises(UserError, match="does not apply to this memo"):
        set_one(data, "fine_tune.base_model=llama")
    # the serving replicas are asked only where a serving cost is given
    with pytest.raises(UserError, match="not asked for the memo's other answers"):
        set_one(data, "costs.options[0].serving_replicas=2")
    set_one(data, "costs.options[0].monthly_serving_usd=900")
    set_one(data, "costs.options[0].serving_replicas=2")
    assert data["costs"]["options"][0]["serving_replicas"] == 2


@pytest.mark.parametrize("text", ["status=accepted", "status=Rejected", "status=superseded",
                                  "decided=2026-11-20", "superseded_by=new.yaml"])
def test_a_decision_is_not_set_around_memo_status(data: dict[str, Any], text: str) -> None:
    # `--set status=accepted` accepted a memo with checklist errors, undated; `memo status`
    # refuses that. The decision fields go through `memo status` only.
    with pytest.raises(UserError) as caught:
        set_one(data, text)
    assert str(caught.value) == (f"--set {text}: a decision is recorded with `memo status`, "
                                 "which runs the checklist and dates it")
    assert "memo status FILE accepted" in (caught.value.hint or "")


@pytest.mark.parametrize("status", ["draft", "proposed"])
def test_drafting_statuses_can_be_set(data: dict[str, Any], status: str) -> None:
    set_one(data, f"status={status}")
    assert data["status"] == status
