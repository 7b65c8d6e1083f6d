"""One error family. The CLI maps each class to an exit code; nothing else exits.

Exit codes (as ruff does it): 0 ok, 1 checklist errors, 2 bad input, usage or an internal
error, 130 a real interrupt (Ctrl-C).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in the user's input a problem sits (1-based line and column)."""

    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


class MemoError(Exception):
    """Base of every error the tool raises on purpose."""

    exit_code = 1


class UserError(MemoError):
    """Bad input or usage: the user can fix it. Exit code 2."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        field: str | None = None,
        location: Location | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field
        self.location = location

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        field = f"{self.field}: " if self.field else ""
        return f"{prefix}{field}{self.message}"


class InvalidInput(UserError):
    """Several located problems found in one input file, reported together.

    ``problems`` holds the first ones (in line order); ``omitted`` counts the rest, so that a
    file with thousands of problems prints a bounded report.
    """

    def __init__(self, path: str, problems: list[UserError], omitted: int = 0) -> None:
        self.problems = problems
        self.omitted = omitted
        self.path = path
        first = problems[0] if problems else None
        super().__init__(
            f"{len(problems) + omitted} problem(s) in {path}",
            location=first.location if first else Location(path),
            field=first.field if first else None,
        )

    @property
    def more(self) -> str | None:
        """The line that stands for the omitted problems, if any."""
        if not self.omitted:
            return None
        return f"{self.omitted:,} more problem{'s' * (self.omitted != 1)} not shown"

    def __str__(self) -> str:
        shown = [str(p) for p in self.problems]
        if self.more:
            shown.append(f"{self.path}: {self.more}")
        return "\n".join(shown)


class InternalError(MemoError):
    """An unexpected failure (a bug, or a library choking on a hostile file). Exit code 2.

    Said in one line naming the file being read, if any; MEMO_DEBUG=1 shows the traceback.
    """

    exit_code = 2

    def __init__(self, error: BaseException, path: str | None = None) -> None:
        self.error = error
        self.path = path
        where = f" while reading {path}" if path else ""
        detail = str(error)
        self.message = (f"internal error{where}: {type(error).__name__}"
                        + (f": {detail}" if detail else ""))
        self.hint = ("this is a bug in memo; rerun with MEMO_DEBUG=1 for the traceback and "
                     "report it")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class Interrupted(MemoError):
    """The user pressed Ctrl-C or Ctrl-D; their work was saved. Exit code 130."""

    exit_code = 130
