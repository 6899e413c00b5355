"""Each extracted article with its curator's metadata file: the build's entries.

The curator's values win over the extracted ones (``files.merge``); the file's
``extracted:`` block is refreshed, the rest of the file left byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.build.write import atomic_write
from generator.errors import ArticleError, Problem
from generator.metadata.files import load_curated, merge, remember_written, updated_text
from generator.model import Entry

if TYPE_CHECKING:  # the extraction cache's records, as extract_all gives them
    from generator.build.extractions import Extracted, Result


@dataclass
class MetadataMemo:
    """What this stage keeps for the next build: each metadata file as last parsed, and
    each article's entry with the parsed file it was merged from."""

    # metadata file → (signature, text, extracted block, parsed: metadata.files.Curated)
    curated: dict[Path, tuple] = field(default_factory=dict)
    # article path → (its entry, the parsed metadata file it was merged from)
    entries: dict[Path, tuple[Entry, Any]] = field(default_factory=dict)


@dataclass
class Curation:
    entries: list[Entry] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # articles that could not be read
    problems: list[Problem] = field(default_factory=list)  # metadata errors, extraction warnings
    notes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # metadata files written (names)


def curated_entries(extracted: dict[Path, Result], metadata: dict[Path, Path], slugs: dict[str, str],
                    memo: MetadataMemo, signed: Callable[[Path], tuple | None]) -> Curation:
    """The entries, in ``extracted``'s order; metadata files refreshed on the way. An
    entry made by the last build from the very same extraction and parsed file is used
    again, with what it worked out once (paragraph dates, mentions by paragraph)."""
    done = Curation()
    for path, result in extracted.items():
        if isinstance(result, ArticleError):
            done.skipped.append(result.problem)
            continue
        done.notes.extend(f"{path}: {note}" for note in result.article.notes)
        done.problems.extend(Problem(path, warning, level="warning") for warning in result.article.warnings)
        curated = _refreshed(metadata[path], result, memo, signed, done)
        done.entries.append(_entry(path, result, curated, slugs[path.stem], memo))
    for gone in memo.curated.keys() - set(metadata.values()):
        del memo.curated[gone]
    for gone in memo.entries.keys() - set(extracted):
        del memo.entries[gone]
    return done


def _refreshed(meta_path: Path, result: Extracted, memo: MetadataMemo, signed: Callable[[Path], tuple | None],
               done: Curation):
    """The parsed metadata file, its ``extracted:`` block written first if it changed.
    A file already ending with the current block is not even read again to compare; a new
    file is not fsynced on its own (the pipeline syncs them all at once), one that
    replaces a file, which may hold a curator's edits, is."""
    curated = load_curated(meta_path, result.owned, memo.curated, signed)
    done.problems.extend(curated.problems)
    new_text = None if curated.unchanged_block else updated_text(curated, result.owned, result.article.path.name)
    if new_text is not None and atomic_write(meta_path, new_text, durable=None):
        done.written.append(meta_path.name)
        curated = remember_written(meta_path, new_text, result.owned, memo.curated)
    return curated


def _entry(path: Path, result: Extracted, curated, slug: str, memo: MetadataMemo) -> Entry:
    entry, seen = memo.entries.get(path, (None, None))
    if entry is None or not (entry.article is result.article and entry.extraction is result.extraction
                             and entry.slug == slug):
        entry = None
    if entry is None or seen is not curated:  # the same parsed file gives the same merge
        meta = merge(result.extraction, curated)
        if entry is None or entry.meta != meta:
            entry = Entry(result.article, result.extraction, meta, slug, sketch=result.sketch, terms=result.terms)
        memo.entries[path] = (entry, curated)
    return entry
