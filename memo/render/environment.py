"""Jinja2 environments for memo templates, shipped or the user's own (``--template-dir``).

User templates run in a :class:`~jinja2.sandbox.SandboxedEnvironment` (no attribute tricks to
reach Python internals) with a loader confined to the template folder: a name with ``..`` is
refused by Jinja, and a file that resolves outside the folder (a symlink) is refused here.
Templates the user folder lacks are taken from the shipped ones.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from memo.errors import UserError
from memo.resources import templates_dir


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that never returns a file resolving outside its folder."""

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory), followlinks=False)
        self.root = directory.resolve()

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def loader_for(template_dir: Path | None) -> jinja2.BaseLoader:
    shipped = ConfinedLoader(templates_dir())
    if template_dir is None:
        return shipped
    if not template_dir.is_dir():
        raise UserError("template folder does not exist", field="--template-dir",
                        hint=f"create {template_dir} or leave --template-dir out")
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


def read_user_file(path: Path, what: str, limit: int = 512 * 1024) -> str:
    """Read a stylesheet or similar file the user named on the command line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{what} not found: {path}") from None
    except OSError as exc:
        raise UserError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise UserError(f"{what} {path} is over {limit // 1024} KiB")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UserError(f"{what} {path} is not UTF-8 text") from None
