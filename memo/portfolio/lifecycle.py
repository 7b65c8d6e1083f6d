"""The status lifecycle of a memo: which changes are allowed and what each one records.

    draft -> proposed -> accepted -> superseded (by a newer memo)
                      -> rejected -> proposed (reopened)

- ``accepted`` is refused while the checklist finds errors (exit 1, with the findings).
- ``superseded`` needs the newer memo (``--by``), which must load, be another file and be in
  force (not rejected or superseded itself); its path, relative to the older memo's folder,
  is recorded in ``superseded_by``.
- An accepted decision is not turned back into a draft, a proposal or a rejection: when it no
  longer holds it is superseded. A superseded memo stays superseded (only its ``--by`` can be
  corrected). A rejected memo was never in force, so nothing supersedes it; it can be
  reopened as a draft or a proposal.
- ``decided`` records the day of the change to accepted, rejected or superseded (``--date``,
  default today); reopening a memo removes it, since no decision stands any more.

:func:`plan` is pure; :func:`set_status` loads, checks and saves through
:func:`memo.answers.save` (atomic, comments and key order kept).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from memo.checking import CheckOptions, FileResult
from memo.errors import Location, UserError
from memo.model import Memo, Status

DECIDED = (Status.ACCEPTED, Status.REJECTED, Status.SUPERSEDED)  # these record `decided`
NOT_IN_FORCE = (Status.REJECTED, Status.SUPERSEDED)
ANSWERS_SUFFIXES = (".yaml", ".yml")

SUPERSEDE_HINT = "when it no longer holds, supersede it: memo status FILE superseded --by NEWER"


class NotAcceptable(UserError):
    """Accepting a memo whose checklist finds errors. Exit code 1, like a failed check."""

    exit_code = 1

    def __init__(self, result: FileResult, strict: bool = False) -> None:
        found = _plural(result.errors, "error")
        if strict and result.warnings:
            found += f" and {_plural(result.warnings, 'warning')} (strict: warnings count)"
        super().__init__(f"not accepted: the checklist finds {found}",
                         location=Location(result.path),
                         hint=f"fix them (memo check {result.path} lists them), then accept "
                              "again")
        self.result = result


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


@dataclass(frozen=True)
class StatusChange:
    """What ``memo status`` did to one memo."""

    path: Path
    before: Status
    after: Status
    changed: bool
    decided: dt.date | None = None
    superseded_by: str | None = None
    newer_status: Status | None = None  # the newer memo's status, for superseded


def refusal(current: Status, target: Status, superseded_by: str | None = None
            ) -> tuple[str, str] | None:
    """Why the lifecycle does not allow ``current`` -> ``target`` (message, hint), or None."""
    if current == Status.SUPERSEDED and target != Status.SUPERSEDED:
        by = f" by {superseded_by}" if superseded_by else ""
        return (f"the memo is superseded{by}; a superseded memo stays superseded",
                "write a newer memo for a new decision; to undo a mistake, edit `status` in "
                "the file")
    if current == Status.ACCEPTED and target in (Status.DRAFT, Status.PROPOSED,
                                                 Status.REJECTED):
        return (f"the memo is accepted; an accepted decision is not turned back into "
                f"a {_noun(target)}",
                SUPERSEDE_HINT)
    if current == Status.REJECTED and target == Status.SUPERSEDED:
        return ("the memo is rejected; a rejected memo was never in force, so nothing "
                "supersedes it", "leave it rejected, or reopen it: memo status FILE proposed")
    return None


def _noun(status: Status) -> str:
    return {Status.DRAFT: "draft", Status.PROPOSED: "proposal",
            Status.REJECTED: "rejection"}.get(status, status.value)


def check_options(target: Status, *, by: str | None, date: dt.date | None) -> None:
    """Refuse options that do not go with ``target``."""
    if target == Status.SUPERSEDED and by is None:
        raise UserError("superseded needs --by NEWER: the memo that replaces this one",
                        field="--by", hint="memo status FILE superseded --by NEWER.yaml")
    if target != Status.SUPERSEDED and by is not None:
        raise UserError(f"--by names the newer memo; it goes with superseded, not {target}",
                        field="--by")
    if target not in DECIDED and date is not None:
        raise UserError(f"--date is the day of the decision; it goes with accepted, rejected "
                        f"or superseded, not {target}", field="--date")


def check_date(memo: Memo, decided: dt.date, today: dt.date) -> None:
    if decided > today:
        raise UserError(f"the decision date {decided} is in the future (today is {today})",
                        field="--date")
    if memo.date is not None and decided < memo.date:
        raise UserError(f"the decision date {decided} is before the memo's date {memo.date}",
                        field="--date")


def plan(memo: Memo, target: Status, *, superseded_by: str | None = None,
         decided: dt.date | None = None, where: Location | None = None) -> Memo:
    """``memo`` with its new status and what goes with it. Pure; no check of the checklist.

    Raises UserError (located at ``where``) where the lifecycle refuses the change.
    """
    why = refusal(memo.status, target, memo.superseded_by)
    if why is not None:
        raise UserError(why[0], field="status", hint=why[1], location=where)
    update: dict[str, object] = {"status": target}
    if target in DECIDED:
        update["decided"] = decided
    elif memo.decided is not None:
        update["decided"] = None  # reopened: no decision stands
    if target == Status.SUPERSEDED:
        update["superseded_by"] = superseded_by
    elif memo.superseded_by is not None:
        update["superseded_by"] = None
    return memo.model_copy(update=update)


def relative_reference(newer: Path, older: Path) -> str:
    """The newer memo's path as the older memo records it: relative to the older one's
    folder, with forward slashes, so it resolves wherever the folder is checked out."""
    relative = os.path.relpath(os.path.abspath(newer), os.path.abspath(older.parent))
    return Path(relative).as_posix()


def load_newer(newer: Path, older: Path) -> Memo:
    """The memo named by ``--by``: it must load, be another file and be in force."""
    from memo.answers import load

    if os.path.realpath(newer) == os.path.realpath(older):
        raise UserError("--by names this memo itself; name the newer memo that replaces it",
                        field="--by")
    try:
        memo = load(newer).memo
    except UserError as error:
        problems = str(error).splitlines()
        raise UserError(f"the newer memo does not load: {'; '.join(problems[:3])}",
                        field="--by",
                        hint="name an answers file or rendered memo that `memo check` "
                             "reads") from None
    if memo.status in NOT_IN_FORCE:
        raise UserError(f"the newer memo {newer} is {memo.status}; a memo is superseded by "
                        "one in force (draft, proposed or accepted)", field="--by")
    return memo


def set_status(path: Path, target: Status, *, by: Path | None = None,
               date: dt.date | None = None, today: dt.date | None = None,
               options: CheckOptions | None = None, strict: bool = False) -> StatusChange:
    """Change the status of the answers file at ``path`` and save it.

    Accepting runs the checklist (``options`` and ``strict``: the settings of ``memo check``)
    and raises :class:`NotAcceptable` when it fails. Nothing is written when the memo
    already has the status (and, for superseded, the same newer memo).
    """
    from memo.answers import load, save
    from memo.checking import check_file

    if path.suffix.lower() not in ANSWERS_SUFFIXES:
        raise UserError("memo status changes a .yaml answers file", location=Location(str(path)),
                        hint="change the answers file the memo was rendered from, then "
                             "render it again")
    check_options(target, by=None if by is None else str(by), date=date)
    today = today or dt.date.today()
    memo = load(path).memo
    reference = newer_status = None
    if target == Status.SUPERSEDED:
        assert by is not None
        newer_status = load_newer(by, path).status
        reference = relative_reference(by, path)
    if memo.status == target and (target != Status.SUPERSEDED or memo.superseded_by == reference):
        return StatusChange(path, memo.status, target, False, memo.decided, memo.superseded_by,
                            newer_status)
    decided = None
    if target in DECIDED:
        decided = date or today
        check_date(memo, decided, today)
    updated = plan(memo, target, superseded_by=reference, decided=decided,
                   where=Location(str(path)))
    if target == Status.ACCEPTED:
        result = check_file(path, options=options or CheckOptions())
        if result.unreadable:  # cannot happen after load(); belt and braces
            raise UserError(result.findings[0].message, location=Location(str(path)))
        if not result.ok(strict):
            raise NotAcceptable(result, strict)
    save(updated, path)
    return StatusChange(path, memo.status, target, True, decided, reference, newer_status)
