"""Properties over any valid answers file (lossless round trip, rules and costs never fail),
and over any mutation of a rendered memo (checked or refused, never a crash, within bounds)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
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


# --- hostile files: any mutation of a rendered memo is handled, within bounds --------------

_MUTATED_SECONDS = 5.0
_MUTATED_PEAK_BYTES = 300 * 1024 * 1024


@pytest.fixture(scope="module")
def rendered_files() -> dict[str, bytes]:
    """The support-bot sample as answers and in every rendered format (PDF needs weasyprint:
    it fails here rather than skip, so CI always fuzzes the PDF reader too)."""
    from memo.answers import load

    source = Path(__file__).resolve().parent.parent / "samples" / "support-bot-rag.yaml"
    context = build_context(load(source).memo)
    files = {".yaml": source.read_bytes()}
    for fmt in (OutputFormat.MD, OutputFormat.HTML, OutputFormat.DOCX, OutputFormat.PDF):
        files[f".{fmt.value}"] = render(context, fmt)
    return files


_mutations = st.lists(
    st.tuples(st.sampled_from(["flip", "delete", "insert", "truncate", "repeat"]),
              st.floats(0, 1), st.binary(min_size=1, max_size=64), st.integers(1, 4096)),
    min_size=1, max_size=6)


def _mutate(data: bytes, mutations: list[tuple[str, float, bytes, int]]) -> bytes:
    for kind, where, payload, length in mutations:
        at = int(where * len(data))
        if kind == "flip":
            data = data[:at] + bytes(b ^ 0xFF for b in data[at:at + len(payload)]) \
                + data[at + len(payload):]
        elif kind == "delete":
            data = data[:at] + data[at + length:]
        elif kind == "insert":
            data = data[:at] + payload + data[at:]
        elif kind == "truncate":
            data = data[:at]
        else:  # a slice repeated: long lines, many parts, deep structures
            data = data[:at] + data[at:at + length] * 8 + data[at:]
    return data


@given(st.sampled_from([".yaml", ".md", ".html", ".docx", ".pdf"]), _mutations)
def test_property_mutated_files_are_checked_or_refused_within_bounds(
        rendered_files: dict[str, bytes], suffix: str,
        mutations: list[tuple[str, float, bytes, int]]) -> None:
    import tempfile
    import time
    import tracemalloc

    from memo.checking import FileResult, check_file

    data = _mutate(rendered_files[suffix], mutations)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"memo{suffix}"
        path.write_bytes(data)
        tracemalloc.start()
        started = time.perf_counter()
        try:
            result = check_file(path)  # nothing may escape: every failure is a finding
        finally:
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    assert isinstance(result, FileResult)
    assert all(f.rule.startswith("MEMO-") and f.message for f in result.findings)
    if result.unreadable:
        assert [f.rule for f in result.findings] == ["MEMO-INPUT"]
        assert "internal error" not in result.findings[0].message, result.findings[0].message
    assert elapsed < _MUTATED_SECONDS
    assert peak < _MUTATED_PEAK_BYTES
