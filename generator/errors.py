"""The few problems a user can meet, each naming the file (and key, line) and the reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file; ``level`` is "error" or "warning"."""

    file: Path
    reason: str
    key: str | None = None
    line: int | None = None
    column: int | None = None
    level: str = "error"

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.reason}"


class BriefingError(Exception):
    """Base class: an error that becomes a clean message and a non-zero exit code."""


class ArticleError(BriefingError):
    """An article file cannot be used; it is skipped and reported."""

    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.problem = Problem(file, reason)


class KnowledgeError(BriefingError):
    """The knowledge base (YAML) is invalid; every problem is listed at once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class LockedError(BriefingError):
    """Another build holds the lock on the project."""
