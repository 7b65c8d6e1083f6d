"""Hypothesis strategies that generate any valid answers file (as a Memo)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from memo.model import (
    FineTuneFlavor,
    FineTuneMethod,
    FixKind,
    Gap,
    Memo,
    RetrainTrigger,
    Status,
    TriageAnswer,
)

# Any printable text, including right-to-left, CJK, emoji and markup-looking characters.
# Bidi embeddings, overrides and isolates are refused by the loader (memo/model.py).
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"),
                       blacklist_characters="\u2028\u2029\x85\u202a\u202b\u202c\u202d"
                                            "\u202e\u2066\u2067\u2068\u2069")
text = st.text(_CHARS, max_size=80)
line = st.text(_CHARS, max_size=40)
nonblank_line = line.filter(lambda s: s.strip() != "")
markupish = st.sampled_from([
    "<script>alert(1)</script>", "<img src=file:///etc/passwd>", "[x](http://evil)",
    "# heading", "| a | b |", "$\\frac{1}{2}$", "**bold** _it_", "---", "1. item", "&amp;",
    "{{ 7*7 }}", "{% raw %}", "\\textbf{x}", "مرحبا بالعالم", "数据中心", "🚀🔥",
])
any_text = st.one_of(text, markupish)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)
tokens = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
prices = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


def _training() -> st.SearchStrategy[dict[str, Any]]:
    gpu = st.fixed_dictionaries({"gpu_hours": st.floats(0, 1e5), "gpu_hour_usd": prices})
    hosted = st.fixed_dictionaries({
        "tokens": st.floats(0, 1e9), "epochs": st.floats(0.5, 10), "price_per_mtok": prices})
    return st.one_of(gpu, hosted)


def _option(chosen: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "name": nonblank_line, "kind": st.sampled_from(list(FixKind)),
            "chosen": st.just(chosen), "input_tokens": tokens, "output_tokens": tokens,
            "input_price_per_mtok": prices, "output_price_per_mtok": prices,
        },
        optional={
            "extra_per_request_usd": st.floats(0, 1), "monthly_fixed_usd": money,
            "one_time_usd": money, "training": _training(),
            "retrain_every_months": st.integers(1, 24), "retrain_usd": money,
        },
    )


def _costs() -> st.SearchStrategy[dict[str, Any]]:
    options = st.tuples(_option(True), st.lists(_option(False), max_size=3)).map(
        lambda pair: [pair[0], *pair[1]])
    return st.fixed_dictionaries(
        {"requests_per_month": st.floats(0, 1e8), "options": options},
        optional={
            "horizon_months": st.integers(1, 60), "monthly_growth_pct": st.floats(-20, 50),
            "price_source": any_text, "price_date": dates,
        },
    )


def _answer() -> st.SearchStrategy[Any]:
    # YAML 1.1 booleans are accepted for triage answers, so generate both spellings.
    return st.one_of(st.sampled_from(list(TriageAnswer)).map(str), st.booleans())


@st.composite
def memo_data(draw: st.DrawFn) -> dict[str, Any]:
    """Plain data for a valid answers file, as a person might write it."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "title": draw(nonblank_line),
        "fix": draw(st.fixed_dictionaries(
            {"kind": st.sampled_from(list(FixKind)).map(str)},
            optional={"rationale": any_text, "override_reason": any_text})),
    }
    optional: dict[str, st.SearchStrategy[Any]] = {
        "author": line, "team": line, "date": dates, "decision_requested": any_text,
        "owner": line, "status": st.sampled_from(list(Status)).map(str),
        "problem": st.fixed_dictionaries({}, optional={"task": any_text, "failure": any_text}),
        "triage": st.fixed_dictionaries({}, optional={
            "capability_gap": _answer(), "format_gap": _answer(), "knowledge_gap": _answer(),
            "latency_cost_gap": _answer(), "evidence": any_text}),
        "diagnosis": st.lists(st.sampled_from(list(Gap)).map(str), unique=True),
        "tried": st.lists(st.fixed_dictionaries(
            {"approach": st.sampled_from(list(FixKind)).map(str), "result": any_text}),
            max_size=4),
        "fine_tune": st.fixed_dictionaries({}, optional={
            "method": st.sampled_from(list(FineTuneMethod)).map(str),
            "flavor": st.sampled_from(list(FineTuneFlavor)).map(str),
            "base_model": line, "training_examples": st.integers(0, 10**6),
            "data_source": any_text, "full_reason": any_text}),
        "alternatives": st.lists(st.fixed_dictionaries(
            {"kind": st.sampled_from(list(FixKind)).map(str), "reason": any_text}), max_size=4),
        "costs": _costs(),
        "evaluation": st.fixed_dictionaries({}, optional={
            "metric": any_text, "baseline": st.floats(0, 100), "target": st.floats(0, 100),
            "eval_set": any_text}),
        "maintenance": st.fixed_dictionaries({}, optional={
            "owner": line, "monitoring": any_text, "review_by": dates,
            "retrain_triggers": st.lists(st.sampled_from(list(RetrainTrigger)).map(str),
                                         unique=True)}),
        "risks": st.lists(st.fixed_dictionaries({"risk": any_text, "mitigation": any_text}),
                          max_size=3),
        "rollback": any_text,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return data


memos = memo_data().map(Memo.model_validate)
