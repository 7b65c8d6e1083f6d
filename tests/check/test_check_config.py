"""Rule selection and config precedence: command line > .memo.toml > pyproject > defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_helpers import AS_OF, Run

from memo.config import CheckConfig, find_config, load_config, resolve
from memo.errors import UserError
from memo.rules import all_rules, select_rules


def _rules(result) -> set[str]:
    document = json.loads(result.stdout)
    return {f["rule"] for file in document["files"] for f in file["findings"]}


@pytest.mark.parametrize(("select", "ignore", "expected"), [
    (None, None, {r.id for r in all_rules()}),
    (["ALL"], None, {r.id for r in all_rules()}),
    (["MEMO-GAP-002"], None, {"MEMO-GAP-002"}),
    (["gap"], ["MEMO-GAP-001", "memo-gap-002"],
     {r.id for r in all_rules() if r.group == "GAP"} - {"MEMO-GAP-001", "MEMO-GAP-002"}),
    (["MEMO-DOC-1"], None, {f"MEMO-DOC-{n}" for n in range(101, 111)}),
    (["MEMO-COST", "OPS-001"], ["COST"], {"MEMO-OPS-001"}),
])
def test_select_and_ignore(select: list[str] | None, ignore: list[str] | None,
                           expected: set[str]) -> None:
    assert {r.id for r in select_rules(select, ignore)} == expected


def test_unknown_selector_is_a_usage_error(run_check: Run, memo_files: dict[str, Path]) -> None:
    with pytest.raises(UserError, match="'MEMO-NOPE' names no rule"):
        select_rules(["MEMO-NOPE"])
    result = run_check("--ignore", "XYZ", memo_files["clean"])
    assert result.exit_code == 2
    assert "names no rule" in result.stderr


def test_cli_select_and_ignore(run_check: Run, memo_files: dict[str, Path]) -> None:
    files = (memo_files["warn"], memo_files["error"])
    base = ("--format", "json", "--as-of", AS_OF)
    assert _rules(run_check(*base, *files)) == {"MEMO-GAP-007", "MEMO-OPS-003"}
    assert _rules(run_check(*base, "--select", "GAP", *files)) == {"MEMO-GAP-007"}
    result = run_check(*base, "--ignore", "OPS,MEMO-GAP-007", *files)
    assert _rules(result) == set() and result.exit_code == 0
    assert _rules(run_check(*base, "--select", "OPS", "--select", "GAP", *files)) == {
        "MEMO-GAP-007", "MEMO-OPS-003"}


def test_input_errors_cannot_be_ignored(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", "--ignore", "ALL", memo_files["broken"])
    assert _rules(result) == {"MEMO-INPUT"} and result.exit_code == 2


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_tool_memo_sets_defaults(run_check: Run, workdir: Path,
                                           memo_files: dict[str, Path]) -> None:
    _write(workdir / "pyproject.toml", '[project]\nname = "x"\n\n[tool.memo]\n'
           'ignore = ["MEMO-OPS-003"]\nstrict = true\n')
    result = run_check("--format", "json", "--as-of", AS_OF, memo_files["warn"],
                       memo_files["error"])
    assert _rules(result) == {"MEMO-GAP-007"}
    assert result.exit_code == 1  # strict from the config: the warning fails
    # the command line wins, key by key
    result = run_check("--format", "json", "--as-of", AS_OF, "--no-strict", "--ignore", "GAP",
                       memo_files["warn"], memo_files["error"])
    assert _rules(result) == {"MEMO-OPS-003"} and result.exit_code == 1
    result = run_check("--format", "json", "--as-of", AS_OF, "--no-config",
                       memo_files["warn"], memo_files["error"])
    assert _rules(result) == {"MEMO-GAP-007", "MEMO-OPS-003"}


def test_dot_memo_toml_wins_over_pyproject_in_one_folder(workdir: Path) -> None:
    _write(workdir / "pyproject.toml", "[tool.memo]\nstrict = true\n")
    _write(workdir / ".memo.toml", "price-max-age-days = 30\n")
    config = resolve(workdir)
    assert config.source == str((workdir / ".memo.toml").resolve())
    assert (config.strict, config.price_max_age_days) == (False, 30)
    assert config.origin["price_max_age_days"] == "config"
    assert config.origin["strict"] == "default"


def test_the_nearest_config_wins(workdir: Path) -> None:
    _write(workdir / ".memo.toml", "strict = true\n")
    inner = workdir / "team"
    inner.mkdir()
    _write(inner / "pyproject.toml", "[tool.memo]\nselect = ['GAP']\n")
    _write(inner / "other.toml", "[tool.black]\n")
    assert find_config(inner) == (inner / "pyproject.toml").resolve()
    assert resolve(inner).select == ("GAP",) and resolve(inner).strict is False
    _write(inner / "pyproject.toml", "[project]\nname = 'no memo table'\n")
    assert find_config(inner) == (workdir / ".memo.toml").resolve()


def test_explicit_config_file(run_check: Run, workdir: Path,
                              memo_files: dict[str, Path]) -> None:
    _write(workdir / ".memo.toml", "strict = true\n")
    custom = _write(workdir / "ci.toml", "select = ['OPS']\n")
    result = run_check("--config", custom, "--format", "json", "--as-of", AS_OF,
                       memo_files["warn"], memo_files["error"])
    assert _rules(result) == {"MEMO-OPS-003"}
    assert load_config(custom).source == str(custom)


def test_merged_keeps_config_values_the_cli_did_not_give() -> None:
    config = CheckConfig(select=("GAP",), strict=True, origin={"select": "config"})
    merged = config.merged(select=None, ignore=("GAP-007",), strict=None,
                           price_max_age_days=10)
    assert merged.select == ("GAP",) and merged.strict is True
    assert merged.ignore == ("GAP-007",) and merged.price_max_age_days == 10
    assert merged.origin["ignore"] == "cli" and merged.origin["select"] == "config"


@pytest.mark.parametrize(("text", "message"), [
    ("colour = true\n", "unknown key 'colour'"),
    ("strict = 'yes'\n", "strict must be true or false"),
    ("price_max_age_days = -1\n", "whole number of days"),
    ("select = 3\n", "expected a list of rule ids"),
    ("select = [\n", "invalid TOML"),
])
def test_bad_config_is_a_usage_error(run_check: Run, workdir: Path,
                                     memo_files: dict[str, Path], text: str,
                                     message: str) -> None:
    _write(workdir / ".memo.toml", text)
    result = run_check(memo_files["clean"])
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(("name", "text", "where"), [
    (".memo.toml", 'strict = false\nignore = [\n  "GAP",\n  "COST-999",\n]\n',
     ":4: ignore: 'COST-999'"),
    (".memo.toml", 'ignore = "GAP, COST-999"\n', ":1: ignore: 'COST-999'"),
    (".memo.toml", "select = ['ALL']\nignore = ['COST-999']\n",
     ":2: ignore: 'COST-999'"),
    ("pyproject.toml", '[project]\nname = "x"\nignore = ["NOPE"]\n\n[tool.memo]\n'
     'select = ["ALL"]\nignore = ["MEMO-FIX-005", "NOPE"]\n',
     ":7: tool.memo.ignore: 'NOPE'"),
])
def test_unknown_rule_in_the_config_names_the_file_key_and_line(
        run_check: Run, workdir: Path, memo_files: dict[str, Path], name: str, text: str,
        where: str) -> None:
    """A typo in the config file is reported there, not as a --select/--ignore entry."""
    config = _write(workdir / name, text)
    result = run_check(memo_files["clean"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"memo: error: {config.resolve()}{where} names no rule")
    # typed on the command line, the same entry is still the command line's
    result = run_check("--isolated", "--ignore", "COST-999", memo_files["clean"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "memo: error: --select/--ignore: 'COST-999' names no rule")
