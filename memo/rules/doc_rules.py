"""MEMO-DOC: the memo identifies itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import Enum

from pydantic import BaseModel

from memo.handwritten import SECTIONS, Handwritten, Heading, Label, Section, is_blank_body
from memo.model import Memo
from memo.rules.base import Facts, Issue, Severity, Target
from memo.rules.registry import rule
from memo.rules.text import blank
from memo.substance import placeholder


@rule("MEMO-DOC-001", Severity.ERROR, "The memo names its author and date", field="author",
      hint="Set `author` and `date` (YYYY-MM-DD).")
def author_and_date(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: `author` and `date` are given.

    Why it matters: a memo without an author or a date cannot be asked about or placed in
    time, and prices and model versions in it age.

    How to fix: fill them in.
    """
    if blank(memo.author):
        yield Issue("the memo has no author", "author")
    if memo.date is None:
        yield Issue("the memo has no date", "date")


# --- hand-written Markdown memos (no front matter): sections found by their headings -----

_WHY: dict[str, str] = {
    "decision_requested": "a reader who cannot tell what they are asked to approve cannot "
                          "approve it, and the memo turns into a discussion",
    "owner": "a decision nobody owns is not followed up, reviewed or rolled back",
    "problem": "the fix can only be judged against the task and how it falls short today, "
               "with evidence",
    "diagnosis": "naming the gap (capability, format, knowledge, latency/cost) is what picks "
                 "the fix; a knowledge gap dressed as a capability gap leads to a fine-tune "
                 "that does not help",
    "tried": "reviewers need to see that cheaper fixes were tried, with their scores, and "
             "which options were rejected and why",
    "decision": "the memo exists to propose one fix and say why it closes the gap",
    "costs": "inference cost times volume against one-time training cost decides many of "
             "these choices, and few teams do the arithmetic",
    "evaluation": "without a metric, a baseline, a target and a held-out eval set nobody can "
                  "tell whether the fix worked",
    "maintenance": "fine-tuned models age: base-model upgrades, data drift and retired hosted "
                   "models force retrains, and maintenance is what kills fine-tune projects "
                   "in year two (a warning, since prompt-only fixes need little of it)",
    "risks": "every change can go wrong; a memo names what could and how to undo it",
}

_ERRORS = {"decision_requested", "owner", "problem", "diagnosis", "decision", "costs",
           "evaluation", "risks"}


def _located(document: Handwritten, section: Section) -> int:
    """Where a missing section belongs: before the next present section, else at the end."""
    after = SECTIONS[SECTIONS.index(section) + 1:]
    for later in after:
        found = document.find(later)
        if isinstance(found, Heading):
            return found.line
    return max(document.last_line, 1)


def _section_check(section: Section) -> Callable[[Handwritten, object], Iterator[Issue]]:
    def check(document: Handwritten, facts: object) -> Iterator[Issue]:
        found = document.find(section)
        if found is None:
            names = ", ".join(f'"{e}"' for e in section.examples)
            yield Issue(f"no {section.name} section (a heading such as {names})",
                        line=_located(document, section))
        elif isinstance(found, Heading) and is_blank_body(found.body):
            yield Issue(f"the {section.name} section under {found.text!r} is empty",
                        line=found.line)
        elif isinstance(found, Label) and found.value and is_blank_body((found.value,)):
            yield Issue(f"{found.text} is left as {found.value!r}", line=found.line)

    examples = ", ".join(section.examples)
    check.__doc__ = f"""What it checks: a hand-written Markdown memo (one without YAML front
    matter) has a {section.name} section: a heading such as {examples}, or a lead-in label
    like `**{section.examples[0]}:** ...`, with something under it other than TBD.

    Why it matters: {_WHY[section.key]}.

    How to fix: add the section. Or write the memo with `memo new`, which asks for every
    part and checks each field, and render it with `memo render`.
    """
    check.__name__ = f"handwritten_{section.key}"
    return check


def _register_handwritten() -> None:
    for number, section in enumerate(SECTIONS, start=101):
        severity = Severity.ERROR if section.key in _ERRORS else Severity.WARNING
        rule(f"MEMO-DOC-{number}", severity,
             f"A hand-written memo has a {section.name} section",
             hint=f"Add a heading such as \"## {section.examples[0]}\" with its content.",
             target=Target.HANDWRITTEN)(_section_check(section))


_register_handwritten()


def text_fields(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text value in a memo's answers with its field path, in file order."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from text_fields(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, f"{path}[{index}]")
    elif isinstance(value, str) and not isinstance(value, Enum):
        yield path, value


@rule("MEMO-DOC-002", Severity.ERROR, "No field holds a placeholder or filler",
      hint="Write the real answer; if it is not known yet, leave the field out so the "
           "checklist reports it as missing.")
def no_filler(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: no text field is a placeholder or filler: "TBD", "TODO", "n/a",
    "none", "-", "?", "xxx", "nobody", "same as above", "lorem ipsum ...", and the like.
    Hand-written Markdown memos are held to the same list (MEMO-DOC-101..110).

    Why it matters: a reviewer running `memo check` as a gate trusts a pass to mean every
    part of the memo was answered. Filler passes a presence check and says nothing.

    How to fix: answer the question, or delete the field until you can.
    """
    for path, value in text_fields(memo):
        found = placeholder(value)
        if found is not None:
            yield Issue(f"{path} is a placeholder ({found!r})", path)


@rule("MEMO-DOC-003", Severity.ERROR, "A rendered memo's text is the text memo rendered",
      hint="Make the change in the answers (the front matter, or the .yaml it came from) and "
           "render again with `memo render FILE -f md`: the text is generated from them.")
def rendered_text_unchanged(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: a rendered Markdown memo's answers (its front matter) and text are
    still the ones memo rendered together: its seal, a digest of both kept in the front
    matter, still matches (whitespace does not count). Memos rendered before the seal
    existed, and hand-written memos, are not judged.

    Why it matters: `memo check` checks the answers, while reviewers read the text. A TCO
    changed, a section deleted or a "TBD" added by hand in the text would pass the gate
    unseen (and the next `memo render` would drop it); answers changed without rendering
    again pass under a text that still says the old thing.

    How to fix: put the change into the answers and render the memo again.
    """
    if facts.rendered_text_intact is False:
        yield Issue("the memo's text and its answers were changed apart after memo rendered "
                    "them: the text readers see is not the one `memo check` checked")


@rule("MEMO-DOC-004", Severity.WARNING, "The memo fits on one page",
      hint="Shorten the longest answers (`memo render` names them and the words to cut); "
           "the memo is one page by design.")
def fits_one_page(memo: Memo, facts: Facts) -> Iterator[Issue]:
    """What it checks: for a memo long enough to be at risk, the page estimate `memo render`
    uses for DOCX says it fits one page at the smallest type (8.5 pt, letter paper). Shorter
    memos are not estimated.

    Why it matters: `memo render` refuses a memo that needs a second page, in every format;
    a gate that passes it lets through a memo nobody can print or send.

    How to fix: cut the longest sections until `memo render` writes the memo.
    """
    from memo.render.estimate import OVER_FILL

    if facts.page_fill is not None and facts.page_fill > OVER_FILL:
        yield Issue(f"the memo needs about {facts.page_fill:.1f} pages even at the smallest "
                    f"type (estimated, letter paper): `memo render` refuses it")

