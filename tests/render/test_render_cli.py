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
