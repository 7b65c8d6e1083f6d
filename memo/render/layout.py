"""The PDF's and the DOCX's type steps and paper sizes (shared, so the DOCX path does not
import the HTML templates)."""

from __future__ import annotations

from dataclasses import dataclass

PAPERS = {"letter": "letter", "a4": "A4"}
PAPER_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
TALL_PAGE_MM = 3000.0  # a page long enough to measure how much room a memo needs


@dataclass(frozen=True)
class Layout:
    """Type size (pt), line height and page margins (mm) of one fitting attempt."""

    font_pt: float = 10.0
    line_height: float = 1.3
    margin_v_mm: float = 14.0
    margin_h_mm: float = 16.0


# From roomiest to tightest; the type never goes below 8.5 pt.
LAYOUTS: tuple[Layout, ...] = (
    Layout(10.0, 1.22, 13, 16),
    Layout(9.5, 1.2, 12, 14),
    Layout(9.0, 1.18, 11, 13),
    Layout(8.5, 1.16, 10, 12),
)
MIN_FONT_PT = 8.5
