"""MEMO-COST: the numbers are run, sourced and dated."""

from __future__ import annotations

from collections.abc import Iterator

from memo.model import Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank


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
      hint="Say in `fix.rationale` that the fine-tune is chosen for quality rather than cost, "
           "or revisit the volume, prices or retraining plan.")
def fine_tune_breaks_even(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, its cumulative cost drops to or below
    each alternative's within `costs.horizon_months` (the break-even month exists).

    Why it matters: a fine-tune is an investment: training, labelling and retrains up front
    and along the way, paid back (if at all) by cheaper requests. If it never pays back
    within the horizon, the memo must justify it on quality alone.

    How to fix: check the numbers; if quality is the reason, say so.
    """
    report = facts.costs
    if report is None or not facts.is_fine_tune or report.chosen is None:
        return
    for result in report.break_even:
        if result.month is None:
            yield Issue(f"the fine-tune never breaks even against {result.alternative!r} "
                        f"within {report.horizon_months} months (costs "
                        f"${result.tco_difference_usd:,.0f} more in total)")


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
    (today, or `memo check --as-of DATE`). Rejected and superseded memos are skipped.

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
    if age > facts.price_max_age_days:
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
