"""SARIF 2.1.0 for GitHub code scanning: every rule with its help text, one result a finding.

GitHub needs, per result, a rule id, a level, a message and a physical location with a
relative URI and a start line; per rule, a short description and help text. Rules carry
``properties.tags`` and ``security-severity`` is left out (these are not security findings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from memo import __version__
from memo.checking import INPUT_RULE, CheckRun
from memo.reports import display_path
from memo.rules import Rule, all_rules
from memo.safe_text import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_INPUT_DESCRIPTOR: dict[str, Any] = {
    "id": INPUT_RULE,
    "name": "UnreadableInput",
    "shortDescription": {"text": "The file can be read and parsed as a memo"},
    "fullDescription": {"text": "A file that cannot be read, parsed or validated against "
                                "the answers schema is reported once with this rule."},
    "help": {"text": "Fix the file so it loads: the message gives the line and the field.",
             "markdown": "Fix the file so it loads: the message gives the line and the "
                         "field. `memo schema` prints the answers file's JSON Schema."},
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["memo", "input"]},
}


def _camel(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title).split()
    return "".join(w[:1].upper() + w[1:] for w in words)


def _descriptor(rule: Rule) -> dict[str, Any]:
    doc = rule.doc
    return {
        "id": rule.id,
        "name": _camel(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": " ".join(doc.split()) or rule.title},
        "help": {"text": f"{doc}\n\nHint: {rule.hint}",
                 "markdown": f"**{rule.title}**\n\n{doc}\n\n**Hint:** {rule.hint}"},
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {"tags": ["memo", rule.group.lower(), rule.target.value]},
    }


def _uri(path: str) -> tuple[str, str | None]:
    """A relative path stays relative to the checkout (%SRCROOT%); an absolute one is a file URI."""
    candidate = Path(display_path(path))
    if candidate.is_absolute():
        return candidate.as_uri(), None
    return quote(candidate.as_posix()), "%SRCROOT%"


def report(run: CheckRun, strict: bool = False, colour: bool = False) -> str:
    rules = all_rules()
    descriptors = [_INPUT_DESCRIPTOR, *(_descriptor(r) for r in rules)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for file_index, result in enumerate(run.files):
        uri, base = _uri(result.path)
        location: dict[str, Any] = {"uri": uri, "index": file_index}
        if base:
            location["uriBaseId"] = base
        artifacts.append({"location": {k: v for k, v in location.items() if k != "index"}})
        for finding in result.findings:
            message = finding.message + (f" ({finding.hint})" if finding.hint else "")
            entry: dict[str, Any] = {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": finding.severity.value,
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": location,
                    "region": {"startLine": finding.line or 1},
                }}],
            }
            if finding.field:
                entry["properties"] = {"field": finding.field}
            results.append(entry)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "memo",
                "semanticVersion": __version__,
                "version": __version__,
                "rules": descriptors,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
            "artifacts": artifacts,
            "results": results,
            "invocations": [{"executionSuccessful": not any(f.unreadable for f in run.files),
                             "exitCode": run.exit_code(strict)}],
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json_text(document)
