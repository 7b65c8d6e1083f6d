"""The questions as data: coverage of the answers file, validation, predicates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel

from memo.answers import SourceMap, validate
from memo.errors import InvalidInput
from memo.model import Memo
from memo.questions import (
    SECTIONS,
    Invalid,
    Kind,
    ListQuestion,
    Question,
    Scope,
    all_fields,
    cost_preview,
    drop_path,
    needs_override,
    recommendation_note,
    section,
    set_path,
    validate_answer,
)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def leaf_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        sub = _model_in(info.annotation)
        if sub is None:
            out.add(path)
        else:
            is_list = getattr(info.annotation, "__origin__", None) is list
            out |= leaf_fields(sub, f"{path}[]." if is_list else f"{path}.")
    return out


def test_every_field_of_the_answers_file_is_asked() -> None:
    assert leaf_fields(Memo) - set(all_fields()) == {"schema_version"}


def test_every_asked_field_exists_in_the_model() -> None:
    assert set(all_fields()) <= leaf_fields(Memo)


def test_sections_in_a_natural_order() -> None:
    ids = [s.id for s in SECTIONS]
    assert ids[:3] == ["problem", "triage", "fix"]
    assert ids.index("costs") < ids.index("evaluation") < ids.index("maintenance")


def test_triage_questions_carry_help_and_an_example() -> None:
    for question in section("triage").entries[:4]:
        assert isinstance(question, Question)
        assert question.kind is Kind.SELECT and question.help and question.example


def field_question(dotted: str) -> Question:
    for sec in SECTIONS:
        for entry in sec.entries:
            if isinstance(entry, Question) and entry.field == dotted:
                return entry
            if isinstance(entry, ListQuestion) and dotted.startswith(entry.field + "[]."):
                for item in entry.items:
                    if f"{entry.field}[].{item.field}" == dotted:
                        return item
    raise KeyError(dotted)


def loader_message(data: dict[str, Any], field: str) -> str:
    base = {"schema_version": 1, "title": "t", "fix": {"kind": "rag"}}
    with pytest.raises(InvalidInput) as caught:
        validate({**base, **data}, SourceMap("memo.yaml"))
    return next(p.message for p in caught.value.problems if p.field == field)


@pytest.mark.parametrize(("field", "path", "raw", "data", "loader_field"), [
    ("costs.requests_per_month", ("costs", "requests_per_month"), "lots",
     {"costs": {"requests_per_month": "lots"}}, "costs.requests_per_month"),
    ("costs.requests_per_month", ("costs", "requests_per_month"), "-5",
     {"costs": {"requests_per_month": -5}}, "costs.requests_per_month"),
    ("date", ("date",), "next week", {"date": "next week"}, "date"),
    ("fine_tune.training_examples", ("fine_tune", "training_examples"), "4.5k",
     {"fine_tune": {"training_examples": "4.5k"}}, "fine_tune.training_examples"),
])
def test_messages_match_the_file_loader(field: str, path: tuple[str, ...], raw: str,
                                        data: dict[str, Any], loader_field: str) -> None:
    with pytest.raises(Invalid) as caught:
        validate_answer(field_question(field), path, raw)
    assert str(caught.value) == loader_message(data, loader_field)


def test_item_fields_validate_with_their_list_models() -> None:
    question = field_question("costs.options[].input_tokens")
    path = ("costs", "options", 0, "input_tokens")
    assert validate_answer(question, path, "2,400") == 2400
    with pytest.raises(Invalid):
        validate_answer(question, path, "2e9")  # beyond the model's sane bound


def test_values_are_stored_as_plain_yaml_data() -> None:
    assert validate_answer(field_question("date"), ("date",), "2026-01-05") == dt.date(2026, 1, 5)
    assert validate_answer(field_question("evaluation.baseline"),
                           ("evaluation", "baseline"), "0.58") == 0.58


def test_required_text_must_not_be_empty_and_optional_may_be() -> None:
    with pytest.raises(Invalid, match="required"):
        validate_answer(field_question("problem.task"), ("problem", "task"), "  ")
    assert validate_answer(field_question("team"), ("team",), "") is None


def test_override_reason_only_when_the_fix_differs_from_the_recommendation() -> None:
    triage = {"capability_gap": "no", "format_gap": "no", "knowledge_gap": "yes",
              "latency_cost_gap": "no"}
    assert not needs_override(Scope({"triage": triage, "fix": {"kind": "rag"}}))
    assert needs_override(Scope({"triage": triage, "fix": {"kind": "fine_tune"}}))
    assert "Retrieval (RAG)" in recommendation_note({"triage": triage})


def test_fine_tune_section_only_for_fine_tune_fixes() -> None:
    ft = section("fine_tune")
    assert ft.applies({"fix": {"kind": "rag_fine_tune"}})
    assert not ft.applies({"fix": {"kind": "rag"}})
    full_reason = field_question("fine_tune.full_reason")
    assert full_reason.applies(Scope({"fine_tune": {"method": "full"}}))
    assert not full_reason.applies(Scope({"fine_tune": {"method": "lora"}}))


def test_dropping_the_last_training_field_drops_the_block() -> None:
    data: dict[str, Any] = {"costs": {"options": [{"name": "x"}]}}
    set_path(data, ("costs", "options", 0, "training", "tokens"), 5)
    drop_path(data, ("costs", "options", 0, "training", "tokens"))
    assert data == {"costs": {"options": [{"name": "x"}]}}


def test_cost_preview_shows_the_derived_numbers() -> None:
    option = {"input_tokens": 1000, "output_tokens": 100, "input_price_per_mtok": 1,
              "output_price_per_mtok": 2}
    preview = cost_preview({"costs": {"requests_per_month": 1000, "options": [
        {"name": "A", "kind": "rag", "chosen": True, **option},
        {"name": "B", "kind": "fine_tune", "one_time_usd": 500, **option}]}})
    assert preview.error is None
    text = "\n".join(preview.lines)
    assert "$0.0012" in text
    # Both cost $0.0012 a request; B also pays $500 up front, so A is $500 below B in every
    # month: "cheaper from the start", never "break-even month 1".
    assert "against B: cheaper from the start and stays cheaper" in text
    assert "break-even month" not in text


def test_cost_preview_reports_numbers_that_do_not_compute() -> None:
    preview = cost_preview({"costs": {"options": [{"name": "A"}]}})
    assert preview.error and "options[0].kind" in preview.error
