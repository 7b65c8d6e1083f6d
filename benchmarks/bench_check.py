"""How fast `memo check` is at scale: 1,000 varied answers files, and one file.

Generates the files in a temporary folder, runs `memo check FOLDER` and `memo check FILE` as
subprocesses (start-up included, as in CI), and reports wall times and the per-file cost
(the folder's time minus the one-file time, divided by the extra files). Not a timed test:
the budget (1,000 files < 1.5 s, one file < 0.3 s on a 2-core machine) is printed next to the
figures, and the exit status is 1 when it is missed.

    python benchmarks/bench_check.py [--files 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

BUDGET_MANY_S = 1.5  # issue 10: the checklist grew; the gate must not slow down
BUDGET_ONE_S = 0.3
SAMPLE_WITH_MODELS = Path(__file__).resolve().parent.parent / "samples/support-bot-rag.yaml"

BASE: dict[str, Any] = {
    "schema_version": 1,
    "title": "Fine-tune a LoRA adapter for medication extraction",
    "author": "Dana Whitfield",
    "team": "Clinical NLP",
    "date": "2026-03-02",
    "decision_requested": "Approve three weeks and $9,000 to train a LoRA adapter.",
    "owner": "Dana Whitfield",
    "status": "proposed",
    "problem": {"task": "Extract medications and doses from clinical notes.",
                "failure": "The best prompt reaches 62% exact match on 400 held-out notes."},
    "triage": {"capability_gap": "yes", "format_gap": "no", "knowledge_gap": "no",
               "latency_cost_gap": "no",
               "evidence": "Best prompt with 8 examples scored 64% on 400 held-out notes."},
    "diagnosis": ["capability"],
    "tried": [{"approach": "prompt", "result": "58% exact match on 400 notes"},
              {"approach": "few_shot", "result": "64% exact match on 400 notes"}],
    "fix": {"kind": "fine_tune",
            "rationale": "The skill is missing from the base model; only training adds it."},
    "fine_tune": {"method": "lora", "flavor": "instruction", "base_model": "llama-3.1-8b",
                  "training_examples": 3000, "data_source": "Annotated notes, 2024-2025"},
    "alternatives": [{"kind": "rag", "reason": "The gap is a skill, not missing facts."}],
    "costs": {
        "requests_per_month": 200000,
        "monthly_growth_pct": 2,
        "options": [
            {"name": "LoRA", "kind": "fine_tune", "chosen": True, "input_tokens": 900,
             "output_tokens": 200, "input_price_per_mtok": 0.3, "output_price_per_mtok": 1.2,
             "training": {"gpu_hours": 40, "gpu_hour_usd": 3},
             "one_time_usd": 9000, "retrain_every_months": 6},
            {"name": "Few-shot", "kind": "few_shot", "input_tokens": 4200,
             "output_tokens": 200, "input_price_per_mtok": 0.15,
             "output_price_per_mtok": 0.6},
        ],
        "price_source": "Provider pricing page",
        "price_date": "2026-02-20",
    },
    "evaluation": {"metric": "exact match", "baseline": 0.64, "target": 0.85,
                   "eval_set": "400 held-out notes from two hospitals"},
    "maintenance": {"owner": "Clinical NLP", "retrain_triggers": ["base_model_upgrade"],
                    "monitoring": "Weekly exact match on 100 fresh notes; alert below 0.8.",
                    "review_by": "2026-12-01"},
    "risks": [{"risk": "Drift in note templates.", "mitigation": "Weekly monitoring."}],
    "rollback": "Switch the flag back to the few-shot prompt.",
}


def variant(i: int, rng: random.Random) -> dict[str, Any]:
    """A memo that differs from the base in volumes, prices, kind and missing parts."""
    memo = copy.deepcopy(BASE)
    memo["title"] = f"Decision {i}: {memo['title']}"
    costs = memo["costs"]
    costs["requests_per_month"] = rng.choice([5_000, 50_000, 200_000, 2_000_000])
    costs["monthly_growth_pct"] = rng.choice([0, 1, 5])
    for option in costs["options"]:
        option["input_tokens"] = rng.randint(300, 6000)
        option["output_price_per_mtok"] = round(rng.uniform(0.2, 15), 2)
    kind = i % 4
    if kind == 1:  # knowledge gap -> RAG
        memo["triage"].update(capability_gap="no", knowledge_gap="yes")
        memo["diagnosis"] = ["knowledge"]
        memo["fix"] = {"kind": "rag", "rationale": "Facts change monthly."}
        memo.pop("fine_tune")
        costs["options"][0].update(kind="rag", training=None, one_time_usd=2000)
        costs["options"][0].pop("training")
    elif kind == 2:  # a weak memo: findings of both severities
        memo.pop("maintenance")
        memo.pop("evaluation")
        memo["risks"] = []
        memo["triage"]["format_gap"] = "unsure"
    elif kind == 3:  # stale: old prices, review date passed
        costs["price_date"] = "2024-01-15"
        memo["maintenance"]["review_by"] = "2025-06-01"
    return memo


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        sub = folder / f"team-{i % 10}"
        sub.mkdir(exist_ok=True)
        path = sub / f"memo-{i:04d}.yaml"
        path.write_text(yaml.safe_dump(variant(i, rng), sort_keys=False), encoding="utf-8")
        paths.append(path)
    (folder / "README.md").write_text("# Memos\n\nNot a memo; skipped.\n", encoding="utf-8")
    return paths


def memo_command() -> list[str]:
    script = Path(sys.executable).with_name("memo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "memo"]


def timed(args: list[str], repeat: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(args, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    memo = memo_command()
    env_note = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    with tempfile.TemporaryDirectory(prefix="memo-bench-") as tmp:
        folder = Path(tmp)
        paths = generate(folder, args.files)
        startup, _ = timed([*memo, "--version"], args.repeat)
        one, one_result = timed([*memo, "check", "--as-of", "2026-03-10", str(paths[0])],
                                args.repeat)
        many, result = timed([*memo, "check", "--as-of", "2026-03-10", "--format", "json",
                              str(folder)], max(1, args.repeat // 2))
        # A memo whose options name models asks the price catalogue (MEMO-COST-020/021):
        # without the price cache every run loads it; with it, only the first run does.
        named = [*memo, "check", "--as-of", "2026-03-10", str(SAMPLE_WITH_MODELS)]
        os.environ["MEMO_CACHE_DIR"] = str(folder / "cache")
        os.environ.pop("MEMO_NO_CACHE", None)
        named_warm, _ = timed(named, args.repeat)
        os.environ["MEMO_NO_CACHE"] = "1"
        named_off, _ = timed(named, args.repeat)
        del os.environ["MEMO_NO_CACHE"]
        if result.returncode not in (0, 1):
            print(result.stderr, file=sys.stderr)
            return 2
        report = json.loads(result.stdout)
    checked = len(report["files"])
    per_file_ms = (many - one) / max(checked - 1, 1) * 1000
    rows = [
        ("machine", env_note),
        ("start-up (`memo --version`)", f"{startup:.3f} s"),
        ("`memo check` one file", f"{one:.3f} s (budget {BUDGET_ONE_S} s)"),
        (f"`memo check` folder of {checked} files", f"{many:.3f} s (budget {BUDGET_MANY_S} s)"),
        ("per-file cost", f"{per_file_ms:.2f} ms"),
        (f"`memo check` {SAMPLE_WITH_MODELS.name}, price cache warm",
         f"{named_warm:.3f} s (budget {BUDGET_ONE_S} s)"),
        (f"`memo check` {SAMPLE_WITH_MODELS.name}, price cache off", f"{named_off:.3f} s"),
        ("findings", f"{report['errors']} errors, {report['warnings']} warnings "
                     f"(exit {result.returncode}; one-file exit {one_result.returncode})"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    ok = max(one, named_warm) < BUDGET_ONE_S and (args.files != 1000 or many < BUDGET_MANY_S)
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
