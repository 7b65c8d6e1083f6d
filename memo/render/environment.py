"""Jinja2 environments for memo templates, shipped or the user's own (``--template-dir``).

User templates run in a :class:`~jinja2.sandbox.SandboxedEnvironment` (no attribute tricks to
reach Python internals) with a loader confined to the template folder: a name with ``..`` is
refused by Jinja, and a file that resolves outside the folder (a symlink) is refused here.
Templates the user folder lacks are taken from the shipped ones.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from memo.errors import Location, UserError
from memo.files import kind_of, read_regular, regular_size
from memo.resources import templates_dir

# What memo reads from the paths the render options name: regular files only (a FIFO, a
# socket or a device is refused from its ``stat``, never opened), each read stopped at its cap.
TEMPLATE_CAP = 512 * 1024  # a template or stylesheet; the shipped ones are under 16 KiB
REFERENCE_CAP = 16 * 1024 * 1024  # a reference .docx; a styled template with a logo is < 1 MiB
TEMPLATE_TOO_BIG = f"templates and stylesheets are capped at {TEMPLATE_CAP:,} bytes (512 KiB)"
REFERENCE_TOO_BIG = f"reference documents are capped at {REFERENCE_CAP:,} bytes (16 MiB)"


def read_template_file(path: Path, too_big: str = TEMPLATE_TOO_BIG) -> str:
    """A template or stylesheet as text: a regular file of at most :data:`TEMPLATE_CAP`
    bytes, UTF-8 (a leading byte-order mark dropped)."""
    data = read_regular(path, TEMPLATE_CAP, too_big=too_big)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UserError("is not UTF-8 text", location=Location(str(path))) from None


class ConfinedLoader(jinja2.BaseLoader):
    """Loads templates from one folder, never from a file resolving outside it, and reads
    each through the bounded regular-file reader: a FIFO or device named like a template is
    refused (exit 2), never opened, and a huge one is refused from its size."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.root = directory.resolve()

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        from jinja2.loaders import split_template_path

        path = self.directory.joinpath(*split_template_path(template))  # refuses ".."
        if not os.path.lexists(path) or os.path.isdir(path):
            raise jinja2.TemplateNotFound(template)
        regular_size(path)  # a FIFO, socket or device: refused before anything else
        if not path.resolve().is_relative_to(self.root):
            raise jinja2.TemplateNotFound(template)
        source = read_template_file(path)
        mtime = os.path.getmtime(path)
        return source, str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return os.path.getmtime(path)
    except OSError:
        return None


# The files a template folder may hold (see docs/outputs.md, "Branding").
TEMPLATE_FILES = ("memo.html.j2", "memo.md.j2", "memo.css", "memo-screen.css")


def template_file(template_dir: Path | None, name: str) -> Path | None:
    """``name`` in the user's template folder if it is there (whatever its kind: the reader
    refuses what is not a regular file), else None for the shipped one."""
    if template_dir is None:
        return None
    path = template_dir / name
    return path if os.path.lexists(path) else None


def check_template_dir(template_dir: Path) -> None:
    """The folder ``--template-dir`` names exists and is a folder."""
    try:
        mode = os.stat(template_dir).st_mode
    except FileNotFoundError:
        raise UserError("template folder does not exist", field="--template-dir",
                        hint=f"create {template_dir} or leave --template-dir out") from None
    except OSError as exc:
        raise UserError(f"cannot read the template folder: {exc.strerror or exc}",
                        location=Location(str(template_dir)), field="--template-dir") from None
    if not stat.S_ISDIR(mode):
        kind = "a regular file" if stat.S_ISREG(mode) else kind_of(mode)
        raise UserError(f"is {kind}, not a folder", location=Location(str(template_dir)),
                        field="--template-dir")


def loader_for(template_dir: Path | None) -> jinja2.BaseLoader:
    shipped = ConfinedLoader(templates_dir())
    if template_dir is None:
        return shipped
    check_template_dir(template_dir)
    return jinja2.ChoiceLoader([ConfinedLoader(template_dir), shipped])


def sandboxed_environment(template_dir: Path | None, **options: Any) -> jinja2.Environment:
    """A sandbox over the user's template folder (then the shipped one), strict about
    undefined names; ``options`` add the format's own settings (autoescape, finalize, ...)."""
    return SandboxedEnvironment(
        loader=loader_for(template_dir),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        **options,
    )


@cache
def html_environment(template_dir: Path | None) -> jinja2.Environment:
    """Autoescaping sandbox for HTML: every user string is escaped unless it is Markup.

    ``|prose`` escapes user text and keeps ids, URLs and numbers whole; ``|dir`` is ``rtl``
    for text whose first strong character is right-to-left, else ``ltr``.
    """
    from memo.render.present import direction, prose

    env = sandboxed_environment(template_dir, autoescape=True)
    env.filters["prose"] = prose
    env.filters["dir"] = direction
    return env


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template, turning template mistakes into clear user errors."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise UserError(f"template {exc.name!r} not found", field="--template-dir") from None
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(f"template syntax error in {exc.filename or exc.name}:{exc.lineno}: "
                        f"{exc.message}", field="--template-dir") from None
    except jinja2.sandbox.SecurityError as exc:
        raise UserError(f"template refused by the sandbox: {exc}",
                        field="--template-dir") from None
    except jinja2.UndefinedError as exc:
        raise UserError(f"template uses an unknown value: {exc.message}",
                        field="--template-dir") from None


def read_user_file(path: Path, what: str) -> str:
    """A stylesheet the user named on the command line (``--css``), read once."""
    return read_template_file(path, TEMPLATE_TOO_BIG.replace("templates and stylesheets",
                                                             f"{what}s"))


def read_reference(path: Path) -> bytes:
    """The bytes of the ``--reference-docx`` file: a regular file of at most 16 MiB."""
    return read_regular(path, REFERENCE_CAP, too_big=REFERENCE_TOO_BIG)
