"""The questionnaire in a pseudo-terminal, start to finish, as a lead at a keyboard uses it."""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import pytest
from prompt_driver import CTRL_U, DOWN, ENTER, SPACE, Typist, section_script, text
from pty_terminal import Terminal

from memo.answers import load, to_data
from memo.questions import SECTION_IDS

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MEMO = [str(Path(sys.executable).with_name("memo"))]

pytestmark = pytest.mark.slow


def type_all(terminal: Terminal, keys: list[str]) -> None:
    for keys_of_one_prompt in keys:
        terminal.settle(prompt=True)
        terminal.type(keys_of_one_prompt)


def test_a_latency_cost_memo_from_scratch_with_markdown_and_pdf(tmp_path: Path) -> None:
    """`memo new`, every answer typed: progress on every prompt, examples of the case as
    placeholders, a refused number answered next to its prompt, numbers typed as people
    type them, and at the end Markdown and a one-page PDF."""
    expected = to_data(load(SAMPLES / "ticket-routing-cost.yaml").memo)
    keys = Typist(expected).walk(SECTION_IDS).keys
    volume = keys.index(text("2400000"))
    keys[volume:volume + 1] = [CTRL_U + "lots" + ENTER, CTRL_U + "2.4M" + ENTER]
    # the first option's name typed straight over the suggested "Model swap", no Ctrl-U
    name = expected["costs"]["options"][0]["name"]
    keys[keys.index(text(name))] = name + ENTER
    keys += [DOWN + DOWN + SPACE + ENTER,  # formats: Markdown (ticked) and PDF
             ENTER]  # save and finish
    terminal = Terminal([*MEMO, "new", "-o", "memo.yaml"], cwd=tmp_path)
    type_all(terminal, keys)
    code = terminal.finish()
    shown = terminal.text
    assert code == 0, shown[-3000:]
    assert load(tmp_path / "memo.yaml").memo == load(SAMPLES / "ticket-routing-cost.yaml").memo
    assert "requests_per_month: 2400000\n" in (tmp_path / "memo.yaml").read_text("utf-8")
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "memo.pdf").pages) == 1
    assert (tmp_path / "memo.md").is_file() and not (tmp_path / "memo.draft.yaml").exists()
    # where you are, on every screen
    assert "[1/12] What must the LLM feature do?" in shown
    assert "== Cover ==  section 12 of 12; the last section; then the review" in shown
    # examples that fit a latency/cost case, as placeholders
    assert "e.g. model cost per 1,000 invoices (USD)" in shown
    assert "e.g. 2.4M" in shown
    # the refused answer's message is drawn on the row under the prompt, not at the bottom
    drawn = re.search(rb"lots(?:\x1b\[[0-9;]*m|\x1b\[K)*\r*\n(?:\x1b\[[0-9;]*m)*"
                      rb"expected a number, got 'lots'", terminal.raw)
    assert drawn, terminal.raw[-2000:]
    assert "One page, as the renderer measures it:" in shown and "PDF: fits on one page" in shown


def test_a_pdf_that_overflows_is_skipped_in_a_terminal(tmp_path: Path) -> None:
    """The finish with one format too long: Markdown written, the answers saved, exit 3, and
    the menu pointed at the section to shorten."""
    from memo.answers import dump_yaml

    data = to_data(load(SAMPLES / "support-bot-rag.yaml").memo)
    data["fix"]["rationale"] += (" Retrieval keeps the answers current while the catalogue "
                                 "changes every week, and the prototype already reached "
                                 "ninety percent on the held-out questions.") * 24
    (tmp_path / "memo.yaml").write_text(dump_yaml(data), encoding="utf-8")
    terminal = Terminal([*MEMO, "edit", "memo.yaml"], cwd=tmp_path)
    type_all(terminal, ["2" + ENTER,  # the menu: output formats
                        SPACE + DOWN + DOWN + SPACE + ENTER,  # Markdown and PDF
                        ENTER])  # save and finish
    code = terminal.finish()
    shown = terminal.text
    assert code == 3, shown[-3000:]
    assert "Fix: complete; longest in PDF: Decision" in shown
    assert "Save and finish: write memo.yaml and Markdown (PDF skipped: see above)" in shown
    assert (tmp_path / "memo.md").is_file() and not (tmp_path / "memo.pdf").exists()
    assert load(tmp_path / "memo.yaml").memo.fix.rationale == data["fix"]["rationale"]
    assert "memo.yaml is saved, but pdf could not be written" in shown


def test_one_section_in_a_terminal(tmp_path: Path) -> None:
    """`memo edit --section Costs`: three prompts, then saved with its comments."""
    path = tmp_path / "memo.yaml"
    path.write_text((SAMPLES / "support-bot-rag.yaml").read_text("utf-8"), encoding="utf-8")
    before = to_data(load(path).memo)
    after = copy.deepcopy(before)
    after["costs"]["monthly_growth_pct"] = 5
    keys = section_script(before, after, ["costs"])
    assert len(keys) == 3
    terminal = Terminal([*MEMO, "edit", "memo.yaml", "--section", "Costs"], cwd=tmp_path)
    type_all(terminal, keys)
    code = terminal.finish()
    assert code == 0, terminal.text[-2000:]
    assert load(path).memo.costs.monthly_growth_pct == 5
    asked = set(re.findall(r"\[1/1\] ([^?\n]*\?)", terminal.text))
    assert asked == {"Requests per month?", "Monthly growth in percent?", "Horizon in months?"}
    assert "# managed vector DB" in path.read_text("utf-8")
