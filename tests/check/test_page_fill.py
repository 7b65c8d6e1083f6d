"""`memo check` warns about a memo `memo render` would refuse as longer than one page
(MEMO-DOC-004), and spends nothing on memos too short to be at risk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from memo.answers import load
from memo.cli import cli
from memo.render.estimate import may_overflow

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


def _long(tmp_path: Path, sample: str, extra_words: int) -> Path:
    data = yaml.safe_load((ROOT / "samples" / sample).read_text(encoding="utf-8"))
    sentence = " More words about how this part works."  # 7 words
    data["rollback"] += sentence * (extra_words // 14)
    data["fix"]["rationale"] += sentence * (extra_words // 14)
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_sample_is_long_enough_to_be_estimated(sample: Path) -> None:
    assert not may_overflow(load(sample).memo)


def test_a_memo_render_refuses_is_warned_about(tmp_path: Path) -> None:
    path = _long(tmp_path, "support-bot-rag.yaml", 700)
    check = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    findings = json.loads(check.stdout)["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["MEMO-DOC-004"]
    assert check.exit_code == 0  # a warning; --strict makes it fail
    render = CliRunner().invoke(cli, ["render", str(path), "-f", "docx", "-o",
                                      str(tmp_path / "long.docx")])
    assert render.exit_code == 1 and "does not fit on one page" in render.stderr


def test_a_long_memo_that_still_fits_is_not_warned_about(tmp_path: Path) -> None:
    # ticket-routing-cost with 84 more words: long enough to be estimated (about 1.03 of a
    # page at the smallest type, within OVER_FILL), so no warning.
    path = _long(tmp_path, "ticket-routing-cost.yaml", 84)
    assert may_overflow(load(path).memo)
    check = CliRunner().invoke(cli, ["check", "--format", "json", "--as-of", "2026-11-25",
                                     str(path)])
    assert json.loads(check.stdout)["files"][0]["findings"] == []
