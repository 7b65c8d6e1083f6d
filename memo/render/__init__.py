"""Renderers: pure functions from the memo context to the bytes of one output format.

Each format's module is imported only when that format is asked for, so heavy libraries
(weasyprint, python-docx) stay out of commands that do not need them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
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


# Format -> the engine worth importing ahead of time (see :func:`preload`).
ENGINES = {OutputFormat.PDF: "weasyprint"}


def preload(formats: list[str]) -> None:
    """Start importing the formats' engines in a background thread.

    Importing weasyprint takes about half a second, most of it waiting for the dynamic
    loader's helpers to find Pango and friends (``ctypes.util.find_library`` runs
    subprocesses). Started first, that wait overlaps with memo reading and checking the
    answers; the renderer's own import then finds the module loaded (or waits for it).
    A failed import is left for the renderer to repeat and report.
    """
    names = [ENGINES[OutputFormat(f)] for f in formats if OutputFormat(f) in ENGINES]
    if not names:
        return
    import threading

    def load() -> None:
        for name in names:
            try:
                importlib.import_module(name)
            except BaseException:  # the renderer imports it again and reports the error
                return

    threading.Thread(target=load, name="memo-preload", daemon=True).start()


def render(context: dict[str, Any], fmt: OutputFormat, options: RenderOptions | None = None
           ) -> bytes:
    return renderer_for(fmt)(context, options or RenderOptions())
