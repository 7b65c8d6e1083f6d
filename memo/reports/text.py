"""Plain text report: ``path:line: RULE severity message (hint)``, coloured on a terminal.

Paths, messages and hints may hold text from the files checked: each line is made safe for
a terminal and a CI log (:mod:`memo.safe_text`), and at most ``MAX_SHOWN`` findings are
listed per file (the rest are counted), so a hostile file cannot flood the log.
"""

from __future__ import annotations

import click

from memo.checking import CheckRun
from memo.reports import MAX_SHOWN, display_path, plural
from memo.safe_text import terminal

_COLOURS = {"error": "red", "warning": "yellow"}


def report(run: CheckRun, strict: bool = False, colour: bool = False) -> str:
    lines: list[str] = []
    for result in run.files:
        path = terminal(display_path(result.path, keep=True))
        if not result.findings:
            lines.append(f"{path}: ok")
            continue
        for finding in result.findings[:MAX_SHOWN]:
            where = f"{path}:{finding.line}" if finding.line else path
            severity = finding.severity.value
            if colour:
                severity = click.style(severity, fg=_COLOURS[severity], bold=True)
            lines.append(terminal(f"{where}: {finding.rule} ") + severity
                         + terminal(f" {finding.message} ({finding.hint})"))
        hidden = len(result.findings) - MAX_SHOWN
        if hidden > 0:
            lines.append(f"{path}: {plural(hidden, 'more finding')} not shown "
                         "(--format json lists them all)")
    files = len(run.files)
    summary = (f"{plural(files, 'file')} checked: {plural(run.errors, 'error')}, "
               f"{plural(run.warnings, 'warning')}")
    if strict and run.warnings:
        summary += " (--strict: warnings fail)"
    lines.append(summary)
    return "\n".join(lines)
