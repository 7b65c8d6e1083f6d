"""`memo list`: one row per memo, in each format, against a folder of memos.

tests/portfolio/memos holds copies of the samples in every status (a supersede chain of
three, one link by path and one by title, one to a memo that is not there), an overdue
review, a memo failing the checklist, a file that cannot be read, a hand-written memo and a
README that is not a memo. Reviews are judged as of AS_OF so the rows do not age.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from memo.cli import cli

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "portfolio"
SAMPLES = ROOT / "samples"
AS_OF = "2027-06-15"

ORDER = [  # memo check's order: sorted by path
    "memos/drafts/broken.yaml", "memos/drafts/weak-memo.yaml",
    "memos/extraction/claims-intake.yaml", "memos/extraction/medical-ner-lora.yaml",
    "memos/extraction/output-format.yaml", "memos/notes/handwritten.md",
    "memos/routing/ticket-routing.yaml", "memos/support/2026-11-support-bot.yaml",
    "memos/support/2027-02-support-bot-v2.yaml", "memos/support/2027-05-support-bot-v3.yaml",
]
BROKEN_ERROR = ("invalid YAML: did not find expected ',' or ']' (while parsing a flow "
                "sequence started on line 2)")


@pytest.fixture(autouse=True)
def in_portfolio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["list", *args])
    return result.exit_code, result.stdout, result.stderr


def listed(*args: str) -> tuple[int, dict]:
    code, out, _ = run("memos", "--as-of", AS_OF, "--format", "json", *args)
    return code, json.loads(out)


def checked(*paths: str) -> dict[str, tuple[int, int]]:
    """What `memo check` counts for each file, with the same day."""
    result = CliRunner().invoke(cli, ["check", *paths, "--as-of", AS_OF, "--format", "json"])
    return {f["path"]: (sum(x["severity"] == "error" for x in f["findings"]),
                        sum(x["severity"] == "warning" for x in f["findings"]))
            for f in json.loads(result.stdout)["files"]}


def test_json_lists_every_memo_found_in_checks_order_with_checks_counts() -> None:
    code, data = listed()
    assert code == 2  # broken.yaml cannot be read: as memo check, exit 2
    assert data["as_of"] == AS_OF
    assert data["count"] == 10
    assert [m["path"] for m in data["memos"]] == ORDER  # README.md is not a memo
    counts = checked("memos")
    assert {m["path"]: (m["errors"], m["warnings"]) for m in data["memos"]} == counts
    assert counts["memos/drafts/weak-memo.yaml"] == (14, 6)


def test_json_row_of_an_accepted_overdue_memo() -> None:
    memo = listed()[1]["memos"][6]
    assert memo == {
        "path": "memos/routing/ticket-routing.yaml", "kind": "answers",
        "title": "Route support tickets with a trimmed, cached prompt on gpt-4o-mini, "
                 "escalating hard tickets to gpt-4o",
        "status": "accepted", "owner": "Hana Kobayashi", "date": "2026-11-18",
        "fix": "model_swap",
        "verdict": {"alternative": "Distilled gpt-4o-mini (fine-tuned)", "verdict": "dominates",
                    "text": "cheaper from the start and stays cheaper",
                    "outcome": "saves $58,093 over 24 months",
                    "tco_difference_usd": -58093.28},
        "tco_usd": 51786.66, "horizon_months": 24, "review_by": "2027-05-31", "overdue": True,
        "decided": "2026-11-25", "errors": 0, "warnings": 1, "superseded_by": None,
        "superseded_by_path": None, "supersedes": [], "error": None, "error_line": None,
    }


def test_supersede_links_are_resolved_both_ways_by_path_and_by_title() -> None:
    memos = {m["path"]: m for m in listed()[1]["memos"]}
    first = memos["memos/support/2026-11-support-bot.yaml"]
    second = memos["memos/support/2027-02-support-bot-v2.yaml"]
    third = memos["memos/support/2027-05-support-bot-v3.yaml"]
    assert (first["superseded_by"], first["superseded_by_path"], first["supersedes"]) == (
        "2027-02-support-bot-v2.yaml", "memos/support/2027-02-support-bot-v2.yaml", [])
    assert (second["superseded_by"], second["superseded_by_path"], second["supersedes"]) == (
        "Support bot v3: retrieval with a reranker",  # a title, not a path
        "memos/support/2027-05-support-bot-v3.yaml",
        ["memos/support/2026-11-support-bot.yaml"])
    assert (third["superseded_by"], third["superseded_by_path"], third["supersedes"]) == (
        None, None, ["memos/support/2027-02-support-bot-v2.yaml"])
    missing = memos["memos/extraction/claims-intake.yaml"]
    assert (missing["superseded_by"], missing["superseded_by_path"]) == (
        "claims-intake-v2.yaml", None)


def test_rows_of_files_without_a_lifecycle() -> None:
    memos = {m["path"]: m for m in listed()[1]["memos"]}
    broken = memos["memos/drafts/broken.yaml"]
    assert (broken["kind"], broken["title"], broken["status"], broken["errors"],
            broken["error"], broken["error_line"]) == ("answers", None, None, 1, BROKEN_ERROR, 3)
    hand = memos["memos/notes/handwritten.md"]
    assert (hand["kind"], hand["title"], hand["status"], hand["error"]) == (
        "handwritten", "Why the support bot needs a fine-tune", None, None)


def test_a_rejected_memo_past_its_review_date_is_not_overdue() -> None:
    memos = {m["path"]: m for m in listed()[1]["memos"]}
    rejected = memos["memos/extraction/output-format.yaml"]
    assert (rejected["status"], rejected["review_by"], rejected["overdue"]) == (
        "rejected", "2027-04-30", False)


@pytest.mark.parametrize(("args", "paths"), [
    (("--status", "accepted"), ["memos/drafts/broken.yaml", "memos/routing/ticket-routing.yaml",
                                "memos/support/2027-05-support-bot-v3.yaml"]),
    (("--status", "superseded", "--status", "rejected"),
     ["memos/drafts/broken.yaml", "memos/extraction/claims-intake.yaml",
      "memos/extraction/output-format.yaml", "memos/support/2026-11-support-bot.yaml",
      "memos/support/2027-02-support-bot-v2.yaml"]),
    (("--overdue",), ["memos/drafts/broken.yaml", "memos/routing/ticket-routing.yaml"]),
    (("--overdue", "--status", "proposed"), ["memos/drafts/broken.yaml"]),
    (("--status", "draft"), ["memos/drafts/broken.yaml", "memos/drafts/weak-memo.yaml"]),
])
def test_filters_keep_the_file_that_cannot_be_read(args: tuple[str, ...], paths: list[str]
                                                   ) -> None:
    code, data = listed(*args)
    assert code == 2
    assert [m["path"] for m in data["memos"]] == paths
    assert data["count"] == len(paths)


def test_overdue_depends_on_the_day() -> None:
    code, data = listed("--overdue", "--as-of", "2027-05-31")  # the last --as-of wins
    assert code == 2
    assert [m["path"] for m in data["memos"]] == ["memos/drafts/broken.yaml"]
    _, data = listed("--overdue", "--as-of", "2027-12-01")
    assert [m["path"] for m in data["memos"]] == [
        "memos/drafts/broken.yaml", "memos/extraction/medical-ner-lora.yaml",
        "memos/routing/ticket-routing.yaml", "memos/support/2027-05-support-bot-v3.yaml"]


def test_table() -> None:
    code, out, err = run("memos", "--as-of", AS_OF)
    assert (code, err) == (2, "")
    lines = out.splitlines()
    assert lines[0].split() == ["PATH", "TITLE", "STATUS", "OWNER", "FIX", "BREAK-EVEN", "TCO",
                                "REVIEW", "BY", "ERR", "WARN", "SUPERSEDED", "BY"]
    rows = {line.split()[0]: line for line in lines[1:-1]}
    assert list(rows) == ORDER
    routing = rows["memos/routing/ticket-routing.yaml"]
    assert routing.split("  ")[0] == "memos/routing/ticket-routing.yaml"
    for cell in ("Route support tickets with a trimmed, cache…", "accepted", "Hana Kobayashi",
                 "model_swap", "from the start", "$51,787 / 24 mo", "2027-05-31 OVERDUE"):
        assert f"  {cell}  " in routing, cell
    assert routing.endswith("2027-05-31 OVERDUE    0     1")
    assert "  cannot read (line 3): invalid YAML: did not…  ?  " in \
        rows["memos/drafts/broken.yaml"]
    assert rows["memos/extraction/claims-intake.yaml"].endswith(
        "0     0  claims-intake-v2.yaml (not foun…")
    assert rows["memos/support/2026-11-support-bot.yaml"].endswith(
        "0     0  2027-02-support-bot-v2.yaml")
    assert "  month 20  " in rows["memos/extraction/medical-ner-lora.yaml"]
    assert "  never  " in rows["memos/drafts/weak-memo.yaml"]
    assert "  -  " in rows["memos/notes/handwritten.md"]  # no status: hand-written
    assert lines[-1] == ("9 memos; 1 overdue for review (as of 2027-06-15); 2 with checklist "
                         "errors; 1 unreadable")
    # Columns line up: each cell starts under its header.
    assert routing.index("  accepted  ") + 2 == lines[0].index("STATUS")
    assert routing.index("  2027-05-31 OVERDUE") + 2 == lines[0].index("REVIEW BY")


def test_csv() -> None:
    code, out, _ = run("memos", "--as-of", AS_OF, "--format", "csv")
    assert code == 2
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["path"] for r in rows] == ORDER
    assert list(rows[0]) == ["path", "title", "status", "owner", "fix", "alternative",
                             "verdict", "verdict_text", "tco_usd", "horizon_months",
                             "review_by", "overdue", "decided", "errors", "warnings",
                             "superseded_by", "supersedes", "error", "error_line"]
    assert rows[6] == {
        "path": "memos/routing/ticket-routing.yaml",
        "title": "Route support tickets with a trimmed, cached prompt on gpt-4o-mini, "
                 "escalating hard tickets to gpt-4o",
        "status": "accepted", "owner": "Hana Kobayashi", "fix": "model_swap",
        "alternative": "Distilled gpt-4o-mini (fine-tuned)", "verdict": "dominates",
        "verdict_text": "cheaper from the start and stays cheaper", "tco_usd": "51786.66",
        "horizon_months": "24", "review_by": "2027-05-31", "overdue": "yes",
        "decided": "2026-11-25", "errors": "0", "warnings": "1", "superseded_by": "",
        "supersedes": "", "error": "", "error_line": ""}
    assert rows[9]["supersedes"] == "memos/support/2027-02-support-bot-v2.yaml"
    assert (rows[0]["error"], rows[0]["error_line"]) == (BROKEN_ERROR, "3")


def test_the_samples_folder_in_each_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """Against the shipped samples: the rows agree with `memo check` and `memo cost`."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["list", "samples", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    names = sorted(p.name for p in SAMPLES.glob("*.yaml"))
    assert [m["path"] for m in data["memos"]] == [f"samples/{n}" for n in names]
    today = data["as_of"]
    check = CliRunner().invoke(cli, ["check", "samples", "--as-of", today, "--format", "json"])
    assert {m["path"]: (m["errors"], m["warnings"]) for m in data["memos"]} == {
        f["path"]: (sum(x["severity"] == "error" for x in f["findings"]),
                    sum(x["severity"] == "warning" for x in f["findings"]))
        for f in json.loads(check.stdout)["files"]}
    for memo in data["memos"]:
        source = yaml.safe_load((ROOT / memo["path"]).read_text(encoding="utf-8"))
        assert (memo["title"], memo["status"], memo["owner"]) == (
            source["title"], source["status"], source["owner"])
        cost = json.loads(CliRunner().invoke(cli, ["cost", memo["path"], "--json"]).stdout)
        chosen = next(o for o in cost["options"] if o["chosen"])
        assert memo["tco_usd"] == round(chosen["tco_usd"], 2)
        # The strongest alternative: the one the chosen option compares worst against.
        strongest = max(cost["break_even"], key=lambda b: round(b["tco_difference_usd"] * 100))
        assert memo["verdict"]["alternative"] == strongest["alternative"]
        assert memo["verdict"]["verdict"] == strongest["verdict"]
        assert memo["verdict"]["tco_difference_usd"] == round(strongest["tco_difference_usd"], 2)
    table = CliRunner().invoke(cli, ["list", "samples"])
    assert table.exit_code == 0
    assert len(table.stdout.splitlines()) == len(names) + 2
    csv_out = CliRunner().invoke(cli, ["list", "samples", "--format", "csv"])
    assert [r["path"] for r in csv.DictReader(io.StringIO(csv_out.stdout))] == [
        f"samples/{n}" for n in names]


def test_the_current_folder_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLES / "support-bot-rag.yaml", tmp_path / "a.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--format", "json")
    assert code == 0
    assert [m["path"] for m in json.loads(out)["memos"]] == ["a.yaml"]


def test_no_memo_found(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Not a memo\n", encoding="utf-8")
    assert run(str(tmp_path)) == (
        2, "", f"memo: error: PATH: no memo files found in {tmp_path}\n"
               "  hint: name answers files (.yaml), rendered memos (.md/.docx/.pdf) or folders "
               "of them\n")


def test_hostile_text_is_neutralised_in_every_format(tmp_path: Path) -> None:
    # Formulas in cells; a bidi override in the file name (values refuse bidi controls).
    data = yaml.safe_load((SAMPLES / "support-bot-rag.yaml").read_text(encoding="utf-8"))
    data["title"] = "=HYPERLINK(\"http://evil.example\") gnp.exe"
    data["owner"] = "@SUM(A1)"
    name = "evil\u202eexe.yaml"
    (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(str(tmp_path), "--format", "csv")
    assert code == 0
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["title"] == "'=HYPERLINK(\"http://evil.example\") gnp.exe"
    assert row["owner"] == "'@SUM(A1)"
    code, out, _ = run(str(tmp_path), "--format", "json")
    assert "\\u202e" in out and "\u202e" not in out
    assert json.loads(out)["memos"][0]["path"] == str(tmp_path / name)  # the data is unchanged
    code, out, _ = run(str(tmp_path))
    assert "\u202e" not in out and "evil\\u202eexe.yaml" in out


def test_memo_list_imports_no_heavy_library() -> None:
    probe = ("import json, sys\nfrom memo.cli import main\ncode = main(sys.argv[1:])\n"
             "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'docx', "
             "'questionary', 'jinja2', 'pypdf', 'ruamel', 'rich', 'matplotlib'})\n"
             "print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)\n")
    for fmt in ("table", "json", "csv"):
        result = subprocess.run([sys.executable, "-c", probe, "list", "memos", "--format", fmt,
                                 "--as-of", AS_OF], cwd=HERE, capture_output=True, text=True,
                                timeout=60, check=False)
        assert json.loads(result.stderr.strip().splitlines()[-1]) == {"code": 2, "heavy": []}


def test_a_folder_written_by_memo_site_is_left_out(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Its pages carry the memos' answers: listed, each memo would appear three times."""
    shutil.copy(SAMPLES / "support-bot-rag.yaml", tmp_path / "a.yaml")
    monkeypatch.chdir(tmp_path)
    site = CliRunner().invoke(cli, ["site", ".", "-o", "site", "--no-pdf"])
    assert site.exit_code == 0
    assert (tmp_path / "site" / "memos" / "a.html").is_file()
    check = CliRunner().invoke(cli, ["check", ".", "--format", "json"])  # the same walk
    assert [f["path"] for f in json.loads(check.stdout)["files"]] == ["a.yaml"]
    code, out, _ = run(".", "--format", "json")
    assert code == 0
    assert [m["path"] for m in json.loads(out)["memos"]] == ["a.yaml"]
    code, out, _ = run("a.yaml", "site/memos/a.html", "--format", "json")  # named: kept
    assert code == 0
    assert [m["path"] for m in json.loads(out)["memos"]] == ["a.yaml", "site/memos/a.html"]


HANDWRITTEN_FIXTURE = ROOT / "tests" / "check" / "fixtures" / "handwritten-complete.md"


@pytest.mark.parametrize(("owner_lines", "owner"), [
    ("**Owner:** Dana Smith\n", "Dana Smith"),  # a lead-in label, as the checklist reads it
    ("Owner: Dana Smith (ML lead)\n", "Dana Smith (ML lead)"),
    ("## Owner\n\n- *Dana Smith*, ML lead\n", "Dana Smith, ML lead"),  # a heading's text
    ("## Owner\n\n\n", ""),  # an empty section says nothing
])
def test_hand_written_owner_is_read_as_the_checklist_reads_it(
        tmp_path: Path, owner_lines: str, owner: str) -> None:
    text = HANDWRITTEN_FIXTURE.read_text(encoding="utf-8").replace(
        "**Owner:** Sam Okafor\n", owner_lines)
    memo = tmp_path / "notes.md"
    memo.write_text(text, encoding="utf-8")
    code, out, _ = run(str(memo), "--format", "json", "--as-of", AS_OF)
    assert code == 0
    assert json.loads(out)["memos"][0]["owner"] == (owner or None)
    code, out, _ = run(str(memo), "--as-of", AS_OF)
    assert code == 0
    if owner:
        assert f"  {owner[:19]}" in out.splitlines()[1]


def test_hand_written_owner_in_the_portfolio() -> None:
    memos = {m["path"]: m for m in listed()[1]["memos"]}
    assert memos["memos/notes/handwritten.md"]["owner"] == "TBD"  # as written; the check fails it


def test_a_path_that_does_not_exist_is_unreadable_not_a_failing_memo() -> None:
    code, out, _ = run("nonexist", "memos/notes/handwritten.md", "--as-of", AS_OF)
    assert code == 2
    lines = out.splitlines()
    assert lines[1].startswith("nonexist  ") and "  cannot read: no such file  " in lines[1]
    assert lines[-1] == ("1 memo; 0 overdue for review (as of 2027-06-15); 1 with checklist "
                         "errors; 1 unreadable")
    code, out, _ = run("nonexist", "--as-of", AS_OF)
    assert code == 2
    assert out.splitlines()[-1] == ("0 memos; 0 overdue for review (as of 2027-06-15); 0 with "
                                    "checklist errors; 1 unreadable")
