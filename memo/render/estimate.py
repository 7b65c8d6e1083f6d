"""How full the one page would be at the smallest type, estimated without rendering.

The DOCX renderer decides its fit from this estimate (memo/render/docx.py); `memo check`
uses the same estimate to warn about a memo that `memo render` would refuse (MEMO-DOC-004).
It needs memo's word widths (Pillow reads the font metrics) but neither python-docx nor
weasyprint, and `memo check` runs it only for memos long enough to be at risk
(:func:`may_overflow`), so checking an ordinary memo costs nothing more.
"""

from __future__ import annotations

from typing import Any

from memo.model import Memo

# Estimated fill (content height / page text area) at or below which the page surely fits,
# and above which it surely does not; in between LibreOffice measures the tightest step.
# Calibrated against LibreOffice (benchmarks/calibrate_docx.py): on 343 layouts of the
# samples, stress memos and longer variants, every layout estimated at <= 1.014 fitted
# (LibreOffice's fill was at most 1.2 % above the estimate) and every one above 1.02 did not.
SAFE_FILL = 0.985
OVER_FILL = 1.06

# Words of answers plus LIST_ITEM_WORDS per list item (an option, a risk, a tried fix: each
# a table row or a line of its own). Measured on the six samples, each grown until the
# estimate at the smallest type passed OVER_FILL, once by words and once by short risks:
# the samples measure 227-700, the first overflow came at 842 (ticket-routing-cost). Below
# AT_RISK_WORDS (10% under that) the estimate is not made.
AT_RISK_WORDS = 760
LIST_ITEM_WORDS = 20


def chart_geometry_of(context: dict[str, Any], shown: dict[str, Any]) -> Any:
    """The DOCX chart's geometry (its size, series and labels), or None without costs."""
    costs = context.get("costs")
    if not costs or not costs.get("options"):
        return None
    from memo.render.chart import series_from_context
    from memo.render.chart_png import chart_geometry

    crossings = [v["crossings"] for v in shown["all_verdicts"]]
    return chart_geometry(series_from_context(costs), crossings, shown["chart_title"])


def smallest_fill(context: dict[str, Any], paper: str = "letter") -> float:
    """The share of one page the memo fills at the smallest layout (1.0 = exactly full)."""
    from memo.render.docx_plan import estimated_fill, plan
    from memo.render.layout import LAYOUTS
    from memo.render.present import view

    shown = view(context)
    geo = chart_geometry_of(context, shown)
    blocks = plan(context, shown, (geo.width, geo.height) if geo else None)
    return estimated_fill(blocks, LAYOUTS[-1], paper)


def may_overflow(memo: Memo) -> bool:
    """Whether the memo is long enough that the estimate is worth making."""
    from memo.rules.doc_rules import text_fields

    words = sum(len(value.split()) for _path, value in text_fields(memo))
    items = (len(memo.tried) + len(memo.alternatives) + len(memo.risks)
             + (len(memo.costs.options) if memo.costs else 0))
    return words + LIST_ITEM_WORDS * items > AT_RISK_WORDS
