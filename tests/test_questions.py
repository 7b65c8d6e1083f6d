"""The questions as data: coverage of the answers file, validation, predicates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from memo.answers import SourceMap, load, to_data, validate
from memo.errors import InvalidInput
from memo.model import Memo
from memo.questions import (
    BUDGET_SECTIONS,
    SECTION_IDS,
    SECTIONS,
    Invalid,
    Kind,
    ListQuestion,
    Question,
    Scope,
    all_fields,
    catalogue_fill,
    cost_preview,
    drop_path,
    find_section,
    from_other_memo,
    needs_override,
    recommendation_note,
    section,
    section_for,
    set_path,
    stale_sections,
    validate_answer,
    watched,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


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
    ("fine_tune.training_examples", ("fine_tune", "training_examples"), "many",
     {"fine_tune": {"training_examples": "many"}}, "fine_tune.training_examples"),
    # 4.5 is read as the number 4.5 (as YAML reads it), which a count refuses
    ("fine_tune.training_examples", ("fine_tune", "training_examples"), "4.5",
     {"fine_tune": {"training_examples": 4.5}}, "fine_tune.training_examples"),
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


def test_cost_preview_shows_the_all_in_cost_the_memo_shows() -> None:
    # Self-hosted: free tokens, $1,000 a month of serving over 1,000 requests: $1 a request
    # all-in, the figure the memo's cost table prints, next to $0 of tokens.
    preview = cost_preview({"costs": {"requests_per_month": 1000, "options": [
        {"name": "Self-hosted", "kind": "fine_tune", "chosen": True, "input_tokens": 1000,
         "output_tokens": 100, "input_price_per_mtok": 0, "output_price_per_mtok": 0,
         "monthly_serving_usd": 1000}]}})
    header, row = preview.lines[:2]
    assert header.split() == ["option", "per", "request", "all-in", "month", "1", "one-time",
                              "TCO", "24", "mo"]
    assert row.split() == ["*Self-hosted", "$0", "$1.00", "$1,000", "$0", "$24,000"]
    long = cost_preview({"costs": {"requests_per_month": 1000, "options": [
        {"name": "RAG + schema on gpt-4o-mini, routed", "kind": "rag", "chosen": True,
         "input_tokens": 1000, "output_tokens": 100, "input_price_per_mtok": 1,
         "output_price_per_mtok": 1}]}})
    assert long.lines[1].startswith("*RAG + schema on gpt-4o… ")  # a cut name says so


def test_cost_preview_reports_numbers_that_do_not_compute() -> None:
    preview = cost_preview({"costs": {"options": [{"name": "A"}]}})
    assert preview.error and "options[0].kind" in preview.error


# --- numbers as people type them ---------------------------------------------------------


@pytest.mark.parametrize(("field", "typed", "stored"), [
    ("fine_tune.training_examples", "20,000", 20000),
    ("fine_tune.training_examples", "20k", 20000),
    ("fine_tune.training_examples", "4.5k", 4500),
    ("costs.requests_per_month", "1.5M", 1500000),
    ("costs.requests_per_month", "2 400 000", 2400000),
    ("costs.monthly_growth_pct", "3%", 3),
    ("costs.monthly_growth_pct", "2.5 %", 2.5),
    ("costs.options[].monthly_serving_usd", "$2,190", 2190),
    ("costs.options[].input_price_per_mtok", "$0.15", 0.15),
    ("evaluation.baseline", "$17.80", 17.8),  # a cost metric
])
def test_numbers_typed_as_people_type_them(field: str, typed: str, stored: float) -> None:
    question = field_question(field)
    path = (("costs", "options", 0, field.rsplit(".", 1)[-1]) if "[]" in field
            else tuple(field.split(".")))
    value = validate_answer(question, path, typed)
    assert value == stored
    assert type(value) is type(stored)  # 20000 stays an int: saved as 20000, not 20000.0


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("fine_tune.training_examples", "1,5",
     "'1,5': a comma separates thousands (1,500); write decimals with a point (1.5)"),
    ("fine_tune.training_examples", "$20", "'$20': $ marks an amount in USD, but this answer "
                                           "is a plain number; type the number without $"),
    ("costs.monthly_growth_pct", "$3", "'$3': $ marks an amount in USD, but this answer is a "
                                       "percentage; type the number without $"),
    ("evaluation.target", "92%", "'92%': type the score on the metric's own scale, as the "
                                 "other scores (0.92 or 92), without %"),
])
def test_numbers_that_cannot_be_read_say_why(field: str, typed: str, message: str) -> None:
    path = tuple(field.split("."))
    with pytest.raises(Invalid) as caught:
        validate_answer(field_question(field), path, typed)
    assert str(caught.value) == message


# --- examples that fit the case ----------------------------------------------------------

TRIAGE_NO = {"capability_gap": "no", "format_gap": "no", "knowledge_gap": "no",
             "latency_cost_gap": "no"}


@pytest.mark.parametrize(("gaps", "kind", "metric_example"), [
    ({"latency_cost_gap": "yes"}, "model_swap", "model cost per 1,000 invoices (USD)"),
    ({"capability_gap": "yes"}, "fine_tune", "entity-level F1 on held-out notes"),
    ({"knowledge_gap": "yes"}, "rag", "answer correctness (human-graded)"),
    ({"format_gap": "yes"}, "structured_output",
     "share of records imported with all fields correct"),
    ({"capability_gap": "yes", "knowledge_gap": "yes"}, "rag_fine_tune",
     "share of chats passing compliance review"),
])
def test_examples_fit_the_case(gaps: dict[str, str], kind: str, metric_example: str) -> None:
    answers = {"triage": {**TRIAGE_NO, **gaps}, "fix": {"kind": kind}}
    assert field_question("evaluation.metric").example_for(Scope(answers)) == metric_example


def test_a_latency_case_sees_latency_examples_before_the_fix_is_chosen() -> None:
    from memo.examples import Case, case_of

    answers = {"triage": {**TRIAGE_NO, "latency_cost_gap": "yes"}}
    assert case_of(answers) is Case.LATENCY_COST
    assert "$17.80 per 1,000" in field_question("triage.evidence").example_for(Scope(answers))
    assert field_question("costs.requests_per_month").example_for(Scope(answers)) == "2.4M"
    # nothing known yet: the general example
    assert case_of({}) is Case.GENERAL


def test_every_example_key_names_an_asked_field() -> None:
    from memo.examples import EXAMPLES

    assert set(EXAMPLES) <= set(all_fields())


# --- where questions apply ---------------------------------------------------------------


def _option(**item: Any) -> Scope:
    return Scope({"fix": {"kind": "rag"}}, item, 0)


def test_cached_prefix_is_asked_for_in_context_options_only() -> None:
    cached = field_question("costs.options[].cached_input_tokens")
    assert cached.applies(_option(kind="few_shot"))
    assert cached.applies(_option(kind="caching"))
    assert not cached.applies(_option(kind="fine_tune"))
    assert cached.applies(_option(kind="fine_tune", cached_input_tokens=400))  # kept, re-asked


def test_serving_is_asked_where_the_option_is_paid_by_the_hour() -> None:
    serving = field_question("costs.options[].monthly_serving_usd")
    assert serving.applies(_option(kind="model_swap", input_price_per_mtok=0,
                                   output_price_per_mtok=0))  # self-hosted
    assert serving.applies(_option(kind="fine_tune", input_price_per_mtok=0.3,
                                   output_price_per_mtok=1.2))
    assert not serving.applies(_option(kind="rag", input_price_per_mtok=0.15,
                                       output_price_per_mtok=0.6))
    assert serving.applies(_option(kind="rag", input_price_per_mtok=0.15,
                                   output_price_per_mtok=0.6, monthly_serving_usd=50))


def test_hints_are_plain_words_not_yaml_names() -> None:
    yaml_names = re.compile(r"\b[a-z]+_[a-z_]+\b")
    for sec in SECTIONS:
        for entry in sec.entries:
            questions = entry.items if isinstance(entry, ListQuestion) else (entry,)
            for question in questions:
                for text in (question.prompt, question.help,
                             *(title for _, title in question.choices)):
                    assert not yaml_names.search(text), (question.key, text)


# --- sections by name, fields by path ----------------------------------------------------


@pytest.mark.parametrize(("name", "section_id"), [
    ("Costs", "costs"), ("cost options", "options"), ("Fine-tune details", "fine_tune"),
    ("fine_tune", "fine_tune"), ("RISKS AND ROLLBACK", "risks"), ("Cover", "header"),
])
def test_sections_are_found_by_the_names_the_questionnaire_shows(name: str,
                                                                 section_id: str) -> None:
    found = find_section(name)
    assert found is not None and found.id == section_id
    assert find_section("budget") is None


@pytest.mark.parametrize(("field", "section_id"), [
    ("costs.options[1].retrain_usd", "options"), ("costs.monthly_growth_pct", "costs"),
    ("fix.premium_reason", "options"), ("fix.kind", "fix"), ("fine_tune", "fine_tune"),
    ("rollback", "risks"), ("evaluation.guardrails[0].metric", "evaluation"),
    ("triage.scores.with_context", "triage"), ("diagnosis", "triage"), ("title", "header"),
])
def test_findings_map_to_the_section_that_asks_their_field(field: str,
                                                          section_id: str) -> None:
    assert section_for(field) == section_id


def test_every_budget_section_of_the_renderer_maps_to_questionnaire_sections() -> None:
    from memo.context import build_context
    from memo.render.budget import section_texts

    memo = load(SAMPLES / "medical-ner-lora.yaml").memo
    names = set(section_texts(build_context(memo, [])))
    assert names == set(BUDGET_SECTIONS)
    assert all(sid in SECTION_IDS for ids in BUDGET_SECTIONS.values() for sid in ids)


def test_a_changed_fix_makes_its_dependent_sections_stale() -> None:
    answers = {"fix": {"kind": "rag"}, "triage": dict(TRIAGE_NO)}
    before = watched(answers)
    assert stale_sections(before, answers) == ([], [])
    answers["fix"]["kind"] = "fine_tune"
    assert stale_sections(before, answers) == (["fix.kind"],
                                               ["fine_tune", "alternatives", "options"])
    answers["triage"]["knowledge_gap"] = "yes"
    assert stale_sections(before, answers)[1] == ["fix", "fine_tune", "alternatives",
                                                  "options"]


def test_another_memo_as_a_start_gets_a_new_date_and_draft_status() -> None:
    data = to_data(load(SAMPLES / "ticket-routing-cost.yaml").memo)
    data["status"], data["decided"] = "accepted", dt.date(2026, 11, 20)
    fresh = from_other_memo(data, today=dt.date(2027, 1, 4))
    assert (fresh["date"], fresh["status"]) == (dt.date(2027, 1, 4), "draft")
    assert "decided" not in fresh and fresh["title"] == data["title"]


# --- the price catalogue -----------------------------------------------------------------


def test_picking_a_model_fills_its_catalogue_prices() -> None:
    from memo.prices import catalogue_info, lookup

    price = lookup("gpt-4o-mini")
    assert price is not None
    fill = catalogue_fill({"cached_input_tokens": 2900}, "gpt-4o-mini",
                          today=dt.date(2026, 11, 25))
    assert fill is not None
    assert fill.values == {
        "input_price_per_mtok": price.input_per_mtok,
        "cached_input_price_per_mtok": price.cached_input_per_mtok,
        "output_price_per_mtok": price.output_per_mtok,
        "price_source": catalogue_info().source, "price_date": dt.date(2026, 11, 25)}
    assert fill.values["price_source"].startswith("genai-prices ")
    assert "the catalogue publishes no date for its data" in fill.note
    # no cached prefix: no cached price; an unknown model: nothing
    plain = catalogue_fill({}, "gpt-4o-mini")
    assert plain is not None and "cached_input_price_per_mtok" not in plain.values
    assert catalogue_fill({}, "no-such-model-anywhere") is None


def test_the_questionnaire_recommends_what_the_checklist_recommends() -> None:
    # The questionnaire used to read only the yes/no answers; `memo check` also reads the
    # measured scores against the target. Saying "yes" to capability where the score with
    # the right facts (0.91) meets the target (0.90) is overridden by the scores: both must
    # then recommend retrieval, or taking the shown advice ends in MEMO-FIX-001.
    import yaml

    from memo.model import Memo
    from memo.questions import recommendation_of
    from memo.rules.base import Facts

    root = Path(__file__).resolve().parent.parent
    for sample in sorted((root / "samples").glob("*.yaml")):
        answers = yaml.safe_load(sample.read_text(encoding="utf-8"))
        for capability in ("no", "yes"):
            answers["triage"]["capability_gap"] = capability
            ours = recommendation_of(answers)
            theirs = Facts(Memo.model_validate(answers)).recommendation
            assert (ours.kind, ours.acceptable) == (theirs.kind, theirs.acceptable), sample.name
    answers = yaml.safe_load((root / "samples/support-bot-rag.yaml").read_text(encoding="utf-8"))
    answers["triage"]["capability_gap"] = "yes"
    assert recommendation_of(answers).kind.value == "rag"
    del answers["evaluation"]  # no target yet: the answers alone decide
    assert recommendation_of(answers).kind.value == "rag_fine_tune"


def test_the_premium_reason_is_asked_exactly_when_memo_cost_010_needs_it() -> None:
    # The proposed option costs more than an alternative scored 0.86. Against a 0.85 target
    # that alternative meets it: MEMO-COST-010 wants the reason, so the question must be
    # asked (it used to be asked only where the alternative had no score at all).
    question = next(q for s in SECTIONS for q in s.entries
                    if getattr(q, "field", None) == "fix.premium_reason")
    option = {"input_tokens": 1000, "output_tokens": 100, "input_price_per_mtok": 1,
              "output_price_per_mtok": 2}
    costs = {"requests_per_month": 1000, "options": [
        {"name": "Dear", "kind": "fine_tune", "chosen": True, "one_time_usd": 500, **option},
        {"name": "Cheap", "kind": "rag", "quality": 0.86, **option}]}
    for target, asked in ((0.85, True), (0.9, False), (None, True)):
        answers: dict = {"costs": costs}
        if target is not None:
            answers["evaluation"] = {"target": target}
        assert question.applies(Scope(answers)) is asked, target
