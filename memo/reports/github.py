"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding.

See "Workflow commands for GitHub Actions": ``::error file=F,line=L,title=T::MESSAGE``.
Property values escape ``%``, CR, LF, ``:`` and ``,``; the message escapes ``%``, CR and LF.
Text from the files checked is first made safe for the log (:mod:`memo.safe_text`): no
escape sequence, and no line break that could start a workflow command of its own. At most
``MAX_SHOWN`` annotations are written per file.
"""

from __future__ import annotations

from memo.checking import CheckRun
from memo.reports import MAX_SHOWN, display_path, plural
from memo.safe_text import terminal


def _data(text: str) -> str:
    # GitHub's own escapes for line breaks first (an annotation may span lines), then every
    # other control or bidi character made visible.
    return terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(run: CheckRun, strict: bool = False, colour: bool = False) -> str:
    lines: list[str] = []
    for result in run.files:
        file = _property(display_path(result.path))
        for finding in result.findings[:MAX_SHOWN]:
            props = [f"file={file}"]
            if finding.line:
                props.append(f"line={finding.line}")
            props.append(f"title={_property(f'{finding.rule} {finding.severity.value}')}")
            message = finding.message + (f" ({finding.hint})" if finding.hint else "")
            lines.append(f"::{finding.severity.value} {','.join(props)}::{_data(message)}")
        hidden = len(result.findings) - MAX_SHOWN
        if hidden > 0:
            lines.append(f"::warning file={file},title=memo::{plural(hidden, 'more finding')} "
                         "not shown (--format json lists them all)")
    files = len(run.files)
    verdict = "failed" if run.exit_code(strict) else "passed"
    lines.append(f"memo check {verdict}: {plural(files, 'file')}, {plural(run.errors, 'error')}, "
                 f"{plural(run.warnings, 'warning')}")
    return "\n".join(lines)
