"""`memo check` stays light: no template, PDF, DOCX or prompt library on the check path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from check_helpers import FIXTURES

HEAVY = ("weasyprint", "docx", "questionary", "jinja2", "rich", "pypdf", "matplotlib",
         "ruamel", "genai_prices", "httpx2")

PROBE = """
import json, sys
from memo.cli import main
code = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & set(json.loads(sys.stdin.read())))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _probe(*args: str, env: dict[str, str] | None = None) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], input=json.dumps(HEAVY),
                            capture_output=True, text=True, timeout=60, check=False, env=env)
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_checking_yaml_imports_no_heavy_library() -> None:
    for fmt in ("text", "json", "sarif", "github"):
        outcome = _probe("check", "--format", fmt, "--as-of", "2026-03-10",
                         str(FIXTURES / "clean.yaml"), str(FIXTURES / "broken.yaml"))
        assert outcome == {"code": 2, "heavy": []}, fmt


def test_checking_markdown_imports_no_heavy_library() -> None:
    outcome = _probe("check", str(FIXTURES / "handwritten-complete.md"))
    assert outcome == {"code": 0, "heavy": []}


def test_check_help_imports_no_heavy_library() -> None:
    assert _probe("check", "--help")["heavy"] == []
    assert _probe("--help")["heavy"] == []


def test_the_price_catalogue_loads_only_for_an_option_with_a_model(tmp_path: Path) -> None:
    # clean.yaml names no model: MEMO-COST-020 has nothing to look up, so no catalogue.
    assert _probe("check", "--as-of", "2026-03-10", str(FIXTURES / "clean.yaml")) == {
        "code": 0, "heavy": []}
    import yaml

    data = yaml.safe_load((FIXTURES / "clean.yaml").read_text(encoding="utf-8"))
    for option in data["costs"]["options"]:  # both are priced as gpt-4o-mini
        option["model"] = "gpt-4o-mini"
    named = tmp_path / "named.yaml"
    named.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert _probe("check", "--as-of", "2026-03-10", str(named)) == {
        "code": 0, "heavy": ["genai_prices", "httpx2"]}

    # With the price cache on, the first check asks the catalogue and keeps its answers;
    # the next one finds them on disk and never imports the library.
    env = {k: v for k, v in os.environ.items() if k != "MEMO_NO_CACHE"}
    env["MEMO_CACHE_DIR"] = str(tmp_path / "cache")
    assert _probe("check", "--as-of", "2026-03-10", str(named), env=env) == {
        "code": 0, "heavy": ["genai_prices", "httpx2"]}
    assert _probe("check", "--as-of", "2026-03-10", str(named), env=env) == {
        "code": 0, "heavy": []}


def test_pre_commit_hook_runs_memo_check() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml")
                           .read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "memo-check")
    assert hook["entry"].startswith("memo check") and "--only-memos" in hook["entry"]
    assert hook["language"] == "python"
