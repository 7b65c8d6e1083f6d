"""Exit codes for mixes of clean, warning, error and unreadable files; folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_helpers import AS_OF, Run


@pytest.mark.parametrize(("names", "strict", "code"), [
    (["clean"], False, 0),
    (["warn"], False, 0),
    (["warn"], True, 1),
    (["clean", "warn"], False, 0),
    (["error"], False, 1),
    (["clean", "warn", "error"], False, 1),
    (["broken"], False, 2),
    (["clean", "broken"], False, 2),
    (["error", "broken"], False, 2),
    (["warn", "error", "broken"], True, 2),
    (["handwritten-complete"], True, 0),
    (["handwritten-partial"], False, 1),
])
def test_exit_code(run_check: Run, memo_files: dict[str, Path], names: list[str],
                   strict: bool, code: int) -> None:
    args = ["--as-of", AS_OF, *(memo_files[n] for n in names)]
    result = run_check(*(["--strict", *args] if strict else args))
    assert result.exit_code == code, result.output


def test_a_missing_file_is_unreadable(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", "--as-of", AS_OF, memo_files["clean"], "nope.yaml")
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert files[1]["findings"][0]["rule"] == "MEMO-INPUT"
    assert "no such file" in files[1]["findings"][0]["message"]


def test_folders_are_searched_and_non_memos_skipped(run_check: Run, workdir: Path,
                                                    memo_files: dict[str, Path]) -> None:
    nested = workdir / "memos" / "2026"
    nested.mkdir(parents=True)
    for name in ("clean", "warn"):
        (nested / memo_files[name].name).write_bytes(memo_files[name].read_bytes())
    (nested / "hand.md").write_bytes(memo_files["handwritten-partial"].read_bytes())
    (workdir / "memos" / "README.md").write_text("# Memos\n\nHow we write memos.\n")
    (workdir / "memos" / "ci.yaml").write_text("on: push\n")
    (workdir / "memos" / "notes.txt").write_text("schema_version: 1\n")
    (workdir / "memos" / ".hidden").mkdir()
    (workdir / "memos" / ".hidden" / "x.yaml").write_text("schema_version: 1\n")
    result = run_check("--format", "json", "--as-of", AS_OF, "memos")
    paths = [Path(f["path"]).name for f in json.loads(result.stdout)["files"]]
    assert paths == ["clean.yaml", "hand.md", "warn.yaml"]
    assert result.exit_code == 1  # the hand-written memo is incomplete


def test_a_file_named_twice_is_checked_once(run_check: Run, workdir: Path,
                                            memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", "--as-of", AS_OF, memo_files["clean"], ".",
                       memo_files["clean"])
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert len(paths) == len(set(Path(p).resolve() for p in paths))


def test_no_memo_files_is_a_usage_error(run_check: Run, workdir: Path) -> None:
    (workdir / "README.md").write_text("# Hello\n")
    result = run_check(".")
    assert result.exit_code == 2
    assert "no memo files found" in result.stderr


def test_only_memos_skips_named_non_memos(run_check: Run, workdir: Path,
                                          memo_files: dict[str, Path]) -> None:
    (workdir / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = run_check("--only-memos", "--as-of", AS_OF, ".pre-commit-config.yaml")
    assert result.exit_code == 0 and result.stdout == ""
    result = run_check("--only-memos", "--as-of", AS_OF, ".pre-commit-config.yaml",
                       memo_files["error"])
    assert result.exit_code == 1
    assert "pre-commit-config" not in result.stdout


def test_bad_as_of_is_a_usage_error(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--as-of", "next week", memo_files["clean"])
    assert result.exit_code == 2
    assert "is not a date" in result.stderr
