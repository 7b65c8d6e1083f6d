"""MEMO-EVAL: success is defined before the work starts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from memo.model import Gap, HeldOut, Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank, has_number
from memo.substance import half_width, held_out_from_text, read_size, sample_size_needed
from memo.triage import meets


@rule("MEMO-EVAL-001", Severity.ERROR, "The evaluation names a metric and an eval set",
      field="evaluation",
      hint="Add `evaluation:` with metric, baseline, target and eval_set.")
def evaluation_defined(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: the `evaluation` block is present with a `metric` and an `eval_set`.

    Why it matters: without a metric fixed in advance, any result can be called a success.

    How to fix: name the metric and the held-out set it is measured on.
    """
    if memo.evaluation is None:
        yield Issue("there is no evaluation plan")
        return
    if blank(memo.evaluation.metric):
        yield Issue("the evaluation has no metric", "evaluation.metric")
    if blank(memo.evaluation.eval_set):
        yield Issue("the evaluation has no eval set", "evaluation.eval_set")


@rule("MEMO-EVAL-002", Severity.ERROR, "The evaluation gives a baseline and a target",
      field="evaluation",
      hint="Give today's score as `baseline` and the score that counts as success as "
           "`target`.")
def baseline_and_target(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `evaluation.baseline` and `evaluation.target` are numbers, and they
    differ.

    Why it matters: the baseline is today's score, the target the score that justifies the
    cost. Without both, nobody can say whether the fix worked.

    How to fix: measure today's score on the eval set and agree a target.
    """
    ev = memo.evaluation
    if ev is None:
        return
    if ev.baseline is None:
        yield Issue("the evaluation has no baseline", "evaluation.baseline")
    if ev.target is None:
        yield Issue("the evaluation has no target", "evaluation.target")
    if ev.baseline is not None and ev.target is not None and ev.baseline == ev.target:
        yield Issue("the target equals the baseline", "evaluation.target")


@rule("MEMO-EVAL-003", Severity.WARNING, "The eval set gives its size", field="evaluation.eval_set",
      hint="Say how many cases and where they come from, e.g. \"300 tickets from March, held "
           "out of training and few-shot examples\".")
def eval_set_sized(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `evaluation.eval_set_size` is given or `evaluation.eval_set`
    contains a number (its size).

    Why it matters: a score on 20 cases and a score on 2,000 cases carry very different
    weight; reviewers need the size to judge the difference between baseline and target.

    How to fix: give the count and the source.
    """
    ev = memo.evaluation
    if (ev is not None and ev.eval_set_size is None and not blank(ev.eval_set)
            and not has_number(ev.eval_set)):
        yield Issue("the eval set has no size")


@rule("MEMO-EVAL-004", Severity.ERROR, "The target beats the baseline in the metric's direction",
      field="evaluation.target",
      hint="Set a target better than today's baseline, or set `evaluation.higher_is_better: "
           "false` for a metric that falls as it improves (error rate, latency, cost).")
def target_beats_baseline(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `evaluation.target` is above `evaluation.baseline` when higher is
    better, below it when lower is better. The direction is `evaluation.higher_is_better`
    where given, else read from the metric's name (error rate, latency, cost, WER and the
    like fall as they improve).

    Why it matters: a target worse than today's baseline is met before any work starts; it
    turns the evaluation into a formality.

    How to fix: set the target the fix must reach, or state the metric's direction.
    """
    ev = memo.evaluation
    if ev is None or ev.baseline is None or ev.target is None or ev.baseline == ev.target:
        return
    higher = facts.higher_is_better
    if (ev.target < ev.baseline) if higher else (ev.target > ev.baseline):
        direction = "higher" if higher else "lower"
        yield Issue(f"the target {ev.target:g} does not beat the baseline {ev.baseline:g} for a "
                    f"metric where {direction} is better")


@rule("MEMO-EVAL-005", Severity.ERROR, "The eval set is held out", field="evaluation.held_out",
      hint="Score on items never used for prompt iteration, few-shot examples or training, "
           "and say so (`held_out: yes`).")
def eval_set_held_out(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `evaluation.held_out` is not `no`, and `evaluation.eval_set` does not
    say the items were also used for training, few-shot examples or prompt iteration (a
    `held_out: yes` that the description contradicts is reported too).

    Why it matters: a score on items the prompt was tuned on, or the model was trained on,
    measures memory, not the fix. It overstates the gain, sometimes entirely.

    How to fix: set aside a held-out set before iterating and score only on it.
    """
    ev = memo.evaluation
    if ev is None:
        return
    if ev.held_out == HeldOut.NO:
        yield Issue("the eval set is not held out (held_out: no)")
    elif held_out_from_text(ev.eval_set) is False:  # the prose wins over a stated "yes"
        yield Issue("the eval set overlaps the data used for training, examples or prompt "
                    "iteration", "evaluation.eval_set")


@rule("MEMO-EVAL-006", Severity.WARNING, "The eval set says whether it is held out",
      field="evaluation.held_out",
      hint="Add `held_out: yes` (or say \"held out of training and few-shot examples\" in "
           "`eval_set`).")
def eval_set_held_out_stated(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `evaluation.held_out` is given, or `evaluation.eval_set` says the
    items are held out (held-out, unseen, excluded from training ...).

    Why it matters: a reviewer cannot trust a score without knowing the items were kept
    away from the prompt, the examples and the training data.

    How to fix: state it.
    """
    ev = memo.evaluation
    if ev is None or blank(ev.eval_set) or ev.held_out is not None:
        return
    if held_out_from_text(ev.eval_set) is None:
        yield Issue("the eval set does not say whether it is held out")


@rule("MEMO-EVAL-007", Severity.ERROR, "The eval set is large enough to show the improvement",
      field="evaluation.eval_set_size",
      hint="Grow the eval set to the size the message gives, or claim a smaller improvement "
           "only if that is all you need.")
def eval_set_resolves_claim(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: for a metric that is a rate (baseline and target within 0..1, or
    percentages), the eval set (`evaluation.eval_set_size`, else the count in `eval_set`) is
    big enough that the 95% interval at the target, +/- 1.96 sqrt(p(1-p)/n), is narrower
    than the claimed improvement |target - baseline|: n >= 1.96^2 p(1-p) / d^2.

    Why it matters: 87% on 200 items has a 95% interval of about 82-91%: it cannot show
    that a 90% target was met. An eval set too small for the claim turns noise into a
    decision.

    How to fix: score on at least the number of items the message gives.
    """
    ev = memo.evaluation
    if ev is None or ev.baseline is None or ev.target is None or ev.baseline == ev.target:
        return
    size = ev.eval_set_size if ev.eval_set_size is not None else read_size(ev.eval_set)
    scale = facts.rate_scale
    if not size or scale is None:
        return
    rate = min(max(ev.target / scale, 0.01), 0.99)
    difference = abs(ev.target - ev.baseline) / scale
    needed = sample_size_needed(rate, difference)
    if size < needed:
        width = half_width(rate, size) * scale
        items = "1 item gives" if size == 1 else f"{size:,} items give"
        yield Issue(f"{items} a 95% interval of +/-{width:.2g} at the target "
                    f"{ev.target:g}, wider than the claimed improvement "
                    f"{abs(ev.target - ev.baseline):.2g}; about {needed:,} items are needed")


@rule("MEMO-EVAL-008", Severity.WARNING, "A pilot reaches the target", field="evaluation.pilot",
      hint="Say what changes between the pilot and production that closes the gap, or lower "
           "the target the memo promises.")
def pilot_reaches_target(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: where `evaluation.pilot` (the chosen fix's measured score) is given,
    it reaches `evaluation.target` in the metric's direction, on the same scale (a pilot of
    88 against a baseline of 0.62 and a target of 0.85 is a percentage among fractions).

    Why it matters: a pilot below the target is evidence the fix may not reach it; the
    memo asks for approval of a result its own measurement has not shown.

    How to fix: explain the remaining gap and how it closes, or revise the target.
    """
    ev = memo.evaluation
    if ev is None or ev.pilot is None or ev.target is None:
        return
    if facts.rate_scale == 1 and 1 < ev.pilot <= 100:
        # baseline and target are fractions: a pilot of 88 is 88%, and "meets" 0.85 by scale
        yield Issue(f"the pilot {ev.pilot:g} is on another scale than the baseline and target "
                    f"({ev.baseline:g}, {ev.target:g}); write it as {ev.pilot / 100:g}")
        return
    if not meets(ev.pilot, ev.target, facts.higher_is_better):
        yield Issue(f"the pilot scored {ev.pilot:g}, short of the target {ev.target:g}")


_LATENCY_OR_COST = re.compile(
    r"\b(?:latency|p50|p90|p95|p99|ms|seconds?|time|cost|costs|\$|usd|price|spend|tokens?|"
    r"throughput|tps|rps|qps)\b|\$", re.IGNORECASE)


@rule("MEMO-EVAL-009", Severity.ERROR, "A latency/cost gap has a latency or cost guardrail",
      field="evaluation.guardrails",
      hint="Add a guardrail such as {metric: \"p95 latency (ms)\", baseline: 4200, target: "
           "1500, higher_is_better: false} or cost per request.")
def latency_guardrail(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the diagnosis or the triage names a latency/cost gap, the
    evaluation measures latency or cost: `evaluation.metric` is one, or a guardrail in
    `evaluation.guardrails` is (each guardrail gives its budget as `target` and today's
    figure as `baseline`).

    Why it matters: a fix for a latency/cost gap is judged by latency or cost. Measured on
    quality alone, the memo cannot show the gap was closed, or that quality held while it
    was.

    How to fix: add the latency or cost figure with today's value and the budget.
    """
    if Gap.LATENCY_COST not in facts.gaps_named():
        return
    ev = memo.evaluation
    if ev is not None and (_LATENCY_OR_COST.search(ev.metric)
                           or any(_LATENCY_OR_COST.search(g.metric) for g in ev.guardrails)):
        return
    yield Issue("a latency/cost gap is named but no latency or cost figure is evaluated")
