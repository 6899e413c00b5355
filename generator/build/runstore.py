"""What one one-shot build leaves the next: the briefing's runs, each with its articles.

`mkdocs serve` keeps what its last build made in memory (``pipeline.build``'s ``memory``):
the next build neither extracts, merges nor works out again what did not change. The
command line starts with nothing, and at 10,000 articles loading every extraction from the
cache (2 s) and working out every run of the briefing again (3 s) was most of adding one
article. So each one-shot build leaves, in site_src/.state/runs/, one pickle per run of
articles (``briefing.runs``, about 50 articles): the run's part of the briefing with, for
each of its articles, the extraction, the parsed metadata file, the entry and what the
duplicate check made of it, and the file signatures they were made from. The next
one-shot build loads them as the memory a long-running process would have kept, and the
same checks decide what is used again: an article whose file changed is extracted (or
found in the cache by content) afresh, an entry whose metadata changed is merged again,
and a run holding any new entry is worked out again. So the store can only make a build
faster, never different (a test builds the same seeds with and without it).

Only the runs that are new are written (one new article: one run); files no run uses any
more are removed. Everything is keyed by the extraction and rendering code, the knowledge
base and the year (``salt``): a change to any of them and the store is not used (and the
next build writes it afresh). Deleting the folder is safe.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from generator.build.extractions import read_pickle
from generator.build.write import atomic_write_bytes, remove_except

INDEX = "index.pickle"


class RunStore:
    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self._loaded: dict[int, str] = {}  # id of a part loaded → its file (the part stays in memory)
        self._articles: dict[int, list] = {}  # id of a part loaded → its articles' records as loaded

    def load(self, knowledge: object) -> dict:
        """The memory a long-running process would have kept (``pipeline.build``), from the
        runs the last one-shot build left; empty when there are none for this salt."""
        index = read_pickle(self.folder / INDEX)
        if not (isinstance(index, dict) and index.get("salt") == self.salt and isinstance(index.get("runs"), list)):
            return {}
        memory: dict = {"extractions": {}, "signatures": {}, "people": {}, "entries": {}, "copies": {}}
        parts = {}
        for name in index["runs"]:
            run = read_pickle(self.folder / name)
            if not (isinstance(run, dict) and run.get("salt") == self.salt and isinstance(run.get("articles"), list)
                    and isinstance(getattr(run.get("part"), "entries", None), tuple)):
                continue  # a damaged or missing run is worked out again
            part = run["part"]
            for path, signed, extracted, meta_path, person_record, entry, person, copy in run["articles"]:
                memory["extractions"][signed[2]] = extracted
                memory["signatures"][path] = signed
                if person_record is not None:
                    memory["people"][meta_path] = person_record
                memory["entries"][path] = (entry, person)
                if copy is not None:
                    memory["copies"][copy[1].slug] = copy
            parts[tuple(map(id, part.entries))] = part
            self._loaded[id(part)] = name
            self._articles[id(part)] = run["articles"]
        # the knowledge base the parts were made with is the one the salt names
        memory["briefing"] = {"knowledge": knowledge, "parts": parts}
        return memory

    def save(self, memory: dict) -> None:
        """Write the runs of this build that were not loaded, or whose articles' records
        changed (a metadata file read again: its new signature, else it is read again by
        every later build), then the index naming this build's runs, then remove the files
        it no longer names. Not fsynced: a lost or damaged file only means its run is
        worked out again."""
        parts = memory.get("briefing", {}).get("parts", {})
        names = []
        for part in parts.values():
            name = self._loaded.get(id(part))
            record = _record(part, memory)
            # a loaded run is kept as it is unless its records changed (tuples compare their
            # items by identity first: unchanged records cost nothing)
            if record is None and name is None:
                continue  # not loaded, and it could not be told unchanged next time
            if record is not None and (name is None or record["articles"] != self._articles[id(part)]):
                data = pickle.dumps({"salt": self.salt, **record}, protocol=pickle.HIGHEST_PROTOCOL)
                name = hashlib.sha256(data).hexdigest()[:24] + ".pickle"
                # compared, not just found: a damaged file can bear the name of its run's bytes
                atomic_write_bytes(self.folder / name, data, durable=False)
            names.append(name)
        atomic_write_bytes(self.folder / INDEX, pickle.dumps({"salt": self.salt, "runs": names}), durable=False)
        # runs no longer used, and writes a killed build left (builds hold the lock)
        remove_except(self.folder, {*names, INDEX})


def _record(part, memory: dict) -> dict | None:
    """A run's part with what the build made of each of its articles, or None when an
    article's file signature is unknown (it could not be told unchanged next time)."""
    articles = []
    for flagged in part.entries:
        path = flagged.article.path
        signed = memory["signatures"].get(path)
        found = memory["entries"].get(path)
        extracted = memory["extractions"].get(signed[2]) if signed else None
        if signed is None or found is None or extracted is None:
            return None
        entry, person = found
        copy = memory["copies"].get(flagged.slug) if flagged.duplicate_of else None
        meta_path = path.with_suffix(".yml")
        articles.append((path, signed, extracted, meta_path, memory["people"].get(meta_path), entry, person, copy))
    return {"part": part, "articles": articles}
