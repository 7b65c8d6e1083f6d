"""MEMO-OPS: someone owns the decision, it is clear what is asked, and it can be undone."""

from __future__ import annotations

from collections.abc import Iterator

from memo.model import Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank
from memo.substance import not_a_person, placeholder


@rule("MEMO-OPS-001", Severity.ERROR, "The decision has an owner", field="owner",
      hint="Set `owner` to the person accountable for the decision and its follow-up.")
def owner_named(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `owner` is filled in.

    Why it matters: a decision nobody owns is not followed up, reviewed or rolled back.

    How to fix: name one person (not a team).
    """
    if blank(memo.owner):
        yield Issue("the decision has no owner")


@rule("MEMO-OPS-002", Severity.ERROR, "The memo states the decision requested",
      field="decision_requested",
      hint="Write one sentence the reader can approve or reject, e.g. \"Approve two weeks to "
           "build retrieval over the help centre\".")
def decision_requested(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `decision_requested` is filled in.

    Why it matters: a memo exists to get a decision. Stating it first saves the reader from
    guessing what they are signing off.

    How to fix: write what you ask for, with its budget or time box.
    """
    if blank(memo.decision_requested):
        yield Issue("the memo does not say what decision it requests")


@rule("MEMO-OPS-003", Severity.ERROR, "The memo has a rollback plan", field="rollback",
      hint="Say how to go back to today's system and what triggers it.")
def rollback_plan(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `rollback` is filled in.

    Why it matters: every change can fail in production. Knowing the way back (a feature
    flag, the previous prompt, the base model) makes the change safe to approve.

    How to fix: describe the switch and who can flip it.
    """
    if blank(memo.rollback):
        yield Issue("there is no rollback plan")


@rule("MEMO-OPS-004", Severity.WARNING, "Risks are listed, each with a mitigation",
      field="risks",
      hint="List at least one risk with its mitigation.")
def risks_mitigated(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `risks` has at least one entry and every risk has a mitigation.

    Why it matters: reviewers trust a memo that names its own weak spots.

    How to fix: add the risks you worry about and what you will do about each.
    """
    if not memo.risks:
        yield Issue("no risks are listed")
    for index, risk in enumerate(memo.risks):
        if blank(risk.mitigation):
            yield Issue(f"risk {index + 1} has no mitigation", f"risks[{index}].mitigation")


@rule("MEMO-OPS-005", Severity.ERROR, "Owners are named people", field="owner",
      hint="Name one person, e.g. \"Priya Raman (Support Ops)\"; the team can go in "
           "parentheses.")
def owners_are_people(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `owner` and `maintenance.owner` name a person, not a team, a role or
    nobody ("ML team", "Platform Engineering", "on-call rotation", "nobody"). Text in
    parentheses is ignored, so "Jonas Berg (Clinical NLP)" passes.

    Why it matters: a team owns nothing: when the review date comes or the base model is
    retired, everyone assumes someone else will act.

    How to fix: name the person accountable; add the team in parentheses.
    """
    if not blank(memo.owner) and not placeholder(memo.owner) and not_a_person(memo.owner):
        yield Issue(f"the owner {memo.owner!r} is not a named person", "owner")
    mnt = memo.maintenance
    if (mnt is not None and not blank(mnt.owner) and not placeholder(mnt.owner)
            and not_a_person(mnt.owner)):
        yield Issue(f"the maintenance owner {mnt.owner!r} is not a named person",
                    "maintenance.owner")
