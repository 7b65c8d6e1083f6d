"""Rewrite an answers file with new values while keeping everything the user wrote around them.

``memo edit`` (and any save over an existing answers file) goes through here: the file is read
with ruamel.yaml's round-trip loader, each value that changed is replaced in place, keys that
are gone are removed and new keys are placed after their predecessor, and the result is dumped
with the file's own indentation. Comments, key order, quoting and block or flow style of every
unchanged value stay as they were. The only module that imports ruamel.yaml (lazily, from
:func:`memo.answers.save`), so ``memo check`` never loads it.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

# memo reads answers files as YAML 1.1 (PyYAML); ruamel.yaml writes YAML 1.2. A new string
# that YAML 1.1 would read as something else (no, 1.10, 2026-01-05, 1:30) is quoted.
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


def update_yaml(old_text: str, new: dict[str, Any]) -> str | None:
    """``old_text`` with the values of ``new`` written into it; None if it is not a mapping."""
    reader = YAML(typ="rt")
    reader.preserve_quotes = True  # 'no' stays quoted: memo reads YAML 1.1, where no is false
    try:
        data = reader.load(old_text)
    except YAMLError:
        return None
    if not isinstance(data, CommentedMap):
        return None
    merged = _merge(data, new)
    writer = YAML(typ="rt")
    writer.preserve_quotes = True
    # A file memo wrote wraps long text at 96 columns; one a person wrote keeps each value on
    # the line it was typed on. ruamel re-emits every plain scalar, so follow the file.
    writer.width = 96 if _wraps_text(old_text) else 1 << 16
    mapping, offset = _indentation(old_text)
    writer.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    out = io.StringIO()
    writer.dump(merged, out)
    return out.getvalue()


def _wraps_text(text: str) -> bool:
    """Whether any plain or quoted value in the file spans several lines."""
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.ScalarEvent) and event.style in (None, "", "'", '"') \
                    and event.end_mark.line > event.start_mark.line:
                return True
    except yaml.YAMLError:
        return False
    return False


def _indentation(text: str) -> tuple[int, int]:
    """The file's block indentation: spaces per mapping level, and the dash's offset in a
    list under a key (0 for ``key:\\n- item``, 2 for ``key:\\n  - item``)."""
    mapping: int | None = None
    offset: int | None = None
    lines = [line for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    for parent, child in itertools.pairwise(lines):
        if not parent.split(" #")[0].rstrip().endswith(":"):
            continue
        stripped = parent.lstrip()
        base = len(parent) - len(stripped)
        if stripped.startswith("- "):  # "- key:" opens a block at the key's column
            base += 2 + len(stripped[2:]) - len(stripped[2:].lstrip())
        depth = len(child) - len(child.lstrip()) - base
        if child.lstrip().startswith("- "):
            offset = depth if offset is None and depth >= 0 else offset
        elif depth > 0 and mapping is None:
            mapping = depth
        if mapping is not None and offset is not None:
            break
    return mapping or 2, offset if offset is not None else 0


def _merge(old: Any, new: Any) -> Any:
    """``new`` (plain data) written into ``old`` (round-trip data), reusing unchanged parts."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        previous: str | None = None
        for key, value in new.items():
            if key in old:
                merged = _merge(old[key], value)
                if merged is not old[key]:
                    old[key] = merged
            else:
                keys = list(old)
                position = keys.index(previous) + 1 if previous in keys else 0
                old.insert(position, key, _fresh(value))
            previous = key
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        for index, value in enumerate(new):
            if index < len(old):
                merged = _merge(old[index], value)
                if merged is not old[index]:
                    old[index] = merged
            else:
                old.append(_fresh(value))
        del old[len(new):]
        return old
    return old if _same(old, new) else _fresh(new)


def _same(old: Any, new: Any) -> bool:
    """Whether the value read from the file already says ``new``."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    if isinstance(old, dt.date) and isinstance(new, str):
        return old.isoformat() == new
    if isinstance(old, str) and isinstance(new, str):  # memo strips text when it loads it
        return str(old).strip() == new.strip()
    return type(old) is type(new) and old == new


def _fresh(value: Any) -> Any:
    """Plain data as round-trip data: block style, text in a YAML 1.1-safe spelling."""
    if isinstance(value, dict):
        block = CommentedMap()
        for key, item in value.items():
            block[key] = _fresh(item)
        return block
    if isinstance(value, list):
        return CommentedSeq(_fresh(item) for item in value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # 50000, as a person writes it, not 50000.0
    if isinstance(value, str):
        if "\n" in value and not any(ch in value for ch in "\r\t"):
            return LiteralScalarString(value)
        if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG:
            return SingleQuotedScalarString(value)
    return value
