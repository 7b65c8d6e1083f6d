"""Golden Markdown: each sample renders to exactly the committed memo.

After an intended change to the template or the figures, regenerate with
``UPDATE_GOLDEN=1 pytest tests/test_golden_markdown.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from memo.answers import load
from memo.context import build_context
from memo.render import OutputFormat, render

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_matches_golden_markdown(sample: Path) -> None:
    context = build_context(load(sample).memo)
    context["generator"] = "memo (golden)"  # the version must not churn the golden files
    rendered = render(context, OutputFormat.MD).decode("utf-8")
    golden = GOLDEN / f"{sample.stem}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert golden.exists(), f"no golden file for {sample.name}; run with UPDATE_GOLDEN=1"
    assert rendered == golden.read_text(encoding="utf-8")


def test_every_sample_has_a_golden_file_and_no_strays() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.md")) == [s.stem for s in SAMPLES]
