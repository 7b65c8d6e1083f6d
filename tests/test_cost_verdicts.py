"""Cost verdicts, break-even volume and sensitivity against hand arithmetic (SPEC.md,
"memo cost --json"; DOMAIN.md, "Sharper checks").

Each case states the cumulative costs a reviewer would write out by hand.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from memo.cli import cli
from memo.cost import (
    API_PRICE_FALL_PER_YEAR,
    Crossing,
    Verdict,
    api_price_factors,
    cents,
    cost_report,
    per_request_cost,
    sensitivity,
    success_rate,
)
from memo.format import scenario_text, tco_outcome, verdict_short, verdict_text, volume_text
from memo.model import CostOption, Costs

SAMPLES = Path(__file__).parent.parent / "samples"
BLANK: dict[str, Any] = {"name": "option", "kind": "prompt", "input_tokens": 0,
                         "output_tokens": 0, "input_price_per_mtok": 0,
                         "output_price_per_mtok": 0}


def costs(options: list[dict[str, Any]], **fields: Any) -> Costs:
    return Costs.model_validate({"options": [BLANK | o for o in options]} | fields)


# Chosen: 0.25 a request (250,000 tokens at $1/M), $500 up front. Alternative: 0.5 a request.
# At 400 requests a month the chosen saves $100 a month: C_ch(m) = 500 + 100 m, C_alt = 200 m.
CHOSEN = {"name": "LoRA", "kind": "fine_tune", "chosen": True, "input_tokens": 250000,
          "input_price_per_mtok": 1, "one_time_usd": 500}
ALT = {"name": "Few-shot", "kind": "few_shot", "input_tokens": 500000, "input_price_per_mtok": 1}


def test_pays_back_on_a_tie_in_month_5() -> None:
    # 500 + 100*5 = 1000 = 200*5: a tie counts as paid back
    (result,) = cost_report(costs([CHOSEN, ALT], requests_per_month=400,
                                  horizon_months=12)).break_even
    assert result.verdict == Verdict.PAYS_BACK
    assert (result.month, result.settled_month, result.last_cheaper_month) == (5, 5, 12)
    assert result.crossings == (Crossing(5, True),)
    assert result.tco_difference_usd == (500 + 1200) - 2400
    assert verdict_text(result, 12) == "pays back in month 5 and stays cheaper"
    assert verdict_short(result) == "month 5"
    assert tco_outcome(result, 12) == "saves $700 over 12 months"


def test_crosses_back_when_retrains_outrun_the_savings() -> None:
    # A $700 retrain every 6 months against $100 saved a month: tie in month 5, then
    # month 6: 500 + 600 + 700 = 1800 > 1200, and month 12: 500 + 1200 + 1400 = 3100 > 2400.
    chosen = CHOSEN | {"retrain_every_months": 6, "retrain_usd": 700}
    report = cost_report(costs([chosen, ALT], requests_per_month=400, horizon_months=12))
    (result,) = report.break_even
    assert report.options[0].cumulative_usd[5:8] == (1000, 1800, 1900)
    assert result.verdict == Verdict.CROSSES_BACK
    assert (result.month, result.settled_month, result.last_cheaper_month) == (5, None, 5)
    assert result.crossings == (Crossing(5, True), Crossing(6, False))
    assert result.tco_difference_usd == 3100 - 2400
    assert verdict_text(result, 12) == "cheaper only in month 5, then costs $700 more by month 12"
    assert verdict_short(result) == "no: dearer from month 6"
    assert tco_outcome(result, 12) == "costs $700 more over 12 months"


def test_crosses_back_after_being_cheaper_from_the_start() -> None:
    # No one-time cost; saves $100 a month; one $1,000 retrain in month 4 (every 4 months,
    # horizon 5): C_ch = 100, 200, 300, 1400, 1500; C_alt = 200, 400, 600, 800, 1000.
    chosen = CHOSEN | {"one_time_usd": None, "retrain_every_months": 4, "retrain_usd": 1000}
    (result,) = cost_report(costs([chosen, ALT], requests_per_month=400,
                                  horizon_months=5)).break_even
    assert result.verdict == Verdict.CROSSES_BACK
    assert (result.month, result.last_cheaper_month) == (1, 3)
    assert verdict_text(result, 5) == "cheaper until month 3, then costs $500 more by month 5"


def test_crossing_back_from_a_later_month_names_both_months() -> None:
    # One-time 250: C_ch = 350, 450, 550, 650 + 1000 = ... retrain 1000 every 4 months
    chosen = CHOSEN | {"one_time_usd": 250, "retrain_every_months": 4, "retrain_usd": 1000}
    (result,) = cost_report(costs([chosen, ALT], requests_per_month=400,
                                  horizon_months=5)).break_even
    # C_ch = 350, 450, 550, 1650, 1750; C_alt = 200, 400, 600, 800, 1000
    assert (result.verdict, result.month, result.last_cheaper_month) == (
        Verdict.CROSSES_BACK, 3, 3)
    chosen = CHOSEN | {"one_time_usd": 150, "retrain_every_months": 5, "retrain_usd": 1000}
    (result,) = cost_report(costs([chosen, ALT], requests_per_month=400,
                                  horizon_months=5)).break_even
    # C_ch = 250, 350, 450, 550, 1650; C_alt = 200, 400, 600, 800, 1000
    assert verdict_text(result, 5) == ("cheaper from month 2 until month 4, then costs $650 "
                                       "more by month 5")


def test_dominates_even_with_a_higher_one_time_cost() -> None:
    # $50 up front, $100 saved in month 1: at or below in every month 1..H. Not "break-even
    # month 1", and no crossing for a chart to mark (month 0 is not compared).
    (result,) = cost_report(costs([CHOSEN | {"one_time_usd": 50}, ALT], requests_per_month=400,
                                  horizon_months=24)).break_even
    assert result.verdict == Verdict.DOMINATES
    assert (result.month, result.settled_month) == (1, 1)
    assert result.crossings == ()
    assert result.chosen_one_time_higher is True
    assert verdict_text(result, 24) == "cheaper from the start and stays cheaper"
    assert verdict_short(result) == "from the start"


def test_never_when_the_chosen_costs_more_per_request() -> None:
    dearer = CHOSEN | {"input_tokens": 750000}  # 0.75 a request against 0.5
    (result,) = cost_report(costs([dearer, ALT], requests_per_month=400,
                                  horizon_months=24)).break_even
    assert result.verdict == Verdict.NEVER
    assert (result.month, result.settled_month, result.last_cheaper_month) == (None, None, None)
    assert result.crossings == ()
    assert result.tco_difference_usd == 500 + 24 * 300 - 24 * 200
    assert verdict_text(result, 24) == "never pays back: $2,900 more by month 24"
    assert verdict_short(result) == "never"


def test_double_crossing_pays_back_for_good_at_the_last_crossing() -> None:
    # No one-time cost, saves $100 a month, one $500 retrain in month 3 (every 3, horizon 5):
    # C_ch = 100, 200, 800, 900, 1000; C_alt = 200, 400, 600, 800, 1000 (tie in month 5).
    chosen = CHOSEN | {"one_time_usd": None, "retrain_every_months": 3, "retrain_usd": 500}
    (result,) = cost_report(costs([chosen, ALT], requests_per_month=400,
                                  horizon_months=5)).break_even
    assert result.verdict == Verdict.PAYS_BACK
    assert (result.month, result.settled_month, result.last_cheaper_month) == (1, 5, 5)
    assert result.crossings == (Crossing(3, False), Crossing(5, True))
    assert verdict_text(result, 5) == ("pays back in month 5 and stays cheaper (it first "
                                       "dipped below in month 1)")


def test_a_float_tie_is_a_tie_in_cents() -> None:
    # Chosen: 0.10 up front + 0.01 a month; alternative 0.03 a month. In month 5 both are
    # $0.15, but the float sum is 0.15000000000000002 > 0.15: compared as floats the
    # break-even would come a month late.
    chosen = {"name": "ch", "chosen": True, "one_time_usd": 0.1, "monthly_fixed_usd": 0.01}
    alt = {"name": "alt", "monthly_fixed_usd": 0.03}
    report = cost_report(costs([chosen, alt], horizon_months=6))
    assert report.options[0].cumulative_usd[5] > report.options[1].cumulative_usd[5]
    (result,) = report.break_even
    assert (result.verdict, result.month, result.settled_month) == (Verdict.PAYS_BACK, 5, 5)


def test_a_sub_cent_difference_is_a_tie() -> None:
    chosen = {"name": "ch", "chosen": True, "one_time_usd": 1000.004}
    alt = {"name": "alt", "one_time_usd": 1000}
    (result,) = cost_report(costs([chosen, alt], horizon_months=3)).break_even
    assert result.verdict == Verdict.DOMINATES
    assert result.chosen_one_time_higher is False
    assert cents(1000.004) == cents(1000) == 100000


def test_each_alternative_gets_its_own_verdict_by_position() -> None:
    # Two alternatives with the same name keep separate verdicts (SPEC: names are unique,
    # but a file that breaks that rule must not show one alternative's verdict for another).
    cheap = ALT | {"input_tokens": 125000}  # 0.125 a request: cheaper than the chosen
    report = cost_report(costs([ALT, CHOSEN, cheap], requests_per_month=400,
                               horizon_months=12))
    assert [(b.alternative, b.alternative_index, b.verdict) for b in report.break_even] == [
        ("Few-shot", 0, Verdict.PAYS_BACK), ("Few-shot", 2, Verdict.NEVER)]
    strongest = report.strongest_alternative()
    assert strongest is not None and strongest.alternative_index == 2


# --- break-even volume ----------------------------------------------------------------------


def test_break_even_volume_at_constant_volume() -> None:
    # (A_alt - A_ch) / (H (c_ch - c_alt)) = (0 - 500) / (12 * (0.25 - 0.5)) = 166.67 requests
    (result,) = cost_report(costs([CHOSEN, ALT], requests_per_month=400,
                                  horizon_months=12)).break_even
    assert result.break_even_volume == pytest.approx(500 / (12 * 0.25))
    assert result.chosen_cheaper_above_volume is True
    assert volume_text(result, 400) == ("pays off above 166.7 requests/month; the plan of 400 "
                                        "can fall 58% before the verdict flips")


def test_no_cost_per_success_at_a_zero_success_rate() -> None:
    report = cost_report(costs([CHOSEN | {"quality": 0}, ALT], requests_per_month=400))
    assert report.options[0].cost_per_success_usd() is None
    assert report.options[0].all_in_per_request_usd == pytest.approx(0.25)


def test_break_even_volume_with_growth_and_fixed_costs() -> None:
    # Growth 10%, horizon 3: S = 1 + 1.1 + 1.21 = 3.31. Chosen: $500 once + $20/month fixed;
    # A_ch = 500 + 60 = 560, A_alt = 0. V* = 560 / (3.31 * 0.25) = 676.74...
    chosen = CHOSEN | {"monthly_fixed_usd": 20}
    report = cost_report(costs([chosen, ALT], requests_per_month=400, monthly_growth_pct=10,
                               horizon_months=3))
    (result,) = report.break_even
    assert result.break_even_volume == pytest.approx(560 / (3.31 * 0.25))
    # at that volume the two horizon costs are equal
    at = cost_report(costs([chosen, ALT], requests_per_month=result.break_even_volume,
                           monthly_growth_pct=10, horizon_months=3))
    assert at.options[0].tco_usd == pytest.approx(at.options[1].tco_usd)
    assert volume_text(result, 400) == ("pays off above 676.7 requests/month, 69% more than "
                                        "the plan of 400")


def test_break_even_volume_where_the_chosen_is_dearer_per_request() -> None:
    # Chosen: an API at 0.5 a request, nothing fixed; alternative: self-hosted at $0 a token,
    # $3,000 a month. Over 12 months: V* = 36000 / (12 * 0.5) = 6000 requests a month.
    api = {"name": "API", "kind": "prompt", "chosen": True, "input_tokens": 500000,
           "input_price_per_mtok": 1}
    hosted = {"name": "Hosted", "kind": "fine_tune", "monthly_serving_usd": 3000}
    (result,) = cost_report(costs([api, hosted], requests_per_month=2000,
                                  horizon_months=12)).break_even
    assert result.break_even_volume == pytest.approx(6000)
    assert result.chosen_cheaper_above_volume is False
    assert volume_text(result, 2000) == ("cheaper below 6k requests/month; the plan of 2k can "
                                         "grow 200% before the verdict flips")


@pytest.mark.parametrize(("chosen", "alt"), [
    (CHOSEN | {"input_tokens": 500000}, ALT),  # same per-request cost: no volume equalises
    (CHOSEN | {"one_time_usd": None}, ALT),   # cheaper per request and nothing up front
])
def test_no_break_even_volume(chosen: dict[str, Any], alt: dict[str, Any]) -> None:
    (result,) = cost_report(costs([chosen, alt], requests_per_month=400)).break_even
    assert result.break_even_volume is None
    assert volume_text(result, 400) == ""


# --- sensitivity ----------------------------------------------------------------------------


# The medical case as a reviewer first tried it (issue 9): a self-hosted LoRA adapter on one
# H100 ($2,190 a month) against gpt-4o with 20 examples at the full input price, 300k notes a
# month. Frozen here so the figures the issue quotes stay checkable as the sample evolves.
MEDICAL_COSTS: dict[str, Any] = {
    "horizon_months": 24, "requests_per_month": 300000, "monthly_growth_pct": 0,
    "options": [
        {"name": "LoRA adapter on Llama-3.1-8B, self-hosted", "kind": "fine_tune",
         "chosen": True, "input_tokens": 1500, "output_tokens": 400, "input_price_per_mtok": 0,
         "output_price_per_mtok": 0, "monthly_serving_usd": 2190, "serving_replicas": 1,
         "one_time_usd": 28000, "training": {"gpu_hours": 4, "gpu_hour_usd": 3},
         "retrain_every_months": 6, "retrain_usd": 5000},
        {"name": "gpt-4o with 20 examples", "kind": "few_shot", "input_tokens": 6000,
         "output_tokens": 400, "input_price_per_mtok": 2.5, "output_price_per_mtok": 10,
         "one_time_usd": 2000}],
    "price_source": "OpenAI API pricing page", "price_date": "2026-10-28"}


def medical() -> Costs:
    return Costs.model_validate(MEDICAL_COSTS)


def medical_file(tmp_path: Path) -> Path:
    """The medical sample with the frozen costs above, as a file for the CLI."""
    data = yaml.safe_load((SAMPLES / "medical-ner-lora.yaml").read_text(encoding="utf-8"))
    data["costs"] = MEDICAL_COSTS
    path = tmp_path / "medical.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_medical_sample_break_even_volume_and_headroom() -> None:
    # Chosen: 28,012 once + 2,190 x 24 serving + 4 retrains x 5,000 = 100,572, $0 a request.
    # gpt-4o: 2,000 once, (6000 x 2.5 + 400 x 10) / 1e6 = 0.019 a request.
    # V* = (100,572 - 2,000) / (24 x 0.019) = 216,166.7 a month against 300k planned.
    (result,) = cost_report(medical()).break_even
    assert result.break_even_volume == pytest.approx(98572 / (24 * 0.019))
    assert result.verdict == Verdict.PAYS_BACK and result.settled_month == 9


def test_medical_sample_sensitivity_by_hand() -> None:
    scenarios = {s.key: s for s in sensitivity(medical())}
    assert list(scenarios) == ["volume_down", "volume_up", "api_prices_fall", "extra_replica"]
    (down,) = scenarios["volume_down"].break_even
    # 210k requests: gpt-4o 2,000 + 210,000 x 0.019 x 24 = 97,760 < 100,572. Cheaper only in
    # month 23: 28,012 + 2,190 x 23 + 3 x 5,000 = 93,382 <= 2,000 + 3,990 x 23 = 93,770.
    assert down.verdict == Verdict.CROSSES_BACK
    assert (down.month, down.last_cheaper_month) == (23, 23)
    assert down.tco_difference_usd == pytest.approx(100572 - 97760)
    assert scenario_text(down, 24) == "crosses back, $2,812 more by month 24"
    (up,) = scenarios["volume_up"].break_even
    assert up.verdict == Verdict.PAYS_BACK
    assert up.tco_difference_usd == pytest.approx(100572 - (2000 + 390000 * 0.019 * 24))
    (prices,) = scenarios["api_prices_fall"].break_even
    # gpt-4o's month m costs 5,700 x 0.7^((m-1)/12): a geometric series
    r = (1 - API_PRICE_FALL_PER_YEAR) ** (1 / 12)
    alt_tco = 2000 + 5700 * (1 - r ** 24) / (1 - r)
    assert prices.tco_difference_usd == pytest.approx(100572 - alt_tco)
    (replica,) = scenarios["extra_replica"].break_even
    # a second H100 doubles serving: +2,190 x 24 = 52,560
    assert replica.tco_difference_usd == pytest.approx(100572 + 52560 - 138800)
    assert replica.verdict == Verdict.NEVER


def test_api_price_factors_fall_thirty_percent_a_year() -> None:
    factors = api_price_factors(25)
    assert factors[0] == 1
    assert factors[12] == pytest.approx(0.7)
    assert factors[24] == pytest.approx(0.49)


def test_extra_replica_is_one_more_of_the_given_count() -> None:
    two = costs([{"name": "ft", "chosen": True, "monthly_serving_usd": 1000,
                  "serving_replicas": 2}, {"name": "api", "monthly_fixed_usd": 1400}],
                horizon_months=1)
    (scenario,) = [s for s in sensitivity(two) if s.key == "extra_replica"]
    (result,) = scenario.break_even
    assert result.tco_difference_usd == pytest.approx(1500 - 1400)


def test_no_replica_scenario_without_serving_costs() -> None:
    keys = [s.key for s in sensitivity(costs([CHOSEN, ALT], requests_per_month=400))]
    assert keys == ["volume_down", "volume_up", "api_prices_fall"]


# --- cost terms ---------------------------------------------------------------------------


def test_cached_input_is_billed_at_the_cached_price() -> None:
    # gpt-4o: 6,000 input tokens of which 5,000 are a cached prefix at $1.25 (half price)
    option = CostOption.model_validate(BLANK | {
        "input_tokens": 6000, "cached_input_tokens": 5000, "input_price_per_mtok": 2.5,
        "cached_input_price_per_mtok": 1.25, "output_tokens": 400, "output_price_per_mtok": 10})
    assert per_request_cost(option) == pytest.approx((1000 * 2.5 + 5000 * 1.25 + 400 * 10) / 1e6)
    assert per_request_cost(option) == pytest.approx(0.01275)


def test_fixed_costs_are_itemised_and_summed_once() -> None:
    report = cost_report(costs([{
        "name": "self-hosted", "chosen": True, "monthly_serving_usd": 2190,
        "monthly_people_usd": 1500, "monthly_labelling_usd": 400, "monthly_fixed_usd": 10}],
        requests_per_month=300000, horizon_months=2))
    (option,) = report.options
    assert option.fixed_items == (("serving", 2190), ("people", 1500),
                                  ("monitoring labelling", 400), ("other fixed", 10))
    assert option.monthly_fixed_usd == 4100
    assert option.tco_usd == 8200
    assert option.all_in_per_request_usd == pytest.approx(4100 / 300000)


def test_cost_per_success_divides_the_all_in_cost_by_the_rate() -> None:
    report = cost_report(costs([{"name": "a", "chosen": True, "monthly_serving_usd": 2190,
                                 "quality": 0.86},
                                {"name": "b", "monthly_serving_usd": 2190, "quality": 86},
                                {"name": "c", "monthly_serving_usd": 2190, "quality": 860}],
                               requests_per_month=300000))
    a, b, c = report.options
    assert a.cost_per_success_usd() == pytest.approx(2190 / 300000 / 0.86)
    assert b.cost_per_success_usd() == pytest.approx(2190 / 300000 / 0.86)  # a percentage
    assert c.cost_per_success_usd() is None  # not a rate
    assert a.cost_per_success_usd(higher_is_better=False) is None  # an error rate is not one


def test_self_hosted_all_in_cost_is_not_zero() -> None:
    (chosen, _) = cost_report(medical()).options
    assert chosen.per_request_usd == 0
    assert chosen.all_in_per_request_usd == pytest.approx(2190 / 300000)


# --- memo cost --json --------------------------------------------------------------------


def test_cost_json_follows_the_spec(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", str(medical_file(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (entry,) = data["break_even"]
    assert entry["alternative"] == "gpt-4o with 20 examples"
    assert entry["month"] == 9
    assert entry["verdict"] == "pays_back"
    assert entry["tco_difference_usd"] == pytest.approx(100572 - 138800)
    assert entry["break_even_volume"] == pytest.approx(98572 / (24 * 0.019))
    assert entry["crossings"] == [{"month": 9, "chosen_cheaper": True}]
    assert [s["scenario"] for s in data["sensitivity"]] == [
        "volume_down", "volume_up", "api_prices_fall", "extra_replica"]
    down = data["sensitivity"][0]["break_even"][0]
    assert (down["verdict"], down["month"]) == ("crosses_back", 23)
    chosen = data["options"][0]
    assert chosen["all_in_per_request_usd"] == pytest.approx(2190 / 300000)
    assert chosen["fixed_items"][0] == {"item": "serving", "monthly_usd": 2190}


def test_cost_text_states_verdicts_in_words(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["cost", str(medical_file(tmp_path))])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert ("against gpt-4o with 20 examples: pays back in month 9 and stays cheaper; saves "
            "$38,228 over 24 months.") in text
    assert ("Break-even volume: pays off above 216.2k requests/month; the plan of 300k can "
            "fall 28% before the verdict flips.") in text
    assert ("If volume -30%: crosses back, $2,812 more by month 24 against gpt-4o with 20 "
            "examples.") in text
    assert "break-even month" not in text


def test_cost_text_escapes_rich_markup_in_names(tmp_path: Path) -> None:
    source = (SAMPLES / "medical-ner-lora.yaml").read_text(encoding="utf-8")
    path = tmp_path / "memo.yaml"
    path.write_text(source.replace("name: gpt-4o with 20 examples",
                                   "name: '[bold red]gpt[/] [link=x]'"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["cost", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold red]gpt[/] [link=x]" in " ".join(result.output.split())


def test_growth_sum_is_geometric() -> None:
    report = cost_report(costs([CHOSEN, ALT], requests_per_month=1, monthly_growth_pct=10,
                               horizon_months=3))
    assert math.fsum(report.volumes) == pytest.approx(3.31)


@pytest.mark.parametrize(("quality", "rate"), [
    (0.86, 0.86), (1.0, 1.0), (86, 0.86), (100, 1.0), (0, 0.0), (100.5, None), (-0.1, None),
    (None, None)])
def test_success_rate_reads_rates_and_percentages(quality: float | None,
                                                  rate: float | None) -> None:
    assert success_rate(quality) == rate


def test_no_cost_per_success_at_zero_quality_or_zero_volume() -> None:
    report = cost_report(costs([{"name": "a", "chosen": True, "monthly_serving_usd": 10,
                                 "quality": 0}], requests_per_month=0))
    (option,) = report.options
    assert option.all_in_per_request_usd is None  # no requests to spread the fixed cost over
    assert option.cost_per_success_usd() is None


def test_no_break_even_volume_when_the_fixed_costs_are_equal() -> None:
    # Nothing up front on either side and no fixed costs: the cheaper per request is cheaper
    # at every volume; V* would be 0, which is no volume at all.
    cheaper = CHOSEN | {"one_time_usd": None}
    (result,) = cost_report(costs([cheaper, ALT], requests_per_month=400)).break_even
    assert result.break_even_volume is None and result.chosen_cheaper_above_volume is None


def _memo_cost(path: Path, **env: str) -> str:
    import os
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "memo", "cost", str(path)],
                            capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cost_table_in_a_pipe_is_whole_and_fits_a_narrow_width(tmp_path: Path) -> None:
    path = medical_file(tmp_path)
    # A pipe or CI log: one row per option, every column there, nothing clipped.
    wide = _memo_cost(path)
    header = next(line for line in wide.splitlines() if "Option" in line)
    assert header.rstrip().endswith("Break-even ┃")
    row = next(line for line in wide.splitlines() if "gpt-4o with 20 examples" in line
               and "few_shot" in line)
    assert row.rstrip().endswith("month 9 │")
    # 90 columns cannot hold eleven columns: one column per option, every figure whole.
    narrow = _memo_cost(path, COLUMNS="90")
    assert max(len(line) for line in narrow.splitlines()) <= 90
    lines = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
             for line in narrow.splitlines() if line.startswith("│")}
    assert lines["TCO 24 mo"] == ["$100,572", "$138,800"]  # 2,000 + 0.019 x 300k x 24
    assert lines["Break-even"] == ["-", "month 9"]


def test_one_option_prints_no_empty_sensitivity_lines(tmp_path: Path) -> None:
    data = yaml.safe_load((SAMPLES / "support-bot-rag.yaml").read_text(encoding="utf-8"))
    data["costs"]["options"] = data["costs"]["options"][:1]
    path = tmp_path / "one.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    text = _memo_cost(path)
    assert "If " not in text and ": ." not in text


def test_a_verdict_that_states_its_figure_is_not_followed_by_it_again(tmp_path: Path) -> None:
    text = " ".join(_memo_cost(SAMPLES / "weak-memo.yaml").split())
    assert ("against Current prompt on gpt-4o-mini: never pays back: $3,240 more by month "
            "24.") in text
    assert text.count("$3,240") == 1


def test_a_one_month_horizon_reads_as_one_month(tmp_path: Path) -> None:
    data = yaml.safe_load((SAMPLES / "support-bot-rag.yaml").read_text(encoding="utf-8"))
    data["costs"]["horizon_months"] = 1
    path = tmp_path / "short.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    text = " ".join(_memo_cost(path).split())
    assert text.startswith("Costs over 1 month: 40k requests/month")
    assert "over 1 month." in text and "1 months" not in text
    from memo.answers import load
    from memo.context import build_context
    from memo.render import OutputFormat, render

    markdown = render(build_context(load(path).memo), OutputFormat.MD).decode()
    assert "over 1 month." in markdown and "1 months" not in markdown
