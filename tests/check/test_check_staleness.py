"""--as-of: review dates that passed (MEMO-MNT-006) and old prices (MEMO-COST-008)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from check_helpers import Run

from memo.answers import load
from memo.rules import check_memo


def _findings(result) -> list[tuple[str, str]]:
    document = json.loads(result.stdout)
    return [(f["rule"], f["message"]) for file in document["files"] for f in file["findings"]]


def test_fresh_memo_is_clean(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", "--as-of", "2026-03-10", memo_files["clean"])
    assert _findings(result) == [] and result.exit_code == 0


def test_review_date_and_prices_age(run_check: Run, memo_files: dict[str, Path]) -> None:
    # clean.yaml: prices dated 2026-02-20, review by 2026-12-01
    result = run_check("--format", "json", "--as-of", "2027-03-01", memo_files["clean"])
    assert _findings(result) == [
        ("MEMO-COST-008", "the prices are dated 2026-02-20, 374 days before 2027-03-01 "
                          "(more than 365)"),
        ("MEMO-MNT-006", "the review date 2026-12-01 passed 90 days before 2027-03-01"),
    ]
    assert result.exit_code == 0  # warnings
    assert run_check("--strict", "--as-of", "2027-03-01", memo_files["clean"]).exit_code == 1


def test_staleness_lines_point_at_the_dates(run_check: Run, memo_files: dict[str, Path]) -> None:
    result = run_check("--format", "json", "--as-of", "2027-03-01", memo_files["clean"])
    lines = {f["rule"]: f["line"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    text = memo_files["clean"].read_text().splitlines()
    assert text[lines["MEMO-COST-008"] - 1].strip().startswith("price_date:")
    assert text[lines["MEMO-MNT-006"] - 1].strip().startswith("review_by:")


def test_price_age_is_configurable(run_check: Run, workdir: Path,
                                   memo_files: dict[str, Path]) -> None:
    args = ("--format", "json", "--as-of", "2026-04-01", memo_files["clean"])
    assert _findings(run_check(*args)) == []
    (workdir / ".memo.toml").write_text("price_max_age_days = 30\n")
    assert [r for r, _ in _findings(run_check(*args))] == ["MEMO-COST-008"]
    assert _findings(run_check("--price-max-age-days", "60", *args)) == []


def test_as_of_defaults_to_today(run_check: Run, workdir: Path,
                                 memo_files: dict[str, Path]) -> None:
    old = workdir / "old.yaml"
    old.write_text(memo_files["clean"].read_text().replace("review_by: 2026-12-01",
                                                           "review_by: 2001-01-01"))
    result = run_check("--format", "json", old)
    assert "MEMO-MNT-006" in [r for r, _ in _findings(result)]
    memo = load(old).memo
    assert "MEMO-MNT-006" not in [f.rule for f in check_memo(memo, as_of=dt.date(2000, 6, 1))]
    assert "MEMO-MNT-006" in [f.rule for f in check_memo(memo)]
