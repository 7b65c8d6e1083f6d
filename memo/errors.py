"""One error family. The CLI maps each class to an exit code; nothing else exits."""

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
    """Several located problems found in one input file, reported together."""

    def __init__(self, path: str, problems: list[UserError]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(
            f"{len(problems)} problem(s) in {path}",
            location=first.location if first else Location(path),
            field=first.field if first else None,
        )

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class Interrupted(MemoError):
    """The user pressed Ctrl-C or Ctrl-D; their work was saved. Exit code 130."""

    exit_code = 130
