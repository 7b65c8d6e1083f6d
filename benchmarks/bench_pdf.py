"""Rendering cost: our full PDF pipeline against bare weasyprint on the same HTML, same run.

    .venv/bin/python benchmarks/bench_pdf.py [samples/medical-ner-lora.yaml] [--repeat 7]

The ratio compares ``render_pdf(context)`` (template, chart, one-page fit, answers
attachment, URL fetcher) with ``weasyprint.HTML(string=same_html).write_pdf()`` on the HTML
our renderer laid out. Target: ratio <= 1.25. Medians of ``--repeat`` runs after a warm-up;
DOCX and Markdown times are reported alongside. Not a timed test: figures go in docs/outputs.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # warm-up: imports, font configuration, template compilation
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", nargs="?", type=Path,
                        default=ROOT / "samples" / "medical-ner-lora.yaml")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--paper", default="letter", choices=["letter", "a4"])
    args = parser.parse_args(argv)

    import weasyprint

    from memo.answers import load
    from memo.context import build_context
    from memo.render import RenderOptions
    from memo.render.docx import render_docx
    from memo.render.markdown import render_markdown
    from memo.render.pdf import fit, render_pdf

    context = build_context(load(args.answers).memo)
    options = RenderOptions(paper=args.paper)
    fitted = fit(context, options)
    html, layout = fitted.html, fitted.layout

    ours = median_seconds(lambda: render_pdf(context, options), args.repeat)
    bare = median_seconds(lambda: weasyprint.HTML(string=html).write_pdf(), args.repeat)
    docx_time = median_seconds(lambda: render_docx(context, options), args.repeat)
    md_time = median_seconds(lambda: render_markdown(context, options), args.repeat)

    ratio = ours / bare
    print(f"sample:            {args.answers.name} ({args.paper}, laid out at "
          f"{layout.font_pt:g} pt)")
    print(f"memo render_pdf:   {ours * 1000:8.1f} ms (median of {args.repeat})")
    print(f"bare weasyprint:   {bare * 1000:8.1f} ms")
    print(f"ratio:             {ratio:8.2f}  (target <= 1.25)")
    print(f"render_docx:       {docx_time * 1000:8.1f} ms")
    print(f"render_markdown:   {md_time * 1000:8.1f} ms")
    return 0 if ratio <= 1.25 else 1


if __name__ == "__main__":
    sys.exit(main())
