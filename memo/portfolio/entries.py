"""The portfolio: one entry per memo found, with what a reviewer scans a list for.

Memos are found by :func:`memo.checking.find_memos`, the recognition ``memo check`` uses, and
checked with the same rules and settings, so ``memo list`` counts exactly the errors and
warnings ``memo check`` reports. A file that cannot be read is an entry with its error, never
skipped. The checklist and the cost report share one :class:`memo.rules.Facts`, so a row costs
what checking the file costs.

Supersede links are resolved both ways: ``superseded_by`` is read as a path relative to the
older memo's folder (what ``memo status --by`` writes) or, failing that, as the title of one
memo in the portfolio.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memo.checking import CheckOptions, FoundMemo, MemoKind, check_found, find_memos, input_finding
from memo.discover import SITE_MARKER
from memo.errors import InternalError, UserError
from memo.model import FixKind, Memo, Status
from memo.rules import Facts, Finding, Severity, check_memo, sort_findings

NOT_IN_FORCE = (Status.REJECTED, Status.SUPERSEDED)  # skipped by staleness, never overdue


@dataclass(frozen=True)
class VerdictSummary:
    """The chosen option against the strongest alternative (the lowest horizon cost)."""

    alternative: str
    verdict: str  # memo.cost.Verdict value: dominates, pays_back, crosses_back, never
    short: str  # for a table cell: "month 7", "never"
    text: str  # one clause: "pays back in month 7 and stays cheaper"
    outcome: str  # "saves $3,100 over 24 months"
    tco_difference_usd: float


@dataclass
class Entry:
    """One memo of the portfolio; ``error`` is set (and most fields empty) when it cannot
    be read."""

    path: Path
    kind: MemoKind
    title: str | None = None
    status: Status | None = None
    owner: str = ""
    date: dt.date | None = None
    fix: FixKind | None = None
    verdict: VerdictSummary | None = None
    tco_usd: float | None = None
    horizon_months: int | None = None
    review_by: dt.date | None = None
    overdue: bool = False
    decided: dt.date | None = None
    superseded_by: str | None = None  # as written in the memo
    newer: int | None = None  # index of the entry superseded_by resolves to
    older: list[int] = field(default_factory=list)  # entries this one supersedes
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # why the file cannot be read (its MEMO-INPUT message)
    error_line: int | None = None
    memo: Memo | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)

    @property
    def unreadable(self) -> bool:
        return self.error is not None


@dataclass
class Portfolio:
    entries: list[Entry]
    as_of: dt.date

    @property
    def unreadable(self) -> bool:
        return any(e.unreadable for e in self.entries)

    def select(self, statuses: Iterable[Status] = (), overdue: bool = False) -> list[Entry]:
        """The entries with one of ``statuses`` (all when empty), only the overdue ones with
        ``overdue``. A file that cannot be read is always kept: its status is unknown."""
        wanted = set(statuses)
        return [e for e in self.entries
                if e.unreadable or ((not wanted or e.status in wanted)
                                    and (not overdue or e.overdue))]


def is_overdue(memo: Memo, as_of: dt.date) -> bool:
    """The review date has passed and the decision is still in force (as MEMO-MNT-006)."""
    review_by = memo.maintenance.review_by if memo.maintenance else None
    return review_by is not None and memo.status not in NOT_IN_FORCE and review_by < as_of


def collect(paths: Iterable[Path], options: CheckOptions | None = None) -> Portfolio:
    """Every memo in ``paths`` (files and folders) as an entry, in ``memo check``'s order.

    Files found in a folder that ``memo site`` wrote are left out: its pages are copies of
    the memos (they carry the same answers), so ``memo site . -o site`` run twice would
    otherwise list each memo three times. A file named on the command line is always kept.
    """
    options = options or CheckOptions()
    as_of = options.as_of or dt.date.today()
    paths = list(paths)
    named = {os.path.realpath(p) for p in paths if not Path(p).is_dir()}
    in_site = _SiteFolders()
    entries = [entry_for(found, options, as_of) for found in find_memos(paths)
               if os.path.realpath(found.path) in named or not in_site(found.path)]
    link(entries)
    return Portfolio(entries, as_of)


class _SiteFolders:
    """Whether a path lies in a folder written by ``memo site`` (marked by SITE_MARKER)."""

    def __init__(self) -> None:
        self.known: dict[str, bool] = {}

    def __call__(self, path: Path) -> bool:
        folder = os.path.dirname(os.path.abspath(path))
        return self._marked(folder)

    def _marked(self, folder: str) -> bool:
        if folder not in self.known:
            parent = os.path.dirname(folder)
            self.known[folder] = os.path.isfile(os.path.join(folder, SITE_MARKER)) or (
                parent != folder and self._marked(parent))
        return self.known[folder]


def entry_for(found: FoundMemo, options: CheckOptions, as_of: dt.date) -> Entry:
    """One memo as an entry. Nothing escapes: a bug becomes this file's error, as in
    ``memo check`` (MEMO_DEBUG=1 lets it through)."""
    try:
        return _entry(found, options, as_of)
    except Exception as exc:
        if os.environ.get("MEMO_DEBUG"):
            raise
        return _unreadable(found, InternalError(exc, str(found.path)))


def _unreadable(found: FoundMemo, error: Any) -> Entry:
    finding = input_finding(error)
    return Entry(found.path, found.kind, findings=[finding], error=finding.message,
                 error_line=finding.line)


def _entry(found: FoundMemo, options: CheckOptions, as_of: dt.date) -> Entry:
    from memo.answers import validate

    if found.error is not None:
        return _unreadable(found, found.error)
    if found.kind == MemoKind.HANDWRITTEN:
        result = check_found(found, options)
        from memo.handwritten import section_text

        return Entry(found.path, found.kind, title=_handwritten_title(found.loaded),
                     owner=section_text(found.loaded, "owner"), findings=result.findings)
    parsed = found.loaded
    try:
        memo = validate(parsed.data, parsed.source)
    except UserError as error:
        return _unreadable(found, error)
    facts = Facts(memo, as_of, options.price_max_age_days)
    findings = sort_findings([
        dataclasses.replace(f, line=parsed.source.line_of(f.field))
        for f in check_memo(memo, options.rules, as_of,
                            price_max_age_days=options.price_max_age_days, facts=facts)])
    entry = Entry(found.path, found.kind, title=memo.title, status=memo.status,
                  owner=memo.owner, date=memo.date, fix=memo.fix.kind,
                  review_by=memo.maintenance.review_by if memo.maintenance else None,
                  overdue=is_overdue(memo, as_of), decided=memo.decided,
                  superseded_by=memo.superseded_by, findings=findings, memo=memo)
    _add_costs(entry, facts)
    return entry


def _add_costs(entry: Entry, facts: Facts) -> None:
    from memo.format import tco_outcome, verdict_short, verdict_text

    report = facts.costs
    if report is None:
        return
    entry.horizon_months = report.horizon_months
    chosen = report.chosen
    if chosen is not None:
        entry.tco_usd = chosen.tco_usd
    strongest = report.strongest_alternative()
    if strongest is not None:
        horizon = report.horizon_months
        entry.verdict = VerdictSummary(
            strongest.alternative, strongest.verdict.value, verdict_short(strongest),
            verdict_text(strongest, horizon), tco_outcome(strongest, horizon),
            strongest.tco_difference_usd)


def _handwritten_title(document: Any) -> str | None:
    headings = getattr(document, "headings", None) or []
    top = min((h.level for h in headings), default=None)
    first = next((h for h in headings if h.level == top), None)
    return first.plain if first is not None and first.plain else None


def link(entries: list[Entry]) -> None:
    """Resolve each ``superseded_by`` to an entry and record the link both ways."""
    by_path = {os.path.realpath(e.path): index for index, e in enumerate(entries)}
    by_title: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        if entry.title:
            by_title.setdefault(_title_key(entry.title), []).append(index)
    for index, entry in enumerate(entries):
        if not entry.superseded_by:
            continue
        target = by_path.get(_resolve(entry.path, entry.superseded_by))
        if target is None:
            titled = by_title.get(_title_key(entry.superseded_by), [])
            target = titled[0] if len(titled) == 1 else None
        if target is not None and target != index:
            entry.newer = target
            entries[target].older.append(index)


def _resolve(older: Path, reference: str) -> str:
    try:
        return os.path.realpath(older.parent / reference)
    except (OSError, ValueError):  # a NUL byte, a path too long: not a file of ours
        return ""


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()
