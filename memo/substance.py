"""What free text says: placeholders, people, measured figures, eval-set facts. Pure.

The checklist reads the SPEC's structured fields first; where a memo leaves them out, these
readers take the same fact from the prose (the eval-set size from `evaluation.eval_set`, the
alert threshold from `maintenance.monitoring`). Every regex here is linear in its input: no
nested quantifiers, so a hostile 4,000-character field costs microseconds.
"""

from __future__ import annotations

import math
import re

# --- placeholders and filler ----------------------------------------------------------------

_FILLER = frozenset({
    "tbd", "tbc", "tba", "todo", "to do", "fixme", "n/a", "na", "n.a", "none", "nothing",
    "nil", "null", "no", "nobody", "no one", "noone", "someone", "somebody", "anyone",
    "unknown", "unsure", "pending", "later", "soon", "etc", "xxx", "xx", "x", "test",
    "testing", "asdf", "foo", "bar", "placeholder", "same", "same as above", "see above",
    "as above", "ditto", "idem", "to be decided", "to be determined", "to be confirmed",
    "to be defined", "to be done", "will decide later", "fill in", "fill me", "fill in later",
    "not yet", "not sure", "dunno", "whatever", "misc", "various", "stuff", "ok", "yes",
    "not applicable", "does not apply", "nope",
})
_FILLER_START = re.compile(r"^(tbd|tbc|tba|todo|fixme|xxx|lorem ipsum)\b")
_EDGES = " \t\r\n.,;:!?\"'`*_()[]{}<>-–—…/\\|#~"


def placeholder(text: str | None) -> str | None:
    """The placeholder a field holds ("TBD", "n/a", "-", "lorem ipsum ..."), or None.

    Empty text is not a placeholder: presence rules report it as missing.
    """
    if text is None or not text.strip():
        return None
    core = " ".join(text.strip(_EDGES).lower().split())
    shown = " ".join(text.split())
    if not core:  # nothing but punctuation: "-", "?", "...", "—"
        return shown
    if core in _FILLER or _FILLER_START.match(core) or "lorem ipsum" in core:
        return shown if len(shown) <= 40 else shown[:37] + "..."
    return None


# --- owners -------------------------------------------------------------------------------

_GROUP_WORDS = frozenset({
    "team", "teams", "group", "groups", "squad", "department", "dept", "org", "organisation",
    "organization", "unit", "committee", "guild", "chapter", "crew", "staff", "everyone",
    "everybody", "nobody", "anyone", "someone", "we", "us", "all", "the", "our", "engineering",
    "engineers", "ml", "ai", "ops", "mlops", "devops", "platform", "infra", "infrastructure",
    "data", "science", "product", "support", "owners", "owner", "leads", "lead", "on-call",
    "oncall", "rotation", "management", "leadership", "tbd", "n/a", "na", "and", "of", "&",
})
_GROUP_ENDINGS = frozenset({"team", "teams", "group", "squad", "department", "dept", "org",
                            "organisation", "organization", "unit", "committee", "guild",
                            "chapter", "crew", "rotation", "staff", "leadership"})
_PARENTHESES = re.compile(r"\([^()]*\)")


def not_a_person(owner: str) -> bool:
    """A team, a role or nobody, rather than a named person ("ML Platform team", "nobody").

    Text in parentheses is ignored: "Jonas Berg (Clinical NLP)" names a person.
    """
    words = _PARENTHESES.sub(" ", owner).lower().replace(",", " ").split()
    if not words:
        return False
    return words[-1] in _GROUP_ENDINGS or all(w in _GROUP_WORDS for w in words)


# --- measured figures ------------------------------------------------------------------------

# A number starts where a digit run starts (the lookbehind) and never gives back what it took
# (possessive quantifiers): each run is read once, so matching stays linear.
_NUMBER = r"(?<![\d,.])\d[\d,]*+(?:\.\d++)?+"
_DENOMINATOR = re.compile(
    rf"(?:\b(?:of|on|in|across|over|from|out of|per|among)\s+"
    rf"(?:(?:the|all|a|same|those|these|our|its|their)\s+){{0,2}}{_NUMBER}"
    rf"|{_NUMBER}\s*/\s*{_NUMBER}"
    rf"|\bn\s*=\s*{_NUMBER})",
    re.IGNORECASE)
_UNIT = re.compile(
    rf"(?:{_NUMBER}\s*(?:k\b|m\b)?\s*(?:%|percent\b|pp\b|ms\b|s\b|sec\b|secs\b|seconds?\b|"
    rf"minutes?\b|hours?\b|tokens?\b|requests?\b|calls?\b|rps\b|qps\b|usd\b|dollars?\b|"
    rf"cents?\b|gb\b|mb\b)|[$€£]\s*{_NUMBER}|\b(?:p50|p90|p95|p99)\b)",
    re.IGNORECASE)


def has_measured_figure(text: str | None) -> bool:
    """A figure with what it is out of or measured in: "58% of 200", "F1 0.81 on 300 notes",
    "23/40", "p95 2.1 s", "$0.02 a request". A bare "0" or "0.8" is not evidence."""
    if not text:
        return False
    return bool(_DENOMINATOR.search(text) or _UNIT.search(text))


# --- evaluation facts read from prose ---------------------------------------------------------

_LOWER_IS_BETTER = re.compile(
    r"\b(?:errors?|error[- ]rate|latency|cost|costs|wer|cer|loss|hallucinations?|"
    r"hallucination[- ]rate|perplexity|time|ms|seconds|miss(?:ed)?[- ]rate|"
    r"false[- ](?:positives?|negatives?|alarms?)|escalations?|complaints?|p9\d|p50|"
    r"mistakes?|failures?|failure[- ]rate|defects?|\$)", re.IGNORECASE)


def lower_is_better(metric: str, explicit: bool | None) -> bool:
    """The metric's direction: the explicit `higher_is_better` where given, else read from the
    metric's name (error rate, latency, cost and the like fall as they improve)."""
    if explicit is not None:
        return not explicit
    return bool(_LOWER_IS_BETTER.search(metric or ""))


# A count stands alone: the 1 in "F1" or "gpt-4o" is part of a name, not a size.
_WHOLE = re.compile(r"(?<![\w,.])(\d[\d,]*+)(\.\d++)?+(\s*k\b)?(?![\w-])", re.IGNORECASE)
_SIZE_NOUN = re.compile(
    r"(?<![\w,.])(\d[\d,]*+)(?!\.\d)(\s*k\b)?(?:\s+|-)(?:[a-z-]+\s+){0,3}?(?:examples?|items?|cases?|notes?|tickets?|"
    r"chats?|conversations?|queries|questions?|documents?|docs?|samples?|records?|"
    r"prompts?|emails?|invoices?|requests?|transcripts?|calls?|messages?|pairs?|"
    r"reviews?|rows?|pages?|forms?|reports?|answers?|outputs?)\b", re.IGNORECASE)


def _count(digits: str, thousands: str | None) -> int:
    value = int(digits.replace(",", ""))
    return value * 1000 if thousands else value


def read_size(text: str | None) -> int | None:
    """The number of items in a described set: "600 de-identified notes from 3 hospitals"
    is 600; "1 example, also used for training" is 1. The first count followed by a noun
    for items wins; otherwise the first whole number."""
    if not text:
        return None
    match = _SIZE_NOUN.search(text)
    if match:
        return _count(match.group(1), match.group(2))
    for number in _WHOLE.finditer(text):
        if number.group(2) is None:  # 0.85 is a score, not a count
            return _count(number.group(1), number.group(3))
    return None


_NOT_HELD_OUT = re.compile(
    r"\b(?:also|same|reused?|overlap\w*)\b[^.;]{0,40}\b(?:train\w*|few[- ]shot|examples?|"
    r"prompt (?:iteration|tuning|development))\b"
    r"|\b(?:used|taken|drawn)\s+(?:for|in|from)\s+(?:the\s+)?(?:train\w*|few[- ]shot|"
    r"prompt (?:iteration|tuning|development))"
    r"|\b(?:training|train) (?:set|data)\b(?! and)(?![^.;]{0,20}\b(?:held|excluded|"
    r"separate|apart|out)\b)",
    re.IGNORECASE)
_HELD_OUT = re.compile(
    r"\b(?:held[- ]out|hold[- ]out|holdout|unseen|not used (?:for|in)|never used|"
    r"excluded from|kept (?:out|apart|separate)|separate from|disjoint)\b", re.IGNORECASE)


def held_out_from_text(text: str | None) -> bool | None:
    """True where the eval set is said to be held out, False where it is said to overlap
    training, examples or prompt iteration, None where the text does not say."""
    if not text:
        return None
    negated = re.search(r"\bnot\s+held[- ]out\b", text, re.IGNORECASE)
    if negated or (_NOT_HELD_OUT.search(text) and not _HELD_OUT.search(text)):
        return False
    return True if _HELD_OUT.search(text) else None


_ALERT = re.compile(rf"\b(?:alert|alarm|page|escalate)\w*\s+(?:[\w-]+\s+){{0,5}}?"
                    rf"(?:below|under|<|drops? below|falls? below)\s*({_NUMBER})(\s*%)?",
                    re.IGNORECASE)


def read_alert_threshold(text: str | None) -> float | None:
    """The alert threshold in "... alert below 0.85". None unless the text names exactly one:
    with several alerts the text does not say which one watches the evaluation metric."""
    if not text:
        return None
    matches = list(_ALERT.finditer(text))
    if len(matches) != 1:
        return None
    match = matches[0]
    value = float(match.group(1).replace(",", ""))
    return value / 100 if match.group(2) and value > 1 else value


# --- statistics ---------------------------------------------------------------------------

Z95 = 1.959963984540054


_NOT_A_RATE = re.compile(
    r"\b(?:latency|ms|seconds?|time|cost|costs|usd|price|spend|tokens?|throughput|per "
    r"(?:request|call|ticket|1,?000|1k|million))\b|\$", re.IGNORECASE)


def not_a_rate(metric: str | None) -> bool:
    """Metrics measured in time, money or tokens are not rates, whatever their values."""
    return bool(metric) and bool(_NOT_A_RATE.search(metric or ""))


def rate_scale(*values: float | None) -> float | None:
    """100 if any given score is above 1 (percentages), 1 if all lie in 0..1, None if a score
    falls outside 0..100 (not a rate)."""
    known = [v for v in values if v is not None]
    if not known or any(v < 0 or v > 100 for v in known):
        return None
    return 100 if any(v > 1 for v in known) else 1


def sample_size_needed(rate: float, difference: float) -> int:
    """Items needed so that the 95% interval half-width at ``rate`` is within ``difference``:
    n = 1.96^2 p (1 - p) / d^2 (DOMAIN.md, a rough check per arm)."""
    if difference <= 0:
        raise ValueError("difference must be positive")
    return max(1, math.ceil(Z95 ** 2 * rate * (1 - rate) / difference ** 2))


def half_width(rate: float, n: int) -> float:
    """Half-width of the normal-approximation 95% interval of a rate measured on n items."""
    return Z95 * math.sqrt(rate * (1 - rate) / n)


def normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2))


def false_alarm_rate(rate: float, threshold: float, n: int) -> float:
    """Chance that a run of n items at true rate p scores below the alert threshold t:
    Phi((t - p) / sqrt(p (1 - p) / n))."""
    if rate >= 1:  # a perfect system falls below a threshold only if it is above 100%
        return 0.0 if threshold <= 1 else 1.0
    if rate <= 0:  # a system that always fails is below any threshold above zero
        return 1.0 if threshold > 0 else 0.0
    return normal_cdf((threshold - rate) / math.sqrt(rate * (1 - rate) / n))


# --- personal data ---------------------------------------------------------------------------

_PERSONAL = re.compile(
    r"\b(?:names?|e-?mails?|emails? addresses|phone(?: numbers?)?|addresses|card numbers?|"
    r"credit cards?|ssns?|social security|passports?|patients?|clinical|medical|health|"
    r"diagnos\w*|pii|phi|personal(?: data| information)?|customer (?:emails?|messages?|"
    r"chats?|conversations?|calls?|tickets?|records?|data)|user (?:messages?|chats?|"
    r"conversations?|data)|chat logs?|call recordings?|transcripts?|biometric\w*|"
    r"date of birth|dob|home address|account numbers?|iban)\b",
    re.IGNORECASE)
_HANDLING = re.compile(
    r"\b(?:de-?identified|anonymi[sz]\w*|pseudonymi[sz]\w*|redact\w*|scrubbed|masked|"
    r"removed|stripped|consent\w*|dpa|data processing agreement|gdpr|hipaa|baa|lawful basis|"
    r"opt(?:ed)?[- ]in|synthetic|no personal data|contains no|free of personal)\b",
    re.IGNORECASE)


def mentions_personal_data(text: str | None) -> bool:
    return bool(text) and bool(_PERSONAL.search(text or ""))


def states_handling(text: str | None) -> bool:
    return bool(text) and bool(_HANDLING.search(text or ""))
