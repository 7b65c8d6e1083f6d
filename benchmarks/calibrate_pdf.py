"""How well the PDF's first-layout guess predicts weasyprint's layout, on a corpus.

    .venv/bin/python benchmarks/calibrate_pdf.py [--json out.json]

The corpus is calibrate_docx.py's (samples, fixtures, stress memos and longer variants).
Each memo is laid out by weasyprint at every type step on letter and A4 on a page tall enough
to hold it (its content height, as a share of the real page's text area, is the "fill"), and
on the real page where that fill is near one page. The figures set ``FILL_SCALE``,
``START_FILL`` and ``CONFIRM_FILL`` in memo/render/pdf.py: how the estimate (the DOCX plan's
line-by-line layout with Carlito's widths, :func:`memo.render.pdf.predicted_fills`) relates
to the measured fill, and how many layouts ``fit`` needs per memo.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N memos")
    args = parser.parse_args()
    from calibrate_docx import corpus
    from weasyprint.text.fonts import FontConfiguration

    from memo.context import build_context
    from memo.render import RenderOptions, pdf
    from memo.render.pdf_engine import content_height

    fonts = FontConfiguration()
    rows = []
    layouts = []
    memos = list(corpus().items())
    if args.limit:
        memos = memos[:args.limit]
    for name, memo in memos:
        context = build_context(memo)  # type: ignore[arg-type]
        for paper in ("letter", "a4"):
            options = RenderOptions(paper=paper)
            fetcher, variant = pdf.make_fetcher(options), pdf.pdf_options(options)
            chart = pdf.chart_svg(context)
            guess = pdf.Guess(context, paper)
            for step, layout in enumerate(pdf.LAYOUTS):
                tall = pdf.layout_document(pdf.build_html(context, options, layout, chart=chart,
                                                          tall=True), fetcher, fonts, variant)
                fill = content_height(tall) / pdf.available_height(layout, paper)
                pages = 1 if fill < 0.9 else 2 if fill > 1.1 else len(pdf.layout_document(
                    pdf.build_html(context, options, layout, chart=chart), fetcher, fonts,
                    variant).pages)
                rows.append({"memo": name, "paper": paper, "step": step,
                             "estimate": round(guess.estimate(step), 4),
                             "fill": round(fill, 4),
                             "pages": pages})
            counted = _layouts(rows[-4:])
            layouts.append(counted)
        print(f"{name:40s} layouts letter/a4: {layouts[-2]}, {layouts[-1]}", flush=True)
    fitted = [r["fill"] for r in rows if r["pages"] == 1]
    overflowed = [r["fill"] for r in rows if r["pages"] > 1]
    ratios = [r["fill"] / r["estimate"] for r in rows if 0.85 <= r["fill"] <= 1.15]
    roomier = [(pdf.Guess.roomier_fill_from(r["paper"], r["fill"], r["step"], e["estimate"],
                                            r["estimate"]), e["pages"])
               for r, e in _pairs(rows) if r["pages"] == 1]
    print(f"{len(rows)} layouts of {len(memos)} memos x 2 papers")
    print(f"tall-page fill: largest that fitted {max(fitted):.4f}, smallest that overflowed "
          f"{min(overflowed):.4f}")
    print(f"measured / estimate near one page: {min(ratios):.3f} .. {max(ratios):.3f} "
          f"(median {statistics.median(ratios):.3f})")
    print(f"roomier-step prediction: largest for a step that fitted "
          f"{max(p for p, pages in roomier if pages == 1):.4f}, smallest for one that "
          f"overflowed {min(p for p, pages in roomier if pages > 1):.4f} (CONFIRM_FILL "
          f"{pdf.CONFIRM_FILL})")
    print(f"layouts per memo with fit(): mean {statistics.mean(layouts):.2f}, "
          f"one layout for {sum(1 for n in layouts if n == 1)} of {len(layouts)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


def _pairs(rows: list[dict]) -> list[tuple[dict, dict]]:
    """(a step's row, the roomier step's row) for the same memo and paper."""
    by = {(r["memo"], r["paper"], r["step"]): r for r in rows}
    return [(r, by[(r["memo"], r["paper"], r["step"] - 1)]) for r in rows if r["step"] > 0]


def _layouts(steps: list[dict]) -> int:
    """How many layouts ``fit`` lays out for one memo and paper, replayed from the rows."""
    from memo.render import pdf

    fits = [r["pages"] == 1 for r in steps]
    index = next((i for i, r in enumerate(steps)
                  if r["estimate"] * pdf.FILL_PER_ESTIMATE <= pdf.START_FILL), len(steps) - 1)
    count, seen = 1, {index}
    while not fits[index] and index < len(steps) - 1:
        index += 1
        count += 1
        seen.add(index)
    if not fits[index]:
        return count
    while index > 0 and index - 1 not in seen:
        predicted = pdf.Guess.roomier_fill_from(steps[index]["paper"], steps[index]["fill"],
                                                index, steps[index - 1]["estimate"],
                                                steps[index]["estimate"])
        if predicted > pdf.CONFIRM_FILL:
            break
        count += 1
        seen.add(index - 1)
        if not fits[index - 1]:
            break
        index -= 1
    return count


if __name__ == "__main__":
    sys.exit(main())
