"""Duplicate articles: the same file twice, or the same wire story from two outlets.

Pure and near-linear: each article gets a bottom-k sketch of its word 5-gram shingles;
only articles sharing a sketch value are compared, by the Jaccard similarity of their
shingles. The earliest article (by publication date, then name) is the original.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from generator.build.additions import only_added
from generator.errors import Problem
from generator.ingest.shingles import shingles, sketch
from generator.model import Entry

SAME_STORY = 0.6  # Jaccard of shingles above which two articles are one story
COMMON = 50  # a sketch value shared by more articles than this is boilerplate, not a story
MIN_SHARED = 2  # candidate pairs share at least this many sketch values


@dataclass(frozen=True)
class Duplicate:
    slug: str
    original: str
    similarity: float  # 1.0 = identical text


def _first(a: Entry, b: Entry) -> tuple[Entry, Entry]:
    """(original, copy): the earlier publication when both are dated, else name order."""
    pa, pb = a.meta.published, b.meta.published
    if pa and pb and pa.value != pb.value:
        return (a, b) if pa.value < pb.value else (b, a)
    return (a, b) if a.slug <= b.slug else (b, a)


class _Candidates:
    """Pairs of articles sharing at least ``MIN_SHARED`` sketch values, none shared by more
    than ``COMMON`` articles. Grown one article at a time, so a long-running process keeps
    one and adds new articles to it (indexing every sketch again would make each
    regeneration work on every article, not only the new one); whatever the order, it
    holds the same pairs."""

    def __init__(self) -> None:
        self.sketches: dict[str, tuple[int, ...]] = {}
        self.by_value: dict[int, list[str]] = defaultdict(list)
        self.shared: Counter[tuple[str, str]] = Counter()
        self.pairs: set[tuple[str, str]] = set()

    def add(self, slug: str, values: tuple[int, ...]) -> None:
        self.sketches[slug] = values
        for value in values:
            slugs = self.by_value[value]
            if len(slugs) < COMMON:
                for other in slugs:
                    self._count((other, slug) if other < slug else (slug, other), 1)
            elif len(slugs) == COMMON:  # one more: boilerplate, its pairs no longer count
                for i, a in enumerate(slugs):
                    for b in slugs[i + 1:]:
                        self._count((a, b) if a < b else (b, a), -1)
            slugs.append(slug)

    def _count(self, pair: tuple[str, str], step: int) -> None:
        count = self.shared[pair] + step
        if count:
            self.shared[pair] = count
        else:
            del self.shared[pair]
        if count >= MIN_SHARED:
            self.pairs.add(pair)
        else:
            self.pairs.discard(pair)


@dataclass
class DuplicateMemo:
    """What ``find_duplicates`` keeps for its next call (in `mkdocs serve`'s memory, or
    saved by a one-shot build less the shingle sets: generator/build/state.py)."""

    candidates: _Candidates | None = None  # the articles' sketches and the pairs alike enough to compare
    shingles: dict[str, set[int]] = field(default_factory=dict)  # by article digest
    similar: dict[tuple[str, str], float] = field(default_factory=dict)  # by the pair's digests


def find_duplicates(entries: list[Entry], memo: DuplicateMemo | None = None) -> list[Duplicate]:
    """Every article that repeats an earlier one, with its original and similarity.
    Full shingle sets are computed only for candidate pairs; sketches come with the
    entries (from the cache) when they have them. ``memo``: what the last call kept."""
    memo = memo if memo is not None else DuplicateMemo()
    sketches = {e.slug: e.sketch or sketch(e.article) for e in entries}
    candidates = memo.candidates
    if candidates is None or not only_added(candidates.sketches, sketches):
        candidates = _Candidates()  # an article removed or edited: made afresh
    for slug, values in sketches.items():
        if slug not in candidates.sketches:
            candidates.add(slug, values)
    by_slug = {e.slug: e for e in entries}
    found: dict[str, Duplicate] = {}
    known, similar = memo.shingles, memo.similar
    made: dict[str, set[int]] = {}
    measured: dict[tuple[str, str], float] = {}

    def shingles_of(slug: str) -> set[int]:
        digest = by_slug[slug].article.digest
        if digest not in made:
            made[digest] = known.get(digest) or shingles(by_slug[slug].article)
        return made[digest]

    for a, b in sorted(candidates.pairs):
        digests = (by_slug[a].article.digest, by_slug[b].article.digest)
        similarity = similar.get(digests)
        if similarity is None:
            sa, sb = shingles_of(a), shingles_of(b)
            union = sa | sb
            similarity = len(sa & sb) / len(union) if union else 1.0
        measured[digests] = similarity
        if similarity < SAME_STORY:
            continue
        first, second = _first(by_slug[a], by_slug[b])
        original, copy = first.slug, second.slug
        if copy not in found or found[copy].similarity < similarity:
            found[copy] = Duplicate(copy, original, round(similarity, 2))
    # only this call's: what removed or edited articles gave goes
    memo.candidates, memo.similar = candidates, measured
    memo.shingles = {d: known[d] for d in {e.article.digest for e in entries} if d in known} | made
    # a copy of a copy points at the first original
    for dup in list(found.values()):
        root = dup.original
        while root in found:
            root = found[root].original
        found[dup.slug] = Duplicate(dup.slug, root, dup.similarity)
    return sorted(found.values(), key=lambda d: d.slug)


def mark_duplicates(entries: list[Entry], memo: DuplicateMemo, copies: dict[str, tuple[Entry, Entry]]
                    ) -> tuple[list[Entry], list[Problem]]:
    """The entries with repeats flagged (shown once, never counted twice), and a warning
    for each. ``memo``: ``find_duplicates``'; ``copies``: the last build's flagged entries
    by slug, used again when unchanged (the briefing keeps what it worked out from the
    very same entries)."""
    by_slug = {e.slug: e for e in entries}
    duplicates = {d.slug: d for d in find_duplicates([e for e in entries if not e.meta.exclude], memo)}
    problems = []
    for dup in duplicates.values():
        what = "the same text as" if dup.similarity >= 0.99 else f"the same story ({dup.similarity:.0%} alike) as"
        problems.append(Problem(by_slug[dup.slug].article.path, f"{what} {by_slug[dup.original].article.path.name}; "
                                "shown once, not counted twice", level="warning"))
    flagged = []
    for e in entries:
        dup = duplicates.get(e.slug)
        if dup is not None:
            kept = copies.get(e.slug)
            if kept is None or kept[0] is not e or kept[1].duplicate_of != dup.original:
                kept = copies[e.slug] = (e, replace(e, duplicate_of=dup.original))
            e = kept[1]
        flagged.append(e)
    for gone in copies.keys() - duplicates.keys():
        del copies[gone]
    return flagged, problems
