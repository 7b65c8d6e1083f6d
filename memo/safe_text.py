"""Text from files, file names and command lines, made safe to print on a terminal or CI log.

Everything user-controlled that memo prints goes through :func:`terminal` (one line of a
message) or :func:`lines` (a whole block): control and escape characters (which can erase
lines, move the cursor or fake an "ok"), bidirectional overrides (which reorder what is
shown) and line separators become visible escapes such as ``\\x1b`` or ``\\u202e``; a line
that would start a GitHub Actions workflow command (``::error::``, the legacy ``##[error]``)
has its first character escaped. :func:`json_text` does the same for JSON output without
changing the data: the characters are written as ``\\uXXXX`` escapes, which JSON readers
decode back to the original text.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls (tab and line breaks included: a message stays on one line), DEL, C1 controls;
# the bidirectional controls (ALM, LRM, RLM, LRE..RLO, LRI..PDI); line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\u2028\u2029]")
# What json.dumps leaves raw (it escapes C0 controls itself; its own newlines are layout).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                             "\u2028\u2029]")
# A workflow command starts a line, after optional whitespace: `::name ...::` or `##[name]`.
_COMMAND_START = re.compile(r"^(\s*)(::|##\[)")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: object) -> str:
    """One line of output: unsafe characters as visible escapes, no workflow command."""
    return _COMMAND_START.sub(_defuse, _UNSAFE.sub(_escape, str(text)))


def _defuse(match: re.Match[str]) -> str:
    first = match.group(2)[0]
    return f"{match.group(1)}\\x{ord(first):02x}{match.group(2)[1:]}"


def lines(text: str) -> str:
    """A block of output lines: each line made safe, the line breaks kept."""
    return "\n".join(terminal(line) for line in text.split("\n"))


def is_safe(text: str) -> bool:
    """Whether ``text`` prints as itself (nothing to escape)."""
    return terminal(text) == text


def json_text(document: Any, *, indent: int | None = 2) -> str:
    """JSON that keeps non-ASCII text readable but writes unsafe characters as ``\\uXXXX``."""
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def rich(text: object) -> str:
    """Text for a rich console: safe for the terminal and with rich markup escaped."""
    from rich.markup import escape  # lazy: rich is only loaded by the commands that use it

    return escape(terminal(text))
