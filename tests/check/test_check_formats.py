"""Every --format: JSON and SARIF against their schemas, GitHub annotations, text."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from check_helpers import AS_OF, AS_OF_DATE, DATA, Run

from memo.checking import CheckOptions, CheckRun, FileResult, check_paths
from memo.reports import ReportFormat, reporter_for
from memo.reports.github import report as github_report
from memo.rules import Finding, Severity, all_rules

ALL = ("clean", "warn", "error", "broken", "handwritten-complete", "handwritten-partial")


def _schema(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_json_matches_the_spec_schema(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", "--as-of", AS_OF, *(memo_files[n] for n in ALL))
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(_schema("check-output.schema.json")).validate(document)
    by_name = {Path(f["path"]).stem: f for f in document["files"]}
    assert by_name["clean"] == {"path": str(memo_files["clean"]), "findings": [], "ok": True}
    assert by_name["warn"]["ok"] is True
    assert by_name["error"]["ok"] is False
    broken = by_name["broken"]["findings"]
    assert [(f["rule"], f["severity"]) for f in broken] == [("MEMO-INPUT", "error")]
    assert document["errors"] == sum(
        1 for f in document["files"] for x in f["findings"] if x["severity"] == "error")
    assert result.exit_code == 2


def test_json_ok_follows_strict(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", "--strict", "--as-of", AS_OF, memo_files["warn"])
    assert json.loads(result.stdout)["files"][0]["ok"] is False
    assert result.exit_code == 1


def test_the_shipped_sarif_schema_is_the_official_one() -> None:
    schema = _schema("sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert "result" in schema["definitions"] and "reportingDescriptor" in schema["definitions"]


def test_sarif_is_valid_and_complete(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "sarif", "--as-of", AS_OF, *(memo_files[n] for n in ALL))
    log = json.loads(result.stdout)
    validator = jsonschema.Draft4Validator(_schema("sarif-schema-2.1.0.json"),
                                           format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == ["MEMO-INPUT", *(r.id for r in all_rules())]
    for descriptor in rules:  # GitHub shows these on the alert page
        assert descriptor["shortDescription"]["text"]
        assert descriptor["help"]["text"] and descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] in ("error", "warning")
    assert run["results"], "findings become results"
    for entry in run["results"]:
        assert ids[entry["ruleIndex"]] == entry["ruleId"]
        physical = entry["locations"][0]["physicalLocation"]
        assert physical["region"]["startLine"] >= 1
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not physical["artifactLocation"]["uri"].startswith("/")
    levels = {(Path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).stem,
               r["ruleId"], r["level"]) for r in run["results"]}
    assert ("warn", "MEMO-GAP-007", "warning") in levels
    assert ("error", "MEMO-OPS-003", "error") in levels
    assert ("broken", "MEMO-INPUT", "error") in levels
    assert run["invocations"][0]["exitCode"] == result.exit_code == 2


def test_sarif_on_a_clean_memo_has_no_results(run_check: Run,
                                              memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "sarif", "--as-of", AS_OF, memo_files["clean"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["runs"][0]["results"] == []


def test_sarif_paths_outside_the_checkout_become_file_uris(
        memo_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = memo_files["error"].resolve()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    run = check_paths([path], options=CheckOptions())
    log = json.loads(reporter_for(ReportFormat.SARIF)(run, False, False))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].startswith("file:///")
    assert "uriBaseId" not in location["artifactLocation"]


def test_github_annotations(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "github", "--as-of", AS_OF, memo_files["warn"],
                       memo_files["error"])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::warning file=warn.yaml,line=16,title=MEMO-GAP-007 "
                               "warning::the latency_cost question is answered unsure")
    assert lines[1].startswith("::error file=error.yaml,line=60,title=MEMO-OPS-003 error::"
                               "there is no rollback plan (")
    assert lines[-1] == "memo check failed: 2 files, 1 error, 1 warning"
    assert result.exit_code == 1


def test_github_escapes_properties_and_data() -> None:
    finding = Finding("MEMO-OPS-003", Severity.ERROR, "50% done\nnext, line", None, "a: b")
    run = CheckRun([FileResult("we,ird:name.yaml", [finding])])
    first = github_report(run).splitlines()[0]
    assert first == ("::error file=we%2Cird%3Aname.yaml,title=MEMO-OPS-003 error::"
                     "50%25 done%0Anext, line (a: b)")


def test_text_lists_findings_per_file_errors_first(memo_files: dict[str, Path]) -> None:
    warn = Finding("MEMO-GAP-007", Severity.WARNING, "w", "triage", "hw", 16)
    error = Finding("MEMO-OPS-003", Severity.ERROR, "e", "rollback", "he", 60)
    run = check_paths([memo_files["warn"], memo_files["error"], memo_files["clean"]],
                      options=CheckOptions(as_of=AS_OF_DATE))
    text = reporter_for(ReportFormat.TEXT)(run, False, False).splitlines()
    assert text == [
        f"{memo_files['warn']}:16: MEMO-GAP-007 warning the latency_cost question is answered "
        "unsure (Run the measurement that settles the question and answer yes or no.)",
        f"{memo_files['error']}:60: MEMO-OPS-003 error there is no rollback plan (Say how to "
        "go back to today's system and what triggers it.)",
        f"{memo_files['clean']}: ok",
        "3 files checked: 1 error, 1 warning",
    ]
    mixed = reporter_for(ReportFormat.TEXT)(CheckRun([FileResult("m.yaml", [error, warn])]),
                                            False, True)
    assert "\x1b[" in mixed  # coloured when asked (on a terminal)
    assert mixed.index("MEMO-OPS-003") < mixed.index("MEMO-GAP-007")


def test_findings_are_sorted_by_severity(memo_files: dict[str, Path]) -> None:
    run = check_paths([memo_files["handwritten-partial"]], options=CheckOptions())
    severities = [f.severity for f in run.files[0].findings]
    assert severities == sorted(severities, key=lambda s: s != Severity.ERROR)
    assert Severity.WARNING in severities and Severity.ERROR in severities


def test_text_is_plain_when_not_a_terminal(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--as-of", AS_OF, memo_files["error"])
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_format_is_registered(fmt: str) -> None:
    assert callable(reporter_for(ReportFormat(fmt)))

