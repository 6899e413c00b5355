"""Under `mkdocs serve`: watch with the system's change notifications, not MkDocs' polling."""

from __future__ import annotations

import logging
import os
from typing import Any

from generator.engine.own_writes import Filtered, OwnWrites

log = logging.getLogger("mkdocs.plugins.briefing")


def notified(server: Any, watched: list[str], own: OwnWrites | None = None) -> None:
    """Move the server's watches from watchdog's polling observer to the system's change
    notifications (inotify on Linux; watchdog's ``Observer`` picks the platform's own),
    each handler behind ``own``'s filter (the regeneration's own writes: see
    generator/engine/own_writes.py).

    MkDocs polls: twice a second it walks and stats every watched file, in a thread of
    the process that builds. On a large site that is every article, metadata file and
    page (seeds/ and site_src/): watchdog's walk keeps the interpreter busy, and each
    rebuild under `mkdocs serve` is much slower than the same build without the server.
    Where notifications do not reach (some network or container mounts) set
    BRIEFING_POLLING=1 (or the plugin's ``polling``) to keep MkDocs' polling.

    ``watched`` are the paths MkDocs may have watched before ``on_serve`` (the docs folder,
    the config file, with ``--watch-theme`` the theme's folders): each is unwatched until
    the server says it is not watched (``unwatch`` raises then), the server's public
    ``observer`` is replaced before it starts, and each is watched again as many times.
    """
    if server.observer.is_alive():
        return
    try:
        observer = _changes_only(own)
    except Exception as exc:  # noqa: BLE001 - no notifications here: MkDocs' polling stays
        log.debug("briefing: change notifications unavailable (%s); polling", exc)
        return
    moved = {path: _unwatch_all(server, path) for path in dict.fromkeys(map(os.path.abspath, watched))}
    server.observer = observer
    for path, count in moved.items():
        for _ in range(count):
            server.watch(path)
    log.debug("briefing: watching %d path(s) with %s", len(moved), type(observer).__name__)


def _unwatch_all(server: Any, path: str) -> int:
    """Unwatch ``path`` until it is no longer watched; how many watches it had."""
    count = 0
    while True:
        try:
            server.unwatch(path)
        except KeyError:
            return count
        count += 1


def _changes_only(own: OwnWrites | None) -> Any:
    """The platform's observer, told only of what changes a file (not opening or reading
    one: the build reads every watched file, and MkDocs' handler rebuilds on any event)."""
    import watchdog.events as ev
    import watchdog.observers

    changes = [ev.FileCreatedEvent, ev.FileDeletedEvent, ev.FileModifiedEvent, ev.FileMovedEvent,
               ev.FileClosedEvent, ev.FileAttribEvent]

    class ChangesOnly(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None,
                     follow_symlink: bool = False) -> Any:
            return super().schedule(handler if own is None else Filtered(handler, own), path, recursive=recursive,
                                    event_filter=event_filter or changes, follow_symlink=follow_symlink)

    return ChangesOnly()
