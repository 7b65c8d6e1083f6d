"""A rendered Markdown memo carries a seal over its answers and text: `memo check` catches a
hand edit of either (MEMO-DOC-003), and nothing that is not an edit (line endings, wrapping)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from memo.cli import cli
from memo.seal import PREFIX, body_intact

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-25"


def check(path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--as-of", AS_OF, str(path)])
    findings = json.loads(result.stdout)["files"][0]["findings"]
    return result.exit_code, [f["rule"] for f in findings]


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    target = tmp_path / "memo.md"
    result = CliRunner().invoke(cli, ["render", str(ROOT / "samples/support-bot-rag.yaml"),
                                      "-f", "md", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    return target


def test_a_memo_as_rendered_passes(rendered: Path) -> None:
    assert sum(line.startswith(PREFIX) for line in rendered.read_text().splitlines()) == 1
    assert check(rendered) == (0, [])


@pytest.mark.parametrize(("old", "new"), [
    ("| $19,237 |", "| $1,237 |"),  # a figure in the cost table
    ("## Risks and rollback", "## Notes"),
    ("planned fine-tune.", "planned fine-tune. TBD"),
])
def test_an_edit_of_the_text_is_an_error(rendered: Path, old: str, new: str) -> None:
    text = rendered.read_text(encoding="utf-8")
    body_start = text.index(PREFIX)
    assert old in text[body_start:]
    rendered.write_text(text[:body_start] + text[body_start:].replace(old, new, 1),
                        encoding="utf-8")
    assert check(rendered) == (1, ["MEMO-DOC-003"])


def test_an_edit_of_the_answers_without_rendering_again_is_an_error(rendered: Path) -> None:
    text = rendered.read_text(encoding="utf-8")
    rendered.write_text(text.replace("owner: Priya Raman", "owner: Dana Ito", 1),
                        encoding="utf-8")
    assert check(rendered) == (1, ["MEMO-DOC-003"])


def test_line_endings_and_wrapping_are_not_edits(rendered: Path) -> None:
    text = rendered.read_text(encoding="utf-8")
    rendered.write_bytes(text.replace("\n", "\r\n").encode("utf-8") + b"\r\n\r\n")
    assert check(rendered) == (0, [])
    rewrapped = text.replace("Problem\n\n**Task.**", "Problem\n\n\n**Task.**   ")
    assert rewrapped != text
    assert body_intact(rewrapped) is True


def test_a_memo_without_a_seal_is_not_judged(rendered: Path) -> None:
    lines = [line for line in rendered.read_text(encoding="utf-8").splitlines(keepends=True)
             if not line.startswith(PREFIX)]
    rendered.write_text("".join(lines).replace("| $19,237 |", "| $1,237 |"), encoding="utf-8")
    assert body_intact(rendered.read_text(encoding="utf-8")) is None
    assert check(rendered) == (0, [])


def test_rendering_a_rendered_memo_again_seals_it_again(rendered: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.md"
    result = CliRunner().invoke(cli, ["render", str(rendered), "-f", "md", "-o", str(again)])
    assert result.exit_code == 0, result.stderr
    assert check(again) == (0, [])
