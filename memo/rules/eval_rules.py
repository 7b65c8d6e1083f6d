"""MEMO-EVAL: success is defined before the work starts."""

from __future__ import annotations

from collections.abc import Iterator

from memo.model import Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank, has_number


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
    """What it checks: `evaluation.eval_set` contains a number (its size).

    Why it matters: a score on 20 cases and a score on 2,000 cases carry very different
    weight; reviewers need the size to judge the difference between baseline and target.

    How to fix: give the count and the source.
    """
    ev = memo.evaluation
    if ev is not None and not blank(ev.eval_set) and not has_number(ev.eval_set):
        yield Issue("the eval set has no size")
