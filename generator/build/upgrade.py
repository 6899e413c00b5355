"""What a project built before the store (site_src/.state/build.sqlite) existed left in
site_src/.state/, taken into the store once: the history of first sightings (else the
updates page and the feeds would start afresh) and the list of pages the generator wrote
(else a page no longer generated would be left behind as if a person had added it). The
old caches are removed: they cannot be used again and can be hundreds of megabytes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.build.store import Store

OLD_FILES = ("history.json", "manifest.json", "written.journal", "render-keys.json", "carried.pickle",
             "last-build.pickle")
OLD_FOLDERS = ("cache", "runs", "templates")


def adopt_old_records(state: Path, store: Store) -> None:
    """Take ``state``'s old records into ``store`` (the history and the list of pages,
    committed at once, before the old files are removed) and remove them; nothing to do
    in a project that has none."""
    if not any((state / name).exists() for name in (*OLD_FILES, *OLD_FOLDERS)):
        return
    history = _json(state / "history.json", dict)
    if history and store.get("history") is None:
        store.put("history", history)
    written = set(_json(state / "manifest.json", list) or [])
    try:
        written |= {line for line in (state / "written.journal").read_text(encoding="utf-8").splitlines() if line}
    except OSError:
        pass
    store.pending(sorted(p for p in written if isinstance(p, str)))
    for name in OLD_FILES:
        (state / name).unlink(missing_ok=True)
    for name in OLD_FOLDERS:
        shutil.rmtree(state / name, ignore_errors=True)


def _json(path: Path, kind: type) -> object:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, kind) else None
