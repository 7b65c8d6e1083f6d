"""The prose readers behind the substance rules, and the statistics of evidence (DOMAIN.md,
"Sharper checks"), against hand arithmetic."""

from __future__ import annotations

import math
import time

import pytest

from memo.substance import (
    false_alarm_rate,
    half_width,
    has_measured_figure,
    held_out_from_text,
    lower_is_better,
    mentions_personal_data,
    not_a_person,
    not_a_rate,
    placeholder,
    rate_scale,
    read_alert_threshold,
    read_size,
    sample_size_needed,
    states_handling,
)


@pytest.mark.parametrize("text", ["TBD", "tbd.", "TODO", "n/a", "N/A", "none", "None.", "-",
                                  "--", "?", "...", "—", "xxx", "nobody", "Same as above",
                                  "see above", "to be decided", "Lorem ipsum dolor sit amet",
                                  "TBD by Friday", "TODO: look it up", "'TBD'", "(none)"])
def test_placeholders(text: str) -> None:
    assert placeholder(text) is not None


@pytest.mark.parametrize("text", ["", "  ", "Jonas Berg", "None of the facts are missing",
                                  "Nothing is missing that retrieval could supply",
                                  "TBDX is our product code", "No: the gap is a skill",
                                  "n/a-free text with words"])
def test_not_placeholders(text: str) -> None:
    assert placeholder(text) is None


def test_placeholder_shows_the_text_shortened() -> None:
    assert placeholder("  TBD  ") == "TBD"
    forty = "lorem ipsum " + "x" * 28  # exactly 40 characters: shown whole
    assert placeholder(forty) == forty
    assert placeholder(forty + "y") == forty[:37] + "..."
    assert placeholder("lorem ipsum " * 10) == "lorem ipsum lorem ipsum lorem ipsum l..."


@pytest.mark.parametrize(("owner", "expected"), [
    ("ML team", True), ("the team", True), ("Platform Engineering", True), ("nobody", True),
    ("On-call rotation", True), ("Support tooling team", True), ("Data Science", True),
    ("Dr. Amara Okafor", False), ("Jonas Berg (Clinical NLP)", False),
    ("Priya Raman, Support Ops lead", False), ("Sam", False)])
def test_not_a_person(owner: str, expected: bool) -> None:
    assert not_a_person(owner) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("58% of 200", True), ("F1 0.81 on 300 notes", True), ("23/40 chats", True),
    ("n=150", True), ("p95 2.1 s", True), ("$0.02 a request", True),
    ("F1 0.74 with gpt-4o on the same 600 notes", True), ("4,200 ms", True),
    ("0", False), ("0.81", False), ("Scored 0.8 overall", False),
    ("Support leads reviewed 40 chats; most were wrong", False)])
def test_measured_figure(text: str, expected: bool) -> None:
    assert has_measured_figure(text) is expected


@pytest.mark.parametrize(("text", "size"), [
    ("600 de-identified notes from 3 hospitals, double-annotated", 600),
    ("1 example, also used for training", 1), ("300 tickets from March", 300),
    ("20k chats", 20000), ("1,500 October tickets labelled by queue owners", 1500),
    ("Weekly F1 on a 100-note rolling audit sample; alert below 80%", 100),
    ("notes from 2025", 2025), ("F1 0.81", None), ("no count here", None)])
def test_read_size(text: str, size: int | None) -> None:
    assert read_size(text) == size


@pytest.mark.parametrize(("text", "expected"), [
    ("400 notes, held out of training and few-shot examples", True),
    ("300 emails, never used for prompt iteration", True),
    ("disjoint from the training set", True),
    ("1 example, also used for training", False),
    ("200 notes taken from the few-shot pool", False),
    ("sampled from the training set", False),
    ("not held out", False),
    ("400 notes from 2025", None)])
def test_held_out_from_text(text: str, expected: bool | None) -> None:
    assert held_out_from_text(text) is expected


@pytest.mark.parametrize(("text", "threshold"), [
    ("Weekly F1 on 150 notes, alert below 0.82; monthly template check", 0.82),
    ("alert if accuracy drops below 80%", 0.8),
    ("page the on-call when it falls below 0.9", 0.9),
    ("Daily JSON, alert below 97%; weekly review, alert below 90%", None),  # which one?
    ("alert above 1% a day", None)])
def test_read_alert_threshold(text: str, threshold: float | None) -> None:
    assert read_alert_threshold(text) == threshold


@pytest.mark.parametrize(("metric", "explicit", "lower"), [
    ("dose error rate", None, True), ("p95 latency in ms", None, True),
    ("cost per 1,000 tickets", None, True), ("word error rate (WER)", None, True),
    ("entity-level F1", None, False), ("share of answers correct", None, False),
    ("error rate", True, False), ("accuracy", False, True)])
def test_metric_direction(metric: str, explicit: bool | None, lower: bool) -> None:
    assert lower_is_better(metric, explicit) is lower


@pytest.mark.parametrize(("metric", "expected"), [
    ("cost per 1,000 tickets (USD)", True), ("p95 latency (ms)", True),
    ("tokens per answer", True), ("share of answers correct", False), ("F1", False),
    ("dose error rate", False)])
def test_not_a_rate(metric: str, expected: bool) -> None:
    assert not_a_rate(metric) is expected


def test_rate_scale() -> None:
    assert rate_scale(0.64, 0.85) == 1
    assert rate_scale(0, 1) == 1  # the edges of a rate
    assert rate_scale(1, 100) == 100
    assert rate_scale(0.5, 100.5) is None
    assert rate_scale(64, 85) == 100
    assert rate_scale(1500, 800) is None
    assert rate_scale(100, -5) is None
    assert rate_scale(None, None) is None


def test_interval_of_87_percent_on_200_items() -> None:
    # DOMAIN.md: 87% on 200 items is about +/- 4.7 points (normal approximation)
    assert half_width(0.87, 200) == pytest.approx(1.96 * math.sqrt(0.87 * 0.13 / 200), rel=1e-3)
    assert half_width(0.87, 200) == pytest.approx(0.0466, abs=1e-4)


@pytest.mark.parametrize(("rate", "difference", "needed"), [
    (0.9, 0.03, 385),   # 1.96^2 * 0.09 / 0.0009 = 384.1
    (0.85, 0.21, 12),   # 1.96^2 * 0.1275 / 0.0441 = 11.1
    (0.5, 0.05, 385),   # 1.96^2 * 0.25 / 0.0025 = 384.1
])
def test_sample_size_needed(rate: float, difference: float, needed: int) -> None:
    assert sample_size_needed(rate, difference) == needed
    assert half_width(rate, needed) <= difference < half_width(rate, needed - 1)


def test_sample_size_needs_a_positive_difference() -> None:
    with pytest.raises(ValueError, match="difference must be positive"):
        sample_size_needed(0.9, 0)


@pytest.mark.parametrize(("rate", "threshold", "n", "expected"), [
    (0.88, 0.85, 100, 0.178),  # DOMAIN.md-style check: 18% of weekly runs alert
    (0.88, 0.82, 150, 0.012),
    (0.85, 0.80, 100, 0.081),
    (0.85, 0.80, 200, 0.024),
])
def test_false_alarm_rate(rate: float, threshold: float, n: int, expected: float) -> None:
    z = (threshold - rate) / math.sqrt(rate * (1 - rate) / n)
    assert false_alarm_rate(rate, threshold, n) == pytest.approx(
        0.5 * math.erfc(-z / math.sqrt(2)))
    assert false_alarm_rate(rate, threshold, n) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(("rate", "threshold", "expected"), [
    (1.0, 0.9, 0.0), (1.0, 1.0, 0.0), (1.0, 1.01, 1.0),
    (0.0, 0.1, 1.0), (0.0, 0.0, 0.0)])
def test_false_alarm_rate_at_the_edges(rate: float, threshold: float, expected: float) -> None:
    assert false_alarm_rate(rate, threshold, 50) == expected


def test_personal_data_and_its_handling() -> None:
    assert mentions_personal_data("scraped customer emails with names and card numbers")
    assert mentions_personal_data("patient notes")
    assert not mentions_personal_data("1,200 synthetic dosing sentences")
    assert states_handling("de-identified by the hospital")
    assert states_handling("recorded with consent")
    assert not states_handling("ours")


HOSTILE = ["1" * 4000, "1," * 2000, "1 " * 2000, "a1" * 2000, "of 1" * 1000,
           "alert below " * 300, "1." * 2000, "also " * 800 + "training", "- " * 2000]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_readers_are_linear_on_hostile_text(text: str) -> None:
    start = time.perf_counter()
    for read in (placeholder, not_a_person, has_measured_figure, read_size,
                 held_out_from_text, read_alert_threshold, mentions_personal_data,
                 states_handling):
        read(text)
    lower_is_better(text, None)
    assert time.perf_counter() - start < 0.1
