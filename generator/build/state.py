"""What one build hands the next: ``BuildState``, kept in memory by `mkdocs serve` between
its builds, and saved to the store (generator/build/store.py) by a one-shot build for the
next one.

Each stage uses its part to skip work whose inputs did not change: an article whose file
is untouched is not read again, an entry whose metadata is unchanged is not merged again,
a run of articles (``briefing.assemble.runs``, about 64) whose entries are the very same
objects is not worked out again. Each part is a type of its stage (``MetadataMemo``,
``DuplicateMemo``, ``BriefingMemo``, ``SiteMemo``). The same checks run whether the state
came from memory or from the store, so it can only make a build faster, never different
(a property test compares incremental builds with clean ones, byte for byte).

A one-shot build saves the runs (each with its articles' extraction, parsed metadata
file, entry and duplicate flag) as rows of the store: only new or changed runs are
written; the next one-shot build loads them as the state a long-running process would
have kept. Everything is keyed by ``salt`` (the extraction and rendering code, the
knowledge base, the year): with another salt the saved state is not used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.briefing.assemble import BriefingMemo
from generator.briefing.duplicates import DuplicateMemo
from generator.build.extractions import Extracted
from generator.build.store import Store, pickled
from generator.config import switched_off
from generator.knowledge import Knowledge
from generator.metadata.entries import MetadataMemo
from generator.model import Entry
from generator.site.render import SiteMemo
from generator.site.search_hits import HitIndex


@dataclass
class BuildState:
    salt: str
    # seeds/ file name → (article path, metadata file path): Path objects made once
    paths: dict[str, tuple[Path, Path]] = field(default_factory=dict)
    # extraction key → the extraction; article path → (file signature, salt, key)
    extractions: dict[str, Extracted] = field(default_factory=dict)
    signatures: dict[Path, tuple[tuple, str, str]] = field(default_factory=dict)
    metadata: MetadataMemo = field(default_factory=MetadataMemo)
    # slug → (entry, that entry flagged as a duplicate)
    copies: dict[str, tuple[Entry, Entry]] = field(default_factory=dict)
    duplicates: DuplicateMemo = field(default_factory=DuplicateMemo)
    briefing: BriefingMemo = field(default_factory=BriefingMemo)  # the runs' parts
    site: SiteMemo = field(default_factory=SiteMemo)
    # the runs as loaded from the store: id of a run's part → (row name, its article records)
    loaded: dict[int, tuple[str, list]] = field(default_factory=dict)


CARRIED = "carried"  # the saved value holding the indexes carried over


@dataclass
class Carried:
    """The duplicate-detection and quick-hits indexes, as a one-shot build saves them."""

    salt: str
    duplicates: DuplicateMemo
    hits: HitIndex | None


def load(store: Store, salt: str, knowledge: Knowledge) -> BuildState:
    """The state the last one-shot build saved, if made with this ``salt``; else empty."""
    state = BuildState(salt)
    carried = None if switched_off("saved-state") else store.get(CARRIED)
    if not (isinstance(carried, Carried) and carried.salt == salt):
        return state
    state.duplicates, state.site.hits.index = carried.duplicates, carried.hits
    parts = {}
    for name, run in store.runs():
        if not (isinstance(run, dict) and run.get("salt") == salt and isinstance(run.get("articles"), list)):
            continue  # damaged, or made with other code: worked out again
        for path, signed, extracted, meta_path, curated, entry, parsed, copy in run["articles"]:
            state.extractions[signed[2]] = extracted
            state.signatures[path] = signed
            if curated is not None:
                state.metadata.curated[meta_path] = curated
            state.metadata.entries[path] = (entry, parsed)
            if copy is not None:
                state.copies[copy[1].slug] = copy
        part = run["part"]
        parts[tuple(map(id, part.entries))] = part
        state.loaded[id(part)] = (name, run["articles"])
    # the knowledge base the parts were made with is the one the salt names
    state.briefing = BriefingMemo(knowledge, parts)
    return state


def save(store: Store, state: BuildState) -> None:
    """Write the runs that are new or whose article records changed (a metadata file read
    again has a new signature), drop the runs no longer used, and carry the indexes over
    (less the shingle sets: large, growing with every article, and only what candidate
    pairs need). Part of the build's transaction."""
    names = set()
    for part in state.briefing.parts.values():
        name, articles = state.loaded.get(id(part), (None, None))
        record = _record(part, state)
        if record is None and name is None:
            continue  # not loaded, and it could not be told unchanged next time
        # tuples compare their items by identity first: unchanged records cost nothing
        if record is not None and (name is None or record["articles"] != articles):
            data = pickled({"salt": state.salt, **record})
            name = hashlib.sha256(data).hexdigest()[:24]
            store.add_run(name, data)
        names.add(name)
    store.keep_runs(names)
    store.put(CARRIED, Carried(state.salt, replace(state.duplicates, shingles={}), state.site.hits.index))


def _record(part: Any, state: BuildState) -> dict | None:
    """A run's part with what the build made of each of its articles, or None when an
    article's file signature is unknown (it could not be told unchanged next time)."""
    articles = []
    for flagged in part.entries:
        path = flagged.article.path
        signed = state.signatures.get(path)
        found = state.metadata.entries.get(path)
        extracted = state.extractions.get(signed[2]) if signed else None
        if signed is None or found is None or extracted is None:
            return None
        entry, parsed = found
        copy = state.copies.get(flagged.slug) if flagged.duplicate_of else None
        meta_path = path.with_suffix(".yml")
        articles.append((path, signed, extracted, meta_path, state.metadata.curated.get(meta_path), entry, parsed, copy))
    return {"part": part, "articles": articles}
