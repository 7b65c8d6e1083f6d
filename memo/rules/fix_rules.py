"""MEMO-FIX: the fix matches the gap, cheaper fixes came first, alternatives are named."""

from __future__ import annotations

from collections.abc import Iterator

from memo.model import FIX_COST_ORDER, FixKind, Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank, has_number

_CHEAP = frozenset({FixKind.PROMPT, FixKind.FEW_SHOT, FixKind.STRUCTURED_OUTPUT, FixKind.RAG})


@rule("MEMO-FIX-001", Severity.ERROR, "A fix other than the triage's recommendation says why",
      field="fix.override_reason",
      hint="Either choose the recommended fix or give `fix.override_reason`.")
def override_has_reason(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when `fix.kind` is not one the triage recommends for the answered
    gaps, `fix.override_reason` is filled in.

    Why it matters: the triage recommends the cheapest fix that closes the gap. Choosing
    something else may be right, but the memo has to say why, or reviewers will assume the
    team reached for the tool it wanted.

    How to fix: state the reason (for example a measured result that the triage answers do
    not capture), or switch to the recommended fix.
    """
    rec = facts.recommendation
    if not rec.accepts(memo.fix.kind) and blank(memo.fix.override_reason):
        yield Issue(f"fix is {memo.fix.kind.value} but the triage recommends "
                    f"{rec.kind.value}, and no override reason is given")


@rule("MEMO-FIX-002", Severity.ERROR, "The chosen fix has a rationale", field="fix.rationale",
      hint="Explain in two or three sentences why this fix closes the named gap.")
def fix_rationale(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `fix.rationale` is filled in.

    Why it matters: the rationale is the argument the memo asks the reader to accept.

    How to fix: link the fix to the gap and the evidence.
    """
    if blank(memo.fix.rationale):
        yield Issue("the fix has no rationale")


@rule("MEMO-FIX-003", Severity.ERROR, "Rejected alternatives are named with a reason",
      field="alternatives",
      hint="Add at least one `alternatives` entry with `kind` and `reason`.")
def alternatives_named(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: at least one alternative is listed, each with a reason, and none is
    the chosen fix itself.

    Why it matters: a decision is a choice between options. Naming what was rejected, and
    why, is what makes the choice defensible.

    How to fix: list the options considered and the reason each lost.
    """
    if not memo.alternatives:
        yield Issue("no rejected alternative is listed")
    for index, alt in enumerate(memo.alternatives):
        if blank(alt.reason):
            yield Issue(f"alternative {alt.kind.value} has no reason",
                        f"alternatives[{index}].reason")
        if alt.kind == memo.fix.kind:
            yield Issue(f"alternative {alt.kind.value} is the chosen fix itself",
                        f"alternatives[{index}].kind")


@rule("MEMO-FIX-004", Severity.ERROR, "Cheaper fixes were tried before a fine-tune",
      field="tried",
      hint="Try and score at least one of prompt, few_shot, structured_output or rag before "
           "choosing a fine-tune, and record it under `tried`.")
def cheaper_tried_first(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is `fine_tune` or `rag_fine_tune`, `tried` holds at
    least one cheaper approach (prompt, few_shot, structured_output, rag).

    Why it matters: teams reach for fine-tuning too early. In-context fixes change only the
    request, cost little and can be undone in minutes; a fine-tune changes weights, takes
    weeks and must be maintained.

    How to fix: run the cheaper fixes on the eval set and record their scores.
    """
    if memo.fix.kind.is_fine_tune and not any(t.approach in _CHEAP for t in memo.tried):
        yield Issue("a fine-tune is chosen but no cheaper fix was tried")


@rule("MEMO-FIX-005", Severity.WARNING, "Each tried fix has a measured result", field="tried",
      hint="Record a score for each attempt, e.g. \"71% exact match on 200 held-out notes\".")
def tried_scored(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: every `tried` entry has a `result` containing a figure.

    Why it matters: "we tried few-shot and it didn't work" invites "did you try hard
    enough?". A score on the eval set ends that debate.

    How to fix: put the measured score in `result`.
    """
    for index, tried in enumerate(memo.tried):
        if not has_number(tried.result):
            yield Issue(f"tried {tried.approach.value} has no measured result",
                        f"tried[{index}].result")


@rule("MEMO-FIX-006", Severity.WARNING, "A fix already tried is not chosen again over the "
      "triage's recommendation", field="fix.kind",
      hint="If the chosen approach was tried and fell short, explain what changes this time in "
           "`fix.rationale`, or pick another fix.")
def not_retrying_a_failed_fix(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: the chosen fix is not one already listed under `tried` while the
    triage recommends a stronger (more expensive) fix.

    Why it matters: re-choosing an approach that was tried and fell short, while the
    diagnosis points elsewhere, needs an explanation the reader can weigh.

    How to fix: say what is different this time in `fix.rationale`, or follow the triage.
    """
    rec = facts.recommendation
    tried_kinds = {t.approach for t in memo.tried}
    if (memo.fix.kind in tried_kinds and not rec.accepts(memo.fix.kind)
            and FIX_COST_ORDER.index(memo.fix.kind) < FIX_COST_ORDER.index(rec.kind)):
        yield Issue(f"{memo.fix.kind.value} was already tried, and the triage points to "
                    f"{rec.kind.value}")
