"""`memo check` as a library: find memo files, check each, collect located findings.

Which files are memos is decided by :mod:`memo.discover` (``find_memos``, re-exported here),
the one recognition path that ``memo list`` reuses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from memo.answers import Document, validate
from memo.discover import (
    MEMO_SUFFIXES,
    FoundMemo,
    MemoKind,
    Parsed,
    find_memos,
    recognize,
)
from memo.errors import InternalError, InvalidInput, Location, MemoError, UserError
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
from memo.rules.base import Facts
from memo.rules.registry import INPUT_RULE, INPUT_RULE_HINT

if TYPE_CHECKING:
    from memo.config import CheckConfig

__all__ = ["MEMO_SUFFIXES", "CheckOptions", "CheckRun", "FileResult", "FoundMemo", "MemoKind",
           "check_file", "check_paths", "find_memos", "recognize"]

MAX_MESSAGE_PROBLEMS = 10  # problems joined into one MEMO-INPUT message; the rest are counted


@dataclass(frozen=True)
class CheckOptions:
    """What one run checks with: the enabled rules, the day of the check, the price age."""

    rules: list[Rule] | None = None  # None: every rule
    as_of: dt.date | None = None  # None: today
    price_max_age_days: int = DEFAULT_PRICE_MAX_AGE_DAYS

    @classmethod
    def from_config(cls, config: CheckConfig, as_of: dt.date | None = None) -> CheckOptions:
        """The options a config in force asks for (its rule selection and price age)."""
        from memo.rules import select_rules

        return cls(rules=select_rules(list(config.select), list(config.ignore)), as_of=as_of,
                   price_max_age_days=config.price_max_age_days)


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


def input_finding(error: MemoError) -> Finding:
    """One MEMO-INPUT finding for a file that cannot be read, parsed or validated."""
    if not isinstance(error, UserError):  # an InternalError: a bug, said on this file
        return Finding(INPUT_RULE, Severity.ERROR, str(error), None,
                       getattr(error, "hint", None) or "report this bug", None)
    problems = error.problems if isinstance(error, InvalidInput) else [error]
    shown = [(f"{p.field}: {p.message}" if p.field else p.message)
             for p in problems[:MAX_MESSAGE_PROBLEMS]]
    more = len(problems) - len(shown) + (error.omitted if isinstance(error, InvalidInput) else 0)
    if more:
        shown.append(f"{more:,} more problem{'s' * (more != 1)} not shown")
    location: Location | None = problems[0].location if problems else error.location
    return Finding(INPUT_RULE, Severity.ERROR, "; ".join(shown),
                   problems[0].field if problems else None,
                   error.hint or problems[0].hint or INPUT_RULE_HINT,
                   location.line if location else None)


def check_file(path: Path, rules: list[Rule] | None = None,
               options: CheckOptions | None = None) -> FileResult:
    """Check one named file: answers (.yaml, .md front matter, .docx/.pdf) or a hand-written .md."""
    options = options or CheckOptions(rules=rules)
    if rules is not None:
        options = dataclasses.replace(options, rules=rules)
    found = recognize(path, named=True)
    assert found is not None  # a named file is always a memo of its suffix's kind
    return check_found(found, options)


def check_found(found: FoundMemo, options: CheckOptions) -> FileResult:
    """Check a recognised memo. Nothing escapes: a bug is reported on this file (MEMO_DEBUG=1
    lets it through) and the other files are still checked."""
    try:
        return _check_found(found, options)
    except Exception as exc:
        if os.environ.get("MEMO_DEBUG"):
            raise
        error = InternalError(exc, str(found.path))
        return FileResult(str(found.path), [input_finding(error)], unreadable=True)


def _check_found(found: FoundMemo, options: CheckOptions) -> FileResult:
    path = found.path
    if found.error is not None:
        return FileResult(str(path), [input_finding(found.error)], unreadable=True)
    if found.kind == MemoKind.HANDWRITTEN:
        return _handwritten_result(path, found.loaded, options)
    parsed: Parsed = found.loaded
    try:
        document = Document(validate(parsed.data, parsed.source), parsed.source)
    except UserError as error:
        return FileResult(str(path), [input_finding(error)], unreadable=True)
    intact = None
    if parsed.text is not None:  # a rendered Markdown memo: is its text still memo's?
        from memo.seal import body_intact

        intact = body_intact(parsed.text)
    return _check_answers(path, document, options, intact)


def _check_answers(path: Path, document: Document, options: CheckOptions,
                   rendered_text_intact: bool | None = None) -> FileResult:
    facts = Facts(document.memo, options.as_of, options.price_max_age_days,
                  rendered_text_intact=rendered_text_intact,
                  page_fill=_page_fill(document.memo))
    findings = [
        dataclasses.replace(f, line=document.source.line_of(f.field))
        for f in check_memo(document.memo, options.rules, options.as_of,
                            price_max_age_days=options.price_max_age_days, facts=facts)
    ]
    return FileResult(str(path), sort_findings(findings))


def _page_fill(memo: Any) -> float | None:
    """The estimated page fill of a memo long enough to risk a second page (MEMO-DOC-004);
    None for the others, which cost nothing more to check."""
    from memo.render.estimate import may_overflow, smallest_fill

    if not may_overflow(memo):
        return None
    from memo.context import build_context

    return smallest_fill(build_context(memo, findings=[]))


def check_handwritten(path: Path, text: str, options: CheckOptions | None = None) -> FileResult:
    """The MEMO-DOC-1xx completeness report on a hand-written Markdown memo."""
    from memo.handwritten import parse

    return _handwritten_result(path, parse(text, str(path)), options or CheckOptions())


def _handwritten_result(path: Path, document: Any, options: CheckOptions) -> FileResult:
    selected = options.rules if options.rules is not None else all_rules()
    findings = [f for r in selected if r.target == Target.HANDWRITTEN
                for f in r.run(document, None)]
    return FileResult(str(path), sort_findings(findings))


def check_paths(paths: Iterable[Path], rules: list[Rule] | None = None,
                options: CheckOptions | None = None, *, only_memos: bool = False) -> CheckRun:
    """Check every memo in ``paths`` (files and folders): one result per file, in order."""
    options = options or CheckOptions(rules=rules)
    return CheckRun([check_found(found, options)
                     for found in find_memos(paths, only_memos=only_memos)])
