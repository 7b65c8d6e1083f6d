"""The price cache: the catalogue's answers kept on disk give the very same answers, and a
damaged, foreign or unwritable cache is ignored, never an error."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from memo import price_cache, prices

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The cache turned on in a folder of this test's own, with memo's in-process caches
    emptied before and after."""
    monkeypatch.delenv("MEMO_NO_CACHE", raising=False)
    monkeypatch.setenv("MEMO_CACHE_DIR", str(tmp_path / "cache"))
    _forget()
    yield tmp_path / "cache"
    _forget()


def _forget() -> None:
    prices._lookup.cache_clear()
    prices._disk.cache_clear()


def _no_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any question to the catalogue itself fails the test."""
    def refuse(*args: object) -> None:
        raise AssertionError("the catalogue was asked")

    monkeypatch.setattr(prices, "_resolve", refuse)
    monkeypatch.setattr(prices, "_library", refuse)


def _cache_file(folder: Path) -> dict:
    return json.loads((folder / price_cache.FILE_NAME).read_text(encoding="utf-8"))


def test_an_answer_kept_on_disk_is_the_catalogues_answer(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = prices.lookup("gpt-4o-mini", on=DAY)
    missing = prices.lookup("no-such-model-anywhere", on=DAY)
    version = prices.catalogue_info()
    assert asked is not None and asked.input_per_mtok == 0.15 and missing is None
    kept = _cache_file(cache_dir)["entries"]
    assert kept["lookup 2026-03-10 gpt-4o-mini"]["output_per_mtok"] == 0.6
    assert kept["lookup 2026-03-10 no-such-model-anywhere"] is None
    assert kept["version"] == version.version

    _forget()  # a new process, as far as memo can tell
    _no_catalogue(monkeypatch)
    assert prices.lookup("gpt-4o-mini", on=DAY) == asked
    assert prices.lookup("no-such-model-anywhere", on=DAY) is None
    assert prices.catalogue_info() == version


def test_answers_are_kept_per_day(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prices.lookup("gpt-4o-mini", on=DAY)
    _forget()
    asked: list[str] = []
    real = prices._resolve
    monkeypatch.setattr(prices, "_resolve", lambda model: asked.append(model) or real(model))
    prices.lookup("gpt-4o-mini", on=DAY + dt.timedelta(days=1))
    assert asked[:1] == ["gpt-4o-mini"]  # another day's price is the catalogue's to say


def test_another_fingerprint_starts_over(cache_dir: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir.mkdir(parents=True)
    wrong = {"input_per_mtok": 99.0, "cached_input_per_mtok": None, "output_per_mtok": 99.0,
             "context_window": 1, "model": "gpt-4o-mini", "provider": "openai",
             "name": "x", "ref": "gpt-4o-mini", "tiered": False}
    (cache_dir / price_cache.FILE_NAME).write_text(json.dumps(
        {"format": price_cache.FORMAT, "key": "another catalogue",
         "entries": {"lookup 2026-03-10 gpt-4o-mini": wrong}}), encoding="utf-8")
    assert prices.lookup("gpt-4o-mini", on=DAY).input_per_mtok == 0.15
    assert _cache_file(cache_dir)["key"] == price_cache.fingerprint("genai_prices")


def test_the_fingerprint_follows_the_catalogue_and_memo_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = price_cache.fingerprint("genai_prices")
    assert before is not None and "genai_prices-" in before and "data.py:" in before
    assert price_cache.fingerprint("no_such_package_here") is None
    monkeypatch.setattr("memo.__version__", "99.0")
    assert price_cache.fingerprint("genai_prices") != before


@pytest.mark.parametrize("content", [
    b"not json {",
    b"[1, 2, 3]",
    b'{"format": 1, "key": null, "entries": []}',
    b"\xff\xfe\x00",
])
def test_a_damaged_cache_is_ignored_and_written_again(
        cache_dir: Path, content: bytes) -> None:
    cache_dir.mkdir(parents=True)
    (cache_dir / price_cache.FILE_NAME).write_bytes(content)
    assert prices.lookup("gpt-4o-mini", on=DAY).output_per_mtok == 0.6
    assert "lookup 2026-03-10 gpt-4o-mini" in _cache_file(cache_dir)["entries"]


@pytest.mark.parametrize("kept", [
    {"input_per_mtok": "0.15"},  # missing fields, a price as text
    {"input_per_mtok": True, "cached_input_per_mtok": None, "output_per_mtok": 0.6,
     "context_window": 1, "model": "m", "provider": "p", "name": "n", "ref": "r",
     "tiered": False},  # a bool is not a price
    {"input_per_mtok": 0.15, "cached_input_per_mtok": None, "output_per_mtok": 0.6,
     "context_window": 1, "model": 7, "provider": "p", "name": "n", "ref": "r",
     "tiered": False},  # a number is not a model id
    {"input_per_mtok": 0.15, "cached_input_per_mtok": None, "output_per_mtok": 0.6,
     "context_window": 1, "model": "m", "provider": "p", "name": "n", "ref": "r",
     "tiered": "no"},
    "gpt-4o-mini",
])
def test_a_kept_answer_that_is_not_a_price_is_asked_again(
        cache_dir: Path, kept: object) -> None:
    cache_dir.mkdir(parents=True)
    (cache_dir / price_cache.FILE_NAME).write_text(json.dumps(
        {"format": price_cache.FORMAT, "key": price_cache.fingerprint("genai_prices"),
         "entries": {"lookup 2026-03-10 gpt-4o-mini": kept}}), encoding="utf-8")
    found = prices.lookup("gpt-4o-mini", on=DAY)
    assert (found.model, found.input_per_mtok, found.output_per_mtok) == (
        "gpt-4o-mini", 0.15, 0.6)


def test_an_oversized_cache_or_a_fifo_is_not_read(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    target = cache_dir / price_cache.FILE_NAME
    target.write_bytes(b" " * (price_cache.MAX_BYTES + 1))
    assert prices.lookup("gpt-4o-mini", on=DAY).input_per_mtok == 0.15
    target.unlink()
    os.mkfifo(target)  # opening it for reading would wait for a writer forever
    _forget()
    assert prices.lookup("gpt-4o-mini", on=DAY).input_per_mtok == 0.15


def test_a_cache_that_cannot_be_written_is_no_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.delenv("MEMO_NO_CACHE", raising=False)
    monkeypatch.setenv("MEMO_CACHE_DIR", str(blocker / "cache"))  # under a file: no folder
    _forget()
    try:
        assert prices.lookup("gpt-4o-mini", on=DAY).input_per_mtok == 0.15
    finally:
        _forget()


def test_memo_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEMO_NO_CACHE", "1")
    monkeypatch.setenv("MEMO_CACHE_DIR", str(tmp_path / "cache"))
    _forget()
    try:
        assert prices.lookup("gpt-4o-mini", on=DAY) is not None
    finally:
        _forget()
    assert not (tmp_path / "cache").exists()


def test_a_full_cache_starts_over(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(price_cache, "MAX_ENTRIES", 3)
    for model in ("gpt-4o-mini", "gpt-4o", "claude-3-5-haiku-latest"):
        prices.lookup(model, on=DAY)
    assert len(_cache_file(cache_dir)["entries"]) == 3
    prices.lookup("gpt-4.1-mini", on=DAY)
    assert list(_cache_file(cache_dir)["entries"]) == ["lookup 2026-03-10 gpt-4.1-mini"]


def test_memo_check_says_the_same_with_the_cache_cold_warm_and_off(tmp_path: Path) -> None:
    import yaml

    root = Path(__file__).resolve().parent.parent
    data = yaml.safe_load((root / "samples/support-bot-rag.yaml").read_text(encoding="utf-8"))
    option = data["costs"]["options"][0]
    option["model"] = "gpt-4o-mini"
    option["input_price_per_mtok"] = 0.5  # the catalogue lists 0.15: MEMO-COST-020 speaks
    memo_file = tmp_path / "drift.yaml"
    memo_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MEMO_NO_CACHE"}
    env["MEMO_CACHE_DIR"] = str(tmp_path / "cache")

    def check(environment: dict[str, str]) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "memo", "check", "--format", "json", "--as-of",
             "2026-03-10", str(memo_file)], capture_output=True, text=True, timeout=60,
            env=environment, check=False)
        assert result.returncode == 0, result.stderr  # MEMO-COST-020 is a warning
        return result.stdout

    cold, warm = check(env), check(env)
    off = check({**env, "MEMO_NO_CACHE": "1"})
    assert cold == warm == off
    findings = json.loads(cold)["files"][0]["findings"]
    assert any(f["rule"] == "MEMO-COST-020" and "0.15" in f["message"] for f in findings)


def test_the_cache_folder_follows_xdg_then_home(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEMO_NO_CACHE", raising=False)
    monkeypatch.delenv("MEMO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert price_cache.folder() == tmp_path / "xdg" / "memo"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert price_cache.folder() == tmp_path / "home" / ".cache" / "memo"
    monkeypatch.setenv("MEMO_CACHE_DIR", str(tmp_path / "mine"))
    assert price_cache.folder() == tmp_path / "mine"
    monkeypatch.setenv("MEMO_NO_CACHE", "1")
    assert price_cache.folder() is None
