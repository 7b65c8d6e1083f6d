"""The questionnaire driven through its real questionary prompts (prompt_toolkit pipe input)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_driver import (
    CTRL_C,
    CTRL_D,
    CTRL_U,
    DOWN,
    ENTER,
    NO,
    SPACE,
    YES,
    drive,
    pick,
    script_for,
    text,
)

from memo.answers import load, to_data
from memo.drafts import draft_path_for, load_draft
from memo.errors import Interrupted
from memo.model import FIX_COST_ORDER, Memo
from memo.prompt import Outcome, Questionnaire, start
from memo.rules import check_memo

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# Positions of the select prompts' choices (their shortcut keys).
TRIAGE = {"yes": 1, "no": 2, "unsure": 3}
FIX = {kind.value: position for position, kind in enumerate(FIX_COST_ORDER, start=1)}
STATUS = {"draft": 1, "proposed": 2}

PROBLEM = [
    text("Answer customer questions about our 1,400 products in the support chat, citing the "
         "right help article."),
    text("31% of 400 sampled answers were wrong, mostly invented specs or retired plans; "
         "escalations to agents rose from 18% to 27% since August."),
]
TRIAGE_KEYS = [
    pick(TRIAGE["no"]), pick(TRIAGE["no"]), pick(TRIAGE["yes"]), pick(TRIAGE["no"]),
    text("On 200 held-out questions, gpt-4o-mini with the best prompt scored 58%; with the "
         "right help article pasted in it scored 91%, in the right shape. The catalogue "
         "changes about 40 entries a week."),
    ENTER, ENTER, ENTER,  # scores: best prompt, with context, few-shot (not given)
    ENTER,  # diagnosis: pre-selected from the yes answers
]
FIX_KEYS = [
    ENTER,  # fix.kind: the recommendation (rag) is the default
    ENTER,  # fix.also: none recommended for a knowledge gap alone
    text("The model answers well once it sees the facts, so the gap is knowledge, not skill. "
         "Retrieval serves this week's catalogue at request time; a fine-tune would freeze it "
         "and need a retrain for every change."),
]
TRIED = [
    YES, pick(FIX["prompt"]),
    text("Rewritten system prompt with product-family rules, 58% correct on the 200 held-out "
         "questions (was 52%)."),
    YES, pick(FIX["rag"]),
    text("Two-day prototype retrieving the top 4 help-centre chunks, 87% correct on the same "
         "200 questions."),
    NO,
]
ALTERNATIVES = [
    YES, pick(FIX["fine_tune"]),
    text("Fine-tuning does not reliably add new facts and raises hallucination on them; with "
         "weekly catalogue changes it would need constant retrains and costs more in every "
         "month."),
    YES, pick(FIX["few_shot"]),
    text("Examples fix tone, not missing facts; 20 examples added no accuracy in a quick "
         "check (59%)."),
    NO,
]
COSTS_HEAD = [text("40000"), text("3"), ENTER]  # requests, growth, horizon (24 default)
RAG_OPTION = [
    YES, text("RAG on gpt-4o-mini"), ENTER, ENTER,  # name, kind (rag default), chosen (yes)
    ENTER, ENTER,  # model, quality: not given
    text("2400"), ENTER, text("300"), text("0.15"), text("0.60"),  # no cached prefix
    text("0.00001"), ENTER, ENTER, ENTER,  # extra; serving, people, labelling: 0
    text("70"), text("6000"), ENTER,  # other fixed, one-time; the memo's price source
]
FT_OPTION = [
    YES, text("Fine-tuned gpt-4o-mini"), ENTER, ENTER,  # kind fine_tune default, not chosen
    ENTER, ENTER,  # model, quality
    text("700"), ENTER, text("300"), text("0.30"), text("1.20"),
    ENTER, ENTER, ENTER, ENTER, ENTER, text("8000"),  # extra, serving, people, labels, fixed
    text("4000000"), text("3"), text("3"),  # hosted training: tokens, epochs, price
    text("3"), text("2500"),  # retrain every 3 months at $2,500
    ENTER,  # the memo's price source
]
COSTS_TAIL = [
    NO,  # no third option
    text("OpenAI API pricing page (openai.com/api/pricing) for gpt-4o-mini base, fine-tuned "
         "and training rates and text-embedding-3-small; vector DB from the vendor's starter "
         "plan."),
    text("2026-11-02"),
    NO,  # the cost numbers are shown: no revision
]
EVALUATION = [
    text("Share of answers judged correct and citing the right article"),
    ENTER,  # direction: read from the metric's name
    text("0.58"),
    text("0.90"),
    text("200 real customer questions from October, labelled by two senior agents, held out "
         "of prompts and examples."),
    ENTER, ENTER, ENTER,  # size, held out, pilot: not given
    NO,  # no guardrail
]
MAINTENANCE = [
    text("Tomás Ortega (support platform)"),
    DOWN + SPACE + ENTER,  # retrain triggers: data_drift
    text("Nightly re-index of the catalogue; weekly score on 50 fresh questions, alert below "
         "85% correct or if escalations exceed 20%."),
    ENTER, ENTER,  # sample size and alert threshold: read from the text
    text("2027-05-31"),
]
RISKS = [
    YES, text("Retrieval misses the relevant article for vague questions."),
    text("Hybrid keyword + vector search; the bot asks a clarifying question when the top "
         "score is low."),
    YES, text("Stale or conflicting help articles."),
    text("Support content team owns the articles; retired products are removed from the index "
         "on the day they retire."),
    NO,
    text("The retrieval step sits behind a feature flag; support ops can switch back to today's "
         "prompt in minutes."),
]
HEADER = [
    text("Ground the support bot in the product catalogue with retrieval, not a fine-tune"),
    text("Approve two weeks of one engineer to ship retrieval over the catalogue and help "
         "centre, and drop the planned fine-tune."),
    text("Priya Raman"), text("Priya Raman"), text("Customer Support AI"), text("2026-11-09"),
    pick(STATUS["proposed"]),
]
FINISH = [ENTER, ENTER]  # review: finish (first choice); formats: Markdown (pre-selected)

SUPPORT_BOT = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD
               + RAG_OPTION + FT_OPTION + COSTS_TAIL + EVALUATION + MAINTENANCE + RISKS + HEADER
               + FINISH)


class Run:
    """One questionnaire sitting on a tmp folder, with what it said collected."""

    def __init__(self, tmp_path: Path, answers: dict[str, Any] | None = None,
                 mode: str = "new") -> None:
        self.output = tmp_path / "memo.yaml"
        self.draft_path = draft_path_for(self.output)
        self.said: list[str] = []
        self.answers = answers
        self.mode = mode

    def session(self, resume: bool = False) -> Questionnaire:
        if resume:
            draft = load_draft(self.draft_path)
        else:
            draft = start(self.answers, self.output, self.draft_path, self.mode)
        return Questionnaire(draft, self.draft_path, self.said.append, resume=resume)

    def __call__(self, keys: list[str], resume: bool = False) -> Outcome:
        return drive(keys, lambda: self.session(resume).run())

    @property
    def transcript(self) -> str:
        return "\n".join(self.said)


def comparable(memo: Memo) -> dict[str, Any]:
    """The memo as data, retrain triggers as a set (a checkbox returns them in its order)."""
    data = memo.model_dump()
    if data.get("maintenance"):
        data["maintenance"]["retrain_triggers"] = set(data["maintenance"]["retrain_triggers"])
    return data


PASSING_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.yaml") if p.name != "weak-memo.yaml")


@pytest.mark.parametrize("name", PASSING_SAMPLES)
def test_full_run_produces_each_sample(tmp_path: Path, name: str) -> None:
    """Typing a sample's answers into the real prompts gives back the same answers file."""
    sample = load(SAMPLES / name).memo
    run = Run(tmp_path)
    outcome = run(script_for(to_data(sample)))
    assert comparable(Memo.model_validate(outcome.answers)) == comparable(sample)
    assert outcome.formats == ["md"]


def test_full_run_by_hand(tmp_path: Path) -> None:
    """The support-bot case typed key by key, with defaults taken where a lead would."""
    run = Run(tmp_path)
    outcome = run(SUPPORT_BOT)
    memo = Memo.model_validate(outcome.answers)
    assert memo.fix.kind == "rag" and memo.fix.override_reason is None
    assert [o.name for o in memo.costs.options] == ["RAG on gpt-4o-mini",
                                                    "Fine-tuned gpt-4o-mini"]
    assert memo.costs.options[1].training is not None
    assert memo.costs.options[1].training.cost_usd == 36
    assert memo.diagnosis == ["knowledge"]
    assert outcome.formats == ["md"]
    assert not [f for f in check_memo(memo) if f.severity == "error"]
    # The recommendation, the live cost numbers and the checklist were shown on the way.
    assert "Recommended fix: Retrieval (RAG) (rag)" in run.transcript
    assert ("against Fine-tuned gpt-4o-mini: cheaper from the start and stays cheaper"
            in run.transcript)
    assert "Checklist:" in run.transcript
    assert "e.g. " in run.transcript  # each question carries an example


def test_draft_is_saved_after_every_answer(tmp_path: Path) -> None:
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(PROBLEM[:1])  # one answer, then the input ends (Ctrl-D on an empty pipe)
    draft = yaml.safe_load(run.draft_path.read_text(encoding="utf-8"))
    assert draft["answers"]["problem"]["task"].startswith("Answer customer questions")
    assert draft["next"] == "problem.failure#0"


def test_override_asks_for_its_reason(tmp_path: Path) -> None:
    keys = (PROBLEM + TRIAGE_KEYS[:-5]
            + [text("measured"), ENTER, ENTER, ENTER, ENTER]  # evidence, scores, diagnosis
            + [pick(FIX["fine_tune"]), text("Retrieval breaks our 300 ms latency budget"),
               ENTER, text("Tune for the skill")]
            # fine-tune details: method (lora), flavour (instruction), base model, examples,
            # data source
            + [ENTER, ENTER, text("llama-3.1-8b-instruct"), text("4000"), text("tickets")])
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    answers = load_draft(run.draft_path).answers
    assert answers["fix"] == {"kind": "fine_tune",
                              "override_reason": "Retrieval breaks our 300 ms latency budget",
                              "rationale": "Tune for the skill"}
    assert answers["fine_tune"] == {"method": "lora", "flavor": "instruction",
                                    "base_model": "llama-3.1-8b-instruct",
                                    "training_examples": 4000, "data_source": "tickets"}
    assert "full_reason" not in answers["fine_tune"]  # only asked for full fine-tuning


def test_no_override_reason_when_the_recommendation_is_taken(tmp_path: Path) -> None:
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(PROBLEM + TRIAGE_KEYS + FIX_KEYS)
    answers = load_draft(run.draft_path).answers
    assert answers["fix"] == {"kind": "rag", "rationale": FIX_KEYS[-1][1:-1]}
    assert "fine_tune" not in answers  # fine-tune details only for fine-tune fixes


@pytest.mark.parametrize("interrupt", [CTRL_C, CTRL_D])
def test_interrupt_then_resume(tmp_path: Path, interrupt: str) -> None:
    run = Run(tmp_path)
    cut = len(PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED) + 2  # inside the first alternative
    with pytest.raises(Interrupted) as caught:
        run([*SUPPORT_BOT[:cut], interrupt])
    assert caught.value.exit_code == 130
    assert str(run.draft_path) in str(caught.value)
    assert "memo new --resume" in str(caught.value)
    draft = load_draft(run.draft_path)
    assert draft.answers["alternatives"] == [{"kind": "fine_tune"}]
    assert draft.next == "alternatives.0.reason#0"

    outcome = run(SUPPORT_BOT[cut:], resume=True)  # continues at the question it stopped on
    uninterrupted = Run(tmp_path / "again")
    (tmp_path / "again").mkdir()
    assert outcome.answers == uninterrupted(SUPPORT_BOT).answers


@pytest.mark.parametrize(("keys", "stopped_at"), [
    ([CTRL_D], "problem.task#0"),  # text prompt
    ([*PROBLEM, CTRL_D], "triage.capability_gap#0"),  # select prompt
    ([*PROBLEM, *TRIAGE_KEYS[:-1], CTRL_D], "diagnosis#0"),  # checkbox prompt
    ([*PROBLEM, *TRIAGE_KEYS, *FIX_KEYS, CTRL_D], "tried.item#0"),  # confirm prompt
])
def test_ctrl_d_stops_every_kind_of_prompt(tmp_path: Path, keys: list[str],
                                          stopped_at: str) -> None:
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run([*keys, ENTER * 3])  # the ENTERs after Ctrl-D are never read
    assert load_draft(run.draft_path).next == stopped_at


def test_invalid_number_is_reasked_with_the_loaders_message(tmp_path: Path) -> None:
    run = Run(tmp_path)
    before = PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES
    # "lots" and "-5" are refused (validation keeps the prompt open); "40000" is accepted.
    keys = [*before, text("lots") + CTRL_U + "-5" + ENTER + CTRL_U + "40,000" + ENTER]
    with pytest.raises(Interrupted):
        run(keys)
    assert load_draft(run.draft_path).answers["costs"] == {"requests_per_month": 40000}


def test_invalid_date_is_reasked(tmp_path: Path) -> None:
    keys = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD + RAG_OPTION
            + FT_OPTION + COSTS_TAIL[:2] + [text("next week") + CTRL_U + "2026-11-02" + ENTER])
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    assert load_draft(run.draft_path).answers["costs"]["price_date"] == dt.date(2026, 11, 2)


def test_empty_required_text_is_reasked(tmp_path: Path) -> None:
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run([ENTER, ENTER, text("Summarise tickets")])
    assert load_draft(run.draft_path).answers["problem"] == {"task": "Summarise tickets"}


def test_edit_with_every_default_keeps_the_memo(tmp_path: Path) -> None:
    """Re-asking with the current answers as defaults: Enter everywhere changes nothing."""
    sample = load(SAMPLES / "support-bot-rag.yaml").memo
    run = Run(tmp_path, to_data(sample), mode="edit")
    outcome = run([ENTER] * 200 + [NO] * 10 + [ENTER] * 10)
    assert Memo.model_validate(outcome.answers) == sample


def test_revising_costs_shows_new_numbers(tmp_path: Path) -> None:
    keys = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD + RAG_OPTION
            + FT_OPTION + COSTS_TAIL[:-1]
            + [YES, text("80000")]  # revise: the volume doubles
            # every other cost answer kept: growth, horizon, 18 + 23 steps for the two
            # options (keep? and their fields), no third option, price source and date
            + [ENTER] * (2 + 18 + 23 + 1 + 2)
            + [NO])  # the new numbers are shown; no second revision
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    assert load_draft(run.draft_path).answers["costs"]["requests_per_month"] == 80000
    assert run.transcript.count("Cost numbers (* = proposed):") == 2


def test_review_jumps_back_to_a_section(tmp_path: Path) -> None:
    # Finish is choice 1, then the sections in order: problem is choice 2.
    keys = [*SUPPORT_BOT[:-2], pick(2), text("New task"), ENTER, *FINISH]
    run = Run(tmp_path)
    outcome = run(keys)
    assert outcome.answers["problem"]["task"] == "New task"
    assert run.transcript.count("Checklist:") == 2
