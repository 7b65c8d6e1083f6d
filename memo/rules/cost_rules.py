"""MEMO-COST: the numbers are run, sourced and dated."""

from __future__ import annotations

from collections.abc import Iterator

from memo.cost import BreakEven, cents
from memo.format import months, usd, verdict_text
from memo.model import FixKind, Gap, Memo, RetrainTrigger
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank
from memo.triage import meets


@rule("MEMO-COST-001", Severity.ERROR, "The memo runs the cost numbers", field="costs",
      hint="Add `costs:` with requests_per_month and an `options` entry per option compared.")
def costs_present(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: the `costs` block is present with at least one option and a
    non-zero `requests_per_month`.

    Why it matters: inference cost times volume against one-time training cost decides
    many of these choices, and few teams do the arithmetic.

    How to fix: enter the per-request token counts and prices of each option and the
    monthly volume; memo computes the rest.
    """
    if memo.costs is None:
        yield Issue("there is no costs block")
        return
    if not memo.costs.options:
        yield Issue("no cost options are given", "costs.options")
    if memo.costs.requests_per_month <= 0:
        yield Issue("requests_per_month is missing or zero", "costs.requests_per_month")


@rule("MEMO-COST-002", Severity.ERROR, "Exactly one cost option is chosen and it is the fix",
      field="costs.options",
      hint="Mark the option you propose with `chosen: true`; its kind must equal `fix.kind`.")
def one_chosen_option(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: exactly one option has `chosen: true`, and its `kind` equals
    `fix.kind`.

    Why it matters: the break-even and TCO are computed for the chosen option against each
    alternative; with none or several chosen they mean nothing.

    How to fix: mark one option, the one matching the fix.
    """
    if memo.costs is None or not memo.costs.options:
        return
    chosen = [(i, o) for i, o in enumerate(memo.costs.options) if o.chosen]
    if not chosen:
        yield Issue("no cost option is marked chosen")
    elif len(chosen) > 1:
        names = ", ".join(o.name for _, o in chosen)
        yield Issue(f"{len(chosen)} options are marked chosen ({names})")
    elif chosen[0][1].kind != memo.fix.kind:
        index, option = chosen[0]
        yield Issue(f"the chosen option is {option.kind.value} but the fix is "
                    f"{memo.fix.kind.value}", f"costs.options[{index}].kind")


@rule("MEMO-COST-003", Severity.ERROR, "The chosen option is compared with an alternative",
      field="costs.options",
      hint="Add the cost of at least one alternative (often the cheapest one that was tried).")
def has_cost_alternative(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `costs.options` holds at least one option besides the chosen one.

    Why it matters: a cost is only high or low against something; break-even needs a
    baseline.

    How to fix: add the strongest rejected alternative as a second option.
    """
    if memo.costs and memo.costs.options and len(memo.costs.options) < 2:
        yield Issue("only one cost option is given")


@rule("MEMO-COST-004", Severity.ERROR, "Prices carry their source and date", field="costs",
      hint="Set `costs.price_source` (a price page or contract) and `costs.price_date`.")
def prices_sourced(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `costs.price_source` and `costs.price_date` are given.

    Why it matters: prices move, often several times a year. A reader must be able to check
    where a price came from and whether it is still current.

    How to fix: name the price list and the day you read it.
    """
    if memo.costs is None:
        return
    if blank(memo.costs.price_source):
        yield Issue("the prices have no source", "costs.price_source")
    if memo.costs.price_date is None:
        yield Issue("the prices have no date", "costs.price_date")


@rule("MEMO-COST-005", Severity.WARNING, "A fine-tune pays back within the horizon",
      field="costs",
      hint="Say in `fix.premium_reason` that the fine-tune is chosen for quality rather than "
           "cost, or revisit the volume, prices or retraining plan.")
def fine_tune_breaks_even(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, its cumulative cost is at or below each
    alternative's at the end of `costs.horizon_months` (verdict `dominates` or `pays_back`),
    compared in whole cents. A fine-tune that dips below and costs more again by the horizon
    (`crosses_back`) does not pay back. Alternatives that MEMO-COST-010 already reports, and
    memos that give `fix.premium_reason`, are not reported again.

    Why it matters: a fine-tune is an investment: training, labelling and retrains up front
    and along the way, paid back (if at all) by cheaper requests. If it does not pay back
    within the horizon, the memo must justify it on quality alone.

    How to fix: check the numbers; if quality is the reason, say so in
    `fix.premium_reason`.
    """
    report = facts.costs
    if report is None or not facts.is_fine_tune or report.chosen is None:
        return
    if not blank(memo.fix.premium_reason):
        return
    options = memo.costs.options if memo.costs else []
    for result in report.break_even:
        if result.verdict.chosen_cheaper_at_horizon:
            continue
        if not _shown_to_miss(options[result.alternative_index].quality, facts):
            continue  # MEMO-COST-010 asks for the reason
        yield Issue(f"the fine-tune does not pay back against {result.alternative!r}: "
                    f"{verdict_text(result, report.horizon_months)}")


@rule("MEMO-COST-006", Severity.ERROR, "A fine-tune option includes its training cost",
      field="costs.options",
      hint="Give `training:` (GPU hours and rate, or tokens, epochs and price) or "
           "`one_time_usd` for the fine-tune option.")
def fine_tune_has_training_cost(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: every cost option of kind `fine_tune` or `rag_fine_tune` has a
    one-time cost (`training:` or `one_time_usd` above zero).

    Why it matters: a fine-tune priced at inference cost only always looks cheap.

    How to fix: add the training run, data labelling and engineering time.
    """
    if memo.costs is None:
        return
    for index, option in enumerate(memo.costs.options):
        if option.kind.is_fine_tune and option.training is None and not option.one_time_usd:
            yield Issue(f"fine-tune option {option.name!r} has no training or one-time cost",
                        f"costs.options[{index}]")


@rule("MEMO-COST-007", Severity.WARNING, "A fine-tune option prices its retraining",
      field="costs.options",
      hint="Set `retrain_every_months` (and `retrain_usd` if a retrain costs something other "
           "than the first training run).")
def fine_tune_retrains_priced(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: every fine-tune cost option sets `retrain_every_months`, and a retrain
    costs something (`retrain_usd`, or the `training:` cost it defaults to).

    Why it matters: fine-tuned models age. Base-model upgrades, data drift and retired
    hosted models force retrains, and year two is where the cost shows.

    How to fix: estimate how often you will retrain; memo adds the retrains to the TCO.
    """
    if memo.costs is None:
        return
    for index, option in enumerate(memo.costs.options):
        if not option.kind.is_fine_tune:
            continue
        if option.retrain_every_months is None:
            yield Issue(f"fine-tune option {option.name!r} has no retraining cadence",
                        f"costs.options[{index}].retrain_every_months")
        elif not option.retrain_usd and option.training is None:
            # Without `training:` a retrain defaults to the training cost, which is then $0.
            yield Issue(f"fine-tune option {option.name!r} retrains for $0",
                        f"costs.options[{index}].retrain_usd")


@rule("MEMO-COST-008", Severity.WARNING, "Prices are recent", field="costs.price_date",
      hint="Re-read the price list, update the prices and `costs.price_date`; memo recomputes "
           "the TCO and break-even.")
def prices_recent(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `costs.price_date` is no more than `price_max_age_days` (default
    365; set it in `[tool.memo]` or with `--price-max-age-days`) before the day of the check
    (today, or `memo check --as-of DATE`), and not after it. Rejected and superseded memos
    are skipped.

    Why it matters: model prices move, often several times a year, and mostly down. A
    break-even computed on old prices can favour the wrong option.

    How to fix: look the prices up again and update them and their date.
    """
    costs = memo.costs
    if costs is None or costs.price_date is None:
        return
    if memo.status.value in ("rejected", "superseded"):
        return
    age = (facts.as_of - costs.price_date).days
    if age < 0:  # a price list from the future is a typo in the date (or in --as-of)
        yield Issue(f"the prices are dated {costs.price_date}, {-age} days after "
                    f"{facts.as_of}: they cannot have been read yet")
    elif age > facts.price_max_age_days:
        yield Issue(f"the prices are dated {costs.price_date}, {age} days before "
                    f"{facts.as_of} (more than {facts.price_max_age_days})")


@rule("MEMO-COST-009", Severity.WARNING, "Every cost option counts its tokens per request",
      field="costs.options",
      hint="Measure the prompt (with its examples or retrieved context) and a typical answer, "
           "and enter both token counts.")
def options_count_tokens(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: no cost option has both `input_tokens` and `output_tokens` at 0.

    Why it matters: every request carries a prompt and an answer. Zero tokens is a
    placeholder left from a draft, and it makes the option's per-request cost, TCO and
    break-even meaningless.

    How to fix: measure the token counts of a typical request for that option.
    """
    if memo.costs is None:
        return
    for index, option in enumerate(memo.costs.options):
        if option.input_tokens == 0 and option.output_tokens == 0:
            yield Issue(f"option {option.name!r} has 0 input and 0 output tokens per request",
                        f"costs.options[{index}]")


def _shown_to_miss(quality: float | None, facts: Facts) -> bool:
    """An alternative whose measured `quality` falls short of `evaluation.target`."""
    ev = facts.memo.evaluation
    if quality is None or ev is None or ev.target is None:
        return False
    return not meets(quality, ev.target, facts.higher_is_better)


def costlier_than(facts: Facts) -> Iterator[tuple[BreakEven, bool]]:
    """Alternatives the chosen option costs more than at the horizon (in whole cents), each
    with whether the alternative is shown to miss the evaluation target."""
    report = facts.costs
    if report is None or report.chosen is None or facts.memo.costs is None:
        return
    options = facts.memo.costs.options
    for result in report.break_even:
        if cents(result.tco_difference_usd) > 0:
            yield result, _shown_to_miss(options[result.alternative_index].quality, facts)


@rule("MEMO-COST-010", Severity.ERROR, "A costlier choice says why the extra cost is worth it",
      field="fix.premium_reason",
      hint="Measure the cheaper option's `quality` on the eval set (if it misses the target, "
           "that is the reason), or say in `fix.premium_reason` what the extra cost buys.")
def costlier_choice_justified(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the chosen option costs more over the horizon than an
    alternative that is not shown to miss the target (its `quality` is unknown or reaches
    `evaluation.target`), `fix.premium_reason` says why the extra cost is worth it. When the
    only gap is latency/cost it is an error whatever the reason: the point of the fix was to
    cost less.

    Why it matters: a memo that picks the dearer option without saying why reads as a
    preference, not a decision. If the cheaper option is known to miss the target, its
    measured quality is the reason; otherwise the memo owes one.

    How to fix: record each alternative's measured `quality`, or give `fix.premium_reason`;
    for a latency/cost gap, choose an option that costs less.
    """
    latency_only = facts.recommendation.gaps == (Gap.LATENCY_COST,)
    for result, misses in costlier_than(facts):
        if misses:
            continue
        extra = usd(result.tco_difference_usd)
        horizon = facts.costs.horizon_months if facts.costs else 0
        if latency_only:
            yield Issue(f"the only gap is latency/cost, yet the chosen option costs {extra} "
                        f"more over {months(horizon)} than {result.alternative!r}",
                        "costs.options")
        elif blank(memo.fix.premium_reason):
            yield Issue(f"the chosen option costs {extra} more over {months(horizon)} than "
                        f"{result.alternative!r}, which is not shown to miss the target, and "
                        f"no premium reason is given")


@rule("MEMO-COST-011", Severity.WARNING, "A retraining cadence comes with the price of a retrain",
      field="costs.options",
      hint="Set `retrain_usd` to what one retrain costs: fresh labels, engineering time, the "
           "training run and its evaluation.")
def retrain_priced(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: an option that sets `retrain_every_months` also sets `retrain_usd`.

    Why it matters: without `retrain_usd` a retrain is priced at the training compute alone
    (the convention memo falls back on), while a real retrain also pays for new labels,
    engineering and evaluation. Every retrain in the TCO is then understated.

    How to fix: price one retrain in full and enter it as `retrain_usd`.
    """
    if memo.costs is None:
        return
    for index, option in enumerate(memo.costs.options):
        if option.retrain_every_months and option.retrain_usd is None:
            compute = option.training.cost_usd if option.training else 0.0
            yield Issue(f"option {option.name!r} retrains every {option.retrain_every_months} "
                        f"months but each retrain is priced at the training compute only "
                        f"({usd(compute)})", f"costs.options[{index}].retrain_usd")


@rule("MEMO-COST-012", Severity.ERROR, "A self-hosted option pays for serving",
      field="costs.options",
      hint="Add `monthly_serving_usd` (GPUs or a dedicated endpoint, for every replica you "
           "run), or the per-token prices of the hosted model.")
def self_hosted_serving(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: no option has both per-token prices at 0 while it pays nothing per
    month for serving (`monthly_serving_usd` and `monthly_fixed_usd` both 0).

    Why it matters: a model priced at $0 per token runs on hardware someone pays for. A
    self-hosted fine-tune without its GPUs always looks cheap, and the verdict it wins is
    wrong.

    How to fix: add the serving cost per month (and one more replica if you need one for
    redundancy), or price the option per token.
    """
    if memo.costs is None:
        return
    for index, option in enumerate(memo.costs.options):
        free_tokens = option.input_price_per_mtok == 0 and option.output_price_per_mtok == 0
        has_tokens = option.input_tokens > 0 or option.output_tokens > 0
        if (free_tokens and has_tokens and not option.monthly_serving_usd
                and not option.monthly_fixed_usd):
            yield Issue(f"option {option.name!r} pays $0 per token and $0 a month to serve",
                        f"costs.options[{index}].monthly_serving_usd")


@rule("MEMO-COST-013", Severity.ERROR, "Cost options have distinct names", field="costs.options",
      hint="Name each option so a reader can tell them apart, e.g. by model and method.")
def distinct_option_names(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: no two `costs.options` share a name (ignoring case and spacing).

    Why it matters: the cost table, the chart legend and every verdict name options by their
    name. Two options called the same make the reader attribute one option's numbers to the
    other.

    How to fix: rename one of them.
    """
    if memo.costs is None:
        return
    seen: dict[str, int] = {}
    for index, option in enumerate(memo.costs.options):
        key = " ".join(option.name.casefold().split())
        if key in seen:
            yield Issue(f"options {seen[key] + 1} and {index + 1} are both named "
                        f"{option.name!r}", f"costs.options[{index}].name")
        else:
            seen[key] = index


@rule("MEMO-COST-014", Severity.ERROR, "A retrieval option pays for retrieval",
      field="costs.options",
      hint="Add `extra_per_request_usd` (embedding and search calls) and/or "
           "`monthly_fixed_usd` (the vector database).")
def retrieval_priced(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: every option of kind `rag` or `rag_fine_tune` has a retrieval cost:
    `extra_per_request_usd` or `monthly_fixed_usd` above 0.

    Why it matters: retrieval runs an index, embeds every query and searches it. Left out,
    the RAG option looks cheaper than it is, and the comparison with a fine-tune is wrong.

    How to fix: price the embedding and search per request and the index per month.
    """
    if memo.costs is None:
        return
    for index, option in enumerate(memo.costs.options):
        if (option.kind.retrieves and not option.extra_per_request_usd
                and not option.monthly_fixed_usd):
            yield Issue(f"retrieval option {option.name!r} has no retrieval cost",
                        f"costs.options[{index}]")


@rule("MEMO-COST-015", Severity.WARNING, "A base-model upgrade trigger has a retrain priced "
      "within the horizon", field="costs.options",
      hint="Set `retrain_every_months` no longer than the horizon, or price the upgrade "
           "retrain as its own cost.")
def upgrade_retrain_priced(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when `maintenance.retrain_triggers` names `base_model_upgrade`, the
    chosen fine-tune option has at least one retrain inside `costs.horizon_months` (its
    cadence is not longer than the horizon).

    Why it matters: base models are replaced every few months and hosted fine-tunes are
    retired with them. A plan that expects an upgrade but prices no retrain inside the
    horizon counts the benefit and leaves out the cost.

    How to fix: shorten `retrain_every_months` to when you expect the next upgrade.
    """
    mnt = memo.maintenance
    report = facts.costs
    if (mnt is None or RetrainTrigger.BASE_MODEL_UPGRADE not in mnt.retrain_triggers
            or report is None or memo.costs is None):
        return
    chosen = report.chosen
    if chosen is None or not FixKind(chosen.kind).is_fine_tune:
        return
    option = memo.costs.options[chosen.index]
    if option.retrain_every_months is not None and not chosen.retrain_months:
        yield Issue(f"base-model upgrades trigger a retrain, but {option.name!r} retrains "
                    f"every {option.retrain_every_months} months: none within the "
                    f"{report.horizon_months}-month horizon",
                    f"costs.options[{chosen.index}].retrain_every_months")


MIN_HORIZON, MAX_HORIZON = 6, 60
MIN_VOLUME = 100
MAX_INPUT_TOKENS, MAX_OUTPUT_TOKENS = 1_000_000, 100_000
MAX_INPUT_PRICE, MAX_OUTPUT_PRICE = 200.0, 800.0
MIN_PRICE = 0.001  # below this a price per million tokens is likely a price per token
MAX_GROWTH_PCT = 50.0
MAX_DECLINE_PCT = 20.0  # -20% a month leaves 6.9% of the volume after a year


@rule("MEMO-COST-016", Severity.WARNING, "The cost inputs are plausible", field="costs",
      hint="Check the figure; if it is right, keep it and say why in the rationale.")
def plausible_costs(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: the horizon is 6 to 60 months; the volume is at least 100 requests a
    month; tokens per request fit a context window (at most 1M in, 100k out); prices per
    million tokens lie between $0.001 and $200 in, $800 out; growth is at most 50% a month
    and a decline at most 20% a month.

    Why it matters: these are typos more often than plans. A 1-month horizon hides every
    retrain; a price per token typed as a price per million makes an option a million times
    cheaper; a prompt longer than any context window cannot be sent.

    How to fix: re-read the figure from its source.
    """
    costs = memo.costs
    if costs is None:
        return
    if not MIN_HORIZON <= costs.horizon_months <= MAX_HORIZON:
        yield Issue(f"a {costs.horizon_months}-month horizon is outside {MIN_HORIZON}-"
                    f"{MAX_HORIZON} months: too short to show retrains and year two, or too "
                    f"long for today's prices to hold", "costs.horizon_months")
    if 0 < costs.requests_per_month < MIN_VOLUME:
        yield Issue(f"a volume of {costs.requests_per_month:g} a month is below {MIN_VOLUME} "
                    f"requests: at that volume cost cannot decide anything",
                    "costs.requests_per_month")
    if costs.monthly_growth_pct > MAX_GROWTH_PCT:
        yield Issue(f"{costs.monthly_growth_pct:g}% growth a month compounds to "
                    f"{(1 + costs.monthly_growth_pct / 100) ** 12:,.0f}x in a year",
                    "costs.monthly_growth_pct")
    elif costs.monthly_growth_pct < -MAX_DECLINE_PCT:
        left = (1 + costs.monthly_growth_pct / 100) ** 12
        yield Issue(f"{costs.monthly_growth_pct:g}% growth a month leaves "
                    f"{left * 100:.2g}% of the volume after a year", "costs.monthly_growth_pct")
    for index, option in enumerate(costs.options):
        at = f"costs.options[{index}]"
        if option.input_tokens > MAX_INPUT_TOKENS:
            yield Issue(f"option {option.name!r} sends {option.input_tokens:,.0f} input tokens "
                        f"a request, more than nearly every context window ("
                        f"{MAX_INPUT_TOKENS:,})", f"{at}.input_tokens")
        if option.output_tokens > MAX_OUTPUT_TOKENS:
            yield Issue(f"option {option.name!r} expects {option.output_tokens:,.0f} output "
                        f"tokens a request, more than models return ({MAX_OUTPUT_TOKENS:,})",
                        f"{at}.output_tokens")
        for name, limit in (("input_price_per_mtok", MAX_INPUT_PRICE),
                            ("output_price_per_mtok", MAX_OUTPUT_PRICE)):
            price = getattr(option, name)
            if price > limit:
                yield Issue(f"option {option.name!r}: ${price:g} per million tokens is above "
                            f"${limit:g}", f"{at}.{name}")
            elif 0 < price < MIN_PRICE:
                yield Issue(f"option {option.name!r}: ${price:g} per million tokens looks "
                            f"like a price per token", f"{at}.{name}")


STATIC_PREFIX_TOKENS = 1024  # providers cache prefixes from about 1k tokens


@rule("MEMO-COST-017", Severity.WARNING, "A fine-tune that removes a long prompt is compared "
      "with caching that prompt", field="costs.options",
      hint="Give the in-context option `cached_input_tokens` (its static prefix: instructions "
           "and examples) and `cached_input_price_per_mtok` from the price list.")
def compare_with_cached_prompt(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the chosen option is a fine-tune, every in-context alternative
    whose prompt is at least 1,024 tokens longer than the fine-tune's states how much of it
    is billed at the cached-input price (`cached_input_tokens`).

    Why it matters: providers bill a repeated prompt prefix at a steep discount (often 50-90%
    off). A long static prefix of instructions and examples is exactly what caching
    discounts, and exactly what the fine-tune is meant to remove: compared at the full input
    price, the fine-tune's saving is overstated.

    How to fix: measure the static prefix and price it at the cached rate (0 cached tokens is
    a valid answer where the provider does not cache).
    """
    costs = memo.costs
    if costs is None or not memo.fix.kind.is_fine_tune:
        return
    chosen = costs.chosen
    if chosen is None:
        return
    for index, option in enumerate(costs.options):
        if option.chosen or option.kind.is_fine_tune:
            continue
        longer = option.input_tokens - chosen.input_tokens
        if longer >= STATIC_PREFIX_TOKENS and option.cached_input_tokens is None:
            yield Issue(f"{option.name!r} sends {longer:,.0f} more input tokens than the "
                        f"fine-tune, priced without prompt caching",
                        f"costs.options[{index}].cached_input_tokens")
