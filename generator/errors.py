"""The few problems a user can meet, each naming the file (and key, line) and the reason."""

from __future__ import annotations

import errno
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


# what to do about each system refusal a build can meet (``os_error_message``)
_ADVICE = {
    errno.ENOSPC: "free some space (site_src/.state/ can be deleted safely) and build again",
    errno.EDQUOT: "free some space or raise the disk quota, and build again",
    errno.EACCES: "give this user permission to read and write it, or build in a copy you own",
    errno.EPERM: "give this user permission to read and write it, or build in a copy you own",
    errno.EROFS: "the folder is read-only: build in a writable copy of the project",
    errno.ENOENT: "it vanished while the build ran (moved or deleted meanwhile?): build again",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) or set BRIEFING_WORKERS lower",
}


def os_error_message(exc: OSError) -> str:
    """One line for a file operation the system refused: the path, what happened, what
    to do. Nothing is half-written: every write is atomic (generator/build/write.py)."""
    path = exc.filename if exc.filename is not None else "(a file)"
    what = exc.strerror or str(exc)
    advice = _ADVICE.get(exc.errno or 0, "check the file and the disk, and build again")
    return f"{path}: {what}; {advice}"
