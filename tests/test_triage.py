"""The four-question triage, row by row against the table in memo/triage.py's docstring and
docs/guide.md (test_docs_table_matches asserts the guide prints the same table).

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

"no" in the capability and format columns means not "yes" (no, unsure or unanswered); in the
knowledge column "no" means no or unanswered, and unsure has rows of its own only where a
fine-tune is on the table. A format gap next to another gap adds structured_output to `also`.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from memo.model import FixKind, Gap, Triage
from memo.triage import FORMAT_FIXES, gaps_present, meets, recommend

ANY = ("yes", "no", "unsure", None)  # every answer a question can have
NOT_YES = ("no", "unsure", None)
NO_OR_OPEN = ("no", None)

F = FixKind
GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide.md"


def triage(capability: str | None = None, knowledge: str | None = None,
           format_: str | None = None, latency: str | None = None,
           scores: dict[str, float] | None = None) -> Triage:
    return Triage.model_validate({"capability_gap": capability, "knowledge_gap": knowledge,
                                  "format_gap": format_, "latency_cost_gap": latency,
                                  "evidence": "64% on 400 notes", "scores": scores})


def rows(capability: tuple, knowledge: tuple, format_: tuple, latency: tuple) -> list:
    return list(itertools.product(capability, knowledge, format_, latency))


def also_for(fmt: str | None) -> tuple[FixKind, ...]:
    return (F.STRUCTURED_OUTPUT,) if fmt == "yes" else ()


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"),
                         rows(("yes",), ("yes", "unsure"), ANY, ANY))
def test_rows_1_2_capability_and_knowledge_or_open_knowledge(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.RAG_FINE_TUNE
    assert rec.acceptable == {F.RAG_FINE_TUNE, F.RAG}
    assert not rec.accepts(F.FINE_TUNE)  # weights alone never fix missing facts
    assert rec.also == also_for(fmt)
    assert rec.needs_payback == frozenset()


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(("yes",), NO_OR_OPEN, ANY, ANY))
def test_row_3_capability_only(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.FINE_TUNE
    assert rec.acceptable == {F.FINE_TUNE, F.MODEL_SWAP}
    assert rec.also == also_for(fmt)


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"),
                         rows(NOT_YES, ("yes",), ANY, ("no", "unsure", None)))
def test_row_4_knowledge(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.RAG
    assert rec.acceptable == {F.RAG}
    assert rec.also == also_for(fmt)  # the format part is carried, never dropped


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(NOT_YES, ("yes",), ANY, ("yes",)))
def test_row_5_knowledge_with_latency(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.RAG
    assert rec.acceptable == {F.RAG, F.CACHING, F.RAG_FINE_TUNE}
    assert rec.needs_payback == {F.RAG_FINE_TUNE}
    assert rec.also == also_for(fmt)


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(NOT_YES, NOT_YES, ("yes",), ANY))
def test_row_6_format(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.STRUCTURED_OUTPUT
    assert rec.acceptable == {F.STRUCTURED_OUTPUT, F.FEW_SHOT, F.WORKFLOW}
    assert rec.also == ()


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"),
                         rows(NOT_YES, NOT_YES, NOT_YES, ("yes",)))
def test_row_7_latency_cost_cheapest_first(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.PROMPT  # trim the prompt first
    assert rec.acceptable == {F.PROMPT, F.CACHING, F.MODEL_SWAP, F.WORKFLOW, F.FINE_TUNE}
    assert rec.needs_payback == {F.FINE_TUNE}  # distillation only if it pays back
    assert rec.gaps == (Gap.LATENCY_COST,)


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"),
                         rows(NOT_YES, NOT_YES, NOT_YES, NOT_YES))
def test_row_8_no_gap(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.PROMPT
    assert rec.acceptable == {F.PROMPT, F.FEW_SHOT}
    assert rec.gaps == ()


def test_the_rows_cover_every_combination_once() -> None:
    covered = (rows(("yes",), ("yes", "unsure"), ANY, ANY) + rows(("yes",), NO_OR_OPEN, ANY, ANY)
               + rows(NOT_YES, ("yes",), ANY, ("no", "unsure", None))
               + rows(NOT_YES, ("yes",), ANY, ("yes",))
               + rows(NOT_YES, NOT_YES, ("yes",), ANY)
               + rows(NOT_YES, NOT_YES, NOT_YES, ("yes",))
               + rows(NOT_YES, NOT_YES, NOT_YES, NOT_YES))
    assert len(covered) == 4 ** 4
    assert len(set(covered)) == 4 ** 4


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(ANY, ANY, ANY, ANY))
def test_every_combination_recommends_what_it_accepts(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.accepts(rec.kind)
    assert rec.needs_payback <= rec.acceptable
    if know == "yes" or (know == "unsure" and cap == "yes"):
        assert not rec.accepts(F.FINE_TUNE)
    if fmt == "yes":  # every recommendation with a format gap can shape the output
        assert {rec.kind, *rec.also} & FORMAT_FIXES


@pytest.mark.parametrize("answer", ["unsure", None])
def test_unsure_or_unanswered_capability_is_not_a_capability_gap(answer) -> None:
    assert recommend(triage(answer)).kind == F.PROMPT
    assert recommend(triage(answer, knowledge="yes")).kind == F.RAG
    assert recommend(triage(answer, latency="yes")).kind == F.PROMPT


def test_unsure_everywhere_recommends_the_cheapest_fix() -> None:
    rec = recommend(triage("unsure", "unsure", "unsure", "unsure"))
    assert rec.kind == F.PROMPT
    assert rec.gaps == ()


def test_gaps_are_listed_in_triage_order() -> None:
    t = triage(capability="yes", knowledge="yes", format_="unsure", latency="yes")
    assert gaps_present(t) == (Gap.CAPABILITY, Gap.KNOWLEDGE, Gap.LATENCY_COST)
    assert recommend(t).gaps == (Gap.CAPABILITY, Gap.KNOWLEDGE, Gap.LATENCY_COST)
    assert gaps_present(triage(format_="yes", latency="yes")) == (Gap.FORMAT, Gap.LATENCY_COST)
    assert gaps_present(triage()) == ()


def test_bare_yaml_booleans_are_answers() -> None:
    t = Triage.model_validate({"capability_gap": True, "knowledge_gap": False,
                               "format_gap": "YES", "latency_cost_gap": " No "})
    assert gaps_present(t) == (Gap.CAPABILITY, Gap.FORMAT)
    assert recommend(t).kind == F.FINE_TUNE


# --- the measured scores settle what the answers claim -------------------------------------


def test_oracle_test_at_the_target_turns_capability_into_knowledge() -> None:
    rec = recommend(triage("yes", "no", scores={"best_prompt": 0.6, "with_context": 0.9}),
                    target=0.9)
    assert rec.kind == F.RAG
    assert rec.gaps == (Gap.KNOWLEDGE,)
    assert rec.score_note == ("With the right facts pasted in, the best prompt scores 0.9, at "
                              "the target 0.9: the gap is knowledge, not capability.")


def test_oracle_test_below_the_target_leaves_the_answers() -> None:
    rec = recommend(triage("yes", "no", scores={"with_context": 0.89}), target=0.9)
    assert rec.kind == F.FINE_TUNE
    assert rec.score_note == ""


def test_best_prompt_at_the_target_leaves_no_capability_or_knowledge_gap() -> None:
    rec = recommend(triage("yes", "yes", latency="yes", scores={"best_prompt": 0.95}),
                    target=0.9)
    assert rec.gaps == (Gap.LATENCY_COST,)
    assert rec.kind == F.PROMPT
    assert "The best prompt alone scores 0.95" in rec.score_note


def test_few_shot_at_the_target_closes_a_capability_gap() -> None:
    rec = recommend(triage("yes", "no", scores={"best_prompt": 0.6, "few_shot": 0.92}),
                    target=0.9)
    assert rec.kind == F.PROMPT and rec.accepts(F.FEW_SHOT)
    assert not rec.accepts(F.FINE_TUNE)


def test_scores_in_a_lower_is_better_direction() -> None:
    t = triage("yes", "no", scores={"with_context": 0.04})
    assert recommend(t, target=0.05, higher_is_better=False).kind == F.RAG
    assert recommend(t, target=0.05, higher_is_better=True).kind == F.FINE_TUNE


def test_scores_without_a_target_change_nothing() -> None:
    t = triage("yes", "no", scores={"with_context": 0.99})
    assert recommend(t).kind == F.FINE_TUNE


@pytest.mark.parametrize(("score", "target", "higher", "expected"), [
    (0.9, 0.9, True, True), (0.89, 0.9, True, False), (0.05, 0.05, False, True),
    (0.06, 0.05, False, False), (None, 0.9, True, False), (0.9, None, True, False)])
def test_meets(score, target, higher, expected) -> None:
    assert meets(score, target, higher) is expected


def test_reasons() -> None:
    assert recommend(triage("yes", "yes")).reason == (
        "Fine-tune for the skill the model lacks and retrieve the facts it lacks: each tool "
        "only for what it is good at. Retrieval first, re-measured, then the fine-tune is the "
        "cheaper staged plan.")
    assert recommend(triage("yes", "unsure")).reason.endswith(
        "Whether facts are missing is unsure: paste the right facts into the best prompt and "
        "re-score before training anything.")
    assert recommend(triage("yes")).reason == (
        "The base model cannot do the task even with the best prompt, examples and the right "
        "facts; only changing the weights (or a stronger model) adds a skill. LoRA is the "
        "default method.")
    assert recommend(triage(knowledge="yes")).reason == (
        "The model lacks facts or the facts change: retrieve them at request time. "
        "Fine-tuning does not reliably write new facts into a model.")
    assert recommend(triage(format_="yes")).reason == (
        "The answer is right but the shape is wrong: show a few examples and constrain the "
        "output to a schema. Usually fixed in a day, not weeks.")
    assert recommend(triage(latency="yes")).reason == (
        "Prompt length or volume breaks the budget: trim the prompt first, then cache its "
        "static prefix or batch, then a smaller or routed model. Distilling into a fine-tuned "
        "smaller model comes last, and only if the numbers pay back over the horizon.")
    assert recommend(triage()).reason == (
        "No gap is confirmed: improve the prompt and measure before spending more.")
    assert recommend(triage(knowledge="unsure")).reason.endswith(
        "Whether facts are missing is unsure: run the oracle test.")


def _table(text: str) -> list[str]:
    start = text.index("| capab. |")
    lines = []
    for line in text[start:].splitlines():
        if not line.startswith("|"):
            break
        lines.append(re.sub(r"\s+", " ", line.strip()))
    return lines


def test_docs_table_matches() -> None:
    from memo import triage as module

    assert module.__doc__ is not None
    assert _table(GUIDE.read_text(encoding="utf-8")) == _table(module.__doc__)
    assert _table(__doc__ or "") == _table(module.__doc__)


def test_score_notes_only_where_the_scores_change_the_answers() -> None:
    oracle = {"with_context": 0.9}
    # the answers already say knowledge: nothing to note
    agreeing = recommend(triage("no", "yes", scores=oracle), target=0.9)
    assert agreeing.kind == F.RAG and agreeing.score_note == ""
    # the answers missed the knowledge gap the oracle test found
    missed = recommend(triage("no", "no", scores=oracle), target=0.9)
    assert missed.gaps == (Gap.KNOWLEDGE,) and missed.kind == F.RAG
    assert missed.score_note.startswith("With the right facts pasted in")
    # the best prompt at the target where no capability or knowledge gap was claimed
    quiet = recommend(triage(latency="yes", scores={"best_prompt": 0.95}), target=0.9)
    assert quiet.score_note == "" and quiet.gaps == (Gap.LATENCY_COST,)
