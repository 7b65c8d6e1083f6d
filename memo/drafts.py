"""Questionnaire drafts: the answers so far and where the walk stands, saved after every answer.

A draft sits beside the answers file it will become: ``memo.yaml`` -> ``memo.draft.yaml``.
It is plain YAML (the partial answers under ``answers:``), so a lead can read it or copy
from it; ``memo new --resume`` continues from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from memo.answers import atomic_write, dump_yaml
from memo.errors import Location, UserError
from memo.files import read_regular

DRAFT_VERSION = 1
MAX_DRAFT_BYTES = 1024 * 1024


def draft_path_for(output: Path) -> Path:
    """``memo.yaml`` -> ``memo.draft.yaml``, in the same folder."""
    return output.with_name(output.stem + ".draft.yaml")


@dataclass
class Draft:
    output: str
    mode: str = "new"  # new | edit
    phase: str = "walk"  # walk | review
    next: str | None = None  # the question being asked when the draft was saved
    done: list[str] = field(default_factory=list)  # step keys answered, in order
    flow: dict[str, Any] = field(default_factory=dict)  # answers to "add another?" steps
    answers: dict[str, Any] = field(default_factory=dict)
    plan: list[str] = field(default_factory=list)  # sections of the current walk (ids)
    review: bool = True  # end with the checklist review (False: `memo edit --section`)
    formats: list[str] | None = None  # output formats, once chosen
    seeded: bool = False  # answers came from another memo: shown as suggestions until walked
    watch: dict[str, Any] = field(default_factory=dict)  # answers other sections depend on

    def to_data(self) -> dict[str, Any]:
        return {"memo_draft": DRAFT_VERSION, "output": self.output, "mode": self.mode,
                "phase": self.phase, "next": self.next, "done": list(self.done),
                "flow": dict(self.flow), "plan": list(self.plan), "review": self.review,
                "formats": self.formats, "seeded": self.seeded, "watch": dict(self.watch),
                "answers": self.answers}


def resume_command(draft: Draft) -> str:
    if draft.mode == "edit":
        return f"memo edit {draft.output} --resume"
    return f"memo new --resume -o {draft.output}"


def save_draft(path: Path, draft: Draft) -> Path:
    header = f"# memo questionnaire draft: continue with `{resume_command(draft)}`\n"
    return atomic_write(path, header + dump_yaml(draft.to_data()))


def load_draft(path: Path) -> Draft:
    location = Location(str(path))
    if not path.exists():
        raise UserError("no draft to resume", location=location,
                        hint="start with `memo new` (a draft is saved after every answer)")
    # A regular file of bounded size only: a FIFO planted as the draft must not block.
    raw = read_regular(path, MAX_DRAFT_BYTES, too_big="the draft is too large to be one of "
                       "memo's", folder_message="is a folder, not a draft")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UserError(f"the draft is not readable YAML: {exc}", location=location) from None
    if not isinstance(data, dict) or data.get("memo_draft") != DRAFT_VERSION:
        raise UserError("not a memo draft", location=location)
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise UserError("the draft's answers are not a mapping", location=location)
    formats = data.get("formats")
    return Draft(output=str(data.get("output") or ""), mode=str(data.get("mode") or "new"),
                 phase=str(data.get("phase") or "walk"), next=data.get("next"),
                 done=[str(k) for k in data.get("done") or []],
                 flow=dict(data.get("flow") or {}), answers=answers,
                 plan=[str(s) for s in data.get("plan") or []],
                 review=bool(data.get("review", True)),
                 formats=[str(f) for f in formats] if isinstance(formats, list) else None,
                 seeded=bool(data.get("seeded", False)), watch=dict(data.get("watch") or {}))


def discard_draft(path: Path) -> None:
    path.unlink(missing_ok=True)
