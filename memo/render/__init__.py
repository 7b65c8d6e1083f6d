"""Renderers: pure functions from the memo context to the bytes of one output format.

Each format's module is imported only when that format is asked for, so heavy libraries
(weasyprint, python-docx) stay out of commands that do not need them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol


class OutputFormat(StrEnum):
    MD = "md"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"

    @property
    def extension(self) -> str:
        return f".{self.value}"


@dataclass(frozen=True)
class RenderOptions:
    paper: str = "letter"  # letter | a4
    template_dir: Path | None = None
    css: Path | None = None
    reference_docx: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    css_text: str | None = None  # the --css file's text, once read (see read_files)
    reference_data: bytes | None = None  # the --reference-docx file's bytes, once read

    def read_files(self) -> RenderOptions:
        """These options with the files they name read now, each once, through the bounded
        regular-file reader: a FIFO, device or oversized file is refused (exit 2) before any
        memo is rendered, and several memos or layouts do not read a file again."""
        if self.template_dir is None and self.css is None and self.reference_docx is None:
            return self
        from memo.errors import UserError
        from memo.render.environment import (
            TEMPLATE_FILES,
            check_template_dir,
            read_reference,
            read_template_file,
            read_user_file,
            template_file,
        )

        css_text, reference_data = self.css_text, self.reference_data
        option = "--template-dir"
        try:
            if self.template_dir is not None:
                check_template_dir(self.template_dir)
                for name in TEMPLATE_FILES:  # refuse a FIFO or device before any work
                    path = template_file(self.template_dir, name)
                    if path is not None:
                        read_template_file(path)
            option = "--css"
            if self.css is not None and css_text is None:
                css_text = read_user_file(Path(self.css), "stylesheet")
            option = "--reference-docx"
            if self.reference_docx is not None and reference_data is None:
                reference_data = read_reference(Path(self.reference_docx))
        except UserError as exc:
            exc.field = exc.field or option
            raise
        return replace(self, css_text=css_text, reference_data=reference_data)


class Renderer(Protocol):
    def __call__(self, context: dict[str, Any], options: RenderOptions) -> bytes: ...


# format -> "module:function"; the module is imported on first use.
RENDERERS: dict[OutputFormat, str] = {
    OutputFormat.MD: "memo.render.markdown:render_markdown",
    OutputFormat.HTML: "memo.render.html:render_html",
    OutputFormat.PDF: "memo.render.pdf:render_pdf",
    OutputFormat.DOCX: "memo.render.docx:render_docx",
}


def renderer_for(fmt: OutputFormat) -> Renderer:
    from memo.errors import UserError

    target = RENDERERS.get(fmt)
    if target is None:
        raise UserError(f"format {fmt.value!r} is not available yet", field="--format")
    module_name, _, function = target.partition(":")
    return getattr(importlib.import_module(module_name), function)


def render(context: dict[str, Any], fmt: OutputFormat, options: RenderOptions | None = None
           ) -> bytes:
    return renderer_for(fmt)(context, options or RenderOptions())
