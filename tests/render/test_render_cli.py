"""`memo render` end to end: several formats, overflow exit code, check on rendered files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from memo.cli import cli

AS_OF = "2026-11-25"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.pdf
def test_render_every_format_then_check_each(fixture_memo_path: Path, tmp_path: Path) -> None:
    answers = tmp_path / "memo.yaml"
    shutil.copy(fixture_memo_path, answers)
    code, _out, err = run("render", str(answers), "-f", "pdf", "-f", "docx", "-f", "html",
                          "-f", "md", "--paper", "a4")
    assert code == 0, err
    outputs = [tmp_path / f"memo.{ext}" for ext in ("pdf", "docx", "md")]
    assert all(p.is_file() for p in [*outputs, tmp_path / "memo.html"])
    code, out, err = run("check", *map(str, outputs), "--format", "json", "--as-of", AS_OF)
    report = json.loads(out)
    assert code == 0, err
    assert [f["path"] for f in report["files"]] == [str(p) for p in outputs]
    assert all(f["ok"] for f in report["files"])
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temporaries


@pytest.mark.pdf
def test_overflow_exits_1_naming_sections_and_writes_nothing(fixture_memo_path: Path,
                                                             tmp_path: Path) -> None:
    data = yaml.safe_load(fixture_memo_path.read_text())
    data["rollback"] = " ".join(["switch the route back behind the feature flag"] * 70)
    answers = tmp_path / "long.yaml"
    answers.write_text(yaml.safe_dump(data))
    code, _out, err = run("render", str(answers), "-f", "md", "-f", "pdf", "-o",
                          str(tmp_path / "out"))
    assert code == 1
    assert "does not fit on one page" in err and "Risks and rollback" in err
    assert "cut about" in err and "hint:" in err
    assert not list(tmp_path.glob("out.*"))


def test_bad_template_dir_is_exit_2(fixture_memo_path: Path, tmp_path: Path) -> None:
    (tmp_path / "memo.html.j2").write_text("{% if %}")
    code, _out, err = run("render", str(fixture_memo_path), "-f", "html", "-o",
                          str(tmp_path / "x.html"), "--template-dir", str(tmp_path))
    assert code == 2 and "template syntax error" in err


@pytest.mark.pdf
def test_folder_check_takes_rendered_memos_and_skips_foreign_files(fixture_memo_path: Path,
                                                                    tmp_path: Path) -> None:
    import weasyprint

    answers = tmp_path / "src" / "memo.yaml"
    answers.parent.mkdir()
    shutil.copy(fixture_memo_path, answers)
    folder = tmp_path / "sent"
    folder.mkdir()
    code, _out, err = run("render", str(answers), "-f", "pdf", "-f", "docx", "-f", "html",
                          "-o", str(folder / "memo"))
    assert code == 0, err
    weasyprint.HTML(string="<p>a paper, not a memo</p>").write_pdf(folder / "paper.pdf")
    (folder / "page.html").write_text("<html><body>not a memo</body></html>")
    (folder / "notes.docx").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    code, out, err = run("check", str(folder), "--format", "json", "--as-of", AS_OF)
    assert code == 0, err
    assert sorted(Path(f["path"]).name for f in json.loads(out)["files"]) == [
        "memo.docx", "memo.html", "memo.pdf"]
    # Named explicitly, a file without answers is reported, not skipped.
    code, out, _err = run("check", str(folder / "paper.pdf"), "--as-of", AS_OF)
    assert code == 2 and "no embedded memo answers in this file" in out


@pytest.mark.pdf
def test_several_answers_files_in_one_call(fixture_memo_path: Path, tmp_path: Path) -> None:
    names = ["q1", "q2", "q3"]
    for name in names:
        shutil.copy(fixture_memo_path, tmp_path / f"{name}.yaml")
    out = tmp_path / "pack"
    out.mkdir()
    code, _out, err = run("render", *(str(tmp_path / f"{n}.yaml") for n in names),
                          "-f", "pdf", "-f", "md", "-o", str(out))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{n}.{ext}" for n in names for ext in ("pdf", "md"))


@pytest.mark.pdf
def test_one_memo_too_long_writes_no_output_of_any(fixture_memo_path: Path,
                                                   tmp_path: Path) -> None:
    data = yaml.safe_load(fixture_memo_path.read_text())
    shutil.copy(fixture_memo_path, tmp_path / "good.yaml")
    data["rollback"] = " ".join(["switch the route back behind the feature flag"] * 70)
    (tmp_path / "long.yaml").write_text(yaml.safe_dump(data))
    out = tmp_path / "pack"
    out.mkdir()
    code, _out, err = run("render", str(tmp_path / "good.yaml"), str(tmp_path / "long.yaml"),
                          "-f", "pdf", "-f", "html", "-o", str(out))
    assert code == 1
    # which of the memos, and in which format
    assert err.startswith(f"memo: error: {tmp_path / 'long.yaml'}: pdf: the memo does not fit "
                          "on one page")
    assert list(out.iterdir()) == []


def test_symlinked_output_is_refused_and_left_alone(fixture_memo_path: Path,
                                                    tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "memo.html"
    link.symlink_to(victim)
    code, _out, err = run("render", str(fixture_memo_path), "-f", "html", "-o", str(link))
    assert code == 2 and "is a symbolic link" in err
    assert victim.read_text() == "keep me" and link.is_symlink()


def test_undrawable_text_warns_naming_the_field_and_strict_fails(fixture_memo_path: Path,
                                                                 tmp_path: Path) -> None:
    data = yaml.safe_load(fixture_memo_path.read_text())
    data["rollback"] = "Switch back \ue000 now."  # a private-use character: no font has it
    answers = tmp_path / "memo.yaml"
    answers.write_text(yaml.safe_dump(data))
    code, _out, err = run("render", str(answers), "-f", "docx")
    assert code == 0
    assert f"{answers}: field rollback: no installed font draws U+E000" in err
    code, _out, err = run("render", str(answers), "-f", "md")
    assert code == 0 and "no installed font" not in err  # Markdown has no fonts of ours
    (tmp_path / "memo.docx").unlink()
    code, _out, err = run("render", str(answers), "-f", "docx", "--strict")
    assert code == 1 and "field rollback" in err
    assert not (tmp_path / "memo.docx").exists()


def test_draft_renders_with_a_band_and_a_warning(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "weak-memo.yaml"
    code, _out, err = run("render", str(sample), "-f", "html", "-o", str(tmp_path / "w.html"))
    assert code == 0 and "rendered as a draft" in err
    html = (tmp_path / "w.html").read_text()
    from memo.answers import load
    from memo.rules import check_memo

    errors = sum(f.severity.value == "error" for f in check_memo(load(sample).memo))
    assert errors >= 10
    assert f'<p class="draft-band" role="note">Draft: {errors} checklist errors.' in html


@pytest.mark.parametrize("formats", [("md",), ("md", "html")])
def test_an_existing_folder_as_output_is_written_into(fixture_memo_path: Path, tmp_path: Path,
                                                       formats: tuple[str, ...]) -> None:
    # `-o out/` with one memo: out/<stem>.<format>, not out.md beside the folder.
    out = tmp_path / "out"
    out.mkdir()
    answers = tmp_path / "memo.yaml"
    shutil.copy(fixture_memo_path, answers)
    args = [a for fmt in formats for a in ("-f", fmt)]
    code, _out, err = run("render", str(answers), *args, "-o", f"{out}/")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == sorted(f"memo.{fmt}" for fmt in formats)
    assert not list(tmp_path.glob("out.*"))
    assert f"wrote {out / f'memo.{formats[0]}'}" in err


@pytest.mark.parametrize(("formats", "output", "message"), [
    (("pdf",), "nodir/", "nodir/: --output: output folder does not exist"),
    (("md", "pdf"), "nodir/", "nodir/: --output: output folder does not exist"),
    (("pdf",), "x.md", "x.md: --output: the pdf output would be named x.md"),
    (("md", "html"), "s.pdf", "s.pdf: --output: with several formats -o is a stem that each "
                              "extension is added to (s.pdf.md, s.pdf.html)"),
    (("md",), "-", "--output: memo render writes files, not standard output"),
])
def test_an_output_that_names_something_else_is_refused(
        fixture_memo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        formats: tuple[str, ...], output: str, message: str) -> None:
    # `-o nodir/` used to write a PDF named nodir; `-o x.md -f pdf` a PDF named x.md.
    monkeypatch.chdir(tmp_path)
    shutil.copy(fixture_memo_path, tmp_path / "memo.yaml")
    args = [a for fmt in formats for a in ("-f", fmt)]
    code, _out, err = run("render", "memo.yaml", *args, "-o", output)
    assert code == 2
    assert err.splitlines()[0] == f"memo: error: {message}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.yaml"]


@pytest.mark.pdf
def test_undrawable_text_is_reported_once_by_memo_not_by_weasyprint(
        fixture_memo_path: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    data = yaml.safe_load(fixture_memo_path.read_text())
    data["title"] = "Ship \ue000 it \ue000 now"  # a private-use character: no font draws it
    answers = tmp_path / "memo.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "memo", "render", str(answers), "-f", "pdf"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if "U+E000" in line] == [
        f"memo: warning: {answers}: field title: no installed font draws U+E000 unnamed; "
        "they would print as empty boxes"]
    assert not [line for line in lines if ".notdef" in line]
