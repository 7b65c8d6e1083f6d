"""The Markdown memo: a Jinja2 template with the answers as YAML front matter."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from memo.render import RenderOptions
from memo.render.environment import render_template, sandboxed_environment
from memo.render.escape import md_block, md_inline


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
def _environment(template_dir: Path | None) -> jinja2.Environment:
    # Sandboxed, with a loader confined to the user's template folder (then the shipped one).
    env = sandboxed_environment(template_dir, autoescape=False, finalize=_finalize,
                                keep_trailing_newline=True)
    env.filters["block"] = lambda v: _Escaped(md_block(v))
    return env


def render_markdown(context: dict[str, Any], options: RenderOptions) -> bytes:
    import re

    from memo.render.present import view

    values = dict(context)
    values.update(view(context))
    for v in values["verdicts"]:
        v["tco_plain"] = _Escaped(re.sub(r"<[^>]+>", "", str(v["tco_phrase"])))
    body = render_template(_environment(options.template_dir), "memo.md.j2", values)
    from memo.seal import seal_line

    # the answers, then the seal that tells `memo check` of a hand edit (memo/seal.py)
    answers = context["answers_yaml"]
    front = "---\n" + answers + seal_line(answers, body) + "---\n"
    return (front + body).encode("utf-8")
