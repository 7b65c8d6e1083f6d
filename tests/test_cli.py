"""The CLI end to end: through click's runner and as a real subprocess."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from memo.answers import load
from memo.cli import cli, main
from memo.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

GOOD = SAMPLES / "support-bot-rag.yaml"
WEAK = SAMPLES / "weak-memo.yaml"


AS_OF = "2026-11-25"  # staleness rules compare with this date, so the tests do not age


def run(*args: str) -> tuple[int, str, str]:
    if args and args[0] == "check":
        args = (*args, "--as-of", AS_OF)
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def memo_subprocess(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "memo", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_schema_is_a_valid_json_schema_that_accepts_the_samples() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    for sample in sorted(SAMPLES.glob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(sample.read_text()), default=str))
        jsonschema.validate(data, schema)
    assert set(schema["required"]) == {"schema_version", "title", "fix"}


def test_rules_lists_every_rule_once() -> None:
    code, out, _ = run("rules")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == [r.id for r in all_rules()]
    assert "MEMO-GAP-002" in listed


def test_rules_explains_one_rule() -> None:
    code, out, _ = run("rules", "memo-gap-002")
    assert code == 0
    assert out.startswith("MEMO-GAP-002 (error): A knowledge gap is not fixed by fine-tuning")
    assert "Why it matters:" in out and "Hint: Retrieve the facts" in out


def test_unknown_rule_is_a_usage_error() -> None:
    code, _, err = run("rules", "MEMO-XYZ-999")
    assert code == 2
    assert "memo: error: RULE_ID: no rule 'MEMO-XYZ-999'" in err
    assert "Traceback" not in err


def test_rules_takes_the_spellings_check_select_takes(monkeypatch: pytest.MonkeyPatch) -> None:
    """`memo rules` reads a selector as `memo check --select` does (one resolver)."""
    monkeypatch.setenv("COLUMNS", "80")
    full = run("rules", "MEMO-GAP-002")
    assert full[0] == 0
    assert run("rules", "GAP-002") == full == run("rules", "gap-002")
    code, out, _ = run("rules", "GAP")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [
        f"MEMO-GAP-{n:03}" for n in range(1, 12)]
    assert out.splitlines()[1] == (
        "MEMO-GAP-002   error    A knowledge gap is not fixed by fine-tuning alone")
    code, out, _ = run("rules", "memo-doc-1")
    assert (code, [line.split()[0] for line in out.splitlines()]) == (
        0, [f"MEMO-DOC-{n}" for n in range(101, 111)])


def test_rules_explains_memo_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run("rules", "MEMO-INPUT")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "MEMO-INPUT (error, exit 2): The file cannot be read as a memo"
    assert lines[2].startswith("What it checks: every file `memo check` is given")
    assert ("Unlike a checklist error (exit 1), a MEMO-INPUT finding makes `memo check` exit 2"
            in " ".join(lines))
    assert lines[-1] == "Hint: fix the file so it loads"
    assert run("rules", "input") == (code, out, "")


@pytest.mark.parametrize("width", [60, 80, 100])
def test_rule_explanations_wrap_evenly(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """Every line is filled: no line is longer than the width, and no line ends early when
    the next word would have fitted (MEMO-DOC-101 had a 68-column line before a 120)."""
    monkeypatch.setenv("COLUMNS", str(width))
    for rule in all_rules():
        code, out, _ = run("rules", rule.id)
        assert code == 0
        for paragraph in out.split("\n\n")[1:]:
            lines = paragraph.splitlines()
            assert all(len(line) <= width for line in lines), (rule.id, paragraph)
            for line, following in itertools.pairwise(lines):
                assert len(line) + 1 + len(following.split()[0]) > width, (rule.id, line)


def test_wrap_text_keeps_lists_and_indented_blocks() -> None:
    from memo.cli.rules import wrap_text

    text = ("A paragraph wrapped\nat an odd column by its author.\n\n"
            "- first item that runs long enough to wrap\n  onto a second line\n"
            "- second item\n\n    code  stays   as it is\n    | a | table |")
    assert wrap_text(text, 30) == (
        "A paragraph wrapped at an odd\ncolumn by its author.\n\n"
        "- first item that runs long\n  enough to wrap onto a second\n  line\n"
        "- second item\n\n    code  stays   as it is\n    | a | table |")


def test_check_passes_a_good_sample_and_fails_the_weak_one() -> None:
    code, out, _ = run("check", str(GOOD))
    assert (code, out.splitlines()[-1]) == (0, "1 file checked: 0 errors, 0 warnings")
    code, out, _ = run("check", str(WEAK))
    assert code == 1
    assert f"{WEAK}:" in out and "MEMO-GAP-002 error" in out


def test_check_samples_folder_json(tmp_path: Path) -> None:
    code, out, _ = run("check", str(SAMPLES), "--format", "json")
    assert code == 1
    report = json.loads(out)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert sorted(by_name) == sorted(p.name for p in SAMPLES.glob("*.yaml"))
    for name, result in by_name.items():
        assert result["ok"] is (name != "weak-memo.yaml"), name
    assert report["errors"] == sum(
        1 for f in by_name["weak-memo.yaml"]["findings"] if f["severity"] == "error")
    first = by_name["weak-memo.yaml"]["findings"][0]
    assert set(first) >= {"rule", "severity", "message", "field", "hint"}


def test_check_unreadable_file_is_exit_2_with_memo_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ntitle: [unclosed\n")
    code, out, _ = run("check", str(bad), str(GOOD), "--format", "json")
    assert code == 2
    report = json.loads(out)
    finding = report["files"][0]["findings"][0]
    assert finding["rule"] == "MEMO-INPUT" and finding["severity"] == "error"
    assert finding["line"] == 3
    assert report["files"][1]["ok"] is True


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    data = yaml.safe_load(GOOD.read_text())
    data["risks"][0]["mitigation"] = ""  # MEMO-OPS-004 is a warning
    memo = tmp_path / "warn.yaml"
    memo.write_text(yaml.safe_dump(data, sort_keys=False))
    assert run("check", str(memo))[0] == 0
    code, out, _ = run("check", str(memo), "--strict")
    assert code == 1
    assert "MEMO-OPS-004 warning risk 1 has no mitigation" in out


def test_check_reports_the_line_of_the_field(tmp_path: Path) -> None:
    data = yaml.safe_load(GOOD.read_text())
    data["owner"] = ""
    memo = tmp_path / "no-owner.yaml"
    memo.write_text(yaml.safe_dump(data, sort_keys=False))
    line = next(i for i, s in enumerate(memo.read_text().splitlines(), 1) if s.startswith("owner"))
    code, out, _ = run("check", str(memo))
    assert code == 1
    assert f"{memo}:{line}: MEMO-OPS-001 error the decision has no owner" in out


def test_render_markdown_round_trips_through_check(tmp_path: Path) -> None:
    out_file = tmp_path / "memo.md"
    code, _, err = run("render", str(GOOD), "-f", "md", "-o", str(out_file))
    assert code == 0, err
    text = out_file.read_text()
    assert text.startswith("---\nschema_version: 1\n")
    assert run("check", str(out_file))[0] == 0


def test_render_several_formats_uses_the_stem(tmp_path: Path) -> None:
    source = tmp_path / "case.yaml"
    source.write_text(GOOD.read_text())
    code, _, err = run("render", str(source), "-f", "md", "-f", "md")
    assert code == 0, err
    assert (tmp_path / "case.md").is_file()


def test_render_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    md = tmp_path / "memo.md"
    assert run("render", str(GOOD), "-f", "md", "-o", str(md))[0] == 0
    before = md.read_text()
    code, _, err = run("render", str(md), "-f", "md")
    assert code == 2
    assert "would overwrite the input file" in err
    assert md.read_text() == before


def test_new_no_input_writes_and_refuses_to_clobber(tmp_path: Path) -> None:
    out_file = tmp_path / "memo.yaml"
    code, _, err = run("new", "--answers", str(GOOD), "--no-input", "-o", str(out_file))
    assert code == 0, err
    assert load(out_file).memo == load(GOOD).memo
    # Only the fields the user gave are written, with the triage answers spelled as text.
    assert yaml.safe_load(out_file.read_text()).keys() == yaml.safe_load(GOOD.read_text()).keys()
    assert "knowledge_gap: 'yes'" in out_file.read_text()
    out_file.write_text("keep me")
    code, _, err = run("new", "--answers", str(GOOD), "--no-input", "-o", str(out_file))
    assert code == 2
    assert "already exists" in err
    assert out_file.read_text() == "keep me"


def test_new_no_input_with_bad_answers_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.read_text().replace("requests_per_month:", "requests_per_month: lots\n"
                                                                    "#", 1))
    line = next(i for i, s in enumerate(bad.read_text().splitlines(), 1)
                if "requests_per_month" in s)
    code, _, err = run("new", "--answers", str(bad), "--no-input", "-o", str(tmp_path / "o.yaml"))
    assert code == 2
    assert f"memo: error: {bad}:{line}:" in err
    assert "costs.requests_per_month: expected a number, got 'lots'" in err
    assert not (tmp_path / "o.yaml").exists()


def test_cost_json_matches_the_cost_model() -> None:
    code, out, _ = run("cost", str(GOOD), "--json")
    assert code == 0
    figures = json.loads(out)
    data = yaml.safe_load(GOOD.read_text())
    first = data["costs"]["options"][0]
    expected = (first["input_tokens"] * first["input_price_per_mtok"]
                + first["output_tokens"] * first["output_price_per_mtok"]) / 1e6 \
        + first.get("extra_per_request_usd", 0)
    assert figures["options"][0]["per_request_usd"] == pytest.approx(expected)
    assert len(figures["options"][0]["cumulative_usd"]) == data["costs"]["horizon_months"] + 1


def test_cost_table_names_every_option() -> None:
    code, out, _ = run("cost", str(GOOD))
    assert code == 0
    for option in yaml.safe_load(GOOD.read_text())["costs"]["options"]:
        assert option["name"][:20] in out
    assert "against Fine-tuned gpt-4o-mini: cheaper from the start and stays cheaper" in " ".join(
        out.split())


@pytest.mark.parametrize(("tail", "where"), [
    ("", ""),  # no costs block: the file alone
    ("costs:\n  horizon_months: 12\n", ":5:1"),  # a costs block without options: its line
    ("costs:\n  options: []\n", ":6:3"),
])
def test_cost_without_options_names_the_file(tmp_path: Path, tail: str, where: str) -> None:
    memo = tmp_path / "min.yaml"
    memo.write_text("schema_version: 1\ntitle: A thing\nfix:\n  kind: fine_tune\n" + tail)
    code, out, err = run("cost", str(memo))
    assert (code, out) == (2, "")
    assert err == (f"memo: error: {memo}{where}: costs.options: the memo has no cost options\n"
                   "  hint: add `costs:` with an option per approach compared\n")


def test_main_returns_exit_codes() -> None:
    assert main(["check", str(GOOD), "--as-of", AS_OF]) == 0
    assert main(["check", str(WEAK), "--as-of", AS_OF]) == 1
    assert main(["check", "/no/such/file.yaml"]) == 2
    assert main(["no-such-command"]) == 2


def test_python_m_memo_subprocess_check_and_help() -> None:
    result = memo_subprocess("check", "samples/weak-memo.yaml", "--format", "json",
                             "--as-of", AS_OF)
    assert result.returncode == 1
    assert json.loads(result.stdout)["errors"] > 0
    help_result = memo_subprocess("--help")
    assert help_result.returncode == 0 and "memo new" in help_result.stdout


def test_help_imports_no_heavy_library() -> None:
    probe = ("import sys; from memo.cli import main\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "heavy = {'weasyprint', 'docx', 'questionary', 'jinja2', 'rich', 'pydantic', 'PIL'}\n"
             "print(sorted(heavy & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_rules_doc_is_current() -> None:
    from memo.docs import RULES_DOC, rules_markdown

    assert RULES_DOC.read_text(encoding="utf-8") == rules_markdown(), "run `make docs`"


def test_an_unexpected_exception_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    import memo.checking

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(memo.checking, "check_paths", broken)
    code, _out, err = run("check", str(GOOD))
    assert code == 2  # an internal error is not "checklist errors" (1): CI must tell them apart
    assert err.splitlines() == [
        "memo: internal error: ZeroDivisionError: division by zero",
        "  hint: this is a bug in memo; rerun with MEMO_DEBUG=1 for the traceback and report it",
    ]
    monkeypatch.setenv("MEMO_DEBUG", "1")
    result = CliRunner().invoke(cli, ["check", str(GOOD)])
    assert isinstance(result.exception, ZeroDivisionError)


def test_check_on_a_folder_without_memos_names_it(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = run("check", str(tmp_path))
    assert code == 2
    assert f"memo: error: PATH: no memo files found in {tmp_path}" in err
