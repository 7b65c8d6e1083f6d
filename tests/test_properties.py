"""Properties over any valid answers file: lossless round trip, rules and costs never fail."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from strategies import memos  # type: ignore[import-not-found]

from memo.answers import dump_yaml, load_answers_text, save
from memo.context import build_context
from memo.cost import cost_report
from memo.model import Costs, Memo
from memo.render import OutputFormat, render
from memo.rules import check_memo


@given(memos)
def test_property_yaml_round_trip_is_lossless(memo: Memo) -> None:
    text = dump_yaml(memo)
    assert load_answers_text(text, "memo.yaml").memo == memo


@given(memos)
def test_property_save_then_load_from_disk(memo: Memo) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "memo.yaml"
        save(memo, path)
        assert load_answers_text(path.read_text(encoding="utf-8"), str(path)).memo == memo


@given(memos)
def test_property_rules_never_raise_and_findings_are_well_formed(memo: Memo) -> None:
    for finding in check_memo(memo):
        assert finding.rule.startswith("MEMO-")
        assert finding.severity in ("error", "warning")
        assert finding.message and finding.hint


@given(memos)
def test_property_markdown_renders_and_round_trips(memo: Memo) -> None:
    text = render(build_context(memo), OutputFormat.MD).decode("utf-8")
    front = text.split("\n---\n", 1)[0].removeprefix("---\n") + "\n"
    assert load_answers_text(front, "memo.md", 1).memo == memo


@given(memos.filter(lambda m: m.costs is not None), st.floats(1.01, 10))
def test_property_costs_finite_and_monotone_in_volume(memo: Memo, factor: float) -> None:
    assert memo.costs is not None
    low = cost_report(memo.costs)
    more = Costs.model_validate({**memo.costs.model_dump(),
                                 "requests_per_month": memo.costs.requests_per_month * factor})
    high = cost_report(more)
    for a, b in zip(low.options, high.options, strict=True):
        assert all(math.isfinite(x) for x in (*a.cumulative_usd, *b.cumulative_usd))
        assert all(y >= x - 1e-9 * max(1.0, abs(x))
                   for x, y in zip(a.cumulative_usd, b.cumulative_usd, strict=True))
        assert a.per_request_usd >= 0 and a.tco_usd >= a.one_time_usd - 1e-6
