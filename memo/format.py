"""Number formatting shared by every renderer and the terminal. Pure."""

from __future__ import annotations

import math


def usd(value: float) -> str:
    """Money for tables: whole dollars from $100 up, cents below, 3 significant figures under $1."""
    if value < 0:
        return "-" + usd(-value)
    if value == 0:
        return "$0"
    if value >= 100:
        return f"${value:,.0f}"
    if value >= 1:
        return f"${value:,.2f}"
    decimals = max(2, 2 - math.floor(math.log10(value)))
    return f"${value:.{decimals}f}"


def count(value: float) -> str:
    """Whole counts with thousands separators; fractional counts keep one decimal."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def compact(value: float) -> str:
    """Large counts in words a reader scans: 1.2M, 350k."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            scaled = value / size
            text = f"{scaled:.1f}".removesuffix(".0")
            return f"{text}{suffix}"
    return count(value)


def number(value: float | None) -> str:
    if value is None:
        return ""
    return count(value) if float(value).is_integer() else f"{value:g}"


def percent(value: float) -> str:
    return f"{value:g}%"


def break_even_text(month: int | None, horizon: int) -> str:
    if month is None:
        return f"never within {horizon} months"
    return f"month {month}"
