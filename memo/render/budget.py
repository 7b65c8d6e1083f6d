"""The one-page budget shared by PDF and DOCX: text per section and the overflow error.

Both formats lay the memo out (weasyprint for PDF; LibreOffice, or a calibrated estimate, for
DOCX), step the type down when it overflows, and report an overflow the same way: which
sections are longest and about how much to cut. Text is counted in words, or in characters
for a memo written mostly in a script without spaces between words (Chinese, Japanese).
"""

from __future__ import annotations

import math
from typing import Any

from memo.errors import MemoError
from memo.render.present import units

# Width of one unit of text on a line, in em: an average English word plus its space, or
# one CJK character.
EMS_PER_UNIT = {"words": 3.4, "characters": 1.0}


class MemoTooLong(MemoError):
    """The memo does not fit on one page even at the smallest allowed type. Exit code 1."""

    exit_code = 1

    def __init__(self, to_cut: int, sections: dict[str, int], pages: float | None = None,
                 *, unit: str = "words", measured_by: str = "") -> None:
        self.words_to_cut = to_cut
        self.unit = unit
        self.sections = sections
        self.pages = pages
        longest = sorted(sections.items(), key=lambda item: -item[1])[:3]
        named = ", ".join(f"{name} ({count} {unit})" for name, count in longest)
        size = f" (it needs about {pages:.1f} pages)" if pages else ""
        by = f" {measured_by}" if measured_by else ""
        self.message = (f"the memo does not fit on one page even at the smallest type, 8.5 pt"
                        f"{size}{by}; cut about {to_cut} {unit}. Longest sections: {named}")
        self.hint = ("shorten those answers (edit the YAML or run `memo edit`), "
                     "then render again")
        super().__init__(self.message)

    @classmethod
    def from_excess(cls, excess_units: float, context: dict[str, Any], pages: float,
                    measured_by: str = "") -> MemoTooLong:
        unit = unit_of(context)
        return cls(to_cut(excess_units), section_units(context, unit), pages, unit=unit,
                   measured_by=measured_by)

    def __str__(self) -> str:
        return self.message


def section_texts(context: dict[str, Any]) -> dict[str, list[object]]:
    """The user text of each memo section, in memo order."""
    ft = context.get("fine_tune") or {}
    costs = context.get("costs") or {}
    ev = context.get("evaluation") or {}
    mnt = context.get("maintenance") or {}
    fix = context["fix"]
    return {
        "Title and decision requested": [context["title"], context["decision_requested"]],
        "Problem": [context["problem"]["task"], context["problem"]["failure"]],
        "Diagnosis": [context["triage"]["evidence"]],
        "Tried so far": [t["result"] for t in context["tried"]],
        "Decision": [fix["rationale"], fix["override_reason"], ft.get("base_model"),
                     ft.get("data_source"), ft.get("full_reason"),
                     *(a["reason"] for a in context["alternatives"])],
        "Costs": [costs.get("price_source"), *(o["name"] for o in costs.get("options", []))],
        "Evaluation": [ev.get("metric"), ev.get("eval_set")],
        "Maintenance": [mnt.get("owner"), mnt.get("monitoring")],
        "Risks and rollback": [context["rollback"], *(r["risk"] for r in context["risks"]),
                               *(r["mitigation"] for r in context["risks"])],
    }


def _counts(texts: list[object]) -> tuple[int, int]:
    words = wide = 0
    for text in texts:
        if text:
            w, c = units(str(text))
            words, wide = words + w, wide + c
    return words, wide


def unit_of(context: dict[str, Any]) -> str:
    """``characters`` for a memo written mostly in CJK, else ``words``."""
    words = wide = 0
    for texts in section_texts(context).values():
        w, c = _counts(texts)
        words, wide = words + w, wide + c
    return "characters" if wide > words else "words"


def section_units(context: dict[str, Any], unit: str | None = None) -> dict[str, int]:
    """Text per memo section in ``unit`` (words; characters count each CJK character and
    each other word as one)."""
    unit = unit or unit_of(context)
    out = {}
    for name, texts in section_texts(context).items():
        words, wide = _counts(texts)
        out[name] = words + wide if unit == "characters" else words + math.ceil(wide / 2)
    return out


def section_words(context: dict[str, Any]) -> dict[str, int]:
    return section_units(context, "words")


def to_cut(estimate: float) -> int:
    """An amount to cut, rounded up to a multiple of 5 (at least 10)."""
    return max(10, math.ceil(estimate / 5) * 5)


words_to_cut = to_cut
