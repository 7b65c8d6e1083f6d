"""Generate docs/rules.md from the rule registry (``python -m memo.docs --write|--check``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from memo.rules import all_rules

RULES_DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def rules_markdown() -> str:
    rules = all_rules()
    lines = [
        "# Rule reference",
        "",
        "<!-- Generated from memo/rules by `make docs`; a test fails when it is stale. -->",
        "",
        f"{len(rules)} rules. Errors fail `memo check` (exit 1); warnings fail it only with "
        "`--strict`. Rule ids never change meaning once released.",
        "",
        "| Rule | Severity | Checks |",
        "|---|---|---|",
    ]
    lines += [f"| [{r.id}](#{r.id.lower()}) | {r.severity.value} | {r.title} |" for r in rules]
    lines.append("")
    for r in rules:
        lines += [f"## {r.id}", "", f"**{r.title}** ({r.severity.value}"
                  + (f", field `{r.field}`" if r.field else "") + ")", ""]
        for paragraph in r.doc.split("\n\n"):
            lines += [" ".join(line.strip() for line in paragraph.splitlines()), ""]
        lines += [f"Hint: {r.hint}", ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m memo.docs")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    expected = rules_markdown()
    if args.write:
        RULES_DOC.parent.mkdir(exist_ok=True)
        RULES_DOC.write_text(expected, encoding="utf-8")
        print(f"wrote {RULES_DOC}")
        return 0
    current = RULES_DOC.read_text(encoding="utf-8") if RULES_DOC.exists() else ""
    if current != expected:
        print(f"{RULES_DOC} is stale: run `make docs`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
