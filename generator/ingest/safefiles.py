"""Reading a file that comes from outside the generator (an article, a metadata file, the
knowledge base): only a regular file itself, and no more than a limit.

A symbolic link is refused, wherever it points: a link committed to a repository that CI
builds would publish any file of the build machine (keys, tokens, environment files) as an
article. A pipe or a device is refused too (reading one can hang the build or never end).
The size is checked before anything is read, so a huge file costs no memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


class InputFileError(Exception):
    """An input file that is not read: ``reason`` says why and what to do."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


class TooLargeError(InputFileError):
    """An input file over its size limit (``size`` and ``limit`` in bytes)."""

    def __init__(self, path: Path, size: int, limit: int, what: str) -> None:
        super().__init__(path, f"file is {size:,} bytes, over the limit of {limit:,} ({what})")
        self.size, self.limit = size, limit


def link_reason(path: Path) -> str:
    """Why a symbolic link is not read, and how to include its file deliberately."""
    try:
        target = f" (to {os.readlink(path)})"
    except OSError:
        target = ""
    return (f"a symbolic link{target}: only regular files inside {path.parent.name}/ are read; "
            f"copy the file there to include it")


def kind_reason(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read as an input (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"{kind}, not a regular file: only regular files are read"


def entry_reason(entry: os.DirEntry) -> str | None:
    """``kind_reason`` for a directory listing's entry, without following a link."""
    if entry.is_symlink():
        return link_reason(Path(entry.path))
    if entry.is_file(follow_symlinks=False):  # from the listing: no system call
        return None
    try:
        return kind_reason(entry.stat(follow_symlinks=False).st_mode)
    except OSError:  # gone meanwhile: reading it says so
        return None


def read_regular(path: Path, limit: int, what: str) -> bytes:
    """``path``'s bytes if it is a regular file itself (never through a symbolic link) of
    at most ``limit`` bytes (``what`` names the limit); else ``InputFileError``. OSError
    as ``open`` gives it (FileNotFoundError: not there)."""
    try:  # O_NONBLOCK: opening a named pipe must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP and os.path.islink(path):
            raise InputFileError(path, link_reason(path)) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        found = os.fstat(fd)
        reason = kind_reason(found.st_mode)
        if reason:
            raise InputFileError(path, reason)
        if found.st_size > limit:
            raise TooLargeError(path, found.st_size, limit, what)
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew meanwhile
        raise TooLargeError(path, len(data), limit, what)
    return data


def links_under(folder: Path, hidden: bool = True) -> list[Path]:
    """Every symbolic link and non-regular file under ``folder``, not following links
    (``hidden``: in dot folders too). One listing per folder, no stat per file."""
    found, todo = [], [str(folder)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            if not hidden and entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                todo.append(entry.path)
            elif entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                found.append(Path(entry.path))
    return sorted(found)


def link_problem_reason(path: Path) -> str:
    """The reason ``links_under``'s ``path`` is not used."""
    if path.is_symlink():
        return link_reason(path)
    try:
        return kind_reason(path.lstat().st_mode) or "not a regular file"
    except OSError as exc:
        return f"cannot read: {exc.strerror}"


def file_signature(path: Path) -> tuple[int, ...] | None:
    """Size, modification and change times, inode and device of ``path`` (None when it
    cannot be read): a long-running process that saw the same signature before may reuse
    what it made from the file without reading it again. Any write changes the change time
    (which no tool can set back), and our atomic writes a new inode."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return signature_of(found)


def signature_of(found: os.stat_result) -> tuple[int, ...]:
    """``file_signature`` from a stat result already made (a directory listing's)."""
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)
