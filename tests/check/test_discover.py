"""memo.discover.find_memos: the one recognition path (memo check, and later memo list)."""

from __future__ import annotations

import os
from pathlib import Path

from check_helpers import FIXTURES

from memo.checking import find_memos
from memo.discover import MemoKind, Parsed

CLEAN = (FIXTURES / "clean.yaml").read_text(encoding="utf-8")


def _found(paths: list[Path], **options: bool) -> list[tuple[str, MemoKind, str | None]]:
    return [(found.path.name, found.kind, str(found.error) if found.error else None)
            for found in find_memos(paths, **options)]


def test_every_spelling_render_accepts_is_found(tmp_path: Path) -> None:
    body = CLEAN.split("\n", 1)[1]  # the fixture without its first comment line
    (tmp_path / "a-quoted.yaml").write_text(body.replace("schema_version:", '"schema_version":'))
    (tmp_path / "b-bom.yml").write_bytes(b"\xef\xbb\xbf" + body.encode())
    (tmp_path / "c-flow.json").write_text('{"schema_version": 1, "title": "t", '
                                          '"fix": {"kind": "rag"}}')
    (tmp_path / "d-late.yaml").write_text("#" + "x" * 70_000 + "\n" + body)
    (tmp_path / "e-rendered.md").write_text("---\n'schema_version': 1\ntitle: t\nfix: {kind: rag}"
                                            "\n---\n\n# t\n")
    (tmp_path / "f-hand.md").write_text("# Problem\n\n# Costs\n\n# Risks\n")
    (tmp_path / "g-readme.md").write_text("# Read me\n")
    (tmp_path / "h-ci.yaml").write_text("on: push\n")
    (tmp_path / "i-notes.txt").write_text("schema_version: 1\n")
    assert _found([tmp_path]) == [
        ("a-quoted.yaml", MemoKind.ANSWERS, None),
        ("b-bom.yml", MemoKind.ANSWERS, None),
        ("c-flow.json", MemoKind.ANSWERS, None),
        ("d-late.yaml", MemoKind.ANSWERS, None),
        ("e-rendered.md", MemoKind.MARKDOWN, None),
        ("f-hand.md", MemoKind.HANDWRITTEN, None),
    ]


def test_recognition_keeps_what_it_parsed(tmp_path: Path) -> None:
    (tmp_path / "memo.yaml").write_text(CLEAN)
    [found] = find_memos([tmp_path])
    assert isinstance(found.loaded, Parsed)
    assert found.loaded.data["schema_version"] == 1


def test_named_files_are_always_yielded_and_odd_files_say_why(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "ci.yaml").write_text("on: push\n")
    names = [tmp_path / "ci.yaml", tmp_path / "pipe.yaml", tmp_path / "gone.yaml",
             Path("/dev/zero")]
    assert _found(names) == [
        ("ci.yaml", MemoKind.ANSWERS, None),
        ("pipe.yaml", MemoKind.ANSWERS, f"{tmp_path / 'pipe.yaml'}: is a FIFO (named pipe), "
                                        "not a regular file; memo reads only regular files"),
        ("gone.yaml", MemoKind.ANSWERS, f"{tmp_path / 'gone.yaml'}: no such file"),
        ("zero", MemoKind.ANSWERS, "/dev/zero: is a character device, not a regular file; "
                                   "memo reads only regular files"),
    ]
    assert _found(names[:1], only_memos=True) == []


def test_links_to_folders_are_not_followed_and_each_file_comes_once(tmp_path: Path) -> None:
    (tmp_path / "memos").mkdir()
    (tmp_path / "memos" / "memo.yaml").write_text(CLEAN)
    (tmp_path / "memos" / "loop").symlink_to(tmp_path / "memos")
    (tmp_path / "memos" / "same.yaml").symlink_to(tmp_path / "memos" / "memo.yaml")
    found = _found([tmp_path / "memos", tmp_path / "memos" / "memo.yaml"])
    assert found == [("memo.yaml", MemoKind.ANSWERS, None)]


def test_a_folder_walk_leaves_out_what_memo_site_wrote(tmp_path: Path) -> None:
    from memo.discover import SITE_MARKER, find_memos

    source = Path(__file__).resolve().parents[2] / "samples" / "support-bot-rag.yaml"
    (tmp_path / "memo.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site" / "memos"
    site.mkdir(parents=True)
    (tmp_path / "site" / SITE_MARKER).write_text("", encoding="utf-8")
    (site / "memo.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert [f.path for f in find_memos([tmp_path])] == [tmp_path / "memo.yaml"]
    # naming the site folder itself still checks what is in it
    assert [f.path for f in find_memos([tmp_path / "site"])] == [site / "memo.yaml"]
