"""The cost model against hand arithmetic (DOMAIN.md, "Cost model").

Expected values are written as the arithmetic a reviewer would do by hand; where a tie decides
a break-even month, the figures are exact in binary floating point (0.25, 0.5, 100, ...).
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from memo.cost import (
    H100_BF16_PEAK_FLOPS,
    break_even_month,
    constant_volume_break_even,
    cost_report,
    estimate_gpu_hours,
    option_cost,
    per_request_cost,
    training_cost,
    volumes,
)
from memo.model import CostOption, Costs, FineTuneMethod


def option(**fields: Any) -> CostOption:
    base: dict[str, Any] = {"name": "option", "kind": "prompt", "input_tokens": 0,
                            "output_tokens": 0, "input_price_per_mtok": 0,
                            "output_price_per_mtok": 0}
    return CostOption.model_validate(base | fields)


def costs(options: list[dict[str, Any]], **fields: Any) -> Costs:
    rows = []
    for row in options:
        full: dict[str, Any] = {"name": "option", "kind": "prompt", "input_tokens": 0,
                                "output_tokens": 0, "input_price_per_mtok": 0,
                                "output_price_per_mtok": 0}
        rows.append(full | row)
    return Costs.model_validate({"options": rows} | fields)


# --- per request -------------------------------------------------------------------------


def test_per_request_cost() -> None:
    opt = option(input_tokens=600, output_tokens=300, input_price_per_mtok=3.75,
                 output_price_per_mtok=15)
    assert per_request_cost(opt) == pytest.approx((600 * 3.75 + 300 * 15) / 1e6)
    assert per_request_cost(opt) == pytest.approx(0.00675)


def test_per_request_cost_adds_the_extra() -> None:
    opt = option(input_tokens=2500, output_tokens=250, input_price_per_mtok=0.15,
                 output_price_per_mtok=0.6, extra_per_request_usd=0.0001)
    assert per_request_cost(opt) == pytest.approx((2500 * 0.15 + 250 * 0.6) / 1e6 + 0.0001)
    assert per_request_cost(opt) == pytest.approx(0.000625)


def test_per_request_cost_of_gpt_4o_mini_few_shot() -> None:
    # DOMAIN.md prices: gpt-4o-mini base $0.15 / $0.60 per 1M tokens
    opt = option(input_tokens=4000, output_tokens=500, input_price_per_mtok=0.15,
                 output_price_per_mtok=0.60)
    assert per_request_cost(opt) == pytest.approx(0.0006 + 0.0003)


# --- volume -----------------------------------------------------------------------------


def test_constant_volume() -> None:
    assert volumes(1000, 0, 3) == (1000, 1000, 1000)


def test_growth_volumes() -> None:
    got = volumes(1000, 10, 4)
    assert got == pytest.approx((1000, 1000 * 1.1, 1000 * 1.1 ** 2, 1000 * 1.1 ** 3))
    assert got[2] == pytest.approx(1210)


def test_shrinking_volumes() -> None:
    assert volumes(1000, -50, 3) == pytest.approx((1000, 500, 250))


def test_report_volumes_and_monthly_cost_with_growth() -> None:
    report = cost_report(costs(
        [{"name": "p", "input_tokens": 10000, "input_price_per_mtok": 1,  # c = 0.01
          "monthly_fixed_usd": 5}],
        requests_per_month=1000, monthly_growth_pct=10, horizon_months=3))
    assert report.volumes == pytest.approx((1000, 1100, 1210))
    only = report.options[0]
    assert only.per_request_usd == pytest.approx(0.01)
    assert only.monthly_usd == pytest.approx((1000 * 0.01 + 5, 1000 * 1.1 * 0.01 + 5,
                                              1000 * 1.1 ** 2 * 0.01 + 5))
    assert only.monthly_usd[2] == pytest.approx(17.1)
    assert only.first_month_usd == pytest.approx(15)
    assert only.cumulative_usd == pytest.approx((0, 15, 15 + 16, 15 + 16 + 17.1))
    assert only.tco_usd == pytest.approx(48.1)


# --- one-time and training --------------------------------------------------------------


def test_training_from_gpu_hours() -> None:
    opt = option(kind="fine_tune", training={"gpu_hours": 40, "gpu_hour_usd": 3.5})
    assert training_cost(opt) == pytest.approx(40 * 3.5)


def test_training_from_hosted_tokens() -> None:
    opt = option(kind="fine_tune",
                 training={"tokens": 2_000_000, "epochs": 3, "price_per_mtok": 25})
    assert training_cost(opt) == pytest.approx(2_000_000 * 3 * 25 / 1e6)
    assert training_cost(opt) == pytest.approx(150)


def test_no_training() -> None:
    assert training_cost(option()) == 0


def test_one_time_is_one_time_usd_plus_training() -> None:
    opt = option(kind="fine_tune", one_time_usd=1000,
                 training={"gpu_hours": 40, "gpu_hour_usd": 3.5})
    result = option_cost(opt, (0.0, 0.0))
    assert result.training_usd == pytest.approx(140)
    assert result.one_time_usd == pytest.approx(1000 + 40 * 3.5)
    assert result.cumulative_usd == pytest.approx((1140, 1140, 1140))


def test_one_time_usd_alone() -> None:
    result = option_cost(option(kind="fine_tune", one_time_usd=8000), (0.0,))
    assert result.one_time_usd == 8000
    assert result.training_usd == 0


# --- retraining ---------------------------------------------------------------------------


def test_retrain_months_and_default_cost_is_the_training_cost() -> None:
    opt = option(kind="fine_tune", one_time_usd=8000, retrain_every_months=6,
                 training={"tokens": 2_000_000, "epochs": 3, "price_per_mtok": 25})
    result = option_cost(opt, tuple([0.0] * 24))
    assert result.retrain_months == (6, 12, 18, 24)
    assert result.retrain_usd == pytest.approx(150)
    assert result.retrain_every_months == 6
    # no requests: the months are zero except the retrains
    assert result.monthly_usd[5] == pytest.approx(150)
    assert result.monthly_usd[4] == 0
    assert result.tco_usd == pytest.approx(8000 + 150 + 4 * 150)


def test_retrain_usd_overrides_the_training_cost() -> None:
    opt = option(kind="fine_tune", retrain_every_months=5, retrain_usd=400,
                 training={"gpu_hours": 10, "gpu_hour_usd": 2})
    result = option_cost(opt, tuple([0.0] * 12))
    assert result.retrain_months == (5, 10)
    assert result.retrain_usd == 400
    assert result.tco_usd == pytest.approx(10 * 2 + 2 * 400)


def test_retrain_on_top_of_the_monthly_cost() -> None:
    report = cost_report(costs(
        [{"name": "ft", "kind": "fine_tune", "chosen": True, "input_tokens": 1000,
          "input_price_per_mtok": 2,  # c = 0.002
          "monthly_fixed_usd": 10, "training": {"gpu_hours": 20, "gpu_hour_usd": 2.5},
          "retrain_every_months": 2}],
        requests_per_month=5000, horizon_months=3))
    ft = report.options[0]
    assert ft.monthly_usd == pytest.approx((5000 * 0.002 + 10,
                                            5000 * 0.002 + 10 + 20 * 2.5,
                                            5000 * 0.002 + 10))
    assert ft.cumulative_usd == pytest.approx((50, 50 + 20, 50 + 20 + 70, 50 + 20 + 70 + 20))
    assert ft.tco_usd == pytest.approx(160)


def test_no_retrain_within_the_horizon() -> None:
    opt = option(kind="fine_tune", retrain_every_months=12, retrain_usd=500, one_time_usd=1)
    result = option_cost(opt, tuple([0.0] * 11))
    assert result.retrain_months == ()
    assert result.tco_usd == 1


def test_retrain_usd_without_a_cadence_is_never_spent() -> None:
    opt = option(kind="fine_tune", retrain_usd=500, one_time_usd=1)
    result = option_cost(opt, tuple([0.0] * 24))
    assert result.retrain_months == ()
    assert result.retrain_usd == 0
    assert result.tco_usd == 1


# --- cumulative, TCO, break-even ----------------------------------------------------------

# Chosen: c = 250000 * 1 / 1e6 = 0.25, one-time 500. Alternative: c = 0.5, nothing up front.
# At 400 requests a month: chosen 100 a month, alternative 200 a month, saving 100 a month.
# C_B(m) = 500 + 100 m, C_A(m) = 200 m: equal at m = 5 (ties count: C_B <= C_A).
CHOSEN = {"name": "LoRA", "kind": "fine_tune", "chosen": True, "input_tokens": 250000,
          "input_price_per_mtok": 1, "one_time_usd": 500}
ALTERNATIVE = {"name": "Few-shot", "kind": "few_shot", "input_tokens": 500000,
               "input_price_per_mtok": 1}


def test_cumulative_and_tco() -> None:
    report = cost_report(costs([CHOSEN, ALTERNATIVE], requests_per_month=400,
                               horizon_months=6))
    chosen, alternative = report.options
    assert chosen.cumulative_usd == (500, 600, 700, 800, 900, 1000, 1100)
    assert alternative.cumulative_usd == (0, 200, 400, 600, 800, 1000, 1200)
    assert chosen.tco_usd == 500 + 6 * 100
    assert alternative.tco_usd == 6 * 200
    assert report.chosen is chosen


def test_break_even_on_a_tie() -> None:
    report = cost_report(costs([CHOSEN, ALTERNATIVE], requests_per_month=400,
                               horizon_months=24))
    (result,) = report.break_even
    assert result.alternative == "Few-shot"
    assert result.month == 5
    assert result.tco_difference_usd == (500 + 24 * 100) - 24 * 200
    assert result.chosen_one_time_higher is True
    chosen, alternative = report.options
    assert break_even_month(chosen, alternative) == 5


def test_break_even_never_within_the_horizon() -> None:
    report = cost_report(costs([CHOSEN, ALTERNATIVE], requests_per_month=400,
                               horizon_months=4))
    (result,) = report.break_even
    assert result.month is None
    assert result.tco_difference_usd == (500 + 4 * 100) - 4 * 200


def test_break_even_never_when_the_chosen_costs_more_per_request() -> None:
    dearer = CHOSEN | {"input_tokens": 750000}  # 0.75 a request against 0.5
    report = cost_report(costs([dearer, ALTERNATIVE], requests_per_month=400,
                               horizon_months=120))
    assert report.break_even[0].month is None
    assert report.break_even[0].tco_difference_usd == 500 + 120 * 300 - 120 * 200


def test_break_even_in_month_one() -> None:
    cheap = CHOSEN | {"one_time_usd": 50}  # saving 100 in month 1 pays back 50
    report = cost_report(costs([cheap, ALTERNATIVE], requests_per_month=400))
    assert report.break_even[0].month == 1
    assert report.horizon_months == 24


def test_break_even_in_month_one_without_a_one_time_cost() -> None:
    free = CHOSEN | {"one_time_usd": None}
    report = cost_report(costs([free, ALTERNATIVE], requests_per_month=400))
    assert report.break_even[0].month == 1
    assert report.break_even[0].chosen_one_time_higher is False


def test_break_even_against_each_alternative() -> None:
    prompt = {"name": "Prompt", "kind": "prompt", "input_tokens": 125000,
              "input_price_per_mtok": 1}  # 0.125 a request: cheaper than the chosen
    report = cost_report(costs([ALTERNATIVE, CHOSEN, prompt], requests_per_month=400,
                               horizon_months=12))
    assert [(b.alternative, b.month) for b in report.break_even] == [("Few-shot", 5),
                                                                     ("Prompt", None)]
    assert report.break_even[1].tco_difference_usd == (500 + 12 * 100) - 12 * 50


def test_no_chosen_option_means_no_break_even() -> None:
    unchosen = CHOSEN | {"chosen": False}
    report = cost_report(costs([unchosen, ALTERNATIVE], requests_per_month=400))
    assert report.break_even == ()
    assert report.chosen is None
    assert len(report.options) == 2


def test_break_even_with_growth() -> None:
    # Volume doubles each month: 100, 200, 400, 800 requests. Saving 0.25 a request:
    # 25, 50, 100, 200 a month; cumulative saving 25, 75, 175, 375 against 300 up front.
    report = cost_report(costs([CHOSEN | {"one_time_usd": 300}, ALTERNATIVE],
                               requests_per_month=100, monthly_growth_pct=100,
                               horizon_months=4))
    chosen, alternative = report.options
    assert chosen.cumulative_usd == (300, 325, 375, 475, 675)
    assert alternative.cumulative_usd == (0, 50, 150, 350, 750)
    assert report.break_even[0].month == 4


@pytest.mark.parametrize(("one_time", "chosen_fixed", "expected_m_star", "expected_month"), [
    (1000, 0, 1000 / (100000 * 0.002 - 0), 5),    # 5.0: a tie in month 5
    (1100, 0, 1100 / (100000 * 0.002 - 0), 6),    # 5.5: paid back during month 6
    (1000, 50, 1000 / (100000 * 0.002 - 50), 7),  # 6.67
    (150, 0, 150 / (100000 * 0.002 - 0), 1),      # 0.75
])
def test_constant_volume_closed_form_agrees_with_month_by_month(
        one_time: float, chosen_fixed: float, expected_m_star: float,
        expected_month: int) -> None:
    # chosen c = 1000 * 1 / 1e6 = 0.001; alternative c = 3000 * 1 / 1e6 = 0.003
    chosen = {"name": "ft", "kind": "fine_tune", "chosen": True, "input_tokens": 1000,
              "input_price_per_mtok": 1, "one_time_usd": one_time,
              "monthly_fixed_usd": chosen_fixed}
    alternative = {"name": "fs", "kind": "few_shot", "input_tokens": 3000,
                   "input_price_per_mtok": 1}
    report = cost_report(costs([chosen, alternative], requests_per_month=100000))
    m_star = constant_volume_break_even(one_time, 100000, 0.003 - 0.001, chosen_fixed)
    assert m_star == pytest.approx(expected_m_star)
    assert math.ceil(expected_m_star - 1e-9) == expected_month
    assert report.break_even[0].month == expected_month


def test_constant_volume_closed_form_invalid_when_savings_do_not_cover_fixed_costs() -> None:
    # V * dc = 100000 * 0.002 = 200 <= dF = 200: never
    assert constant_volume_break_even(1000, 100000, 0.002, 200) is None
    assert constant_volume_break_even(1000, 100000, -0.001, 0) is None
    chosen = {"name": "ft", "kind": "fine_tune", "chosen": True, "input_tokens": 1000,
              "input_price_per_mtok": 1, "one_time_usd": 1000, "monthly_fixed_usd": 200}
    alternative = {"name": "fs", "kind": "few_shot", "input_tokens": 3000,
                   "input_price_per_mtok": 1}
    report = cost_report(costs([chosen, alternative], requests_per_month=100000,
                               horizon_months=120))
    assert report.break_even[0].month is None


def test_report_echoes_its_inputs() -> None:
    report = cost_report(costs([ALTERNATIVE], requests_per_month=400, monthly_growth_pct=2.5,
                               horizon_months=18))
    assert report.horizon_months == 18
    assert report.requests_per_month == 400
    assert report.monthly_growth_pct == 2.5
    assert len(report.volumes) == 18
    assert len(report.options[0].monthly_usd) == 18
    assert len(report.options[0].cumulative_usd) == 19
    assert report.options[0].name == "Few-shot"
    assert report.options[0].kind == "few_shot"
    assert report.options[0].chosen is False


# --- self-hosted training estimate ----------------------------------------------------------


def test_gpu_hours_full_fine_tune() -> None:
    # 7B parameters, 1B training tokens, 35% MFU on an H100 (989 TFLOP/s dense BF16)
    hours = estimate_gpu_hours(7e9, 1e9, FineTuneMethod.FULL)
    assert hours == pytest.approx(6 * 7e9 * 1e9 / (989e12 * 0.35 * 3600))
    assert hours == pytest.approx(33.704, rel=1e-4)  # about 34 H100-hours


def test_gpu_hours_lora_and_qlora_use_four() -> None:
    lora = estimate_gpu_hours(7e9, 1e9, FineTuneMethod.LORA)
    assert lora == pytest.approx(4 * 7e9 * 1e9 / (989e12 * 0.35 * 3600))
    assert estimate_gpu_hours(7e9, 1e9, FineTuneMethod.QLORA) == pytest.approx(lora)
    assert lora / estimate_gpu_hours(7e9, 1e9, FineTuneMethod.FULL) == pytest.approx(4 / 6)


def test_gpu_hours_with_mfu_and_peak() -> None:
    hours = estimate_gpu_hours(1e9, 3.6e9, FineTuneMethod.FULL, mfu=0.5, peak_flops=1e15)
    assert hours == pytest.approx(6 * 1e9 * 3.6e9 / (1e15 * 0.5 * 3600))
    assert hours == pytest.approx(12)
    assert H100_BF16_PEAK_FLOPS == 989e12


@pytest.mark.parametrize("mfu", [0, -0.1, 1.01])
def test_gpu_hours_refuses_an_impossible_mfu(mfu: float) -> None:
    with pytest.raises(ValueError, match=r"mfu must be in \(0, 1\]"):
        estimate_gpu_hours(7e9, 1e9, FineTuneMethod.LORA, mfu=mfu)


def test_gpu_hours_at_full_mfu() -> None:
    assert estimate_gpu_hours(1e9, 3.6e9, FineTuneMethod.LORA, mfu=1, peak_flops=1e15) == (
        pytest.approx(4 * 1e9 * 3.6e9 / (1e15 * 3600)))
