"""The DOCX memo as a plan of blocks, and the height that plan needs on paper.

The plan is built once from the context; the same plan is estimated at every type step (no
document is built to try a size) and written once as Word XML at the step that fits. The
estimate lays each paragraph out line by line with the widths of the font Word and
LibreOffice use (Calibri, whose metrics Carlito shares), so it is a layout, not a word count;
it is calibrated against LibreOffice in tests and used with a safety margin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from memo.format import months, sentence
from memo.render.layout import PAPER_MM, Layout
from memo.render.present import can_slant, direction, is_wide

Run = tuple[str, bool]  # (text, bold)

# Style -> (size relative to body, space before pt-per-body-pt, space after, extra height
# in body lines for borders and padding).
STYLES: dict[str, tuple[float, float, float, float]] = {
    "Band": (1.05, 0.0, 0.5, 0.7),
    "Kicker": (0.8, 0.0, 0.0, 0.0),
    "Title": (1.5, 0.0, 0.15, 0.0),
    "Meta": (0.95, 0.0, 0.35, 0.0),
    "Ask": (1.0, 0.0, 0.5, 0.6),
    "Heading 1": (1.1, 0.35, 0.15, 0.15),
    "Normal": (1.0, 0.0, 0.2, 0.0),
    "List Bullet": (1.0, 0.0, 0.0, 0.0),
    "Caption": (0.9, 0.0, 0.1, 0.0),
    "Legend": (0.85, 0.0, 0.0, 0.0),
    "Note": (0.9, 0.0, 0.2, 0.0),
    "Colophon": (0.8, 0.3, 0.0, 0.0),
}
LINE = 1.22  # Calibri's single line height in em
CJK_LINE = 1.45  # the CJK fallback fonts' taller lines
BULLET_INDENT_PT = 12.0
# Fixed points (not scaling with the type) a style adds: the byline's rule and its spacing,
# measured in LibreOffice at 8.5 and 10 pt.
FIXED_PT = {"Meta": 7.0}
CELL_PAD_EM = 0.4
PT_PER_MM = 72 / 25.4


def type_pt(body_pt: float, relative: float) -> float:
    """A style's size as Word stores it: whole half points."""
    return round(body_pt * relative * 2) / 2


@dataclass
class Para:
    runs: list[Run]
    style: str = "Normal"
    rtl: bool = False
    color: str = ""

    @property
    def text(self) -> str:
        return "".join(text for text, _bold in self.runs)


@dataclass
class Table:
    kind: str  # triage | costs
    rows: list[list[list[Run]]]  # row -> cell -> runs; row 0 is the header
    widths: list[float]  # fractions of the container width
    right: set[int] = field(default_factory=set)  # right-aligned (figure) columns
    bold_rows: set[int] = field(default_factory=set)
    size: float = 0.92


@dataclass
class Picture:
    width_pt: float
    height_pt: float
    alt: str


@dataclass
class Columns:
    left: list[Any]
    right: list[Any]
    left_width_pt: float
    gap_pt: float = 12.0


Block = Para | Table | Picture | Columns


def r(text: object, bold: bool = False) -> Run:
    return (str(text), bold)


def plan(c: dict[str, Any], shown: dict[str, Any], chart: tuple[float, float] | None
         ) -> list[Block]:
    """The memo's blocks in reading order; ``chart`` is the picture's (width, height) in pt."""
    blocks: list[Block] = []
    add = blocks.append
    if shown["draft"]:
        add(Para([r(shown["draft"], True)], "Band"))
    add(Para([r(f"DECISION MEMO · {c['status'].upper()}", True)], "Kicker"))
    add(Para([r(c["title"], True)], "Title", rtl=direction(c["title"]) == "rtl"))
    meta: list[Run] = []
    for key, value in (("Owner", c["owner"]),
                       ("Author", ", ".join(v for v in (c["author"], c["team"]) if v)),
                       ("Date", c["date"])):
        if value:
            meta += [r(("   " if meta else "") + key + " "), r(value, True)]
    if meta:
        add(Para(meta, "Meta"))
    if c["decision_requested"]:
        add(Para([r("Decision requested  ", True), r(c["decision_requested"])], "Ask",
                 rtl=direction(c["decision_requested"]) == "rtl"))

    add(Para([r("Problem")], "Heading 1"))
    for label, text in (("Task. ", c["problem"]["task"]),
                        ("Failure today. ", c["problem"]["failure"])):
        if text:
            add(_para(label, text))
    if not c["problem"]["task"] and not c["problem"]["failure"]:
        add(Para([r("Not described.")]))

    add(Para([r("Diagnosis")], "Heading 1"))
    rows = c["triage"]["rows"]
    add(Table("triage", [[[r(row["name"], True), r("\n" + row["question"])] for row in rows],
                         [[r(str(row["answer"]) + (" (gap)" if row["present"] else ""), True)]
                          for row in rows]], [0.25] * 4))
    if c["triage"]["evidence"]:
        add(_para("Evidence. ", c["triage"]["evidence"]))
    gaps = ", ".join(c["diagnosis"]) if c["diagnosis"] else "none"
    add(Para([r("Gaps named: ", True), r(f"{gaps}. Triage recommends "),
              r(c["recommendation"]["label"], True), r(".")]))

    add(Para([r("Tried so far")], "Heading 1"))
    for t in c["tried"]:
        add(_item(t["label"], t["result"]))
    if not c["tried"]:
        add(Para([r("Nothing recorded.")], "List Bullet"))

    add(Para([r("Decision")], "Heading 1"))
    fix = c["fix"]
    add(_para(f"{fix['label']}. ", " ".join(t for t in (fix["rationale"],
                                                        shown["fix_sentence"]) if t)))
    if fix["override_reason"]:
        add(_para(f"Why not the triage's recommendation ({c['recommendation']['label']}): ",
                  fix["override_reason"]))
    if c["fine_tune"]:
        add(_para("Fine-tune: ", shown["fine_tune_sentence"]))
    add(Para([r("Rejected:", True)], "Normal"))
    for a in c["alternatives"]:
        add(_item(a["label"], a["reason"]))
    if not c["alternatives"]:
        add(Para([r("None recorded.")], "List Bullet"))

    add(Para([r("Costs")], "Heading 1"))
    costs = c["costs"]
    side: list[Block] = []
    if costs:
        add(Para([r(shown["cost_basis"])]))
        h = costs["horizon_months"]
        star = "*" if shown["all_in"] else ""
        header = [[r(t, True)] for t in ("Option", f"Per request{star}", "Month 1", "One-time",
                                          "Retrain", f"TCO ({h} mo)")]
        body = [[[r(o["name"] + (" (chosen)" if o["chosen"] else ""))],
                 [r(o.get("per_request_all_in", o["per_request"]))], [r(o["first_month"])],
                 [r(o["one_time"])], [r(o["retrain"])], [r(o["tco"])]]
                for o in costs["options"]]
        add(Table("costs", [header, *body], [0.34, 0.12, 0.11, 0.11, 0.18, 0.14],
                  right={1, 2, 3, 4, 5},
                  bold_rows={i + 1 for i, o in enumerate(costs["options"]) if o["chosen"]}))
        for v in shown["verdicts"]:
            volume = f" Break-even volume: {v['volume_text']}." if v.get("volume_text") else ""
            outcome = (f"; {_plain(v['tco_phrase'])} over {months(h)}" if v["tco_phrase"]
                       else "")
            side.append(Para([r(f"Against {v['alternative']}: {v['verdict_text']}"
                                f"{outcome}.{volume}")]))
        if shown["other_verdicts"]:
            side.append(Para([r(f"Pays back against the others: {shown['other_verdicts']}.")]))
        if costs["sensitivity_line"]:
            side.append(Para([r(f"If {costs['sensitivity_line']}.")], "Note"))
        if shown["all_in"]:
            side.append(Para([r(ALL_IN_NOTE)], "Note"))
    else:
        add(Para([r("No cost numbers given.")]))

    side.append(Para([r("Evaluation")], "Heading 1"))
    ev = c["evaluation"]
    if ev:
        runs: list[Run] = []
        if ev["metric"]:
            runs.append(r(ev["metric"], True))
        figures = shown["evaluation_figures"]
        if figures:
            runs.append(r((": " if runs else "") + figures))
        if ev["eval_set"]:
            runs.append(r((", on " if runs else "Eval set: ") + ev["eval_set"]))
        if shown["guardrails_sentence"]:
            runs.append(r(" " + shown["guardrails_sentence"]))
        side.append(Para(runs or [r("No evaluation plan given.")]))
    else:
        side.append(Para([r("No evaluation plan given.")]))
    side.append(Para([r("Maintenance")], "Heading 1"))
    mnt = c["maintenance"]
    if mnt:
        runs = []
        if mnt["owner"]:
            runs += [r("Owner: ", True), r(f"{mnt['owner']}. ")]
        triggers = ", ".join(mnt["retrain_triggers"]) or "no trigger named"
        runs += [r("Retrain on: ", True), r(f"{triggers}.")]
        if mnt["monitoring"]:
            runs += [r(" Monitoring: ", True), r(mnt["monitoring"])]
        if mnt["review_by"]:
            runs += [r(" Review by ", True), r(f"{mnt['review_by']}.")]
        side.append(Para(runs))
    else:
        side.append(Para([r("No maintenance plan given.")]))

    if chart is not None:
        figure: list[Block] = [Picture(chart[0], chart[1], shown["chart_title"])]
        blocks.append(Columns(figure, side, chart[0]))
    else:
        blocks.extend(side)

    add(Para([r("Risks and rollback")], "Heading 1"))
    for risk in c["risks"]:
        runs = [r(sentence(risk["risk"]), True)]
        if risk["mitigation"]:
            runs.append(r(f" Mitigation: {risk['mitigation']}"))
        add(Para(runs, "List Bullet", rtl=direction(risk["risk"]) == "rtl"))
    if c["rollback"]:
        add(Para([r("Rollback: ", True), r(c["rollback"])], "List Bullet",
                 rtl=direction(c["rollback"]) == "rtl"))
    if not c["risks"] and not c["rollback"]:
        add(Para([r("None recorded.")], "List Bullet"))
    return blocks


ALL_IN_NOTE = "* With fixed monthly costs (serving, people, labels) spread over month 1's requests."


def colophon(c: dict[str, Any], shown: dict[str, Any]) -> str:
    """The footer line: which tool made the memo and what the checklist found."""
    return f"{c['generator']} · {shown['colophon']}"


def _plain(markup: object) -> str:
    import re

    return re.sub(r"<[^>]+>", "", str(markup))


def _para(label: str, text: str) -> Para:
    return Para([r(label, True), r(text)], rtl=direction(text) == "rtl")


def _item(label: str, text: str) -> Para:
    runs = [r(label, True), r(f": {text}" if text else ".")]
    return Para(runs, "List Bullet", rtl=direction(text) == "rtl")


def slanted(text: str) -> bool:
    """Whether ``text`` may be set in italics (the fonts of some scripts have none)."""
    return can_slant(text)


# --- the estimate ---------------------------------------------------------------------------


class Estimator:
    """Heights in points of the plan's blocks at one body size and leading."""

    def __init__(self, body_pt: float, leading: float) -> None:
        self.body = body_pt
        self.leading = leading  # multiple of single line spacing
        self._widths: dict[tuple[str, float, bool], float] = {}

    def width(self, text: str, size: float, bold: bool) -> float:
        key = (text, size, bold)
        cached = self._widths.get(key)
        if cached is None:
            cached = self._widths[key] = _width(text, size, bold)
        return cached

    def lines(self, runs: list[Run], width: float, size: float) -> int:
        """Lines ``runs`` take at ``width`` pt, wrapping between words (and between CJK
        characters), as a word processor does."""
        count, x = 1, 0.0
        space = self.width(" ", size, False)
        for text, bold in runs:
            for chunk_index, chunk in enumerate(text.split("\n")):
                if chunk_index:
                    count, x = count + 1, 0.0
                for token in _tokens(chunk):  # cached: every step splits the same text
                    if token == " ":
                        x += space
                        continue
                    w = self.width(token, size, bold)
                    if x > 0 and x + w > width:
                        count, x = count + 1, 0.0
                    while w > width:  # a token longer than the line breaks anywhere
                        count, w = count + 1, w - width
                    x += w
        return count

    def line_height(self, size: float, text: str) -> float:
        factor = CJK_LINE if _has_wide(text) else LINE
        return size * factor * self.leading

    def height(self, block: Block, width: float) -> float:
        if isinstance(block, Para):
            rel, before, after, extra = STYLES.get(block.style, STYLES["Normal"])
            size = type_pt(self.body, rel)
            indent = BULLET_INDENT_PT if block.style == "List Bullet" else 0.0
            pad = 0.0  # paragraph borders sit outside the text (Word and LibreOffice alike)
            lines = self.lines(block.runs, width - indent - pad, size)
            return (lines * self.line_height(size, block.text) + (before + after) * self.body
                    + extra * self.body + FIXED_PT.get(block.style, 0.0))
        if isinstance(block, Table):
            size = type_pt(self.body, block.size)
            total = 0.0
            for row in block.rows:
                tallest = 0.0
                for cell, fraction in zip(row, block.widths, strict=True):
                    inner = fraction * width - 2 * CELL_PAD_EM * self.body
                    text = "".join(t for t, _b in cell)
                    tallest = max(tallest, self.lines(cell, inner, size)
                                  * self.line_height(size, text))
                total += tallest + 1.0
            return total + 0.3 * self.body
        if isinstance(block, Picture):
            return block.height_pt + 2.0
        left = sum(self.height(b, block.left_width_pt) for b in block.left)
        right_width = width - block.left_width_pt - block.gap_pt
        right = sum(self.height(b, right_width) for b in block.right)
        return max(left, right) + 0.3 * self.body

    def total(self, blocks: list[Block], width: float) -> float:
        return sum(self.height(b, width) for b in blocks)


# Widths are measured once per word at a large size and scaled: the chart's fonts, laid out
# by HarfBuzz (Raqm), advance linearly with the size, so this is what measuring at each
# step's size gives (within 0.1 %, the rounding of 26.6 fixed point), for a quarter of the
# time. The size is rounded to whole pixels at 300 dpi, as chart_png.measure does.
_REFERENCE_PX = 2048


@lru_cache(maxsize=65536)
def _unit_width(text: str, bold: bool) -> float:
    from memo.render.chart_png import CONTROL, font_for

    text = CONTROL.sub(" ", text)
    return font_for(text, _REFERENCE_PX, bold).getlength(text) / _REFERENCE_PX


def _width(text: str, size: float, bold: bool) -> float:
    """Width in points of ``text`` at ``size`` pt, as :func:`chart_png.measure` gives it."""
    from memo.render.chart_png import DPI

    return _unit_width(text, bold) * round(size * DPI / 72) * 72 / DPI


@lru_cache(maxsize=4096)
def _has_wide(text: str) -> bool:
    return any(is_wide(ch) for ch in text)


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[str, ...]:
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch == " ":
            if word:
                tokens.append(word)
            tokens.append(" ")
            word = ""
        elif is_wide(ch):
            if word:
                tokens.append(word)
            tokens.append(ch)
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    return tuple(tokens)


def text_area(layout: Layout, paper: str) -> tuple[float, float]:
    """Width and height in points inside the margins of ``layout`` on ``paper``."""
    width_mm, height_mm = PAPER_MM[paper.lower()]
    return ((width_mm - 2 * layout.margin_h_mm) * PT_PER_MM,
            (height_mm - 2 * layout.margin_v_mm) * PT_PER_MM)


def estimated_fill(blocks: list[Block], layout: Layout, paper: str) -> float:
    """The plan's estimated height at ``layout`` as a share of the page's text area."""
    width, height = text_area(layout, paper)
    estimator = Estimator(layout.font_pt, layout.line_height / LINE)
    return estimator.total(blocks, width) / height
