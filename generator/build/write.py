"""How the generator writes its files (site_src/, the ``extracted:`` blocks of seeds/*.yml):
atomically, only when content changed, only inside the directory it was given, and only
removing files it generated itself."""

from __future__ import annotations

import fnmatch
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.errors import BriefingError



class UnsafePathError(BriefingError, ValueError):
    """A generated path would land outside the output directory (a name with ``..``, or a
    symbolic link in it pointing elsewhere)."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def atomic_write(path: Path, text: str, durable: bool | None = True) -> bool:
    """Write ``text`` to ``path`` via a temp file and ``os.replace``; skip if unchanged.

    Returns True when the file was written. A crash at any moment leaves either the old
    file or the new one, never a half-written one; so does an OSError (disk full, read-only),
    which names ``path`` (``errors.os_error_message``).
    """
    return atomic_write_bytes(path, text.encode("utf-8"), durable)


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it: set it back at once
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_umask()  # what open() would give a new file


def _set_mode(fd: int, mode: int) -> None:
    """mkstemp makes the file 0600, which a web server running as another user cannot
    read; give it the mode ``open()`` would have. Where the system refuses (some network
    mounts), the file keeps mkstemp's mode rather than not being written."""
    try:
        os.fchmod(fd, mode)
    except OSError:
        pass


def atomic_write_bytes(path: Path, data: bytes, durable: bool | None = True) -> bool:
    """``atomic_write`` for bytes. ``durable``: fsync before the rename (True), not at all
    (False: caches, where a lost entry is rebuilt), or only when replacing a file (None:
    a new file holds nothing of anyone's yet; the caller syncs once at the end)."""
    try:
        if path.read_bytes() == data:
            return False
        existed, mode = True, stat.S_IMODE(path.stat().st_mode)  # a replaced file keeps its mode
    except FileNotFoundError:
        existed, mode = False, _NEW_FILE_MODE
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            _set_mode(handle.fileno(), mode)
            handle.write(data)
            if durable or (durable is None and existed):
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            unlink_quietly(Path(tmp))
        if isinstance(exc, OSError):  # the file meant, not the temp file (or none: a write)
            exc.filename, exc.filename2 = str(path), None
        raise
    return True


def unlink_quietly(path: Path) -> None:
    """Remove ``path`` if it is there and the system lets us (cleaning up is never why a
    build fails: a read-only folder is said by the write that meets it)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def safe_join(root: Path, relative: str, resolved_root: Path | None = None) -> Path:
    """``root / relative``, refusing absolute paths, ``..`` and anything resolving outside.
    ``resolved_root``: ``root.resolve()`` when the caller has it (a build joins hundreds)."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in relative:
        raise UnsafePathError(f"refusing to write outside {root}: {relative!r}")
    target = (root / pure).resolve()
    if not target.is_relative_to(resolved_root or root.resolve()):
        raise UnsafePathError(f"refusing to write outside {root}: {relative!r} leads to {target} "
                              "(a symbolic link in the way? remove it and build again)")
    return root / pure


def clean_temp_files(folder: Path, pattern: str = ".*.tmp") -> list[Path]:
    """Remove temp files an interrupted atomic write left behind (only ours: dot-named
    ``.<name>.<random>.tmp``). Returns what was removed. (``os.walk``, not ``rglob``:
    rglob is far slower over a large site_src/.)"""
    removed = []
    for directory, _dirs, files in os.walk(folder):
        for name in fnmatch.filter(files, pattern):
            path = Path(directory, name)
            if name.startswith(".") and path.is_file():
                unlink_quietly(path)
                removed.append(path)
    return removed


def write_page(root: Path, relative: str, text: str | bytes, resolved_root: Path | None = None) -> bool:
    """One generated file as ``write_tree`` writes it: atomically, only when its content
    changed (True when written), not fsynced. For a stage that writes what it makes as
    it goes (rendering: see ``write_tree``)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    # no fsync per page (syncing each page on its own costs far more than one sync of
    # them all): the caller syncs once (generator.pipeline, before the store vouches for them)
    return atomic_write_bytes(safe_join(root, relative, resolved_root), data, durable=False)


def write_tree(root: Path, files: Mapping[str, str | bytes | bool | None], previous: Iterable[str]) -> WriteReport:
    """Make ``root`` hold ``files`` ({relative path: text or bytes}) among the files we generate.
    A ``None`` text means "known to be unchanged": the file is kept as it is; True or
    False, that ``write_page`` wrote it already (True) or found it unchanged (False).

    Files in ``previous`` (what the generator wrote before: the store's ``pages``) but not
    generated now are removed; files a person added to ``root`` are never touched. Pages
    are not fsynced: the caller syncs.
    """
    report = WriteReport()
    clean_temp_files(root)
    resolved = root.resolve()
    for relative, text in sorted(files.items()):
        if text is None or text is False:
            report.unchanged += 1
        elif text is True or write_page(root, relative, text, resolved):
            report.written.append(relative)
        else:
            report.unchanged += 1
    for relative in sorted(set(previous) - set(files)):
        try:
            path = safe_join(root, relative, resolved)
        except UnsafePathError:
            continue
        if path.is_file():
            path.unlink()
            report.removed.append(relative)
            _prune_empty_dirs(path.parent, root)
    return report


def _prune_empty_dirs(directory: Path, root: Path) -> None:
    while directory != root and directory.is_relative_to(root):
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
