"""The cost model: per-request cost, monthly cost with growth, TCO, verdicts. Pure.

Formulas (money in USD, prices per 1M tokens; docs/guide.md defines every figure):
- per request     c   = ((T_in - T_cached) * P_in + T_cached * P_cached + T_out * P_out) / 1e6
                        + c_extra
- volume, month m V_m = V * (1 + g) ** (m - 1)
- monthly cost        = V_m * c + F  (+ a retrain in months N, 2N, ... up to the horizon)
                        F = other fixed + serving + people + monitoring labelling
- one-time (month 0)  = one_time_usd + training compute (GPU hours x rate, or tokens x epochs x P)
- cumulative     C(m) = one-time + sum of monthly costs for months 1..m; TCO = C(H)

The verdict of the chosen option against an alternative compares C_chosen(m) with C_alt(m) in
whole cents for m = 1..H: `dominates` (at or below every month), `pays_back` (at or below at
the horizon, not every month), `crosses_back` (at or below in some month, above at the
horizon), `never` (above every month). Whole cents, because float sums that differ by 1e-12
decide a tie otherwise, and a month's difference on a tie is a wrong answer to the reader.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from memo.model import CostOption, Costs, FineTuneMethod

# Training FLOPs per parameter per token: 6 for full fine-tuning (Kaplan et al. 2020);
# about 4 for LoRA/QLoRA, which skip weight gradients for the frozen base (an estimate).
FLOPS_PER_PARAM_TOKEN = {FineTuneMethod.FULL: 6.0, FineTuneMethod.LORA: 4.0,
                         FineTuneMethod.QLORA: 4.0}
H100_BF16_PEAK_FLOPS = 989e12

# The sensitivity strip: what practitioners ask after "does it pay back?".
VOLUME_SWING = 0.30
API_PRICE_FALL_PER_YEAR = 0.30


class Verdict(StrEnum):
    DOMINATES = "dominates"
    PAYS_BACK = "pays_back"
    CROSSES_BACK = "crosses_back"
    NEVER = "never"

    @property
    def chosen_cheaper_at_horizon(self) -> bool:
        return self in (Verdict.DOMINATES, Verdict.PAYS_BACK)


def cents(usd: float) -> int:
    """Money compared the way an invoice is: in whole cents."""
    return round(usd * 100)


@dataclass(frozen=True)
class OptionCost:
    name: str
    kind: str
    chosen: bool
    index: int  # position in costs.options: names may repeat, positions do not
    per_request_usd: float  # tokens and per-request extras; fixed costs are not included
    one_time_usd: float
    training_usd: float
    retrain_usd: float
    retrain_every_months: int | None
    monthly_fixed_usd: float
    fixed_items: tuple[tuple[str, float], ...]  # (what, USD per month), non-zero items only
    monthly_usd: tuple[float, ...]  # index 0 is month 1; retrains included
    cumulative_usd: tuple[float, ...]  # index 0 is month 0 (one-time only)
    retrain_months: tuple[int, ...]
    month_one_volume: float
    quality: float | None = None

    @property
    def first_month_usd(self) -> float:
        return self.monthly_usd[0] if self.monthly_usd else 0.0

    @property
    def tco_usd(self) -> float:
        return self.cumulative_usd[-1]

    @property
    def all_in_per_request_usd(self) -> float | None:
        """Month-1 cost per request with the fixed monthly costs spread over the requests:
        what a self-hosted option really costs a request when its tokens are free."""
        if self.month_one_volume <= 0:
            return None
        return self.per_request_usd + self.monthly_fixed_usd / self.month_one_volume

    def cost_per_success_usd(self, higher_is_better: bool = True) -> float | None:
        """All-in cost per request divided by the success rate, where `quality` is a rate."""
        rate = success_rate(self.quality) if higher_is_better else None
        per_request = self.all_in_per_request_usd
        if rate is None or per_request is None or rate <= 0:
            return None
        return per_request / rate


def success_rate(quality: float | None) -> float | None:
    """A score read as a success rate: 0..1 as is, 1..100 as a percentage; else None."""
    if quality is None or quality < 0:
        return None
    if quality <= 1:
        return quality
    if quality <= 100:
        return quality / 100
    return None


@dataclass(frozen=True)
class Crossing:
    """A month where the cumulative lines really cross (the only place a chart marks)."""

    month: int
    chosen_cheaper: bool  # True: the chosen option is at or below from this month on


@dataclass(frozen=True)
class BreakEven:
    """The chosen option against one alternative."""

    alternative: str
    alternative_index: int
    verdict: Verdict
    month: int | None  # first month at or below the alternative; None if never
    settled_month: int | None  # first month from which it stays at or below through H
    last_cheaper_month: int | None  # last month at or below (where it crosses back)
    crossings: tuple[Crossing, ...]
    tco_difference_usd: float  # chosen minus alternative at the horizon (negative: cheaper)
    break_even_volume: float | None  # month-1 requests/month at which horizon costs are equal
    chosen_cheaper_above_volume: bool | None  # which side of that volume favours the chosen
    chosen_one_time_higher: bool


@dataclass(frozen=True)
class CostReport:
    horizon_months: int
    requests_per_month: float
    monthly_growth_pct: float
    volumes: tuple[float, ...]  # requests in months 1..H
    options: tuple[OptionCost, ...]
    break_even: tuple[BreakEven, ...]  # chosen vs each alternative; empty without a chosen one

    @property
    def chosen(self) -> OptionCost | None:
        return next((o for o in self.options if o.chosen), None)

    def strongest_alternative(self) -> BreakEven | None:
        """The alternative the chosen option compares worst against: the lowest horizon cost."""
        if not self.break_even:
            return None
        return max(self.break_even, key=lambda b: (cents(b.tco_difference_usd),
                                                   -b.alternative_index))


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    break_even: tuple[BreakEven, ...]


# --- per request and per month -------------------------------------------------------------


def per_request_cost(option: CostOption, price_factor: float = 1.0) -> float:
    """Per-request cost; ``price_factor`` scales the per-token prices (the API-price scenario)."""
    cached = option.cached_input_tokens or 0.0
    cached_price = option.cached_input_price_per_mtok or 0.0
    tokens = ((option.input_tokens - cached) * option.input_price_per_mtok
              + cached * cached_price
              + option.output_tokens * option.output_price_per_mtok) / 1e6
    return tokens * price_factor + option.extra_per_request_usd


def volumes(requests_per_month: float, growth_pct: float, horizon: int) -> tuple[float, ...]:
    growth = growth_pct / 100.0
    return tuple(requests_per_month * (1.0 + growth) ** (m - 1) for m in range(1, horizon + 1))


def training_cost(option: CostOption) -> float:
    return option.training.cost_usd if option.training else 0.0


def fixed_items(option: CostOption, extra_replica: bool = False) -> tuple[tuple[str, float], ...]:
    serving = option.monthly_serving_usd
    if extra_replica and serving:
        replicas = option.serving_replicas or 1
        serving = serving * (replicas + 1) / replicas
    items = (("serving", serving), ("people", option.monthly_people_usd),
             ("monitoring labelling", option.monthly_labelling_usd),
             ("other fixed", option.monthly_fixed_usd))
    return tuple((what, amount) for what, amount in items if amount)


def option_cost(option: CostOption, monthly_volumes: tuple[float, ...], *, index: int = 0,
                price_factors: Sequence[float] | None = None,
                extra_replica: bool = False) -> OptionCost:
    """One option's costs month by month. ``price_factors[m-1]`` scales per-token prices in
    month m; ``extra_replica`` adds one serving replica (both for the sensitivity strip)."""
    training = training_cost(option)
    one_time = (option.one_time_usd or 0.0) + training
    # A retrain re-runs training unless the memo prices it separately (MEMO-COST-011 warns).
    retrain = option.retrain_usd if option.retrain_usd is not None else training
    every = option.retrain_every_months
    horizon = len(monthly_volumes)
    retrain_months = tuple(range(every, horizon + 1, every)) if every else ()
    items = fixed_items(option, extra_replica)
    fixed = sum(amount for _, amount in items)
    monthly = []
    cumulative = [one_time]
    for month, volume in enumerate(monthly_volumes, start=1):
        factor = price_factors[month - 1] if price_factors else 1.0
        cost = volume * per_request_cost(option, factor) + fixed
        if month in retrain_months:
            cost += retrain
        monthly.append(cost)
        cumulative.append(cumulative[-1] + cost)
    return OptionCost(
        name=option.name, kind=option.kind.value, chosen=option.chosen, index=index,
        per_request_usd=per_request_cost(option), one_time_usd=one_time, training_usd=training,
        retrain_usd=retrain if every else 0.0, retrain_every_months=every,
        monthly_fixed_usd=fixed, fixed_items=items,
        monthly_usd=tuple(monthly), cumulative_usd=tuple(cumulative),
        retrain_months=retrain_months,
        month_one_volume=monthly_volumes[0] if monthly_volumes else 0.0,
        quality=option.quality,
    )


# --- verdicts ------------------------------------------------------------------------------


def break_even_month(chosen: OptionCost, alternative: OptionCost) -> int | None:
    """The first month (1..H) the chosen option's cumulative cost is at or below the
    alternative's, in whole cents; None if it never is."""
    for month in range(1, len(chosen.cumulative_usd)):
        if cents(chosen.cumulative_usd[month]) <= cents(alternative.cumulative_usd[month]):
            return month
    return None


def at_or_below_by_month(chosen: Sequence[float], alternative: Sequence[float]) -> list[bool]:
    """For months 1..H: is the chosen cumulative cost at or below the alternative's, in cents?"""
    return [cents(chosen[m]) <= cents(alternative[m])
            for m in range(1, min(len(chosen), len(alternative)))]


def verdict_of(at_or_below: Sequence[bool]) -> Verdict:
    """SPEC's four verdicts from the month-by-month comparison."""
    if at_or_below and all(at_or_below):
        return Verdict.DOMINATES
    if at_or_below and at_or_below[-1]:
        return Verdict.PAYS_BACK
    if any(at_or_below):
        return Verdict.CROSSES_BACK
    return Verdict.NEVER


def crossings_of(at_or_below: Sequence[bool]) -> tuple[Crossing, ...]:
    """Months where the comparison flips: the lines really cross there. Month 1 is never one,
    since month 0 (one-time costs alone) is not compared: an option cheaper from month 1 on
    is cheaper from the start."""
    return tuple(Crossing(m, at_or_below[m - 1]) for m in range(2, len(at_or_below) + 1)
                 if at_or_below[m - 1] != at_or_below[m - 2])


def compare(chosen: OptionCost, alternative: OptionCost,
            break_even_volume: float | None = None,
            cheaper_above: bool | None = None) -> BreakEven:
    at_or_below = at_or_below_by_month(chosen.cumulative_usd, alternative.cumulative_usd)
    horizon = len(at_or_below)
    cheaper_months = [m for m, ok in enumerate(at_or_below, start=1) if ok]
    verdict = verdict_of(at_or_below)
    settled = None
    if verdict.chosen_cheaper_at_horizon:
        settled = horizon
        while settled > 1 and at_or_below[settled - 2]:
            settled -= 1
    return BreakEven(
        alternative=alternative.name,
        alternative_index=alternative.index,
        verdict=verdict,
        month=cheaper_months[0] if cheaper_months else None,
        settled_month=settled,
        last_cheaper_month=cheaper_months[-1] if cheaper_months else None,
        crossings=crossings_of(at_or_below),
        tco_difference_usd=chosen.tco_usd - alternative.tco_usd,
        break_even_volume=break_even_volume,
        chosen_cheaper_above_volume=cheaper_above,
        chosen_one_time_higher=cents(chosen.one_time_usd) > cents(alternative.one_time_usd),
    )


def break_even_volume(chosen: OptionCost, alternative: OptionCost,
                      monthly_volumes: tuple[float, ...],
                      growth_factors: tuple[float, ...]) -> tuple[float | None, bool | None]:
    """The month-1 volume (same growth) at which the two horizon costs are equal.

    TCO is linear in volume: TCO(V) = A + V * S * c, with S the sum of the growth factors and
    A everything that does not scale with requests. So V* = (A_alt - A_ch) / (S (c_ch - c_alt)).
    Returns (V*, True if the chosen option is the cheaper one above V*); (None, None) where no
    positive volume makes the two equal.
    """
    d_per_request = chosen.per_request_usd - alternative.per_request_usd
    if math.isclose(chosen.per_request_usd, alternative.per_request_usd,
                    rel_tol=1e-12, abs_tol=1e-15):
        return None, None
    served = sum(monthly_volumes)
    fixed_chosen = chosen.tco_usd - served * chosen.per_request_usd
    fixed_alt = alternative.tco_usd - served * alternative.per_request_usd
    volume = (fixed_alt - fixed_chosen) / (sum(growth_factors) * d_per_request)
    if volume <= 0:
        return None, None
    return volume, d_per_request < 0


def _compare_all(options: tuple[OptionCost, ...], monthly_volumes: tuple[float, ...],
                 growth_factors: tuple[float, ...] | None) -> tuple[BreakEven, ...]:
    """The chosen option against each alternative; break-even volumes when growth is given."""
    chosen = next((o for o in options if o.chosen), None)
    if chosen is None:
        return ()
    results = []
    for alt in options:
        if alt is chosen:
            continue
        volume, above = (break_even_volume(chosen, alt, monthly_volumes, growth_factors)
                         if growth_factors else (None, None))
        results.append(compare(chosen, alt, volume, above))
    return tuple(results)


def cost_report(costs: Costs) -> CostReport:
    monthly_volumes = volumes(costs.requests_per_month, costs.monthly_growth_pct,
                              costs.horizon_months)
    options = tuple(option_cost(o, monthly_volumes, index=i)
                    for i, o in enumerate(costs.options))
    return CostReport(
        horizon_months=costs.horizon_months,
        requests_per_month=costs.requests_per_month,
        monthly_growth_pct=costs.monthly_growth_pct,
        volumes=monthly_volumes,
        options=options,
        break_even=_compare_all(options, monthly_volumes,
                                volumes(1.0, costs.monthly_growth_pct, costs.horizon_months)),
    )


# --- sensitivity -------------------------------------------------------------------------


def api_price_factors(horizon: int, fall_per_year: float = API_PRICE_FALL_PER_YEAR
                      ) -> tuple[float, ...]:
    """Per-token prices falling ``fall_per_year`` a year, smoothly month by month."""
    return tuple((1.0 - fall_per_year) ** ((m - 1) / 12) for m in range(1, horizon + 1))


def _scenario(costs: Costs, key: str, label: str, *, volume_factor: float = 1.0,
              price_factors: Sequence[float] | None = None,
              extra_replica: bool = False) -> Scenario:
    monthly_volumes = volumes(costs.requests_per_month * volume_factor,
                              costs.monthly_growth_pct, costs.horizon_months)
    options = tuple(option_cost(o, monthly_volumes, index=i, price_factors=price_factors,
                                extra_replica=extra_replica)
                    for i, o in enumerate(costs.options))
    return Scenario(key, label, _compare_all(options, monthly_volumes, None))


def sensitivity(costs: Costs) -> tuple[Scenario, ...]:
    """The verdicts under the questions a director asks: volume 30% lower or higher, API
    prices falling 30% a year, and one more serving replica where an option pays for serving.
    """
    swing = round(VOLUME_SWING * 100)
    scenarios = [
        _scenario(costs, "volume_down", f"volume -{swing}%", volume_factor=1 - VOLUME_SWING),
        _scenario(costs, "volume_up", f"volume +{swing}%", volume_factor=1 + VOLUME_SWING),
        _scenario(costs, "api_prices_fall",
                  f"API prices -{round(API_PRICE_FALL_PER_YEAR * 100)}%/yr",
                  price_factors=api_price_factors(costs.horizon_months)),
    ]
    if any(o.monthly_serving_usd for o in costs.options):
        scenarios.append(_scenario(costs, "extra_replica", "one more serving replica",
                                   extra_replica=True))
    return tuple(scenarios)


def constant_volume_break_even(d_one_time: float, requests: float, d_per_request: float,
                               d_fixed: float) -> float | None:
    """Closed form at constant volume: m* = dOneTime / (V * dc - dF), when V * dc > dF.

    ``d_*`` are the chosen option's savings against the alternative (alternative minus chosen
    for running costs, chosen minus alternative for the one-time cost).
    """
    saving = requests * d_per_request - d_fixed
    if saving <= 0:
        return None
    return d_one_time / saving


def estimate_gpu_hours(parameters: float, training_tokens: float, method: FineTuneMethod,
                       mfu: float = 0.35, peak_flops: float = H100_BF16_PEAK_FLOPS) -> float:
    """GPU hours for self-hosted training: k * N * D / (peak * MFU * 3600)."""
    if not 0 < mfu <= 1:
        raise ValueError("mfu must be in (0, 1]")
    if method not in FLOPS_PER_PARAM_TOKEN:
        raise ValueError(f"no FLOP estimate for {method.value} fine-tuning")
    k = FLOPS_PER_PARAM_TOKEN[method]
    return k * parameters * training_tokens / (peak_flops * mfu * 3600.0)
