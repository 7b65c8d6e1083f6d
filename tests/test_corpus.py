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
import hashlib
import json
import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from corpus import hostile  # type: ignore[import-not-found]

from memo.cli import cli

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "cases.yaml"
AS_OF = "2026-11-25"  # staleness rules compare with this date, so the cases do not age
NOBODY = 65534
# Every hostile file is refused or handled within these, measured on a real process.
MAX_SECONDS = 5.0
MAX_PEAK_MB = 300.0

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
    if generate in _GENERATORS:
        return _GENERATORS[generate]()
    raise AssertionError(f"{case['name']}: no input given")


def _failing_memo() -> str:
    """The good memo without its rollback plan: one checklist error (MEMO-OPS-003)."""
    text = BASES["good"]
    return text[:text.index("rollback:")]


def _many_items(key: str, item: str, count: int) -> bytes:
    return (BASES["minimal"] + f"{key}:\n" + f"  - {item}\n" * count).encode("utf-8")


_GENERATORS = {
    # A failing memo in spellings a byte scan for "schema_version:" misses.
    "quoted_key": lambda: _failing_memo().replace("schema_version:", '"schema_version":')
    .encode(),
    "bom": lambda: b"\xef\xbb\xbf" + _failing_memo().split("\n", 1)[1].encode(),
    "flow_mapping": lambda: json.dumps(yaml.safe_load(_failing_memo()), default=str).encode(),
    "key_after_64k": lambda: ("# " + "x" * 70_000 + "\n" + _failing_memo()).encode(),
    "rendered_md_quoted_key": lambda: ("---\n" + _failing_memo().replace(
        "schema_version:", "'schema_version':") + "---\n\n# Memo\n\nText.\n").encode(),
    # Bombs and floods.
    "docx_bomb": lambda: hostile.docx_bomb(hostile.GIB),
    "docx_bomb_honest_header": lambda: hostile.docx_with_part(
        b"", raw_deflate=hostile.deflate_bomb(hostile.GIB, raw=True),
        declared_size=hostile.GIB),
    "docx_bzip2": lambda: hostile.docx_with_part(b"<answers/>", compress_type=12),
    "docx_many_parts": lambda: hostile.docx_many_parts(60_000),
    "docx_truncated": hostile.docx_cut_short,
    "pdf_bomb": lambda: hostile.pdf_bomb(hostile.GIB),
    "pdf_many_bombs": lambda: hostile.pdf_many_bombs(copies=60, size=64 * hostile.MIB),
    "long_heading_line": lambda: ("# x" + " " * 1_000_000 + "y\n").encode(),
    "many_headings": lambda: b"# a\n" * 250_000,
    "many_risks": lambda: _many_items("risks", "{risk: r, mitigation: m}", 20_000),
    "many_diagnoses": lambda: (BASES["minimal"] + "diagnosis: [" + "x," * 200_000 + "]\n"
                               ).encode(),
    "many_keys": lambda: (BASES["minimal"] + "".join(f"k{i}: 1\n" for i in range(100_000))
                          ).encode(),
    "many_values": lambda: (BASES["minimal"] + "".join(
        f"x{k}: [" + ",".join(["[" + ",".join(["1"] * 100) + "]"] * 100) + "]\n"
        for k in range(50)))[:1_048_000].encode(),
    "many_problems": lambda: _many_items("risks", "{mitigation: m, extra: 1}", 100),
}


def _build(case: dict[str, Any], folder: Path) -> None:
    for name in case.get("dirs", []):
        (folder / name).mkdir(parents=True, exist_ok=True)
    for name, text in case.get("files", {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, generate in case.get("generated_files", {}).items():
        (folder / name).write_bytes(_GENERATORS[generate]())
    for name in case.get("fifos", []):
        os.mkfifo(folder / name)
    for name in case.get("sockets", []):
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(folder / name))  # the socket file stays after the close
        server.close()
    for name, target in case.get("symlinks", {}).items():
        (folder / name).symlink_to(target)
    for name, size in case.get("sparse", {}).items():
        with (folder / name).open("wb") as handle:  # no disk used: a hole of `size` bytes
            handle.truncate(int(size))
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
    """Every path under ``folder`` with its bytes (None for folders and unreadable files; a
    digest for large files; the target for links; the type for FIFOs, sockets, devices)."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            found[rel] = b"link -> " + os.readlink(path).encode()
        elif stat.S_ISREG(mode):
            try:
                found[rel] = _content_of(path)
            except PermissionError:  # only when not root
                found[rel] = None
        elif stat.S_ISDIR(mode):
            found[rel] = None
        else:
            found[rel] = f"special {stat.S_IFMT(mode):o}".encode()
    return found


def _content_of(path: Path) -> bytes:
    if path.stat().st_size <= 16 * 1024 * 1024:
        return path.read_bytes()
    digest = hashlib.sha256()
    with path.open("rb") as handle:  # a sparse multi-GB file: its size and first MiB
        digest.update(handle.read(1024 * 1024))
    return f"{path.stat().st_size} bytes, head {digest.hexdigest()}".encode()


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


IN_PROCESS_CASES = [c for c in CASES if not c.get("measure")]


@pytest.mark.parametrize("case", IN_PROCESS_CASES, ids=[c["name"] for c in IN_PROCESS_CASES])
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


# --- hostile files, run in a real process and measured ------------------------------------

MEASURED_CASES = [c for c in CASES if c.get("measure")]
# Runs the CLI and writes its exit code, wall time and peak memory as JSON. The peak is the
# process's own high-water RSS (VmHWM: counted from its exec, unlike ru_maxrss, which on
# Linux keeps the forking parent's size); a 3 GiB address-space limit is set first, so a
# regression fails with MemoryError instead of eating the machine.
_MEASURE = """
import json, os, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))
start = time.perf_counter()
from memo.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
with open(os.environ["MEMO_MEASURE_OUT"], "w") as out:
    json.dump({"code": code, "seconds": time.perf_counter() - start, "peak_mb": peak}, out)
sys.exit(code)
"""
MEASUREMENTS: dict[str, dict[str, float]] = {}


def run_measured(args: list[str], folder: Path) -> tuple[Outcome, dict[str, float]]:
    """The CLI in a fresh process: its outcome, and its wall time and peak memory."""
    out = folder.parent / f".{folder.name}.measure.json"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "MEMO_MEASURE_OUT": str(out)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MEASURE, *args], cwd=folder,
                            capture_output=True, text=True, timeout=60, env=env,
                            stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    figures = json.loads(out.read_text()) if out.exists() else {"peak_mb": -1.0}
    out.unlink(missing_ok=True)
    figures["wall_seconds"] = wall
    return Outcome(result.returncode, result.stdout, result.stderr), figures


@pytest.mark.parametrize("case", MEASURED_CASES, ids=[c["name"] for c in MEASURED_CASES])
def test_hostile_case_is_bounded(case: dict[str, Any], world_folder: Path) -> None:
    _build(case, world_folder)
    before = _snapshot(world_folder)
    outcome, figures = run_measured(_args(case), world_folder)
    MEASUREMENTS[case["name"]] = figures
    print(f"{case['name']}: {figures['wall_seconds']:.2f} s, {figures['peak_mb']:.0f} MB peak")
    _check_outcome(case, outcome, before, world_folder)
    assert figures["wall_seconds"] < MAX_SECONDS, f"{case['name']}: {figures}"
    assert 0 < figures["peak_mb"] < MAX_PEAK_MB, f"{case['name']}: {figures}"


# --- output that survives hostile text and closed pipes -----------------------------------


def test_rich_markup_in_an_option_name_is_printed_as_typed(world_folder: Path) -> None:
    """rich reads "[red]" as markup and crashed on "[/bold]"; names are user text."""
    (world_folder / "memo.yaml").write_text(
        "schema_version: 1\ntitle: t\nfix: {kind: rag}\ncosts:\n  requests_per_month: 1000\n"
        "  options:\n"
        "    - {name: '[/bold] oops [red]x', kind: rag, chosen: true, input_tokens: 10,\n"
        "       output_tokens: 10, input_price_per_mtok: 1, output_price_per_mtok: 1}\n"
        "    - {name: '[link=http://evil]click[/link]', kind: prompt,\n"
        "       input_tokens: 10, output_tokens: 10, input_price_per_mtok: 1,\n"
        "       output_price_per_mtok: 1}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "memo", "cost", "memo.yaml"],
                            cwd=world_folder, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "[/bold] oops [red]x (chosen)" in result.stdout
    assert "[link=http://evil]click[/link]" in result.stdout
    # A bidi override in a value no longer loads (it would reorder the rendered memo); the
    # refusal names its code point and never prints the character itself.
    memo_file = world_folder / "memo.yaml"
    memo_file.write_text(memo_file.read_text(encoding="utf-8").replace(
        "click[/link]'", "click[/link] \u202e'"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "memo", "cost", "memo.yaml"],
                            cwd=world_folder, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "costs.options[1].name: contains the bidi control character U+202E" in result.stderr
    assert "\u202e" not in result.stderr


@pytest.mark.parametrize("command", [["rules"], ["schema"], ["check", "--help"]])
def test_a_closed_pipe_ends_quietly(command: list[str]) -> None:
    """`memo rules | head -1`: the reader goes away; memo stops without a word, exit 1 as
    Python itself does on EPIPE (never "internal error", never a traceback)."""
    process = subprocess.Popen([sys.executable, "-m", "memo", *command], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like `head -1`
    stderr = process.stderr.read().decode()
    code = process.wait(timeout=60)
    assert first
    assert stderr == ""
    assert code in (0, 1)  # 0 when everything fitted in the pipe before it closed


def test_a_closed_pipe_after_the_first_line_of_a_long_output(world_folder: Path) -> None:
    for index in range(200):
        (world_folder / f"m{index:03}.yaml").write_text(BASES["minimal"], encoding="utf-8")
    result = subprocess.run(
        f"{shlex.quote(sys.executable)} -m memo check . | head -1", shell=True,
        cwd=world_folder, capture_output=True, text=True, timeout=60,
        executable="/bin/bash")
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


def test_usage_errors_repeat_what_was_typed_safely() -> None:
    result = CliRunner().invoke(cli, ["check", "--bo\x1b[2Jgus\u202e", "x.yaml"])
    assert result.exit_code == 2
    assert "No such option '--bo\\x1b[2Jgus\\u202e'." in result.stderr
    assert "\x1b" not in result.output and "\u202e" not in result.output


def test_an_internal_error_while_reading_names_the_file(
        world_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug met while reading one file: exit 2 and one line naming it, not exit 1 (which
    means checklist errors); `memo check` reports it on that file and checks the others."""
    import memo.answers

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.chdir(world_folder)
    (world_folder / "memo.yaml").write_text(BASES["minimal"], encoding="utf-8")
    (world_folder / "memo.md").write_text("# Problem\n", encoding="utf-8")
    monkeypatch.setattr(memo.answers, "load_answers_text", broken)
    outcome = _invoke(["render", "memo.yaml", "-f", "md", "-o", "out.md"])
    assert (outcome.code, outcome.stdout) == (2, "")
    assert outcome.stderr.splitlines() == [
        "memo: internal error while reading memo.yaml: KeyError: 'boom'",
        "  hint: this is a bug in memo; rerun with MEMO_DEBUG=1 for the traceback and report it",
    ]
    import memo.checking

    monkeypatch.setattr(memo.checking, "validate", broken)
    outcome = _invoke(["check", "memo.yaml", "memo.md", "--as-of", AS_OF])
    assert outcome.code == 2
    assert outcome.stdout.splitlines()[0] == (
        "memo.yaml: MEMO-INPUT error internal error while reading memo.yaml: KeyError: 'boom' "
        "(this is a bug in memo; rerun with MEMO_DEBUG=1 for the traceback and report it)")
    assert outcome.stdout.splitlines()[1].startswith("memo.md:1: MEMO-DOC-101 error")
