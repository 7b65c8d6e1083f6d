"""Small predicates on free text that several rules share."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DIGIT = re.compile(r"\d")


def blank(value: str | None) -> bool:
    return value is None or not value.strip()


def has_number(value: str | None) -> bool:
    """Evidence is measured: it carries at least one figure."""
    return bool(value) and bool(_DIGIT.search(value or ""))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (Jan 31 + 1 = Feb 28)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
