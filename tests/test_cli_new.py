"""`memo new` / `memo edit` through the CLI: no-TTY refusal, --no-input, --from, the section
menu, --section, --set, backups, drafts, existing outputs, one-page fit at the finish."""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from prompt_driver import (
    CTRL_C,
    DOWN,
    ENTER,
    SPACE,
    edit_script,
    keyboard,
    pick,
    script_for,
    section_script,
    text,
)

from memo.answers import load, to_data
from memo.cli import cli
from memo.questions import from_other_memo

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = SAMPLES / "support-bot-rag.yaml"
SECTION_KEYS = {"finish": 1, "formats": 2, "problem": 3, "triage": 4, "fix": 5}  # menu, rag


def invoke(args: list[str], keys: list[str] | None = None) -> Result:
    runner = CliRunner()
    if keys is None:
        return runner.invoke(cli, args, catch_exceptions=False)
    with keyboard(keys):
        return runner.invoke(cli, args, catch_exceptions=False)


def memo_cli(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "memo", *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, **env})


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend stdin is a terminal; the prompts themselves read prompt_toolkit's pipe."""
    monkeypatch.setattr("memo.cli.new.stdin_is_tty", lambda: True)


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Count the real prompts shown (each one still built and run by questionary)."""
    import memo.prompt

    shown: list[str] = []
    real_prompt, real_menu = memo.prompt.build_prompt, memo.prompt.build_menu

    def counted_prompt(question: Any, *args: Any, **kwargs: Any) -> Any:
        shown.append(question.prompt)
        return real_prompt(question, *args, **kwargs)

    def counted_menu(message: str, *args: Any, **kwargs: Any) -> Any:
        shown.append(message)
        return real_menu(message, *args, **kwargs)

    monkeypatch.setattr(memo.prompt, "build_prompt", counted_prompt)
    monkeypatch.setattr(memo.prompt, "build_menu", counted_menu)
    yield shown


def copy_sample(tmp_path: Path, name: str = "support-bot-rag.yaml") -> Path:
    path = tmp_path / "memo.yaml"
    path.write_text((SAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    return path


# --- without a terminal ------------------------------------------------------------------


@pytest.mark.parametrize(("args", "hint"), [
    (["new"], "--answers FILE --no-input"), (["new", "--resume"], "--answers FILE --no-input"),
    (["edit", "memo.yaml"], "`memo edit FILE --set PATH=VALUE`"),
    (["edit", "memo.yaml", "--section", "Costs"], "`memo edit FILE --set PATH=VALUE`"),
])
def test_no_terminal_is_refused_at_once(tmp_path: Path, args: list[str], hint: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "memo.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    if args[0] == "new":
        args = [*args, "-o", "out.yaml"]
    result = invoke(args)
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr
    assert hint in result.stderr
    assert not list(tmp_path.glob("*.draft.yaml"))


def test_no_terminal_refusal_in_a_real_process(tmp_path: Path) -> None:
    done = memo_cli("new", "-o", str(tmp_path / "m.yaml"))
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


def test_from_a_sample_without_prompts_gets_todays_date_and_draft(tmp_path: Path) -> None:
    out = tmp_path / "memo.yaml"
    result = invoke(["new", "--from", str(SAMPLES / "ticket-routing-cost.yaml"), "--no-input",
                     "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    memo = load(out).memo
    assert (memo.date, memo.status) == (dt.date.today(), "draft")
    assert memo.title == load(SAMPLES / "ticket-routing-cost.yaml").memo.title
    written = out.read_text(encoding="utf-8")
    assert "requests_per_month: 2400000\n" in written  # counts stay counts: no 2400000.0
    assert "monthly_growth_pct: 2\n" in written and "input_tokens: 3200\n" in written
    both = invoke(["new", "--from", str(SAMPLE), "--answers", str(SAMPLE), "-o",
                   str(tmp_path / "x.yaml")])
    assert both.exit_code == 2 and "give one" in both.stderr


# --- memo new in a terminal --------------------------------------------------------------


def test_new_interactive_writes_file_and_markdown(tmp_path: Path, terminal: None) -> None:
    out = tmp_path / "memo.yaml"
    result = invoke(["new", "-o", str(out)], script_for(to_data(load(SAMPLE).memo)))
    assert result.exit_code == 0, result.stderr
    assert load(out).memo.title == load(SAMPLE).memo.title
    assert (tmp_path / "memo.md").is_file()
    assert not (tmp_path / "memo.draft.yaml").exists()  # the draft is gone once saved


def test_new_from_a_sample_through_the_prompts(tmp_path: Path, terminal: None) -> None:
    """`memo new --from`: the closest shipped case as the start; new date, status draft."""
    out = tmp_path / "memo.yaml"
    start = from_other_memo(to_data(load(SAMPLES / "medical-ner-lora.yaml").memo))
    target = copy.deepcopy(start)
    target["title"] = "LoRA-tune an 8B model to code radiology reports"
    target["costs"]["requests_per_month"] = 120000
    result = invoke(["new", "--from", str(SAMPLES / "medical-ner-lora.yaml"), "-o", str(out)],
                    script_for(target, start))
    assert result.exit_code == 0, result.stderr
    memo = load(out).memo
    assert memo.title == target["title"] and memo.costs.requests_per_month == 120000
    assert (memo.date, memo.status) == (dt.date.today(), "draft")


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


def test_a_draft_is_never_replaced_without_asking(tmp_path: Path, terminal: None) -> None:
    out = tmp_path / "memo.yaml"
    keys = script_for(to_data(load(SAMPLE).memo))
    assert invoke(["new", "-o", str(out)], [*keys[:5], CTRL_C]).exit_code == 130
    draft = tmp_path / "memo.draft.yaml"
    saved = draft.read_text(encoding="utf-8")
    # Stop: nothing changes.
    stopped = invoke(["new", "-o", str(out)], [pick(3)])
    assert stopped.exit_code == 130 and "the draft is unchanged" in stopped.stderr
    assert draft.read_text(encoding="utf-8") == saved
    # Resume (Enter): continues where it stopped.
    resumed = invoke(["new", "-o", str(out)], [ENTER, *keys[5:]])
    assert resumed.exit_code == 0, resumed.stderr
    assert load(out).memo == load(SAMPLE).memo


def test_without_a_terminal_the_draft_is_named_with_its_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "memo.yaml"
    (tmp_path / "memo.draft.yaml").write_text("memo_draft: 1\nanswers: {}\n", encoding="utf-8")
    result = invoke(["new", "-o", str(out)])
    assert result.exit_code == 2
    assert f"continue it in a terminal with `memo new --resume -o {out}`" in result.stderr
    assert (tmp_path / "memo.draft.yaml").read_text(encoding="utf-8").startswith("memo_draft")


def test_an_existing_rendered_memo_is_not_replaced_without_confirmation(
        tmp_path: Path, terminal: None) -> None:
    out = tmp_path / "memo.yaml"
    (tmp_path / "memo.md").write_text("# my own notes\n", encoding="utf-8")
    keys = script_for(to_data(load(SAMPLE).memo))
    result = invoke(["new", "-o", str(out)], [*keys, ENTER])  # "Replace it?" Enter: no
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "memo.md").read_text(encoding="utf-8") == "# my own notes\n"
    assert f"kept {tmp_path / 'memo.md'} as it was" in result.stderr and out.is_file()
    # Yes: replaced.
    out.unlink()
    replaced = invoke(["new", "-o", str(out)], [*keys, "y"])
    assert replaced.exit_code == 0, replaced.stderr
    assert (tmp_path / "memo.md").read_text(encoding="utf-8").startswith("---")
    # --force: replaced without a question (no key left for one).
    out.unlink()
    (tmp_path / "memo.md").write_text("# mine again\n", encoding="utf-8")
    forced = invoke(["new", "--force", "-o", str(out)], keys)
    assert forced.exit_code == 0, forced.stderr
    assert (tmp_path / "memo.md").read_text(encoding="utf-8") != "# mine again\n"


def test_an_answers_file_created_meanwhile_is_not_replaced(tmp_path: Path, terminal: None,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    out = tmp_path / "memo.yaml"
    keys = script_for(to_data(load(SAMPLE).memo))
    import memo.prompt

    real_run = memo.prompt.Questionnaire.run

    def run_then_someone_writes(self: Any) -> Any:
        outcome = real_run(self)
        out.write_text("# someone else's file\n", encoding="utf-8")
        return outcome

    monkeypatch.setattr(memo.prompt.Questionnaire, "run", run_then_someone_writes)
    other = tmp_path / "mine.yaml"
    result = invoke(["new", "-o", str(out)], [*keys, ENTER, text(str(other))])
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == "# someone else's file\n"
    assert load(other).memo == load(SAMPLE).memo


# --- memo edit: the menu -----------------------------------------------------------------


def test_edit_menu_changes_one_section_and_keeps_comments(tmp_path: Path, terminal: None,
                                                          prompts: list[str]) -> None:
    path = copy_sample(tmp_path)
    original = path.read_text(encoding="utf-8")
    before = to_data(load(SAMPLE).memo)
    after = copy.deepcopy(before)
    after["title"] = "A clearer title"
    result = invoke(["edit", str(path)], edit_script(before, after, ["header"]))
    assert result.exit_code == 0, result.stderr
    assert load(path).memo == load(SAMPLE).memo.model_copy(update={"title": "A clearer title"})
    assert (tmp_path / "memo.yaml.bak").read_text(encoding="utf-8") == original
    assert "memo.yaml.bak" in result.stderr
    text_now = path.read_text(encoding="utf-8")
    assert text_now.startswith("# Case: support bot")  # comments and order kept
    assert "input_tokens: 2400          # question + system prompt" in text_now
    # the menu, the cover's nine questions (status picks one, superseded/decided skipped)
    # and the menu again
    assert prompts[0].startswith("What next?") and prompts[-1].startswith("What next?")
    assert len(prompts) == 1 + 7 + 1


def test_edit_refuses_a_rendered_memo(tmp_path: Path) -> None:
    result = invoke(["edit", str(tmp_path / "memo.md")])
    assert result.exit_code == 2


def test_edit_interrupted_then_resumed(tmp_path: Path, terminal: None) -> None:
    path = copy_sample(tmp_path)
    original = path.read_text(encoding="utf-8")
    before = to_data(load(SAMPLE).memo)
    after = copy.deepcopy(before)
    after["problem"]["task"] = "Answer product questions in chat"
    keys = edit_script(before, after, ["problem"])
    stopped = invoke(["edit", str(path)], [*keys[:2], CTRL_C])
    assert stopped.exit_code == 130
    assert f"memo edit {path} --resume" in stopped.stderr
    assert path.read_text(encoding="utf-8") == original  # untouched until the edit ends
    resumed = invoke(["edit", str(path), "--resume"], keys[2:])
    assert resumed.exit_code == 0, resumed.stderr
    assert load(path).memo.problem.task == "Answer product questions in chat"


def test_answers_file_prefills_the_questionnaire(tmp_path: Path, terminal: None) -> None:
    out = tmp_path / "memo.yaml"
    data = to_data(load(SAMPLE).memo)
    result = invoke(["new", "--answers", str(SAMPLE), "-o", str(out)],
                    script_for(data, prefilled=data))
    assert result.exit_code == 0, result.stderr
    assert load(out).memo == load(SAMPLE).memo


# --- memo edit --section ----------------------------------------------------------------


def test_growth_rate_in_fewer_than_ten_prompts_with_section(tmp_path: Path, terminal: None,
                                                            prompts: list[str]) -> None:
    path = copy_sample(tmp_path)
    before = to_data(load(SAMPLE).memo)
    after = copy.deepcopy(before)
    after["costs"]["monthly_growth_pct"] = 5
    result = invoke(["edit", str(path), "--section", "Costs"],
                    section_script(before, after, ["costs"]))
    assert result.exit_code == 0, result.stderr
    assert load(path).memo.costs.monthly_growth_pct == 5
    assert prompts == ["Requests per month?", "Monthly growth in percent?",
                       "Horizon in months?"]
    assert len(prompts) < 10
    assert "Cost numbers (* = proposed):" in result.stdout  # the new numbers are shown
    assert "monthly_growth_pct: 5\n" in path.read_text(encoding="utf-8")
    assert "# managed vector DB" in path.read_text(encoding="utf-8")


def test_section_names_as_the_questionnaire_shows_them(tmp_path: Path, terminal: None) -> None:
    path = copy_sample(tmp_path)
    result = invoke(["edit", str(path), "--section", "Budget"])
    assert result.exit_code == 2
    assert "no section named 'Budget'" in result.stderr
    assert ("the sections are: Problem, Triage, Fix, Fine-tune details, Tried so far, "
            "Alternatives, Costs, Cost options, Evaluation, Maintenance, Risks and rollback, "
            "Cover") in result.stderr


def test_several_sections_are_asked_in_questionnaire_order(tmp_path: Path, terminal: None,
                                                           prompts: list[str]) -> None:
    path = copy_sample(tmp_path)
    before = to_data(load(SAMPLE).memo)
    after = copy.deepcopy(before)
    after["rollback"] = "Flag off in one click; support ops owns it."
    after["problem"]["failure"] = "31% of 400 answers wrong in October."
    keys = section_script(before, after, ["problem", "risks"])
    result = invoke(["edit", str(path), "--section", "risks and rollback", "--section",
                     "problem"], keys)
    assert result.exit_code == 0, result.stderr
    memo = load(path).memo
    assert (memo.rollback, memo.problem.failure) == (after["rollback"],
                                                     after["problem"]["failure"])
    assert prompts[0] == "What must the LLM feature do?"


# --- memo edit --set ---------------------------------------------------------------------


def test_set_a_nested_path_without_prompts(tmp_path: Path) -> None:
    path = copy_sample(tmp_path)
    done = memo_cli("edit", str(path), "--set", "costs.options[0].monthly_serving_usd=2,190",
                    "--set", "costs.monthly_growth_pct=5%", "--set",
                    "costs.options[1].one_time_usd=$8.5k")
    assert done.returncode == 0, done.stderr
    text_now = path.read_text(encoding="utf-8")
    memo = load(path).memo
    assert memo.costs.options[0].monthly_serving_usd == 2190
    assert memo.costs.monthly_growth_pct == 5
    assert memo.costs.options[1].one_time_usd == 8500
    assert "monthly_serving_usd: 2190\n" in text_now  # an integer stays an integer
    assert "one_time_usd: 8500   " in text_now  # the comment after it is kept
    assert "# managed vector DB" in text_now
    assert done.stderr.splitlines()[:3] == [
        "costs.options[0].monthly_serving_usd: (not set) -> 2190",
        "costs.monthly_growth_pct: 3 -> 5",
        "costs.options[1].one_time_usd: 8000 -> 8500"]
    assert (tmp_path / "memo.yaml.bak").read_text(encoding="utf-8") == SAMPLE.read_text(
        encoding="utf-8")


def test_growth_rate_with_set_takes_no_prompt(tmp_path: Path, prompts: list[str]) -> None:
    path = copy_sample(tmp_path)
    result = invoke(["edit", str(path), "--set", "costs.monthly_growth_pct=5"])  # no terminal
    assert result.exit_code == 0, result.stderr
    assert prompts == []
    assert load(path).memo.costs.monthly_growth_pct == 5


@pytest.mark.parametrize(("assignment", "message"), [
    ("costs.growth=5", "--set costs.growth=5: costs.growth is not a field of the answers "
                       "file"),
    ("costs.monthly_growth_pct=lots", "--set costs.monthly_growth_pct=lots: expected a "
                                      "number, got 'lots'"),
    ("costs.options[3].name=x", "--set costs.options[3].name=x: costs.options has 2 "
                                "entries; [3] is beyond the end"),
    ("fix.kind=magic", "--set fix.kind=magic: expected one of prompt, few_shot, "
                       "structured_output, caching, model_swap, workflow, rag, fine_tune, "
                       "rag_fine_tune, got 'magic'"),
    ("fine_tune.training_examples=20k", "--set fine_tune.training_examples=20k: the Fine-tune "
                                        "details section does not apply to this memo"),
    ("title", "--set title: expected PATH=VALUE"),
    ("costs.options[0].input_tokens=1,5", "'1,5': a comma separates thousands (1,500)"),
])
def test_set_refuses_bad_values_and_writes_nothing(tmp_path: Path, assignment: str,
                                                   message: str) -> None:
    path = copy_sample(tmp_path)
    result = invoke(["edit", str(path), "--set", "costs.monthly_growth_pct=9", "--set",
                     assignment])
    assert result.exit_code == 2
    assert message in result.stderr
    assert path.read_text(encoding="utf-8") == SAMPLE.read_text(encoding="utf-8")
    assert not (tmp_path / "memo.yaml.bak").exists()


def test_set_flags_the_sections_that_depend_on_the_fix(tmp_path: Path) -> None:
    path = copy_sample(tmp_path, "medical-ner-lora.yaml")
    result = invoke(["edit", str(path), "--set", "fix.kind=rag", "--set",
                     "fix.override_reason=The hospital will not host GPUs"])
    assert result.exit_code == 0, result.stderr
    memo = load(path).memo
    assert memo.fix.kind == "rag" and memo.fine_tune is None
    assert ("Fine-tune details no longer applies (only for a fine-tune or retrieval plus a "
            "fine-tune): its answers are removed") in result.stderr
    assert ("these sections depend on what changed; review them: Alternatives, Cost options "
            f"(`memo edit {path} --section Alternatives --section \"Cost options\"`)"
            in result.stderr)


def test_set_adds_and_removes_list_entries(tmp_path: Path) -> None:
    path = copy_sample(tmp_path)
    result = invoke(["edit", str(path), "--set", "risks[2].risk=Vendor outage",
                     "--set", "risks[2].mitigation=Fall back to the old prompt",
                     "--set", "alternatives[1]=", "--set", "diagnosis=knowledge,format"])
    assert result.exit_code == 0, result.stderr
    memo = load(path).memo
    assert memo.risks[2].risk == "Vendor outage"
    assert [a.kind for a in memo.alternatives] == ["fine_tune"]
    assert memo.diagnosis == ["knowledge", "format"]


def test_set_and_section_do_not_combine(tmp_path: Path) -> None:
    path = copy_sample(tmp_path)
    result = invoke(["edit", str(path), "--set", "title=x", "--section", "Cover"])
    assert result.exit_code == 2 and "does not combine" in result.stderr


# --- the finish: a format that does not fit one page -------------------------------------

LONG = (" Retrieval keeps the answers current while the catalogue changes every week, and "
        "the prototype already reached ninety percent on the held-out questions.") * 24


def overflowing(tmp_path: Path) -> Path:
    path = copy_sample(tmp_path)
    data = to_data(load(path).memo)
    data["fix"]["rationale"] += LONG
    from memo.answers import dump_yaml

    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


FORMATS_MD_PDF = [pick(2), SPACE + DOWN + DOWN + SPACE + ENTER]  # menu: formats; tick md, pdf


def test_a_format_that_overflows_is_skipped_the_others_written(tmp_path: Path,
                                                               terminal: None) -> None:
    path = overflowing(tmp_path)
    result = invoke(["edit", str(path)], [*FORMATS_MD_PDF, ENTER])
    assert result.exit_code == 3, result.stderr
    assert "PDF: does not fit on one page even at the smallest type" in result.stdout
    assert "Shorten the sections marked 'longest' below" in result.stdout
    assert (tmp_path / "memo.md").is_file()  # the other format is written
    assert not (tmp_path / "memo.pdf").exists()
    assert load(path).memo.fix.rationale.endswith("held-out questions.")  # answers saved
    assert "pdf: not written: does not fit on one page" in result.stderr
    assert (f"hint: shorten it with `memo edit {path} --section Fix`, then write it with "
            f"`memo render {path} -f pdf`") in result.stderr
    assert not (tmp_path / "memo.draft.yaml").exists()


def test_going_back_to_shorten_then_every_format_is_written(tmp_path: Path,
                                                           terminal: None) -> None:
    path = overflowing(tmp_path)
    short = "Retrieval serves this week's catalogue; a fine-tune would freeze it."
    keys = [*FORMATS_MD_PDF,
            pick(SECTION_KEYS["fix"]),  # the way back: the section with the longest text
            ENTER, ENTER, text(short),  # kind, supporting parts kept; rationale shortened
            ENTER]  # save and finish
    result = invoke(["edit", str(path)], keys)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("One page, as the renderer measures it:") == 2
    assert "PDF: fits on one page" in result.stdout
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "memo.pdf").pages) == 1
    assert load(path).memo.fix.rationale == short


# --- completion, closed pipes -------------------------------------------------------------


def test_shell_completion_offers_section_names_and_field_paths(tmp_path: Path) -> None:
    sections = memo_cli(_MEMO_COMPLETE="bash_complete", COMP_WORDS="memo edit m.yaml "
                        "--section F", COMP_CWORD="4")
    assert sections.returncode == 0
    # one shell word per section, matched like the title the questionnaire shows
    assert sections.stdout.splitlines() == ["plain,fix", "plain,fine-tune-details"]
    paths = memo_cli(_MEMO_COMPLETE="bash_complete", COMP_WORDS="memo edit m.yaml --set "
                     "costs.mon", COMP_CWORD="4")
    assert "plain,costs.monthly_growth_pct=" in paths.stdout
    script = memo_cli(_MEMO_COMPLETE="zsh_source")
    assert script.returncode == 0 and "compdef _memo_completion memo" in script.stdout


@pytest.mark.parametrize("command", ["prices", "schema", "edit --help"])
def test_a_closed_pipe_ends_quietly(command: str) -> None:
    done = subprocess.run(f"{sys.executable} -m memo {command} | head -1", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 1


def test_an_unfinished_edit_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    path = copy_sample(tmp_path)
    draft = tmp_path / "memo.draft.yaml"
    draft.write_text("memo_draft: 1\nmode: edit\nanswers: {}\n", encoding="utf-8")
    no_tty = invoke(["edit", str(path)])
    assert no_tty.exit_code == 2
    assert f"continue it in a terminal with `memo edit {path} --resume`" in no_tty.stderr
    # --set needs no terminal and leaves the draft alone, but says it lacks the change
    changed = invoke(["edit", str(path), "--set", "costs.monthly_growth_pct=4"])
    assert changed.exit_code == 0
    assert (f"an unfinished edit draft exists ({draft}); it does not include these changes"
            in changed.stderr)
    assert draft.read_text(encoding="utf-8").startswith("memo_draft: 1")


def test_set_after_memo_new_changes_only_that_line(tmp_path: Path) -> None:
    # The first --set on a file memo wrote re-wrapped nine long values (ruamel wraps text
    # differently from the writer memo new uses): noisy git diffs for a one-number change.
    target = tmp_path / "memo.yaml"
    result = invoke(["new", "--answers", str(SAMPLES / "medical-ner-lora.yaml"), "--no-input",
                     "-o", str(target)])
    assert result.exit_code == 0, result.output
    before = target.read_text(encoding="utf-8").splitlines()
    result = invoke(["edit", str(target), "--set", "costs.monthly_growth_pct=5"])
    assert result.exit_code == 0, result.output
    after = target.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("  monthly_growth_pct: 0", "  monthly_growth_pct: 5")]


def test_set_on_a_commented_file_keeps_its_comments(tmp_path: Path) -> None:
    target = tmp_path / "memo.yaml"
    text = (SAMPLES / "support-bot-rag.yaml").read_text(encoding="utf-8")
    target.write_text("# reviewed by Ana\n" + text, encoding="utf-8")
    result = invoke(["edit", str(target), "--set", "costs.monthly_growth_pct=5"])
    assert result.exit_code == 0, result.output
    saved = target.read_text(encoding="utf-8")
    assert saved.startswith("# reviewed by Ana\n") and "monthly_growth_pct: 5" in saved


def test_set_names_the_rendered_memos_it_leaves_behind(tmp_path: Path) -> None:
    # memo.md and memo.pdf beside memo.yaml still showed 12k requests after --set said 15k.
    target = tmp_path / "memo.yaml"
    target.write_text((SAMPLES / "support-bot-rag.yaml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    for suffix in (".md", ".docx"):
        target.with_suffix(suffix).write_text("rendered before\n", encoding="utf-8")
    result = invoke(["edit", str(target), "--set", "costs.monthly_growth_pct=5"])
    assert result.exit_code == 0, result.output
    assert (f"memo.md, memo.docx still show the previous answers; render again with "
            f"`memo render {target} -f md -f docx`") in result.stderr
    target.with_suffix(".md").unlink()
    target.with_suffix(".docx").unlink()
    result = invoke(["edit", str(target), "--set", "costs.monthly_growth_pct=4"])
    assert "still show the previous answers" not in result.stderr


def test_changing_a_triage_answer_ticks_the_gaps_again(tmp_path: Path, terminal: None,
                                                       prompts: list[str]) -> None:
    # The gaps checkbox says "ticked from your yes answers"; after capability changed to
    # yes in `memo edit` it kept the old ticks, and Enter kept them (then MEMO-GAP-003).
    # Now it is ticked from the new answers: the keys for it need no Space at all.
    from prompt_driver import SPACE

    path = copy_sample(tmp_path)
    before = to_data(load(SAMPLE).memo)
    after = copy.deepcopy(before)
    after["triage"]["capability_gap"] = "yes"
    after["diagnosis"] = ["capability", "knowledge"]
    keys = section_script(before, after, ["triage"])
    result = invoke(["edit", str(path), "--section", "Triage"], keys)
    assert result.exit_code == 0, result.stderr
    gaps_keys = keys[prompts.index("Which gaps does the memo name?")]
    assert SPACE not in gaps_keys  # already ticked: capability and knowledge
    assert [g.value for g in load(path).memo.diagnosis] == ["capability", "knowledge"]
