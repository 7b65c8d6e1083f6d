"""Catalogue answers kept on disk, so a memo command need not load the catalogue at all.

Loading genai-prices costs about 90 ms per process (its package imports an HTTP client for an
updater memo never starts, then the data module and its snapshot are built), which is a third
of `memo check` on one file. What memo asks of it is tiny and pure: the price of a few models
on a day. Those answers are kept in one JSON file in the user's cache folder
(``$MEMO_CACHE_DIR``, else ``$XDG_CACHE_HOME/memo``, else ``~/.cache/memo``), under a
fingerprint of everything the answer depends on: memo's version and the files of its
catalogue code, and the installed catalogue's version and data files (size and modification
time, read with ``stat``, so nothing is imported to compute it). Another catalogue or memo
version simply starts a new file.

The cache is a convenience, never a source of truth: a missing, unreadable, oversized or
malformed file is ignored and rebuilt, a folder that cannot be written is left alone, and
``MEMO_NO_CACHE=1`` turns it off. Only `memo.prices` uses this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import Any

FILE_NAME = "prices.json"
FORMAT = 1
MAX_BYTES = 1 << 20  # a few hundred answers fit in a few KiB; anything bigger is not ours
MAX_ENTRIES = 2000  # one per (model, day): past that the file starts over


def folder() -> Path | None:
    """Where the cache lives, or None where it is turned off."""
    if os.environ.get("MEMO_NO_CACHE"):
        return None
    if explicit := os.environ.get("MEMO_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "memo"


def fingerprint(catalogue_package: str) -> str | None:
    """What the cached answers depend on, as one string; None where it cannot be known (the
    catalogue is not installed): the cache is then not used."""
    try:
        spec = find_spec(catalogue_package)  # finds the package without running it
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    from memo import __version__

    package = Path(next(iter(spec.submodule_search_locations)))
    files = [Path(__file__).with_name("prices.py"), package / "__init__.py",
             package / "data.py", package / "data_snapshot.py", package / "types.py"]
    parts = [f"format {FORMAT}", f"memo {__version__}"]
    for path in files:
        try:
            info = path.stat()
        except OSError:
            return None
        parts.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    parts.append(_distribution_stamp(package))
    return "|".join(parts)


def _distribution_stamp(package: Path) -> str:
    # The installed version sits in the dist-info folder's name (pip writes one per install).
    names = sorted(p.name for p in package.parent.glob(f"{package.name}-*.dist-info"))
    return ",".join(names)


class PriceCache:
    """The answers for one fingerprint: read once, written again after each new answer."""

    def __init__(self, key: str | None) -> None:
        self.key = key
        self.path = None if key is None or folder() is None else folder() / FILE_NAME
        self.entries: dict[str, Any] = {}
        if self.path is not None:
            self.entries = _read(self.path, key)

    def get(self, name: str) -> tuple[bool, Any]:
        """(True, answer) for a kept answer, (False, None) for none."""
        if name in self.entries:
            return True, self.entries[name]
        return False, None

    def put(self, name: str, value: Any) -> None:
        self.entries[name] = value
        if self.path is None:
            return
        if len(self.entries) > MAX_ENTRIES:
            self.entries = {name: value}
        _write(self.path, {"format": FORMAT, "key": self.key, "entries": self.entries})


def _read(path: Path, key: str | None) -> dict[str, Any]:
    from memo.errors import MemoError
    from memo.files import read_regular

    try:  # a FIFO or device in its place is refused from its stat, never opened
        data = json.loads(read_regular(path, MAX_BYTES, too_big="not a price cache"))
    except (MemoError, OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    """Write the file whole or not at all; a cache that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".prices-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream, separators=(",", ":"), sort_keys=True)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
