"""The questionnaire driven through its real questionary prompts (prompt_toolkit pipe input)."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_driver import (
    CHANGE,
    CTRL_C,
    CTRL_D,
    CTRL_U,
    DOWN,
    ENTER,
    KEEP,
    NO,
    SPACE,
    YES,
    Typist,
    drive,
    pick,
    script_for,
    section_script,
    text,
    watching,
)

from memo.answers import load, to_data
from memo.drafts import draft_path_for, load_draft
from memo.errors import Interrupted
from memo.model import FIX_COST_ORDER, Memo
from memo.prompt import Fit, Outcome, Questionnaire, start
from memo.questions import SECTION_IDS, section, watched
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
    ENTER,  # quality: not measured
    text("2400"), ENTER, text("300"),  # input tokens, no cached prefix, output tokens
    ENTER, text("0.15"), text("0.60"),  # no catalogue model; prices typed
    text("0.00001"), ENTER, ENTER,  # extra per request; people, labelling: 0 (no serving:
    text("70"), text("6000"), ENTER,  # priced per token); other fixed, one-time; main source
]
FT_OPTION = [
    YES, text("Fine-tuned gpt-4o-mini"), ENTER, ENTER,  # kind fine_tune default, not chosen
    ENTER,  # quality
    text("700"), text("300"),  # no cached-prefix question for a fine-tune
    ENTER, text("0.30"), text("1.20"),
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
FINISH = [ENTER, ENTER]  # formats: Markdown (ticked); review: save and finish (first choice)

SUPPORT_BOT = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD
               + RAG_OPTION + FT_OPTION + COSTS_TAIL + EVALUATION + MAINTENANCE + RISKS + HEADER
               + FINISH)


class Run:
    """One questionnaire sitting on a tmp folder, with what it said collected."""

    def __init__(self, tmp_path: Path, answers: dict[str, Any] | None = None,
                 mode: str = "new", *, plan: list[str] | None = None, seeded: bool = False,
                 formats: list[str] | None = None,
                 measure: Callable[[Any, list[str]], dict[str, Fit]] | None = None) -> None:
        self.output = tmp_path / "memo.yaml"
        self.draft_path = draft_path_for(self.output)
        self.said: list[str] = []
        self.answers = answers
        self.mode = mode
        self.plan = plan
        self.seeded = seeded
        self.formats = formats if formats is not None else (None if mode == "new" else [])
        self.measure = measure
        self.last: Questionnaire | None = None

    def session(self, resume: bool = False) -> Questionnaire:
        if resume:
            draft = load_draft(self.draft_path)
        else:
            draft = start(self.answers, self.output, self.draft_path, self.mode, plan=self.plan,
                          review=self.plan is None or not self.plan, formats=self.formats,
                          seeded=self.seeded)
        self.last = Questionnaire(draft, self.draft_path, self.said.append, resume=resume,
                                  measure=self.measure)
        return self.last

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


def sample(name: str) -> dict[str, Any]:
    return to_data(load(SAMPLES / name).memo)


PASSING_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.yaml") if p.name != "weak-memo.yaml")


@pytest.mark.parametrize("name", PASSING_SAMPLES)
def test_full_run_produces_each_sample(tmp_path: Path, name: str) -> None:
    """Typing a sample's answers into the real prompts gives back the same answers file."""
    sample_memo = load(SAMPLES / name).memo
    run = Run(tmp_path)
    outcome = run(script_for(to_data(sample_memo)))
    assert comparable(Memo.model_validate(outcome.answers)) == comparable(sample_memo)
    assert outcome.formats == ["md"]


def test_full_run_by_hand(tmp_path: Path) -> None:
    """The support-bot case typed key by key, with suggestions taken where a lead would."""
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
    assert "Recommended fix: Retrieval (RAG)" in run.transcript
    assert ("against Fine-tuned gpt-4o-mini: cheaper from the start and stays cheaper"
            in run.transcript)
    assert "Checklist:" in run.transcript
    assert outcome.asked == len(SUPPORT_BOT)  # one prompt per answer in the script


def test_progress_line_on_every_section(tmp_path: Path) -> None:
    run = Run(tmp_path)
    run(SUPPORT_BOT)
    lines = run.transcript.splitlines()
    assert ("== Problem ==  section 1 of 12; next: Triage, Fix, Tried so far and 7 more"
            in lines)
    # Fine-tune details does not apply to a retrieval fix: it is neither shown nor counted.
    assert "== Fix ==  section 3 of 12; next: Tried so far, Alternatives, Costs and 5 more" \
        in lines
    assert "== Cover ==  section 12 of 12; the last section; then the review" in lines
    assert "== Review ==  10 of 11 sections complete; 1 with findings" in lines


def test_progress_and_examples_are_drawn_with_every_prompt(tmp_path: Path) -> None:
    """On screen: the section counter before each question, the example as a placeholder."""
    run = Run(tmp_path)
    with watching(PROBLEM[:1]) as screen, pytest.raises(Interrupted):
        run.session().run()
    assert "[1/12] What must the LLM feature do?" in screen.text
    assert "e.g. Answer customer questions about our 40 products" in screen.text
    # The example was only a placeholder: the answer is what was typed.
    assert load_draft(run.draft_path).answers["problem"]["task"] == PROBLEM[0][1:-1]


def test_an_example_is_never_taken_as_the_answer(tmp_path: Path) -> None:
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run([ENTER, text("Summarise tickets")])  # Enter on the placeholder: refused
    assert load_draft(run.draft_path).answers["problem"] == {"task": "Summarise tickets"}


def test_examples_fit_the_case_being_written(tmp_path: Path) -> None:
    """A latency/cost memo sees latency and cost examples, not the support bot's."""
    answers = sample("ticket-routing-cost.yaml")
    run = Run(tmp_path, answers, mode="edit", plan=["evaluation"])
    with watching([CTRL_U + ENTER]) as screen, pytest.raises(Interrupted):
        run.session().run()  # the metric cleared: the placeholder shows
    assert "e.g. model cost per 1,000 invoices (USD)" in screen.text
    assert "answer correctness" not in screen.text


def test_a_suggestion_is_replaced_by_typing(tmp_path: Path) -> None:
    """The option name suggested from the fix kind is replaced by the first key typed,
    never glued to it; Enter alone keeps it."""
    keys = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD
            + [YES, "Smaller model" + ENTER]  # typed over "Retrieval (RAG)", no Ctrl-U
            + [ENTER, ENTER, ENTER, text("2400"), ENTER, text("300"), ENTER, text("0.15"),
               text("0.60"), ENTER, ENTER, ENTER, ENTER, ENTER, ENTER]
            + [YES, ENTER])  # second option: Enter keeps the suggested name
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    options = load_draft(run.draft_path).answers["costs"]["options"]
    assert options[0]["name"] == "Smaller model"
    assert options[1]["name"] == "Fine-tune"


def test_arrow_keys_edit_a_suggestion_instead_of_replacing_it(tmp_path: Path) -> None:
    keys = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD
            + [YES, "\x1b[D" + "\x1b[C" + " on gpt-4o-mini" + ENTER])  # left, right, type
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    option = load_draft(run.draft_path).answers["costs"]["options"][0]
    assert option["name"] == "Retrieval (RAG) on gpt-4o-mini"


def test_numbers_with_separators_are_saved_as_integers(tmp_path: Path) -> None:
    keys = (PROBLEM + TRIAGE_KEYS[:-5] + [text("measured"), ENTER, ENTER, ENTER, ENTER]
            + [pick(FIX["fine_tune"]), text("Retrieval breaks our 300 ms budget"), ENTER,
               text("Tune for the skill")]
            + [ENTER, ENTER, text("llama-3.1-8b-instruct"), text("20,000")])
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    assert "training_examples: 20000\n" in run.draft_path.read_text(encoding="utf-8")
    assert load_draft(run.draft_path).answers["fine_tune"]["training_examples"] == 20000
    before = PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES
    with pytest.raises(Interrupted):
        Run(tmp_path)([*before, text("2.4M"), text("3%"), text("24")])
    costs = load_draft(tmp_path / "memo.draft.yaml").answers["costs"]
    typed = {k: costs[k] for k in ("requests_per_month", "monthly_growth_pct",
                                   "horizon_months")}
    assert typed == {"requests_per_month": 2400000, "monthly_growth_pct": 3,
                     "horizon_months": 24}
    assert all(type(v) is int for v in typed.values())


def test_validation_message_sits_under_the_prompt() -> None:
    """The input line does not stretch to the terminal's bottom row, so the message the
    validator gives is drawn on the very next row, not 20 rows below."""
    from prompt_toolkit.application.current import set_app
    from prompt_toolkit.layout.mouse_handlers import MouseHandlers
    from prompt_toolkit.layout.screen import Screen, WritePosition
    from prompt_toolkit.validation import ValidationError

    from memo.prompt import text_prompt

    built = text_prompt("Requests per month?", "lots", validate=lambda t: "bad",
                        qmark="[7/12]")
    app = built.application
    buffer = app.layout.current_buffer
    buffer.validation_error = ValidationError(0, "expected a number, got 'lots'")
    screen = Screen()

    async def draw() -> None:  # prompt_toolkit's filters expect a running loop
        with set_app(app):
            app.layout.container.write_to_screen(screen, MouseHandlers(),
                                                 WritePosition(0, 0, width=80, height=24),
                                                 parent_style="", erase_bg=False,
                                                 z_index=None)

    asyncio.run(draw())
    rows = ["".join(screen.data_buffer[y][x].char for x in range(80)).rstrip()
            for y in range(24)]
    assert rows[0] == "[7/12] Requests per month? lots"
    assert rows[1] == "expected a number, got 'lots'"
    assert not any(rows[2:])  # nothing else: the rows below stay empty


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
    # "lots" and "-5" are refused (validation keeps the prompt open); "40,000" is accepted.
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


def test_revising_costs_shows_new_numbers(tmp_path: Path) -> None:
    keys = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD + RAG_OPTION
            + FT_OPTION + COSTS_TAIL[:-1]
            + [YES, text("80000")]  # revise: the volume doubles
            # every other cost answer kept: growth, horizon; both options kept as they are,
            # no third option; price source and date
            + [ENTER, ENTER] + [pick(KEEP), pick(KEEP), ENTER] + [ENTER, ENTER]
            + [NO])  # the new numbers are shown; no second revision
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    assert load_draft(run.draft_path).answers["costs"]["requests_per_month"] == 80000
    assert run.transcript.count("Cost numbers (* = proposed):") == 2


def test_model_picker_fills_prices_that_stay_editable(tmp_path: Path) -> None:
    from memo.prices import catalogue_info, lookup

    price = lookup("gpt-4o-mini")
    assert price is not None and price.cached_input_per_mtok is not None
    keys = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD
            + [YES, text("RAG on gpt-4o-mini"), ENTER, ENTER, ENTER,
               text("2400"), text("2000"), text("300"),  # 2,000 of 2,400 tokens cached
               text("gpt-4o-mini"),  # picked: the prices come from the catalogue
               ENTER,  # input price: the catalogue's, kept
               ENTER,  # cached input price: the catalogue's, kept
               text("0.65")])  # output price: typed over the catalogue's
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    option = load_draft(run.draft_path).answers["costs"]["options"][0]
    assert option["model"] == "gpt-4o-mini"
    assert option["input_price_per_mtok"] == price.input_per_mtok
    assert option["cached_input_price_per_mtok"] == price.cached_input_per_mtok
    assert option["output_price_per_mtok"] == 0.65
    assert option["price_source"] == catalogue_info().source
    assert option["price_date"] == dt.date.today()
    assert ("dated today, since the catalogue publishes no date for its data"
            in run.transcript)


def test_model_picker_completes_from_the_catalogue() -> None:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from memo.prompt import model_completer

    found = list(model_completer().get_completions(Document("gpt-4o-mi"), CompleteEvent()))
    assert found and found[0].text == "gpt-4o-mini"
    assert "in /" in found[0].display_meta_text and "out per 1M" in found[0].display_meta_text


def test_unknown_model_is_kept_and_prices_are_typed(tmp_path: Path) -> None:
    keys = (PROBLEM + TRIAGE_KEYS + FIX_KEYS + TRIED + ALTERNATIVES + COSTS_HEAD
            + [YES, text("Our model"), ENTER, ENTER, ENTER, text("2400"), ENTER, text("300"),
               text("in-house-7b"), text("0.15")])
    run = Run(tmp_path)
    with pytest.raises(Interrupted):
        run(keys)
    option = load_draft(run.draft_path).answers["costs"]["options"][0]
    assert option["model"] == "in-house-7b" and option["input_price_per_mtok"] == 0.15
    assert "price_source" not in option
    assert "in-house-7b is not in the price catalogue; type its prices" in run.transcript


# --- the review: checklist, one-page fit, menu ------------------------------------------


def test_review_jumps_back_to_a_section(tmp_path: Path) -> None:
    # Save and finish is choice 1, the formats 2, then the sections: problem is choice 3.
    keys = [*SUPPORT_BOT[:-1], pick(3), text("New task"), ENTER, ENTER]
    run = Run(tmp_path)
    outcome = run(keys)
    assert outcome.answers["problem"]["task"] == "New task"
    assert run.transcript.count("Checklist:") == 2


def test_review_menu_shows_each_sections_state(tmp_path: Path) -> None:
    answers = sample("support-bot-rag.yaml")
    answers["owner"] = "TBD"  # filler: an error on the cover
    del answers["title"]  # incomplete: the memo cannot be saved yet
    run = Run(tmp_path, answers, mode="edit", plan=[])
    with watching([ENTER, CTRL_C]) as screen, pytest.raises(Interrupted):
        run.session().run()  # Enter on "Save and finish": refused, then stop
    shown = screen.text
    assert "Save and finish (not yet: answers are missing)" in shown
    assert "Cover: incomplete (1 answer(s) missing or invalid)" in shown
    assert "Problem: complete" in shown
    assert "Fine-tune details (not applicable: only for a fine-tune" in shown
    assert "Not saved yet: the answers above are missing or invalid." in run.transcript
    answers["title"] = "Ground the support bot in the catalogue"
    run = Run(tmp_path, answers, mode="edit", plan=[])
    with watching([CTRL_C]) as screen, pytest.raises(Interrupted):
        run.session().run()
    assert "Cover: has findings: 1 error(s)" in screen.text
    assert "Save and finish: write memo.yaml" in screen.text


def test_edit_menu_finish_is_one_key_away(tmp_path: Path) -> None:
    answers = sample("support-bot-rag.yaml")
    run = Run(tmp_path, answers, mode="edit", plan=[])
    outcome = run([ENTER])
    assert Memo.model_validate(outcome.answers) == load(SAMPLES / "support-bot-rag.yaml").memo
    assert outcome.asked == 1 and outcome.formats == []


def test_edit_with_every_default_keeps_the_memo(tmp_path: Path) -> None:
    """Every section opened from the menu and Enter on every prompt changes nothing."""
    answers = sample("support-bot-rag.yaml")
    keys: list[str] = []
    typist = Typist(answers, answers)
    for sid in [s for s in SECTION_IDS if section(s).applies(answers)]:
        before = len(typist.keys)
        typist.menu(sid)
        keys += [typist.keys[before]] + [ENTER] * (len(typist.keys) - before - 1)
    run = Run(tmp_path, answers, mode="edit", plan=[])
    outcome = run([*keys, ENTER])
    assert Memo.model_validate(outcome.answers) == load(SAMPLES / "support-bot-rag.yaml").memo


def test_edit_one_section_asks_only_it(tmp_path: Path) -> None:
    """`memo edit --section Costs`: the growth rate changes in four prompts."""
    before = sample("support-bot-rag.yaml")
    after = copy.deepcopy(before)
    after["costs"]["monthly_growth_pct"] = 5
    keys = section_script(before, after, ["costs"])
    assert keys == [text("40000"), text("5"), text("24")]
    run = Run(tmp_path, before, mode="edit", plan=["costs"])
    outcome = run(keys)
    assert outcome.answers["costs"]["monthly_growth_pct"] == 5
    assert outcome.asked == 3 < 10
    assert "Cost numbers (* = proposed):" in run.transcript  # the new numbers are shown
    assert Memo.model_validate(outcome.answers) == Memo.model_validate(after)


def test_changing_the_fix_reasks_the_sections_that_depend_on_it(tmp_path: Path) -> None:
    before = sample("support-bot-rag.yaml")
    after = copy.deepcopy(sample("support-bot-rag.yaml"))
    after["fix"] = {"kind": "fine_tune", "override_reason": "Latency budget of 300 ms",
                    "rationale": "Tune for the catalogue's style"}
    after["fine_tune"] = {"method": "lora", "flavor": "instruction",
                          "base_model": "llama-3.1-8b-instruct", "training_examples": 4000,
                          "data_source": "3,000 answered tickets", "data_rights": "ToS",
                          "data_destination": "own GPUs", "regression_eval": "safety set"}
    after["alternatives"][0] = {"kind": "rag", "reason": "Misses the latency budget"}
    keys = section_script(before, after, ["fix"])
    run = Run(tmp_path, before, mode="edit", plan=["fix"])
    outcome = run(keys)
    assert outcome.answers["fine_tune"] == after["fine_tune"]
    assert outcome.answers["alternatives"][0] == after["alternatives"][0]
    assert ("You changed the fix (Retrieval (RAG) -> Fine-tune). These sections depend on it and "
            "come next: Fine-tune details, Alternatives, Cost options." in run.transcript)
    assert "== Fine-tune details ==  section 2 of 4; next: Alternatives, Cost options" \
        in run.transcript
    assert "== Cost options ==  section 4 of 4; the last section" in run.transcript
    assert load_draft(run.draft_path).plan == ["fix", "fine_tune", "alternatives", "options"]


def test_a_fix_that_no_longer_needs_fine_tune_details_drops_them(tmp_path: Path) -> None:
    before = sample("medical-ner-lora.yaml")
    after = copy.deepcopy(before)
    after["fix"] = {"kind": "few_shot", "override_reason": "No GPU budget this year",
                    "rationale": before["fix"]["rationale"]}
    del after["fine_tune"]
    run = Run(tmp_path, before, mode="edit", plan=["fix"])
    outcome = run(section_script(before, after, ["fix"]))
    assert "fine_tune" not in outcome.answers
    assert ("Fine-tune details no longer applies (only for a fine-tune or retrieval plus a "
            "fine-tune): its answers are removed." in run.transcript)


def test_a_list_entry_can_be_kept_changed_or_removed(tmp_path: Path) -> None:
    before = sample("support-bot-rag.yaml")
    keys = [pick(KEEP), pick(CHANGE), pick(FIX["few_shot"]), text("Examples fix tone only"),
            NO]
    run = Run(tmp_path, before, mode="edit", plan=["alternatives"])
    outcome = run(keys)
    assert outcome.answers["alternatives"] == [
        before["alternatives"][0], {"kind": "few_shot", "reason": "Examples fix tone only"}]
    run = Run(tmp_path, before, mode="edit", plan=["alternatives"])
    outcome = run([pick(3), pick(KEEP), NO])  # remove the first, keep the other
    assert outcome.answers["alternatives"] == before["alternatives"][1:]


def _too_long(fmt: str) -> Fit:
    return Fit(fmt, False, "does not fit on one page even at the smallest type (it needs "
                           "about 1.3 pages); cut about 120 words. Longest: Decision (410 "
                           "words), Costs (120 words)", {"Decision": 410, "Costs": 120,
                                                         "Problem": 40})


def test_review_shows_the_one_page_fit_and_the_sections_to_shorten(tmp_path: Path) -> None:
    measured: list[list[str]] = []

    def measure(memo: Any, formats: list[str]) -> dict[str, Fit]:
        measured.append(list(formats))
        return {"md": Fit("md", True, "no page limit", data=b"# memo"),
                "pdf": _too_long("pdf")}

    answers = sample("support-bot-rag.yaml")
    run = Run(tmp_path, answers, mode="edit", plan=[], formats=["md", "pdf"], measure=measure)
    with watching([CTRL_C]) as screen, pytest.raises(Interrupted):
        run.session().run()
    assert "  PDF: does not fit on one page even at the smallest type" in run.transcript
    assert "  Markdown: no page limit" in run.transcript
    shown = screen.text
    assert "Save and finish: write memo.yaml and Markdown (PDF skipped: see above)" in shown
    assert "Fix: complete; longest in PDF: Decision, 410 words" in shown
    assert "Cost options: complete; longest in PDF: Costs, 120 words" in shown
    # a section with a small share of the text is not sent to be shortened
    assert "Problem: complete" in shown and "Problem: complete; longest" not in shown
    # finish anyway: the outcome carries the measured renderings, measured once
    run = Run(tmp_path, answers, mode="edit", plan=[], formats=["md", "pdf"], measure=measure)
    measured.clear()
    outcome = run([ENTER])
    assert outcome.formats == ["md", "pdf"] and measured == [["md", "pdf"]]
    assert outcome.fits["pdf"].too_long and outcome.fits["md"].data == b"# memo"


def test_going_back_to_shorten_measures_again(tmp_path: Path) -> None:
    answers = sample("support-bot-rag.yaml")
    long_rationale = answers["fix"]["rationale"] + " More words." * 40

    def measure(memo: Any, formats: list[str]) -> dict[str, Fit]:
        long = len(memo.fix.rationale) > 600
        return {"pdf": _too_long("pdf") if long else Fit("pdf", True, "fits on one page",
                                                         data=b"%PDF")}

    answers["fix"]["rationale"] = long_rationale
    # menu: finish 1, formats 2, problem 3, triage 4, fix 5
    keys = [pick(5), ENTER, ENTER, text("Retrieval serves this week's facts.")]
    run = Run(tmp_path, answers, mode="edit", plan=[], formats=["pdf"], measure=measure)
    outcome = run([*keys, ENTER])
    assert outcome.answers["fix"]["rationale"] == "Retrieval serves this week's facts."
    assert outcome.fits["pdf"].ok and outcome.fits["pdf"].data == b"%PDF"
    assert run.transcript.count("One page, as the renderer measures it:") == 2


def test_formats_are_chosen_before_the_review_and_can_change(tmp_path: Path) -> None:
    keys = [*SUPPORT_BOT[:-2], DOWN + DOWN + SPACE + ENTER,  # Markdown and PDF
            pick(2), SPACE + ENTER,  # formats again: untick Markdown
            ENTER]
    outcome = Run(tmp_path)(keys)
    assert outcome.formats == ["pdf"]


def test_seeded_answers_are_suggestions_replaced_by_typing(tmp_path: Path) -> None:
    """`memo new --from`: another memo's answers are shown, Enter keeps them and typing
    replaces them (no sample text glued to a new answer)."""
    start = sample("support-bot-rag.yaml")
    run = Run(tmp_path, start, seeded=True)
    with pytest.raises(Interrupted):
        run(["Summarise invoices" + ENTER, ENTER])
    problem = load_draft(run.draft_path).answers["problem"]
    assert problem == {"task": "Summarise invoices", "failure": start["problem"]["failure"]}


def test_from_another_memo_types_through(tmp_path: Path) -> None:
    from memo.questions import from_other_memo

    target = sample("medical-ner-lora.yaml")
    start_from = from_other_memo(sample("support-bot-rag.yaml"))
    target["date"] = start_from["date"]
    run = Run(tmp_path, start_from, seeded=True)
    outcome = run(script_for(target, start_from))
    assert comparable(Memo.model_validate(outcome.answers)) == comparable(
        Memo.model_validate(target))


def test_watch_snapshot_survives_a_resume(tmp_path: Path) -> None:
    """Interrupted after the fix changed: the resumed walk still asks the dependents."""
    before = sample("support-bot-rag.yaml")
    run = Run(tmp_path, before, mode="edit", plan=["fix"])
    keys = [pick(FIX["fine_tune"]), text("Latency budget")]
    with pytest.raises(Interrupted):
        run(keys)  # stops at fix.also
    draft = load_draft(run.draft_path)
    assert draft.watch == watched(before)
    with pytest.raises(Interrupted):
        run([ENTER, text("Tune it")], resume=True)  # also, rationale; then the dependents
    assert load_draft(run.draft_path).plan == ["fix", "fine_tune", "alternatives", "options"]
    assert load_draft(run.draft_path).next == "fine_tune.method#0"
