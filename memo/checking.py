"""`memo check` as a library: find memo files, check each, collect located findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from memo.answers import (
    Document,
    find_front_matter,
    load,
    load_answers_text,
    read_text,
    split_front_matter,
)
from memo.errors import InvalidInput, Location, UserError
from memo.rules import (
    DEFAULT_PRICE_MAX_AGE_DAYS,
    Finding,
    Rule,
    Severity,
    Target,
    all_rules,
    check_memo,
    sort_findings,
)

INPUT_RULE = "MEMO-INPUT"
MEMO_SUFFIXES = (".yaml", ".yml", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")
RENDERED_SUFFIXES = (".docx", ".pdf", ".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
_SCHEMA_LINE = re.compile(rb"^schema_version\s*:", re.MULTILINE)
_SCHEMA_LINE_TEXT = re.compile(r"^schema_version\s*:", re.MULTILINE)


@dataclass(frozen=True)
class CheckOptions:
    """What one run checks with: the enabled rules, the day of the check, the price age."""

    rules: list[Rule] | None = None  # None: every rule
    as_of: dt.date | None = None  # None: today
    price_max_age_days: int = DEFAULT_PRICE_MAX_AGE_DAYS


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)

    def ok(self, strict: bool = False) -> bool:
        return self.errors == 0 and not (strict and self.warnings)


@dataclass
class CheckRun:
    files: list[FileResult]

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files)

    def exit_code(self, strict: bool = False) -> int:
        if any(f.unreadable for f in self.files):
            return 2
        return 0 if all(f.ok(strict) for f in self.files) else 1


def looks_like_memo(path: Path) -> bool:
    """In a folder, only memo files are checked; the rest are skipped.

    A memo file is a rendered .docx/.pdf/.html that carries its answers, a YAML file with a
    `schema_version:` line, a Markdown file whose front matter has one, or a hand-written
    Markdown memo (three or more of the required sections as headings).
    """
    suffix = path.suffix.lower()
    if suffix in RENDERED_SUFFIXES:
        from memo.embedded import has_embedded_answers  # lazy: only when such files exist

        return has_embedded_answers(path)
    if suffix not in MEMO_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return True  # report it as unreadable rather than skip it silently
    if _SCHEMA_LINE.search(head):
        return True
    if suffix in MARKDOWN_SUFFIXES:
        from memo import handwritten

        return handwritten.looks_like_memo(head.decode("utf-8", errors="replace"))
    return False


def collect(paths: Iterable[Path], *, only_memos: bool = False) -> Iterator[Path]:
    """Files named are always checked (with ``only_memos``, only when they look like memos,
    as a pre-commit hook needs); folders are searched for memo files. No file twice."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterable[Path] = (
                child for child in sorted(path.rglob("*"))
                if not any(part in _SKIP_DIRS or part.startswith(".")
                           for part in child.relative_to(path).parts[:-1])
                and child.is_file() and looks_like_memo(child))
        elif only_memos and path.is_file() and not looks_like_memo(path):
            continue
        else:
            candidates = (path,)
        for candidate in candidates:
            key = candidate.resolve() if candidate.exists() else candidate
            if key not in seen:
                seen.add(key)
                yield candidate


def input_finding(error: UserError) -> Finding:
    problems = error.problems if isinstance(error, InvalidInput) else [error]
    message = "; ".join(
        (f"{p.field}: {p.message}" if p.field else p.message) for p in problems
    )
    location: Location | None = problems[0].location if problems else error.location
    return Finding(INPUT_RULE, Severity.ERROR, message, problems[0].field if problems else None,
                   error.hint or problems[0].hint or "fix the file so it loads",
                   location.line if location else None)


def check_file(path: Path, rules: list[Rule] | None = None,
               options: CheckOptions | None = None) -> FileResult:
    """Check one file: answers (.yaml, .md front matter, .docx/.pdf) or a hand-written .md."""
    options = options or CheckOptions(rules=rules)
    if rules is not None:
        options = dataclasses.replace(options, rules=rules)
    try:
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            return _check_markdown(path, read_text(path), options)
        document = load(path)
    except UserError as error:
        return FileResult(str(path), [input_finding(error)], unreadable=True)
    return _check_answers(path, document, options)


def _check_answers(path: Path, document: Document, options: CheckOptions) -> FileResult:
    findings = [
        dataclasses.replace(f, line=document.source.line_of(f.field))
        for f in check_memo(document.memo, options.rules, options.as_of,
                            price_max_age_days=options.price_max_age_days)
    ]
    return FileResult(str(path), sort_findings(findings))


def _check_markdown(path: Path, text: str, options: CheckOptions) -> FileResult:
    """A rendered memo carries its answers as front matter; one without is hand-written."""
    found = find_front_matter(text)
    if found is None:
        return check_handwritten(path, text, options)
    lines, end = found
    if _SCHEMA_LINE_TEXT.search("".join(lines[1:end])):
        body, offset = split_front_matter(text, str(path))  # refuses unclosed front matter
        return _check_answers(path, load_answers_text(body, str(path), offset), options)
    if end is not None:
        # Front matter of another tool (a title, tags): blank it out so that line numbers
        # stay those of the file.
        text = "\n" * (end + 1) + "".join(lines[end + 1:])
    return check_handwritten(path, text, options)


def check_handwritten(path: Path, text: str, options: CheckOptions | None = None) -> FileResult:
    """The MEMO-DOC-1xx completeness report on a hand-written Markdown memo."""
    from memo.handwritten import parse

    options = options or CheckOptions()
    document = parse(text, str(path))
    selected = options.rules if options.rules is not None else all_rules()
    findings = [f for r in selected if r.target == Target.HANDWRITTEN
                for f in r.run(document, None)]
    return FileResult(str(path), sort_findings(findings))


def check_paths(paths: Iterable[Path], rules: list[Rule] | None = None,
                options: CheckOptions | None = None, *, only_memos: bool = False) -> CheckRun:
    options = options or CheckOptions(rules=rules)
    return CheckRun([check_file(p, options=options) for p in collect(paths,
                                                                     only_memos=only_memos)])
