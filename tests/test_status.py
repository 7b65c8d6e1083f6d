"""`memo status`: every transition of the lifecycle, the refusals word for word, and the save.

Each test works on copies of the samples in a temporary folder (the current folder too, so no
config file of the repository applies).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from memo.answers import load
from memo.cli import cli
from memo.model import Status
from memo.portfolio.lifecycle import plan, refusal

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOOD = "support-bot-rag.yaml"  # passes the checklist
NEWER = "ticket-routing-cost.yaml"  # passes too; the newer memo in supersede tests
WEAK = "weak-memo.yaml"  # 14 checklist errors
DECIDED_ON = "2026-11-20"  # after every sample's date, not in the future


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in (GOOD, NEWER, WEAK):
        shutil.copy(SAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["status", *args])
    return result.exit_code, result.stdout, result.stderr


def set_status_line(path: Path, status: str, extra: str = "") -> None:
    """Put a memo in a status by editing the file, as a person would."""
    text = re.sub(r"(?m)^status: .*$", f"status: {status}", path.read_text(encoding="utf-8"))
    path.write_text(text + extra, encoding="utf-8")


def status_of(path: Path) -> tuple[str, str | None, str | None]:
    memo = load(path).memo
    return (memo.status.value, memo.decided.isoformat() if memo.decided else None,
            memo.superseded_by)


# --- the whole table: from each status to each status ------------------------------------

ALLOWED = {
    ("draft", "proposed"), ("draft", "accepted"), ("draft", "rejected"), ("draft", "superseded"),
    ("proposed", "draft"), ("proposed", "accepted"), ("proposed", "rejected"),
    ("proposed", "superseded"),
    ("accepted", "superseded"),
    ("rejected", "draft"), ("rejected", "proposed"), ("rejected", "accepted"),
}
ACCEPTED_BACK = ("memo: error: {path}: status: the memo is accepted; an accepted decision is "
                 "not turned back into a {noun}\n"
                 "  hint: when it no longer holds, supersede it: memo status FILE superseded "
                 "--by NEWER\n")
SUPERSEDED_STAYS = ("memo: error: {path}: status: the memo is superseded by "
                    "ticket-routing-cost.yaml; a superseded memo stays superseded\n"
                    "  hint: write a newer memo for a new decision; to undo a mistake, edit "
                    "`status` in the file\n")
REFUSED = {
    ("accepted", "draft"): ACCEPTED_BACK.replace("{noun}", "draft"),
    ("accepted", "proposed"): ACCEPTED_BACK.replace("{noun}", "proposal"),
    ("accepted", "rejected"): ACCEPTED_BACK.replace("{noun}", "rejection"),
    ("rejected", "superseded"): (
        "memo: error: {path}: status: the memo is rejected; a rejected memo was never in "
        "force, so nothing supersedes it\n"
        "  hint: leave it rejected, or reopen it: memo status FILE proposed\n"),
    ("superseded", "draft"): SUPERSEDED_STAYS,
    ("superseded", "proposed"): SUPERSEDED_STAYS,
    ("superseded", "accepted"): SUPERSEDED_STAYS,
    ("superseded", "rejected"): SUPERSEDED_STAYS,
}
STATUSES = [s.value for s in Status]


def _start(path: Path, status: str) -> None:
    extra = ""
    if status in ("accepted", "rejected"):
        extra = "decided: 2026-11-15\n"
    if status == "superseded":
        extra = f"superseded_by: {NEWER}\ndecided: 2026-11-15\n"
    set_status_line(path, status, extra)


@pytest.mark.parametrize("before", STATUSES)
@pytest.mark.parametrize("after", STATUSES)
def test_every_transition(folder: Path, before: str, after: str) -> None:
    memo = folder / GOOD
    _start(memo, before)
    original = memo.read_bytes()
    args = [GOOD, after]
    if after == "superseded":
        args += ["--by", NEWER]
    if after in ("accepted", "rejected", "superseded"):
        args += ["--date", DECIDED_ON]
    code, out, err = run(*args)
    if (before, after) in REFUSED:
        assert (code, out, err) == (2, "", REFUSED[(before, after)].format(path=GOOD))
        assert memo.read_bytes() == original
    elif before == after:
        assert (code, out) == (0, "")
        assert err == f"{GOOD} is already {after}; nothing changed\n"
        assert memo.read_bytes() == original
    else:
        assert (before, after) in ALLOWED
        assert code == 0, err
        decided = DECIDED_ON if after in ("accepted", "rejected", "superseded") else None
        by = NEWER if after == "superseded" else None
        assert status_of(memo) == (after, decided, by)
        said = f"{GOOD}: {before} -> {after}"
        if decided:
            said += f" (decided {decided})"
        if by:
            said += f"; superseded by {by}"
        lines = [said]
        if by:  # the newer memo is still proposed
            lines.append(f"memo: warning: the newer memo {NEWER} is still proposed; accept it "
                         f"too: memo status {NEWER} accepted")
        assert err == "\n".join(lines) + "\n"


def test_the_table_of_transitions_is_complete() -> None:
    pairs = {(a, b) for a in STATUSES for b in STATUSES if a != b}
    assert pairs == ALLOWED | set(REFUSED)
    assert not ALLOWED & set(REFUSED)
    for before, after in pairs:
        refused = refusal(Status(before), Status(after)) is not None
        assert refused == ((before, after) in REFUSED), (before, after)


# --- what is written ----------------------------------------------------------------------


def test_accepting_changes_one_line_and_adds_decided_keeping_everything_else(folder: Path
                                                                              ) -> None:
    memo = folder / GOOD
    text = memo.read_text(encoding="utf-8").replace(
        "status: proposed", "status: proposed   # moved on at the review meeting")
    text = "# Support bot memo: the team's copy\n" + text
    memo.write_text(text, encoding="utf-8")
    assert run(GOOD, "accepted", "--date", DECIDED_ON)[0] == 0
    after = memo.read_text(encoding="utf-8")
    expected = text.replace("status: proposed   #", "status: accepted   #") \
        + f"decided: {DECIDED_ON}\n"
    assert after == expected  # comments, order, quoting and wrapping untouched
    assert not (folder / f"{GOOD}.bak").exists()


def test_superseding_records_the_newer_memo_relative_to_the_older_one(folder: Path) -> None:
    (folder / "2027").mkdir()
    shutil.move(folder / NEWER, folder / "2027" / NEWER)
    set_status_line(folder / "2027" / NEWER, "accepted")
    code, _, err = run(GOOD, "superseded", "--by", f"2027/{NEWER}", "--date", DECIDED_ON)
    assert code == 0, err
    assert err == (f"{GOOD}: proposed -> superseded (decided {DECIDED_ON}); superseded by "
                   f"2027/{NEWER}\n")  # the newer memo is accepted: no warning
    data = yaml.safe_load((folder / GOOD).read_text(encoding="utf-8"))
    assert (data["status"], data["superseded_by"], data["decided"]) == (
        "superseded", f"2027/{NEWER}", dt.date(2026, 11, 20))


def test_the_path_is_recorded_from_the_older_memos_folder_whatever_the_current_one(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "old").mkdir()
    shutil.move(folder / GOOD, folder / "old" / GOOD)
    monkeypatch.chdir(folder / "old")
    assert run(GOOD, "superseded", "--by", f"../{NEWER}", "--date", DECIDED_ON)[0] == 0
    assert status_of(folder / "old" / GOOD)[2] == f"../{NEWER}"


def test_the_decision_date_defaults_to_today(folder: Path) -> None:
    assert run(GOOD, "rejected")[0] == 0
    assert status_of(folder / GOOD) == ("rejected", dt.date.today().isoformat(), None)


def test_reopening_removes_the_decision_date(folder: Path) -> None:
    memo = folder / GOOD
    set_status_line(memo, "rejected", "decided: 2026-11-15\n")
    assert run(GOOD, "proposed") == (0, "", f"{GOOD}: rejected -> proposed\n")
    assert status_of(memo) == ("proposed", None, None)
    assert "decided" not in memo.read_text(encoding="utf-8")


def test_a_new_newer_memo_can_be_named_for_a_superseded_memo(folder: Path) -> None:
    memo = folder / GOOD
    _start(memo, "superseded")
    shutil.copy(SAMPLES / "rag-plus-lora.yaml", folder / "rag-plus-lora.yaml")
    code, _, err = run(GOOD, "superseded", "--by", "rag-plus-lora.yaml", "--date", DECIDED_ON)
    assert code == 0, err
    assert status_of(memo) == ("superseded", DECIDED_ON, "rag-plus-lora.yaml")
    assert run(GOOD, "superseded", "--by", "rag-plus-lora.yaml")[2] == (
        f"{GOOD} is already superseded; nothing changed\n")


# --- refusals -----------------------------------------------------------------------------


def test_accepting_a_memo_with_checklist_errors_is_refused_with_the_findings(folder: Path
                                                                              ) -> None:
    original = (folder / WEAK).read_bytes()
    code, out, err = run(WEAK, "accepted")
    assert code == 1
    assert err == (f"memo: error: {WEAK}: not accepted: the checklist finds 14 errors\n"
                   f"  hint: fix them (memo check {WEAK} lists them), then accept again\n")
    lines = out.splitlines()
    assert lines[0] == (f"{WEAK}:32: MEMO-COST-004 error the prices have no source (Set "
                        "`costs.price_source` (a price page or contract) and "
                        "`costs.price_date`.)")
    assert sum(" error " in line for line in lines) == 14
    assert lines[-1].startswith("1 file checked: 14 errors, ")
    assert (folder / WEAK).read_bytes() == original  # nothing written


def _fresh_memo_with_one_warning(folder: Path) -> Path:
    """A memo that passes with one warning (an unsure triage answer) whatever day it is."""
    data = yaml.safe_load((SAMPLES / GOOD).read_text(encoding="utf-8"))
    today = dt.date.today()
    data["date"] = today - dt.timedelta(days=3)
    data["costs"]["price_date"] = today - dt.timedelta(days=5)
    data["maintenance"]["review_by"] = today + dt.timedelta(days=180)
    data["triage"]["latency_cost_gap"] = "unsure"
    path = folder / "warns.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_warnings_do_not_block_accepting(folder: Path) -> None:
    path = _fresh_memo_with_one_warning(folder)
    assert run(path.name, "accepted")[0] == 0
    assert status_of(path)[0] == "accepted"


def test_a_strict_config_makes_warnings_block_accepting(folder: Path) -> None:
    path = _fresh_memo_with_one_warning(folder)
    (folder / ".memo.toml").write_text("strict = true\n", encoding="utf-8")
    code, out, err = run(path.name, "accepted")
    assert code == 1
    assert err.splitlines()[0] == ("memo: error: warns.yaml: not accepted: the checklist finds "
                                   "0 errors and 1 warning (strict: warnings count)")
    assert "MEMO-GAP-007 warning the latency_cost question is answered unsure" in out
    assert status_of(path)[0] == "proposed"


def test_a_config_that_ignores_rules_applies_to_accepting(folder: Path) -> None:
    (folder / ".memo.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    assert run(WEAK, "accepted", "--date", DECIDED_ON)[0] == 0
    assert status_of(folder / WEAK)[0] == "accepted"


@pytest.mark.parametrize(("args", "message"), [
    ((GOOD, "superseded"),
     "memo: error: --by: superseded needs --by NEWER: the memo that replaces this one\n"
     "  hint: memo status FILE superseded --by NEWER.yaml\n"),
    ((GOOD, "accepted", "--by", NEWER),
     "memo: error: --by: --by names the newer memo; it goes with superseded, not accepted\n"),
    ((GOOD, "proposed", "--date", "2026-11-20"),
     "memo: error: --date: --date is the day of the decision; it goes with accepted, rejected "
     "or superseded, not proposed\n"),
    ((GOOD, "accepted", "--date", "2026-11-01"),
     "memo: error: --date: the decision date 2026-11-01 is before the memo's date 2026-11-09\n"),
    ((GOOD, "superseded", "--by", GOOD),
     "memo: error: --by: --by names this memo itself; name the newer memo that replaces it\n"),
    ((GOOD, "superseded", "--by", "missing.yaml"),
     "memo: error: --by: the newer memo does not load: missing.yaml: no such file\n"
     "  hint: name an answers file or rendered memo that `memo check` reads\n"),
    ((GOOD, "superseded", "--by", "broken.yaml"),
     "memo: error: --by: the newer memo does not load: broken.yaml:3:1: invalid YAML: did not "
     "find expected ',' or ']' (while parsing a flow sequence started on line 2)\n"
     "  hint: name an answers file or rendered memo that `memo check` reads\n"),
    (("notes.md", "accepted"),
     "memo: error: notes.md: memo status changes a .yaml answers file\n"
     "  hint: change the answers file the memo was rendered from, then render it again\n"),
    (("missing.yaml", "accepted"), "memo: error: missing.yaml: no such file\n"),
])
def test_refusals(folder: Path, args: tuple[str, ...], message: str) -> None:
    (folder / "broken.yaml").write_text("schema_version: 1\ntitle: [unclosed\n",
                                        encoding="utf-8")
    (folder / "notes.md").write_text("# Notes\n", encoding="utf-8")
    original = (folder / GOOD).read_bytes()
    assert run(*args) == (2, "", message)
    assert (folder / GOOD).read_bytes() == original


def test_a_decision_date_in_the_future_is_refused(folder: Path) -> None:
    today = dt.date.today()
    future = today + dt.timedelta(days=1)
    assert run(GOOD, "accepted", "--date", future.isoformat()) == (
        2, "", f"memo: error: --date: the decision date {future} is in the future (today is "
               f"{today})\n")


@pytest.mark.parametrize("newer_status", ["rejected", "superseded"])
def test_the_newer_memo_must_be_in_force(folder: Path, newer_status: str) -> None:
    set_status_line(folder / NEWER, newer_status)
    assert run(GOOD, "superseded", "--by", NEWER) == (
        2, "", f"memo: error: --by: the newer memo {NEWER} is {newer_status}; a memo is "
               "superseded by one in force (draft, proposed or accepted)\n")


def test_a_memo_that_does_not_load_is_bad_input(folder: Path) -> None:
    (folder / "bad.yaml").write_text("schema_version: 1\ntitle: x\nfix: {kind: magic}\n",
                                     encoding="utf-8")
    code, _, err = run("bad.yaml", "accepted")
    assert code == 2
    assert err.startswith("memo: error: bad.yaml:3:7: fix.kind: must be one of ")


def test_an_unknown_status_is_a_usage_error(folder: Path) -> None:
    code, _, err = run(GOOD, "approved")
    assert code == 2
    assert err.splitlines()[-1] == (
        "Error: Invalid value for 'STATUS': 'approved' is not one of 'draft', 'proposed', "
        "'accepted', 'rejected', 'superseded'.")


# --- the pure lifecycle -------------------------------------------------------------------


def test_plan_clears_what_no_longer_applies() -> None:
    memo = load(SAMPLES / GOOD).memo.model_copy(update={
        "status": Status.SUPERSEDED, "superseded_by": "x.yaml",
        "decided": dt.date(2026, 11, 15)})
    with pytest.raises(Exception, match="a superseded memo stays superseded"):
        plan(memo, Status.PROPOSED)
    accepted = memo.model_copy(update={"status": Status.DRAFT, "superseded_by": "x.yaml"})
    result = plan(accepted, Status.ACCEPTED, decided=dt.date(2026, 11, 20))
    assert (result.status, result.superseded_by, result.decided) == (
        Status.ACCEPTED, None, dt.date(2026, 11, 20))
    reopened = plan(result.model_copy(update={"status": Status.REJECTED}), Status.DRAFT)
    assert (reopened.status, reopened.decided) == (Status.DRAFT, None)
