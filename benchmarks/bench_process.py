"""Whole-process cost, side by side in one run: what a user waits for.

    .venv/bin/python benchmarks/bench_process.py [samples/support-bot-rag.yaml] [--repeat 9]

Runs, alternating so machine load hits every command alike, and reports medians:
- ``memo render SAMPLE -f pdf`` against a bare ``python -c 'import weasyprint; ...'`` that
  lays out and writes the very HTML memo rendered (same PDF/UA options, no memo code);
- the same ``memo render -f pdf`` with ``MEMO_PDF_IN_PROCESS=1`` ("in one process": no
  forked layout child, see memo/render/pdf_engine.py);
- ``memo render SAMPLE -f docx`` (target 0.25 s);
- ``memo render`` of 20 answers files in one call, per memo (weasyprint starts once).
Target: PDF ratio <= 1.15. Not a timed test: the figures go in docs/outputs.md. memo's
bytecode is compiled first, as ``pip install`` does: where PYTHONDONTWRITEBYTECODE is set,
Python would otherwise compile memo's source in every run while weasyprint has its bytecode.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BARE = """
import sys, weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_variant="pdf/ua-1",
                                                  pdf_tags=True)
"""


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True,
                   env={**os.environ, **env} if env else None)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sample", nargs="?", default=str(ROOT / "samples/support-bot-rag.yaml"))
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    memo = str(BIN / "memo")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "memo")], check=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # The price cache in a folder of this run's own: the warm-up run fills it, as any
        # earlier memo command would on a user's machine (memo/price_cache.py).
        os.environ["MEMO_CACHE_DIR"] = str(work / "cache")
        os.environ.pop("MEMO_NO_CACHE", None)
        sample = work / "memo.yaml"
        shutil.copy(args.sample, sample)
        # The HTML the PDF is made from, at the layout memo chose (read back from memo's fit).
        subprocess.run([sys.executable, "-c", (
            "import sys; from memo.answers import load; from memo.context import build_context;"
            "from memo.render import RenderOptions; from memo.render.pdf import fit;"
            "fitted = fit(build_context(load(sys.argv[1]).memo), RenderOptions());"
            "open(sys.argv[2], 'w').write(fitted.html)"), str(sample), str(work / "memo.html")],
            check=True)
        pack = work / "pack"
        pack.mkdir()
        files = []
        for index in range(20):
            copy = work / f"memo-{index:02d}.yaml"
            shutil.copy(sample, copy)
            files.append(str(copy))
        commands = {
            "memo render -f pdf": [memo, "render", str(sample), "-f", "pdf", "-o",
                                   str(work / "out.pdf")],
            "bare weasyprint": [sys.executable, "-c", BARE, str(work / "memo.html"),
                                str(work / "bare.pdf")],
            "memo render -f docx": [memo, "render", str(sample), "-f", "docx", "-o",
                                    str(work / "out.docx")],
            "  in one process": [memo, "render", str(sample), "-f", "pdf", "-o",
                                 str(work / "out1.pdf")],
        }
        envs = {"  in one process": {"MEMO_PDF_IN_PROCESS": "1"}}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for name, command in commands.items():  # warm-up: disk caches, font caches
            timed(command, envs.get(name))
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(timed(command, envs.get(name)))
        pack_times = [timed([memo, "render", *files, "-f", "pdf", "-o", str(pack)])
                      for _ in range(3)]
    med = {name: statistics.median(values) for name, values in times.items()}
    print(f"sample: {Path(args.sample).name}, medians of {args.repeat} alternating runs")
    for name, value in med.items():
        print(f"  {name:22s} {value:6.3f} s")
    ratio = med["memo render -f pdf"] / med["bare weasyprint"]
    print(f"  PDF ratio (memo / bare weasyprint): {ratio:.2f}  (target <= 1.15)")
    print(f"  DOCX: {med['memo render -f docx']:.3f} s  (target <= 0.25 s)")
    per_memo = statistics.median(pack_times) / 20
    print(f"  20 memos in one call: {statistics.median(pack_times):.2f} s, "
          f"{per_memo:.3f} s per memo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
