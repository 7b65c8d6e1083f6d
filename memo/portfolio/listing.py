"""``memo list`` output: the portfolio as a table, JSON or CSV. Pure: entries in, text out.

Text from the memos (titles, owners, paths, error messages) is untrusted: the table and the
CSV print it through :func:`memo.safe_text.terminal` (no escape sequence reaches a terminal),
the CSV also defuses cells a spreadsheet would run as a formula (a leading ``=``, ``+``,
``-``, ``@``), and the JSON writes unsafe characters as ``\\uXXXX`` escapes that decode back
to the original text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from memo.format import usd
from memo.portfolio.entries import Entry, Portfolio
from memo.reports import display_path
from memo.safe_text import json_text, terminal


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


COLUMNS = ("PATH", "TITLE", "STATUS", "OWNER", "FIX", "BREAK-EVEN", "TCO", "REVIEW BY",
           "ERR", "WARN", "SUPERSEDED BY")
WIDTHS = {"TITLE": 44, "OWNER": 20, "BREAK-EVEN": 26, "SUPERSEDED BY": 32}  # longer: cut
NUMERIC = {"ERR", "WARN", "TCO"}


def _clip(text: str, width: int | None) -> str:
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def table_cells(entry: Entry) -> dict[str, str]:
    """One row of the table, in words; empty where a memo says nothing."""
    path = display_path(str(entry.path), keep=True)
    if entry.unreadable:
        where = f" (line {entry.error_line})" if entry.error_line else ""
        return {"PATH": path, "TITLE": f"cannot read{where}: {entry.error}", "STATUS": "?",
                "ERR": str(entry.errors), "WARN": "0"}
    review = entry.review_by.isoformat() if entry.review_by else ""
    if entry.overdue:
        review += " OVERDUE"
    superseded = entry.superseded_by or ""
    if superseded and entry.newer is None:
        superseded += " (not found)"
    tco = ""
    if entry.tco_usd is not None:
        tco = f"{usd(entry.tco_usd)} / {entry.horizon_months} mo"
    return {
        "PATH": path,
        "TITLE": entry.title or "",
        "STATUS": entry.status.value if entry.status else "-",
        "OWNER": entry.owner,
        "FIX": entry.fix.value if entry.fix else "",
        "BREAK-EVEN": entry.verdict.short if entry.verdict else "",
        "TCO": tco,
        "REVIEW BY": review,
        "ERR": str(entry.errors),
        "WARN": str(entry.warnings),
        "SUPERSEDED BY": superseded,
    }


def table(portfolio: Portfolio, entries: list[Entry]) -> str:
    rows = [[terminal(_clip(cells.get(c, ""), WIDTHS.get(c))) for c in COLUMNS]
            for cells in (table_cells(e) for e in entries)]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(COLUMNS)]

    def line(cells: list[str]) -> str:
        parts = [cell.rjust(w) if COLUMNS[i] in NUMERIC else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    lines = [line(list(COLUMNS))] + [line(r) for r in rows]
    lines.append(summary(portfolio, entries))
    return "\n".join(lines)


def summary(portfolio: Portfolio, entries: list[Entry]) -> str:
    """The table's last line. A file that cannot be read (or does not exist) is counted
    apart: it is not a memo, and its MEMO-INPUT error is not a checklist error."""
    readable = [e for e in entries if not e.unreadable]
    overdue = sum(1 for e in readable if e.overdue)
    failing = sum(1 for e in readable if e.errors)
    text = (f"{len(readable)} memo{'s' * (len(readable) != 1)}; {overdue} overdue for review "
            f"(as of {portfolio.as_of}); {failing} with checklist errors")
    unreadable = len(entries) - len(readable)
    return text + (f"; {unreadable} unreadable" if unreadable else "")


def record(entry: Entry, entries: list[Entry]) -> dict[str, Any]:
    """One memo as plain data (the JSON and CSV rows)."""
    verdict = entry.verdict
    return {
        "path": str(entry.path),
        "kind": entry.kind.value,
        "title": entry.title,
        "status": entry.status.value if entry.status else None,
        "owner": entry.owner or None,
        "date": entry.date.isoformat() if entry.date else None,
        "fix": entry.fix.value if entry.fix else None,
        "verdict": None if verdict is None else {
            "alternative": verdict.alternative, "verdict": verdict.verdict,
            "text": verdict.text, "outcome": verdict.outcome,
            "tco_difference_usd": round(verdict.tco_difference_usd, 2)},
        "tco_usd": None if entry.tco_usd is None else round(entry.tco_usd, 2),
        "horizon_months": entry.horizon_months,
        "review_by": entry.review_by.isoformat() if entry.review_by else None,
        "overdue": entry.overdue,
        "decided": entry.decided.isoformat() if entry.decided else None,
        "errors": entry.errors,
        "warnings": entry.warnings,
        "superseded_by": entry.superseded_by,
        "superseded_by_path": None if entry.newer is None else str(entries[entry.newer].path),
        "supersedes": [str(entries[i].path) for i in entry.older],
        "error": entry.error,
        "error_line": entry.error_line,
    }


def as_json(portfolio: Portfolio, entries: list[Entry]) -> str:
    return json_text({"as_of": portfolio.as_of.isoformat(), "count": len(entries),
                      "memos": [record(e, portfolio.entries) for e in entries]})


CSV_FIELDS = ("path", "title", "status", "owner", "fix", "alternative", "verdict",
              "verdict_text", "tco_usd", "horizon_months", "review_by", "overdue", "decided",
              "errors", "warnings", "superseded_by", "supersedes", "error", "error_line")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    """A text cell a spreadsheet shows as text: safe to print, never run as a formula."""
    value = terminal(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def as_csv(portfolio: Portfolio, entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for entry in entries:
        data = record(entry, portfolio.entries)
        verdict = data.pop("verdict") or {}
        row: dict[str, Any] = {**data, "alternative": verdict.get("alternative"),
                               "verdict": verdict.get("verdict"),
                               "verdict_text": verdict.get("text"),
                               "supersedes": ";".join(data["supersedes"]),
                               "overdue": "yes" if data["overdue"] else "no"}
        writer.writerow([_cell(row.get(name)) for name in CSV_FIELDS])
    return out.getvalue().rstrip("\n")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return _csv_text(value)
    return value


FORMATTERS: dict[ListFormat, Callable[[Portfolio, list[Entry]], str]] = {
    ListFormat.TABLE: table,
    ListFormat.JSON: as_json,
    ListFormat.CSV: as_csv,
}
