"""Check reports: one pure function per ``--format``, from a CheckRun to text."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from enum import StrEnum

from memo.checking import CheckRun


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


Reporter = Callable[[CheckRun, bool, bool], str]  # (run, strict, colour) -> text

_REPORTERS: dict[ReportFormat, str] = {
    ReportFormat.TEXT: "memo.reports.text:report",
    ReportFormat.JSON: "memo.reports.json_report:report",
}


def reporter_for(fmt: ReportFormat) -> Reporter:
    module, _, function = _REPORTERS[fmt].partition(":")
    return getattr(importlib.import_module(module), function)
