"""`memo check` as a library: find memo files, check each, collect located findings."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from memo.answers import load
from memo.errors import InvalidInput, Location, UserError
from memo.rules import Finding, Rule, Severity, check_memo

INPUT_RULE = "MEMO-INPUT"
MEMO_SUFFIXES = (".yaml", ".yml", ".md", ".markdown", ".docx", ".pdf")
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
_SCHEMA_LINE = re.compile(rb"^schema_version\s*:", re.MULTILINE)


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
    """In a folder, only files that carry memo answers are checked; the rest are skipped."""
    suffix = path.suffix.lower()
    if suffix in (".docx", ".pdf"):
        return True
    if suffix not in MEMO_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return True  # report it as unreadable rather than skip it silently
    return bool(_SCHEMA_LINE.search(head))


def collect(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named are always checked; folders are searched for memo files."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part in _SKIP_DIRS or part.startswith(".") for part in relative[:-1]):
                    continue
                if child.is_file() and looks_like_memo(child):
                    yield child
        else:
            yield path


def input_finding(error: UserError) -> Finding:
    problems = error.problems if isinstance(error, InvalidInput) else [error]
    message = "; ".join(
        (f"{p.field}: {p.message}" if p.field else p.message) for p in problems
    )
    location: Location | None = problems[0].location if problems else error.location
    return Finding(INPUT_RULE, Severity.ERROR, message, problems[0].field if problems else None,
                   error.hint or problems[0].hint or "fix the file so it loads",
                   location.line if location else None)


def check_file(path: Path, rules: list[Rule] | None = None) -> FileResult:
    try:
        document = load(path)
    except UserError as error:
        return FileResult(str(path), [input_finding(error)], unreadable=True)
    findings = [
        dataclasses.replace(f, line=document.source.line_of(f.field))
        for f in check_memo(document.memo, rules)
    ]
    return FileResult(str(path), findings)


def check_paths(paths: Iterable[Path], rules: list[Rule] | None = None) -> CheckRun:
    return CheckRun([check_file(p, rules) for p in collect(paths)])
