"""Which files are memos: the one recognition path of ``memo check`` (and of ``memo list``).

A file is recognised by parsing it with the real loader and its limits, never by scanning
bytes, so every spelling ``memo render`` accepts is found: a quoted ``"schema_version"`` key,
a UTF-8 byte-order mark, a JSON-style ``{...}`` mapping, the key after any amount of
comments, a rendered Markdown memo whose front-matter key is quoted.

- ``.yaml`` / ``.yml`` / ``.json``: a memo when its top level has a ``schema_version`` key.
- ``.md`` / ``.markdown``: a rendered memo when its front matter has that key; otherwise a
  hand-written memo when three or more of the required sections are headings.
- ``.docx`` / ``.pdf`` / ``.html`` / ``.htm``: a memo when it carries embedded answers.

A file named on the command line is always a memo of its suffix's kind. In a folder, a file
that cannot be read or parsed is reported (not skipped) when it may be a memo: a rendered
file that cannot be inspected within the limits, a text file whose bytes name
``schema_version``, anything with a memo suffix that is not a regular file (a FIFO, a socket,
a device), and a sub-folder that cannot be listed. Other files are skipped, as are hidden
folders, ``.git``, ``.venv``, ``node_modules`` and links to folders (never followed).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from memo.answers import (
    MARKDOWN_SUFFIXES,
    MAX_BYTES,
    MEMO_SUFFIXES,
    RENDERED_SUFFIXES,
    SourceMap,
    check_suffix,
    decode_text,
    find_front_matter,
    parse_yaml,
)
from memo.errors import InternalError, Location, MemoError, UserError
from memo.files import read_prefix, read_regular, regular_size


class MemoKind(StrEnum):
    ANSWERS = "answers"  # a YAML answers file
    MARKDOWN = "markdown"  # a rendered Markdown memo: the answers are its front matter
    HANDWRITTEN = "handwritten"  # a Markdown memo without answers, read by its headings
    DOCX = "docx"  # rendered memos carrying their answers
    PDF = "pdf"
    HTML = "html"
    UNREADABLE = "unreadable"  # a folder that cannot be listed


_KINDS = {".docx": MemoKind.DOCX, ".pdf": MemoKind.PDF, ".html": MemoKind.HTML,
          ".htm": MemoKind.HTML, **{s: MemoKind.MARKDOWN for s in MARKDOWN_SUFFIXES}}
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                       ".tox"})
_MARKER = "schema_version"
# `memo site` marks its output folder with this file: the rendered copies there duplicate the
# memos they were made from, so a folder walk leaves them out (naming the folder still works).
SITE_MARKER = ".memo-site"


@dataclass(frozen=True)
class Parsed:
    """The answers of a memo as parsed (not yet validated), with where each field sits."""

    data: Any
    source: SourceMap
    # a rendered Markdown memo's whole text: `memo check` compares its body with its seal
    text: str | None = None


@dataclass(frozen=True)
class FoundMemo:
    """One memo file: its path, its kind and, when it cannot be read, why.

    ``loaded`` keeps what recognition parsed (a :class:`Parsed`, or the hand-written memo's
    :class:`memo.handwritten.Handwritten`) so that checking does not read the file twice.
    """

    path: Path
    kind: MemoKind
    error: MemoError | None = None
    loaded: Any = field(default=None, repr=False, compare=False)


def kind_for_suffix(path: Path) -> MemoKind:
    return _KINDS.get(path.suffix.lower(), MemoKind.ANSWERS)


def find_memos(paths: Iterable[Path], *, only_memos: bool = False) -> Iterator[FoundMemo]:
    """Every memo in ``paths``, in order, each once (by its real path).

    Folders are searched recursively, in sorted order. A named file is always yielded (with
    ``error`` set when it cannot be read), except with ``only_memos``, which applies the
    folder rules to named files too (as a pre-commit hook needs).
    """
    seen: set[str] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found: Iterable[FoundMemo | None] = _in_folder(path)
        else:
            found = (recognize(path, named=not only_memos),)
        for item in found:
            if item is None:
                continue
            key = os.path.realpath(item.path)
            if key not in seen:
                seen.add(key)
                yield item


def _in_folder(folder: Path) -> Iterator[FoundMemo | None]:
    entries: list[tuple[Path, UserError | None]] = []

    def unlistable(error: OSError) -> None:
        reason = "permission denied" if isinstance(error, PermissionError) else \
            (error.strerror or str(error))
        where = Path(error.filename) if error.filename else folder
        entries.append((where, UserError(f"cannot read the folder: {reason}",
                                         location=Location(str(where)))))

    for directory, subfolders, files in os.walk(folder, onerror=unlistable):
        if SITE_MARKER in files and os.path.abspath(directory) != os.path.abspath(folder):
            subfolders[:] = []
            continue
        subfolders[:] = [d for d in subfolders if d not in SKIP_DIRS and not d.startswith(".")]
        base = Path(directory)
        entries.extend((base / name, None) for name in files
                       if Path(name).suffix.lower() in MEMO_SUFFIXES)
    for path, error in sorted(entries, key=lambda entry: entry[0].parts):
        yield FoundMemo(path, MemoKind.UNREADABLE, error) if error else recognize(path)


def recognize(path: Path, *, named: bool = False) -> FoundMemo | None:
    """``path`` as a memo, or None when (found in a folder) it is not one.

    ``named``: the user named the file, so it is a memo of its suffix's kind whatever it
    holds. An unexpected failure becomes an InternalError on the result, never an exception.
    """
    suffix = path.suffix.lower()
    if not named and suffix not in MEMO_SUFFIXES:
        return None
    kind = kind_for_suffix(path)
    try:
        check_suffix(path)
        if suffix in RENDERED_SUFFIXES:
            return _rendered(path, kind, named)
        return _text(path, kind, named)
    except UserError as error:
        return FoundMemo(path, kind, error)
    except Exception as exc:  # a bug: reported on this file, the others are still checked
        if os.environ.get("MEMO_DEBUG"):
            raise
        return FoundMemo(path, kind, InternalError(exc, str(path)))


def _text(path: Path, kind: MemoKind, named: bool) -> FoundMemo | None:
    """An answers file or a Markdown memo."""
    try:
        size = regular_size(path, folder_message="is a folder, not an answers file")
    except UserError as error:  # missing, a FIFO, a device, permission denied: say so
        return FoundMemo(path, kind, error)
    try:
        raw = read_regular(path, MAX_BYTES,
                           too_big=f"answers files are capped at {MAX_BYTES:,} bytes (1 MiB)")
        text = decode_text(raw, path)
    except UserError as error:
        if named or _names_marker(path, size):
            return FoundMemo(path, kind, error)
        return None
    if kind == MemoKind.MARKDOWN:
        return _markdown(path, text, named)
    try:
        data, source = parse_yaml(text, str(path))
    except UserError as error:
        return FoundMemo(path, kind, error) if named or _MARKER in text else None
    if named or (isinstance(data, dict) and _MARKER in data):
        return FoundMemo(path, kind, loaded=Parsed(data, source))
    return None


def _names_marker(path: Path, size: int) -> bool:
    """Whether the first MiB of a file that cannot be parsed names ``schema_version``."""
    try:
        head = read_prefix(path, min(size, MAX_BYTES))
    except UserError:
        return True
    return _MARKER.encode() in head


def _markdown(path: Path, text: str, named: bool) -> FoundMemo | None:
    from memo.answers import split_front_matter

    found = find_front_matter(text)
    if found is not None:
        lines, end = found
        if end is None:  # never closed: a memo's answers if they name the key
            if _MARKER in text:
                try:
                    split_front_matter(text, str(path))
                except UserError as error:
                    return FoundMemo(path, MemoKind.MARKDOWN, error)
        else:
            front = "".join(lines[1:end])
            try:
                data, source = parse_yaml(front, str(path), 1)
            except UserError as error:
                if _MARKER in front:
                    return FoundMemo(path, MemoKind.MARKDOWN, error)
            else:
                if isinstance(data, dict) and _MARKER in data:
                    return FoundMemo(path, MemoKind.MARKDOWN,
                                     loaded=Parsed(data, source, text))
            # Front matter of another tool (a title, tags): blank it out so that line
            # numbers stay those of the file.
            text = "\n" * (end + 1) + "".join(lines[end + 1:])
    return _handwritten(path, text, named)


def _handwritten(path: Path, text: str, named: bool) -> FoundMemo | None:
    from memo.handwritten import parse, sections_as_headings

    document = parse(text, str(path))
    if named or sections_as_headings(document) >= 3:
        return FoundMemo(path, MemoKind.HANDWRITTEN, loaded=document)
    return None


def _rendered(path: Path, kind: MemoKind, named: bool) -> FoundMemo | None:
    """A .docx, .pdf or .html: a memo when it carries answers. One that cannot be inspected
    within the limits is reported even in a folder: it may be a memo."""
    from memo.embedded import decode_answers, find_answers, read_rendered

    try:
        found = find_answers(read_rendered(path), path)
        if found is None and not named:
            return None
        parsed = parse_yaml(decode_answers(found, path), str(path))
    except UserError as error:
        return FoundMemo(path, kind, error)
    return FoundMemo(path, kind, loaded=Parsed(*parsed))
