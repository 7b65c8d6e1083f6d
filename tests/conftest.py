"""Shared test settings: hypothesis profiles and paths to the shipped samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# `make fuzz` runs 1,000 examples per property; CI runs fewer to stay within its time box.
settings.register_profile("fuzz", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# No test reads or writes the user's price cache (memo/price_cache.py): each run asks the
# catalogue itself, and tests/test_price_cache.py turns the cache on in a folder of its own.
os.environ["MEMO_NO_CACHE"] = "1"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
