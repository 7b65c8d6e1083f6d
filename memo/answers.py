"""Load and save answers files.

Loading is strict and located: every problem is reported as ``file:line:col: field: message``.
The YAML is read event by event (libyaml's parser when present) so that aliases are refused
before anything is expanded, duplicate keys are caught, and each value's position is kept for
error messages and for ``memo check``'s line numbers. Saving is atomic.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from memo.errors import InvalidInput, Location, UserError
from memo.model import Memo

MAX_BYTES = 1024 * 1024
FRONT_MATTER_FENCE = "---"

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldPath = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Positions (1-based line, col) of every key and value in the file."""

    path: str
    line_offset: int = 0
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> Location:
        """The position of ``path`` or, if it is absent, of its nearest present parent."""
        probe = tuple(path)
        while probe not in self.positions and probe:
            probe = probe[:-1]
        line, col = self.positions.get(probe, (1, 1))
        return Location(self.path, line + self.line_offset, col)

    def line_of(self, dotted: str | None) -> int | None:
        if not dotted:
            return None
        return self.locate(parse_field_path(dotted)).line


@dataclass
class Document:
    """A loaded memo and where its answers came from."""

    memo: Memo
    source: SourceMap


def format_field_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_field_path(dotted: str) -> FieldPath:
    parts: list[str | int] = []
    for chunk in dotted.split("."):
        name, _, rest = chunk.partition("[")
        if name:
            parts.append(name)
        while rest:
            index, _, rest = rest.partition("]")
            parts.append(int(index))
            rest = rest.lstrip("[")
    return tuple(parts)


# --- YAML -> plain data with positions -------------------------------------------------


class _Builder:
    """Turns parser events into Python data, recording positions and refusing aliases."""

    def __init__(self, text: str, path: str, line_offset: int) -> None:
        self.loader = _Loader(text)
        self.text = text
        self.path = path
        self.line_offset = line_offset
        self.positions: dict[FieldPath, tuple[int, int]] = {}

    def _error(self, message: str, mark: Any, field_path: FieldPath = (), hint: str | None = None
               ) -> UserError:
        location = Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)
        return UserError(message, field=format_field_path(field_path) or None,
                         location=location, hint=hint)

    def build(self) -> Any:
        loader = self.loader
        try:
            loader.get_event()  # StreamStart
            if loader.check_event(yaml.StreamEndEvent):
                return None
            loader.get_event()  # DocumentStart
            value = self._node(())
            loader.get_event()  # DocumentEnd
            if not loader.check_event(yaml.StreamEndEvent):
                event = loader.peek_event()
                raise self._error("the file holds more than one YAML document", event.start_mark,
                                  hint="keep one memo per file")
            return value
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or "invalid YAML"
            if exc.context:
                problem = f"{problem} ({exc.context})"
            if mark is None:
                raise UserError(f"invalid YAML: {problem}", location=Location(self.path)) from None
            if self._char_at(mark) == "\t":  # libyaml's message does not name the tab
                raise self._error("invalid YAML: a tab character where YAML expects spaces",
                                  mark, hint="indent with spaces, not tabs") from None
            raise self._error(f"invalid YAML: {problem}", mark) from None
        except yaml.reader.ReaderError as exc:  # control characters and the like
            # libyaml counts the position in UTF-8 bytes, PyYAML in characters: find the
            # character itself (the first one the reader refused) to give a line and column.
            reason = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
            index = self.text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
            if index < 0:
                raise UserError(f"invalid YAML: {reason}", location=Location(self.path)) from None
            line = self.text.count("\n", 0, index) + 1
            col = index - (self.text.rfind("\n", 0, index) + 1) + 1
            raise UserError(f"invalid YAML: {reason}",
                            location=Location(self.path, line + self.line_offset, col)) from None
        except yaml.YAMLError as exc:  # any other YAML error
            mark = getattr(exc, "problem_mark", None)
            if mark is not None:
                raise self._error(f"invalid YAML: {exc}", mark) from None
            raise UserError(f"invalid YAML: {exc}", location=Location(self.path)) from None
        finally:
            self.loader.dispose()

    def _char_at(self, mark: Any) -> str:
        lines = self.text.split("\n")
        if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
            return lines[mark.line][mark.column]
        return ""

    def _node(self, at: FieldPath) -> Any:
        event = self.loader.get_event()
        self.positions.setdefault(at, (event.start_mark.line + 1, event.start_mark.column + 1))
        if isinstance(event, yaml.AliasEvent):
            raise self._error("YAML aliases (*name) are not allowed", event.start_mark, at,
                              hint="write the value out in full")
        if getattr(event, "anchor", None):
            raise self._error("YAML anchors (&name) are not allowed", event.start_mark, at,
                              hint="write the value out in full")
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, at)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                items.append(self._node((*at, len(items))))
            self.loader.get_event()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(at)
        raise self._error("unexpected YAML structure", event.start_mark, at)

    def _mapping(self, at: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            key_event = self.loader.peek_event()
            if not isinstance(key_event, yaml.ScalarEvent):
                raise self._error("mapping keys must be plain names", key_event.start_mark, at)
            key = self.loader.get_event().value
            if key == "<<":
                raise self._error("YAML merge keys (<<) are not allowed", key_event.start_mark, at)
            child = (*at, key)
            if key in result:
                first = self.positions[child][0] + self.line_offset
                raise self._error(f"duplicate key '{key}' (first given on line {first})",
                                  key_event.start_mark, child, hint="keep one of them")
            self.positions[child] = (key_event.start_mark.line + 1,
                                     key_event.start_mark.column + 1)
            result[key] = self._node(child)
        self.loader.get_event()
        return result

    def _refuse_yaml11_number(self, event: Any, at: FieldPath) -> None:
        if _SURPRISING_NUMBER.match(event.value):
            node = yaml.ScalarNode(_INT_TAG if "." not in event.value else _FLOAT_TAG,
                                   event.value, event.start_mark, event.end_mark)
            read_as = self.loader.construct_object(node, deep=True)
            raise self._error(
                f"YAML 1.1 reads {event.value} as the number {read_as}",
                event.start_mark, at,
                hint="write the number in plain decimal, or put text in quotes",
            )

    def _scalar(self, event: Any, at: FieldPath) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if not tag.startswith("tag:yaml.org,2002:"):
            raise self._error(f"YAML tags like {tag} are not allowed", event.start_mark, at)
        if not event.style and tag in (_INT_TAG, _FLOAT_TAG):  # plain: "" (libyaml) or None
            self._refuse_yaml11_number(event, at)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            # A MarkedYAMLError's str() adds a second line with the position: keep one line.
            detail = getattr(exc, "problem", None) or exc
            raise self._error(f"cannot read {event.value!r}: {detail}", event.start_mark,
                              at) from None


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
# YAML 1.1 reads these quietly as other numbers: 012 is octal 10, 1:30 is 90, 0x1f is 31.
_SURPRISING_NUMBER = re.compile(r"^[-+]?(0[0-7_]+|0[xXbB][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+"
                                r"(\.[0-9_]*)?)$")


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain data plus a map of where each field sits."""
    builder = _Builder(text, path, line_offset)
    data = builder.build()
    return data, SourceMap(path, line_offset, builder.positions)


# --- reading files ----------------------------------------------------------------------


def read_text(path: Path) -> str:
    """Read a UTF-8 text file with the size cap and clear errors."""
    where = Location(str(path))
    if path.is_dir():
        raise UserError("is a folder, not an answers file", location=where)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"file is {size:,} bytes; answers files are capped at "
                            f"{MAX_BYTES:,} bytes (1 MiB)", location=where)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError("no such file", location=where) from None
    except PermissionError:
        raise UserError("permission denied: cannot read the file", location=where) from None
    except OSError as exc:
        raise UserError(f"cannot read the file: {exc.strerror or exc}", location=where) from None
    if len(raw) > MAX_BYTES:  # the file grew between stat and read
        raise UserError("file is over the 1 MiB cap", location=where)
    if b"\x00" in raw:
        raise UserError("binary file (contains NUL bytes), not a YAML answers file",
                        location=where)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UserError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                        location=Location(str(path), line, col),
                        hint="save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def split_front_matter(text: str, path: str) -> tuple[str, int]:
    """The YAML front matter of a Markdown memo and the line it starts on (0-based offset)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != FRONT_MATTER_FENCE:
        raise UserError("no YAML front matter: a Markdown memo starts with a '---' line",
                        location=Location(path, 1, 1),
                        hint="render the memo with `memo render -f md` to embed its answers")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") in (FRONT_MATTER_FENCE, "..."):
            return "".join(lines[1:index]), 1
    raise UserError("front matter is not closed by a '---' line", location=Location(path, 1, 1))


def validate(data: Any, source: SourceMap) -> Memo:
    """Validate plain data against the model, turning every error into a located message."""
    if data is None:
        raise UserError("the file is empty", location=Location(source.path),
                        hint="start from a sample in samples/ or run `memo new`")
    if not isinstance(data, dict):
        raise UserError(f"expected a mapping of fields at the top, got {type(data).__name__}",
                        location=source.locate(()))
    version = data.get("schema_version")
    if version is not None and version != 1 and not isinstance(version, str):
        raise UserError(f"unsupported schema_version {version!r}; this version of memo reads "
                        "schema_version 1", field="schema_version",
                        location=source.locate(("schema_version",)))
    try:
        return Memo.model_validate(data)
    except ValidationError as exc:
        problems = sorted(_problems(exc, data, source),
                          key=lambda p: (p.location.line or 0, p.location.col or 0)
                          if p.location else (0, 0))
        raise InvalidInput(source.path, problems) from None


def _problems(exc: ValidationError, data: Any, source: SourceMap) -> Iterator[UserError]:
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        message = _message(error, loc, data)
        yield UserError(message, field=format_field_path(loc) or None, location=source.locate(loc))


def _message(error: Any, loc: FieldPath, data: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        known = _known_fields(loc[:-1])
        suggestion = difflib.get_close_matches(str(loc[-1]), known, n=1)
        tip = f" (did you mean '{suggestion[0]}'?)" if suggestion else ""
        return f"unknown field{tip}"
    if kind == "literal_error" and loc == ("schema_version",):
        return "must be the number 1"
    if kind == "string_pattern_mismatch":
        return "must be a single line"
    if kind == "enum":
        return f"must be one of {error['ctx']['expected']}, got {error['input']!r}"
    return str(error["msg"]).removeprefix("Value error, ")


def _known_fields(parent: FieldPath) -> list[str]:
    model: type[BaseModel] | None = Memo
    for part in parent:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        model = _model_of(info.annotation) if info else None
    return list(model.model_fields) if model else []


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found:
            return found
    return None


def load_answers_text(text: str, path: str, line_offset: int = 0) -> Document:
    data, source = parse_yaml(text, path, line_offset)
    return Document(validate(data, source), source)


def load(path: Path | str) -> Document:
    """Load an answers file (.yaml/.yml) or the answers embedded in a rendered memo."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".docx", ".pdf", ".html", ".htm"):
        from memo.embedded import extract_answers  # lazy: pypdf only for PDFs

        text = extract_answers(path)
        return load_answers_text(text, str(path))
    text = read_text(path)
    if suffix in (".md", ".markdown"):
        body, offset = split_front_matter(text, str(path))
        return load_answers_text(body, str(path), offset)
    return load_answers_text(text, str(path))


# --- saving -------------------------------------------------------------------------------


def to_data(memo: Memo) -> dict[str, Any]:
    """The memo as plain data in field order: the fields that were given, nothing added.

    Dates stay dates so YAML writes them bare (``date: 2026-01-05``), as a person would.
    """
    data = memo.model_dump(mode="json", exclude_none=True, exclude_unset=True)
    if memo.date:
        data["date"] = memo.date
    if memo.costs and memo.costs.price_date:
        data["costs"]["price_date"] = memo.costs.price_date
    if memo.maintenance and memo.maintenance.review_by:
        data["maintenance"]["review_by"] = memo.maintenance.review_by
    return data


def dump_yaml(memo: Memo | dict[str, Any]) -> str:
    data = to_data(memo) if isinstance(memo, Memo) else memo
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96,
                     default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks so a memo file stays readable."""


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(ch in value for ch in "\r\t") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def atomic_write(path: Path | str, content: bytes | str, *, backup: bool = False) -> Path:
    """Write a file so readers see the old or the new content, never half of it."""
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UserError("output folder does not exist", location=Location(str(directory)))
    if target.is_dir():
        raise UserError("is a folder; give a file name", location=Location(str(target)))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except PermissionError:
        raise UserError("permission denied: cannot write in this folder",
                        location=Location(str(directory))) from None
    except OSError as exc:
        raise UserError(f"cannot write here: {exc.strerror or exc}",
                        location=Location(str(directory))) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
            if not os.access(target, os.W_OK):
                raise UserError("the file is read-only; not overwritten",
                                location=Location(str(target)))
            if backup:
                backup_path = target.with_name(target.name + ".bak")
                backup_path.write_bytes(target.read_bytes())
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(memo: Memo, path: Path | str, *, backup: bool = False) -> Path:
    return atomic_write(path, dump_yaml(memo), backup=backup)
