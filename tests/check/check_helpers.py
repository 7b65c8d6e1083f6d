"""Constants shared by the `memo check` tests (imported by name; tests/ has no packages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = Path(__file__).resolve().parent.parent / "data"
AS_OF = "2026-03-10"  # after the fixtures' price date, before their review date
AS_OF_DATE = dt.date.fromisoformat(AS_OF)

Run = Callable[..., Result]
