"""The one-page budget shared by PDF and DOCX: words per section and the overflow error.

The PDF measures whether the memo fits after layout; DOCX cannot lay out pages, so it applies
the word budget the PDF layout supports at its tightest setting. Both report an overflow the
same way: which sections are longest and about how many words to cut.
"""

from __future__ import annotations

import math
from typing import Any

from memo.errors import MemoError

# Words of user text that fit on one page at the tightest layout, with the tables and chart
# (measured on letter paper with the shipped template; A4 holds slightly more).
WORD_BUDGET = 600


class MemoTooLong(MemoError):
    """The memo does not fit on one page even at the smallest allowed type. Exit code 1."""

    exit_code = 1

    def __init__(self, words_to_cut: int, sections: dict[str, int], pages: float | None = None,
                 *, source: str = "") -> None:
        self.words_to_cut = words_to_cut
        self.sections = sections
        self.pages = pages
        longest = sorted(sections.items(), key=lambda item: -item[1])[:3]
        named = ", ".join(f"{name} ({words} words)" for name, words in longest)
        size = f" (it needs about {pages:.1f} pages)" if pages else ""
        self.message = (f"the memo does not fit on one page even at the smallest type{size}; "
                        f"cut about {words_to_cut} words. Longest sections: {named}")
        self.hint = ("shorten those answers (edit the YAML or run `memo edit`), "
                     "then render again")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def words(*texts: object) -> int:
    return sum(len(str(t).split()) for t in texts if t)


def section_words(context: dict[str, Any]) -> dict[str, int]:
    """Words of user text per memo section, in memo order."""
    ft = context.get("fine_tune") or {}
    costs = context.get("costs") or {}
    ev = context.get("evaluation") or {}
    mnt = context.get("maintenance") or {}
    fix = context["fix"]
    return {
        "Title and decision requested": words(context["title"], context["decision_requested"]),
        "Problem": words(context["problem"]["task"], context["problem"]["failure"]),
        "Diagnosis": words(context["triage"]["evidence"]),
        "Tried so far": words(*(t["result"] for t in context["tried"])),
        "Decision": words(fix["rationale"], fix["override_reason"],
                          ft.get("base_model"), ft.get("data_source"), ft.get("full_reason"),
                          *(a["reason"] for a in context["alternatives"])),
        "Costs": words(costs.get("price_source"), *(o["name"] for o in costs.get("options", []))),
        "Evaluation": words(ev.get("metric"), ev.get("eval_set")),
        "Maintenance": words(mnt.get("owner"), mnt.get("monitoring")),
        "Risks and rollback": words(context["rollback"],
                                    *(r["risk"] for r in context["risks"]),
                                    *(r["mitigation"] for r in context["risks"])),
    }


def words_to_cut(estimate: float) -> int:
    """A word count to cut, rounded up to a multiple of 5 (at least 10)."""
    return max(10, math.ceil(estimate / 5) * 5)


def check_word_budget(context: dict[str, Any], budget: int = WORD_BUDGET) -> None:
    """Raise :class:`MemoTooLong` when the memo's text exceeds the one-page budget."""
    sections = section_words(context)
    total = sum(sections.values())
    if total > budget:
        raise MemoTooLong(words_to_cut(total - budget), sections)
