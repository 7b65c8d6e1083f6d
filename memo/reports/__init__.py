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

# Findings listed per file by the line formats (text, github); JSON and SARIF list them all
# (the loader's caps on list lengths and problems per file keep those bounded too).
MAX_SHOWN = 100

_REPORTERS: dict[ReportFormat, str] = {
    ReportFormat.TEXT: "memo.reports.text:report",
    ReportFormat.JSON: "memo.reports.json_report:report",
    ReportFormat.SARIF: "memo.reports.sarif:report",
    ReportFormat.GITHUB: "memo.reports.github:report",
}


def display_path(path: str, *, keep: bool = False) -> str:
    """A path as CI tools want it: relative to the current folder when it lies inside it.

    ``keep``: the path as the user gave it (the text report). A path that starts like a
    workflow command (``::``, ``##[``) gets ``./`` in front: the same file, never a command.
    """
    candidate = Path(path)
    shown = path if keep else candidate.as_posix()
    if candidate.is_absolute() and not keep:
        try:
            shown = candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            shown = path
    if shown.lstrip().startswith(("::", "##[")):
        shown = "./" + shown
    return shown


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' * (count != 1)}"


def reporter_for(fmt: ReportFormat) -> Reporter:
    module, _, function = _REPORTERS[fmt].partition(":")
    return getattr(importlib.import_module(module), function)
