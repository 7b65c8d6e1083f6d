"""Printing helpers for the CLI: errors on stderr, never a traceback, never raw input.

Every message may hold text from a file or the command line (a value, a key, a file name), so
each line goes through :func:`memo.safe_text.terminal`: no escape sequence, bidi override or
workflow command reaches the terminal or the CI log.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from memo.errors import InternalError, Interrupted, InvalidInput, MemoError, UserError
from memo.safe_text import terminal


def no_memos_found(paths: Iterable[Path], kinds: str = "rendered memos (.md/.docx/.pdf) or "
                   "folders of them") -> UserError:
    """The usage error of a command given paths that hold no memo (exit 2)."""
    named = ", ".join(str(p) for p in paths)  # printed through memo.safe_text
    return UserError(f"no memo files found in {named}", field="PATH",
                     hint=f"name answers files (.yaml), {kinds}")


def report_error(exc: MemoError) -> None:
    if isinstance(exc, Interrupted):  # the user stopped on purpose: not an error
        click.echo(f"memo: {terminal(exc)}", err=True)
        return
    if isinstance(exc, InternalError):
        click.echo(f"memo: {terminal(exc)}", err=True)
        click.echo(f"  hint: {terminal(exc.hint)}", err=True)
        return
    problems = exc.problems if isinstance(exc, InvalidInput) else [exc]
    for problem in problems:
        click.echo(f"memo: error: {terminal(problem)}", err=True)
        hint = getattr(problem, "hint", None)
        if hint:
            click.echo(f"  hint: {terminal(hint)}", err=True)
    if isinstance(exc, InvalidInput) and exc.more:
        click.echo(f"memo: error: {terminal(exc.path)}: {exc.more}", err=True)


def warn(message: str) -> None:
    click.echo(f"memo: warning: {terminal(message)}", err=True)


def info(message: str) -> None:
    click.echo(terminal(message), err=True)


__all__ = ["UserError", "info", "report_error", "warn"]
