"""MEMO-GAP: the problem and the gap are named, with evidence."""

from __future__ import annotations

from collections.abc import Iterator

from memo.model import FixKind, Gap, Memo, TriageAnswer
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank, has_number


@rule("MEMO-GAP-001", Severity.ERROR, "At least one gap is named in the diagnosis",
      field="diagnosis",
      hint="List the gaps the triage found, e.g. `diagnosis: [knowledge]`.")
def gap_named(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `diagnosis` names at least one of capability, format, knowledge,
    latency_cost.

    Why it matters: every fix answers a gap. A memo that never names the gap cannot show
    that the chosen fix is the one that closes it.

    How to fix: answer the four triage questions and copy the gaps answered "yes" into
    `diagnosis`.
    """
    if not memo.diagnosis:
        yield Issue("no gap is named in the diagnosis")


@rule("MEMO-GAP-002", Severity.ERROR, "A knowledge gap is not fixed by fine-tuning alone",
      field="fix.kind",
      hint="Retrieve the facts at request time: choose rag, or rag_fine_tune if the model "
           "also needs a new behaviour.")
def knowledge_not_by_fine_tune(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the diagnosis or the triage names a knowledge gap, the fix is not
    a fine-tune without retrieval (`fix.kind: fine_tune`). An override reason does not
    silence this rule.

    Why it matters: fine-tuning shifts a model's output distribution; it does not reliably
    write new facts into it. RAG beats unsupervised fine-tuning for knowledge injection
    (Ovadia et al. 2023), and new facts learned by fine-tuning raise hallucination
    (Gekhman et al. 2024). Facts that change would also need a retrain each time.

    How to fix: retrieve the facts (`rag`), or fine-tune for behaviour and retrieve for
    knowledge (`rag_fine_tune`).
    """
    knowledge = Gap.KNOWLEDGE in memo.diagnosis or memo.triage.knowledge_gap == TriageAnswer.YES
    if knowledge and memo.fix.kind == FixKind.FINE_TUNE:
        yield Issue("a knowledge gap is fixed by fine-tuning without retrieval")


@rule("MEMO-GAP-003", Severity.WARNING, "The diagnosis agrees with the triage answers",
      field="diagnosis",
      hint="Make `diagnosis` list exactly the gaps answered \"yes\" in `triage`, or change the "
           "triage answer after measuring.")
def diagnosis_matches_triage(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: each gap in `diagnosis` was answered "yes" in `triage`, and each
    "yes" appears in `diagnosis`.

    Why it matters: the recommended fix comes from the triage answers. A diagnosis that
    contradicts them means one of the two is stale, and the reader cannot tell which.

    How to fix: re-run the measurement, then make the two agree.
    """
    for gap in Gap:
        answer = memo.triage.answer(gap)
        if gap in memo.diagnosis and answer != TriageAnswer.YES:
            shown = answer.value if answer else "unanswered"
            yield Issue(f"diagnosis names the {gap.value} gap but the triage answer is {shown}",
                        "diagnosis")
        elif answer == TriageAnswer.YES and gap not in memo.diagnosis:
            yield Issue(f"the triage found a {gap.value} gap that the diagnosis leaves out",
                        f"triage.{gap.value}_gap")


@rule("MEMO-GAP-004", Severity.ERROR, "The triage states what was measured",
      field="triage.evidence",
      hint="Say what you ran to answer the four questions, e.g. \"best prompt with full "
           "context on 200 held-out tickets: 58% correct\".")
def triage_evidence(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `triage.evidence` is filled in.

    Why it matters: "it doesn't understand our products" is usually a knowledge gap dressed
    as a capability gap. Only a measurement (the best prompt with the right context, scored
    on held-out cases) tells them apart.

    How to fix: describe the experiment behind the triage answers and its scores.
    """
    if blank(memo.triage.evidence):
        yield Issue("the triage has no evidence")
    elif not has_number(memo.triage.evidence):
        yield Issue("the triage evidence has no measured figure")


@rule("MEMO-GAP-005", Severity.ERROR, "The problem states the task and how it falls short",
      field="problem",
      hint="Fill `problem.task` (what the feature must do) and `problem.failure` (how it "
           "falls short today, with numbers or samples).")
def problem_stated(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `problem.task` and `problem.failure` are filled in.

    Why it matters: a decision without a stated problem cannot be evaluated, and the
    evaluation plan has nothing to improve on.

    How to fix: write one sentence for the task and one for the failure.
    """
    if blank(memo.problem.task):
        yield Issue("the task is not described", "problem.task")
    if blank(memo.problem.failure):
        yield Issue("the failure is not described", "problem.failure")


@rule("MEMO-GAP-006", Severity.WARNING, "The failure is backed by a figure",
      field="problem.failure",
      hint="Quote a measured number: an error rate, a score, a count of bad samples.")
def failure_quantified(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `problem.failure` contains at least one number.

    Why it matters: "the answers are bad" cannot be defended or re-measured; "31% of 400
    sampled answers cite a retired plan" can.

    How to fix: add the figure that shows the failure.
    """
    if not blank(memo.problem.failure) and not has_number(memo.problem.failure):
        yield Issue("the failure has no measured figure")


@rule("MEMO-GAP-007", Severity.WARNING, "Every triage question has a firm answer",
      field="triage",
      hint="Run the measurement that settles the question and answer yes or no.")
def triage_answered(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: each of the four triage questions is answered yes or no, not left
    out or "unsure".

    Why it matters: an unsure answer is treated as "no gap" when recommending a fix, which
    may be wrong; the reader should know the question is still open.

    How to fix: measure, then answer. If it truly cannot be measured yet, say so in the
    evidence and keep the warning visible.
    """
    for gap in Gap:
        answer = memo.triage.answer(gap)
        if answer is None:
            yield Issue(f"the {gap.value} question is unanswered", f"triage.{gap.value}_gap")
        elif answer == TriageAnswer.UNSURE:
            yield Issue(f"the {gap.value} question is answered unsure",
                        f"triage.{gap.value}_gap")
