"""`memo rules [RULES]`: the checklist's rules and their documentation."""

from __future__ import annotations

import re
import shutil
import textwrap

import click

MAX_WIDTH = 100  # wider prose is hard to read, however wide the terminal
MIN_WIDTH = 40
_LIST_ITEM = re.compile(r"(\s*(?:[-*]|\d+[.)])\s+)(.*)")


def wrap_text(text: str, width: int) -> str:
    """``text`` rewrapped to ``width`` columns, paragraph by paragraph.

    Prose paragraphs (separated by blank lines) are refilled; list items (``-``, ``*``,
    ``1.``) are refilled under their marker; indented blocks (code, tables) are kept as they
    are. Docstrings wrap at the author's column, so refilling makes the lines even.
    """
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
        lines = paragraph.splitlines()
        if all(line.startswith("    ") for line in lines):
            out.append(paragraph)
            continue
        items: list[tuple[str, list[str]]] = []  # (marker, words) per item; "" for prose
        for line in lines:
            item = _LIST_ITEM.match(line)
            if item:
                items.append((item.group(1), [item.group(2)]))
            elif items:
                items[-1][1].append(line.strip())
            else:
                items.append(("", [line.strip()]))
        out.append("\n".join(
            textwrap.fill(" ".join(words), width, initial_indent=marker,
                          subsequent_indent=" " * len(marker), break_on_hyphens=False,
                          break_long_words=False)
            for marker, words in items))
    return "\n\n".join(out)


def _width() -> int:
    return max(MIN_WIDTH, min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH))


def _explain(header: str, field: str | None, doc: str, hint: str) -> None:
    width = _width()
    click.echo(header)
    if field:
        click.echo(f"Field: {field}")
    click.echo()
    click.echo(wrap_text(doc, width))
    click.echo()
    click.echo(wrap_text(f"Hint: {hint}", width))


@click.command("rules")
@click.argument("selector", metavar="[RULE_ID|GROUP]", required=False)
def rules_command(selector: str | None) -> None:
    """List every checklist rule, explain one (MEMO-GAP-002 or GAP-002), or list a group
    or id prefix (GAP, MEMO-DOC-1) with the spellings `memo check --select` accepts.

    MEMO-INPUT, the finding for a file that cannot be loaded, is explained too.
    """
    from memo.errors import UserError
    from memo.rules import all_rules
    from memo.rules.registry import (
        INPUT_RULE,
        INPUT_RULE_DOC,
        INPUT_RULE_HINT,
        INPUT_RULE_TITLE,
        rules_named,
        selector_prefix,
    )

    rules = all_rules()
    if selector is not None:
        if selector.strip().upper() in (INPUT_RULE, "INPUT"):
            _explain(f"{INPUT_RULE} (error, exit 2): {INPUT_RULE_TITLE}", None,
                     INPUT_RULE_DOC, INPUT_RULE_HINT)
            return
        named = rules_named(selector, rules)
        if not named:
            raise UserError(f"no rule {selector!r}", field="RULE_ID",
                            hint="give a rule id (MEMO-GAP-002 or GAP-002), a group (GAP, "
                                 "COST, DOC, ...) or an id prefix; `memo rules` lists them")
        if len(named) == 1 and named[0].id == selector_prefix(selector):  # an exact id
            rule = named[0]
            _explain(f"{rule.id} ({rule.severity.value}): {rule.title}", rule.field,
                     rule.doc, rule.hint)
            return
        rules = named
    for rule in rules:
        click.echo(f"{rule.id:<14} {rule.severity.value:<8} {rule.title}")


COMMANDS = [rules_command]
