"""Plain text report: ``path:line: RULE severity message (hint)``, coloured on a terminal."""

from __future__ import annotations

import click

from memo.checking import CheckRun

_COLOURS = {"error": "red", "warning": "yellow"}


def report(run: CheckRun, strict: bool = False, colour: bool = False) -> str:
    lines: list[str] = []
    for result in run.files:
        if not result.findings:
            lines.append(f"{result.path}: ok")
            continue
        for finding in result.findings:
            where = f"{result.path}:{finding.line}" if finding.line else result.path
            severity = finding.severity.value
            if colour:
                severity = click.style(severity, fg=_COLOURS[severity], bold=True)
            lines.append(f"{where}: {finding.rule} {severity} {finding.message} "
                         f"({finding.hint})")
    files = len(run.files)
    summary = (f"{files} file{'s' if files != 1 else ''} checked: "
               f"{run.errors} error{'s' if run.errors != 1 else ''}, "
               f"{run.warnings} warning{'s' if run.warnings != 1 else ''}")
    if strict and run.warnings:
        summary += " (--strict: warnings fail)"
    lines.append(summary)
    return "\n".join(lines)
