"""MEMO-FT: a fine-tune is specified well enough to be built and defended."""

from __future__ import annotations

import re
from collections.abc import Iterator

from memo.model import FineTuneFlavor, FineTuneMethod, Memo
from memo.rules.base import Facts, Issue, Severity
from memo.rules.registry import rule
from memo.rules.text import add_months, blank
from memo.substance import mentions_personal_data, states_handling

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


@rule("MEMO-FT-007", Severity.ERROR, "A fine-tune states its data rights",
      field="fine_tune.data_rights",
      hint="Say under what licence or consent the training data is used and how personal "
           "data in it is handled, e.g. \"de-identified under the hospitals' DPA\".")
def data_rights_stated(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, `fine_tune.data_rights` is filled in.

    Why it matters: a fine-tune copies its training data into weights that cannot be
    edited afterwards. Data used without the right to use it, or with personal data left
    in, is a liability that outlives the model: it cannot be deleted on request.

    How to fix: state the licence or consent, and the personal-data handling.
    """
    ft = memo.fine_tune
    if ft is not None and facts.is_fine_tune and blank(ft.data_rights):
        yield Issue("the fine-tune does not state its data rights")


@rule("MEMO-FT-008", Severity.ERROR, "Personal data in training data has stated handling",
      field="fine_tune.data_rights",
      hint="De-identify, redact or synthesise the personal data, or name the consent and "
           "agreement that allow it, in `fine_tune.data_rights`.")
def personal_data_handled(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fine-tune's `data_source` or `data_rights` mentions personal
    data (names, emails, card numbers, patients, customer messages, chat logs ...), one of
    them states its handling (de-identified, anonymised, redacted, consent, DPA, synthetic
    ...).

    Why it matters: a model trained on personal data can reproduce it, and no one can take
    it back out of the weights. Privacy law treats that as processing that needs a basis.

    How to fix: remove or mask the personal data before training, and say so.
    """
    ft = memo.fine_tune
    if ft is None or not facts.is_fine_tune:
        return
    texts = (ft.data_source, ft.data_rights or "")
    if any(mentions_personal_data(t) for t in texts) and not any(
            states_handling(t) for t in texts):
        yield Issue("the training data holds personal data with no stated handling")


@rule("MEMO-FT-009", Severity.ERROR, "A fine-tune is checked for regressions",
      field="fine_tune.regression_eval",
      hint="Name the general-capability and safety checks run before and after training, "
           "e.g. \"MMLU subset and our red-team prompts, no drop above 2 points\".")
def regression_eval(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, `fine_tune.regression_eval` is filled
    in.

    Why it matters: fine-tuning trades general ability for the target skill; models also
    lose safety behaviour on benign data. A gain on the eval set can hide a loss everywhere
    else.

    How to fix: pick a general-capability and a safety check and the largest drop allowed.
    """
    ft = memo.fine_tune
    if ft is not None and facts.is_fine_tune and blank(ft.regression_eval):
        yield Issue("the fine-tune has no regression check on general capability and safety")


@rule("MEMO-FT-010", Severity.WARNING, "A fine-tune says where its training data goes",
      field="fine_tune.data_destination",
      hint="Say where the data is sent: own infrastructure, or the vendor's fine-tuning "
           "service (and its retention terms).")
def data_destination(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when the fix is a fine-tune, `fine_tune.data_destination` is filled
    in.

    Why it matters: a vendor's fine-tuning API takes a copy of the training data; whether
    that is allowed depends on the data and the contract. Readers need to know whether the
    data leaves the organisation.

    How to fix: name where the data goes and under what terms.
    """
    ft = memo.fine_tune
    if ft is not None and facts.is_fine_tune and blank(ft.data_destination):
        yield Issue("the fine-tune does not say where its training data goes")


@rule("MEMO-FT-011", Severity.WARNING, "The base model's retirement is planned for",
      field="fine_tune.base_model_retires",
      hint="Price a retrain before the retirement date (`retrain_every_months` on the chosen "
           "option), or pick a base model with a longer life; for a hosted fine-tune, look "
           "up the vendor's retirement date.")
def base_model_lifetime(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: when `fine_tune.base_model_retires` falls inside the cost horizon
    (counted from the memo's date), the chosen option prices a retrain on or before that
    month; and a `hosted` fine-tune states the date.

    Why it matters: hosted providers retire fine-tuned models with their base models, and
    some wind down fine-tuning offerings altogether. A retirement inside the horizon forces
    a retrain on a new base; a plan that does not price it understates the cost and has no
    date to start the migration by.

    How to fix: plan and price the migration, or choose a base model that lasts.
    """
    ft = memo.fine_tune
    if ft is None or not facts.is_fine_tune:
        return
    retires = ft.base_model_retires
    if retires is None:
        if ft.method == FineTuneMethod.HOSTED:
            yield Issue("a hosted fine-tune does not say when its base model is retired")
        return
    start = memo.date or facts.as_of
    horizon = memo.costs.horizon_months if memo.costs else 24
    end = add_months(start, horizon)
    if retires > end:
        return
    months_left = (retires.year - start.year) * 12 + retires.month - start.month
    if retires.day < start.day:
        months_left -= 1
    chosen = facts.costs.chosen if facts.costs else None
    if chosen is not None and any(m <= months_left for m in chosen.retrain_months):
        return
    yield Issue(f"the base model retires on {retires}, inside the {horizon}-month horizon "
                f"(to {end}), and no retrain is priced before it")
