"""MEMO-COST-020 and 021: typed prices and request sizes checked against the price catalogue."""

from __future__ import annotations

from collections.abc import Iterator

from memo.model import Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule

# How far a typed price may stray from the catalogue's before the rule warns.
TOLERANCE = 0.10


@rule("MEMO-COST-020", Severity.WARNING, "Typed prices agree with the catalogue",
      field="costs.options",
      hint="Copy the prices from `memo prices MODEL` and update the option's price_source and "
           "price_date; if `model` names another model or provider than the one you pay for, "
           "correct it.")
def prices_agree_with_catalogue(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: for every cost option with a `model` that the installed price
    catalogue (`memo prices`) knows, its typed `input_price_per_mtok`,
    `output_price_per_mtok` and, when given, `cached_input_price_per_mtok` are within 10% of
    the catalogue's price for that model, as in force on the day of the check (today, or
    `memo check --as-of DATE`). Options priced at 0 per token (self-hosted) and models the
    catalogue does not list are skipped.

    Why it matters: prices typed by hand go stale or pick up typos (a decimal point moved,
    the output price in the input field, another model's row). The cost table, TCO and
    break-even all rest on them.

    How to fix: take the prices from `memo prices MODEL` and update `price_source` and
    `price_date`; or correct `model` if it names another model or provider than the one the
    option uses. A negotiated price that differs on purpose can stay: say so in
    `price_source` and check that memo with `--ignore MEMO-COST-020`.
    """
    costs = memo.costs
    if costs is None:
        return
    named = [(i, o) for i, o in enumerate(costs.options) if o.model]
    if not named:
        return  # no option names a model: the catalogue is never loaded
    from memo.prices import catalogue_info, format_per_mtok, lookup

    source = catalogue_info().source
    for index, option in named:
        if option.input_price_per_mtok == 0 and option.output_price_per_mtok == 0:
            continue  # self-hosted: paid by the hour, not by the token
        entry = lookup(option.model or "", on=facts.as_of)
        if entry is None:
            continue
        pairs = (("input_price_per_mtok", option.input_price_per_mtok, entry.input_per_mtok),
                 ("cached_input_price_per_mtok", option.cached_input_price_per_mtok,
                  entry.cached_input_per_mtok),
                 ("output_price_per_mtok", option.output_price_per_mtok, entry.output_per_mtok))
        for name, typed, listed in pairs:
            if typed is None or listed is None or not _differs(typed, listed):
                continue
            change = f" ({_percent(typed, listed)})" if listed else ""
            yield Issue(f"option {option.name!r}: {name} is {format_per_mtok(typed)} but "
                        f"{source} lists {format_per_mtok(listed)} for {entry.ref}{change}",
                        f"costs.options[{index}].{name}")


def _differs(typed: float, listed: float) -> bool:
    # Rounded so that exactly 10% (0.165 against 0.15) is not "more than 10%" by a float hair.
    if listed == 0:
        return typed != 0
    return round(abs(typed - listed) / listed, 9) > TOLERANCE


def _percent(typed: float, listed: float) -> str:
    change = (typed - listed) / listed * 100
    # One decimal where whole percent would hide why 10.4% is "more than 10%".
    return f"{change:+.0f}%" if abs(change - round(change)) < 0.05 else f"{change:+.1f}%"


@rule("MEMO-COST-021", Severity.WARNING, "Requests fit the model's context window",
      field="costs.options",
      hint="Measure the prompt again; if it is right, retrieve less, trim the examples or pick a "
           "model with a larger context window.")
def fits_context_window(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: for every cost option with a `model` whose context window the price
    catalogue knows, `input_tokens + output_tokens` fits in that window.

    Why it matters: a request longer than the model's context window cannot be sent. The
    numbers are then a typo (a prompt measured in characters, an extra zero) or a plan that
    will not run, and the cost figures built on them are wrong either way.

    How to fix: re-measure the tokens of a typical request, or change the model.
    """
    costs = memo.costs
    if costs is None:
        return
    named = [(i, o) for i, o in enumerate(costs.options) if o.model]
    if not named:
        return  # the catalogue is loaded only for options that name a model
    from memo.prices import lookup

    for index, option in named:
        entry = lookup(option.model or "", on=facts.as_of)
        if entry is None or not entry.context_window:
            continue
        total = option.input_tokens + option.output_tokens
        if total > entry.context_window:
            yield Issue(f"option {option.name!r} sends {total:,.0f} tokens a request, more than "
                        f"the {entry.context_window:,} that {entry.ref} takes",
                        f"costs.options[{index}].input_tokens")
