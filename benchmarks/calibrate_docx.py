"""How far the DOCX height estimate is from LibreOffice's layout, on a corpus.

    .venv/bin/python benchmarks/calibrate_docx.py [--json out.json]

The corpus: every sample, the test fixtures and stress memos (long, CJK, six options,
Arabic), and variants with a longer rollback (1, 3, 6 more sentences) or failure text. Each
is written at every type step on letter and A4 where the estimate is between 0.7 and 1.35
pages, converted by LibreOffice in batches, and its measured fill compared with the estimate.
The figures set ``SAFE_FILL`` and ``OVER_FILL`` in memo/render/docx.py: the largest estimate
that still fitted, the smallest that overflowed, and the estimate's worst shortfall.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRA = (" The team rehearsed the switch on the staging cluster and measured the change in "
         "error rate on a week of traffic.")


def corpus() -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "tests" / "render"))
    from conftest import stress_memos  # the stress memos the tests assert one page for

    from memo.answers import load

    memos: dict[str, object] = {p.stem: load(p).memo for p in sorted((ROOT / "samples").glob(
        "*.yaml"))}
    memos.update({p.stem: load(p).memo for p in sorted(
        (ROOT / "tests/render/fixtures").glob("fits-*.yaml"))})
    memos.update({f"stress-{k}": v for k, v in stress_memos().items()})
    for name in list(memos)[:7]:
        memo = memos[name]
        for k in (1, 3, 6):
            memos[f"{name}+rollback{k}"] = memo.model_copy(  # type: ignore[attr-defined]
                update={"rollback": (memo.rollback or "Roll back.") + EXTRA * k})  # type: ignore[attr-defined]
        for k in (2, 4):
            problem = memo.problem  # type: ignore[attr-defined]
            memos[f"{name}+failure{k}"] = memo.model_copy(  # type: ignore[attr-defined]
                update={"problem": problem.model_copy(
                    update={"failure": (problem.failure or "It fails.") + EXTRA[:60 * k]})})
    return memos


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from memo.context import build_context
    from memo.render import RenderOptions
    from memo.render import docx as renderer
    from memo.render.docx_measure import measure_pdf, to_pdf
    from memo.render.docx_plan import plan
    from memo.render.present import view

    rows, documents = [], []
    for name, memo in corpus().items():
        context = build_context(memo)  # type: ignore[arg-type]
        shown = view(context)
        chart = renderer._chart(context, shown)
        blocks = plan(context, shown, (chart[1], chart[2]) if chart else None)
        for paper in ("letter", "a4"):
            for step, layout in enumerate(renderer.LAYOUTS):
                estimate = renderer.estimated_fill(blocks, layout, paper)
                if 0.7 <= estimate <= 1.35:
                    documents.append(renderer._build(context, shown, blocks, chart, layout,
                                                     RenderOptions(paper=paper)))
                    rows.append({"memo": name, "paper": paper, "step": step,
                                 "estimate": round(estimate, 4), "margin": layout.margin_v_mm})
    pdfs: list[bytes] = []
    for start in range(0, len(documents), 40):
        pdfs += to_pdf(documents[start:start + 40])
    for row, pdf in zip(rows, pdfs, strict=True):
        margin = float(row.pop("margin")) * renderer.PT_PER_MM
        measured = measure_pdf(pdf, margin, margin)
        row.update(pages=measured.pages, libreoffice=round(measured.fill, 4))
    fitted = [r["estimate"] for r in rows if r["pages"] == 1]
    overflowed = [r["estimate"] for r in rows if r["pages"] > 1]
    near = [r["libreoffice"] / r["estimate"] for r in rows if 0.9 <= r["estimate"] <= 1.06]
    print(f"{len(rows)} layouts of {len(corpus())} memos")
    print(f"largest estimate that fitted:     {max(fitted):.4f}")
    print(f"smallest estimate that overflowed: {min(overflowed):.4f}")
    print(f"LibreOffice / estimate near one page: {min(near):.3f} .. {max(near):.3f}")
    print(f"SAFE_FILL = {renderer.SAFE_FILL}, OVER_FILL = {renderer.OVER_FILL}")
    wrong = [r for r in rows if (r["estimate"] <= renderer.SAFE_FILL and r["pages"] > 1)
             or (r["estimate"] > renderer.OVER_FILL and r["pages"] == 1)]
    print(f"layouts the thresholds would decide wrongly: {len(wrong)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
