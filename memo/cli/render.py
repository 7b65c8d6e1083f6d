"""`memo render ANSWERS... -f FORMAT...`: the memo as Markdown, HTML, PDF or DOCX.

Several answers files render in one process (a quarter's memos for a board pack), so the PDF
engine starts once. Every output of every memo is rendered in memory first; then each is
staged in a temporary file beside its target and only when all are staged are they renamed
into place, so a failure leaves no partial set behind.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from pathlib import Path
from typing import Any

import click

from memo.cli.output import info, warn
from memo.errors import Location, MemoError, UserError


class UndrawableText(MemoError):
    """`--strict`: a field holds characters no installed font can draw. Exit code 1."""

    exit_code = 1

    def __init__(self, message: str, hint: str) -> None:
        self.message, self.hint = message, hint
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


def output_paths(source: Path, formats: list[str], output: Path | None, *,
                 many: bool = False) -> dict[str, Path]:
    """With one format -o names the file; with several it is a stem; with several answers
    files, or where it is an existing folder, it is a folder. Default: beside the input,
    with its stem."""
    if output is not None and (many or output.is_dir()):
        stem = output / source.stem
        paths = {fmt: stem.with_name(stem.name + f".{fmt}") for fmt in formats}
    elif output is not None and len(formats) == 1:
        paths = {formats[0]: output}
    else:
        stem = output if output is not None else source.with_suffix("")
        paths = {fmt: stem.with_name(stem.name + f".{fmt}") for fmt in formats}
    for fmt, path in paths.items():
        if path.resolve() == source.resolve():
            raise UserError(f"the {fmt} output would overwrite the input file",
                            field="--output", hint="name another file with -o")
    return paths


def _refuse_special(target: Path) -> None:
    """Outputs replace regular files only: never a symlink, a device or a pipe."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
        raise UserError(f"is {kind}; memo replaces regular files only",
                        location=Location(str(target)), hint="name another file with -o")


def write_all(outputs: dict[Path, bytes]) -> None:
    """Stage every output beside its target, then rename each into place."""
    from memo.answers import atomic_write

    staged: dict[Path, Path] = {}
    try:
        for target, data in outputs.items():
            _refuse_special(target)
            stage = target.with_name(f".{target.name}.staged-{os.getpid()}")
            atomic_write(stage, data)
            staged[target] = stage
        for target, stage in staged.items():
            _refuse_special(target)
            os.replace(stage, target)
    except OSError as exc:
        raise UserError(f"cannot write the outputs: {exc.strerror or exc}; "
                        "none was written") from None
    finally:
        for stage in staged.values():
            stage.unlink(missing_ok=True)


class _Warnings(logging.Handler):
    """Prints the renderers' notes (e.g. an estimated DOCX fit) as memo warnings."""

    def emit(self, record: logging.LogRecord) -> None:
        warn(record.getMessage())


class _KnownGlyphs(logging.Filter):
    """weasyprint logs a ".notdef glyph rendered" line per run of text no font draws; memo
    has already said so once per field, with the field. Those lines are dropped, and any
    other weasyprint warning is printed once."""

    NOTDEF = re.compile(r'^\.notdef glyph rendered for Unicode string unsupported by fonts: '
                        r'"(?P<text>.*)"')

    def __init__(self) -> None:
        super().__init__()
        self.reported: set[str] = set()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = self.NOTDEF.match(message)
        if match and set(match["text"]) <= self.reported:
            return False
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


def _check_glyphs(path: Path, memo: Any, strict: bool) -> set[str]:
    from memo.render.glyphs import describe, undrawable

    problems = undrawable(memo.model_dump(mode="json", exclude_none=True))
    hint = ("install a font for that script (Chinese, Japanese, Korean: "
            "`bash scripts/system-deps.sh --cjk`), or replace the characters")
    for field, chars in problems:
        message = (f"{path}: field {field}: no installed font draws {describe(chars)}; "
                   "they would print as empty boxes")
        if strict:
            raise UndrawableText(message, hint)
        warn(message)
    if problems:
        info(f"  hint: {hint}")
    return {char for _field, chars in problems for char in chars}


@click.command()
@click.argument("answers", nargs=-1, required=True,
                type=click.Path(path_type=Path, readable=False))  # the loader says why
@click.option("-f", "--format", "formats", multiple=True, required=True,
              type=click.Choice(["md", "html", "pdf", "docx"]),
              help="Output format; repeat for several.")
@click.option("-o", "--output", "output_text", type=click.Path(),
              help="Output file (one format), stem (several formats), or an existing "
                   "folder to write into (required with several answers files).")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter",
              show_default=True, help="Paper size for PDF and DOCX.")
@click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b"]),
              default="pdf/ua-1", show_default=True,
              help="Tagged PDF/UA-1 (accessible), or PDF/A-3b (tagged too) for archives.")
@click.option("--template-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of your own templates (memo.md.j2, memo.html.j2, memo.css).")
@click.option("--css", type=click.Path(path_type=Path, dir_okay=False),
              help="Extra stylesheet for HTML and PDF.")
@click.option("--reference-docx", type=click.Path(path_type=Path, dir_okay=False),
              help="A .docx whose styles the DOCX output takes.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) on text no installed font can draw, instead of warning.")
def render(answers: tuple[Path, ...], formats: tuple[str, ...], output_text: str | None,
           paper: str, pdf_variant: str, template_dir: Path | None, css: Path | None,
           reference_docx: Path | None, strict: bool) -> None:
    """Render the memo in each ANSWERS file (.yaml, or a rendered .md/.docx/.pdf) to each
    format. A memo that fails the checklist renders with a "Draft: N checklist errors" band."""
    from memo.render import pdf_engine

    output = _output_option(output_text, list(dict.fromkeys(formats)), many=len(answers) > 1)
    # The PDF engine starts now (a forked child importing weasyprint) and loads while the
    # answers are read and checked.
    engine = pdf_engine.start(list(formats))
    try:
        _render(answers, formats, output, paper, pdf_variant, template_dir, css,
                reference_docx, strict, engine)
    finally:
        if engine is not None:
            engine.close()


# The suffixes memo writes: `-o x.md -f pdf` would write a PDF named x.md.
SUFFIXES = {".md": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


def _output_option(text: str | None, formats: list[str], *, many: bool) -> Path | None:
    """``-o`` as the user typed it: a trailing slash means a folder, and a file name whose
    extension names another format is refused rather than written as given."""
    if text is None:
        return None
    path = Path(text)
    if text == "-":
        raise UserError("memo render writes files, not standard output", field="--output",
                        hint="name a file, a stem or a folder with -o")
    if text.endswith(("/", os.sep)) or many:
        if not path.is_dir():
            raise UserError("output folder does not exist" if text.endswith(("/", os.sep))
                            else "with several answers files, -o names an existing folder",
                            location=Location(text), field="--output",
                            hint=f"create the folder first (mkdir -p {text.rstrip('/') or '/'})"
                                 ", or name another output with -o")
        return path
    if path.is_dir():
        return path
    named = SUFFIXES.get(path.suffix.lower())
    if named is not None and len(formats) == 1 and named != formats[0]:
        raise UserError(f"the {formats[0]} output would be named {path.name}",
                        location=Location(text), field="--output",
                        hint=f"name it {path.with_suffix('.' + formats[0]).name}")
    if named is not None and len(formats) > 1:
        given = ", ".join(f"{path.name}.{fmt}" for fmt in formats)
        raise UserError(f"with several formats -o is a stem that each extension is added to "
                        f"({given})", location=Location(text), field="--output",
                        hint=f"use -o {path.with_suffix('')}")
    return path


def _render(answers: tuple[Path, ...], formats: tuple[str, ...], output: Path | None,
            paper: str, pdf_variant: str, template_dir: Path | None, css: Path | None,
            reference_docx: Path | None, strict: bool, engine: Any) -> None:
    from memo.answers import check_writable, load
    from memo.context import build_context
    from memo.render import OutputFormat, RenderOptions
    from memo.render import render as render_memo
    from memo.render.budget import MemoTooLong

    unique = list(dict.fromkeys(formats))
    many = len(answers) > 1
    plans = [(path, output_paths(path, unique, output, many=many)) for path in answers]
    targets = [t for _path, paths in plans for t in paths.values()]
    if len({t.resolve() for t in targets}) < len(targets):
        raise UserError("two outputs would have the same name", field="--output",
                        hint="give the answers files different names")
    options = RenderOptions(paper=paper, template_dir=template_dir, css=css,
                            reference_docx=reference_docx,
                            extra={"pdf_variant": pdf_variant, "pdf_engine": engine}
                            ).read_files()
    documents = [(path, load(path), paths) for path, paths in plans]
    for target in targets:  # refuse an unwritable output before any work is done
        check_writable(target)
        _refuse_special(target)
    handler = _Warnings(level=logging.WARNING)
    log = logging.getLogger("memo.render")
    log.addHandler(handler)
    log.propagate = False
    glyphs = _KnownGlyphs()
    weasyprint_log = logging.getLogger("weasyprint")
    weasyprint_log.addFilter(glyphs)
    try:
        rendered: dict[Path, bytes] = {}
        for path, document, paths in documents:
            if {"pdf", "docx"} & set(unique):  # fonts are ours only in PDF and DOCX
                glyphs.reported |= _check_glyphs(path, document.memo, strict)
            context = build_context(document.memo)
            if context["errors"]:
                warn(f"{path}: {context['errors']} checklist error(s); rendered as a draft "
                     f"with a band saying so; run `memo check {path}`")
            for fmt in unique:
                try:
                    rendered[paths[fmt]] = render_memo(context, OutputFormat(fmt), options)
                except MemoTooLong as exc:
                    if many:  # say which of the memos does not fit
                        exc.message = f"{path}: {fmt}: {exc.message}"
                    raise
    finally:
        log.removeHandler(handler)
        log.propagate = True
        weasyprint_log.removeFilter(glyphs)
    write_all(rendered)
    for target in rendered:
        info(f"wrote {target}")


COMMANDS = [render]
