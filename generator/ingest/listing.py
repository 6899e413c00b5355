"""Which files of seeds/ are articles: every regular ``.txt`` file; the rest is said."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.ingest.safefiles import entry_reason
from generator.ingest.slugs import assign_slugs


@dataclass
class Listing:
    paths: list[Path] = field(default_factory=list)  # the articles, by name
    slugs: dict[str, str] = field(default_factory=dict)  # file stem → the article's URL slug
    metadata: dict[Path, Path] = field(default_factory=dict)  # article → its metadata file
    skipped: list[Problem] = field(default_factory=list)  # articles not read (a link, a pipe)
    problems: list[Problem] = field(default_factory=list)  # metadata files without an article
    notes: list[str] = field(default_factory=list)  # other files, ignored


def list_articles(seeds: Path, known: dict[str, tuple[Path, Path]]) -> Listing:
    """The articles in ``seeds``. ``known``: {file name: (article, metadata file)} made
    by an earlier build, used again and updated (a long-running process looks every
    article's paths up in several dicts: the same Path objects keep their hashes)."""
    files, refused = _names(seeds)
    names = set(files)
    found = Listing()
    for name in files:
        stem, dot, suffix = name.rpartition(".")
        kind = suffix if dot and stem and suffix in ("txt", "yml") else ""
        # a link or a pipe is never read; a metadata file's reader refuses it and says so
        if name in refused and kind != "yml":
            if kind:
                found.skipped.append(Problem(seeds / name, refused[name]))
            else:
                found.notes.append(f"{seeds / name}: ignored ({refused[name]})")
        elif kind == "txt":
            if name not in known:
                path = seeds / name
                known[name] = (path, path.with_suffix(".yml"))
            found.paths.append(known[name][0])
            found.metadata[known[name][0]] = known[name][1]
        elif kind == "yml" and f"{stem}.txt" not in names:
            found.problems.append(Problem(seeds / name, f"metadata without an article (no {stem}.txt); "
                                          "kept as it is", level="warning"))
        elif kind != "yml":
            found.notes.append(f"{seeds / name}: ignored (only .txt articles and .yml metadata are read)")
    for gone in known.keys() - {p.name for p in found.paths}:
        del known[gone]
    found.slugs = assign_slugs([p.stem for p in found.paths])
    return found


def _names(seeds: Path) -> tuple[list[str], dict[str, str]]:
    """The names in ``seeds`` (less dot files and folders), sorted as strings, and {name:
    why it is not read} for those that are not regular files themselves. A directory
    listing says which entries are links without a stat each."""
    with os.scandir(seeds) as found:
        entries = [e for e in found if not e.name.startswith(".") and not e.is_dir(follow_symlinks=False)]
    refused = {e.name: reason for e in entries if (reason := entry_reason(e))}
    return sorted(e.name for e in entries), refused
