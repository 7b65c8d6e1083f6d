"""Numbers as people type them (memo/numbers.py): one reader for the prompts and --set."""

from __future__ import annotations

import pytest

from memo.numbers import NumberError, Unit, parse_number, unit_of


@pytest.mark.parametrize(("typed", "unit", "value"), [
    ("20000", Unit.PLAIN, 20000),
    ("20,000", Unit.PLAIN, 20000),
    ("20_000", Unit.PLAIN, 20000),
    ("1 500 000", Unit.PLAIN, 1500000),
    ("1\u202f500\u202f000", Unit.PLAIN, 1500000),  # narrow no-break spaces
    ("1'500", Unit.PLAIN, 1500),
    ("20k", Unit.PLAIN, 20000),
    ("20K", Unit.PLAIN, 20000),
    ("1.5M", Unit.PLAIN, 1500000),
    ("2.4m", Unit.PLAIN, 2400000),
    ("1.1k", Unit.PLAIN, 1100),  # decimal arithmetic: not 1100.0000000000002
    ("3bn", Unit.PLAIN, 3000000000),
    ("0.15", Unit.PLAIN, 0.15),
    (".5", Unit.PLAIN, 0.5),
    ("20,000.5", Unit.PLAIN, 20000.5),
    ("2e9", Unit.PLAIN, 2000000000),
    ("-5", Unit.PLAIN, -5),  # the field's own bound refuses it, with the loader's words
    ("$2,190", Unit.MONEY, 2190),
    ("$ 0.15", Unit.MONEY, 0.15),
    ("-$5", Unit.MONEY, -5),
    ("12 USD", Unit.MONEY, 12),
    ("$8.5k", Unit.MONEY, 8500),
    ("3%", Unit.PERCENT, 3),
    ("2.5 %", Unit.PERCENT, 2.5),
    ("$17.80", Unit.SCORE, 17.8),
])
def test_readings(typed: str, unit: Unit, value: float) -> None:
    read = parse_number(typed, unit)
    assert read == value
    assert type(read) is type(value)


@pytest.mark.parametrize(("typed", "unit"), [
    ("lots", Unit.PLAIN), ("next week", Unit.PLAIN), ("", Unit.PLAIN), ("k", Unit.PLAIN),
    ("$", Unit.MONEY), ("1.2.3", Unit.PLAIN), ("mb", Unit.PLAIN), (" lots ", Unit.PLAIN)])
def test_text_that_spells_no_number_comes_back_for_the_loader(typed: str, unit: Unit) -> None:
    assert parse_number(typed, unit) == typed.strip()


@pytest.mark.parametrize(("typed", "unit", "message"), [
    ("1,5", Unit.PLAIN, "'1,5': a comma separates thousands (1,500); write decimals with a "
                        "point (1.5)"),
    ("12,34", Unit.MONEY, "'12,34': a comma separates thousands (1,500); write decimals with "
                          "a point (1.5)"),
    ("1,5000", Unit.PLAIN, "'1,5000': separators go between groups of three digits (20,000 "
                           "or 1 500 000)"),
    ("$5", Unit.PLAIN, "'$5': $ marks an amount in USD, but this answer is a plain number; "
                       "type the number without $"),
    ("5%", Unit.MONEY, "'5%': % marks a percentage, but this answer is an amount in USD; type "
                       "the number without %"),
    ("92%", Unit.SCORE, "'92%': type the score on the metric's own scale, as the other scores "
                        "(0.92 or 92), without %"),
])
def test_ambiguous_or_misplaced_signs_are_refused_with_a_reason(typed: str, unit: Unit,
                                                                message: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(typed, unit)
    assert str(caught.value) == message


@pytest.mark.parametrize(("field", "unit"), [
    ("costs.options.monthly_serving_usd", Unit.MONEY), ("training.price_per_mtok", Unit.MONEY),
    ("costs.options.input_price_per_mtok", Unit.MONEY), ("costs.monthly_growth_pct",
                                                          Unit.PERCENT),
    ("evaluation.target", Unit.SCORE), ("maintenance.alert_below", Unit.SCORE),
    ("fine_tune.training_examples", Unit.PLAIN), ("costs.requests_per_month", Unit.PLAIN),
])
def test_units_follow_the_field_names(field: str, unit: Unit) -> None:
    assert unit_of(field) is unit
