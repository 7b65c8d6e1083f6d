"""JSON report in the shape SPEC.md fixes.

Text stays exactly what the file holds; characters that could act on a terminal (C1
controls, bidi overrides, line separators) are written as ``\\uXXXX`` escapes, which any
JSON reader decodes back to the same text.
"""

from __future__ import annotations

from memo.checking import CheckRun
from memo.safe_text import json_text


def report(run: CheckRun, strict: bool = False, colour: bool = False) -> str:
    document = {
        "files": [
            {"path": r.path, "findings": [f.as_dict() for f in r.findings], "ok": r.ok(strict)}
            for r in run.files
        ],
        "errors": run.errors,
        "warnings": run.warnings,
    }
    return json_text(document)
