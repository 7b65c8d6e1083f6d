"""MEMO-GAP: the problem and the gap are named, with evidence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from memo.model import FixKind, Gap, Memo, TriageAnswer
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank, has_number
from memo.substance import has_measured_figure
from memo.triage import meets


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


@rule("MEMO-GAP-008", Severity.ERROR, "The triage evidence gives its figures with what they "
      "are out of", field="triage.evidence",
      hint="Write the figure with its denominator or unit, e.g. \"58% of 200 held-out "
           "tickets\" or \"F1 0.81 on 300 notes\".")
def evidence_measured(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `triage.evidence` that contains a number also says what the number
    is out of or measured in: a denominator ("of 200", "on 300 notes", "23/40", "n=150") or a
    unit (%, ms, s, tokens, $).

    Why it matters: "0" or "0.8" is a figure, not evidence: nobody can tell whether it came
    from 5 cases or 5,000, or what it measures. The size is what lets a reviewer judge
    whether the gap is real.

    How to fix: add the number of cases and the measure.
    """
    evidence = memo.triage.evidence
    if has_number(evidence) and not has_measured_figure(evidence):
        yield Issue("the triage evidence gives a figure without its denominator or unit "
                    f"({_quote(evidence)})")


def _quote(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[:limit - 3] + "...")


@rule("MEMO-GAP-009", Severity.ERROR, "The triage answers agree with the measured scores",
      field="triage.capability_gap",
      hint="Answer the capability question from the scores: if the best prompt with the "
           "right facts reaches the target, the gap is knowledge; choose retrieval.")
def answers_agree_with_scores(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `triage.capability_gap: yes` while `triage.scores` show the best
    prompt alone (`best_prompt`), the best prompt with the right facts pasted in
    (`with_context`, the oracle test) or with examples (`few_shot`) already reaches
    `evaluation.target` in the metric's direction.

    Why it matters: "it doesn't understand our products" is usually a knowledge gap dressed
    as a capability gap. When the facts or a few examples close the gap in the prompt, a
    fine-tune buys nothing that retrieval or few-shot does not, at a fraction of the cost.

    How to fix: answer from the measurement (capability no; knowledge yes if the facts did
    it) and follow the triage's recommendation.
    """
    scores = memo.triage.scores
    ev = memo.evaluation
    if scores is None or ev is None or ev.target is None:
        return
    if memo.triage.capability_gap != TriageAnswer.YES:
        return
    for name, label in (("best_prompt", "the best prompt alone"),
                        ("with_context", "the best prompt with the right facts"),
                        ("few_shot", "the best prompt with examples")):
        score = getattr(scores, name)
        if meets(score, ev.target, facts.higher_is_better):
            yield Issue(f"capability is answered yes, but {label} scores {score:g}, which "
                        f"reaches the target {ev.target:g}", f"triage.scores.{name}")
            return


@rule("MEMO-GAP-010", Severity.ERROR, "An open knowledge question blocks a fine-tune without "
      "retrieval", field="triage.knowledge_gap",
      hint="Paste the right facts into the best prompt and re-score (about an hour); answer "
           "the knowledge question from that, or choose rag_fine_tune.")
def knowledge_settled_before_fine_tune(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is `fine_tune` (weights only, no retrieval), the
    knowledge question is answered `no`, not `unsure` or left open.

    Why it matters: fine-tuning does not reliably teach facts, and facts that change would
    need a retrain each time. The test that settles the question takes an hour: paste the
    right facts into the best prompt and score it again. Training before running it risks
    weeks on the wrong tool.

    How to fix: run the oracle test and record it in `triage.scores.with_context`; if the
    facts close the gap, retrieve them.
    """
    if memo.fix.kind != FixKind.FINE_TUNE:
        return
    answer = memo.triage.knowledge_gap
    if answer == TriageAnswer.UNSURE:
        yield Issue("a fine-tune without retrieval is chosen while the knowledge question is "
                    "answered unsure")
    elif answer is None:
        yield Issue("a fine-tune without retrieval is chosen while the knowledge question is "
                    "unanswered")


_ORACLE_TEXT = re.compile(
    r"\b(?:context|facts?|retriev\w*|guidelines?|documents?|docs|oracle|reference|pasted|"
    r"knowledge base|catalogue|catalog)\b", re.IGNORECASE)


@rule("MEMO-GAP-011", Severity.WARNING, "A capability gap is backed by the oracle test",
      field="triage.scores.with_context",
      hint="Run the best prompt with the right facts pasted in on the eval set and record "
           "the score as `triage.scores.with_context`.")
def capability_backed_by_oracle(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when a fine-tune is chosen on a capability gap, the memo records the
    oracle test: `triage.scores.with_context`, or evidence that mentions the facts, context
    or documents given to the best prompt.

    Why it matters: the oracle test is what separates a capability gap from a knowledge gap
    dressed as one. Without it the fine-tune may be answering the wrong question.

    How to fix: score the best prompt with the right facts pasted in and record it.
    """
    if not facts.is_fine_tune or memo.triage.capability_gap != TriageAnswer.YES:
        return
    scores = memo.triage.scores
    if scores is not None and scores.with_context is not None:
        return
    if _ORACLE_TEXT.search(memo.triage.evidence or ""):
        return
    yield Issue("the capability gap is not backed by a score with the right facts in the "
                "prompt")
