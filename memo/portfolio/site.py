"""``memo site``: the portfolio as a static site that opens from ``file://``.

    DIR/index.html            every memo: status filter, review-date sort, checklist, chains
    DIR/records/NAME.html     one memo's record: status, decision date, supersede chain,
                              checklist findings, links
    DIR/memos/NAME.html       the memo as ``memo render -f html`` renders it
    DIR/memos/NAME.pdf        the memo as ``memo render -f pdf`` renders it
    DIR/.memo-site            marks the folder as memo's, so a later run may replace it

Plain HTML and CSS; the status filter is CSS alone (radio buttons), the review-date sort is a
few lines of inline JavaScript. Pages are rendered in the HTML renderer's sandboxed,
autoescaping Jinja environment (:func:`memo.render.environment.html_environment`), every link
points to a file the site itself wrote (a ``superseded_by`` value is never a link target; it
is resolved to a memo of the portfolio or shown as text), nothing is fetched, and a
Content-Security-Policy allows only the page's own inline style and script (by hash). PDFs
go through the PDF renderer and its URL fetcher.

The site is built in a temporary folder beside DIR and moved into place at the end, so a
failure leaves DIR as it was. A DIR that holds anything but a previous site is refused.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from memo import __version__
from memo.errors import Location, MemoError, UserError
from memo.format import states_amount, usd
from memo.model import FIX_LABELS, Status
from memo.portfolio.entries import SITE_MARKER, Entry, Portfolio
from memo.reports import display_path

MARKER = SITE_MARKER
STATUS_ORDER = tuple(Status)
MAX_SLUG = 60


@dataclass(frozen=True)
class SiteOptions:
    pdf: bool = True
    paper: str = "letter"


@dataclass
class SiteResult:
    index: Path
    pages: int = 0
    pdfs: int = 0
    problems: list[str] = field(default_factory=list)  # what could not be rendered, and why


def slugs(entries: list[Entry]) -> list[str]:
    """A file name per entry from its path below the folder all memos share: lower-case
    ASCII letters, digits and dashes only (so a link can never be anything else); accents
    are dropped, other scripts fall back to "memo", and repeats get -2, -3, ..."""
    folders = [os.path.dirname(os.path.abspath(e.path)) for e in entries]
    base = os.path.commonpath(folders) if folders else ""
    taken: set[str] = set()
    names = []
    for entry in entries:
        relative = os.path.relpath(os.path.abspath(entry.path), base)
        stem = os.path.splitext(relative)[0]
        ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:MAX_SLUG].strip("-")
        slug = slug or "memo"
        candidate, number = slug, 2
        while candidate in taken:
            candidate, number = f"{slug}-{number}", number + 1
        taken.add(candidate)
        names.append(candidate)
    return names


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _policy(css: str, script: str | None) -> str:
    scripts = csp_hash(script) if script else "'none'"
    return (f"default-src 'none'; style-src {csp_hash(css)}; script-src {scripts}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _asset(name: str) -> str:
    from memo.resources import templates_dir

    return (templates_dir() / "site" / name).read_text(encoding="utf-8")


def _chain_end(entries: list[Entry], index: int) -> int | None:
    """The newest memo at the end of a supersede chain (None when ``index`` is not
    superseded by a memo of the portfolio). A loop ends where it started."""
    seen = {index}
    current = entries[index].newer
    last = None
    while current is not None and current not in seen:
        seen.add(current)
        last = current
        current = entries[current].newer
    return last


def _row(entries: list[Entry], index: int, names: list[str], rendered: dict[int, dict[str, Any]]
         ) -> dict[str, Any]:
    entry = entries[index]
    name = names[index]

    def ref(other: int) -> dict[str, str]:
        return {"title": entries[other].title or display_path(str(entries[other].path)),
                "name": names[other]}

    end = _chain_end(entries, index)
    verdict = entry.verdict
    return {
        "name": name,
        "record": f"records/{name}.html",
        "path": display_path(str(entry.path)),
        "kind": entry.kind.value,
        "title": entry.title or display_path(str(entry.path)),
        "status": _status(entry),
        "owner": entry.owner,
        "date": entry.date.isoformat() if entry.date else "",
        "fix": FIX_LABELS[entry.fix] if entry.fix else "",
        "verdict": None if verdict is None else {
            "alternative": verdict.alternative, "short": verdict.short, "text": verdict.text,
            "sentence": verdict.text[:1].upper() + verdict.text[1:],
            "outcome": verdict.outcome, "kind": verdict.verdict,
            # "never pays back: $3,240 more by month 24" already states the horizon's figure
            "tail": "" if states_amount(verdict.verdict) else verdict.outcome},
        "tco": usd(entry.tco_usd) if entry.tco_usd is not None else "",
        "horizon": entry.horizon_months,
        "review_by": entry.review_by.isoformat() if entry.review_by else "",
        "overdue": entry.overdue,
        "decided": entry.decided.isoformat() if entry.decided else "",
        "errors": entry.errors,
        "warnings": entry.warnings,
        "findings": [{"rule": f.rule, "severity": f.severity.value, "message": f.message,
                      "hint": f.hint, "line": f.line} for f in entry.findings],
        "error": (f"line {entry.error_line}: {entry.error}" if entry.error_line
                  else entry.error),
        "superseded_by": entry.superseded_by,
        "newer": ref(entry.newer) if entry.newer is not None else None,
        "latest": ref(end) if end is not None and end != entry.newer else None,
        "older": [ref(i) for i in entry.older],
        **rendered.get(index, {"html": None, "pdf": None, "pdf_problem": None}),
    }


def _status(entry: Entry) -> str:
    """The status shown: the memo's, or what the file is when it has none."""
    if entry.status is not None:
        return entry.status.value
    return "unreadable" if entry.unreadable else "hand-written"


def _render_memos(portfolio: Portfolio, names: list[str], folder: Path, options: SiteOptions,
                  result: SiteResult) -> dict[int, dict[str, Any]]:
    """Each readable memo as HTML (and PDF) under ``folder``/memos."""
    from memo.context import build_context
    from memo.render import OutputFormat, RenderOptions, render

    render_options = RenderOptions(paper=options.paper)
    rendered: dict[int, dict[str, Any]] = {}
    (folder / "memos").mkdir()
    for index, entry in enumerate(portfolio.entries):
        if entry.memo is None:
            continue
        name = names[index]
        context = build_context(entry.memo, entry.findings)
        (folder / "memos" / f"{name}.html").write_bytes(
            render(context, OutputFormat.HTML, render_options))
        result.pages += 1
        links: dict[str, Any] = {"html": f"memos/{name}.html", "pdf": None, "pdf_problem": None}
        if options.pdf:
            try:
                data = render(context, OutputFormat.PDF, render_options)
            except MemoError as error:  # e.g. it does not fit on one page
                links["pdf_problem"] = str(error)
                result.problems.append(f"{entry.path}: no PDF: {error}")
            else:
                (folder / "memos" / f"{name}.pdf").write_bytes(data)
                links["pdf"] = f"memos/{name}.pdf"
                result.pdfs += 1
        rendered[index] = links
    return rendered


def build(portfolio: Portfolio, out: Path, options: SiteOptions | None = None) -> SiteResult:
    """Write the site for ``portfolio`` to the folder ``out`` (replacing a previous site)."""
    from memo.render.environment import html_environment, render_template

    options = options or SiteOptions()
    _refuse_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staged-", dir=out.parent))
    try:
        result = SiteResult(out / "index.html")
        names = slugs(portfolio.entries)
        rendered = _render_memos(portfolio, names, staging, options, result)
        rows = [_row(portfolio.entries, i, names, rendered)
                for i in range(len(portfolio.entries))]
        env = html_environment(None)
        css = _asset("site.css")
        script = _asset("site.js")
        common = {"css": Markup(css), "generator": f"memo {__version__}",
                  "as_of": portfolio.as_of.isoformat(), "generated": dt.date.today().isoformat()}
        counts = {s.value: sum(1 for r in rows if r["status"] == s.value) for s in STATUS_ORDER}
        index = render_template(env, "site/index.html.j2", {
            **common, "rows": rows, "counts": counts, "statuses": [s.value for s in STATUS_ORDER],
            "overdue": sum(1 for r in rows if r["overdue"]),
            # an unreadable memo is counted apart, as `memo list` does, not as failing
            "failing": sum(1 for r in rows if r["errors"] and not r["error"]),
            "unreadable": sum(1 for r in rows if r["error"]),
            "script": Markup(script), "policy": _policy(css, script)})
        (staging / "index.html").write_text(index, encoding="utf-8")
        (staging / "records").mkdir()
        for row in rows:
            page = render_template(env, "site/record.html.j2", {
                **common, "memo": row, "policy": _policy(css, None)})
            (staging / "records" / f"{row['name']}.html").write_text(page, encoding="utf-8")
        (staging / MARKER).write_text(f"written by memo {__version__}; `memo site` replaces "
                                      "this folder whole\n", encoding="utf-8")
        _publishable(staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _refuse_target(out: Path) -> None:
    """DIR may be missing, an empty folder or a previous site; never a link or a file."""
    where = Location(str(out))
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise UserError("is a symbolic link; memo site writes a real folder only",
                        location=where, hint="name another folder with -o")
    if not stat.S_ISDIR(mode):
        raise UserError("is not a folder", location=where, hint="name a folder with -o")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise UserError("is not empty and holds no site written by memo; not replaced",
                        location=where,
                        hint="name a new or empty folder with -o (memo site replaces the "
                             "whole folder)")


def _publishable(folder: Path) -> None:
    """mkdtemp makes a private folder; a published site is readable by all."""
    for directory, _subfolders, files in os.walk(folder):
        os.chmod(directory, 0o755)
        for name in files:
            os.chmod(os.path.join(directory, name), 0o644)


def _swap(staging: Path, out: Path) -> None:
    """Move the finished site into place; a previous site is removed only afterwards."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
    try:
        os.rename(staging, out)
    except OSError:
        if old is not None:
            with contextlib.suppress(OSError):
                os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
