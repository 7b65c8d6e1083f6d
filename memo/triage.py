"""The four-question triage -> the cheapest fix that closes the gap. Pure.

First the measurements in `triage.scores` (on `evaluation.metric`, against its target) settle
what the answers only claim:
- the best prompt already reaches the target: no capability or knowledge gap;
- the best prompt with the right facts pasted in (the oracle test) reaches it: the gap is
  knowledge, not capability;
- the best prompt with examples reaches it: no capability gap (few-shot closes it).

Then the table (also in docs/guide.md; "unsure" and unanswered count as not proven, so the
cheaper fix is recommended until a measurement says otherwise):

| capab. | knowl. | format | lat/cost | recommended       | also acceptable                       |
|--------|--------|--------|----------|-------------------|---------------------------------------|
| yes    | yes    | any    | any      | rag_fine_tune     | rag (staged: retrieve, re-measure)    |
| yes    | unsure | any    | any      | rag_fine_tune     | rag; fine_tune alone needs the oracle |
| yes    | no     | any    | any      | fine_tune         | model_swap                            |
| no     | yes    | any    | no       | rag               | -                                     |
| no     | yes    | any    | yes      | rag               | caching, rag_fine_tune (pays back)    |
| no     | no     | yes    | any      | structured_output | few_shot, workflow                    |
| no     | no     | no     | yes      | prompt (trim it)  | caching, model_swap, workflow,        |
|        |        |        |          |                   | fine_tune (distillation; pays back)   |
| no     | no     | no     | no       | prompt            | few_shot                              |

A format gap alongside another gap is recommended as a supporting part (`fix.also`:
structured_output), never dropped. Fixes marked "if it pays back" are accepted by the triage;
the checklist holds them to a cost verdict that pays back over the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

from memo.model import FixKind, Gap, Triage, TriageAnswer

F = FixKind
# Fixes that can change the shape of the answer.
FORMAT_FIXES = frozenset({F.FEW_SHOT, F.STRUCTURED_OUTPUT, F.WORKFLOW, F.FINE_TUNE,
                          F.RAG_FINE_TUNE})


@dataclass(frozen=True)
class Recommendation:
    kind: FixKind
    acceptable: frozenset[FixKind]
    gaps: tuple[Gap, ...]  # the gaps the recommendation answers, after the scores
    reason: str
    also: tuple[FixKind, ...] = ()  # supporting parts to add to the fix
    needs_payback: frozenset[FixKind] = frozenset()  # accepted only if the cost verdict pays back
    score_note: str = ""  # what the measured scores changed, if anything

    def accepts(self, kind: FixKind) -> bool:
        return kind in self.acceptable


def meets(score: float | None, target: float | None, higher_is_better: bool = True) -> bool:
    """Whether a measured score reaches the target in the metric's direction."""
    if score is None or target is None:
        return False
    return score >= target if higher_is_better else score <= target


def gaps_present(triage: Triage) -> tuple[Gap, ...]:
    """The gaps the triage answered "yes" to, in triage order."""
    return tuple(g for g in Gap if triage.answer(g) == TriageAnswer.YES)


def _effective(triage: Triage, target: float | None,
               higher_is_better: bool) -> tuple[set[Gap], str]:
    """The gaps after the measured scores have had their say, and a note on what changed."""
    gaps = set(gaps_present(triage))
    scores = triage.scores
    if scores is None or target is None:
        return gaps, ""
    claimed = {Gap.CAPABILITY, Gap.KNOWLEDGE} & gaps
    if meets(scores.best_prompt, target, higher_is_better):
        gaps -= {Gap.CAPABILITY, Gap.KNOWLEDGE}
        note = (f"The best prompt alone scores {scores.best_prompt:g}, at the target "
                f"{target:g}: no capability or knowledge gap remains.")
        return gaps, note if claimed else ""
    if meets(scores.with_context, target, higher_is_better):
        note = (f"With the right facts pasted in, the best prompt scores "
                f"{scores.with_context:g}, at the target {target:g}: the gap is knowledge, "
                f"not capability.")
        changed = Gap.CAPABILITY in gaps or Gap.KNOWLEDGE not in gaps
        gaps = (gaps - {Gap.CAPABILITY}) | {Gap.KNOWLEDGE}
        return gaps, note if changed else ""
    if meets(scores.few_shot, target, higher_is_better) and Gap.CAPABILITY in gaps:
        gaps -= {Gap.CAPABILITY}
        return gaps, (f"The best prompt with examples scores {scores.few_shot:g}, at the "
                      f"target {target:g}: few-shot closes it, no capability gap.")
    return gaps, ""


def recommend(triage: Triage, target: float | None = None,
              higher_is_better: bool = True) -> Recommendation:
    """The cheapest fix that closes the gaps the triage found (see the module docstring)."""
    gaps, note = _effective(triage, target, higher_is_better)
    ordered = tuple(g for g in Gap if g in gaps)
    fmt = (F.STRUCTURED_OUTPUT,) if Gap.FORMAT in gaps else ()
    knowledge_unsure = triage.knowledge_gap == TriageAnswer.UNSURE and Gap.KNOWLEDGE not in gaps

    def rec(kind: FixKind, acceptable: set[FixKind], reason: str,
            also: tuple[FixKind, ...] = (), needs_payback: frozenset[FixKind] = frozenset()
            ) -> Recommendation:
        return Recommendation(kind, frozenset(acceptable | {kind}), ordered, reason, also,
                              needs_payback, note)

    if Gap.CAPABILITY in gaps and (Gap.KNOWLEDGE in gaps or knowledge_unsure):
        unsure = (" Whether facts are missing is unsure: paste the right facts into the best "
                  "prompt and re-score before training anything.") if knowledge_unsure else ""
        return rec(
            F.RAG_FINE_TUNE, {F.RAG},
            "Fine-tune for the skill the model lacks and retrieve the facts it lacks: each "
            "tool only for what it is good at. Retrieval first, re-measured, then the "
            "fine-tune is the cheaper staged plan." + unsure, fmt)
    if Gap.CAPABILITY in gaps:
        return rec(
            F.FINE_TUNE, {F.MODEL_SWAP},
            "The base model cannot do the task even with the best prompt, examples and the "
            "right facts; only changing the weights (or a stronger model) adds a skill. LoRA "
            "is the default method.", fmt)
    if Gap.KNOWLEDGE in gaps:
        latency = Gap.LATENCY_COST in gaps
        return rec(
            F.RAG, {F.CACHING, F.RAG_FINE_TUNE} if latency else set(),
            "The model lacks facts or the facts change: retrieve them at request time. "
            "Fine-tuning does not reliably write new facts into a model.", fmt,
            frozenset({F.RAG_FINE_TUNE}) if latency else frozenset())
    if Gap.FORMAT in gaps:
        return rec(
            F.STRUCTURED_OUTPUT, {F.FEW_SHOT, F.WORKFLOW},
            "The answer is right but the shape is wrong: show a few examples and constrain "
            "the output to a schema. Usually fixed in a day, not weeks.")
    if Gap.LATENCY_COST in gaps:
        return rec(
            F.PROMPT, {F.CACHING, F.MODEL_SWAP, F.WORKFLOW, F.FINE_TUNE},
            "Prompt length or volume breaks the budget: trim the prompt first, then cache "
            "its static prefix or batch, then a smaller or routed model. Distilling into a "
            "fine-tuned smaller model comes last, and only if the numbers pay back over the "
            "horizon.", needs_payback=frozenset({F.FINE_TUNE}))
    unsure = " Whether facts are missing is unsure: run the oracle test." if (
        triage.knowledge_gap == TriageAnswer.UNSURE) else ""
    return rec(F.PROMPT, {F.FEW_SHOT},
               "No gap is confirmed: improve the prompt and measure before spending more."
               + unsure)
