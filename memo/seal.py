"""The seal on a rendered Markdown memo: a digest of its answers and text, in its front matter.

`memo check` on a rendered `.md` reads the answers in the front matter; the text below them
is what reviewers read in a pull request. A body edited by hand (a TCO changed, a section
deleted, "TBD" added) would still pass, and answers edited without rendering again would
pass under a body that says something else. So memo renders the memo with a digest of its
answers and its body as a YAML comment closing the front matter (``# memo-body:
sha256:...``); a comment, so every YAML reader still sees only the answers. The digest is
over the words (whitespace collapsed), so a changed line ending, a re-wrapped paragraph or a
trailing newline from an editor or git does not break it; any changed word does. A file
without the line (rendered by an older memo, or by hand) is not judged.

The seal catches edits, not forgery: it is a plain digest, which anyone can recompute on
purpose. A reviewer who must trust the text renders it again and compares (docs/ci.md).
"""

from __future__ import annotations

import hashlib

PREFIX = "# memo-body: sha256:"


def digest(answers_yaml: str, body: str) -> str:
    """The seal of a memo: SHA-256 of its answers' and its body's words, single-spaced."""
    words = " ".join(answers_yaml.split()) + "\n---\n" + " ".join(body.split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def seal_line(answers_yaml: str, body: str) -> str:
    return f"{PREFIX}{digest(answers_yaml, body)}\n"


def body_intact(text: str) -> bool | None:
    """Whether the Markdown ``text`` still has the answers and body its seal was made for;
    None where it carries no seal (or its front matter cannot be found)."""
    from memo.answers import find_front_matter

    found = find_front_matter(text)
    if found is None or found[1] is None:
        return None
    lines, closing = found
    seals = [line for line in lines[1:closing] if line.startswith(PREFIX)]
    if len(seals) != 1:
        return None
    answers = "".join(line for line in lines[1:closing] if not line.startswith(PREFIX))
    body = "".join(lines[closing + 1:])
    return seals[0][len(PREFIX):].strip() == digest(answers, body)
