"""Escaping user text for Markdown. Pure; no Jinja here.

Every character that could start Markdown or HTML structure is backslash-escaped (CommonMark
allows a backslash before any ASCII punctuation), so user text can never open a link, an
image, raw HTML, a heading, a list, a table cell or math.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")
# At the start of a line these open a list, a heading underline or a numbered item.
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def md_inline(value: object) -> str:
    """User text for one line of Markdown (a table cell, a bullet): newlines become spaces."""
    if isinstance(value, Markup):
        return str(value)
    text = _CONTROL.sub("", str(value))
    text = " ".join(text.split())
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: _escape_line_start(m.group(1)), text)


def _escape_line_start(token: str) -> str:
    # "12." -> "12\.": escape the punctuation after a number, the sign before text.
    return token + "\\" if token[0].isdigit() else "\\" + token


def md_block(value: object) -> str:
    """User text as a paragraph: line breaks kept (as hard breaks), each line escaped."""
    if isinstance(value, Markup):
        return str(value)
    lines = [md_inline(line) for line in str(value).splitlines()]
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("  \n".join(p) for p in paragraphs if p)
