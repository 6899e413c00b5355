"""The build's one persistent store: site_src/.state/build.sqlite.

Everything one build leaves the next is in one SQLite database (the standard library's
``sqlite3``), which a user can read with the ``sqlite3`` command:

  extractions(key, salt, value)  each article's extraction by a hash of its name, bytes
                                 and the salt,
                                 with what depends on it alone (a pickled ``Extracted``)
  pages(path, key)               every file the generator wrote under site_src/, with the
                                 key of the data it was rendered from (NULL: none, as for
                                 assets and feeds, or being written when a build stopped)
  runs(name, value)              the briefing's runs with their articles' extractions,
                                 metadata and entries (``briefing.assemble.runs``): what `mkdocs serve`
                                 keeps in memory, for the next one-shot build
  saved(name, value)             the history of first sightings (``history``), the
                                 indexes carried over (``carried``), the last one-shot
                                 build's inputs and report (``last build``)

A build commits twice. Just before it writes pages (``pending``), the paths it is about
to write are listed in ``pages`` without a key, together with the extractions made so far
(each named by what it was made from, so right whatever happens next): a page a killed
build wrote is then neither vouched for by an old key nor left behind if it is no longer
generated. The rest (keys, runs, history, the last build) is committed once the pages and
metadata files are on disk; so a build killed at any point leaves the store as the last
finished build left it, give or take extractions and pages to render again.

Only ``pages`` and the history are more than speed-ups: with the file deleted the next
build extracts and renders everything and the updates page starts afresh.
"""

from __future__ import annotations

import errno
import functools
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

FILE = "build.sqlite"
LAST_BUILD = "last build"  # the saved value: the last one-shot build's key, inputs and report
SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (key TEXT PRIMARY KEY, salt TEXT NOT NULL, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, key TEXT);
CREATE TABLE IF NOT EXISTS runs (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS saved (name TEXT PRIMARY KEY, value BLOB NOT NULL);
"""


# what SQLite says, as the system's error it stands for (a full disk is then one line and
# exit code 5, like any write the system refuses: errors.os_error_message)
_ERRNO = {sqlite3.SQLITE_FULL: errno.ENOSPC, sqlite3.SQLITE_READONLY: errno.EROFS, sqlite3.SQLITE_PERM: errno.EACCES,
          sqlite3.SQLITE_CANTOPEN: errno.EACCES}
Method = TypeVar("Method", bound=Callable[..., Any])


def _refused_as_os_error(method: Method) -> Method:
    @functools.wraps(method)
    def said(self: "Store", *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            code = _ERRNO.get(getattr(exc, "sqlite_errorcode", None), errno.EIO)
            raise OSError(code, os.strerror(code), str(self.path)) from None
    return said  # type: ignore[return-value]


def unpickled(data: bytes | None) -> Any:
    """A value this store pickled, or None when it is missing or was made by code whose
    classes have changed since (the generator's own data: see the module doc)."""
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except (pickle.PickleError, EOFError, ValueError, AttributeError, TypeError, ImportError, IndexError):
        return None


def pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class Store:
    """One connection to the store; ``commit`` ends the build's transaction."""

    @_refused_as_os_error
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connected()
        except sqlite3.DatabaseError:  # not a database, or damaged: it only held speed-ups and keys
            self.path.unlink(missing_ok=True)
            self.db = self._connected()

    def _connected(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level="DEFERRED")
        db.executescript(SCHEMA)
        return db

    @classmethod
    @contextmanager
    def opened(cls, folder: Path) -> Iterator[Store]:
        """The store, closed at the end; what was not committed is rolled back."""
        store = cls(folder)
        try:
            yield store
        finally:
            store.db.rollback()
            store.db.close()

    @_refused_as_os_error
    def commit(self) -> None:
        self.db.commit()

    # saved values (pickled)
    def get(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM saved WHERE name = ?", (name,)).fetchone()
        return unpickled(row[0] if row else None)

    @_refused_as_os_error
    def put(self, name: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO saved VALUES (?, ?)", (name, pickled(value)))

    # extractions
    def extraction(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM extractions WHERE key = ?", (key,)).fetchone()
        return unpickled(row[0] if row else None)

    @_refused_as_os_error
    def add_extraction(self, key: str, salt: str, data: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?)", (key, salt, data))

    @_refused_as_os_error
    def keep_extractions(self, salt: str) -> None:
        """Drop what other extraction code, another knowledge base or another year made."""
        self.db.execute("DELETE FROM extractions WHERE salt != ?", (salt,))

    # pages
    def page_keys(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT path, key FROM pages"))

    @_refused_as_os_error
    def pending(self, paths: Iterable[str]) -> None:
        """Say, committed at once, that these pages are about to be written, and forget the
        last build's record (``LAST_BUILD``: it no longer tells site_src/ apart)."""
        self.db.executemany("INSERT OR REPLACE INTO pages VALUES (?, NULL)", ((p,) for p in paths))
        self.db.execute("DELETE FROM saved WHERE name = ?", (LAST_BUILD,))
        self.db.commit()

    @_refused_as_os_error
    def set_pages(self, keys: dict[str, str | None]) -> None:
        self.db.execute("DELETE FROM pages")
        self.db.executemany("INSERT INTO pages VALUES (?, ?)", keys.items())

    # runs
    def runs(self) -> Iterator[tuple[str, Any]]:
        """Each run's name and value (None when it cannot be read)."""
        for name, data in self.db.execute("SELECT name, value FROM runs"):
            yield name, unpickled(data)

    @_refused_as_os_error
    def add_run(self, name: str, data: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?)", (name, data))

    @_refused_as_os_error
    def keep_runs(self, names: set[str]) -> None:
        gone = {name for (name,) in self.db.execute("SELECT name FROM runs")} - names
        self.db.executemany("DELETE FROM runs WHERE name = ?", ((name,) for name in gone))
