"""Numbers as people type them: ``20,000``, ``20k``, ``1.5M``, ``$2,190``, ``3%``.

Pure and small: the questionnaire and ``memo edit --set`` read typed numbers through here, then
hand the result to the answers file's own field types, so a bound or an integer field says
what the file loader says. Text that is not a number in any of these spellings comes back
unchanged, so the loader's message ("expected a number, got 'lots'") is the one shown.

- thousands separators: ``,`` ``_`` ``'``, a space or a narrow no-break space between groups of
  three digits (``20,000``, ``1 500 000``); ``1,5`` is refused with a hint, not read as 15;
- suffixes ``k`` (thousand), ``M`` (million), ``B`` or ``bn`` (billion), any case;
- a ``$`` before a money figure (or ``USD`` after it), a ``%`` after a percentage;
- whole results are ``int`` (``20k`` -> 20000, ``1.5M`` -> 1500000), so counts stay counts
  when saved; decimal arithmetic, so ``1.1k`` is 1100, not 1100.0000000000002.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Unit(StrEnum):
    """What a field measures, as far as typing it goes."""

    PLAIN = "plain"
    MONEY = "money"  # USD: "$" allowed
    PERCENT = "percent"  # "%" allowed
    SCORE = "score"  # a score on the metric's own scale: "$" allowed (a cost metric), "%" not


class NumberError(ValueError):
    """A typed figure that looks like a number but cannot be read as one; ``str()`` says why."""


_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_SEPARATORS = ",_' \u00a0\u202f\u2009"
_GROUPED = re.compile(r"^\d{1,3}(?:([,_' \u00a0\u202f\u2009])\d{3})(?:\1\d{3})*(?:\.\d+)?$")
_PLAIN = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)
_FIGURE = re.compile(r"^(?P<sign>[-+]?)\s*(?P<body>.*?)\s*(?P<suffix>k|m|bn|b)?$", re.IGNORECASE)


def unit_of(field: str) -> Unit:
    """The unit of an answers-file field, from its name (``monthly_serving_usd`` is money)."""
    name = field.rsplit(".", 1)[-1]
    if name.endswith("_usd") or name.endswith("price_per_mtok"):
        return Unit.MONEY
    if name.endswith("_pct"):
        return Unit.PERCENT
    if name in _SCORES:
        return Unit.SCORE
    return Unit.PLAIN


_SCORES = frozenset({"baseline", "target", "pilot", "quality", "alert_below", "best_prompt",
                     "with_context", "few_shot"})


def parse_number(text: str, unit: Unit = Unit.PLAIN) -> int | float | str:
    """The number ``text`` spells, or ``text`` itself (stripped) where it spells none.

    Raises :class:`NumberError` where the text is clearly meant as a number but is ambiguous
    or carries a sign that does not belong to the field (``$`` on a count, ``%`` on money).
    """
    raw = text.strip()
    body = raw
    if body.lower().endswith("usd"):
        body = body[:-3].rstrip()
        if unit is not Unit.SCORE:
            _allow("USD", unit, Unit.MONEY, raw)
    sign = ""
    if body[:1] and body[0] in "+-":
        sign, body = body[0], body[1:].lstrip()
    if body.startswith("$"):
        body = body[1:].lstrip()
        if unit is not Unit.SCORE:
            _allow("$", unit, Unit.MONEY, raw)
    if body.endswith("%"):
        if unit is Unit.SCORE:
            raise NumberError(f"'{raw}': type the score on the metric's own scale, as the "
                              f"other scores (0.92 or 92), without %")
        body = body[:-1].rstrip()
        _allow("%", unit, Unit.PERCENT, raw)
    match = _FIGURE.match(body)
    if not body or match is None:
        return raw
    digits, suffix = match.group("body"), (match.group("suffix") or "").lower()
    if match.group("sign"):
        if sign:
            return raw
        sign = match.group("sign")
    if not digits:
        return raw
    value = _digits(digits, raw)
    if value is None:
        return raw
    if suffix:
        value *= _SUFFIX[suffix]
    if sign == "-":
        value = -value
    return _plain(value)


def _allow(mark: str, unit: Unit, wanted: Unit, raw: str) -> None:
    if unit is wanted:
        return
    what = {Unit.MONEY: "an amount in USD", Unit.PERCENT: "a percentage"}[wanted]
    here = {Unit.PLAIN: "a plain number", Unit.MONEY: "an amount in USD",
            Unit.PERCENT: "a percentage", Unit.SCORE: "a score"}[unit]
    raise NumberError(f"'{raw}': {mark} marks {what}, but this answer is {here}; "
                      f"type the number without {mark}")


def _digits(digits: str, raw: str) -> Decimal | None:
    """The value of a run of digits with optional grouping and decimals, else None."""
    if _PLAIN.match(digits):
        try:
            return Decimal(digits)
        except InvalidOperation:
            return None
    if _GROUPED.match(digits):
        return Decimal("".join(ch for ch in digits if ch not in _SEPARATORS))
    if re.fullmatch(r"\d+,\d{1,2}", digits) or re.fullmatch(r"\d{1,3}(,\d{3})+,\d{1,2}", digits):
        raise NumberError(f"'{raw}': a comma separates thousands (1,500); write decimals "
                          f"with a point (1.5)")
    if any(sep in digits for sep in _SEPARATORS) and re.fullmatch(
            r"[\d.,_' \u00a0\u202f\u2009]+", digits):
        raise NumberError(f"'{raw}': separators go between groups of three digits "
                          f"(20,000 or 1 500 000)")
    return None


def _plain(value: Decimal) -> int | float:
    """Whole values as int (a count stays a count), others as float."""
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return float(value)
