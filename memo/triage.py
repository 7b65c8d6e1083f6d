"""The four-question triage -> the cheapest fix that closes the gap. Pure.

The table (also in docs/guide.md):

| capability | knowledge | format | latency/cost | recommended       | also acceptable            |
|------------|-----------|--------|--------------|-------------------|----------------------------|
| yes        | yes       | any    | any          | rag_fine_tune     | -                          |
| yes        | no        | any    | any          | fine_tune         | -                          |
| no         | yes       | any    | any          | rag               | rag_fine_tune if latency   |
| no         | no        | yes    | any          | structured_output | few_shot                   |
| no         | no        | no     | yes          | fine_tune         | prompt (trim the prompt)   |
| no         | no        | no     | no           | prompt            | few_shot                   |

"unsure" counts as not proven: the cheaper fix is recommended until a measurement says
otherwise (the checklist asks for that measurement).
"""

from __future__ import annotations

from dataclasses import dataclass

from memo.model import FixKind, Gap, Triage, TriageAnswer


@dataclass(frozen=True)
class Recommendation:
    kind: FixKind
    acceptable: frozenset[FixKind]
    gaps: tuple[Gap, ...]
    reason: str

    def accepts(self, kind: FixKind) -> bool:
        return kind in self.acceptable


def gaps_present(triage: Triage) -> tuple[Gap, ...]:
    """The gaps the triage answered "yes" to, in triage order."""
    return tuple(g for g in Gap if triage.answer(g) == TriageAnswer.YES)


def recommend(triage: Triage) -> Recommendation:
    gaps = set(gaps_present(triage))
    ordered = tuple(g for g in Gap if g in gaps)
    if Gap.CAPABILITY in gaps and Gap.KNOWLEDGE in gaps:
        return Recommendation(
            FixKind.RAG_FINE_TUNE, frozenset({FixKind.RAG_FINE_TUNE}), ordered,
            "Fine-tune for the skill the model lacks and retrieve the facts it lacks: "
            "each tool only for what it is good at. Check first that the capability gap is "
            "not a knowledge gap in disguise.",
        )
    if Gap.CAPABILITY in gaps:
        return Recommendation(
            FixKind.FINE_TUNE, frozenset({FixKind.FINE_TUNE}), ordered,
            "The base model cannot do the task even with the best prompt and context; only "
            "changing the weights adds a skill. LoRA is the default method.",
        )
    if Gap.KNOWLEDGE in gaps:
        acceptable = {FixKind.RAG}
        if Gap.LATENCY_COST in gaps:
            acceptable.add(FixKind.RAG_FINE_TUNE)
        return Recommendation(
            FixKind.RAG, frozenset(acceptable), ordered,
            "The model lacks facts or the facts change: retrieve them at request time. "
            "Fine-tuning does not reliably write new facts into a model.",
        )
    if Gap.FORMAT in gaps:
        return Recommendation(
            FixKind.STRUCTURED_OUTPUT,
            frozenset({FixKind.STRUCTURED_OUTPUT, FixKind.FEW_SHOT}), ordered,
            "The answer is right but the shape is wrong: show a few examples and constrain "
            "the output to a schema. Usually fixed in a day, not weeks.",
        )
    if Gap.LATENCY_COST in gaps:
        return Recommendation(
            FixKind.FINE_TUNE, frozenset({FixKind.FINE_TUNE, FixKind.PROMPT}), ordered,
            "Prompt length or volume breaks the budget: a fine-tuned (or smaller fine-tuned) "
            "model can drop the long prompt, but only if the cost numbers say it pays back; "
            "trimming the prompt comes first.",
        )
    return Recommendation(
        FixKind.PROMPT, frozenset({FixKind.PROMPT, FixKind.FEW_SHOT}), ordered,
        "No gap is confirmed: improve the prompt and measure before spending more.",
    )
