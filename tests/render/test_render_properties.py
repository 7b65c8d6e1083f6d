"""Any valid answers render to every format without error."""

from __future__ import annotations

import io

import pytest
from conftest import WeasyprintLogGuard
from hypothesis import HealthCheck, given, settings
from strategies import memos  # type: ignore[import-not-found]

from memo.context import build_context
from memo.model import Memo
from memo.render import OutputFormat, render
from memo.render.budget import MemoTooLong


@pytest.mark.pdf
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(memo=memos)
def test_any_valid_answers_render_to_every_format(memo: Memo,
                                                  weasyprint_log: WeasyprintLogGuard) -> None:
    from pypdf import PdfReader

    # Random code points outside every installed font draw as boxes; that is expected here.
    weasyprint_log.allow(".notdef glyph rendered")
    context = build_context(memo)
    for fmt in OutputFormat:
        try:
            data = render(context, fmt)
        except MemoTooLong:
            # Generated text can legitimately exceed one page; the refusal is the feature.
            continue
        assert data
        if fmt is OutputFormat.PDF:
            assert len(PdfReader(io.BytesIO(data)).pages) == 1
