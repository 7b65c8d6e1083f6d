"""Printing helpers for the CLI: errors on stderr, never a traceback."""

from __future__ import annotations

import click

from memo.errors import Interrupted, InvalidInput, MemoError, UserError


def report_error(exc: MemoError) -> None:
    if isinstance(exc, Interrupted):  # the user stopped on purpose: not an error
        click.echo(f"memo: {exc}", err=True)
        return
    problems = exc.problems if isinstance(exc, InvalidInput) else [exc]
    for problem in problems:
        click.echo(f"memo: error: {problem}", err=True)
        hint = getattr(problem, "hint", None)
        if hint:
            click.echo(f"  hint: {hint}", err=True)


def warn(message: str) -> None:
    click.echo(f"memo: warning: {message}", err=True)


def info(message: str) -> None:
    click.echo(message, err=True)


__all__ = ["UserError", "info", "report_error", "warn"]
