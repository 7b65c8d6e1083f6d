"""MEMO-DOC: the memo identifies itself."""

from __future__ import annotations

from collections.abc import Iterator

from memo.model import Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank


@rule("MEMO-DOC-001", Severity.ERROR, "The memo names its author and date", field="author",
      hint="Set `author` and `date` (YYYY-MM-DD).")
def author_and_date(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `author` and `date` are given.

    Why it matters: a memo without an author or a date cannot be asked about or placed in
    time, and prices and model versions in it age.

    How to fix: fill them in.
    """
    if blank(memo.author):
        yield Issue("the memo has no author", "author")
    if memo.date is None:
        yield Issue("the memo has no date", "date")
