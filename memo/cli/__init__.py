"""The command line. The only package that prints or exits; one command per module.

Errors from the library arrive as MemoError subclasses and leave here as a message on
stderr and an exit code (0 ok, 1 checklist errors, 2 bad input or usage, 130 interrupted).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from memo import __version__
from memo.cli.output import report_error
from memo.errors import MemoError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class MemoGroup(click.Group):
    """Maps every error the library raises to its message and exit code, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MemoError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, EOFError):
            click.echo("\nmemo: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except click.exceptions.ClickException:
            raise
        except click.exceptions.Exit:
            raise
        except Exception as exc:  # a bug: say so in one line; MEMO_DEBUG=1 shows the traceback
            if os.environ.get("MEMO_DEBUG"):
                raise
            click.echo(f"memo: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("  hint: this is a bug in memo; rerun with MEMO_DEBUG=1 for the "
                       "traceback and report it", err=True)
            ctx.exit(EXIT_FINDINGS)


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
    Exit codes: 0 ok, 1 checklist errors, 2 bad input or usage, 130 interrupted.
    """


def _register() -> None:
    from memo.cli import check, cost, new, prices, render, rules, schema

    for module in (new, check, render, rules, cost, prices, schema):
        for command in module.COMMANDS:
            cli.add_command(command)


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
