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


def test_typed_prose_without_a_full_stop_does_not_run_into_the_next_sentence(
        tmp_path: Path) -> None:
    # "... fixes the JSON shape With structured output.", "alert below F1 0.82 Review by":
    # prose the memo follows with more text gets its full stop.
    import yaml

    from memo.answers import load
    from memo.context import build_context
    from memo.render import OutputFormat, render

    data = yaml.safe_load((ROOT / "samples/medical-ner-lora.yaml").read_text(encoding="utf-8"))
    data["fix"]["rationale"] = "Shorthand and negation are skills"
    data["maintenance"]["monitoring"] = "Weekly F1 on 150 fresh notes, alert below 0.82"
    data["risks"][0]["risk"] = "The adapter memorises patient details"
    data["rollback"] = "Switch the route back behind the flag"
    path = tmp_path / "memo.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    text = render(build_context(load(path).memo), OutputFormat.MD).decode()
    body = " ".join(text.split("\n---\n", 1)[1].split())  # the memo, not its front matter
    for typed in ("Shorthand and negation are skills", "alert below 0.82",
                  "The adapter memorises patient details", "Switch the route back behind the flag"):
        assert f"{typed}." in body, typed
    assert ".." not in body.replace("...", "")
