"""Where `memo render` spends its time, phase by phase, in one fresh process per format.

    .venv/bin/python benchmarks/bench_phases.py [SAMPLE ...] [--format pdf|docx] [--repeat 5]

Each run is a new interpreter (imports are the point) that does what ``memo render`` does,
in order and in one process (no forked layout child), timing each phase in wall time
(``perf_counter``) and CPU time (``process_time``, steadier on a shared machine); the report
is the median of ``--repeat`` runs per sample. Interpreter start-up is timed apart
(``python -c pass``). memo's bytecode is compiled first: where PYTHONDONTWRITEBYTECODE is
set, its modules would otherwise be compiled from source in every run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
marks = []
t, c = time.perf_counter(), time.process_time()
def mark(name):
    global t, c
    now, cpu = time.perf_counter(), time.process_time()
    marks.append((name, now - t, cpu - c))
    t, c = now, cpu
from pathlib import Path
fmt, source = sys.argv[1], Path(sys.argv[2])
import memo.cli
mark("import memo.cli (click)")
from memo.answers import load
mark("import answers (pydantic model, yaml)")
document = load(source)
mark("load + validate answers")
from memo.render.glyphs import undrawable
undrawable(document.memo.model_dump(mode="json", exclude_none=True))
mark("glyph check")
from memo.context import build_context
mark("import context (rules, cost, prices)")
context = build_context(document.memo)
mark("build context (checklist, costs)")
from memo.render import OutputFormat, RenderOptions, renderer_for
options = RenderOptions()
if fmt == "pdf":
    import memo.render.pdf as pdf
    mark("import renderer (jinja, html, chart)")
    from memo.render.engine import load_weasyprint
    weasyprint = load_weasyprint()
    mark("import weasyprint (no library search)")
    layouts = 0
    engine = pdf.LocalEngine()
    real_layout, real_build = engine.layout, pdf.build_html
    def layout(*a, **k):
        global layouts
        mark("fit: fonts, chart svg, guess")
        result = real_layout(*a, **k)
        layouts += 1
        mark("weasyprint layout")
        return result
    def build(*a, **k):
        mark("fit: fonts, chart svg, guess")
        result = real_build(*a, **k)
        mark("build html (jinja)")
        return result
    engine.layout, pdf.build_html = layout, build
    fitted = pdf.fit(context, options, engine)
    mark("fit: fonts, chart svg, guess")
    data, _refused = engine.write(fitted.laid, context["answers_yaml"].encode(), "a.yaml", "",
                                  pdf.job_for(options))
    mark("write_pdf")
else:
    import memo.render.docx as docx_renderer
    mark("import renderer (plan, present)")
    import docx
    mark("import python-docx")
    from memo.render.present import view
    shown = view(context)
    mark("present (view)")
    chart = docx_renderer._chart(context, shown)
    mark("chart png (Pillow)")
    blocks = docx_renderer.plan(context, shown, (chart[1], chart[2]) if chart else None)
    fills = [docx_renderer.estimated_fill(blocks, layout, options.paper)
             for layout in docx_renderer.LAYOUTS]
    safe = next(i for i, f in enumerate(fills) if f <= docx_renderer.SAFE_FILL)
    mark("plan + estimate")
    data = docx_renderer._build(context, shown, blocks, chart, docx_renderer.LAYOUTS[safe],
                                options)
    mark("build docx (python-docx, save)")
    layouts = 0
Path(sys.argv[3]).write_bytes(data)
mark("write file")
print(json.dumps({"marks": marks, "layouts": layouts}))
"""


def run(fmt: str, sample: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, fmt, str(sample), str(out)],
                          check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="*", type=Path)
    parser.add_argument("--format", dest="fmt", choices=["pdf", "docx"], default="pdf")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    samples = args.samples or sorted((ROOT / "samples").glob("*.yaml"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "memo")], check=True)
    starts = []
    for _ in range(args.repeat):
        begin = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        starts.append(time.perf_counter() - begin)
    print(f"interpreter start (python -c pass): {statistics.median(starts) * 1000:6.0f} ms")
    for sample in samples:
        runs = [run(args.fmt, sample, Path("/tmp") / f"phases.{args.fmt}")
                for _ in range(args.repeat)]
        phases: dict[str, list[tuple[float, float]]] = {}
        for item in runs:
            totals: dict[str, tuple[float, float]] = {}
            for name, wall, cpu in item["marks"]:
                before = totals.get(name, (0.0, 0.0))
                totals[name] = (before[0] + wall, before[1] + cpu)
            for name, pair in totals.items():
                phases.setdefault(name, []).append(pair)
        wall = sum(statistics.median(w for w, _c in v) for v in phases.values())
        cpu = sum(statistics.median(c for _w, c in v) for v in phases.values())
        print(f"\n{sample.name} -f {args.fmt}: layouts {runs[0]['layouts']}, total "
              f"{wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU (medians of {args.repeat})")
        for name, values in phases.items():
            print(f"  {name:40s} {statistics.median(w for w, _c in values) * 1000:7.0f} ms "
                  f"{statistics.median(c for _w, c in values) * 1000:7.0f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
