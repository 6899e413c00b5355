"""Under `mkdocs serve`: watch with the system's change notifications, not MkDocs' polling."""

from __future__ import annotations

import logging
from typing import Any

from generator.engine.own_writes import Filtered, OwnWrites

log = logging.getLogger("mkdocs.plugins.briefing")


def notified(server: Any, own: OwnWrites | None = None) -> None:
    """Move the server's watches from watchdog's polling observer to the system's change
    notifications (inotify on Linux; watchdog's ``Observer`` picks the platform's own),
    each handler behind ``own``'s filter (the regeneration's own writes: see
    generator/engine/own_writes.py).

    MkDocs polls: twice a second it walks and stats every watched file, in a thread of
    the process that builds. On a large site that is every article, metadata file and
    page (seeds/ and site_src/): watchdog's walk (``DirectorySnapshot.walk``) keeps the
    interpreter busy, and each rebuild under `mkdocs serve` is much slower than the same
    build without the server. Where
    notifications do not reach (some network or container mounts) set BRIEFING_POLLING=1
    to keep MkDocs' polling. MkDocs keeps the watched paths in ``_watched_paths``; if that
    ever changes, polling stays.
    """
    import watchdog.events as ev
    import watchdog.observers

    # what changes a file; not opening or reading one (the build reads every watched file,
    # and MkDocs' handler rebuilds on any event: a loop)
    changes = [ev.FileCreatedEvent, ev.FileDeletedEvent, ev.FileModifiedEvent, ev.FileMovedEvent,
               ev.FileClosedEvent, ev.FileAttribEvent]

    class ChangesOnly(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None,
                     follow_symlink: bool = False) -> Any:
            return super().schedule(handler if own is None else Filtered(handler, own), path, recursive=recursive,
                                    event_filter=event_filter or changes, follow_symlink=follow_symlink)

    paths = dict(getattr(server, "_watched_paths", {}))
    if not paths or not hasattr(server, "observer") or server.observer.is_alive():
        return
    try:
        observer = ChangesOnly()
    except Exception as exc:  # noqa: BLE001 - no notifications here: MkDocs' polling stays
        log.debug("briefing: change notifications unavailable (%s); polling", exc)
        return
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = observer
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    log.debug("briefing: watching %d path(s) with %s", len(paths), type(observer).__name__)
