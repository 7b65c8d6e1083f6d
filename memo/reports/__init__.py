"""Check reports: one pure function per ``--format``, from a CheckRun to text."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from memo.checking import CheckRun


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


Reporter = Callable[[CheckRun, bool, bool], str]  # (run, strict, colour) -> text

_REPORTERS: dict[ReportFormat, str] = {
    ReportFormat.TEXT: "memo.reports.text:report",
    ReportFormat.JSON: "memo.reports.json_report:report",
    ReportFormat.SARIF: "memo.reports.sarif:report",
    ReportFormat.GITHUB: "memo.reports.github:report",
}


def display_path(path: str) -> str:
    """A path as CI tools want it: relative to the current folder when it lies inside it."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path
    return candidate.as_posix()


def reporter_for(fmt: ReportFormat) -> Reporter:
    module, _, function = _REPORTERS[fmt].partition(":")
    return getattr(importlib.import_module(module), function)
