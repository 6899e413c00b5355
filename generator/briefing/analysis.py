"""Pure: the briefing's sourced statements — figures, quotes, claims, entities, takeaways.

Each row keeps the entry and paragraph it came from, so every statement on a page links
to `/articles/<stem>/#p-N`. Conflicting figures are kept side by side, never merged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple

from generator.arabic import sentences
from generator.extract.quotes import quote_key
from generator.ingest.slugs import entity_slug
from generator.knowledge import Knowledge
from generator.model import Claim, DateValue, Entry, Paragraph, Quantity, Quote

TAKEAWAYS = 5
TAKEAWAY_MAX_WORDS = 45
KIND_FOLDERS = {"person": "people", "place": "places", "organization": "organizations"}


class Source(NamedTuple):
    """Where a statement comes from (a named tuple: a large site makes hundreds of
    thousands, and a frozen dataclass costs far more to create)."""

    entry: Entry
    paragraph: Paragraph


@dataclass(frozen=True)
class FigureRow:
    quantity: Quantity
    date: DateValue | None  # the date the paragraph gives, else the publication date
    source: Source

    @cached_property
    def order(self) -> tuple:
        """Oldest first (undated last), then the smaller figure; made once per row (a
        long-running process keeps the rows of unchanged runs)."""
        return (self.date is None, self.date.value if self.date else None, self.quantity.value)


@dataclass(frozen=True)
class FigureReport:
    """One figure as reported — the same number of the same thing, with the same qualifier
    and claimant, for the same date — with every article that gives it: the first as
    ``row``, the others as ``also_in`` (articles repeat one another's figures, so a
    group's newest rows could otherwise all be one figure)."""

    row: FigureRow
    also_in: tuple[Source, ...] = ()


def _report_key(row: FigureRow) -> tuple:
    q, d = row.quantity, row.date
    return (q.qualifier, q.value, q.counted, q.claimant, d.value if d else None, d.precision if d else None)


def figure_reports(rows: list[FigureRow]) -> list[FigureReport]:
    """``rows`` with the repeats of one report merged, in the order of their first rows
    (an article giving the same figure twice is one source)."""
    same: dict[tuple, list[FigureRow]] = {}
    for row in rows:
        same.setdefault(_report_key(row), []).append(row)
    reports = []
    for found in same.values():
        first = found[0]
        seen = {first.source.entry.slug}
        also = []
        for row in found[1:]:
            if row.source.entry.slug not in seen:
                seen.add(row.source.entry.slug)
                also.append(row.source)
        reports.append(FigureReport(first, tuple(also)))
    return reports


@dataclass
class FigureGroup:
    """Figures of one unit (containers, troops …), oldest first; disputed when they differ."""

    unit: str
    label: str
    rows: list[FigureRow]

    def newest_reports(self, limit: int) -> list[FigureReport]:
        """The ``limit`` newest reports, oldest first, each with the other articles giving it.

        The repeats of a report share its place in the rows' order (date, then figure), so
        they lie together: the reports are made from the rows after the last change of
        place before ``limit`` reports, not from all rows (a group's rows grow with every
        article, and this runs for every topic page rendered again)."""
        start, found, here = len(self.rows), set(), None
        while start > 0:
            row = self.rows[start - 1]
            if len(found) >= limit and row.order != here:
                break
            here = row.order
            found.add(_report_key(row))
            start -= 1
        return figure_reports(self.rows[start:])[-limit:]

    @cached_property
    def values(self) -> list[float]:  # made once: the group is complete when pages read it
        return sorted(self.value_set)

    @cached_property
    def value_set(self) -> frozenset[float]:
        """The figures given (a joined group unites its parts': ``figure_groups``)."""
        return frozenset(r.quantity.value for r in self.rows)

    @property
    def disputed(self) -> bool:
        return len(self.values) > 1

    @property
    def conservative(self) -> float:
        return self.values[0]


@dataclass(frozen=True)
class QuoteRow:
    quote: Quote
    role: str
    entity_slug: str | None
    source: Source
    also_in: tuple[Source, ...] = ()  # the same words quoted by other articles


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    date: DateValue | None
    source: Source


@dataclass
class EntityView:
    key: str
    name: str
    kind: str
    role: str
    slug: str
    spellings: set[str] = field(default_factory=set)
    roles_stated: Counter = field(default_factory=Counter)
    mention_count: int = 0  # paragraphs naming it, each once (the pages show the count, not the list)
    quotes: list[QuoteRow] = field(default_factory=list)
    by_article: dict[str, tuple[Entry, list[int]]] = field(default_factory=dict)  # mentioned paragraphs, once each
    # the entities named in the same paragraphs, counted per run of articles and added up
    # only for the pages rendered (``together``)
    together_parts: list[Counter] = field(default_factory=list, repr=False)

    @property
    def path(self) -> str:
        return f"{KIND_FOLDERS[self.kind]}/{self.slug}.md"

    @cached_property
    def together(self) -> Counter:
        """{entity key: paragraphs naming both}."""
        total: Counter = Counter()
        for part in self.together_parts:
            total.update(part)
        return total

    def companions(self, limit: int = 12) -> list[tuple[str, int]]:
        """Entity keys named in the same paragraphs, most often first (ties by name)."""
        return sorted(self.together.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def stated_roles(self) -> list[tuple[str, int]]:
        return sorted(self.roles_stated.items(), key=lambda kv: (-kv[1], kv[0]))

    @property
    def articles(self) -> list[Entry]:
        return [entry for entry, _numbers in self.by_article.values()]


def _paragraph_date(entry: Entry, n: int) -> DateValue | None:
    """The most precise date the paragraph gives, else the publication date."""
    return entry.paragraph_dates.get(n, entry.meta.published)


def figure_rows(entries: list[Entry], paragraphs: set[tuple[str, int]] | None = None) -> dict[str, FigureGroup]:
    """Figures grouped by unit, in article order (``figure_groups`` sorts them). Only the
    given paragraphs when set. Only figures the briefing compares (``Quantity.compared``:
    a number of a knowledge-base unit, not a duration, a calibre or a vague amount)."""
    groups: dict[str, FigureGroup] = {}
    for entry in entries:
        for q in entry.extraction.quantities:
            n = q.evidence.paragraph
            if not q.compared or (paragraphs is not None and (entry.slug, n) not in paragraphs):
                continue
            unit = f"{q.unit}-{q.facet}" if q.facet else q.unit  # sent and received apart
            group = groups.get(unit)
            if group is None:
                group = groups[unit] = FigureGroup(unit, f"{q.unit_label} {q.facet_label}".strip(), [])
            group.rows.append(FigureRow(q, _paragraph_date(entry, n), Source(entry, entry.article.paragraph(n))))
    return groups


def figure_groups(parts: list[dict[str, FigureGroup]]) -> list[FigureGroup]:
    """``figure_rows`` of consecutive runs of articles, joined: each group oldest first
    (a stable sort: rows of one date keep their article order), most rows first."""
    joined: dict[str, FigureGroup] = {}
    pieces: dict[str, list[frozenset[float]]] = defaultdict(list)
    for part in parts:
        for unit, group in part.items():
            found = joined.get(unit)
            if found is None:
                joined[unit] = FigureGroup(unit, group.label, list(group.rows))
            else:
                found.rows.extend(group.rows)
            pieces[unit].append(group.value_set)  # kept with the part: not made again
    for unit, group in joined.items():
        group.rows.sort(key=attrgetter("order"))
        group.value_set = frozenset().union(*pieces[unit])
    return sorted(joined.values(), key=lambda g: (-len(g.rows), g.unit))


def figures(entries: list[Entry], paragraphs: set[tuple[str, int]] | None = None) -> list[FigureGroup]:
    """Figures grouped by unit, each group oldest first. Only the given paragraphs when set."""
    return figure_groups([figure_rows(entries, paragraphs)])


QuoteGroups = dict[str, list[tuple[Quote, Source]]]


def quote_groups(entries: list[Entry], paragraphs: set[tuple[str, int]] | None = None) -> QuoteGroups:
    """{quote key: every (quote, source) of those words}, in article order."""
    by_key: QuoteGroups = {}
    for entry in entries:
        for q in entry.extraction.quotes:
            n = q.evidence.paragraph
            if q.speaker is None or (paragraphs is not None and (entry.slug, n) not in paragraphs):
                continue
            found = (q, Source(entry, entry.article.paragraph(n)))
            key = quote_key(q.text)
            group = by_key.get(key)
            if group is None:
                by_key[key] = [found]
            else:
                group.append(found)
    return by_key


def join_groups(parts: list[QuoteGroups]) -> QuoteGroups:
    """``quote_groups`` of consecutive runs of articles, as one call over them all gives."""
    if len(parts) == 1:
        return parts[0]
    joined: QuoteGroups = {}
    for part in parts:
        for key, group in part.items():
            found = joined.get(key)
            if found is None:
                joined[key] = list(group)
            else:
                found.extend(group)
    return joined


def quote_rows(groups: QuoteGroups, knowledge: Knowledge, limit: int | None = None) -> list[QuoteRow]:
    """One row per quote key (the first source; the others as ``also_in``), the first
    ``limit`` keys when set."""
    rows = []
    for found in groups.values():
        if limit is not None and len(rows) == limit:
            break
        quote, source = found[0]
        rows.append(QuoteRow(quote, _role(quote.speaker, source.entry, knowledge), _slug_of(quote.speaker, knowledge),
                             source, tuple(s for _q, s in found[1:])))
    return rows


def quotes(entries: list[Entry], knowledge: Knowledge, paragraphs: set[tuple[str, int]] | None = None) -> list[QuoteRow]:
    """Quotes with speaker and role; the same words quoted twice are shown once."""
    return quote_rows(quote_groups(entries, paragraphs), knowledge)


def claims(entries: list[Entry], paragraphs: set[tuple[str, int]] | None = None) -> list[ClaimRow]:
    rows = []
    for entry in entries:
        for c in entry.extraction.claims:
            n = c.evidence.paragraph
            if paragraphs is None or (entry.slug, n) in paragraphs:
                rows.append(ClaimRow(c, _paragraph_date(entry, n), Source(entry, entry.article.paragraph(n))))
    return rows


def _role(name: str, entry: Entry, knowledge: Knowledge) -> str:
    stated = entry.stated_roles.get(name)
    if stated:
        return stated
    entity = knowledge.by_name.get(name)
    return entity.role if entity else ""


def _slug_of(name: str, knowledge: Knowledge) -> str | None:
    entity = knowledge.by_name.get(name)
    return f"{KIND_FOLDERS[entity.kind]}/{entity_slug(entity.name)}.md" if entity else None


def entity_parts(entries: list[Entry], knowledge: Knowledge) -> dict[str, EntityView]:
    """The entities these articles mention, with spellings, roles, mention counts and companions
    (no quotes: ``join_entities`` adds them)."""
    views: dict[str, EntityView] = {}
    for entry in entries:  # every mention of every article passes here: EntityView.mention inlined
        per_paragraph: dict[int, set[str]] = defaultdict(set)
        slug = entry.slug
        for m in entry.extraction.entities:
            key, n = m.key, m.evidence.paragraph
            view = views.get(key)
            if view is None:
                known = knowledge.entities.get(key)
                view = views[key] = EntityView(key, m.name, m.kind, known.role if known else "",
                                               entity_slug(m.name))
                view.together_parts.append(Counter())
            view.spellings.add(m.surface)
            if m.role:
                view.roles_stated[m.role] += 1
            found = view.by_article.get(slug)
            if found is None:
                found = view.by_article[slug] = (entry, [])
            if n not in found[1]:
                found[1].append(n)
                view.mention_count += 1
            per_paragraph[n].add(key)
        for keys in per_paragraph.values():
            if len(keys) > 1:
                ordered = sorted(keys)  # sorted: set order changes with the hash seed
                for a in ordered:
                    together = views[a].together_parts[0]
                    for b in ordered:
                        if b != a:
                            together[b] += 1
    return views


def join_entities(parts: list[dict[str, EntityView]], quote_rows: list[QuoteRow]) -> dict[str, EntityView]:
    """``entity_parts`` of consecutive runs of articles joined into new views (the parts
    are left as they are: a long-running process keeps them), with their quotes."""
    views: dict[str, EntityView] = {}
    for part in parts:
        for key, piece in part.items():
            view = views.get(key)
            if view is None:
                view = views[key] = EntityView(key, piece.name, piece.kind, piece.role, piece.slug)
            view.spellings |= piece.spellings
            if piece.roles_stated:  # most pieces have none (Counter.update is Python)
                view.roles_stated.update(piece.roles_stated)
            view.mention_count += piece.mention_count
            view.by_article.update(piece.by_article)  # each article is in one part
            view.together_parts += piece.together_parts
    by_name = {view.name: view for view in views.values()}
    for row in quote_rows:
        if row.quote.speaker in by_name:
            by_name[row.quote.speaker].quotes.append(row)
    return views


def entities(entries: list[Entry], knowledge: Knowledge, quote_rows: list[QuoteRow]) -> dict[str, EntityView]:
    """Every entity mentioned, with spellings, roles, mentions, quotes and companions."""
    return join_entities([entity_parts(entries, knowledge)], quote_rows)


def takeaways(items: list[Source], limit: int = TAKEAWAYS) -> list[tuple[str, Source, tuple[Source, ...]]]:
    """Extractive key points: the first sentence of the paragraphs that carry the most
    (figures, quotes, claims, names), newest articles first, one per article first. A
    sentence is a key point once, with the other articles that give it (background
    paragraphs are repeated word for word across articles, so a topic's key points could
    otherwise all be one sentence): (sentence, first source, the others)."""

    def weight(s: Source) -> tuple:
        n = s.paragraph.n
        published = s.entry.meta.published
        return (-s.entry.paragraph_weight.get(n, 0), -(published.value.toordinal() if published else 0), n)

    ranked = sorted((s for s in items if s.paragraph.kind in ("text", "highlight")), key=weight)
    texts = [_key_sentence(s) for s in ranked]
    chosen: dict[str, Source] = {}  # sentence → its first source, in the order chosen
    articles: set[str] = set()
    for s, text in zip(ranked, texts):  # one per article first …
        if len(chosen) == limit:
            break
        if s.entry.slug not in articles and text not in chosen:
            articles.add(s.entry.slug)
            chosen[text] = s
    for s, text in zip(ranked, texts):  # … then fill
        if len(chosen) == limit:
            break
        chosen.setdefault(text, s)
    also: dict[str, list[Source]] = {text: [] for text in chosen}
    seen = {text: {s.entry.slug} for text, s in chosen.items()}
    for s, text in zip(ranked, texts):
        if text in seen and s.entry.slug not in seen[text]:
            seen[text].add(s.entry.slug)
            also[text].append(s)
    return [(text, s, tuple(also[text])) for text, s in chosen.items()]


def _key_sentence(s: Source) -> str:
    known = s.entry.key_sentences
    n = s.paragraph.n
    text = known.get(n)
    if text is None:
        text = known[n] = _first_sentence(s.paragraph.text)
    return text


def _first_sentence(text: str) -> str:
    spans = sentences(text)
    sentence = text[spans[0][0]:spans[0][1]] if spans else text
    words = sentence.split()
    return " ".join(words[:TAKEAWAY_MAX_WORDS]) + ("…" if len(words) > TAKEAWAY_MAX_WORDS else "")
