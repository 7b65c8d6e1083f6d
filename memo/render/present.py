"""Presentation facts every renderer shares: verdict sentences, crossings, text direction,
CJK-aware counting, the draft band and id-safe prose. Pure; no Jinja, no I/O.

The cost verdicts come from :mod:`memo.context` (``verdict_text``, ``crossings``,
``headline``); where a context lacks them (an older context), they are derived here from the
cumulative costs with the same rule (whole cents, SPEC's four verdicts), so a renderer never
has to print a bare "break-even month 1".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markupsafe import Markup, escape

from memo.format import sentence, states_amount

# --- scripts ------------------------------------------------------------------------------


def is_wide(char: str) -> bool:
    """A character set one per em and counted on its own (CJK, kana, hangul, full-width)."""
    return unicodedata.east_asian_width(char) in ("W", "F") and char.isprintable()


def units(text: str) -> tuple[int, int]:
    """(words, wide characters) in ``text``: CJK text has no spaces, so it counts by character."""
    wide = sum(1 for ch in text if is_wide(ch))
    narrow = "".join(" " if is_wide(ch) else ch for ch in text)
    return len(narrow.split()), wide


def direction(text: object) -> str:
    """``rtl`` when the first strong character of ``text`` is right-to-left, else ``ltr``."""
    for ch in str(text or ""):
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def has_rtl(text: object) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in str(text or ""))


# Scripts whose fonts have no italic: slanting them fakes an oblique or breaks the shaping.
_NO_ITALIC = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u0900-\u0dff"
                        "\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def can_slant(text: object) -> bool:
    return _NO_ITALIC.search(str(text or "")) is None


# --- prose that search and copy survive ---------------------------------------------------

# A token with a digit or one of / _ . @ : = inside it is an id, a URL, a version or a number:
# it must never get a hyphen inserted. A token that is a number must not be split at all.
_TOKEN = re.compile(r"\S+")
_EDGE = "\"'([{<“‘«"
_TAIL = "\"')]}>.,;:!?”’»"
_ID_INSIDE = re.compile(r"[\d/_.@:=]|[a-z][A-Z]")
_NUMBER = re.compile(r"^[−\-+]?[$€£¥]?[−\-+]?\d[\d,.]*(?:[%kKMB]|/\w+)?$")


def prose(value: object) -> Markup:
    """User text escaped for HTML, ids and URLs kept whole and numbers unsplit.

    Paragraphs of prose are hyphenated by the stylesheet; a token that looks like an id (a
    model name, a URL, a version) is wrapped so hyphenation skips it, and a number is kept
    on one line.
    """
    if isinstance(value, Markup):
        return value
    text = str(value or "")
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        out.append(str(escape(text[last:match.start()])))
        token = match.group()
        start = len(token) - len(token.lstrip(_EDGE))
        end = len(token.rstrip(_TAIL))
        core = token[start:end] if end > start else ""
        if core and _NUMBER.match(core):
            out.append(f'{escape(token[:start])}<span class="nb">{escape(core)}</span>'
                       f"{escape(token[end:])}")
        elif core and _ID_INSIDE.search(core.strip(".")):
            out.append(f'{escape(token[:start])}<span class="id">{escape(core)}</span>'
                       f"{escape(token[end:])}")
        else:
            out.append(str(escape(token)))
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


# --- drafts -------------------------------------------------------------------------------


def draft_band(context: dict[str, Any]) -> str:
    """"Draft: N checklist errors ..." for a memo that fails the checklist, else ""."""
    errors = int(context.get("errors") or 0)
    if errors <= 0:
        return ""
    noun = "error" if errors == 1 else "errors"
    return (f"Draft: {errors} checklist {noun}. Not ready for a decision; "
            f"run memo check to list them.")


# --- cost verdicts ------------------------------------------------------------------------


def cost_verdicts(costs: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per alternative, from the context's verdicts (memo.cost decides them in
    whole cents): alternative, verdict, verdict_text, month, and the crossing months a chart
    marks (only real crossings)."""
    out = []
    for b in costs.get("break_even") or []:
        entry = dict(b)
        entry["crossings"] = [c["month"] for c in b.get("crossings", [])]
        # One page has room for the break-even volume against the strongest alternative only
        # (the one the headline and the sensitivity strip are about); `memo cost` has them all.
        if b.get("alternative_index") != costs.get("strongest_index"):
            entry["volume_text"] = ""
        out.append(entry)
    return out


FULL_VERDICTS = 2  # beyond this many alternatives, the others share one compact line


def split_verdicts(costs: dict[str, Any], verdicts: list[dict[str, Any]]
                   ) -> tuple[list[dict[str, Any]], str]:
    """The verdicts a one-page memo states in full, and one line for the rest: with many
    alternatives only the strongest (the headline's) gets its own sentence."""
    if len(verdicts) <= FULL_VERDICTS:
        return verdicts, ""
    strongest = costs.get("strongest_index")
    full = [v for v in verdicts if v["alternative_index"] == strongest]
    rest = "; ".join(f"{v['alternative']}: {v['short']}" for v in verdicts
                     if v["alternative_index"] != strongest)
    return full, rest


def headline(costs: dict[str, Any]) -> str:
    """One short sentence for the chart's title and alt text: the verdict."""
    if costs.get("headline"):
        return str(costs["headline"])
    return f"Cumulative cost of each option over {costs.get('horizon_months', '')} months"


# --- the view every renderer adds to the context -------------------------------------------


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def tco_phrase(difference: float) -> Markup:
    """Chosen minus alternative TCO as words: never a minus sign to wrap after."""
    from memo.cost import cents
    from memo.format import usd

    if cents(difference) == 0:
        return Markup("costs the same")
    amount = f'<span class="nb">{escape(usd(abs(difference)))}</span>'
    return Markup(f"saves {amount}" if difference < 0 else f"costs {amount} more")


def fine_tune_sentence(ft: dict[str, Any]) -> str:
    head = ", ".join(p for p in (str(ft.get("method") or ""),
                                 f"{ft['flavor']} tuning" if ft.get("flavor") else "") if p)
    text = head or "Tuning"
    if ft.get("base_model"):
        text += f" of {ft['base_model']}"
    if ft.get("training_examples"):
        text += f" on {ft['training_examples']} examples"
    if ft.get("data_source"):
        text += f" from {ft['data_source']}"
    text = sentence(text)
    if ft.get("full_reason"):
        text += f" Full fine-tuning because: {sentence(ft['full_reason'])}"
    for key, label in (("data_rights", "Data rights"), ("data_destination", "Data goes to"),
                       ("regression_eval", "Regressions caught by")):
        if ft.get(key):
            text += f" {label}: {sentence(ft[key])}"
    if ft.get("base_model_retires"):
        text += f" Base model retires {ft['base_model_retires']}."
    return text


def cost_basis(costs: dict[str, Any]) -> str:
    text = (f"{costs['requests_per_month']} requests/month, {costs['growth']} monthly growth, "
            f"{costs['horizon_months']}-month horizon.")
    source, date = str(costs.get("price_source") or "").strip(), costs.get("price_date")
    if source and date:
        text += f" Prices: {source.rstrip('.')} ({date})."
    elif source:
        text += f" Prices: {sentence(source)}"
    elif date:
        text += f" Prices as of {date}."
    return text


def evaluation_figures(ev: dict[str, Any]) -> str:
    parts = [f"{key} {ev[key]}" for key in ("baseline", "target", "pilot")
             if str(ev.get(key) or "")]
    return ", ".join(parts)


def guardrails_sentence(ev: dict[str, Any]) -> str:
    """"Holding: p95 latency (ms) 3800 -> 1500; ..." for the guardrails, or ""."""
    rails = [f"{g['metric']} {g['baseline']} → {g['target']}" for g in ev.get("guardrails", [])]
    return f"Guardrails: {'; '.join(rails)}." if rails else ""


def fix_sentence(fix: dict[str, Any]) -> str:
    """The supporting parts and, where the fix costs more, why: "" when neither is given."""
    text = ""
    if fix.get("also"):
        text += f"With {', '.join(fix['also']).lower()}."
    if fix.get("premium_reason"):
        text += f" Worth its extra cost because: {sentence(fix['premium_reason'])}"
    return text.strip()


def legend(costs: dict[str, Any]) -> list[dict[str, Any]]:
    """Legend rows for HTML: the chosen option first, colours and dash styles as drawn."""
    from memo.render.chart import CHOSEN_COLOR, DASHES, OTHER_COLORS

    styles = ("solid", "dashed", "dotted", "dashdot")
    rows, others = [], 0
    for option in costs.get("options") or []:
        if option["chosen"]:
            rows.insert(0, {"name": option["name"], "chosen": True, "color": CHOSEN_COLOR,
                            "style": "solid"})
            continue
        rows.append({"name": option["name"], "chosen": False,
                     "color": OTHER_COLORS[others % len(OTHER_COLORS)],
                     "style": styles[(others // len(OTHER_COLORS)) % len(DASHES)]})
        others += 1
    return rows


def view(context: dict[str, Any]) -> dict[str, Any]:
    """Presentation values derived from the context, shared by HTML, PDF and DOCX."""
    costs = context.get("costs") or {}
    verdicts = cost_verdicts(costs) if costs else []
    options = costs.get("options", [])
    chosen = next((o for o in options if o["chosen"]), None)
    for v in verdicts:
        other = options[v["alternative_index"]]
        assert chosen is not None  # verdicts exist only against a chosen option
        # "never pays back: $3,240 more by month 24" already says what the horizon costs
        v["tco_phrase"] = (Markup("") if states_amount(v["verdict"]) else
                           tco_phrase(chosen["raw"]["tco_usd"] - other["raw"]["tco_usd"]))
    errors, warnings = int(context.get("errors") or 0), int(context.get("warnings") or 0)
    stated, others = split_verdicts(costs, verdicts)
    return {
        "draft": draft_band(context),
        "verdicts": stated,
        "all_verdicts": verdicts,
        "other_verdicts": others,
        "chart_title": headline(costs) if costs else "",
        "chart_legend": legend(costs) if costs else [],
        "cost_basis": cost_basis(costs) if costs else "",
        # the per-request column includes fixed costs: say so where any option has them
        "all_in": any(o.get("fixed_items") for o in costs.get("options", [])),
        "fine_tune_sentence": fine_tune_sentence(context["fine_tune"])
        if context.get("fine_tune") else "",
        "evaluation_figures": evaluation_figures(context["evaluation"])
        if context.get("evaluation") else "",
        "guardrails_sentence": guardrails_sentence(context["evaluation"])
        if context.get("evaluation") else "",
        "fix_sentence": fix_sentence(context["fix"]),
        "colophon": f"{plural(errors, 'checklist error')}, {plural(warnings, 'warning')}",
        "lang": "en",
    }
