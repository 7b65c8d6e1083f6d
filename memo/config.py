"""`memo check` defaults from `.memo.toml` or the `[tool.memo]` table of pyproject.toml.

One place says which source wins, key by key: the command line, then the config file, then
the built-in defaults. The config file is the first of `.memo.toml` (whole file) or
`pyproject.toml` (only when it has `[tool.memo]`) found in the starting folder or a parent;
in one folder `.memo.toml` wins. `--config FILE` names the one file read (nothing is looked
for in the tree), `--isolated` reads none: CI on untrusted pull requests pins its settings
with either, since a pull request can ship its own `.memo.toml`.

Keys (dashes and underscores are interchangeable)::

    [tool.memo]
    select = ["ALL"]              # rule ids, groups (GAP, COST, ...) or id prefixes
    ignore = ["MEMO-FIX-005"]
    strict = false
    price_max_age_days = 365
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memo.errors import Location, UserError
from memo.files import read_regular
from memo.rules.base import DEFAULT_PRICE_MAX_AGE_DAYS

CONFIG_NAMES = (".memo.toml", "pyproject.toml")
_KEYS = {"select", "ignore", "strict", "price_max_age_days"}


@dataclass(frozen=True)
class CheckConfig:
    """The settings of one `memo check` run, and where they came from."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool = False
    price_max_age_days: int = DEFAULT_PRICE_MAX_AGE_DAYS
    source: str | None = None  # the config file read, if any
    origin: dict[str, str] = field(default_factory=dict)  # key -> "default"|"config"|"cli"

    def merged(self, **cli: Any) -> CheckConfig:
        """This config with every command-line value that was given (not None) on top."""
        given = {k: v for k, v in cli.items() if v is not None and v != ()}
        origin = dict(self.origin) | {k: "cli" for k in given}
        return dataclasses.replace(self, **{k: _coerce(k, v) for k, v in given.items()},
                                   origin=origin)


def find_config(start: Path) -> Path | None:
    """The nearest `.memo.toml`, or `pyproject.toml` with `[tool.memo]`, from ``start`` up."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for directory in (folder, *folder.parents):
        dotfile = directory / ".memo.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_memo(pyproject):
            return pyproject
    return None


MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path) -> str:
    """A config file's text: a regular file of at most 1 MiB (a FIFO would block)."""
    raw = read_regular(path, MAX_CONFIG_BYTES,
                       too_big=f"config files are capped at {MAX_CONFIG_BYTES:,} bytes (1 MiB)",
                       folder_message="is a folder, not a config file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError("config file is not UTF-8 text", location=Location(str(path))) from None


def _has_tool_memo(path: Path) -> bool:
    try:
        head = _read(path)
    except UserError:
        return False
    return "[tool.memo" in head


def load_config(path: Path | None) -> CheckConfig:
    """Read ``path`` (None: defaults only)."""
    if path is None:
        return CheckConfig(origin={k: "default" for k in _KEYS})
    import tomllib  # stdlib; only loaded when a config file is read

    try:
        text = _read(path)
        data = tomllib.loads(text)
    except UserError as error:
        message = "config file not found" if error.message == "no such file" else error.message
        raise UserError(message, location=Location(str(path))) from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"invalid TOML: {exc}", location=Location(str(path))) from None
    table: Any = data
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("memo", {})
    if not isinstance(table, dict):
        raise UserError("[tool.memo] must be a table", location=Location(str(path)))
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in _KEYS:
            raise UserError(f"unknown key {raw_key!r} in the memo config",
                            location=Location(str(path)),
                            hint=f"known keys: {', '.join(sorted(_KEYS))}")
        try:
            values[key] = _coerce(key, value)
        except UserError as error:
            raise UserError(error.message, field=key, location=Location(str(path)),
                            hint=error.hint) from None
    _refuse_unknown_selectors(path, text, table, values)
    origin = {k: ("config" if k in values else "default") for k in _KEYS}
    return CheckConfig(**values, source=str(path), origin=origin)


def _refuse_unknown_selectors(path: Path, text: str, table: dict[str, Any],
                              values: dict[str, Any]) -> None:
    """A select/ignore entry naming no rule is reported here, at the file, key and line
    that hold it, rather than later as if it had been typed on the command line."""
    from memo.rules.registry import SELECTOR_HINT, UnknownSelectorError, unknown_selectors

    for raw_key in table:
        key = raw_key.replace("-", "_")
        unknown = unknown_selectors(values[key]) if key in ("select", "ignore") else []
        if unknown:
            pyproject = path.name == "pyproject.toml"
            raise UnknownSelectorError(
                f"{unknown[0]!r} names no rule",
                field=f"tool.memo.{raw_key}" if pyproject else raw_key,
                location=Location(str(path), _line_of(text, raw_key, unknown[0], pyproject)),
                hint=SELECTOR_HINT)


def _line_of(text: str, key: str, entry: str, pyproject: bool) -> int | None:
    """The line holding ``entry`` in the value of ``key`` (None if it cannot be told).

    tomllib keeps no positions, so this reads the text: the key's line in the memo table
    (the whole file for .memo.toml, `[tool.memo]` in pyproject.toml), then the first line of
    its value that holds the entry, else the key's own line.
    """
    import re

    header = re.compile(r"\s*\[\[?([^\]]*)\]\]?\s*(#.*)?$")
    assignment = re.compile(r"\s*([\w\"'.-]+)\s*=")
    lines = text.splitlines()
    table = ""
    for i, line in enumerate(lines):
        if found := header.match(line):
            table = re.sub(r"[\s\"']", "", found.group(1))
            continue
        named = assignment.match(line)
        if not named or named.group(1).strip("\"'") != key:
            continue
        if table != ("tool.memo" if pyproject else ""):
            continue
        for j in range(i, len(lines)):
            if j > i and (header.match(lines[j]) or assignment.match(lines[j])):
                break
            if entry in lines[j]:
                return j + 1
        return i + 1
    return None


def _coerce(key: str, value: Any) -> Any:
    if key in ("select", "ignore"):
        return tuple(_entries(value))
    if key == "strict":
        if not isinstance(value, bool):
            raise UserError("strict must be true or false", field=key)
        return value
    if key == "price_max_age_days":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UserError("price_max_age_days must be a whole number of days >= 0",
                            field=key)
        return value
    return value


def _entries(value: Any) -> Iterable[str]:
    """A list of rule selectors; a string may hold several, separated by commas."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise UserError("expected a list of rule ids or groups, e.g. [\"GAP\", \"MEMO-COST-008\"]")
    for item in items:
        yield from (part.strip() for part in item.split(",") if part.strip())


def resolve(start: Path, explicit: Path | None = None, use_config: bool = True) -> CheckConfig:
    """The config in force for a run started in ``start``."""
    if not use_config:
        return load_config(None)
    return load_config(explicit if explicit is not None else find_config(start))
