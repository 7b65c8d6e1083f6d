"""The Markdown memo: a Jinja2 template with the answers as YAML front matter."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from memo.render import RenderOptions
from memo.render.escape import md_block, md_inline
from memo.resources import templates_dir


class _Escaped(str):
    """Already escaped by a filter: printed as it is."""


def _finalize(value: object) -> object:
    # Anything printed without an explicit filter is treated as inline user text.
    if value is None:
        return ""
    if isinstance(value, _Escaped):
        return str(value)
    if isinstance(value, str):
        return md_inline(value)
    return value


@cache
def _environment(directory: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["block"] = lambda v: _Escaped(md_block(v))
    return env


def render_markdown(context: dict[str, Any], options: RenderOptions) -> bytes:
    directory = str(options.template_dir or templates_dir())
    body = _environment(directory).get_template("memo.md.j2").render(**context)
    front = "---\n" + context["answers_yaml"] + "---\n"
    return (front + body).encode("utf-8")
