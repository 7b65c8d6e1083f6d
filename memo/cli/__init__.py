"""The command line. The only package that prints or exits; one command per module.

Errors from the library arrive as MemoError subclasses and leave here as a message on stderr
and an exit code, as ruff does it: 0 ok, 1 checklist errors, 2 bad input, usage or an
internal error (one line naming the file; MEMO_DEBUG=1 shows the traceback), 130 only for a
real Ctrl-C. A closed pipe (``memo rules | head -1``) ends the command quietly.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import click

from memo import __version__
from memo.cli.output import report_error
from memo.errors import InternalError, MemoError
from memo.safe_text import terminal

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BROKEN_PIPE = 1  # what Python itself exits with when its output pipe is closed


class MemoGroup(click.Group):
    """Maps every error the library raises to its message and exit code, in one place."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.ClickException as exc:
            _neutralise(exc)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MemoError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("\nmemo: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            _silence_closed_pipe()
            ctx.exit(EXIT_BROKEN_PIPE)
        except click.exceptions.ClickException as exc:
            _neutralise(exc)
            raise
        except click.exceptions.Exit:
            raise
        except click.exceptions.Abort:
            raise
        except Exception as exc:  # a bug: say so in one line; MEMO_DEBUG=1 shows the traceback
            if os.environ.get("MEMO_DEBUG"):
                raise
            report_error(InternalError(exc))
            ctx.exit(EXIT_USAGE)


def _neutralise(exc: click.exceptions.ClickException) -> None:
    """Click repeats what was typed (an unknown option, a bad value): print it safely."""
    exc.message = terminal(exc.message)


def _silence_closed_pipe() -> None:
    """The reader went away (``| head``): send what is left to /dev/null so that Python's
    final flush cannot fail again, as the Python docs recommend (signal, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        # AttributeError, UnsupportedOperation: not a real file (a test runner's buffer)
        with contextlib.suppress(AttributeError, OSError, ValueError):
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


@click.group(cls=MemoGroup, context_settings={"help_option_names": ["-h", "--help"],
                                              "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="memo")
def cli() -> None:
    """Write, check and export a one-page decision memo on fine-tuning versus in-context
    learning (prompting, few-shot, RAG).

    \b
    Start a memo:      memo new -o memo.yaml
    Review a memo:     memo check memo.yaml
    Export it:         memo render memo.yaml -f pdf -f docx
    Exit codes: 0 ok, 1 checklist errors, 2 bad input, usage or internal error,
    130 interrupted; memo new/edit: 3 answers saved but a format could not be written.
    """


def _register() -> None:
    """Each command's module is imported when that command runs (or ``--help`` lists it):
    `memo render` does not pay for the questionnaire's or the checker's imports."""
    for name, module in COMMAND_MODULES.items():
        cli.add_command(_LazyCommand(name, module))


# command name -> the module under memo.cli that defines it (in its COMMANDS list)
COMMAND_MODULES = {"new": "new", "edit": "new", "check": "check", "render": "render",
                   "rules": "rules", "cost": "cost", "prices": "prices", "schema": "schema",
                   "status": "status", "list": "list", "site": "site"}


class _LazyCommand(click.Command):
    """Stands for a command until click needs it: then the real one is imported."""

    def __init__(self, name: str, module: str) -> None:
        super().__init__(name)
        self._module = module

    def real(self) -> click.Command:
        import importlib

        commands = importlib.import_module(f"memo.cli.{self._module}").COMMANDS
        return next(c for c in commands if c.name == self.name)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.real().get_short_help_str(limit)

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        return self.real().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        return ctx.command.invoke(ctx)


_register()


def main(argv: list[str] | None = None) -> int:
    """Console entry point: runs the CLI and returns its exit code."""
    try:
        cli.main(args=argv, prog_name="memo", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
