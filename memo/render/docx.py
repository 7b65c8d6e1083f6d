"""The memo as a Word document: real styles, tables, lists, the chart as an image.

Sections follow the PDF. The answers travel in a custom XML part (see :mod:`memo.embedded`).
``--reference-docx`` takes a company's styles: the body of that file is dropped, its styles,
headers and footers kept. All user text is stripped of characters XML cannot hold.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from memo.embedded import DOCX_PART, encode_docx_part
from memo.errors import UserError
from memo.render import RenderOptions
from memo.render.budget import check_word_budget
from memo.render.chart import geometry, series_from_context
from memo.render.sanitize import xml_safe

REQUIRED_STYLES = ("Normal", "Title", "Heading 1", "List Bullet")
TABLE_STYLE = "Table Grid"  # used when present; plain tables otherwise
PAPER_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
CUSTOM_XML_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                  "customXml")


def _open(reference: Path | None) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if reference is None:
        document = docx.Document()
    else:
        try:
            document = docx.Document(str(reference))
        except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
            raise UserError(f"cannot open the reference document {reference}: {exc}",
                            field="--reference-docx") from None
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise UserError(f"the reference document lacks the style(s) {', '.join(missing)}",
                        field="--reference-docx",
                        hint="in Word, apply each style once in the reference file (or modify "
                             "it in the Styles pane) and save; Word then stores it in the file")
    return document


def _page_setup(document: Any, options: RenderOptions) -> None:
    from docx.shared import Mm, Pt

    width, height = PAPER_MM.get(options.paper, PAPER_MM["letter"])
    for section in document.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        if options.reference_docx is None:
            section.top_margin = section.bottom_margin = Mm(13)
            section.left_margin = section.right_margin = Mm(16)
    if options.reference_docx is None:
        normal = document.styles["Normal"]
        normal.font.size = Pt(9.5)
        normal.paragraph_format.space_after = Pt(2)
        for name, size in (("Title", 17), ("Heading 1", 11.5)):
            style = document.styles[name]
            style.font.size = Pt(size)
            style.paragraph_format.space_before = Pt(5 if name != "Title" else 0)
            style.paragraph_format.space_after = Pt(2)


class _Writer:
    def __init__(self, document: Any) -> None:
        self.doc = document
        names = {style.name for style in document.styles}
        self.table_style = TABLE_STYLE if TABLE_STYLE in names else None

    def heading(self, text: str) -> None:
        self.doc.add_heading(xml_safe(text), level=1)

    def para(self, *runs: tuple[str, bool] | str) -> Any:
        paragraph = self.doc.add_paragraph()
        self._runs(paragraph, runs)
        return paragraph

    def bullet(self, *runs: tuple[str, bool] | str) -> None:
        paragraph = self.doc.add_paragraph(style="List Bullet")
        self._runs(paragraph, runs)

    @staticmethod
    def _runs(paragraph: Any, runs: tuple[tuple[str, bool] | str, ...]) -> None:
        for run in runs:
            text, bold = (run, False) if isinstance(run, str) else run
            paragraph.add_run(xml_safe(text)).bold = bold or None

    def table(self, header: list[str], rows: list[list[str]], bold_rows: set[int] = frozenset()
              ) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        if self.table_style:
            table.style = self.table_style
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(xml_safe(text)).bold = True
        for index, row in enumerate(rows):
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.paragraphs[0].add_run(xml_safe(text)).bold = (index in bold_rows) or None


def _body(w: _Writer, c: dict[str, Any], chart_png: bytes | None) -> None:
    doc = w.doc
    doc.add_heading(xml_safe(c["title"]), level=0)
    byline = f"Owner: {c['owner']} · Author: {c['author']}"
    byline += f", {c['team']}" if c["team"] else ""
    byline += f" · Date: {c['date']} · Status: {c['status']}"
    w.para(byline)
    w.para(("Decision requested: ", True), c["decision_requested"])

    w.heading("Problem")
    w.para(("Task. ", True), c["problem"]["task"])
    w.para(("Failure today. ", True), c["problem"]["failure"])

    w.heading("Diagnosis")
    rows = c["triage"]["rows"]
    w.table([f"{r['name']}: {r['question']}" for r in rows],
            [[str(r["answer"]) + (" (gap)" if r["present"] else "") for r in rows]])
    w.para(("Evidence. ", True), c["triage"]["evidence"])
    gaps = ", ".join(c["diagnosis"]) if c["diagnosis"] else "none"
    w.para(("Gaps named: ", True), f"{gaps}. Triage recommends ",
           (c["recommendation"]["label"], True), ".")

    w.heading("Tried so far")
    for t in c["tried"] or [{"label": "Nothing recorded", "result": ""}]:
        w.bullet((f"{t['label']}: ", True), t["result"])

    w.heading("Decision")
    fix = c["fix"]
    w.para((f"{fix['label']}. ", True), fix["rationale"])
    if fix["override_reason"]:
        w.para((f"Why not the triage's recommendation ({c['recommendation']['label']}): ",
                True), fix["override_reason"])
    ft = c["fine_tune"]
    if ft:
        text = (f"{ft['method']}, {ft['flavor']} tuning of {ft['base_model']} on "
                f"{ft['training_examples']} examples from {ft['data_source']}.")
        if ft["full_reason"]:
            text += f" Full fine-tuning because: {ft['full_reason']}"
        w.para(("Fine-tune: ", True), text)
    w.para(("Rejected:", True))
    for a in c["alternatives"] or [{"label": "None recorded", "reason": ""}]:
        w.bullet((f"{a['label']}: ", True), a["reason"])

    w.heading("Costs")
    costs = c["costs"]
    if costs:
        w.para(f"{costs['requests_per_month']} requests/month, {costs['growth']} monthly growth, "
               f"{costs['horizon_months']}-month horizon. Prices: {costs['price_source']} "
               f"({costs['price_date']}).")
        h = costs["horizon_months"]
        w.table(["Option", "Per request", "Month 1", "One-time", "Retrain", f"TCO ({h} mo)",
                 "Break-even"],
                [[o["name"] + (" (chosen)" if o["chosen"] else ""), o["per_request"],
                  o["first_month"], o["one_time"], o["retrain"], o["tco"],
                  "—" if o["chosen"] else o["break_even"]] for o in costs["options"]],
                bold_rows={i for i, o in enumerate(costs["options"]) if o["chosen"]})
        if chart_png:
            from docx.shared import Mm

            doc.add_picture(io.BytesIO(chart_png), width=Mm(78))
        for b in costs["break_even"]:
            w.para(f"Against {b['alternative']}: {b['verdict_text']}; {b['outcome']}.")
        if costs["sensitivity_line"]:
            w.para(f"If {costs['sensitivity_line']}.")
    else:
        w.para("No cost numbers given.")

    w.heading("Evaluation")
    ev = c["evaluation"]
    if ev:
        w.para((ev["metric"], True), f": baseline {ev['baseline']}, target {ev['target']}, "
               f"on {ev['eval_set']}")
    else:
        w.para("No evaluation plan given.")

    w.heading("Maintenance")
    mnt = c["maintenance"]
    if mnt:
        triggers = ", ".join(mnt["retrain_triggers"]) or "none"
        w.para(("Owner: ", True), f"{mnt['owner']}. ", ("Retrain on: ", True), f"{triggers}. ",
               ("Monitoring: ", True), f"{mnt['monitoring']} ", ("Review by ", True),
               f"{mnt['review_by']}.")
    else:
        w.para("No maintenance plan given.")

    w.heading("Risks and rollback")
    for r in c["risks"]:
        w.bullet((r["risk"], True), f" Mitigation: {r['mitigation']}")
    w.bullet(("Rollback: ", True), c["rollback"])


def _embed_answers(document: Any, answers_yaml: str) -> None:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI("/" + DOCX_PART), "application/xml", encode_docx_part(answers_yaml),
                document.part.package)
    document.part.relate_to(part, CUSTOM_XML_REL)


def _chart(context: dict[str, Any]) -> bytes | None:
    costs = context.get("costs")
    if not costs or not costs.get("options"):
        return None
    from memo.render.chart_png import png

    # Mark only real crossings where the chosen option becomes the cheaper one.
    marks = [(b["alternative"], c["month"]) for b in costs["break_even"]
             for c in b["crossings"] if c["chosen_cheaper"]]
    return png(geometry(series_from_context(costs), marks))


def render_docx(context: dict[str, Any], options: RenderOptions) -> bytes:
    check_word_budget(context)
    document = _open(options.reference_docx)
    _page_setup(document, options)
    _body(_Writer(document), context, _chart(context))
    props = document.core_properties
    props.title = xml_safe(context["title"])[:255]
    props.author = xml_safe(context["author"])[:255]
    props.comments = f"{context['generator']}; the answers are embedded in {DOCX_PART}"
    _embed_answers(document, context["answers_yaml"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
