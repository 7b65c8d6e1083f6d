"""Hand-written Markdown memos (no YAML front matter): their sections, found by heading.

A team that wrote its memos by hand still gets a completeness report: each required section
of a defensible memo (DOMAIN.md, idea 10) is looked for among the headings, with synonyms
("Costs", "Budget", "TCO", ...), and among lead-in labels such as ``**Owner:** Dana``. Pure:
text in, structure out; the MEMO-DOC-1xx rules in memo.rules.doc_rules report what is missing.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from memo.substance import placeholder

# Linear in the line's length: the closing run of spaces and #s is stripped in Python, not
# by a lazy group followed by a starred class (which backtracks quadratically on a long line).
_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
# Possessive \s*+ before the colon: a long run of spaces is never re-scanned.
_LABEL = re.compile(r"^\s*+(?:[-*+]\s+)?[*_]{0,2}([A-Za-z][\w /&'+-]{0,40}?)[*_]{0,2}\s*+:")
_TABLE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_MARKUP = re.compile(r"[*_`\[\]()#>|]+")


@dataclass(frozen=True)
class Section:
    """One required section of a memo and the heading words that name it."""

    key: str
    name: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...]


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


# In the order a memo usually presents them; a missing section is located before the next
# present one in this order.
SECTIONS: tuple[Section, ...] = (
    Section("decision_requested", "Decision requested",
            _words(r"decision requested", r"requested decision", r"decision needed",
                   r"(?:the )?ask", r"request(?:ed)?", r"approval", r"tl;?dr"),
            ("Decision requested", "The ask", "Approval")),
    Section("owner", "Owner",
            _words(r"owners?(?:hip)?", r"dri", r"accountable", r"decision maker", r"raci"),
            ("Owner", "Ownership", "DRI")),
    Section("problem", "Problem",
            _words(r"problem", r"background", r"context", r"motivation", r"current state",
                   r"failure", r"symptoms?", r"issue"),
            ("Problem", "Background", "Context")),
    Section("diagnosis", "Diagnosis",
            _words(r"diagnosis", r"gaps?", r"triage", r"root cause"),
            ("Diagnosis", "Gap analysis", "Triage")),
    Section("tried", "Tried and alternatives",
            _words(r"tried", r"attempts?", r"experiments?", r"alternatives?", r"options",
                   r"options considered", r"rejected", r"prior work", r"what we tested"),
            ("Tried so far", "Alternatives considered", "Experiments")),
    Section("decision", "Decision",
            re.compile(r"\b(?:decision(?!\s+(?:requested|needed))|decided|fix|proposal|"
                       r"proposed|solution|recommendation|recommended|chosen|approach)\b",
                       re.IGNORECASE),
            ("Decision", "Proposal", "Recommendation")),
    Section("costs", "Costs",
            _words(r"costs?", r"budget", r"tco", r"pricing", r"prices?", r"economics",
                   r"break-?even", r"spend"),
            ("Costs", "Budget", "TCO")),
    Section("evaluation", "Evaluation",
            _words(r"evaluation", r"evals?", r"metrics?", r"success criteria", r"measurement",
                   r"acceptance criteria", r"benchmarks?"),
            ("Evaluation", "Metrics", "Success criteria")),
    Section("maintenance", "Maintenance",
            _words(r"maintenance", r"maintaining", r"monitoring", r"retrain(?:ing)?",
                   r"lifecycle", r"upkeep", r"operations", r"review date"),
            ("Maintenance", "Monitoring", "Retraining")),
    Section("risks", "Risks and rollback",
            _words(r"risks?", r"rollback", r"roll back", r"roll-back", r"mitigations?",
                   r"fallback", r"exit plan", r"downsides?"),
            ("Risks", "Rollback", "Risks and mitigations")),
)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    line: int  # 1-based, in the file
    body: tuple[str, ...] = ()  # the lines up to the next heading of the same or higher level

    @property
    def plain(self) -> str:
        """The heading's words without Markdown markup (numbering and emphasis kept apart)."""
        return _plain(self.text)


@dataclass(frozen=True)
class Label:
    """A lead-in such as ``**Owner:** Dana`` or a table header cell ``Owner``."""

    text: str
    line: int
    value: str


@dataclass
class Handwritten:
    """A Markdown memo as a list of headings and labels."""

    path: str
    last_line: int
    headings: list[Heading] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    # Each rule looks sections up several times; a long file is searched once per section.
    _found: dict[str, Heading | Label | None] = field(default_factory=dict, repr=False,
                                                      compare=False)
    _texts: dict[str, _Joined] = field(default_factory=dict, repr=False, compare=False)

    def find(self, section: Section) -> Heading | Label | None:
        """The first heading naming ``section``, else the first label naming it."""
        if section.key not in self._found:
            self._found[section.key] = self._search(section)
        return self._found[section.key]

    def _search(self, section: Section) -> Heading | Label | None:
        if "headings" not in self._texts:
            self._texts["headings"] = _Joined([h.plain for h in self.headings])
            self._texts["labels"] = _Joined([label.text for label in self.labels])
        found = self._texts["headings"].first_match(section.pattern)
        if found is not None:
            return self.headings[found]
        found = self._texts["labels"].first_match(section.pattern)
        return self.labels[found] if found is not None else None

    def sections_found(self) -> int:
        return sum(1 for s in SECTIONS if self.find(s) is not None)


class _Joined:
    """Texts joined by NULs (neither a word character nor a space, so each text keeps its
    word bounds): a pattern is searched in all of them with one regex call, not one per text,
    which keeps a file of 250,000 headings fast."""

    def __init__(self, texts: list[str]) -> None:
        self.text = "\x00".join(texts)
        self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        self.count = len(texts)

    def first_match(self, pattern: re.Pattern[str]) -> int | None:
        """The index of the first text ``pattern`` matches in."""
        match = pattern.search(self.text) if self.count else None
        if match is None:
            return None
        return bisect.bisect_right(self.starts, match.start()) - 1


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def is_blank_body(lines: tuple[str, ...]) -> bool:
    """A section with nothing but whitespace or placeholders (TBD, n/a, "same as above"):
    the same detector as MEMO-DOC-002 uses on answers files."""
    content = [_plain(line) for line in lines if _plain(line)]
    return not content or all(placeholder(c) is not None for c in content)


def parse(text: str, path: str = "<memo>", line_offset: int = 0) -> Handwritten:
    """Headings (ATX and setext, outside code fences) and labels of a Markdown text."""
    lines = text.splitlines()
    raw: list[tuple[str, int, int]] = []  # (text, level, index)
    labels: list[Label] = []
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        atx = _ATX.fullmatch(line)
        if atx:
            raw.append((atx.group(2).rstrip(" \t#"), len(atx.group(1)), index))
            continue
        setext = _SETEXT.match(line)
        if (setext and index > 0 and lines[index - 1].strip()
                and not _TABLE_ROW.match(lines[index - 1])
                and (not raw or raw[-1][2] != index - 1)):
            level = 1 if setext.group(1).startswith("=") else 2
            raw.append((lines[index - 1].strip(), level, index - 1))
            continue
        labels.extend(_labels(line, index + 1 + line_offset))
    # A heading's body ends at the next heading of the same or a higher level: one pass
    # with a stack of the headings still open (levels strictly increasing).
    ends = [len(lines)] * len(raw)
    open_headings: list[int] = []
    for position, (_, level, index) in enumerate(raw):
        while open_headings and raw[open_headings[-1]][1] >= level:
            ends[open_headings.pop()] = index
        open_headings.append(position)
    headings = []
    for position, (title, level, index) in enumerate(raw):
        end = ends[position]
        start = index + (2 if _is_setext(lines, index) else 1)
        body = tuple(lines[start:end])
        headings.append(Heading(title, level, index + 1 + line_offset, body))
    return Handwritten(path, len(lines) + line_offset, headings, labels)


def _is_setext(lines: list[str], index: int) -> bool:
    return index + 1 < len(lines) and bool(_SETEXT.match(lines[index + 1])) \
        and not _ATX.fullmatch(lines[index])


def _labels(line: str, number: int) -> list[Label]:
    label = _LABEL.match(line)
    if label:
        value = line[label.end():].strip().strip("*_").strip()
        return [Label(label.group(1).strip(), number, value)]
    row = _TABLE_ROW.match(line)
    if row:  # table headers such as "| Owner | Author | Date |"
        return [Label(cell.strip(), number, "") for cell in row.group(1).split("|")
                if cell.strip() and not set(cell.strip()) <= set("-: ")]
    return []


def section_text(document: Handwritten, key: str) -> str:
    """What the section ``key`` says, on one line, found as the checklist finds it: a
    label's value (``**Owner:** Dana Smith``), else the first line of text under the heading
    (``## Owner`` then ``Dana Smith``); empty when it says nothing (a table header cell, an
    empty section, no section)."""
    found = document.find(next(s for s in SECTIONS if s.key == key))
    if isinstance(found, Label):
        return _shown(found.value)
    if isinstance(found, Heading):
        return next((text for text in map(_shown, found.body) if text), "")
    return ""


_EMPHASIS = re.compile(r"[*_`]+")
_BULLET = re.compile(r"^\s*(?:[-+*>]|\d+[.)])\s+")


def _shown(line: str) -> str:
    """A line as text: without a list bullet or emphasis marks, spaces collapsed."""
    return " ".join(_EMPHASIS.sub("", _BULLET.sub("", line)).split())


def looks_like_memo(text: str) -> bool:
    """In a folder, a Markdown file without front matter is a memo when it has at least
    three of the required sections as headings (a README or a changelog does not)."""
    return sections_as_headings(parse(text)) >= 3


def sections_as_headings(document: Handwritten) -> int:
    """How many required sections the document has as headings (labels do not count)."""
    return sum(1 for s in SECTIONS if isinstance(document.find(s), Heading))
