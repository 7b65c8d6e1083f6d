"""`memo new` / `memo edit` through the CLI: no-TTY refusal, --no-input, backups, Ctrl-C."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from prompt_driver import CTRL_C, keyboard, script_for

from memo.answers import load, to_data
from memo.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = SAMPLES / "support-bot-rag.yaml"


def invoke(args: list[str], keys: list[str] | None = None) -> Result:
    runner = CliRunner()
    if keys is None:
        return runner.invoke(cli, args, catch_exceptions=False)
    with keyboard(keys):
        return runner.invoke(cli, args, catch_exceptions=False)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend stdin is a terminal; the prompts themselves read prompt_toolkit's pipe."""
    monkeypatch.setattr("memo.cli.new.stdin_is_tty", lambda: True)


@pytest.mark.parametrize("args", [["new"], ["new", "--resume"], ["edit", "memo.yaml"]])
def test_no_terminal_is_refused_at_once(tmp_path: Path, args: list[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "memo.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    if args[0] == "new":
        args = [*args, "-o", "out.yaml"]
    result = invoke(args)
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr
    assert "--answers FILE --no-input" in result.stderr
    assert not list(tmp_path.glob("*.draft.yaml"))


def test_no_terminal_refusal_in_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "memo", "new", "-o", str(tmp_path / "m.yaml")],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "--answers FILE --no-input" in done.stderr


def test_cli_import_does_not_load_questionary() -> None:
    code = "import sys, memo.cli; sys.exit('questionary' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_no_input_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "memo.yaml"
    result = invoke(["new", "--answers", str(SAMPLE), "--no-input", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert load(out).memo == load(SAMPLE).memo
    again = invoke(["new", "--answers", str(SAMPLE), "--no-input", "-o", str(out)])
    assert again.exit_code == 2
    assert "already exists" in again.stderr


def test_new_interactive_writes_file_and_markdown(tmp_path: Path, terminal: None) -> None:
    out = tmp_path / "memo.yaml"
    result = invoke(["new", "-o", str(out)], script_for(to_data(load(SAMPLE).memo)))
    assert result.exit_code == 0, result.stderr
    assert load(out).memo.title == load(SAMPLE).memo.title
    assert (tmp_path / "memo.md").is_file()
    assert not (tmp_path / "memo.draft.yaml").exists()  # the draft is gone once saved


def test_ctrl_c_exits_130_with_the_draft_path_then_resume(tmp_path: Path,
                                                          terminal: None) -> None:
    out = tmp_path / "memo.yaml"
    keys = script_for(to_data(load(SAMPLE).memo))
    result = invoke(["new", "-o", str(out)], [*keys[:5], CTRL_C])
    assert result.exit_code == 130
    draft = tmp_path / "memo.draft.yaml"
    assert str(draft) in result.stderr
    assert "memo new --resume" in result.stderr
    assert draft.is_file() and not out.exists()

    resumed = invoke(["new", "--resume", "-o", str(out)], keys[5:])
    assert resumed.exit_code == 0, resumed.stderr
    assert load(out).memo == load(SAMPLE).memo


def test_edit_saves_atomically_and_keeps_a_backup(tmp_path: Path, terminal: None) -> None:
    path = tmp_path / "memo.yaml"
    original = SAMPLE.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    before = to_data(load(SAMPLE).memo)
    data = to_data(load(SAMPLE).memo)
    data["title"] = "A clearer title"
    # The edit re-asks every question; the keys type every answer again ("keep" = yes).
    result = invoke(["edit", str(path)], script_for(data, prefilled=before))
    assert result.exit_code == 0, result.stderr
    assert load(path).memo == load(SAMPLE).memo.model_copy(update={"title": "A clearer title"})
    assert (tmp_path / "memo.yaml.bak").read_text(encoding="utf-8") == original
    assert "memo.yaml.bak" in result.stderr


def test_edit_refuses_a_rendered_memo(tmp_path: Path) -> None:
    result = invoke(["edit", str(tmp_path / "memo.md")])
    assert result.exit_code == 2


def test_edit_interrupted_then_resumed(tmp_path: Path, terminal: None) -> None:
    path = tmp_path / "memo.yaml"
    original = SAMPLE.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    before = to_data(load(SAMPLE).memo)
    data = to_data(load(SAMPLE).memo)
    data["problem"]["task"] = "Answer product questions in chat"
    keys = script_for(data, prefilled=before)
    stopped = invoke(["edit", str(path)], [*keys[:3], CTRL_C])
    assert stopped.exit_code == 130
    assert "memo edit" in stopped.stderr and "--resume" in stopped.stderr
    assert path.read_text(encoding="utf-8") == original  # untouched until the edit ends
    resumed = invoke(["edit", str(path), "--resume"], keys[3:])
    assert resumed.exit_code == 0, resumed.stderr
    assert load(path).memo.problem.task == "Answer product questions in chat"


def test_answers_file_prefills_the_questionnaire(tmp_path: Path, terminal: None) -> None:
    out = tmp_path / "memo.yaml"
    data = to_data(load(SAMPLE).memo)
    result = invoke(["new", "--answers", str(SAMPLE), "-o", str(out)],
                    script_for(data, prefilled=data))
    assert result.exit_code == 0, result.stderr
    assert load(out).memo == load(SAMPLE).memo
