"""`memo schema` and the loader agree: what one accepts, the other accepts.

Each file is read as memo reads it (memo.answers.parse_yaml, YAML 1.1), then validated twice:
by the loader (memo.answers.validate) and by the `jsonschema` library against `memo schema`,
formats checked (a date must be a real date). The few rules JSON Schema cannot state are
listed in test_what_the_schema_cannot_say and in docs/guide.md.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from memo.answers import parse_yaml, validate
from memo.cli import cli
from memo.errors import MemoError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

BASE = "schema_version: 1\ntitle: A thing\nfix:\n  kind: fine_tune\n"
OPTION = ("costs:\n  options:\n    - name: A\n      kind: rag\n      input_tokens: 100\n"
          "      output_tokens: 10\n      input_price_per_mtok: 1\n"
          "      output_price_per_mtok: 2\n")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def verdicts(text: str, validator: jsonschema.Draft202012Validator) -> tuple[str | None, bool]:
    """(the loader's message, or None when it loads; whether the schema accepts the file)."""
    data, source = parse_yaml(text, "memo.yaml")
    try:
        validate(data, source)
        loaded = None
    except MemoError as error:
        loaded = str(error)
    return loaded, validator.is_valid(_jsonable(data))


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_sample_is_accepted_by_both(sample: Path, validator) -> None:
    assert verdicts(sample.read_text(encoding="utf-8"), validator) == (None, True)


REFUSED = {  # refused by both; the loader's message, exactly
    "growth below -99": (BASE + "costs:\n  monthly_growth_pct: -100\n",
                         "memo.yaml:6:3: costs.monthly_growth_pct: must be at least -99, got -100"),
    "a day February lacks": (BASE + "date: '2026-02-30'\n",
                             "memo.yaml:5:1: date: 2026-02-30 is not a day of the calendar"),
    "training with neither form": (
        BASE + OPTION + "      training: {}\n",
        "memo.yaml:13:7: costs.options[0].training: give gpu_hours + gpu_hour_usd or tokens + "
        "epochs + price_per_mtok"),
    "training half a form": (BASE + OPTION + "      training: {gpu_hours: 3}\n",
                             "memo.yaml:13:7: costs.options[0].training: GPU training also "
                             "needs gpu_hour_usd"),
    "training both forms": (
        BASE + OPTION + "      training: {gpu_hours: 3, gpu_hour_usd: 2, tokens: 1, epochs: 1, "
                        "price_per_mtok: 1}\n",
        "memo.yaml:13:7: costs.options[0].training: give either gpu_hours + gpu_hour_usd or "
        "tokens + epochs + price_per_mtok, not both"),
    "training of nulls": (BASE + OPTION + "      training: {gpu_hours: null, gpu_hour_usd: null}\n",
                          "memo.yaml:13:7: costs.options[0].training: give gpu_hours + "
                          "gpu_hour_usd or tokens + epochs + price_per_mtok"),
    "zero epochs": (BASE + OPTION + "      training: {tokens: 1, epochs: 0, price_per_mtok: 3}\n",
                    "memo.yaml:13:29: costs.options[0].training.epochs: must be more than 0, "
                    "got 0"),
    "negative tokens": (BASE + OPTION.replace("input_tokens: 100", "input_tokens: -1"),
                        "memo.yaml:9:7: costs.options[0].input_tokens: must be at least 0, got -1"),
    "price over the cap": (BASE + OPTION.replace("input_price_per_mtok: 1",
                                                 "input_price_per_mtok: 10001"),
                           "memo.yaml:11:7: costs.options[0].input_price_per_mtok: must be at "
                           "most 10,000, got 10,001"),
    "cached tokens without a price": (
        BASE + OPTION + "      cached_input_tokens: 50\n",
        "memo.yaml:7:7: costs.options[0]: cached_input_tokens also needs "
        "cached_input_price_per_mtok"),
    "text that is no number": (BASE + "costs:\n  requests_per_month: lots\n",
                               "memo.yaml:6:3: costs.requests_per_month: expected a number, got "
                               "'lots'"),
    "a yes/no as a count": (BASE + "costs:\n  horizon_months: yes\n",
                            "memo.yaml:6:3: costs.horizon_months: must be a whole number, got "
                            "the yes/no value true"),
    "a fraction as a count": (BASE + "costs:\n  horizon_months: '12.5'\n",
                              "memo.yaml:6:3: costs.horizon_months: must be a whole number, got "
                              "the text '12.5'"),
    "schema_version true": (BASE.replace("schema_version: 1", "schema_version: true"),
                            "memo.yaml:1:1: schema_version: unsupported schema_version True; "
                            "this version of memo reads schema_version 1"),
    "a title of two lines": (BASE.replace("title: A thing", 'title: "A\\nthing"'),
                             "memo.yaml:2:1: title: must be a single line"),
    "a control character": (BASE.replace("title: A thing", 'title: "A\\x01"'),
                            "memo.yaml:2:1: title: contains the invisible control character "
                            "U+0001 (character 2); remove it"),
    "a bidi override": (BASE.replace("title: A thing", 'title: "Zo\\u202eevil"'),
                        "memo.yaml:2:1: title: contains the bidi control character U+202E "
                        "(character 3), which reorders the text after it in the rendered memo; "
                        "remove it"),
    "infinity": (BASE + "evaluation:\n  target: .inf\n",
                 "memo.yaml:6:3: evaluation.target: expected a finite number"),
    "a flag of 2": (BASE + "evaluation:\n  higher_is_better: 2\n",
                    "memo.yaml:6:3: evaluation.higher_is_better: must be true or false, got "
                    "the number 2"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_by_both(case: str, validator) -> None:
    text, message = REFUSED[case]
    assert verdicts(text, validator) == (message, False)


ACCEPTED = {  # accepted by both
    "growth of -99": BASE + "costs:\n  monthly_growth_pct: -99\n",
    "a quoted number": BASE + "evaluation:\n  target: '0.9'\n",
    "thousands separators": BASE + "costs:\n  requests_per_month: 300,000\n",
    "1e5 (text in YAML 1.1)": BASE + "costs:\n  requests_per_month: 1e5\n",
    "a quoted count": BASE + "costs:\n  horizon_months: '12'\n",
    "a count written 12.0": BASE + "costs:\n  horizon_months: 12.0\n",
    "GPU training": BASE + OPTION + "      training: {gpu_hours: 3, gpu_hour_usd: 2}\n",
    "hosted training, a null left": BASE + OPTION + (
        "      training: {tokens: 1000, epochs: 2, price_per_mtok: 3, gpu_hours: null}\n"),
    "zero cached tokens need no price": BASE + OPTION + "      cached_input_tokens: 0\n",
    "a capitalised triage answer": BASE + "triage:\n  capability_gap: ' Unsure'\n",
    "held_out as a boolean": BASE + "evaluation:\n  held_out: true\n",
    "a flag as text": BASE + OPTION + "      chosen: 'yes'\n",
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_accepted_by_both(case: str, validator) -> None:
    assert verdicts(ACCEPTED[case], validator) == (None, True)


def test_what_the_schema_cannot_say(validator) -> None:
    """Three checks only the loader makes (docs/guide.md lists them): a comparison of two
    fields, NaN (which JSON cannot hold) and the bounds of a number written as text."""
    cases = [
        (BASE + OPTION + "      cached_input_tokens: 500\n      cached_input_price_per_mtok: 1\n",
         "memo.yaml:7:7: costs.options[0]: cached_input_tokens (500) is more than input_tokens "
         "(100); the cached part is counted inside input_tokens"),
        (BASE + "evaluation:\n  target: .nan\n",
         "memo.yaml:6:3: evaluation.target: expected a finite number"),
        (BASE + "costs:\n  monthly_growth_pct: '-100'\n",
         "memo.yaml:6:3: costs.monthly_growth_pct: must be at least -99, got -100"),
    ]
    for text, message in cases:
        assert verdicts(text, validator) == (message, True)
