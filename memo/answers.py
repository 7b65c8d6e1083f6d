"""Load and save answers files.

Loading is strict and located: every problem is reported as ``file:line:col: field: message``.
The YAML is read event by event (libyaml's parser when present) so that aliases are refused
before anything is expanded, duplicate keys are caught, and each value's position is kept for
error messages and for ``memo check``'s line numbers. Saving is atomic.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from memo.errors import InternalError, InvalidInput, Location, MemoError, UserError
from memo.files import atomic_write, check_writable, read_regular, regular_size

__all__ = ["Document", "SourceMap", "atomic_write", "check_writable", "load", "save"]
from memo.model import MAX_TEXT, Memo

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32  # a memo nests 4 levels (costs.options[0].training.tokens); deeper is an attack
# A one-page memo lists a handful of risks or options: far longer lists are refused while the
# YAML is read, before validation or rendering spend time on them.
MAX_ITEMS = 100
MAX_KEYS = 100  # fields in one block (the top level has about 30)
MAX_KEY_LENGTH = 100  # characters in one key (the longest field name has 30)
MAX_NODES = 10_000  # values in one file (a full memo has a few hundred)
MAX_PROBLEMS = 20  # problems listed per file; the rest are counted
ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
MARKDOWN_SUFFIXES = (".md", ".markdown")
RENDERED_SUFFIXES = (".docx", ".pdf", ".html", ".htm")
MEMO_SUFFIXES = ANSWERS_SUFFIXES + MARKDOWN_SUFFIXES + RENDERED_SUFFIXES
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
        self.nodes = 0

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
                context = exc.context
                start = exc.context_mark
                if start is not None and mark is not None and start.line != mark.line:
                    context += f" started on line {start.line + 1 + self.line_offset}"
                problem = f"{problem} ({context})"
            if mark is None:
                raise UserError(f"invalid YAML: {problem}", location=Location(self.path)) from None
            if self._char_at(mark) == "\t":  # libyaml's message does not name the tab
                raise self._error("invalid YAML: a tab character where YAML expects spaces",
                                  mark, hint="indent with spaces, not tabs") from None
            hint = None
            if (exc.problem or "").startswith("mapping values are not allowed"):
                hint = ("check this line's indentation, or put text that holds ': ' in "
                        "quotes")
            raise self._error(f"invalid YAML: {problem}", mark, hint=hint) from None
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
        except RecursionError:  # belt and braces: MAX_DEPTH stops nesting long before this
            raise UserError(f"the YAML is nested more than {MAX_DEPTH} levels deep",
                            location=Location(self.path)) from None
        finally:
            self.loader.dispose()

    def _char_at(self, mark: Any) -> str:
        lines = self.text.split("\n")
        if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
            return lines[mark.line][mark.column]
        return ""

    def _node(self, at: FieldPath) -> Any:
        event = self.loader.get_event()
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._error(f"more than {MAX_NODES:,} values in one file; a one-page memo "
                              "has a few hundred", event.start_mark, at[:1])
        self.positions.setdefault(at, (event.start_mark.line + 1, event.start_mark.column + 1))
        if isinstance(event, yaml.AliasEvent):
            raise self._error("YAML aliases (*name) are not allowed", event.start_mark, at,
                              hint="write the value out in full")
        if getattr(event, "anchor", None):
            raise self._error("YAML anchors (&name) are not allowed", event.start_mark, at,
                              hint="write the value out in full")
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, at)
        if len(at) >= MAX_DEPTH:
            raise self._error(f"the YAML is nested more than {MAX_DEPTH} levels deep (a memo "
                              "needs 4)", event.start_mark, at[:1])
        if getattr(event, "tag", None) not in (None, "!", _SEQ_TAG, _MAP_TAG):
            raise self._tag_error(event.tag, event, at)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                if len(items) == MAX_ITEMS:
                    raise self._error(f"more than {MAX_ITEMS} items in one list; a one-page "
                                      "memo holds far fewer", self.loader.peek_event().start_mark,
                                      at, hint="keep the few that matter")
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
            if len(result) == MAX_KEYS:
                raise self._error(f"more than {MAX_KEYS} fields in one block; a memo has far "
                                  "fewer", key_event.start_mark, at)
            key = self.loader.get_event().value
            if len(key) > MAX_KEY_LENGTH:
                raise self._error(f"a key {len(key):,} characters long; memo's field names are "
                                  "short", key_event.start_mark, at)
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

    def _tag_error(self, tag: str, event: Any, at: FieldPath) -> UserError:
        shown = "!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag
        return self._error(f"YAML tags like {_shorten(shown)} are not allowed", event.start_mark,
                           at, hint="remove the tag; an answers file holds plain text, numbers, "
                                    "dates and lists")

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
        if tag not in _PLAIN_TAGS:
            raise self._tag_error(tag, event, at)
        if not event.style and tag in (_INT_TAG, _FLOAT_TAG):  # plain: "" (libyaml) or None
            self._refuse_yaml11_number(event, at)
            if len(event.value) > _MAX_DIGITS:
                raise self._error(f"a number {len(event.value):,} characters long; no figure in "
                                  "a memo needs that many", event.start_mark, at)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            # A MarkedYAMLError's str() adds a second line with the position: keep one line.
            detail = getattr(exc, "problem", None) or exc
            raise self._error(f"cannot read {_shorten(event.value)!r}: {detail}",
                              event.start_mark, at) from None


_MAX_DIGITS = 100
_TAG_PREFIX = "tag:yaml.org,2002:"
_INT_TAG = _TAG_PREFIX + "int"
_FLOAT_TAG = _TAG_PREFIX + "float"
_SEQ_TAG = _TAG_PREFIX + "seq"
_MAP_TAG = _TAG_PREFIX + "map"
# The scalar types of YAML's core schema; anything else (!!python/..., !!binary, !local) is
# refused before it is constructed.
_PLAIN_TAGS = {_TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null",
                                               "timestamp")}
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
    """Read a UTF-8 text file with the size cap and clear errors (regular files only)."""
    raw = read_regular(path, MAX_BYTES,
                       too_big=f"answers files are capped at {MAX_BYTES:,} bytes (1 MiB)",
                       folder_message="is a folder, not an answers file")
    return decode_text(raw, path)


def decode_text(raw: bytes, path: Path) -> str:
    """UTF-8 text from bytes, or a located error for another encoding or a binary file."""
    where = Location(str(path))
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            raise UserError(f"{encoding} text, not UTF-8", location=where,
                            hint="save the file as UTF-8")
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


_OTHER_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
               (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def find_front_matter(text: str) -> tuple[list[str], int | None] | None:
    """The text's lines and the index of the line closing its front matter (None when it is
    never closed), or None when the text does not open with a '---' line."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != FRONT_MATTER_FENCE:
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") in (FRONT_MATTER_FENCE, "..."):
            return lines, index
    return lines, None


def split_front_matter(text: str, path: str) -> tuple[str, int]:
    """The YAML front matter of a Markdown memo and the line it starts on (0-based offset)."""
    found = find_front_matter(text)
    if found is None:
        raise UserError("no YAML front matter: a Markdown memo starts with a '---' line",
                        location=Location(path, 1, 1),
                        hint="render the memo with `memo render -f md` to embed its answers")
    lines, end = found
    if end is None:
        raise UserError("front matter is not closed by a '---' line",
                        location=Location(path, 1, 1))
    return "".join(lines[1:end]), 1


def validate(data: Any, source: SourceMap) -> Memo:
    """Validate plain data against the model, turning every error into a located message."""
    if data is None:
        raise UserError("the file is empty", location=Location(source.path),
                        hint="start from a sample in samples/ or run `memo new`")
    if not isinstance(data, dict):
        raise UserError(f"expected the memo's fields (name: value lines) at the top, got "
                        f"{_describe(data)}",
                        location=source.locate(()))
    version = data.get("schema_version")
    if version is not None and (version != 1 or isinstance(version, bool)) \
            and not isinstance(version, str):
        raise UserError(f"unsupported schema_version {version!r}; this version of memo reads "
                        "schema_version 1", field="schema_version",
                        location=source.locate(("schema_version",)))
    try:
        return Memo.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # In line order; only the problems shown are put into words (thousands of unknown
        # fields cost no more than twenty).
        located = sorted(((source.locate(tuple(e["loc"])), index) for index, e
                          in enumerate(errors)),
                         key=lambda item: (item[0].line or 0, item[0].col or 0, item[1]))
        problems = [_problem(errors[index], location, data)
                    for location, index in located[:MAX_PROBLEMS]]
        raise InvalidInput(source.path, problems,
                           omitted=max(0, len(errors) - MAX_PROBLEMS)) from None


def _problem(error: Any, location: Location, data: Any) -> UserError:
    loc = tuple(error["loc"])
    return UserError(validation_message(error, loc, data), field=format_field_path(loc) or None,
                     location=location)


def validation_message(error: Any, loc: FieldPath, data: Any) -> str:
    """A pydantic error in the words the loader uses (the questionnaire uses them too)."""
    """A human message for one pydantic error: what is wrong, in the user's terms."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
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
        got = repr(_shorten(value)) if isinstance(value, str) else _describe(value)
        return f"must be one of {ctx['expected']}, got {got}"
    if kind in ("too_long", "string_too_long") and isinstance(value, str):
        limit = ctx.get("max_length", MAX_TEXT)
        length = len(value.strip())
        room = "fit a one-page memo" if limit >= MAX_TEXT else "fit on one line"
        return f"is {length:,} characters long; at most {limit:,} {room}"
    if value is None and kind in _TYPE_ERRORS:
        return "has no value; fill it in or remove the line"
    if kind.startswith("date") and isinstance(value, str) and _DATE_SHAPE.match(value.strip()):
        # 2026-02-30 has the right shape: say what is wrong with it
        return f"{value.strip()} is not a day of the calendar"
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        return f"is too large to be a figure ({_number(value)} looks like a typo)"
    if kind in _TYPE_ERRORS:
        return f"{_TYPE_ERRORS[kind]}, got {_describe(value)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _bound_message(kind, ctx, value)
    return str(error["msg"]).removeprefix("Value error, ")


_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TYPE_ERRORS = {
    "string_type": "expected text",
    "list_type": "expected a list",
    "model_type": "expected a block of fields",
    "model_attributes_type": "expected a block of fields",
    "dict_type": "expected a block of fields",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "expected a date (YYYY-MM-DD) without a time",
}

# A figure this many times over its bound is a slip of the keyboard, not a plan.
_TYPO_FACTOR = 1000


def _bound_message(kind: str, ctx: dict[str, Any], value: Any) -> str:
    if kind == "greater_than_equal":
        return f"must be at least {_number(ctx['ge'])}, got {_number(value)}"
    if kind == "greater_than":
        return f"must be more than {_number(ctx['gt'])}, got {_number(value)}"
    limit = ctx.get("le", ctx.get("lt"))
    words = "at most" if kind == "less_than_equal" else "less than"
    try:
        typo = abs(float(value)) > _TYPO_FACTOR * max(abs(float(limit)), 1.0)
    except (TypeError, ValueError, OverflowError):
        typo = True
    if typo:
        return f"must be {words} {_number(limit)} ({_number(value)} looks like a typo)"
    return f"must be {words} {_number(limit)}, got {_number(value)}"


def _number(value: Any) -> str:
    """A figure as a person writes it: 100,000,000,000, 0.25, 1e30."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _shorten(str(value))
    if isinstance(value, int) and len(str(abs(value))) > 15:
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[0]}e{len(digits) - 1}"
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return f"{int(value):,}"
    return format(value, ",.12g").replace("e+", "e")


def _describe(value: Any) -> str:
    """What YAML made of a value, for 'expected X, got Y' messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {_number(value)}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {_shorten(value)!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a block of fields"
    return type(value).__name__


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
    """Load an answers file (.yaml/.yml) or the answers embedded in a rendered memo.

    Anything but a MemoError (a bug, or a library choking on a hostile file) becomes one
    InternalError naming the file; MEMO_DEBUG=1 lets the original exception through.
    """
    path = Path(path)
    try:
        return _load(path)
    except MemoError:
        raise
    except Exception as exc:
        if os.environ.get("MEMO_DEBUG"):
            raise
        raise InternalError(exc, str(path)) from exc


def check_suffix(path: Path) -> None:
    """Refuse a file whose suffix is not one of memo's: what ``memo render`` reads is exactly
    what ``memo check`` looks for in folders."""
    if path.suffix.lower() not in MEMO_SUFFIXES:
        # What the file is comes first: "/dev/zero is a character device" says more.
        regular_size(path, folder_message="is a folder, not an answers file")
        raise UserError(f"not a memo file ({path.suffix or 'no suffix'}): memo reads answers "
                        "files (.yaml, .yml, .json) and rendered memos (.md, .html, .docx, "
                        ".pdf)", location=Location(str(path)),
                        hint="rename the answers file to .yaml")


def _load(path: Path) -> Document:
    check_suffix(path)
    suffix = path.suffix.lower()
    if suffix in RENDERED_SUFFIXES:
        from memo.embedded import extract_answers  # lazy: pypdf only for PDFs

        text = extract_answers(path)
        return load_answers_text(text, str(path))
    text = read_text(path)
    if suffix in MARKDOWN_SUFFIXES:
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
    if memo.decided:
        data["decided"] = memo.decided
    return data


def dump_yaml(memo: Memo | dict[str, Any]) -> str:
    data = to_data(memo) if isinstance(memo, Memo) else memo
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96,
                     default_flow_style=False)


def _whole_numbers(value: Any) -> Any:
    """Whole floats as ints (``requests_per_month: 2400000``, not ``2400000.0``), as a person
    writes them and as a round-trip update (memo.roundtrip) writes them."""
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks so a memo file stays readable."""


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(ch in value for ch in "\r\t") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def save(memo: Memo, path: Path | str, *, backup: bool = False) -> Path:
    """Write ``memo`` to ``path`` atomically (``backup``: keep the old file as ``NAME.bak``).

    Over an existing answers file, only the values that changed are rewritten: its comments,
    key order, quoting and indentation stay as they were (a round trip through ruamel.yaml).
    A file that cannot be read that way is replaced by a freshly written one.
    """
    target = Path(path)
    fresh = _updated_text(target, memo) or dump_yaml(_whole_numbers(to_data(memo)))
    return atomic_write(target, fresh, backup=backup)


def _updated_text(target: Path, memo: Memo) -> str | None:
    """The existing file at ``target`` with ``memo``'s values written into it, or None."""
    try:
        old = read_regular(target, MAX_BYTES, too_big="too large to update").decode("utf-8")
        data, source = parse_yaml(old.removeprefix("\ufeff"), str(target))  # memo's limits
    except (UserError, UnicodeDecodeError):
        return None
    if _canonical(data, source, old):
        # A file exactly as memo writes it (no comments, memo's wrapping) is written the same
        # way again: only the changed values differ. ruamel would re-wrap every long value.
        return dump_yaml(_whole_numbers(to_data(memo)))
    from memo.roundtrip import update_yaml  # lazy: ruamel.yaml only when a file is updated

    text = update_yaml(old, to_data(memo))
    if text is None:
        return None
    # ruamel leaves a space at the end of a wrapped line; drop it unless that changes a value
    # (a block of text may end a line with spaces on purpose). Write a round trip only if it
    # reads back as the same memo.
    tidy = "".join(line.rstrip(" ") + "\n" for line in text.splitlines())
    for candidate in (tidy, text):
        try:
            data, source = parse_yaml(candidate, str(target))
            if validate(data, source) == memo:
                return candidate
        except UserError:
            continue
    return None


def _canonical(data: Any, source: Any, text: str) -> bool:
    """Whether ``text`` is byte for byte what memo writes for the memo it holds."""
    try:
        return dump_yaml(_whole_numbers(to_data(validate(data, source)))) == text
    except UserError:
        return False
