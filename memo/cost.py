"""The cost model: per-request cost, monthly cost with growth, TCO and break-even. Pure.

Formulas (money in USD, prices per 1M tokens; see docs/guide.md):
- per request     c   = (T_in * P_in + T_out * P_out) / 1e6 + c_extra
- volume, month m V_m = V * (1 + g) ** (m - 1)
- monthly cost        = V_m * c + F   (+ a retrain in months that are multiples of R)
- one-time (month 0)  = one_time_usd + training cost (GPU hours x rate, or tokens x epochs x P)
- cumulative     C(m) = one-time + sum of monthly costs for months 1..m; TCO = C(H)
- break-even of the chosen option against an alternative: the first month m in 1..H with
  C_chosen(m) <= C_alt(m); None ("never within H months") otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from memo.model import CostOption, Costs, FineTuneMethod

# Training FLOPs per parameter per token: 6 for full fine-tuning (Kaplan et al. 2020);
# about 4 for LoRA/QLoRA, which skip weight gradients for the frozen base (an estimate).
FLOPS_PER_PARAM_TOKEN = {FineTuneMethod.FULL: 6.0, FineTuneMethod.LORA: 4.0,
                         FineTuneMethod.QLORA: 4.0}
H100_BF16_PEAK_FLOPS = 989e12


@dataclass(frozen=True)
class OptionCost:
    name: str
    kind: str
    chosen: bool
    per_request_usd: float
    one_time_usd: float
    training_usd: float
    retrain_usd: float
    retrain_every_months: int | None
    monthly_usd: tuple[float, ...]  # index 0 is month 1; retrains included
    cumulative_usd: tuple[float, ...]  # index 0 is month 0 (one-time only)
    retrain_months: tuple[int, ...]

    @property
    def first_month_usd(self) -> float:
        return self.monthly_usd[0] if self.monthly_usd else 0.0

    @property
    def tco_usd(self) -> float:
        return self.cumulative_usd[-1]


@dataclass(frozen=True)
class BreakEven:
    alternative: str
    month: int | None  # None: never within the horizon
    tco_difference_usd: float  # chosen TCO minus alternative TCO (negative: chosen is cheaper)
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


def per_request_cost(option: CostOption) -> float:
    return (
        option.input_tokens * option.input_price_per_mtok
        + option.output_tokens * option.output_price_per_mtok
    ) / 1e6 + option.extra_per_request_usd


def volumes(requests_per_month: float, growth_pct: float, horizon: int) -> tuple[float, ...]:
    growth = growth_pct / 100.0
    return tuple(requests_per_month * (1.0 + growth) ** (m - 1) for m in range(1, horizon + 1))


def training_cost(option: CostOption) -> float:
    return option.training.cost_usd if option.training else 0.0


def option_cost(option: CostOption, monthly_volumes: tuple[float, ...]) -> OptionCost:
    per_request = per_request_cost(option)
    training = training_cost(option)
    one_time = (option.one_time_usd or 0.0) + training
    # A retrain re-runs training unless the memo prices it separately.
    retrain = option.retrain_usd if option.retrain_usd is not None else training
    every = option.retrain_every_months
    horizon = len(monthly_volumes)
    retrain_months = tuple(range(every, horizon + 1, every)) if every else ()
    monthly = []
    cumulative = [one_time]
    for month, volume in enumerate(monthly_volumes, start=1):
        cost = volume * per_request + option.monthly_fixed_usd
        if month in retrain_months:
            cost += retrain
        monthly.append(cost)
        cumulative.append(cumulative[-1] + cost)
    return OptionCost(
        name=option.name, kind=option.kind.value, chosen=option.chosen,
        per_request_usd=per_request, one_time_usd=one_time, training_usd=training,
        retrain_usd=retrain if every else 0.0, retrain_every_months=every,
        monthly_usd=tuple(monthly), cumulative_usd=tuple(cumulative),
        retrain_months=retrain_months,
    )


def break_even_month(chosen: OptionCost, alternative: OptionCost) -> int | None:
    for month in range(1, len(chosen.cumulative_usd)):
        if chosen.cumulative_usd[month] <= alternative.cumulative_usd[month]:
            return month
    return None


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


def cost_report(costs: Costs) -> CostReport:
    monthly_volumes = volumes(costs.requests_per_month, costs.monthly_growth_pct,
                              costs.horizon_months)
    options = tuple(option_cost(o, monthly_volumes) for o in costs.options)
    chosen = next((o for o in options if o.chosen), None)
    results: list[BreakEven] = []
    if chosen is not None:
        for alt in options:
            if alt is chosen:
                continue
            results.append(BreakEven(
                alternative=alt.name,
                month=break_even_month(chosen, alt),
                tco_difference_usd=chosen.tco_usd - alt.tco_usd,
                chosen_one_time_higher=chosen.one_time_usd > alt.one_time_usd,
            ))
    return CostReport(
        horizon_months=costs.horizon_months,
        requests_per_month=costs.requests_per_month,
        monthly_growth_pct=costs.monthly_growth_pct,
        volumes=monthly_volumes,
        options=options,
        break_even=tuple(results),
    )


def estimate_gpu_hours(parameters: float, training_tokens: float, method: FineTuneMethod,
                       mfu: float = 0.35, peak_flops: float = H100_BF16_PEAK_FLOPS) -> float:
    """GPU hours for self-hosted training: k * N * D / (peak * MFU * 3600)."""
    if not 0 < mfu <= 1:
        raise ValueError("mfu must be in (0, 1]")
    k = FLOPS_PER_PARAM_TOKEN[method]
    return k * parameters * training_tokens / (peak_flops * mfu * 3600.0)
