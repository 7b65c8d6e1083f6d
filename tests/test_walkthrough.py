"""A new user's walk-through, end to end, in a fresh virtual environment.

1. Copy the source tree (the files git tracks) to a temporary folder, as a clone would.
2. Create a fresh venv there and install memo from the tree (a real, non-editable install,
   so the packaged templates are what gets used), then run the README's main command.
3. Answer the whole questionnaire through a pseudo-terminal, as a person at a keyboard.
4. Check the result, render every format, and read the PDF back.

Slow (a venv and a pip install), so it is marked; CI runs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_driver import script_for  # type: ignore[import-not-found]
from pty_terminal import Terminal

from memo.answers import load, to_data

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rag-plus-lora.yaml"
AS_OF = "2026-11-25"

pytestmark = pytest.mark.slow


def _copy_tracked_tree(destination: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _readme_main_command() -> str:
    """The first command in the README's first code block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "the README starts with a sh code block"
    return block.group(1).splitlines()[0].split("#")[0].strip()


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("walkthrough") / "memo"
    _copy_tracked_tree(tree)
    subprocess.run([sys.executable, "-m", "venv", str(tree / ".venv")], check=True)
    pip = subprocess.run([str(tree / ".venv/bin/pip"), "install", "--quiet", str(tree)],
                         capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stderr[-3000:]
    (tree / ".venv/.installed").touch()  # the Makefile's stamp: setup is done
    return tree


def test_readme_main_command_renders_a_sample(fresh_install: Path) -> None:
    command = _readme_main_command()
    assert command == "make demo"
    result = subprocess.run(command.split(), cwd=fresh_install, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "memo new -o my-memo.yaml" in result.stdout
    pdf = fresh_install / "out" / "support-bot-rag.pdf"
    assert pdf.is_file() and (fresh_install / "out" / "support-bot-rag.md").is_file()
    # The installed package, not the source checkout, supplied the templates.
    where = subprocess.run([str(fresh_install / ".venv/bin/python"), "-c",
                            "import memo.resources as r; print(r.templates_dir())"],
                           capture_output=True, text=True, cwd="/", check=True).stdout
    assert "site-packages/memo/templates" in where


def test_questionnaire_in_a_terminal_then_check_render_and_read(fresh_install: Path,
                                                                 tmp_path: Path) -> None:
    memo_cli = str(fresh_install / ".venv/bin/memo")
    work = tmp_path / "team"
    work.mkdir()
    expected = load(SAMPLE).memo
    terminal = Terminal([memo_cli, "new", "-o", "memo.yaml"], cwd=work, rows=50)
    for keys in script_for(to_data(expected)):
        terminal.settle(prompt=True)  # keys typed before a prompt reads them are lost
        terminal.type(keys)
    code = terminal.finish()
    assert code == 0, terminal.text[-3000:]
    shown = terminal.text
    assert "Recommended fix" in shown and "Checklist" in shown
    typed = load(work / "memo.yaml").memo
    # A checkbox returns the retrain triggers in its own order; everything else is identical.
    assert typed.maintenance and expected.maintenance
    assert set(typed.maintenance.retrain_triggers) == set(expected.maintenance.retrain_triggers)
    assert typed.model_copy(update={"maintenance": expected.maintenance}) == expected
    assert (work / "memo.md").is_file() and not (work / "memo.draft.yaml").exists()

    check = subprocess.run([memo_cli, "check", "memo.yaml", "--as-of", AS_OF], cwd=work,
                           capture_output=True, text=True, timeout=60)
    assert (check.returncode, check.stdout.strip()) == (
        0, "memo.yaml: ok\n1 file checked: 0 errors, 0 warnings")

    (work / "out").mkdir()
    render = subprocess.run([memo_cli, "render", "memo.yaml", "-f", "md", "-f", "html", "-f",
                             "pdf", "-f", "docx", "-o", "out/memo"], cwd=work,
                            capture_output=True, text=True, timeout=120)
    assert render.returncode == 0, render.stderr
    for ext in ("md", "html", "pdf", "docx"):
        assert (work / "out" / f"memo.{ext}").stat().st_size > 0

    from pypdf import PdfReader

    reader = PdfReader(work / "out" / "memo.pdf")
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert expected.title.split(":")[0][:40] in text
    for section in ("Problem", "Diagnosis", "Decision", "Costs", "Evaluation", "Maintenance",
                    "Rollback"):
        assert section.lower() in text.lower(), section

    rechecked = subprocess.run([memo_cli, "check", "out/memo.pdf", "out/memo.docx",
                                "out/memo.md", "--as-of", AS_OF], cwd=work,
                               capture_output=True, text=True, timeout=60)
    assert rechecked.returncode == 0, rechecked.stdout
