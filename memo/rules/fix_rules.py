"""MEMO-FIX: the fix matches the gap, cheaper fixes came first, alternatives are named."""

from __future__ import annotations

from collections.abc import Iterator

from memo.format import verdict_text
from memo.model import FIX_COST_ORDER, FixKind, Gap, Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank, has_number
from memo.substance import has_measured_figure
from memo.triage import FORMAT_FIXES

# Everything that changes only the request: cheaper to try and to undo than any fine-tune.
_CHEAP = frozenset(k for k in FixKind if not k.is_fine_tune)


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
      hint="Try and score at least one in-context fix (prompt, few_shot, structured_output, "
           "caching, model_swap, workflow, rag) before choosing a fine-tune, and record it "
           "under `tried`.")
def cheaper_tried_first(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is `fine_tune` or `rag_fine_tune`, `tried` holds at
    least one cheaper approach (prompt, few_shot, structured_output, caching, model_swap,
    workflow, rag).

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


def _tried_with_score(memo: Memo, approach: FixKind) -> bool:
    return any(t.approach == approach and has_number(t.result) for t in memo.tried)


@rule("MEMO-FIX-007", Severity.ERROR, "A fine-tune follows the best prompt and few-shot, both "
      "scored", field="tried",
      hint="Score the strongest prompt and the prompt with examples on the strongest model "
           "you may use, and record both under `tried` (or `triage.scores`).")
def prompt_and_few_shot_first(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune and some cheaper fix was tried, both a
    prompt and a few-shot attempt were scored: `tried` entries for `prompt` and `few_shot`
    with a figure in their result, or `triage.scores.best_prompt` and `triage.scores.few_shot`.

    Why it matters: the course's order is the best prompt, then examples, on the strongest
    model available; only then does a capability gap justify changing weights. A fine-tune
    after trying one cheap thing skips the steps that most often close the gap.

    How to fix: run the missing attempt and record its score.
    """
    if not facts.is_fine_tune or not any(t.approach in _CHEAP for t in memo.tried):
        return  # MEMO-FIX-004 reports a fine-tune with nothing cheaper tried
    scores = memo.triage.scores
    missing = []
    if not (_tried_with_score(memo, FixKind.PROMPT)
            or (scores is not None and scores.best_prompt is not None)):
        missing.append("the best prompt")
    if not (_tried_with_score(memo, FixKind.FEW_SHOT)
            or (scores is not None and scores.few_shot is not None)):
        missing.append("few-shot examples")
    if missing:
        yield Issue(f"a fine-tune is chosen without a scored attempt with "
                    f"{' or '.join(missing)}")


@rule("MEMO-FIX-008", Severity.ERROR, "A format gap is addressed by the fix", field="fix.also",
      hint="Add structured_output (or few_shot) to `fix.also`: constrain the output to a "
           "schema alongside the main fix.")
def format_not_dropped(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the diagnosis or the triage names a format gap, the fix or one
    of its supporting parts (`fix.also`) can change the answer's shape: few_shot,
    structured_output, workflow, or a fine-tune.

    Why it matters: a memo with a format gap and a knowledge gap that only adds retrieval
    ships the right facts in the wrong shape. The format part is cheap to fix and easy to
    forget.

    How to fix: add the supporting part to `fix.also`.
    """
    if Gap.FORMAT not in facts.gaps_named():
        return
    kinds = {memo.fix.kind, *memo.fix.also}
    if not kinds & FORMAT_FIXES:
        yield Issue(f"a format gap is named but the fix ({memo.fix.kind.value}) has no part "
                    f"that shapes the output")


@rule("MEMO-FIX-009", Severity.ERROR, "Supporting parts of the fix are in-context parts",
      field="fix.also",
      hint="List only in-context parts in `fix.also` (few_shot, structured_output, caching, "
           "...); a fine-tune with retrieval is the kind rag_fine_tune.")
def also_consistent(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `fix.also` does not repeat `fix.kind` or an entry, and holds no
    fine-tune (`fine_tune`, `rag_fine_tune`).

    Why it matters: a fine-tune is never a supporting part: it changes weights, needs its own
    block, costs and maintenance plan, and the checklist holds it to those only when it is
    the fix's kind.

    How to fix: make the fine-tune the kind (`rag_fine_tune` for retrieval plus a
    fine-tune), and keep `also` for in-context parts.
    """
    seen: set[FixKind] = set()
    for index, kind in enumerate(memo.fix.also):
        at = f"fix.also[{index}]"
        if kind == memo.fix.kind:
            yield Issue(f"fix.also repeats the fix's kind {kind.value}", at)
        elif kind in seen:
            yield Issue(f"fix.also lists {kind.value} twice", at)
        elif kind.is_fine_tune:
            yield Issue(f"fix.also holds the fine-tune {kind.value}", at)
        seen.add(kind)


_LATENCY_FIXES = frozenset({FixKind.PROMPT, FixKind.CACHING, FixKind.MODEL_SWAP,
                            FixKind.WORKFLOW})


@rule("MEMO-FIX-010", Severity.ERROR, "A fine-tune chosen for cost pays back", field="fix.kind",
      hint="Try the cheaper latency/cost fixes first (trim the prompt, cache its prefix, a "
           "smaller or routed model) and record them; choose the fine-tune only where its "
           "cost verdict pays back over the horizon.")
def cost_fine_tune_pays_back(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: where the triage accepts a fine-tune only on cost grounds (the only
    gap is latency/cost, or a knowledge gap with latency/cost accepts rag_fine_tune), the
    chosen option's verdict against every alternative is `dominates` or `pays_back`; and for
    a latency/cost gap alone, a cheaper latency/cost fix (prompt, caching, model_swap,
    workflow) was tried first.

    Why it matters: distilling into a fine-tuned smaller model is the last resort for cost:
    trimming the prompt, caching and a smaller model are hours of work; a fine-tune is weeks
    and a maintenance plan. If it does not pay back, it does not do the one thing it was
    chosen for.

    How to fix: record the cheaper fixes and their cost, then let the numbers decide.
    """
    rec = facts.recommendation
    if memo.fix.kind not in rec.needs_payback:
        return
    if rec.gaps == (Gap.LATENCY_COST,) and not any(t.approach in _LATENCY_FIXES
                                                    for t in memo.tried):
        yield Issue("a fine-tune is chosen for latency/cost but no trimmed prompt, caching or "
                    "model swap was tried", "tried")
    report = facts.costs
    if report is None or report.chosen is None:
        return
    for result in report.break_even:
        if not result.verdict.chosen_cheaper_at_horizon:
            yield Issue(f"the fine-tune is accepted only if it pays back, but against "
                        f"{result.alternative!r} it "
                        f"{verdict_text(result, report.horizon_months)}")


@rule("MEMO-FIX-011", Severity.WARNING, "Tried results give their figures with what they are "
      "out of", field="tried",
      hint="Write each score with its denominator or unit, e.g. \"71% exact match on 200 "
           "held-out notes\".")
def tried_measured(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: every `tried` result that contains a number also says what it is out
    of or measured in (a denominator or a unit), like the triage evidence.

    Why it matters: "few-shot: 0.74" cannot be compared with the baseline or the target
    unless the reader knows it was measured on the same eval set.

    How to fix: add the set and its size.
    """
    for index, tried in enumerate(memo.tried):
        if has_number(tried.result) and not has_measured_figure(tried.result):
            yield Issue(f"tried {tried.approach.value} gives a figure without its denominator "
                        f"or unit", f"tried[{index}].result")
