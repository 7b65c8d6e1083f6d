"""JSON report in the shape SPEC.md fixes."""

from __future__ import annotations

import json

from memo.checking import CheckRun


def report(run: CheckRun, strict: bool = False, colour: bool = False) -> str:
    document = {
        "files": [
            {"path": r.path, "findings": [f.as_dict() for f in r.findings], "ok": r.ok(strict)}
            for r in run.files
        ],
        "errors": run.errors,
        "warnings": run.warnings,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
