"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding.

See "Workflow commands for GitHub Actions": ``::error file=F,line=L,title=T::MESSAGE``.
Property values escape ``%``, CR, LF, ``:`` and ``,``; the message escapes ``%``, CR and LF.
"""

from __future__ import annotations

from memo.checking import CheckRun
from memo.reports import display_path


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(run: CheckRun, strict: bool = False, colour: bool = False) -> str:
    lines: list[str] = []
    for result in run.files:
        for finding in result.findings:
            props = [f"file={_property(display_path(result.path))}"]
            if finding.line:
                props.append(f"line={finding.line}")
            props.append(f"title={_property(f'{finding.rule} {finding.severity.value}')}")
            message = finding.message + (f" ({finding.hint})" if finding.hint else "")
            lines.append(f"::{finding.severity.value} {','.join(props)}::{_data(message)}")
    files = len(run.files)
    verdict = "failed" if run.exit_code(strict) else "passed"
    lines.append(f"memo check {verdict}: {files} file{'s' * (files != 1)}, "
                 f"{run.errors} error{'s' * (run.errors != 1)}, "
                 f"{run.warnings} warning{'s' * (run.warnings != 1)}")
    return "\n".join(lines)
