"""Fixtures for `memo check`: memo files of known verdicts and a runner in a clean folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_helpers import FIXTURES, Run
from click.testing import CliRunner, Result

from memo.cli import cli


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder (no config file above it that memo would pick up)."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def memo_files(workdir: Path) -> dict[str, Path]:
    """The fixtures copied into the working folder (the current one), by relative path."""
    copies = {}
    for source in FIXTURES.iterdir():
        shutil.copy(source, workdir / source.name)
        copies[source.stem] = Path(source.name)
    return copies


@pytest.fixture
def run_check(workdir: Path) -> Run:
    def run(*args: str | Path) -> Result:
        return CliRunner().invoke(cli, ["check", *(str(a) for a in args)])

    return run
