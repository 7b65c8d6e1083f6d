"""Small predicates on free text that several rules share."""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")


def blank(value: str | None) -> bool:
    return value is None or not value.strip()


def has_number(value: str | None) -> bool:
    """Evidence is measured: it carries at least one figure."""
    return bool(value) and bool(_DIGIT.search(value or ""))
