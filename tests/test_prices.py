"""The price catalogue (memo.prices over genai-prices), `memo prices` and MEMO-COST-020.

Every figure comes from the installed catalogue, never the network: expected prices are read
through genai-prices' own `calc_price` (an independent path through the library: it prices a
usage rather than reading the price table) so the tests hold across catalogue versions; the
version itself is pinned in pyproject.toml and checked here.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from genai_prices import Usage, calc_price

from memo import prices
from memo.cli import cli
from memo.model import Memo
from memo.prices import ModelPrice, catalogue_info, format_per_mtok, lookup, search
from memo.rules import check_memo, get_rule

ROOT = Path(__file__).resolve().parent.parent
BASE_MEMO = ROOT / "tests" / "rules" / "base_memo.yaml"
DAY = dt.date(2026, 3, 10)
# Usage priced per request: 1,000 tokens, below every long-prompt tier; times 1,000 per MTok.
KTOK = 1_000
# A proxy nothing listens on: any attempt to reach the network through it fails.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "ALL_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, tzinfo=dt.UTC))


def _catalogue(model: str, usage: Usage, when: dt.datetime, provider: str | None = None,
               ) -> tuple[float, float]:
    """(input, output) USD that genai-prices itself charges for ``usage``."""
    price = calc_price(usage, model, provider_id=provider, genai_request_timestamp=when)
    return float(price.input_price), float(price.output_price)


def _expected(model: str, day: dt.date = DAY, provider: str | None = None,
              hour: int = 12) -> tuple[float, float, float]:
    """The catalogue's (input, cached input, output) per million tokens, via calc_price."""
    when = _at(day, hour)
    input_usd, output_usd = _catalogue(model, Usage(input_tokens=KTOK, output_tokens=KTOK),
                                       when, provider)
    cached_usd, _ = _catalogue(model, Usage(input_tokens=KTOK, cache_read_tokens=KTOK), when,
                               provider)
    return input_usd * 1000, cached_usd * 1000, output_usd * 1000


# --- the catalogue --------------------------------------------------------------------


def test_the_installed_catalogue_is_the_pinned_one() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in project["project"]["dependencies"] if d.startswith("genai-prices")]
    assert len(pins) == 1
    pinned = pins[0].removeprefix("genai-prices==")
    assert importlib.metadata.version("genai-prices") == pinned
    assert catalogue_info() == prices.CatalogueInfo(
        name="genai-prices", version=pinned, date=None, source=f"genai-prices {pinned}")


@pytest.mark.parametrize(("model", "provider", "catalogue_id"), [
    ("gpt-4o-mini", "openai", "gpt-4o-mini"), ("gpt-4o", "openai", "gpt-4o"),
    ("claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"),
    ("claude-haiku-4-5", "anthropic", "claude-haiku-4-5"),
    ("gemini-2.5-flash", "google", "gemini-2.5-flash"),
    # A fine-tuned model's id as OpenAI names it finds the fine-tuned price.
    ("ft:gpt-4o-mini-2024-07-18:acme::abc123", "openai", "ft:gpt-4o-mini")])
def test_well_known_models_carry_the_catalogues_prices(model: str, provider: str,
                                                       catalogue_id: str) -> None:
    entry = lookup(model, on=DAY)
    assert entry is not None
    assert (entry.model, entry.provider, entry.ref) == (catalogue_id, provider, catalogue_id)
    input_price, cached_price, output_price = _expected(model, provider=provider)
    assert entry.input_per_mtok == pytest.approx(input_price, rel=1e-12)
    assert entry.output_per_mtok == pytest.approx(output_price, rel=1e-12)
    if entry.cached_input_per_mtok is None:  # no cached rate: the catalogue bills input price
        assert cached_price == pytest.approx(input_price, rel=1e-12)
    else:
        assert entry.cached_input_per_mtok == pytest.approx(cached_price, rel=1e-12)
        assert entry.cached_input_per_mtok < entry.input_per_mtok


def test_gpt_4o_mini_as_the_pinned_catalogue_has_it() -> None:
    # The figures of genai-prices 0.2.3; a new pin re-reads them from `memo prices`.
    assert lookup("gpt-4o-mini", on=DAY) == ModelPrice(
        model="gpt-4o-mini", provider="openai", name="gpt 4o mini", input_per_mtok=0.15,
        cached_input_per_mtok=0.075, output_per_mtok=0.6, context_window=128000)


def test_aliases_case_and_provider_prefixes_resolve() -> None:
    base = lookup("gpt-4o-mini", on=DAY)
    assert lookup("gpt-4o-mini-2024-07-18", on=DAY) == base
    assert lookup("  GPT-4o-Mini  ", on=DAY) == base
    assert lookup("openai:gpt-4o-mini", on=DAY) == base
    # A provider that resells another's models prices them at the catalogue's fallback.
    azure = lookup("azure:gpt-4o", on=DAY)
    assert azure is not None and (azure.provider, azure.model, azure.ref) == (
        "azure", "gpt-4o", "azure:gpt-4o")
    assert azure.input_per_mtok == _expected("gpt-4o", provider="azure")[0]
    # A colon inside a model id is not a provider prefix.
    extended = lookup("gpt-4o:extended", on=DAY)
    assert extended is not None and extended.model == "gpt-4o:extended"


@pytest.mark.parametrize("model", ["", "   ", "no-such-model-xyz", "openai:no-such-model",
                                   "nosuchprovider:gpt-4o-mini-xyz"])
def test_unknown_models_are_none(model: str) -> None:
    assert lookup(model, on=DAY) is None


def test_prices_are_those_in_force_on_the_day_asked() -> None:
    # The catalogue dates gpt-5.6-sol's price cut to 2026-08-21.
    before = lookup("gpt-5.6-sol", on=dt.date(2026, 8, 20))
    after = lookup("gpt-5.6-sol", on=dt.date(2026, 8, 21))
    assert before is not None and after is not None
    for entry, day in ((before, dt.date(2026, 8, 20)), (after, dt.date(2026, 8, 21))):
        expected = _expected("gpt-5.6-sol", day)
        assert (entry.input_per_mtok, entry.cached_input_per_mtok,
                entry.output_per_mtok) == pytest.approx(expected, rel=1e-12)
    assert after.input_per_mtok < before.input_per_mtok
    assert lookup("gpt-5.6-sol") == lookup("gpt-5.6-sol", on=dt.datetime.now(dt.UTC).date())


def test_long_prompt_tiers_give_the_base_tier() -> None:
    entry = lookup("gpt-5.4", on=DAY)
    assert entry is not None and entry.tiered and entry.input_per_mtok is not None
    # Below the long-prompt threshold a request pays the base rate shown...
    assert entry.input_per_mtok == pytest.approx(_expected("gpt-5.4")[0], rel=1e-12)
    # ...above it (a million tokens in one prompt) more.
    long, _ = _catalogue("gpt-5.4", Usage(input_tokens=1_000_000, output_tokens=0), _at(DAY))
    assert long > entry.input_per_mtok
    plain = lookup("gpt-4o-mini", on=DAY)
    assert plain is not None and not plain.tiered


def test_hourly_rates_give_the_one_in_force_for_most_of_the_day() -> None:
    # deepseek-chat: one rate from 00:30 to 16:30 UTC (16 hours), another the other 8.
    entry = lookup("deepseek-chat", on=DAY)
    assert entry is not None
    day_rate, night_rate = _expected("deepseek-chat", hour=12), _expected("deepseek-chat",
                                                                         hour=20)
    assert day_rate != night_rate
    assert (entry.input_per_mtok, entry.cached_input_per_mtok,
            entry.output_per_mtok) == pytest.approx(day_rate, rel=1e-12)


def test_search_ranks_the_lookup_first_and_matches_every_word() -> None:
    found = search("gpt-4o-mini", limit=None, on=DAY)
    assert found[0] == lookup("gpt-4o-mini", on=DAY)
    assert all("gpt-4o-mini" in f"{m.provider}:{m.model} {m.name}".lower() for m in found)
    assert ("openrouter", "openai/gpt-4o-mini") in {(m.provider, m.model) for m in found}
    words = search("LLAMA 70b", limit=None, on=DAY)
    assert len(words) > 10
    assert all("llama" in f"{m.provider} {m.model} {m.name}".lower()
               and "70b" in f"{m.provider} {m.model} {m.name}".lower() for m in words)
    assert search("LLAMA 70b", limit=None, on=DAY) == words  # stable
    assert search("llama 70b", limit=5, on=DAY) == words[:5]
    assert search("no-such-model-xyz") == []


def test_search_lists_only_models_priced_per_token_and_refs_round_trip() -> None:
    everything = search("", limit=None, on=DAY)
    assert len(everything) > 1000
    assert search("", on=DAY) == everything[:50]
    assert all(m.has_token_prices for m in everything)
    assert len({(m.provider, m.model) for m in everything}) == len(everything)
    for entry in everything:  # what `memo prices` shows in its Model column finds this entry
        again = lookup(entry.ref, on=DAY)
        assert again is not None and (again.provider, again.model) == (entry.provider,
                                                                       entry.model), entry.ref
    # An id several providers list is qualified with the provider where it is not the first.
    shared = [m for m in everything if m.model == "meta-llama/Llama-3.3-70B-Instruct"]
    assert len(shared) > 2
    assert shared[0].ref == shared[0].model
    assert all(m.ref == f"{m.provider}:{m.model}" for m in shared[1:])


@pytest.mark.parametrize(("value", "text"), [
    (15.0, "$15"), (2.5, "$2.50"), (0.075, "$0.075"), (0.0028, "$0.0028"), (0.0, "$0"),
    (1.0399999999999998, "$1.04"), (None, "-")])
def test_prices_read_as_people_write_them(value: float | None, text: str) -> None:
    assert format_per_mtok(value) == text


# --- memo prices ----------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["prices", *args])
    return result.exit_code, result.stdout, result.stderr


def _row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("│ ").split("│")]


def test_prices_table_shows_the_catalogue_and_the_prices() -> None:
    code, out, err = _run("gpt-4o-mini", "--limit", "3")
    assert (code, err) == (0, "")
    today = dt.datetime.now(dt.UTC).date()
    info = catalogue_info()
    assert out.splitlines()[0] == (
        f"{info.source} (the package publishes no data date): USD per 1M tokens, standard "
        f"rate, in force on {today.isoformat()} (UTC)")
    header = next(line for line in out.splitlines() if line.startswith("┃"))
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == [
        "Model", "Provider", "Name", "Input", "Cached input", "Output", "Context"]
    rows = [_row(line) for line in out.splitlines() if line.startswith("│")]
    expected = search("gpt-4o-mini", limit=3, on=today)
    for row, m in zip(rows, expected, strict=True):
        assert row == [m.ref, m.provider, m.name + (" *" if m.tiered else ""),
                       format_per_mtok(m.input_per_mtok),
                       format_per_mtok(m.cached_input_per_mtok),
                       format_per_mtok(m.output_per_mtok),
                       f"{m.context_window:,}" if m.context_window else "-"]
    assert rows[0][:6] == ["gpt-4o-mini", "openai", "gpt 4o mini", "$0.15", "$0.075", "$0.60"]
    total = len(search("gpt-4o-mini", limit=None, on=today))
    assert out.splitlines()[-1] == (f"3 of {total} matches shown; narrow the query or raise "
                                    f"--limit (0 shows every match).")


def test_prices_marks_tiered_models_and_explains_the_mark() -> None:
    code, out, _ = _run("gpt-5.4", "--limit", "1")
    assert code == 0
    assert "GPT-5.4 *" in out
    assert "* long prompts pay a higher tier; the base tier is shown." in out


def test_prices_json_shape() -> None:
    code, out, _ = _run("claude", "--json", "--limit", "4")
    assert code == 0
    data = json.loads(out)
    today = dt.datetime.now(dt.UTC).date()
    assert set(data) == {"catalogue", "prices_on", "unit", "query", "matches", "models"}
    assert data["catalogue"] == {"name": "genai-prices", "version": catalogue_info().version,
                                 "date": None, "source": catalogue_info().source}
    assert (data["prices_on"], data["unit"], data["query"]) == (
        today.isoformat(), "USD per 1M tokens", "claude")
    assert data["matches"] == len(search("claude", limit=None, on=today))
    assert len(data["models"]) == 4
    for item, m in zip(data["models"], search("claude", limit=4, on=today), strict=True):
        assert item == {"model": m.model, "provider": m.provider, "name": m.name,
                        "input_per_mtok": m.input_per_mtok,
                        "cached_input_per_mtok": m.cached_input_per_mtok,
                        "output_per_mtok": m.output_per_mtok,
                        "context_window": m.context_window, "tiered": m.tiered, "ref": m.ref}


def test_prices_limit_zero_shows_every_match_and_a_bad_limit_is_usage() -> None:
    code, out, _ = _run("llama 70b", "--json", "--limit", "0")
    data = json.loads(out)
    assert code == 0 and len(data["models"]) == data["matches"] > 10
    code, _, err = _run("--limit", "-1")
    assert code == 2 and "Invalid value for '--limit'" in err


def test_prices_with_no_match_says_so() -> None:
    code, out, _ = _run("no-such-model-xyz")
    assert code == 0
    assert out.splitlines()[-1] == "No model matches 'no-such-model-xyz'."
    code, out, _ = _run("no-such-model-xyz", "--json")
    assert json.loads(out)["models"] == [] and json.loads(out)["matches"] == 0


def test_catalogue_text_is_not_markup_or_terminal_escapes(monkeypatch: pytest.MonkeyPatch,
                                                          ) -> None:
    hostile = ModelPrice(model="[bold red]x[/]", provider="evil\x1b[31m", name="[link=x]y",
                         input_per_mtok=1, cached_input_per_mtok=None, output_per_mtok=2,
                         context_window=None)
    monkeypatch.setattr(prices, "search", lambda *a, **k: [hostile])
    code, out, _ = _run("x")
    assert code == 0
    assert "\x1b" not in out
    row = _row(next(line for line in out.splitlines() if "[bold" in line))
    assert row == ["[bold red]x[/]", "evil[31m", "[link=x]y", "$1", "-", "$2", "-"]


# --- offline ----------------------------------------------------------------------------

NETWORK_PROBE = """
import json, sys
attempts = []
def hook(event, args):
    if event.startswith("socket.") or event.startswith("urllib."):
        attempts.append(event)
sys.addaudithook(hook)
from memo.cli import main
code = main(sys.argv[1:])
from genai_prices import update_prices
print(json.dumps({"code": code, "attempts": attempts,
                  "updater": update_prices._shared_updater.ref_count}), file=sys.stderr)
"""


def _offline(*args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    result = subprocess.run([sys.executable, "-c", NETWORK_PROBE, *args], capture_output=True,
                            text=True, timeout=120, check=False, env={**os.environ, **OFFLINE})
    return result, json.loads(result.stderr.strip().splitlines()[-1])


def test_prices_and_check_work_offline_and_never_open_a_socket(tmp_path: Path) -> None:
    result, probe = _offline("prices", "gpt-4o-mini", "--json", "--limit", "1")
    assert probe == {"code": 0, "attempts": [], "updater": 0}
    assert json.loads(result.stdout)["models"][0]["input_per_mtok"] == lookup(
        "gpt-4o-mini").input_per_mtok  # type: ignore[union-attr]
    memo = _named_memo(tmp_path, input_price=3)
    result, probe = _offline("check", "--as-of", "2026-03-10", str(memo))
    assert probe == {"code": 0, "attempts": [], "updater": 0}
    assert "MEMO-COST-020 warning option 'Few-shot prompt': input_price_per_mtok is $3" \
        in result.stdout


def test_memo_prices_as_a_real_subprocess() -> None:
    result = subprocess.run([sys.executable, "-m", "memo", "prices", "claude-haiku-4-5",
                             "--limit", "1"], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, env={**os.environ, **OFFLINE}, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    entry = lookup("claude-haiku-4-5")
    assert entry is not None
    row = _row(next(line for line in result.stdout.splitlines()
                    if line.startswith("│ claude-haiku-4-5")))
    assert row[:6] == ["claude-haiku-4-5", "anthropic", "Claude Haiku 4.5",
                       format_per_mtok(entry.input_per_mtok),
                       format_per_mtok(entry.cached_input_per_mtok),
                       format_per_mtok(entry.output_per_mtok)]


# --- MEMO-COST-020 -----------------------------------------------------------------------


def _memo_data(model: str = "gpt-4o", input_price: float = 2.5, output_price: float = 10,
               cached_price: float | None = None) -> dict[str, object]:
    data = yaml.safe_load(BASE_MEMO.read_text(encoding="utf-8"))
    option = data["costs"]["options"][1]
    option.update(model=model, input_price_per_mtok=input_price,
                  output_price_per_mtok=output_price)
    if cached_price is not None:
        option.update(cached_input_tokens=1000, cached_input_price_per_mtok=cached_price)
    return data


def _named_memo(tmp_path: Path, **prices_: float) -> Path:
    path = tmp_path / "named.yaml"
    path.write_text(yaml.safe_dump(_memo_data(**prices_), sort_keys=False), encoding="utf-8")
    return path


def _cost_020(data: dict[str, object], day: dt.date = DAY) -> list[tuple[str | None, str]]:
    memo = Memo.model_validate(data)
    return [(f.field, f.message) for f in check_memo(memo, [get_rule("MEMO-COST-020")],
                                                     as_of=day)]


def test_the_rule_compares_with_the_catalogue_price_read_at_test_time() -> None:
    entry = lookup("claude-sonnet-4-5", on=DAY)
    assert entry is not None and entry.input_per_mtok and entry.output_per_mtok
    assert entry.cached_input_per_mtok
    agree = _memo_data("claude-sonnet-4-5", entry.input_per_mtok, entry.output_per_mtok,
                       entry.cached_input_per_mtok)
    assert _cost_020(agree) == []
    doubled = _memo_data("claude-sonnet-4-5", entry.input_per_mtok * 2,
                         entry.output_per_mtok * 1.1, entry.cached_input_per_mtok / 2)
    source = catalogue_info().source

    def message(field: str, typed: float, listed: float, change: str) -> tuple[str, str]:
        return (f"costs.options[1].{field}",
                f"option 'Few-shot prompt': {field} is {format_per_mtok(typed)} but {source} "
                f"lists {format_per_mtok(listed)} for claude-sonnet-4-5 ({change})")

    assert _cost_020(doubled) == [
        message("input_price_per_mtok", entry.input_per_mtok * 2, entry.input_per_mtok,
                "+100%"),
        message("cached_input_price_per_mtok", entry.cached_input_per_mtok / 2,
                entry.cached_input_per_mtok, "-50%"),
    ]  # output at exactly +10% stays quiet


def test_the_rule_warns_in_memo_check(tmp_path: Path) -> None:
    memo = _named_memo(tmp_path, input_price=3)
    result = CliRunner().invoke(cli, ["check", "--as-of", "2026-03-10", "--format", "json",
                                      str(memo)])
    assert result.exit_code == 0
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [f for f in findings if f["rule"] == "MEMO-COST-020"] == [{
        "rule": "MEMO-COST-020", "severity": "warning",
        "message": f"option 'Few-shot prompt': input_price_per_mtok is $3 but "
                   f"{catalogue_info().source} lists $2.50 for gpt-4o (+20%)",
        "field": "costs.options[1].input_price_per_mtok",
        "hint": get_rule("MEMO-COST-020").hint,
        "line": _line_of(memo, "input_price_per_mtok: 3$")}]
    strict = CliRunner().invoke(cli, ["check", "--as-of", "2026-03-10", "--strict", str(memo)])
    assert strict.exit_code == 1


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if re.search(text, line))
