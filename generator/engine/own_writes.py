"""Under `mkdocs serve`: tell the regeneration's own writes from a person's changes.

The plugin (generator/engine/plugin.py) regenerates site_src/ (and new articles'
metadata files in seeds/) in ``on_pre_build``, before MkDocs reads a single page, so the
build that follows already has every page it wrote. The watched folders still report
those writes, and MkDocs would build the whole site once more for them, and start the
search indexing a second time, with each browser request waiting for that build to end
(MkDocs serves no page while one runs), and nothing to show for it.

So each watch's handler is wrapped (``Filtered``): during a regeneration its events are
held; at the end, an event is dropped when every path it names is the generator's own
(its records under site_src/.state/; a page or metadata file the regeneration wrote or
removed, still as it left it; or one of its temp files, gone) and passed on otherwise.
A file a person saves meanwhile, or a generated page edited afterwards (its signature is
no longer the one written), still sets off a rebuild. Only the file's signature is
compared (size, times, inode): the same test the generator trusts for its inputs.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.ingest.safefiles import file_signature

_TEMP = re.compile(r"\.(.+)\.[^./]+\.tmp\Z")  # write.atomic_write's: .<name>.<random>.tmp


class OwnWrites:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: tuple[str, ...] = ()  # folders whose every file is the generator's (site_src/.state/)
        self._written: dict[str, tuple | None] = {}  # real path → signature once written (None: removed)
        self._held: list[tuple[Any, Any]] | None = None  # (handler, event) during a regeneration

    def records(self, folder: Path) -> None:
        """Every change under ``folder`` is the generator's own."""
        self._records = (*self._records, os.path.realpath(folder) + os.sep)

    def begin(self) -> None:
        """A regeneration starts: hold events until ``end``."""
        with self._lock:
            self._held = []

    def end(self, written: Iterable[Path | str]) -> list[tuple[Any, Any]]:
        """The regeneration wrote or removed ``written``: the (handler, event) pairs held
        meanwhile that are not explained by its writes, to be dispatched."""
        signed = {os.path.realpath(p): file_signature(Path(p)) for p in written}
        with self._lock:
            self._written = signed
            held, self._held = self._held or [], None
        return [(handler, event) for handler, event in held if not self.explains(event)]

    def admit(self, handler: Any, event: Any) -> bool:
        """Whether ``event`` goes on to ``handler`` now: no when it is held (a regeneration
        is running) or explained by the last regeneration's writes."""
        with self._lock:
            if self._held is not None:
                self._held.append((handler, event))
                return False
        return not self.explains(event)

    def explains(self, event: Any) -> bool:
        paths = [event.src_path, getattr(event, "dest_path", "")]
        return all(self._own(os.path.realpath(os.fsdecode(p))) for p in paths if p)

    def _own(self, path: str) -> bool:
        if path.startswith(self._records):
            return True
        written = self._written
        if path in written:
            return file_signature(Path(path)) == written[path]
        folder, name = os.path.split(path)
        temp = _TEMP.match(name)
        return bool(temp) and os.path.join(folder, temp[1]) in written and not os.path.lexists(path)


class Filtered:
    """A watchdog event handler passing on to ``handler`` only what ``own`` admits."""

    def __init__(self, handler: Any, own: OwnWrites) -> None:
        self.handler, self.own = handler, own

    def dispatch(self, event: Any) -> None:
        if self.own.admit(self.handler, event):
            self.handler.dispatch(event)
