"""The bad-input corpus (tests/corpus/cases.yaml) run through the real CLI.

Each case names its input, the command, the exit code and the exact lines expected on stdout
and stderr. For every case, whatever the outcome:

- the exit code and the message lines are exactly those listed (paths are relative: every
  command runs in a fresh folder holding only the case's files);
- no "Traceback" appears anywhere and no exception escapes the CLI;
- no temporary file (``.*.tmp``) is left behind;
- on failure (exit code other than 0) no file is created and every file that was there
  before is byte-identical afterwards: nothing is half-written, nothing is lost.

Cases with ``as_nobody: true`` need permissions to bite (an unreadable input, an unwritable
folder). Root ignores those, and the tests run as root in CI, so such a case runs in a forked
child that drops to uid/gid 65534 (nobody) before invoking the CLI. It forks rather than
executing a fresh interpreter as nobody because the interpreter may live where nobody cannot
reach it (pyenv under /root, mode 0700); the child reuses the modules already imported, which
``_warm_up`` makes sure includes everything the commands import lazily. Not as root, the case
runs directly. These cases are never skipped.

Cases with ``subprocess: true`` also run as ``python -m memo`` in a real child process, to
prove no traceback reaches a terminal either.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from memo.cli import cli

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "cases.yaml"
AS_OF = "2026-11-25"  # staleness rules compare with this date, so the cases do not age
NOBODY = 65534

_DATA = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
BASES: dict[str, str] = _DATA["bases"]
CASES: list[dict[str, Any]] = _DATA["cases"]


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    escaped: str | None = None  # the traceback of an exception that escaped the CLI


# --- building a case's folder -----------------------------------------------------------


def _content(case: dict[str, Any]) -> bytes | None:
    """The input file's bytes, or None when the case's input is not a plain file."""
    if "content" in case:
        return str(case["content"]).encode("utf-8")
    if "content_b64" in case:
        return base64.b64decode(case["content_b64"])
    if "base" in case:
        text = BASES[case["base"]]
        for old, new in case.get("replace", []):
            assert text.count(old) == 1, f"{case['name']}: {old!r} must occur exactly once"
            text = text.replace(old, re.sub(r"LONG(\d+)", lambda m: "x" * int(m.group(1)), new))
        return text.encode("utf-8")
    generate = case.get("generate")
    if generate == "huge":  # 1 MiB + 1 byte of otherwise valid YAML
        head = BASES["minimal"] + "#"
        return (head + "x" * (1024 * 1024 - len(head)) + "\n").encode("utf-8")
    if generate == "deep":  # nesting deep enough to exhaust a recursive reader
        return ("schema_version: 1\ntitle: " + "[" * 990 + "]" * 990 + "\n").encode("utf-8")
    if generate == "long_number":
        return (BASES["minimal"] + "costs:\n  requests_per_month: " + "9" * 5000 + "\n"
                ).encode("utf-8")
    if generate in ("directory", "missing"):
        return None
    raise AssertionError(f"{case['name']}: no input given")


def _build(case: dict[str, Any], folder: Path) -> None:
    for name in case.get("dirs", []):
        (folder / name).mkdir(parents=True, exist_ok=True)
    for name, text in case.get("files", {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    data = _content(case)
    target = folder / case.get("input", "memo.yaml")
    if data is not None:
        target.write_bytes(data)
    elif case.get("generate") == "directory":
        target.mkdir()
    if "input_mode" in case:
        os.chmod(target, int(case["input_mode"], 8))
    for name, mode in case.get("modes", {}).items():
        os.chmod(folder / name, int(mode, 8))


def _args(case: dict[str, Any]) -> list[str]:
    args = shlex.split(case["command"].format(input=case.get("input", "memo.yaml")))
    if args[0] == "check":
        args += ["--as-of", AS_OF]
    return args


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for folders and unreadable files)."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_file():
            try:
                found[rel] = path.read_bytes()
            except PermissionError:  # only when not root
                found[rel] = None
        else:
            found[rel] = None
    return found


@pytest.fixture
def world_folder() -> Iterator[Path]:
    """A folder that uid 65534 can reach (pytest's tmp_path parents are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="memo-corpus-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o755)
        shutil.rmtree(folder)


# --- running the CLI ----------------------------------------------------------------------


def _invoke(args: list[str]) -> Outcome:
    result = CliRunner().invoke(cli, args, prog_name="memo")
    escaped = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        escaped = "".join(traceback.format_exception(result.exception))
    return Outcome(result.exit_code, result.stdout, result.stderr, escaped)


_WARMED = False


def _warm_up() -> None:
    """Import, as root, everything a command imports lazily, so a child running as nobody
    never needs to read a module from a folder it cannot enter."""
    global _WARMED
    if _WARMED:
        return
    import memo.checking
    import memo.context
    import memo.embedded
    import memo.render
    import memo.reports.text  # noqa: F401

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "m.yaml").write_text(BASES["good"], encoding="utf-8")
        for args in (["check", str(folder / "m.yaml"), "--as-of", AS_OF],
                     ["check", str(folder / "missing.yaml")],
                     ["render", str(folder / "m.yaml"), "-f", "md", "-o", str(folder / "m.md")],
                     ["render", str(folder / "nope.yaml"), "-f", "md"],
                     ["new", "--answers", str(folder / "m.yaml"), "--no-input", "-o",
                      str(folder / "n.yaml")]):
            _invoke(args)
    _WARMED = True


def _invoke_as_nobody(args: list[str], folder: Path) -> Outcome:
    """Run the CLI in a forked child with uid/gid 65534, in ``folder``."""
    _warm_up()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.chdir(folder)
            outcome = _invoke(args)
            payload = json.dumps(outcome.__dict__)
        except BaseException:
            payload = json.dumps({"code": -1, "stdout": "", "stderr": "",
                                  "escaped": traceback.format_exc()})
        with os.fdopen(write_end, "w") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    return Outcome(**json.loads(payload))


def _run(case: dict[str, Any], folder: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    args = _args(case)
    if case.get("as_nobody") and os.geteuid() == 0:
        return _invoke_as_nobody(args, folder)
    monkeypatch.chdir(folder)
    return _invoke(args)


# --- what every case must satisfy ---------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _check_outcome(case: dict[str, Any], outcome: Outcome, before: dict[str, bytes | None],
                   folder: Path) -> None:
    name = case["name"]
    shown = f"exit {outcome.code}\nstdout:\n{outcome.stdout}\nstderr:\n{outcome.stderr}"
    assert outcome.escaped is None, f"{name}: an exception escaped the CLI\n{outcome.escaped}"
    assert "Traceback" not in outcome.stdout + outcome.stderr, f"{name}: {shown}"
    assert outcome.code == case["exit"], f"{name}: {shown}"
    assert _lines(outcome.stdout) == case.get("stdout", []), f"{name}: {shown}"
    stderr = [line for line in _lines(outcome.stderr)
              if line not in case.get("tolerated_stderr", [])]
    assert stderr == case.get("stderr", []), f"{name}: {shown}"
    after = _snapshot(folder)
    temps = [p for p in after if Path(p).name.startswith(".") and p.endswith(".tmp")]
    assert not temps, f"{name}: temporary files left behind: {temps}"
    if outcome.code != 0:
        assert after == before, f"{name}: a failed run changed the folder"
        return
    for path, old in before.items():  # a success changes only the outputs it names
        if path not in case.get("outputs", {}):
            assert after.get(path) == old, f"{name}: {path} changed"
    for path, expect in case.get("outputs", {}).items():
        data = (folder / path).read_bytes()
        text = data.decode("utf-8", errors="replace")
        for needle in expect.get("contains", []):
            assert needle in text, f"{name}: {path} lacks {needle!r}"
        shown_text = _rendered_part(path, text)
        for needle in expect.get("absent", []):
            assert needle not in shown_text, f"{name}: {path} holds {needle!r}"
        if "starts_with" in expect:
            assert text.startswith(expect["starts_with"]), f"{name}: {path} starts {text[:20]!r}"


def _need_pdf() -> None:
    """PDF cases skip where weasyprint cannot load, except in CI (MEMO_REQUIRE_PDF=1)."""
    try:
        import weasyprint  # noqa: F401
    except Exception as exc:  # OSError when Pango is missing
        if os.environ.get("MEMO_REQUIRE_PDF") == "1":
            raise
        pytest.skip(f"weasyprint cannot load: {exc}")


def _rendered_part(path: str, text: str) -> str:
    """What a reader sees: a Markdown memo's front matter is the answers as YAML data (it
    round-trips through `memo check`), not rendered Markdown, so `absent` skips it."""
    if path.endswith(".md") and text.startswith("---\n"):
        return text.split("\n---\n", 1)[1]
    return text


def test_corpus_is_large_and_well_formed() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    failing = [c for c in CASES if c["exit"] != 0]
    assert len(failing) >= 40
    for case in CASES:
        assert case.get("exercises"), f"{case['name']}: say what the case exercises"
        assert case["exit"] in (0, 1, 2, 130)
        if case["exit"] == 2 and case["command"].split()[0] != "check":
            assert any(line.startswith("memo: error: ") for line in case.get("stderr", [])), (
                f"{case['name']}: a failure must say what went wrong")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any], world_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.get("pdf"):
        _need_pdf()
    _build(case, world_folder)
    handle = None
    if case.get("hold_open"):  # another process has the existing output open
        handle = (world_folder / case["hold_open"]).open("rb")
    try:
        before = _snapshot(world_folder)
        outcome = _run(case, world_folder, monkeypatch)
        _check_outcome(case, outcome, before, world_folder)
        if handle is not None:  # the reader keeps the old file; the path holds the new one
            assert handle.read() == before[case["hold_open"]]
    finally:
        if handle is not None:
            handle.close()


SUBPROCESS_CASES = [c for c in CASES if c.get("subprocess")]


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=[c["name"] for c in SUBPROCESS_CASES])
def test_case_in_a_real_process(case: dict[str, Any], world_folder: Path) -> None:
    _build(case, world_folder)
    before = _snapshot(world_folder)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "memo", *_args(case)], cwd=world_folder,
                            capture_output=True, text=True, timeout=120, env=env)
    _check_outcome(case, Outcome(result.returncode, result.stdout, result.stderr),
                   before, world_folder)


def test_nobody_really_cannot_read_the_unreadable_input(world_folder: Path) -> None:
    """The as_nobody cases prove something only if the permissions bite: check they do."""
    secret = world_folder / "secret.yaml"
    secret.write_text("x: 1\n")
    os.chmod(secret, 0)
    if os.geteuid() != 0:
        with pytest.raises(PermissionError):
            secret.read_bytes()
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        verdict = b"?"
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                secret.read_bytes()
                verdict = b"read"
            except PermissionError:
                verdict = b"denied"
        finally:
            os.write(write_end, verdict)
            os._exit(0)
    os.close(write_end)
    verdict = os.read(read_end, 16)
    os.close(read_end)
    os.waitpid(pid, 0)
    assert verdict == b"denied"
    assert stat.S_IMODE(secret.stat().st_mode) == 0
