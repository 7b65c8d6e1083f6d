"""Hand-written Markdown memos: sections found by heading, missing ones reported by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_helpers import AS_OF, Run

from memo.handwritten import SECTIONS, looks_like_memo, parse
from memo.rules import Target, all_rules


def _findings(result) -> list[tuple[str, int]]:
    document = json.loads(result.stdout)
    return [(f["rule"], f["line"]) for file in document["files"] for f in file["findings"]]


def test_complete_handwritten_memo_passes(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--strict", memo_files["handwritten-complete"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("handwritten-complete.md: ok")


def test_partial_memo_reports_each_missing_section(run_check: Run,
                                                  memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", memo_files["handwritten-partial"])
    assert _findings(result) == [
        ("MEMO-DOC-101", 6),   # no decision requested: belongs before "Background"
        ("MEMO-DOC-102", 4),   # "Owner: TBD"
        ("MEMO-DOC-104", 11),  # no diagnosis: before "Solution"
        ("MEMO-DOC-107", 20),  # the "Costs" heading in a code block does not count
        ("MEMO-DOC-108", 20),
        ("MEMO-DOC-110", 20),  # "Risks" holds only TBD
        ("MEMO-DOC-105", 11),  # warnings after errors
        ("MEMO-DOC-109", 20),
    ]
    assert result.exit_code == 1


def test_select_applies_to_handwritten_rules(run_check: Run,
                                             memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", "--select", "MEMO-DOC-107",
                       memo_files["handwritten-partial"])
    assert _findings(result) == [("MEMO-DOC-107", 20)]
    result = run_check("--ignore", "DOC", memo_files["handwritten-partial"])
    assert result.exit_code == 0


def test_front_matter_of_another_tool_keeps_line_numbers(run_check: Run, workdir: Path,
                                                         memo_files: dict[str, Path]) -> None:
    text = memo_files["handwritten-partial"].read_text()
    (workdir / "jekyll.md").write_text("---\nlayout: post\ntitle: A memo\n---\n" + text)
    result = run_check("--format", "json", "jekyll.md")
    expected = _findings(run_check("--format", "json", memo_files["handwritten-partial"]))
    assert _findings(result) == [(rule, line + 4) for rule, line in expected]


def test_rendered_markdown_with_answers_is_checked_as_answers(
        run_check: Run, workdir: Path, memo_files: dict[str, Path]) -> None:
    answers = memo_files["error"].read_text()
    (workdir / "rendered.md").write_text(f"---\n{answers}---\n\n# Title\n\nBody.\n")
    result = run_check("--format", "json", "--as-of", AS_OF, "rendered.md")
    assert _findings(result) == [("MEMO-OPS-003", 61)]  # shifted by the opening fence


def test_every_section_has_one_registered_rule() -> None:
    rules = all_rules(Target.HANDWRITTEN)
    assert [r.id for r in rules] == [f"MEMO-DOC-{n}" for n in range(101, 101 + len(SECTIONS))]
    assert all(r.field is None and "hand-written" in r.title for r in rules)


@pytest.mark.parametrize(("heading", "key"), [
    ("## The ask", "decision_requested"),
    ("## 2. Background & context", "problem"),
    ("### Gap analysis", "diagnosis"),
    ("## Options considered", "tried"),
    ("## Our recommendation", "decision"),
    ("## TCO and break-even", "costs"),
    ("## Success criteria", "evaluation"),
    ("## Retraining and monitoring", "maintenance"),
    ("## Rollback plan", "risks"),
    ("## DRI", "owner"),
])
def test_synonyms(heading: str, key: str) -> None:
    document = parse(f"# Title\n\n{heading}\n\nSome text.\n")
    section = next(s for s in SECTIONS if s.key == key)
    assert document.find(section) is not None


def test_decision_requested_is_not_the_decision() -> None:
    document = parse("## Decision requested\n\nApprove it.\n")
    decision = next(s for s in SECTIONS if s.key == "decision")
    assert document.find(decision) is None


def test_setext_headings_and_labels() -> None:
    document = parse("Title\n=====\n\n**Owner:** Dana\n\nCosts\n-----\n\n$5 a month.\n")
    assert [(h.text, h.level, h.line) for h in document.headings] == [
        ("Title", 1, 1), ("Costs", 2, 6)]
    assert document.labels[0].text == "Owner" and document.labels[0].line == 4


def test_readmes_are_not_memos_but_memos_are() -> None:
    assert not looks_like_memo("# Project\n\n## Install\n\n## Usage\n\n## Problem\n")
    assert looks_like_memo("# X\n\n## Problem\n\n## Costs\n\n## Risks\n")


def test_missing_core_sections_are_errors_and_supporting_ones_warnings() -> None:
    from memo.handwritten import SECTIONS
    from memo.rules import get_rule

    severities = {section.key: get_rule(f"MEMO-DOC-{number}").severity.value
                  for number, section in enumerate(SECTIONS, start=101)}
    assert severities == {
        "decision_requested": "error", "owner": "error", "problem": "error",
        "diagnosis": "error", "tried": "warning", "decision": "error", "costs": "error",
        "evaluation": "error", "maintenance": "warning", "risks": "error"}
