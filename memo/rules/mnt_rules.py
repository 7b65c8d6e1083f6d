"""MEMO-MNT: a fine-tune comes with a maintenance plan (year two is where it hurts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from memo.model import Memo, RetrainTrigger
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import add_months, blank
from memo.substance import false_alarm_rate, read_alert_threshold, read_size


@rule("MEMO-MNT-001", Severity.ERROR, "A fine-tune has a maintenance owner",
      field="maintenance.owner",
      hint="Name the person or team who retrains, monitors and retires the model.")
def maintenance_owner(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, `maintenance.owner` is named.

    Why it matters: maintenance is what kills fine-tune projects in year two. A model
    without an owner is retrained by nobody when the base model is retired.

    How to fix: name an owner who agreed to it.
    """
    if facts.is_fine_tune and (memo.maintenance is None or blank(memo.maintenance.owner)):
        yield Issue("the fine-tune has no maintenance owner")


@rule("MEMO-MNT-002", Severity.ERROR, "A fine-tune lists its retrain triggers",
      field="maintenance.retrain_triggers",
      hint="List what forces a retrain: base_model_upgrade, data_drift, behavior_change, "
           "scheduled, quality_drop.")
def retrain_triggers(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, `maintenance.retrain_triggers` is not
    empty.

    Why it matters: base-model upgrades, data drift and behaviour changes all force
    retrains. Naming the triggers is how the team knows when to act.

    How to fix: list the triggers you will act on.
    """
    if facts.is_fine_tune and (memo.maintenance is None or not memo.maintenance.retrain_triggers):
        yield Issue("the fine-tune has no retrain triggers")


@rule("MEMO-MNT-003", Severity.WARNING, "A fine-tune plans for base-model upgrades",
      field="maintenance.retrain_triggers",
      hint="Add base_model_upgrade to the retrain triggers.")
def plans_for_base_upgrade(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune with retrain triggers, they include
    `base_model_upgrade`.

    Why it matters: hosted providers retire fine-tuned models together with their base
    models, and a self-hosted base model falls behind newer ones. Either way the fine-tune
    has to be redone on a new base.

    How to fix: add the trigger and keep the training data and recipe to redo the run.
    """
    mnt = memo.maintenance
    if (facts.is_fine_tune and mnt is not None and mnt.retrain_triggers
            and RetrainTrigger.BASE_MODEL_UPGRADE not in mnt.retrain_triggers):
        yield Issue("the retrain triggers leave out base-model upgrades")


@rule("MEMO-MNT-004", Severity.ERROR, "A fine-tune says how it is monitored",
      field="maintenance.monitoring",
      hint="Say what is watched, how often, and the alert threshold, e.g. \"weekly F1 on 100 "
           "fresh notes; alert below 0.85\".")
def monitoring(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, `maintenance.monitoring` is filled in.

    Why it matters: drift is silent. Without a watched metric and a threshold, the model
    degrades until users complain.

    How to fix: describe the metric, the cadence and the alert threshold.
    """
    if facts.is_fine_tune and (memo.maintenance is None or blank(memo.maintenance.monitoring)):
        yield Issue("the fine-tune has no monitoring plan")


@rule("MEMO-MNT-005", Severity.ERROR, "The decision has a review date after the memo's date",
      field="maintenance.review_by",
      hint="Set `maintenance.review_by` to the day the decision is revisited.")
def review_date(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, `maintenance.review_by` is set; for any
    memo, a given review date is after the memo's date.

    Why it matters: prices fall, base models improve, and a cheaper fix may close the gap
    next year. A review date makes the decision revisitable by default.

    How to fix: pick a date, typically 6 to 12 months out.
    """
    mnt = memo.maintenance
    review_by: dt.date | None = mnt.review_by if mnt else None
    if review_by is None:
        if facts.is_fine_tune:
            yield Issue("the fine-tune has no review date")
        return
    if memo.date is not None and review_by <= memo.date:
        yield Issue(f"the review date {review_by} is not after the memo's date {memo.date}")


_SETTLED = ("rejected", "superseded")  # decisions no longer in force are not revisited


@rule("MEMO-MNT-006", Severity.WARNING, "The review date has not passed",
      field="maintenance.review_by",
      hint="Revisit the decision (prices, base models, the gap) and set a new "
           "`maintenance.review_by`, or mark the memo superseded.")
def review_date_passed(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `maintenance.review_by` is not before the day of the check (today,
    or `memo check --as-of DATE`). Rejected and superseded memos are skipped.

    Why it matters: the review date is the promise to revisit the decision. Once it has
    passed, the memo describes prices, base models and scores that may no longer hold, and
    a cheaper fix may now close the gap.

    How to fix: review the decision, then set the next review date; if the decision was
    replaced, set `status: superseded`.
    """
    mnt = memo.maintenance
    if mnt is None or mnt.review_by is None or memo.status.value in _SETTLED:
        return
    if mnt.review_by < facts.as_of:
        days = (facts.as_of - mnt.review_by).days
        yield Issue(f"the review date {mnt.review_by} passed {days} day{'s' * (days != 1)} "
                    f"before {facts.as_of}")


FALSE_ALARM_LIMIT = 0.05


@rule("MEMO-MNT-007", Severity.WARNING, "Monitoring alerts are not noise",
      field="maintenance.monitoring",
      hint="Review more items per run, or set the alert threshold lower, until a system "
           "working at the target alerts in at most 5% of runs.")
def monitoring_not_noise(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: for a rate metric where higher is better, a monitoring run of n items
    (`maintenance.sample_size`, else the count in `monitoring`) with an alert below t
    (`maintenance.alert_below`, else "alert below t" in `monitoring`) would alert in at most
    5% of runs while the system works exactly at `evaluation.target` p:
    Phi((t - p) / sqrt(p(1-p)/n)) <= 0.05.

    Why it matters: an alert that fires every few weeks on a healthy system is ignored, and
    then so is the real one. 100 items at a true 0.88 fall below 0.85 in about 18% of runs.

    How to fix: raise the sample size or lower the threshold; the message gives the rate.
    """
    mnt, ev = memo.maintenance, memo.evaluation
    if mnt is None or ev is None or ev.target is None or not facts.higher_is_better:
        return
    scale = facts.rate_scale
    if scale is None:
        return
    size = mnt.sample_size if mnt.sample_size is not None else read_size(mnt.monitoring)
    threshold = mnt.alert_below
    if threshold is None:
        threshold = read_alert_threshold(mnt.monitoring)
        if threshold is not None and scale == 100 and threshold <= 1:
            threshold *= 100  # "alert below 85%" on a percentage metric
    if not size or threshold is None:
        return
    rate = ev.target / scale
    alarms = false_alarm_rate(rate, threshold / scale, size)
    if alarms > FALSE_ALARM_LIMIT:
        yield Issue(f"{size:,} items per run at the target {ev.target:g} fall below the alert "
                    f"threshold {threshold:g} in {alarms:.0%} of runs (limit "
                    f"{FALSE_ALARM_LIMIT:.0%})")


MAX_REVIEW_MONTHS = 18


@rule("MEMO-MNT-008", Severity.WARNING, "The review date is within 18 months",
      field="maintenance.review_by",
      hint="Review within a year or so: prices, base models and the gap all move faster than "
           "that.")
def review_soon_enough(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `maintenance.review_by` is no more than 18 months after the memo's
    date (or the day of the check, when the memo has no date).

    Why it matters: a review date years away is no review: model prices fall and base models
    are replaced several times a year, so the decision's premises expire long before.

    How to fix: set a date 6 to 12 months out.
    """
    mnt = memo.maintenance
    if mnt is None or mnt.review_by is None:
        return
    start = memo.date or facts.as_of
    limit = add_months(start, MAX_REVIEW_MONTHS)
    if mnt.review_by > limit:
        yield Issue(f"the review date {mnt.review_by} is more than {MAX_REVIEW_MONTHS} months "
                    f"after {start}")
