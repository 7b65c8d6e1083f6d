"""The answers-file loader and saver: exact, located messages for every kind of bad input.

Every error's ``str()`` is ``file:line:col: field.path: message`` (one line per problem);
file-level problems have no line. Inputs are written inline to tmp_path.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from memo import answers
from memo.answers import atomic_write, load, load_answers_text, save
from memo.errors import InvalidInput, UserError
from memo.model import FixKind, Memo, TriageAnswer

# The smallest file the schema accepts: everything else is the checklist's business.
MINIMAL = """\
schema_version: 1
title: Retrieval for product questions
fix:
  kind: rag
"""

FULL = """\
schema_version: 1
title: "Fine-tune: LoRA for medication extraction # v2"
author: Dana Whitfield
team: Clinical NLP
date: 2026-03-02
decision_requested: |
  Approve three weeks and $9,000.
  Second line: with a colon, a # hash and “quotes”.
owner: Dana Whitfield
status: proposed
problem:
  task: Extract medications from notes.
  failure: "62% exact match on 400 notes"
triage:
  capability_gap: yes
  format_gap: no
  knowledge_gap: unsure
  latency_cost_gap: "no"
  evidence: Best prompt with 8 examples, 64% on 400 notes.
diagnosis: [capability]
tried:
  - approach: prompt
    result: 62% exact match
  - approach: few_shot
    result: 64% exact match
fix:
  kind: fine_tune
  rationale: Only weights add the skill.
  override_reason: "no"
fine_tune:
  method: full
  flavor: instruction
  base_model: "1.10"
  training_examples: 1200
  data_source: 1,200 annotated notes
  full_reason: LoRA reached 71%.
alternatives:
  - kind: few_shot
    reason: Plateaued at 64%.
costs:
  horizon_months: 18
  requests_per_month: 300000
  monthly_growth_pct: 2.5
  options:
    - name: LoRA
      kind: fine_tune
      chosen: true
      input_tokens: 600
      output_tokens: 300
      input_price_per_mtok: 3.75
      output_price_per_mtok: 15
      extra_per_request_usd: 0.0001
      monthly_fixed_usd: 20
      one_time_usd: 8000
      training: {tokens: 2000000, epochs: 3, price_per_mtok: 25}
      retrain_every_months: 6
      retrain_usd: 400
    - name: Few-shot
      kind: few_shot
      input_tokens: 4000
      output_tokens: 300
      input_price_per_mtok: 2.5
      output_price_per_mtok: 10
      training: {gpu_hours: 12, gpu_hour_usd: 3.5}
  price_source: "2026-02-20"
  price_date: 2026-02-20
evaluation:
  metric: exact match
  baseline: 0.64
  target: 0.85
  eval_set: 400 held-out notes
maintenance:
  owner: Clinical NLP team
  retrain_triggers: [base_model_upgrade, data_drift]
  monitoring: Weekly exact match; alert below 0.80.
  review_by: 2026-09-01
risks:
  - risk: "yes"
    mitigation: "true"
rollback: Feature flag back to the prompt.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def error(path: Path) -> UserError:
    with pytest.raises(UserError) as caught:
        load(path)
    return caught.value


def text_error(text: str, name: str = "memo.yaml") -> UserError:
    with pytest.raises(UserError) as caught:
        load_answers_text(text, name)
    return caught.value


# --- what loads -------------------------------------------------------------------------


def test_minimal_file_loads(tmp_path: Path) -> None:
    document = load(write(tmp_path, "memo.yaml", MINIMAL))
    assert document.memo.title == "Retrieval for product questions"
    assert document.memo.fix.kind == FixKind.RAG
    assert document.source.line_of("fix.kind") == 4
    assert document.source.line_of("title") == 2


def test_full_file_loads_with_every_field(tmp_path: Path) -> None:
    memo = load(write(tmp_path, "memo.yaml", FULL)).memo
    assert memo.title == "Fine-tune: LoRA for medication extraction # v2"
    assert memo.decision_requested == ("Approve three weeks and $9,000.\n"
                                       "Second line: with a colon, a # hash and “quotes”.")
    assert memo.date == dt.date(2026, 3, 2)
    assert memo.fine_tune is not None and memo.fine_tune.base_model == "1.10"
    assert memo.fix.override_reason == "no"
    assert memo.costs is not None and memo.costs.price_source == "2026-02-20"
    assert memo.costs.options[1].training is not None
    assert memo.costs.options[1].training.gpu_hours == 12


def test_triage_accepts_bare_yes_no_booleans_and_strings(tmp_path: Path) -> None:
    text = MINIMAL + ("triage:\n  capability_gap: yes\n  format_gap: no\n"
                      "  knowledge_gap: unsure\n  latency_cost_gap: 'Yes'\n")
    triage = load(write(tmp_path, "memo.yaml", text)).memo.triage
    assert triage.capability_gap == TriageAnswer.YES
    assert triage.format_gap == TriageAnswer.NO
    assert triage.knowledge_gap == TriageAnswer.UNSURE
    assert triage.latency_cost_gap == TriageAnswer.YES


def test_triage_answer_outside_the_choices() -> None:
    err = text_error(MINIMAL + "triage:\n  capability_gap: maybe\n")
    assert str(err) == ("memo.yaml:6:3: triage.capability_gap: must be one of 'yes', 'no' or "
                        "'unsure', got 'maybe'")


def test_byte_order_mark_and_crlf_are_accepted(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()
    document = load(write(tmp_path, "memo.yaml", raw))
    assert document.memo.title == "Retrieval for product questions"
    assert document.source.line_of("fix.kind") == 4


# --- YAML features that are refused ----------------------------------------------------


def test_alias_is_refused_at_the_alias() -> None:
    err = text_error("schema_version: 1\ntitle: T\nauthor: *who\nfix:\n  kind: rag\n")
    assert str(err) == "memo.yaml:3:9: author: YAML aliases (*name) are not allowed"
    assert err.hint == "write the value out in full"


def test_anchor_is_refused_before_its_alias_is_reached() -> None:
    err = text_error("schema_version: 1\ntitle: &who T\nauthor: *who\nfix:\n  kind: rag\n")
    assert str(err) == "memo.yaml:2:8: title: YAML anchors (&name) are not allowed"
    assert err.hint == "write the value out in full"


def test_anchor_on_a_mapping() -> None:
    err = text_error("schema_version: 1\ntitle: T\nfix: &f\n  kind: rag\n")
    assert str(err) == "memo.yaml:3:6: fix: YAML anchors (&name) are not allowed"


def test_merge_key_is_refused() -> None:
    err = text_error("schema_version: 1\ntitle: T\nfix:\n  <<: {kind: rag}\n")
    assert str(err) == "memo.yaml:4:3: fix: YAML merge keys (<<) are not allowed"


def test_duplicate_key_reports_the_duplicate_and_the_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", MINIMAL + "author: A\ntitle: Another title\n")
    err = error(path)
    assert str(err) == f"{path}:6:1: title: duplicate key 'title' (first given on line 2)"
    assert err.hint == "keep one of them"
    assert err.field == "title"


def test_duplicate_nested_key() -> None:
    err = text_error("schema_version: 1\ntitle: T\nfix:\n  kind: rag\n  rationale: r\n"
                     "  kind: prompt\n")
    assert str(err) == "memo.yaml:6:3: fix.kind: duplicate key 'kind' (first given on line 4)"


def test_tab_indentation(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", "schema_version: 1\ntitle: T\nfix:\n\tkind: rag\n")
    err = error(path)
    assert str(err) == f"{path}:4:1: invalid YAML: a tab character where YAML expects spaces"
    assert err.hint == "indent with spaces, not tabs"


def test_malformed_flow_sequence(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", "schema_version: 1\ntitle: [T\nfix:\n  kind: rag\n")
    assert str(error(path)) == (f"{path}:3:4: invalid YAML: did not find expected ',' or ']' "
                                "(while parsing a flow sequence started on line 2)")


def test_malformed_indentation() -> None:
    err = text_error("schema_version: 1\ntitle: T\n  author: x\nfix:\n  kind: rag\n")
    assert str(err) == "memo.yaml:3:9: invalid YAML: mapping values are not allowed in this context"


def test_control_character_is_located_on_one_line() -> None:
    # "title: " is 7 characters, é and 中 are the 8th and 9th: the BEL is in column 10,
    # whatever the byte length of the characters before it.
    err = text_error("schema_version: 1\ntitle: é中\x07\nfix:\n  kind: rag\n")
    assert str(err) == ("memo.yaml:2:10: invalid YAML: unacceptable character #x0007: "
                        "control characters are not allowed")


def test_python_tag_is_refused_on_one_line() -> None:
    err = text_error(MINIMAL + "author: !!python/name:os.system x\n")
    assert str(err) == ("memo.yaml:5:9: author: YAML tags like !!python/name:os.system are not "
                        "allowed")
    assert err.hint == ("remove the tag; an answers file holds plain text, numbers, dates and "
                        "lists")


def test_local_tag_is_refused() -> None:
    err = text_error(MINIMAL + "author: !person x\n")
    assert str(err) == "memo.yaml:5:9: author: YAML tags like !person are not allowed"


def test_two_documents_in_one_file() -> None:
    err = text_error(MINIMAL + "---\ntitle: x\n")
    assert str(err) == "memo.yaml:5:1: the file holds more than one YAML document"
    assert err.hint == "keep one memo per file"


def test_a_list_at_the_top() -> None:
    assert str(text_error("- a\n- b\n")) == (
        "memo.yaml:1:1: expected the memo's fields (name: value lines) at the top, got a list")


# --- reading the file ------------------------------------------------------------------


def test_file_over_one_mib(tmp_path: Path) -> None:
    # len(MINIMAL) + 1 ("#") + filler + 1 ("\n") = 1 MiB + 1 byte
    content = MINIMAL + "#" + "x" * (1024 * 1024 - len(MINIMAL) - 1) + "\n"
    path = write(tmp_path, "memo.yaml", content)
    assert str(error(path)) == (f"{path}: file is 1,048,577 bytes; answers files are capped at "
                                "1,048,576 bytes (1 MiB)")


def test_file_of_exactly_one_mib_loads(tmp_path: Path) -> None:
    content = MINIMAL + "#" + "x" * (1024 * 1024 - len(MINIMAL) - 2) + "\n"
    path = write(tmp_path, "memo.yaml", content)
    assert path.stat().st_size == 1024 * 1024
    assert load(path).memo.fix.kind == FixKind.RAG


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", "")
    err = error(path)
    assert str(err) == f"{path}: the file is empty"
    assert err.hint == "start from a sample in samples/ or run `memo new`"


def test_file_with_only_comments_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", "# nothing yet\n\n")
    assert str(error(path)) == f"{path}: the file is empty"


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml",
                 "schema_version: 1\ntitle: Café\nfix:\n  kind: rag\n".encode("latin-1"))
    err = error(path)
    assert str(err) == f"{path}:2:11: not UTF-8 text (byte 0xe9)"
    assert err.hint == "save the file as UTF-8"


def test_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", MINIMAL.encode() + b"\x00\x01")
    assert str(error(path)) == f"{path}: binary file (contains NUL bytes), not a YAML answers file"


def test_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "memo.yaml"
    path.mkdir()
    assert str(error(path)) == f"{path}: is a folder, not an answers file"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert str(error(path)) == f"{path}: no such file"


def test_load_accepts_a_string_path(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yml", MINIMAL)
    assert load(str(path)).memo.title == "Retrieval for product questions"


# --- schema problems -------------------------------------------------------------------


def test_wrong_type_for_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", MINIMAL + "costs:\n  requests_per_month: lots\n")
    err = error(path)
    assert isinstance(err, InvalidInput)
    assert str(err) == f"{path}:6:3: costs.requests_per_month: expected a number, got 'lots'"
    assert [p.field for p in err.problems] == ["costs.requests_per_month"]


def test_wrong_type_for_an_integer() -> None:
    err = text_error(MINIMAL + "fine_tune:\n  training_examples: many\n")
    assert str(err) == ("memo.yaml:6:3: fine_tune.training_examples: must be a whole number, "
                        "got the text 'many'")


def test_number_out_of_range() -> None:
    err = text_error(MINIMAL + "costs:\n  horizon_months: 0\n")
    assert str(err) == "memo.yaml:6:3: costs.horizon_months: must be at least 1, got 0"


def test_infinite_number() -> None:
    err = text_error(MINIMAL + "costs:\n  requests_per_month: .inf\n")
    assert str(err) == "memo.yaml:6:3: costs.requests_per_month: expected a finite number"


@pytest.mark.parametrize(("value", "read_as"), [
    ("012", "10"),      # octal
    ("-012", "-10"),
    ("0x1f", "31"),     # hexadecimal
    ("0b101", "5"),     # binary
    ("1:30", "90"),     # base 60: 1 * 60 + 30
    ("190:20:30.15", "685230.15"),  # 190 * 3600 + 20 * 60 + 30.15
])
def test_yaml_1_1_surprise_numbers_are_refused(value: str, read_as: str) -> None:
    err = text_error(MINIMAL + f"costs:\n  requests_per_month: {value}\n")
    assert str(err) == (f"memo.yaml:6:23: costs.requests_per_month: YAML 1.1 reads {value} "
                        f"as the number {read_as}")
    assert err.hint == "write the number in plain decimal, or put text in quotes"


@pytest.mark.parametrize(("value", "number"), [("0", 0), ("0.5", 0.5), ('"012"', 12)])
def test_plain_and_quoted_numbers_are_read(value: str, number: float) -> None:
    memo = load_answers_text(MINIMAL + f"costs:\n  requests_per_month: {value}\n",
                             "memo.yaml").memo
    assert memo.costs is not None and memo.costs.requests_per_month == number


def test_number_written_with_separators_is_read() -> None:
    memo = load_answers_text(MINIMAL + "costs:\n  requests_per_month: '1_200,000'\n",
                             "memo.yaml").memo
    assert memo.costs is not None and memo.costs.requests_per_month == 1200000.0


def test_a_block_given_as_a_scalar() -> None:
    err = text_error(MINIMAL + "triage: yes\n")
    assert str(err) == ("memo.yaml:5:1: triage: expected a block of fields, got the yes/no "
                        "value true")


def test_choice_outside_the_enum() -> None:
    err = text_error("schema_version: 1\ntitle: T\nfix:\n  kind: finetune\n")
    assert str(err) == ("memo.yaml:4:3: fix.kind: must be one of 'prompt', 'few_shot', "
                        "'structured_output', 'caching', 'model_swap', 'workflow', 'rag', "
                        "'fine_tune' or 'rag_fine_tune', got 'finetune'")


def test_list_item_located_at_the_item() -> None:
    err = text_error(MINIMAL + "diagnosis: [capability, speed]\n")
    assert str(err) == ("memo.yaml:5:25: diagnosis[1]: must be one of 'capability', 'format', "
                        "'knowledge' or 'latency_cost', got 'speed'")


def test_unknown_field_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", MINIMAL + "ownr: Dana\n")
    assert str(error(path)) == f"{path}:5:1: ownr: unknown field (did you mean 'owner'?)"


def test_unknown_nested_field_with_a_suggestion() -> None:
    err = text_error("schema_version: 1\ntitle: T\nfix:\n  kind: rag\n  rationle: x\n")
    assert str(err) == "memo.yaml:5:3: fix.rationle: unknown field (did you mean 'rationale'?)"


def test_unknown_field_in_a_list_item() -> None:
    err = text_error(MINIMAL + "risks:\n  - risk: r\n    mitigaton: m\n")
    assert str(err) == ("memo.yaml:7:5: risks[0].mitigaton: unknown field "
                        "(did you mean 'mitigation'?)")


def test_unknown_field_without_a_close_match() -> None:
    assert str(text_error(MINIMAL + "zzzz: 1\n")) == "memo.yaml:5:1: zzzz: unknown field"


def test_schema_version_2(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", MINIMAL.replace("schema_version: 1", "schema_version: 2"))
    assert str(error(path)) == (f"{path}:1:1: schema_version: unsupported schema_version 2; "
                                "this version of memo reads schema_version 1")


def test_schema_version_missing() -> None:
    err = text_error("title: T\nfix:\n  kind: rag\n")
    assert str(err) == "memo.yaml:1:1: schema_version: required field is missing"


@pytest.mark.parametrize(("value", "message"), [
    ("no", "YAML read this as the boolean false; put the text in quotes"),
    ("yes", "YAML read this as the boolean true; put the text in quotes"),
    ("1.10", "YAML read this as the number 1.1; put the text in quotes"),
    ("42", "YAML read this as the number 42; put the text in quotes"),
    ("2026-01-05", "YAML read this as the date 2026-01-05; put the text in quotes"),
])
def test_title_that_yaml_reads_as_something_else(tmp_path: Path, value: str,
                                                  message: str) -> None:
    path = write(tmp_path, "memo.yaml", MINIMAL.replace("title: Retrieval for product questions",
                                                        f"title: {value}"))
    assert str(error(path)) == f"{path}:2:1: title: {message}"


def test_quoted_title_is_text() -> None:
    memo = load_answers_text(MINIMAL.replace("title: Retrieval for product questions",
                                             'title: "1.10"'), "memo.yaml").memo
    assert memo.title == "1.10"


def test_bad_month(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", MINIMAL + "date: 2026-13-01\n")
    assert str(error(path)) == f"{path}:5:7: date: cannot read '2026-13-01': month must be in 1..12"


def test_bad_day() -> None:
    err = text_error(MINIMAL + "date: 2026-02-30\n")
    assert str(err) == ("memo.yaml:5:7: date: cannot read '2026-02-30': day is out of range "
                        "for month")


def test_date_that_is_not_a_date() -> None:
    err = text_error(MINIMAL + "date: tomorrow\n")
    assert str(err) == ("memo.yaml:5:1: date: expected a date (YYYY-MM-DD), got the text "
                        "'tomorrow'")


def test_missing_required_fix(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml", "schema_version: 1\ntitle: T\n")
    err = error(path)
    assert str(err) == f"{path}:1:1: fix: required field is missing"
    assert isinstance(err, InvalidInput)
    assert err.field == "fix"


def test_missing_nested_field_is_located_at_its_block() -> None:
    err = text_error("schema_version: 1\ntitle: T\nfix:\n  rationale: r\n")
    assert str(err) == "memo.yaml:3:1: fix.kind: required field is missing"


def test_incomplete_training_block() -> None:
    err = text_error(MINIMAL + "costs:\n  options:\n    - name: a\n      kind: rag\n"
                     "      input_tokens: 1\n      output_tokens: 1\n"
                     "      input_price_per_mtok: 1\n      output_price_per_mtok: 1\n"
                     "      training: {gpu_hours: 1}\n")
    assert str(err) == ("memo.yaml:13:7: costs.options[0].training: GPU training also needs "
                        "gpu_hour_usd")


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.yaml",
                 "schema_version: 1\n"
                 "title: no\n"
                 "authr: Dana\n"
                 "costs:\n"
                 "  requests_per_month: lots\n"
                 "  horizon_months: 0\n")
    err = error(path)
    assert isinstance(err, InvalidInput)
    expected = {
        f"{path}:1:1: fix: required field is missing",
        f"{path}:2:1: title: YAML read this as the boolean false; put the text in quotes",
        f"{path}:3:1: authr: unknown field (did you mean 'author'?)",
        f"{path}:5:3: costs.requests_per_month: expected a number, got 'lots'",
        f"{path}:6:3: costs.horizon_months: must be at least 1, got 0",
    }
    lines = str(err).split("\n")
    assert len(lines) == 5
    assert set(lines) == expected
    assert sorted(p.location.line for p in err.problems if p.location) == [1, 2, 3, 5, 6]
    assert err.message == f"5 problem(s) in {path}"


# --- Markdown front matter -------------------------------------------------------------


def test_markdown_front_matter_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.md", "---\n" + MINIMAL + "---\n\n# Retrieval\n\nBody.\n")
    document = load(path)
    assert document.memo.fix.kind == FixKind.RAG
    # title is on line 2 of the YAML and line 3 of the file
    assert document.source.line_of("title") == 3
    assert document.source.line_of("fix.kind") == 5


def test_markdown_front_matter_errors_use_file_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.md", "---\n" + MINIMAL + "ownr: x\n---\n# Body\n")
    assert str(error(path)) == f"{path}:6:1: ownr: unknown field (did you mean 'owner'?)"


def test_markdown_duplicate_key_lines_are_file_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.markdown", "---\n" + MINIMAL + "title: U\n---\n")
    assert str(error(path)) == f"{path}:6:1: title: duplicate key 'title' (first given on line 3)"


def test_markdown_syntax_error_uses_file_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.md",
                 "---\nschema_version: 1\ntitle: T\nfix:\n\tkind: rag\n---\n")
    assert str(error(path)) == (f"{path}:5:1: invalid YAML: a tab character where YAML "
                                "expects spaces")


def test_markdown_front_matter_closed_by_dots(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.md", "---\n" + MINIMAL + "...\n# Body\n")
    assert load(path).memo.title == "Retrieval for product questions"


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.md", "# Just a memo\n")
    err = error(path)
    assert str(err) == f"{path}:1:1: no YAML front matter: a Markdown memo starts with a '---' line"
    assert err.hint == "render the memo with `memo render -f md` to embed its answers"


def test_markdown_front_matter_not_closed(tmp_path: Path) -> None:
    path = write(tmp_path, "memo.md", "---\n" + MINIMAL)
    assert str(error(path)) == f"{path}:1:1: front matter is not closed by a '---' line"


def test_load_answers_text_line_offset() -> None:
    err = text_error_offset(MINIMAL + "ownr: x\n", 10)
    assert str(err) == "memo.yaml:15:1: ownr: unknown field (did you mean 'owner'?)"


def text_error_offset(text: str, offset: int) -> UserError:
    with pytest.raises(UserError) as caught:
        load_answers_text(text, "memo.yaml", offset)
    return caught.value


# --- saving ----------------------------------------------------------------------------


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    original = load(write(tmp_path, "in.yaml", FULL)).memo
    out = save(original, tmp_path / "out.yaml")
    assert out == tmp_path / "out.yaml"
    again = load(out).memo
    assert again == original
    # and a second save writes the same bytes
    second = save(again, tmp_path / "again.yaml")
    assert second.read_bytes() == out.read_bytes()


def test_saved_file_is_readable_yaml(tmp_path: Path) -> None:
    original = load(write(tmp_path, "in.yaml", FULL)).memo
    text = save(original, tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert text.startswith("schema_version: 1\ntitle: ")
    assert "\ndate: 2026-03-02\n" in text  # dates stay bare, as a person writes them
    assert "decision_requested: |" in text  # multi-line text as a literal block
    assert "“quotes”" in text  # unicode written as is


def test_save_minimal_memo_round_trips(tmp_path: Path) -> None:
    memo = Memo.model_validate({"schema_version": 1, "title": "no", "fix": {"kind": "prompt"}})
    again = load(save(memo, tmp_path / "m.yaml")).memo
    assert again == memo
    assert again.title == "no"


def test_atomic_write_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "memo.yaml"
    atomic_write(target, "first\n")
    atomic_write(target, b"second\n")
    assert target.read_text() == "second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.yaml"]


def test_atomic_write_keeps_the_old_file_when_the_write_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "memo.yaml"
    target.write_text("old content\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(answers.os, "replace", broken_replace)
    with pytest.raises(UserError) as caught:
        atomic_write(target, "new content\n")
    assert str(caught.value) == (f"{target}: cannot write the file: No space left on device; "
                                 "the previous version is unchanged")
    assert target.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.yaml"]


def test_atomic_write_failure_on_a_new_file_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_replace(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(answers.os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "memo.yaml", "content\n")
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_backup(tmp_path: Path) -> None:
    target = tmp_path / "memo.yaml"
    target.write_text("old\n")
    atomic_write(target, "new\n", backup=True)
    assert target.read_text() == "new\n"
    assert (tmp_path / "memo.yaml.bak").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.yaml", "memo.yaml.bak"]


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "memo.yaml"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    atomic_write(target, "new\n")
    assert target.stat().st_mode & 0o777 == 0o640


def test_atomic_write_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        atomic_write(tmp_path / "nope" / "memo.yaml", "x")
    assert str(caught.value) == f"{tmp_path / 'nope'}: output folder does not exist"


def test_atomic_write_onto_a_folder(tmp_path: Path) -> None:
    (tmp_path / "memo.yaml").mkdir()
    with pytest.raises(UserError) as caught:
        atomic_write(tmp_path / "memo.yaml", "x")
    assert str(caught.value) == f"{tmp_path / 'memo.yaml'}: is a folder; give a file name"


# --- hostile targets: links, devices, full disks (issue 11) --------------------------------


def test_backup_through_a_planted_link_is_refused(tmp_path: Path) -> None:
    """A repository ships `memo.yaml.bak -> ~/.bashrc`: the next edit must not write there."""
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=/usr/bin\n")
    target = tmp_path / "memo.yaml"
    target.write_text(MINIMAL)
    (tmp_path / "memo.yaml.bak").symlink_to(victim)
    memo = load_answers_text(MINIMAL, "m").memo.model_copy(update={"title": "Changed"})
    with pytest.raises(UserError) as caught:
        save(memo, target, backup=True)
    assert str(caught.value) == (
        f"{tmp_path / 'memo.yaml.bak'}: cannot keep the previous version: the backup is a "
        "symbolic link; memo never writes through a link or replaces one; nothing was changed")
    assert victim.read_text() == "export PATH=/usr/bin\n"
    assert target.read_text() == MINIMAL
    assert os.readlink(tmp_path / "memo.yaml.bak") == str(victim)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bashrc", "memo.yaml", "memo.yaml.bak"]


@pytest.mark.parametrize("make", ["symlink", "fifo", "device"])
def test_a_target_that_is_not_a_regular_file_is_never_replaced(tmp_path: Path, make: str
                                                               ) -> None:
    if make == "device":
        target = Path("/dev/null")
        kind = "a character device, not a regular file; not replaced"
    elif make == "fifo":
        target = tmp_path / "out.md"
        os.mkfifo(target)
        kind = "a FIFO (named pipe), not a regular file; not replaced"
    else:
        target = tmp_path / "out.md"
        (tmp_path / "real.md").write_text("precious\n")
        target.symlink_to(tmp_path / "real.md")
        kind = "a symbolic link; memo never writes through a link or replaces one"
    before = os.lstat(target)
    with pytest.raises(UserError) as caught:
        atomic_write(target, "new\n")
    assert str(caught.value) == f"{target}: is {kind}"
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode, before.st_ino, before.st_rdev)
    if make == "symlink":
        assert (tmp_path / "real.md").read_text() == "precious\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_while_writing_the_backup_keeps_the_previous_backup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup is written to a temporary file and renamed: ENOSPC part-way leaves the
    previous backup whole (it used to be truncated while memo said nothing changed)."""
    from memo import files

    target = tmp_path / "memo.yaml"
    target.write_text("current\n")
    (tmp_path / "memo.yaml.bak").write_text("previous backup\n")
    real_fill = files._fill

    def full_disk(fd: int, data: bytes) -> None:
        if data == b"current\n":  # the backup's copy: the disk fills up half-way
            os.write(fd, data[:3])
            os.close(fd)
            raise OSError(28, "No space left on device")
        real_fill(fd, data)

    monkeypatch.setattr(files, "_fill", full_disk)
    with pytest.raises(UserError) as caught:
        atomic_write(target, "new\n", backup=True)
    assert str(caught.value) == (f"{tmp_path / 'memo.yaml.bak'}: cannot keep the previous "
                                 "version: No space left on device; nothing was changed")
    assert (tmp_path / "memo.yaml.bak").read_text() == "previous backup\n"
    assert target.read_text() == "current\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.yaml", "memo.yaml.bak"]


def test_a_real_write_limit_keeps_the_file_and_its_backup(tmp_path: Path) -> None:
    """The kernel refuses the write (RLIMIT_FSIZE, as a full disk would): in a child, so the
    limit does not reach the test run. Nothing changes and the message says so."""
    import signal

    target = tmp_path / "memo.yaml"
    target.write_text("current\n")
    (tmp_path / "memo.yaml.bak").write_text("previous backup\n")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        message = b"no error"
        try:
            import resource

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
            atomic_write(target, "x" * 100_000, backup=True)
        except UserError as error:
            message = str(error).encode()
        finally:
            os.write(write_end, message)
            os._exit(0)
    os.close(write_end)
    message = os.read(read_end, 4096).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    assert message == (f"{target}: cannot write the file: File too large; the previous "
                       "version is unchanged")
    assert target.read_text() == "current\n"
    assert (tmp_path / "memo.yaml.bak").read_text() == "previous backup\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.yaml", "memo.yaml.bak"]


# --- saving over an existing file keeps what the user wrote -------------------------------


COMMENTED = """\
# Our memo: keep this header.
schema_version: 1
title: Retrieval for product questions   # short on purpose
fix:
  rationale: |
    The facts change weekly.
  kind: rag        # decided on 2026-03-01
costs:
  requests_per_month: 40_000
  options:
    - name: RAG
      kind: rag
      chosen: true
      input_tokens: 2400   # incl. retrieved chunks
      output_tokens: 300
      input_price_per_mtok: 0.15
      output_price_per_mtok: 0.60
triage:
  capability_gap: no
  knowledge_gap: yes
"""


def test_save_over_an_answers_file_keeps_comments_and_key_order(tmp_path: Path) -> None:
    target = tmp_path / "memo.yaml"
    target.write_text(COMMENTED)
    memo = load(target).memo
    changed = memo.model_copy(update={
        "title": "no",  # YAML 1.1 would read a bare no as false: it must be quoted
        "rollback": "Switch the flag off.",
    })
    save(changed, target, backup=True)
    # The comment keeps its column; the new key goes after its predecessor in memo's order.
    assert target.read_text() == COMMENTED.replace(
        "title: Retrieval for product questions   # short on purpose",
        "title: 'no'                              # short on purpose").replace(
        "triage:\n", "rollback: Switch the flag off.\ntriage:\n")
    assert load(target).memo == changed
    assert (tmp_path / "memo.yaml.bak").read_text() == COMMENTED


def test_save_changes_only_the_changed_values(tmp_path: Path) -> None:
    target = tmp_path / "memo.yaml"
    target.write_text(COMMENTED)
    memo = load(target).memo
    assert memo.costs is not None
    costs = memo.costs.model_copy(update={"requests_per_month": 50000.0})
    save(memo.model_copy(update={"costs": costs}), target)
    assert target.read_text() == COMMENTED.replace("40_000", "50000")


def test_save_over_a_file_that_is_not_an_answers_file_writes_it_fresh(tmp_path: Path) -> None:
    target = tmp_path / "memo.yaml"
    target.write_text("a: &x 1\nb: *x\n")  # aliases: memo never reads such a file
    memo = load_answers_text(MINIMAL, "m").memo
    save(memo, target)
    assert target.read_text() == MINIMAL


def test_check_does_not_import_ruamel(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = ("import sys; from memo.cli import main; main(['check', sys.argv[1]]); "
             "print('ruamel' in {m.split('.')[0] for m in sys.modules})")
    (tmp_path / "memo.yaml").write_text(MINIMAL)
    result = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "memo.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_more_cached_tokens_than_input_tokens_names_both_numbers() -> None:
    # pydantic leaves "{cached:g}" unformatted: the numbers are put in as text.
    err = text_error(
        "schema_version: 1\ntitle: t\nfix:\n  kind: rag\ncosts:\n  options:\n"
        "  - name: A\n    kind: rag\n    input_tokens: 3200\n    output_tokens: 100\n"
        "    input_price_per_mtok: 1\n    output_price_per_mtok: 1\n"
        "    cached_input_tokens: 5000\n    cached_input_price_per_mtok: 0.1\n")
    assert "cached_input_tokens (5,000) is more than input_tokens (3,200); the cached part " \
           "is counted inside input_tokens" in str(err)
    assert "{" not in str(err)


@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069"])
def test_bidi_overrides_and_isolates_are_refused_where_they_are(char: str) -> None:
    # "Zo\u202eevil" shows as "Zolive" in the PDF: the answers and the memo would disagree.
    err = text_error(f'schema_version: 1\ntitle: "Zo{char}evil"\nfix:\n  kind: rag\n'
                     .replace(char, f"\\u{ord(char):04x}"))
    assert str(err) == (f"memo.yaml:2:1: title: contains the bidi control character "
                        f"U+{ord(char):04X} (character 3), which reorders the text after it "
                        f"in the rendered memo; remove it")


def test_right_to_left_marks_stay_allowed() -> None:
    text = 'schema_version: 1\ntitle: "\u05d3\u05e0\u05d4 \u200f(x) \u061c"\nfix:\n  kind: rag\n'
    assert load_answers_text(text, "memo.yaml").memo.title.startswith("\u05d3")
