"""The shipped samples: the four good memos are clean, the weak one fails exactly as designed,
and every cost figure matches a value worked out by hand from the sample's own numbers.

Expected figures are written as arithmetic on the numbers in the YAML (per-request cost
``(T_in * P_in + T_out * P_out) / 1e6 + c_extra``, one-time cost, TCO over 24 months,
break-even month); none is computed by calling memo's own cost code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from memo.answers import load
from memo.cost import cost_report
from memo.model import FixKind, Memo
from memo.rules import check_memo
from memo.triage import recommend

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# The day the checklist is run "on": the staleness rules (review date passed, prices too old)
# compare with it, so the expected findings do not change as the calendar moves on.
AS_OF = dt.date(2026, 11, 25)

# sample -> the fix it shows (also the triage's recommendation for its answers)
GOOD = {
    "support-bot-rag": FixKind.RAG,
    "output-format-structured": FixKind.STRUCTURED_OUTPUT,
    "medical-ner-lora": FixKind.FINE_TUNE,
    "rag-plus-lora": FixKind.RAG_FINE_TUNE,
}
WEAK = "weak-memo"

SPEC_TOP_LEVEL = {
    "schema_version", "title", "author", "team", "date", "decision_requested", "owner", "status",
    "problem", "triage", "diagnosis", "tried", "fix", "alternatives", "costs", "evaluation",
    "maintenance", "risks", "rollback",
}


def memo_of(name: str) -> Memo:
    return load(SAMPLES / f"{name}.yaml").memo


def raw(name: str) -> dict:
    return yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


def requests_in_months(per_month: float, growth_pct: float, months: int) -> float:
    """Requests in months 1..months: a geometric series, V * ((1 + g)^m - 1) / g."""
    g = growth_pct / 100
    if g == 0:
        return per_month * months
    return per_month * ((1 + g) ** months - 1) / g


def by_name(report):
    return {o.name: o for o in report.options}


def break_even_months(report) -> dict[str, int | None]:
    return {b.alternative: b.month for b in report.break_even}


# --- the good samples ---------------------------------------------------------------------


def test_every_sample_is_covered() -> None:
    assert sorted(p.stem for p in SAMPLES.glob("*.yaml")) == sorted([*GOOD, WEAK])


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_sample_loads_and_has_no_findings(name: str) -> None:
    findings = check_memo(memo_of(name), as_of=AS_OF)
    assert findings == [], [(f.rule, f.severity.value, f.field, f.message) for f in findings]


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_sample_follows_the_triage(name: str) -> None:
    memo = memo_of(name)
    rec = recommend(memo.triage)
    assert memo.fix.kind == GOOD[name]
    assert rec.accepts(memo.fix.kind)
    assert rec.kind == GOOD[name]
    assert memo.fix.override_reason is None
    assert memo.costs is not None and memo.costs.chosen is not None
    assert memo.costs.chosen.kind == memo.fix.kind


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_sample_fills_every_spec_field(name: str) -> None:
    data = raw(name)
    expected = SPEC_TOP_LEVEL | ({"fine_tune"} if GOOD[name].is_fine_tune else set())
    assert set(data) == expected
    for key in expected - {"schema_version"}:
        assert data[key] not in (None, "", [], {}), key
    memo = memo_of(name)
    assert memo.status.value == "proposed"
    assert memo.date is not None and memo.date.year == 2026
    assert memo.maintenance is not None and memo.maintenance.review_by is not None
    assert memo.maintenance.review_by > memo.date
    assert memo.costs is not None and len(memo.costs.options) >= 2
    assert memo.costs.price_date is not None and memo.costs.price_date <= memo.date
    assert "pricing" in memo.costs.price_source.lower()
    assert len(memo.tried) >= 2 and memo.alternatives and memo.risks
    if GOOD[name].is_fine_tune:
        assert memo.fine_tune is not None and memo.fine_tune.method is not None
        assert memo.fine_tune.method.value == "lora"
        assert "base_model_upgrade" in memo.maintenance.retrain_triggers


# --- the weak memo ------------------------------------------------------------------------


def test_weak_memo_loads_and_fails_exactly_as_designed() -> None:
    memo = memo_of(WEAK)
    assert memo.fix.kind == FixKind.FINE_TUNE
    findings = check_memo(memo, as_of=AS_OF)
    got = sorted((f.rule, f.severity.value, f.field) for f in findings)
    assert got == sorted([
        # prices without source or date
        ("MEMO-COST-004", "error", "costs.price_date"),
        ("MEMO-COST-004", "error", "costs.price_source"),
        # the fine-tune costs more per request than today's prompt: it never pays back
        ("MEMO-COST-005", "warning", "costs"),
        # no retraining cadence priced
        ("MEMO-COST-007", "warning", "costs.options[0].retrain_every_months"),
        # triage says capability + knowledge (rag_fine_tune); fix is fine_tune, no reason given
        ("MEMO-FIX-001", "error", "fix.override_reason"),
        # nothing cheaper was tried
        ("MEMO-FIX-004", "error", "tried"),
        # only 60 training examples
        ("MEMO-FT-005", "warning", "fine_tune.training_examples"),
        # a knowledge gap fixed by a fine-tune without retrieval
        ("MEMO-GAP-002", "error", "fix.kind"),
        # latency/cost left "unsure"
        ("MEMO-GAP-007", "warning", "triage.latency_cost_gap"),
        # no maintenance plan at all
        ("MEMO-MNT-001", "error", "maintenance.owner"),
        ("MEMO-MNT-002", "error", "maintenance.retrain_triggers"),
        ("MEMO-MNT-004", "error", "maintenance.monitoring"),
        ("MEMO-MNT-005", "error", "maintenance.review_by"),
        # no rollback
        ("MEMO-OPS-003", "error", "rollback"),
    ])


# --- cost figures, worked out by hand -----------------------------------------------------


def test_support_bot_costs() -> None:
    report = cost_report(memo_of("support-bot-rag").costs)
    options = by_name(report)
    rag = options["RAG on gpt-4o-mini"]
    ft = options["Fine-tuned gpt-4o-mini"]

    rag_c = (2400 * 0.15 + 300 * 0.60) / 1e6 + 0.00001
    ft_c = (700 * 0.30 + 300 * 1.20) / 1e6
    assert rag.per_request_usd == pytest.approx(rag_c)
    assert rag.per_request_usd == pytest.approx(0.00055)
    assert ft.per_request_usd == pytest.approx(ft_c)
    assert ft.per_request_usd == pytest.approx(0.00057)

    assert rag.one_time_usd == pytest.approx(6000)
    assert ft.one_time_usd == pytest.approx(8000 + 4_000_000 * 3 * 3 / 1e6)  # 8,036

    # 40,000 requests a month growing 3% a month over 24 months
    requests = requests_in_months(40000, 3, 24)
    assert requests == pytest.approx(40000 * (1.03**24 - 1) / 0.03)
    rag_tco = 6000 + rag_c * requests + 70 * 24
    ft_tco = 8036 + ft_c * requests + 2500 * (24 // 3)  # retrains in months 3, 6, ..., 24
    assert rag.tco_usd == pytest.approx(rag_tco)
    assert ft.tco_usd == pytest.approx(ft_tco)
    assert rag.tco_usd == pytest.approx(8437.38, abs=0.01)
    assert ft.tco_usd == pytest.approx(28820.92, abs=0.01)

    # RAG is cheaper from the first month: 6000 + 0.00055 * 40000 + 70 = 6092 <= 8036 + 22.8
    assert 6000 + rag_c * 40000 + 70 <= 8036 + ft_c * 40000
    assert break_even_months(report) == {"Fine-tuned gpt-4o-mini": 1}


def test_output_format_costs() -> None:
    report = cost_report(memo_of("output-format-structured").costs)
    options = by_name(report)
    schema = options["Schema + 3 examples on gpt-4o-mini"]
    ft = options["Fine-tuned gpt-4o-mini"]

    assert schema.per_request_usd == pytest.approx((1200 * 0.15 + 250 * 0.60) / 1e6)  # 0.00033
    assert ft.per_request_usd == pytest.approx((400 * 0.30 + 250 * 1.20) / 1e6)  # 0.00042

    assert schema.one_time_usd == pytest.approx(800)
    assert ft.one_time_usd == pytest.approx(6000 + 1_200_000 * 3 * 3 / 1e6)  # 6,010.80

    # 200,000 requests a month, no growth; fine-tune retrains in months 6, 12, 18, 24
    assert schema.tco_usd == pytest.approx(800 + 0.00033 * 200000 * 24)  # 2,384
    assert ft.tco_usd == pytest.approx(6010.8 + 0.00042 * 200000 * 24 + 1500 * 4)  # 14,026.80
    assert schema.tco_usd == pytest.approx(2384)
    assert ft.tco_usd == pytest.approx(14026.8)

    # cheaper in month 1: 800 + 66 = 866 <= 6010.8 + 84
    assert break_even_months(report) == {"Fine-tuned gpt-4o-mini": 1}


def test_medical_ner_costs() -> None:
    report = cost_report(memo_of("medical-ner-lora").costs)
    options = by_name(report)
    lora = options["LoRA adapter on Llama-3.1-8B, self-hosted"]
    gpt4o = options["gpt-4o with 20 examples"]

    # self-hosted: no per-token price, the reserved H100 is a fixed monthly cost
    assert lora.per_request_usd == pytest.approx((1500 * 0 + 400 * 0) / 1e6)
    assert gpt4o.per_request_usd == pytest.approx((6000 * 2.50 + 400 * 10) / 1e6)  # 0.019

    assert lora.training_usd == pytest.approx(4 * 3)  # GPU hours x rate
    assert lora.one_time_usd == pytest.approx(28000 + 4 * 3)  # 28,012
    assert gpt4o.one_time_usd == pytest.approx(2000)

    # 300,000 notes a month, no growth; H100 = 730 h x $3 = $2,190 a month;
    # retrains ($5,000) in months 6, 12, 18, 24
    assert lora.tco_usd == pytest.approx(28012 + 2190 * 24 + 5000 * 4)  # 100,572
    assert gpt4o.tco_usd == pytest.approx(2000 + 0.019 * 300000 * 24)  # 138,800
    assert lora.tco_usd == pytest.approx(100572)
    assert gpt4o.tco_usd == pytest.approx(138800)

    # Closed form without retrains: (28012 - 2000) / (300000 * 0.019 - 2190) = 7.4 months;
    # the month-6 retrain pushes the crossing to month 9:
    # month 8: 28012 + 8 * 2190 + 5000 = 50,532 > 2000 + 8 * 5700 = 47,600
    # month 9: 28012 + 9 * 2190 + 5000 = 52,722 <= 2000 + 9 * 5700 = 53,300
    assert 7.40 < (28012 - 2000) / (300000 * 0.019 - 2190) < 7.42
    assert lora.cumulative_usd[8] == pytest.approx(50532)
    assert gpt4o.cumulative_usd[8] == pytest.approx(47600)
    assert lora.cumulative_usd[9] == pytest.approx(52722)
    assert gpt4o.cumulative_usd[9] == pytest.approx(53300)
    assert break_even_months(report) == {"gpt-4o with 20 examples": 9}
    assert report.horizon_months == 24


def test_medical_ner_gpu_hours_follow_the_flops_formula() -> None:
    """The sample's 4 GPU-hours: k*N*D / (peak * MFU * 3600) per run, eight runs, rounded up."""
    data = raw("medical-ner-lora")
    training = data["costs"]["options"][0]["training"]
    tokens = 4000 * 1500 * 3  # 4,000 notes x ~1,500 tokens x 3 epochs = 18M
    per_run = 4 * 8e9 * tokens / (989e12 * 0.35 * 3600)
    assert per_run == pytest.approx(0.462, abs=0.001)
    assert 8 * per_run <= training["gpu_hours"] < 8 * per_run + 1
    assert data["fine_tune"]["training_examples"] == 4000
    assert 2 <= training["gpu_hour_usd"] <= 4


def test_rag_plus_lora_costs() -> None:
    report = cost_report(memo_of("rag-plus-lora").costs)
    options = by_name(report)
    tuned = options["RAG + fine-tuned gpt-4o-mini"]
    gpt4o = options["RAG + gpt-4o with 12 examples"]

    tuned_c = (2200 * 0.30 + 250 * 1.20) / 1e6 + 0.00001  # 0.00097
    gpt4o_c = (6400 * 2.50 + 250 * 10) / 1e6 + 0.00001  # 0.01851
    assert tuned.per_request_usd == pytest.approx(tuned_c)
    assert gpt4o.per_request_usd == pytest.approx(gpt4o_c)
    assert tuned.per_request_usd == pytest.approx(0.00097)
    assert gpt4o.per_request_usd == pytest.approx(0.01851)

    # hosted training: tokens x epochs x price per 1M
    assert tuned.training_usd == pytest.approx(6_000_000 * 3 * 3 / 1e6)  # 54
    assert tuned.one_time_usd == pytest.approx(17000 + 54)
    assert gpt4o.one_time_usd == pytest.approx(6000)

    # 80,000 requests a month growing 4% a month; retrains ($3,000) in months 6, 12, 18, 24
    def tuned_cum(m: int) -> float:
        return 17054 + tuned_c * requests_in_months(80000, 4, m) + 100 * m + 3000 * (m // 6)

    def gpt4o_cum(m: int) -> float:
        return 6000 + gpt4o_c * requests_in_months(80000, 4, m) + 100 * m

    assert tuned.tco_usd == pytest.approx(tuned_cum(24))
    assert gpt4o.tco_usd == pytest.approx(gpt4o_cum(24))
    assert tuned.tco_usd == pytest.approx(34486.81, abs=0.01)
    assert gpt4o.tco_usd == pytest.approx(66273.52, abs=0.01)

    # first month where the fine-tune's cumulative cost is at or below the alternative's
    assert tuned_cum(8) > gpt4o_cum(8)  # 21,569 > 20,444
    assert tuned_cum(9) <= gpt4o_cum(9)  # 21,775 <= 22,571
    assert break_even_months(report) == {"RAG + gpt-4o with 12 examples": 9}


def test_weak_memo_costs() -> None:
    report = cost_report(memo_of(WEAK).costs)
    options = by_name(report)
    ft = options["Fine-tuned gpt-4o-mini"]
    prompt = options["Current prompt on gpt-4o-mini"]

    assert ft.per_request_usd == pytest.approx((900 * 0.30 + 300 * 1.20) / 1e6)  # 0.00063
    assert prompt.per_request_usd == pytest.approx((1000 * 0.15 + 300 * 0.60) / 1e6)  # 0.00033

    assert ft.one_time_usd == pytest.approx(3000 + 2_000_000 * 4 * 3 / 1e6)  # 3,024
    assert prompt.one_time_usd == pytest.approx(0)

    # defaults: 24-month horizon, no growth, no retrains priced
    assert report.horizon_months == 24
    assert ft.tco_usd == pytest.approx(3024 + 0.00063 * 30000 * 24)  # 3,477.60
    assert prompt.tco_usd == pytest.approx(0.00033 * 30000 * 24)  # 237.60

    # dearer up front and per request: never breaks even
    (result,) = report.break_even
    assert result.alternative == "Current prompt on gpt-4o-mini"
    assert result.month is None
    assert result.tco_difference_usd == pytest.approx(3477.6 - 237.6)  # 3,240
