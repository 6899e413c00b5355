"""What a project built by an earlier version left, taken in once.

Before the store (site_src/.state/build.sqlite) existed: the history of first sightings
(else the updates page and the feeds would start afresh) and the list of pages the
generator wrote (else a page no longer generated would be left behind as if a person had
added it). The old caches are removed: they cannot be used again and can be hundreds of
megabytes. Before the store listed every file it writes: the search's shards on disk (their
number follows the corpus, so some may no longer be generated)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.build.store import Store
from generator.site.search_hits import FOLDER as HITS

OLD_FILES = ("history.json", "manifest.json", "written.journal", "render-keys.json", "carried.pickle",
             "last-build.pickle")
OLD_FOLDERS = ("cache", "runs", "templates")


def adopt_old_records(state: Path, site_src: Path, store: Store) -> None:
    """Take ``state``'s old records into ``store`` (the history and the list of pages,
    committed at once, before the old files are removed) and remove them; then list the
    search's shards if the store lists only keyed pages. Nothing to do in a project the
    current version built."""
    if any((state / name).exists() for name in (*OLD_FILES, *OLD_FOLDERS)):
        _adopt_files(state, store)
    listed = store.page_keys()
    if listed and "index.md" not in listed:  # the home page, listed since every file is
        store.pending(sorted(f"{HITS}/{p.name}" for p in (site_src / HITS).glob("*.json") if p.is_file()))


def _adopt_files(state: Path, store: Store) -> None:
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
