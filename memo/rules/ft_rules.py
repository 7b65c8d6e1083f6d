"""MEMO-FT: a fine-tune is specified well enough to be built and defended."""

from __future__ import annotations

import re
from collections.abc import Iterator

from memo.model import FineTuneFlavor, FineTuneMethod, Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import blank

MIN_TRAINING_EXAMPLES = 100
# Whole words only: "repair" is not a pair.
PREFERENCE_DATA = re.compile(
    r"\b(pairs?|paired|preferences?|chosen|rejected|comparisons?|ranked|rankings?|dpo|rlhf|"
    r"a/b)\b", re.IGNORECASE)


@rule("MEMO-FT-001", Severity.ERROR, "A fine-tune fix has a fine_tune block", field="fine_tune",
      hint="Add `fine_tune:` with method, flavor, base_model, training_examples and "
           "data_source.")
def fine_tune_block(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when `fix.kind` is `fine_tune` or `rag_fine_tune`, the `fine_tune`
    block is present.

    Why it matters: "we will fine-tune" is not a plan. The method, the recipe, the base model
    and the data decide cost, quality and maintenance.

    How to fix: fill in the `fine_tune` block.
    """
    if facts.is_fine_tune and memo.fine_tune is None:
        yield Issue("the fix is a fine-tune but there is no fine_tune block")


@rule("MEMO-FT-002", Severity.ERROR, "The fine_tune block is complete", field="fine_tune",
      hint="Give method (lora|qlora|full), flavor (instruction|domain|preference), base_model, "
           "training_examples and data_source.")
def fine_tune_complete(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: a `fine_tune` block states method, flavor, base_model,
    training_examples and data_source.

    Why it matters: each is a decision with consequences: the flavor picks the data recipe
    (prompt/response pairs, domain text, or chosen-vs-rejected pairs); the base model decides
    when the fine-tune must be redone; the data source decides whether it can be.

    How to fix: fill in the missing fields.
    """
    ft = memo.fine_tune
    if ft is None or not facts.is_fine_tune:
        return
    for name in ("method", "flavor", "training_examples"):
        if getattr(ft, name) is None:
            yield Issue(f"fine_tune.{name} is missing", f"fine_tune.{name}")
    for name in ("base_model", "data_source"):
        if blank(getattr(ft, name)):
            yield Issue(f"fine_tune.{name} is missing", f"fine_tune.{name}")


@rule("MEMO-FT-003", Severity.ERROR, "Full fine-tuning states why LoRA is not enough",
      field="fine_tune.full_reason",
      hint="Give `fine_tune.full_reason`, or use method: lora (the production default).")
def full_needs_reason(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when `fine_tune.method` is `full`, `fine_tune.full_reason` is given.

    Why it matters: LoRA (Hu et al. 2021) trains a small set of adapter weights and gets most
    of full fine-tuning's quality at a fraction of the cost; it is the production default.
    Full fine-tuning costs more to train, to store and to redo.

    How to fix: explain what LoRA could not do (with a measurement), or switch to LoRA.
    """
    ft = memo.fine_tune
    if ft and facts.is_fine_tune and ft.method == FineTuneMethod.FULL and blank(ft.full_reason):
        yield Issue("full fine-tuning is chosen without a reason")


@rule("MEMO-FT-004", Severity.ERROR, "Preference tuning names a source of preference pairs",
      field="fine_tune.data_source",
      hint="Say where the chosen-versus-rejected pairs come from (e.g. \"2,000 agent-ranked "
           "reply pairs\"), or pick the flavor that matches your data.")
def preference_data(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when `fine_tune.flavor` is `preference`, `fine_tune.data_source`
    describes preference data (pairs, rankings, chosen/rejected, DPO/RLHF).

    Why it matters: preference tuning (DPO, RLHF) learns from chosen-versus-rejected pairs.
    Feeding it plain prompt/response examples is the wrong recipe, a common failure.

    How to fix: describe the pairs and how they are labelled, or switch the flavor to
    instruction (prompt/response pairs) or domain (domain text).
    """
    ft = memo.fine_tune
    if (ft and ft.flavor == FineTuneFlavor.PREFERENCE
            and facts.is_fine_tune and not PREFERENCE_DATA.search(ft.data_source or "")):
        yield Issue("preference tuning without a source of preference pairs")


@rule("MEMO-FT-005", Severity.WARNING, "The fine-tune has enough training examples",
      field="fine_tune.training_examples",
      hint=f"Plan at least {MIN_TRAINING_EXAMPLES} good examples, and check the gain on a "
           "small run before the full one.")
def enough_examples(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `fine_tune.training_examples` is at least 100.

    Why it matters: with a few dozen examples a fine-tune rarely beats a few-shot prompt
    holding the same examples, and the result is noisy to evaluate.

    How to fix: collect more examples, or put the examples you have in the prompt.
    """
    ft = memo.fine_tune
    if (ft and facts.is_fine_tune and ft.training_examples is not None
            and ft.training_examples < MIN_TRAINING_EXAMPLES):
        yield Issue(f"only {ft.training_examples} training examples (fewer than "
                    f"{MIN_TRAINING_EXAMPLES})")


@rule("MEMO-FT-006", Severity.WARNING, "No fine_tune block on a memo that does not fine-tune",
      field="fine_tune",
      hint="Remove the `fine_tune` block, or move it under an alternative's reason.")
def stale_fine_tune_block(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: a `fine_tune` block only appears when the fix is a fine-tune.

    Why it matters: a leftover block from an earlier draft makes readers think a fine-tune
    is still planned.

    How to fix: delete it.
    """
    if memo.fine_tune is not None and not facts.is_fine_tune:
        yield Issue(f"a fine_tune block is present but the fix is {memo.fix.kind.value}")
