"""The domain: what flows between the pipeline's stages. Plain, immutable data."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

PRECISION_RANK = {"day": 0, "month": 1, "year": 2}  # most precise first


@dataclass(frozen=True)
class Paragraph:
    """A block of the cleaned article; ``n`` is its anchor (#p-n) on the article page."""

    n: int
    text: str
    kind: str = "text"  # text | heading | highlight | caption
    line: int = 0  # line in the source file, 1-based


@dataclass(frozen=True)
class Removed:
    """A line taken out of the article as a site leftover, and why."""

    line: int
    text: str
    reason: str  # Arabic, shown to readers
    kind: str = "leftover"  # leftover | most-read | copyright | credit | tracking | duplicate | stamp | label


@dataclass(frozen=True)
class Article:
    """An ingested article: decoded, cleaned, split, headline found, leftovers removed."""

    stem: str
    path: Path
    digest: str
    title: str
    title_source: str  # headline | first-sentence | file-name
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removed, ...] = ()
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()  # informational: encoding, HTML converted
    warnings: tuple[str, ...] = ()  # worth a look: no Arabic, duplicate
    title_line: int = 0  # the headline's line in the source file (0: no headline line)

    def paragraph(self, n: int) -> Paragraph:
        return self.paragraphs[n - 1]


@dataclass(frozen=True)
class Evidence:
    """Where a value came from: paragraph number (0 = outside the body) and exact text."""

    paragraph: int
    text: str


@dataclass(frozen=True)
class DateValue:
    """A date with its precision; ``value`` is the first day of the month/year when coarser."""

    value: dt.date
    precision: str  # day | month | year
    confidence: float = 1.0
    evidence: Evidence | None = None

    def iso(self) -> str:
        """YYYY-MM-DD, YYYY-MM or YYYY by precision."""
        full = self.value.isoformat()
        return {"day": full, "month": full[:7], "year": full[:4]}[self.precision]


@dataclass(frozen=True)
class SourceMention:
    """An outlet, agency or paper named by the article."""

    name: str
    kind: str
    evidence: Evidence


@dataclass(frozen=True)
class EntityMention:
    """A known person, place or organisation named in a paragraph."""

    key: str  # kind:canonical name
    name: str
    kind: str  # person | place | organization
    surface: str  # as written
    role: str  # as stated in the article, else empty
    evidence: Evidence


@dataclass(frozen=True)
class Candidate:
    """A person the knowledge base does not know yet (unconfirmed until a person adds them
    to people.yml), found by a role or speech cue; later short mentions («أوشاكوف») count."""

    name: str  # the fullest name the article writes
    cue: str
    evidence: Evidence
    role: str = ""  # as the article states it
    spellings: tuple[str, ...] = ()
    paragraphs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Quantity:
    """A figure: number + what it counts, with who claims it. A vague amount («آلاف
    الجنود») has no value; a range («بين 10 و12 ألف») has its lower bound as ``value``."""

    text: str
    value: float | None  # None: a vague amount, never to be used as a number
    unit: str  # unit id (containers, troops, …) when the knowledge base knows the noun, else the noun
    unit_label: str
    qualifier: str | None  # at-least | about | up-to | None
    counted: str  # the words after the unit («من المعدات العسكرية والذخائر»)
    claimant: str | None
    evidence: Evidence
    value_max: float | None = None  # a range's upper bound
    duration: bool = False  # a length of time («24 عاماً», «ساعتين»)
    # set side by side in the briefing's figure tables: a number of a knowledge-base unit that is
    # compared across sources (not a duration, a calibre, a dual, a vague amount, an unknown noun)
    compared: bool = False
    facet: str | None = None  # what of the unit it counts: to-russia, to-north-korea, casualties (extract/facets.py)
    facet_label: str = ""  # «إلى روسيا»

    @property
    def vague(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Quote:
    """Speech: quoted (direct) or «قال … إن …» (reported)."""

    speaker: str | None  # canonical name, an unconfirmed person's full name, an unknown
    # institution as written; None when not known or anonymous
    speaker_text: str | None  # as written (also for unknown speakers)
    text: str
    verb: str | None
    kind: str  # direct | reported
    evidence: Evidence


@dataclass(frozen=True)
class Claim:
    """An accusation, denial, confirmation or assessment."""

    kind: str
    actor: str | None
    subject: str | None
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    """What the extractors found in one article, each value with its evidence."""

    title: str
    title_source: str
    outlet: str | None = None
    outlet_evidence: Evidence | None = None
    published: DateValue | None = None
    # [earliest, latest] the content implies (either None when nothing bounds it); the
    # publication date's own window when it is known
    published_bounds: tuple[dt.date | None, dt.date | None] = (None, None)
    dates: tuple[DateValue, ...] = ()
    cited: tuple[SourceMention, ...] = ()
    paragraph_topics: dict[int, tuple[str, ...]] = field(default_factory=dict)
    entities: tuple[EntityMention, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()

    @property
    def topics(self) -> tuple[str, ...]:
        """The article's topics: those of its paragraphs, in the canonical order."""
        from generator.knowledge import TOPIC_IDS

        seen = {t for ts in self.paragraph_topics.values() for t in ts}
        return tuple(t for t in TOPIC_IDS if t in seen)

    # Pickled (the extraction cache, the saved state: generator/build/state.py), the entity
    # mentions travel as one bytes object, unpickled when first asked for. They are a
    # large share of an article's objects, and a build that finds an article unchanged never
    # reads them: its run's part is kept, and its entry keeps what it needs of them
    # (``Entry.people``, ``Entry.stated_roles``, ``Entry.paragraph_weight``). So adding one
    # article from the command line does not unpickle every object of every other article.
    def __reduce__(self) -> tuple:
        state = dict(self.__dict__)
        packed = state.pop(_PACKED, None)
        entities = state.pop("entities", None)
        if packed is None:
            packed = pickle.dumps(entities or (), protocol=pickle.HIGHEST_PROTOCOL)
        return (_unpickled_extraction, (state, packed))

    def __getattr__(self, name: str) -> object:  # only for what is not set: the packed mentions
        packed = self.__dict__.get(_PACKED) if name == "entities" else None
        if packed is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        entities = pickle.loads(packed)  # our own bytes, made by __reduce__ above
        object.__setattr__(self, "entities", entities)
        return entities


_PACKED = "_packed_entities"
# the field's default lives on in ``__init__``; as a class attribute it would answer for
# mentions still packed, and ``__getattr__`` would never be asked
del Extraction.entities


def _unpickled_extraction(state: dict, packed: bytes) -> Extraction:
    extraction = object.__new__(Extraction)
    extraction.__dict__.update(state)
    extraction.__dict__[_PACKED] = packed
    return extraction


@dataclass(frozen=True)
class Metadata:
    """The effective metadata of an article: a person's values over extracted ones."""

    title: str
    outlet: str | None
    published: DateValue | None
    url: str | None
    topics: tuple[str, ...]
    exclude: bool = False
    curated: frozenset[str] = frozenset()  # keys a person set


@dataclass(frozen=True)
class Entry:
    """One article as the briefing sees it: text, extraction, effective metadata, URL slug."""

    article: Article
    extraction: Extraction
    meta: Metadata
    slug: str
    first_seen: str = ""
    duplicate_of: str | None = None  # slug of the original when this repeats another article
    sketch: tuple[int, ...] = ()  # duplicate-detection sketch, when the cache has it
    terms: tuple = ()  # (search keys with counts, length in words), when the cache has them

    def __getstate__(self) -> dict:
        """Pickled without ``mentions_by_paragraph``: it holds the entity mentions, which a
        pickled extraction keeps packed until asked for (``Extraction.__reduce__``)."""
        state = dict(self.__dict__)
        state.pop("mentions_by_paragraph", None)
        return state

    @cached_property
    def reported(self) -> DateValue | None:
        """For an article whose publication date is unknown: the latest date it reports as
        past, at its precision (the lower bound of ``Extraction.published_bounds``) — it
        was published after that. None when its date is known, or nothing bounds it."""
        earliest = self.extraction.published_bounds[0] if self.meta.published is None else None
        if earliest is None:
            return None
        stated = [d for d in self.extraction.dates if d.value == earliest and d.confidence == 1.0]
        if not stated:
            return DateValue(earliest, "day", 0.5)
        return min(stated, key=lambda d: PRECISION_RANK[d.precision])

    @cached_property
    def placed(self) -> DateValue | None:
        """Where the article stands in time: its publication date, else ``reported``. The
        one rule every "newest" and every article list follows."""
        return self.meta.published or self.reported

    @cached_property
    def paragraph_dates(self) -> dict[int, DateValue]:
        """{paragraph number: the most precise date it gives (then the most confident)},
        made once per entry: topic and figure tables ask for it for every statement."""
        best: dict[int, DateValue] = {}
        for d in self.extraction.dates:
            if d.evidence is None:
                continue
            old = best.get(d.evidence.paragraph)
            if old is None or (PRECISION_RANK[d.precision], -d.confidence) < (PRECISION_RANK[old.precision], -old.confidence):
                best[d.evidence.paragraph] = d
        return best

    @cached_property
    def mentions_by_paragraph(self) -> dict[int, list[EntityMention]]:
        found: dict[int, list[EntityMention]] = {}
        for m in self.extraction.entities:
            found.setdefault(m.evidence.paragraph, []).append(m)
        return found

    @cached_property
    def fingerprint(self) -> int:
        """Everything a page can read of the entry (text, metadata, slug, repeat of), as a
        128-bit number: a page's key hashes an entry as this (generator/site/keys.py); the
        extraction is a function of the text and of the code and knowledge base the key's
        salt names."""
        # ``curated`` sorted: a frozenset prints in hash-seed order, which changes with every
        # process, and would give a person-curated article a new key (a re-render) each run
        meta = replace(self.meta, curated=frozenset())
        curated = ",".join(sorted(self.meta.curated))
        text = f"{self.slug}:{self.article.digest}:{meta!r}:{curated}:{self.duplicate_of or ''}"
        return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), "big")

    @cached_property
    def paragraph_weight(self) -> dict[int, int]:
        """{paragraph: what it carries}: figures the briefing compares and claims 2 each,
        quotes 1, names up to 3 (``analysis.takeaways`` ranks by it; made once per entry,
        which a long-running process keeps)."""
        weight: dict[int, int] = {n: min(3, len(found)) for n, found in self.mentions_by_paragraph.items()}
        ex = self.extraction
        figures = [q for q in ex.quantities if q.compared]  # not «خمس سنوات» nor «آلاف الجنود»
        for points, found in ((2, figures), (2, ex.claims), (1, ex.quotes)):
            for item in found:
                n = item.evidence.paragraph
                weight[n] = weight.get(n, 0) + points
        return weight

    @cached_property
    def key_sentences(self) -> dict[int, str]:
        """{paragraph: its first sentence as a key point shows it}, filled as
        ``analysis.takeaways`` asks (it ranks 2,000 paragraphs of each topic; a
        long-running process keeps what was worked out)."""
        return {}

    @cached_property
    def facts_read(self) -> dict[tuple[str, int], tuple]:
        """{(box, paragraph): the statements ``generator.briefing.facts`` read in it}, filled as it
        asks: a topic's summary box reads every paragraph of the topic, in each build that
        changes the topic; each paragraph is read once while its entry is kept."""
        return {}

    @cached_property
    def people(self) -> tuple[str, ...]:
        """The canonical names of the people the article names, sorted."""
        return tuple(sorted({m.name for m in self.extraction.entities if m.kind == "person"}))

    @cached_property
    def stated_roles(self) -> dict[str, str]:
        """{person's canonical name: the longest role the article gives them (the first of
        equal length)}, made once per entry for the quote tables."""
        roles: dict[str, str] = {}
        for m in self.extraction.entities:
            if m.role and len(m.role) > len(roles.get(m.name, "")):
                roles[m.name] = m.role
        return roles

    def paragraph_topics(self, n: int) -> tuple[str, ...]:
        if "topics" in self.meta.curated:
            found = self.extraction.paragraph_topics.get(n, ())
            return tuple(t for t in found if t in self.meta.topics)
        return self.extraction.paragraph_topics.get(n, ())
