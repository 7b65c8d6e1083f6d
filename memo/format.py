"""Number formatting shared by every renderer and the terminal. Pure."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from memo.cost import Verdict, cents

if TYPE_CHECKING:
    from memo.cost import BreakEven


def usd(value: float) -> str:
    """Money for tables: whole dollars from $100 up, cents below, 3 significant figures under $1."""
    if value < 0:
        return "-" + usd(-value)
    if value == 0:
        return "$0"
    if value >= 100:
        return f"${value:,.0f}"
    if value >= 1:
        return f"${value:,.2f}"
    decimals = max(2, 2 - math.floor(math.log10(value)))
    return f"${value:.{decimals}f}"


def count(value: float) -> str:
    """Whole counts with thousands separators; fractional counts keep one decimal."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def compact(value: float) -> str:
    """Large counts in words a reader scans: 1.2M, 350k."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            scaled = value / size
            text = f"{scaled:.1f}".removesuffix(".0")
            return f"{text}{suffix}"
    return count(value)


def number(value: float | None) -> str:
    if value is None:
        return ""
    return count(value) if float(value).is_integer() else f"{value:g}"


def percent(value: float) -> str:
    return f"{value:g}%"


# --- cost verdicts in words a director reads correctly ------------------------------------


def verdict_text(result: BreakEven, horizon: int) -> str:
    """The chosen option against one alternative, over the horizon, in one clause."""
    diff = abs(result.tco_difference_usd)
    if result.verdict == Verdict.DOMINATES:
        return "cheaper from the start and stays cheaper"
    if result.verdict == Verdict.PAYS_BACK:
        text = f"pays back in month {result.settled_month} and stays cheaper"
        if result.month is not None and result.month != result.settled_month:
            text += f" (it first dipped below in month {result.month})"
        return text
    if result.verdict == Verdict.CROSSES_BACK:
        spells = sum(1 for c in result.crossings if c.chosen_cheaper) + (result.month == 1)
        if spells > 1:
            when = (f"in some months between month {result.month} and month "
                    f"{result.last_cheaper_month}")
        elif result.month == result.last_cheaper_month:
            when = f"only in month {result.month}"
        elif result.month == 1:
            when = f"until month {result.last_cheaper_month}"
        else:
            when = f"from month {result.month} until month {result.last_cheaper_month}"
        return f"cheaper {when}, then costs {usd(diff)} more by month {horizon}"
    return f"never pays back: {usd(diff)} more by month {horizon}"


def verdict_short(result: BreakEven) -> str:
    """The verdict for a table cell."""
    if result.verdict == Verdict.DOMINATES:
        return "from the start"
    if result.verdict == Verdict.PAYS_BACK:
        return f"month {result.settled_month}"
    if result.verdict == Verdict.CROSSES_BACK:
        assert result.last_cheaper_month is not None
        return f"no: dearer from month {result.last_cheaper_month + 1}"
    return "never"


def months(n: int) -> str:
    """``1 month``, ``24 months``."""
    return f"{n} month" if n == 1 else f"{n} months"


def states_amount(verdict: Verdict | str) -> bool:
    """Whether :func:`verdict_text` for this verdict already says what the chosen option
    costs extra at the horizon ("never pays back: $3,240 more by month 24"): then the TCO
    outcome would say the same figure again."""
    return Verdict(verdict) in (Verdict.CROSSES_BACK, Verdict.NEVER)


def verdict_sentence(result: BreakEven, horizon: int) -> str:
    """The verdict and, where it does not already say it, what the horizon saves or costs."""
    text = verdict_text(result, horizon)
    return text if states_amount(result.verdict) else f"{text}; {tco_outcome(result, horizon)}"


def tco_outcome(result: BreakEven, horizon: int) -> str:
    """What the chosen option saves or costs extra over the horizon."""
    amount = usd(abs(result.tco_difference_usd))
    if cents(result.tco_difference_usd) == 0:
        return f"costs the same over {months(horizon)}"
    if result.tco_difference_usd < 0:
        return f"saves {amount} over {months(horizon)}"
    return f"costs {amount} more over {months(horizon)}"


def volume_text(result: BreakEven, planned: float) -> str:
    """Break-even volume and the headroom against the planned volume; "" where none."""
    volume = result.break_even_volume
    if volume is None or result.chosen_cheaper_above_volume is None or planned <= 0:
        return ""
    if result.chosen_cheaper_above_volume:
        headroom = (planned - volume) / planned
        if headroom >= 0:
            return (f"pays off above {compact(volume)} requests/month; the plan of "
                    f"{compact(planned)} can fall {headroom:.0%} before the verdict flips")
        return (f"pays off above {compact(volume)} requests/month, "
                f"{volume / planned - 1:.0%} more than the plan of {compact(planned)}")
    growth = volume / planned - 1
    if growth >= 0:
        return (f"cheaper below {compact(volume)} requests/month; the plan of "
                f"{compact(planned)} can grow {growth:.0%} before the verdict flips")
    return (f"cheaper below {compact(volume)} requests/month, {1 - volume / planned:.0%} "
            f"less than the plan of {compact(planned)}")


def scenario_short(result: BreakEven) -> str:
    """A scenario's verdict in the fewest words, for the one-page memo's sensitivity line."""
    if result.verdict == Verdict.DOMINATES:
        return "cheaper from the start"
    if result.verdict == Verdict.PAYS_BACK:
        return f"pays back in month {result.settled_month}"
    return f"costs {usd(abs(result.tco_difference_usd))} more"


def scenario_text(result: BreakEven, horizon: int) -> str:
    """A scenario's verdict for the sensitivity strip: short, with the money at stake."""
    if result.verdict == Verdict.DOMINATES:
        return "cheaper from the start"
    if result.verdict == Verdict.PAYS_BACK:
        return f"pays back in month {result.settled_month}"
    if result.verdict == Verdict.CROSSES_BACK:
        return f"crosses back, {usd(abs(result.tco_difference_usd))} more by month {horizon}"
    return f"never pays back, {usd(abs(result.tco_difference_usd))} more by month {horizon}"


def sentence(text: object) -> str:
    """``text`` ending in one full stop (no doubled period after a user's own): typed prose
    that the memo follows with more text must not run into it ("... the prompt Guardrails:")."""
    body = str(text or "").rstrip()
    if not body:
        return ""
    return body if body[-1] in ".!?。！？…" else body + "."
