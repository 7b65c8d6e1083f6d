"""How fast `memo list` is next to `memo check` on the same 1,000 memos, in one run.

Generates the folder bench_check.py uses (1,000 answers files of four kinds in ten folders),
then runs `memo check --format json FOLDER` and `memo list --format json FOLDER` as
subprocesses (start-up included, as a user or CI runs them), alternating so that both see the
same machine load, and reports the median of each and their ratio. The budget is the issue's:
`memo list` within 2x `memo check`. Not a timed test; the exit status is 1 when the budget is
missed.

    python benchmarks/bench_list.py [--files 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import generate, memo_command

BUDGET_RATIO = 2.0
AS_OF = "2026-03-10"


def run(args: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    memo = memo_command()
    with tempfile.TemporaryDirectory(prefix="memo-bench-list-") as tmp:
        folder = Path(tmp)
        generate(folder, args.files)
        check_args = [*memo, "check", "--as-of", AS_OF, "--format", "json", str(folder)]
        list_args = [*memo, "list", "--as-of", AS_OF, "--format", "json", str(folder)]
        run(check_args)  # warm the file cache and the bytecode once, for both
        check_times, list_times = [], []
        for _ in range(args.repeat):
            seconds, checked = run(check_args)
            check_times.append(seconds)
            seconds, listed = run(list_args)
            list_times.append(seconds)
    if checked.returncode not in (0, 1) or listed.returncode != 0:
        print(checked.stderr or listed.stderr, file=sys.stderr)
        return 2
    report = json.loads(checked.stdout)
    rows = json.loads(listed.stdout)
    listed_counts = (sum(m["errors"] for m in rows["memos"]),
                     sum(m["warnings"] for m in rows["memos"]))
    if listed_counts != (report["errors"], report["warnings"]) \
            or rows["count"] != len(report["files"]):
        print(f"memo list and memo check disagree: {listed_counts} vs "
              f"{(report['errors'], report['warnings'])}", file=sys.stderr)
        return 2
    check_s, list_s = statistics.median(check_times), statistics.median(list_times)
    ratio = list_s / check_s
    lines = [
        ("machine", f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"),
        (f"`memo check` folder of {rows['count']} files", f"{check_s:.3f} s"),
        (f"`memo list` folder of {rows['count']} files", f"{list_s:.3f} s"),
        ("ratio list / check", f"{ratio:.2f} (budget {BUDGET_RATIO:g})"),
        ("counts", f"{listed_counts[0]} errors, {listed_counts[1]} warnings in both"),
    ]
    width = max(len(name) for name, _ in lines)
    for name, value in lines:
        print(f"{name:<{width}}  {value}")
    ok = ratio <= BUDGET_RATIO
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
