"""HTML memo: autoescaping, embedded answers, and the sandboxed --template-dir."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest

from memo.answers import load
from memo.context import SECTION_TITLES, build_context
from memo.embedded import extract_answers
from memo.errors import UserError
from memo.render import OutputFormat, RenderOptions, render
from memo.render.environment import html_environment


def _evil_context(fixture_memo_path: Path) -> dict:
    memo = load(fixture_memo_path).memo
    evil = memo.model_copy(update={
        "title": "<script>alert(1)</script>",
        "rollback": '<img src="file:///etc/passwd"> <link rel="attachment" href="x">',
    })
    return build_context(evil)


def test_every_section_in_order(context: dict) -> None:
    html = render(context, OutputFormat.HTML).decode()
    titles = [t for t in SECTION_TITLES if t != "Decision requested"]
    positions = [html.find(f">{title}<") for title in titles]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    assert "Decision requested" in html and "<svg" in html


def test_user_text_is_escaped(fixture_memo_path: Path) -> None:
    html = render(_evil_context(fixture_memo_path), OutputFormat.HTML).decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img" not in html and "<link" not in html


def test_answers_round_trip_through_html(context: dict, tmp_path: Path) -> None:
    out = tmp_path / "memo.html"
    out.write_bytes(render(context, OutputFormat.HTML))
    assert extract_answers(out) == context["answers_yaml"]
    meta = re.search(r'name="memo-answers" content="([^"]+)"', out.read_text())
    assert meta and base64.b64decode(meta.group(1)).decode() == context["answers_yaml"]


def test_user_css_cannot_close_the_style_element(context: dict, tmp_path: Path) -> None:
    css = tmp_path / "brand.css"
    css.write_text("h1 { color: red } </style><script>alert(1)</script>")
    html = render(context, OutputFormat.HTML, RenderOptions(css=css)).decode()
    assert "color: red" in html
    assert html.count("<style>") == html.count("</style>")  # nothing closed early
    outside_styles = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert "<script" not in outside_styles


def test_template_dir_overrides_and_falls_back(context: dict, tmp_path: Path) -> None:
    (tmp_path / "memo.html.j2").write_text("<h1>{{ title }}</h1>{{ styles|length }}")
    html = render(context, OutputFormat.HTML, RenderOptions(template_dir=tmp_path)).decode()
    assert html.startswith("<h1>Fine-tune a LoRA")
    md = render(context, OutputFormat.MD, RenderOptions(template_dir=tmp_path)).decode()
    assert "## Problem" in md  # memo.md.j2 came from the shipped templates


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ title.__class__.__init__.__globals__ }}",
])
def test_template_sandbox_blocks_python_internals(context: dict, tmp_path: Path,
                                                  source: str) -> None:
    (tmp_path / "memo.html.j2").write_text(source)
    with pytest.raises(UserError, match=r"sandbox|unknown value"):
        render(context, OutputFormat.HTML, RenderOptions(template_dir=tmp_path))


def test_template_cannot_include_files_outside_its_folder(context: dict, tmp_path: Path) -> None:
    folder = tmp_path / "brand"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-SECRET")
    (folder / "memo.html.j2").write_text('{% include "../secret.txt" %}')
    with pytest.raises(UserError, match="not found"):
        render(context, OutputFormat.HTML, RenderOptions(template_dir=folder))
    os.symlink(secret, folder / "link.j2")
    (folder / "memo.html.j2").write_text('{% include "link.j2" %}')
    html_environment.cache_clear()
    with pytest.raises(UserError, match="not found"):
        render(context, OutputFormat.HTML, RenderOptions(template_dir=folder))


def test_included_template_that_is_a_fifo_or_too_big_is_refused(context: dict,
                                                                tmp_path: Path) -> None:
    """Templates a template includes go through the same bounded reader as the ones the CLI
    checks up front: a FIFO is refused from its stat (opening it would block)."""
    import time

    os.mkfifo(tmp_path / "part.j2")
    (tmp_path / "memo.html.j2").write_text('<h1>{{ title }}</h1>{% include "part.j2" %}')
    html_environment.cache_clear()
    start = time.perf_counter()
    with pytest.raises(UserError) as refused:
        render(context, OutputFormat.HTML, RenderOptions(template_dir=tmp_path))
    assert str(refused.value) == (f"{tmp_path / 'part.j2'}: is a FIFO (named pipe), not a "
                                  "regular file; memo reads only regular files")
    assert time.perf_counter() - start < 5
    os.unlink(tmp_path / "part.j2")
    with (tmp_path / "part.j2").open("wb") as handle:
        handle.truncate(512 * 1024 + 1)
    html_environment.cache_clear()
    with pytest.raises(UserError) as refused:
        render(context, OutputFormat.HTML, RenderOptions(template_dir=tmp_path))
    assert str(refused.value) == (f"{tmp_path / 'part.j2'}: file is 524,289 bytes; templates "
                                  "and stylesheets are capped at 524,288 bytes (512 KiB)")


def test_template_dir_that_is_a_file_is_named(context: dict, tmp_path: Path) -> None:
    (tmp_path / "brand.css").write_text("h1 {}")
    with pytest.raises(UserError) as refused:
        RenderOptions(template_dir=tmp_path / "brand.css").read_files()
    assert str(refused.value) == (f"{tmp_path / 'brand.css'}: --template-dir: is a regular "
                                  "file, not a folder")


def test_missing_template_dir_is_a_usage_error(context: dict, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        render(context, OutputFormat.HTML, RenderOptions(template_dir=tmp_path / "nope"))


def test_ids_urls_and_numbers_are_never_hyphenated(context: dict) -> None:
    html = render(context, OutputFormat.HTML).decode()
    assert '<span class="id">gpt-4o</span>' in html
    assert 'class="nb">$18k</span>' in html
    css = (Path(__file__).resolve().parents[2] / "templates" / "memo.css").read_text()
    assert "body {" in css and "hyphens: manual" in css and ".prose { hyphens: auto; }" in css


def test_right_to_left_text_gets_its_direction(fixture_memo_path: Path) -> None:
    memo = load(fixture_memo_path).memo
    arabic = "يحتاج النموذج إلى معلومات عن المنتجات الجديدة."
    html = render(build_context(memo.model_copy(update={"rollback": arabic})),
                  OutputFormat.HTML).decode()
    assert f'dir="rtl"><strong>Rollback:</strong> {arabic}' in html


def test_html_reads_on_a_phone(context: dict) -> None:
    html = render(context, OutputFormat.HTML).decode()
    assert 'name="viewport" content="width=device-width' in html
    assert "@media screen and (max-width: 640px)" in html
    assert '<div class="table-scroll">' in html


def test_a_verdict_that_states_its_figure_is_not_repeated_in_any_format() -> None:
    # "never pays back: $3,240 more by month 24" already says what the horizon costs; the
    # memo used to add "; costs $3,240 more over 24 months" after it.
    import io

    import docx

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = Path(__file__).resolve().parents[2]
    context = build_context(load(root / "samples/weak-memo.yaml").memo)
    sentence = "Against Current prompt on gpt-4o-mini: never pays back: $3,240 more by month 24."
    html = render(context, OutputFormat.HTML).decode()
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert sentence in text and "; costs $3,240 more" not in text
    document = docx.Document(io.BytesIO(render(context, OutputFormat.DOCX)))
    # the cost verdict sits in a cell of the layout table: read every paragraph's runs
    paragraphs = ["".join(t.text or "" for t in p.iter(W + "t"))
                  for p in document.element.body.iter(W + "p")]
    assert sentence in paragraphs
    assert not any("; costs $3,240 more" in p for p in paragraphs)
