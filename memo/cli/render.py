"""`memo render ANSWERS -f FORMAT...`: the memo as Markdown, HTML, PDF or DOCX."""

from __future__ import annotations

from pathlib import Path

import click

from memo.cli.output import info, warn
from memo.errors import UserError


def output_paths(source: Path, formats: list[str], output: Path | None) -> dict[str, Path]:
    """With one format -o names the file; with several it is a stem; default: beside the input."""
    if output is not None and len(formats) == 1:
        paths = {formats[0]: output}
    else:
        stem = output if output is not None else source.with_suffix("")
        paths = {fmt: stem.with_name(stem.name + f".{fmt}") for fmt in formats}
    for fmt, path in paths.items():
        if path.resolve() == source.resolve():
            raise UserError(f"the {fmt} output would overwrite the input file",
                            field="--output", hint="name another file with -o")
    return paths


@click.command()
@click.argument("answers", type=click.Path(path_type=Path, readable=False))  # the loader says why
@click.option("-f", "--format", "formats", multiple=True, required=True,
              type=click.Choice(["md", "html", "pdf", "docx"]),
              help="Output format; repeat for several.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one format) or stem (several formats).")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter",
              show_default=True, help="Paper size for PDF and DOCX.")
@click.option("--template-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of your own templates (memo.md.j2, memo.html.j2, memo.css).")
@click.option("--css", type=click.Path(path_type=Path, dir_okay=False),
              help="Extra stylesheet for HTML and PDF.")
@click.option("--reference-docx", type=click.Path(path_type=Path, dir_okay=False),
              help="A .docx whose styles the DOCX output takes.")
def render(answers: Path, formats: tuple[str, ...], output: Path | None, paper: str,
           template_dir: Path | None, css: Path | None, reference_docx: Path | None) -> None:
    """Render the memo in ANSWERS (.yaml, or a rendered .md/.docx/.pdf) to each format."""
    from memo.answers import atomic_write, check_writable, load
    from memo.context import build_context
    from memo.render import OutputFormat, RenderOptions
    from memo.render import render as render_memo

    unique = list(dict.fromkeys(formats))
    targets = output_paths(answers, unique, output)
    document = load(answers)
    for target in targets.values():  # refuse an unwritable output before any work is done
        check_writable(target)
    context = build_context(document.memo)
    if context["errors"]:
        warn(f"{answers}: {context['errors']} checklist error(s); run `memo check {answers}`")
    options = RenderOptions(paper=paper, template_dir=template_dir, css=css,
                            reference_docx=reference_docx)
    # Render every format before writing any, so a memo that does not fit one page (or a
    # broken template) leaves no partial set of outputs behind.
    rendered = {fmt: render_memo(context, OutputFormat(fmt), options) for fmt in unique}
    for fmt, data in rendered.items():
        atomic_write(targets[fmt], data)
        info(f"wrote {targets[fmt]}")


COMMANDS = [render]
