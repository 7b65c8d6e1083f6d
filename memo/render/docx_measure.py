"""Measure a DOCX on paper with LibreOffice: pages and how full the last one is.

``soffice --headless --convert-to pdf`` lays the document out as Writer does (with Carlito
and Caladea standing in for Calibri and Cambria, metric for metric) and the PDF says how many
pages that took and where the last line of text sits. A private profile folder keeps it from
colliding with a LibreOffice the user has open.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from memo.errors import UserError

TIMEOUT_S = 120


@dataclass(frozen=True)
class Measured:
    pages: int
    last_page_used: float  # fraction of the last page's text area in use (0..1)

    @property
    def fill(self) -> float:
        """Pages of content, as a number: 0.93 fits; 1.2 needs a fifth of a second page."""
        return self.pages - 1 + self.last_page_used


@cache
def soffice() -> str | None:
    """The LibreOffice binary, or None. ``MEMO_SOFFICE`` names one ("" disables it)."""
    named = os.environ.get("MEMO_SOFFICE")
    if named is not None:
        return shutil.which(named) if named else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes | list[bytes]) -> list[bytes]:
    """Convert one or more DOCX files to PDF in one LibreOffice run."""
    binary = soffice()
    if binary is None:
        raise UserError("LibreOffice (soffice) is not installed")
    items = docx if isinstance(docx, list) else [docx]
    with tempfile.TemporaryDirectory(prefix="memo-lo-") as folder:
        base = Path(folder)
        names = []
        for index, data in enumerate(items):
            path = base / f"memo-{index}.docx"
            path.write_bytes(data)
            names.append(str(path))
        command = [binary, f"-env:UserInstallation={(base / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(base / "out"), *names]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_S,
                           stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as exc:
            raise UserError(f"LibreOffice could not lay out the DOCX: {exc}") from None
        out = []
        for index in range(len(items)):
            pdf = base / "out" / f"memo-{index}.pdf"
            if not pdf.is_file():
                raise UserError("LibreOffice wrote no PDF for the DOCX")
            out.append(pdf.read_bytes())
        return out


def measure_pdf(pdf: bytes, top_margin_pt: float, bottom_margin_pt: float) -> Measured:
    """Pages, and the share of the last page's text area down to its lowest text or image."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[-1]
    height = float(page.mediabox.height)
    lowest = [height]

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if y < bottom_margin_pt:
                return  # the page footer (the colophon) sits below the text area on every page
            lowest[0] = min(lowest[0], y - 0.25 * (size or 0) * abs(cm[3] or 1))

    page.extract_text(visitor_text=visit)
    used = (height - top_margin_pt - lowest[0]) / (height - top_margin_pt - bottom_margin_pt)
    return Measured(len(reader.pages), max(0.0, min(1.0, used)))


def measure(docx: list[bytes], top_margin_pt: float, bottom_margin_pt: float
            ) -> list[Measured]:
    return [measure_pdf(pdf, top_margin_pt, bottom_margin_pt) for pdf in to_pdf(docx)]
