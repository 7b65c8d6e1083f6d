"""The four-question triage, row by row against the table in memo/triage.py's docstring.

| capability | knowledge | format | latency/cost | recommended       | also acceptable          |
|------------|-----------|--------|--------------|-------------------|--------------------------|
| yes        | yes       | any    | any          | rag_fine_tune     | -                        |
| yes        | no        | any    | any          | fine_tune         | -                        |
| no         | yes       | any    | any          | rag               | rag_fine_tune if latency |
| no         | no        | yes    | any          | structured_output | few_shot                 |
| no         | no        | no     | yes          | fine_tune         | prompt (trim the prompt) |
| no         | no        | no     | no           | prompt            | few_shot                 |

"unsure" and an unanswered question count as "no" (not proven).
"""

from __future__ import annotations

import itertools

import pytest

from memo.model import FixKind, Gap, Triage
from memo.triage import gaps_present, recommend

ANY = ("yes", "no", "unsure", None)  # every answer a question can have
NOT_YES = ("no", "unsure", None)

F = FixKind


def triage(capability: str | None = None, knowledge: str | None = None,
           format_: str | None = None, latency: str | None = None) -> Triage:
    return Triage.model_validate({"capability_gap": capability, "knowledge_gap": knowledge,
                                  "format_gap": format_, "latency_cost_gap": latency,
                                  "evidence": "64% on 400 notes"})


def rows(capability: tuple, knowledge: tuple, format_: tuple, latency: tuple) -> list:
    return list(itertools.product(capability, knowledge, format_, latency))


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(("yes",), ("yes",), ANY, ANY))
def test_row_1_capability_and_knowledge(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.RAG_FINE_TUNE
    assert rec.acceptable == {F.RAG_FINE_TUNE}


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(("yes",), NOT_YES, ANY, ANY))
def test_row_2_capability_only(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.FINE_TUNE
    assert rec.acceptable == {F.FINE_TUNE}


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(NOT_YES, ("yes",), ANY, NOT_YES))
def test_row_3_knowledge(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.RAG
    assert rec.acceptable == {F.RAG}


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(NOT_YES, ("yes",), ANY, ("yes",)))
def test_row_3_knowledge_with_latency_also_accepts_rag_fine_tune(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.RAG
    assert rec.acceptable == {F.RAG, F.RAG_FINE_TUNE}


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(NOT_YES, NOT_YES, ("yes",), ANY))
def test_row_4_format(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.STRUCTURED_OUTPUT
    assert rec.acceptable == {F.STRUCTURED_OUTPUT, F.FEW_SHOT}


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(NOT_YES, NOT_YES, NOT_YES, ("yes",)))
def test_row_5_latency_cost(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.FINE_TUNE
    assert rec.acceptable == {F.FINE_TUNE, F.PROMPT}


@pytest.mark.parametrize(("cap", "know", "fmt", "lat"), rows(NOT_YES, NOT_YES, NOT_YES, NOT_YES))
def test_row_6_no_gap(cap, know, fmt, lat) -> None:
    rec = recommend(triage(cap, know, fmt, lat))
    assert rec.kind == F.PROMPT
    assert rec.acceptable == {F.PROMPT, F.FEW_SHOT}
    assert rec.gaps == ()


def test_the_rows_cover_every_combination_once() -> None:
    covered = (rows(("yes",), ("yes",), ANY, ANY) + rows(("yes",), NOT_YES, ANY, ANY)
               + rows(NOT_YES, ("yes",), ANY, ANY) + rows(NOT_YES, NOT_YES, ("yes",), ANY)
               + rows(NOT_YES, NOT_YES, NOT_YES, ("yes",))
               + rows(NOT_YES, NOT_YES, NOT_YES, NOT_YES))
    assert len(covered) == 4 ** 4
    assert len(set(covered)) == 4 ** 4


@pytest.mark.parametrize("answer", ["unsure", None])
def test_unsure_or_unanswered_capability_is_not_a_capability_gap(answer) -> None:
    assert recommend(triage(answer)).kind == F.PROMPT
    assert recommend(triage(answer, knowledge="yes")).kind == F.RAG
    assert recommend(triage(answer, latency="yes")).kind == F.FINE_TUNE


def test_unsure_everywhere_recommends_the_cheapest_fix() -> None:
    rec = recommend(triage("unsure", "unsure", "unsure", "unsure"))
    assert rec.kind == F.PROMPT
    assert rec.gaps == ()


def test_accepts() -> None:
    rec = recommend(triage("no", "yes", "no", "yes"))
    assert rec.accepts(F.RAG)
    assert rec.accepts(F.RAG_FINE_TUNE)
    assert not rec.accepts(F.FINE_TUNE)
    assert not rec.accepts(F.PROMPT)


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


def test_reasons() -> None:
    assert recommend(triage("yes", "yes")).reason == (
        "Fine-tune for the skill the model lacks and retrieve the facts it lacks: each tool "
        "only for what it is good at. Check first that the capability gap is not a knowledge "
        "gap in disguise.")
    assert recommend(triage("yes")).reason == (
        "The base model cannot do the task even with the best prompt and context; only "
        "changing the weights adds a skill. LoRA is the default method.")
    assert recommend(triage(knowledge="yes")).reason == (
        "The model lacks facts or the facts change: retrieve them at request time. "
        "Fine-tuning does not reliably write new facts into a model.")
    assert recommend(triage(format_="yes")).reason == (
        "The answer is right but the shape is wrong: show a few examples and constrain the "
        "output to a schema. Usually fixed in a day, not weeks.")
    assert recommend(triage(latency="yes")).reason == (
        "Prompt length or volume breaks the budget: a fine-tuned (or smaller fine-tuned) "
        "model can drop the long prompt, but only if the cost numbers say it pays back; "
        "trimming the prompt comes first.")
    assert recommend(triage()).reason == (
        "No gap is confirmed: improve the prompt and measure before spending more.")
