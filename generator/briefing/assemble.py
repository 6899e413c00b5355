"""Pure: entries (article + extraction + metadata) → Briefing, the model the templates read.

Grouping and ordering live here, never in templates: topics with their paragraphs,
a timeline by year and month, outlets and the sources they cite, and what changed.
"""

from __future__ import annotations

import datetime as dt
import heapq
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from generator.briefing import analysis
from generator.briefing.analysis import ClaimRow, EntityView, FigureGroup, QuoteRow, Source
from generator.briefing.facts import FactRow, summits, treaty_rows
from generator.knowledge import TOPIC_IDS, Knowledge
from generator.model import PRECISION_RANK, DateValue, Entry, Paragraph

DENIAL = "denial"
# Pages stay readable and the site grows linearly: pages list the newest items and link
# to monthly archives (/archive/…) that hold the rest.
LIMITS = {"paragraphs": 60, "figure_rows": 25, "quotes": 30, "claims": 20, "entities": 30,
          "source_articles": 100, "timeline": 300, "articles": 200, "outlet_articles": 20,
          "updates_per_day": 100, "entity_articles": 100, "events": 40, "archive_articles": 50,
          "also_in": 5, "figure_values": 8}
UNDATED = "undated"


class TopicItem(NamedTuple):  # a named tuple: one per topic paragraph, cheap to make
    entry: Entry
    paragraph: Paragraph


# A row of a topic's summary box: a treaty fact with the statements of it, or (summits)
# one meeting, label empty and kind «meeting» (generator/briefing/facts.py).
InfoboxRow = FactRow


@dataclass
class TopicView:
    id: str
    label: str
    description: str
    items: list[TopicItem] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # articles filed under the topic
    takeaways: list[tuple[str, Source, tuple[Source, ...]]] = field(default_factory=list)  # analysis.takeaways
    events: list["TimelineEvent"] = field(default_factory=list)  # the newest developments, repeats merged: LIMITS["events"] and one more
    background: list["TimelineEvent"] = field(default_factory=list)  # dates recalled for context (``is_background``)
    event_months: Counter = field(default_factory=Counter)  # all its day- or month-precise events, by month
    figures: list[FigureGroup] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    denials: list[ClaimRow] = field(default_factory=list)
    people: list[tuple[EntityView, int]] = field(default_factory=list)
    places: list[tuple[EntityView, int]] = field(default_factory=list)
    infobox: list[InfoboxRow] = field(default_factory=list)


@dataclass(frozen=True)
class TimelineEvent:
    """A dated thing: an article's publication (paragraph None) or a date it mentions."""

    date: DateValue
    entry: Entry
    paragraph: Paragraph | None
    kind: str  # published | mentioned
    also: tuple[Source, ...] = ()  # the other articles giving it in the same words (``merged_events``)

    # made once per event (a long-running process keeps the events of unchanged runs):
    # joining the events of every article sorts them and files them by month
    @cached_property
    def order(self) -> tuple:
        """The timeline's order: newest first, then the more precise, then by kind,
        article and paragraph."""
        return (-self.date.value.toordinal(), PRECISION_RANK[self.date.precision], self.kind, self.entry.slug,
                self.paragraph.n if self.paragraph else 0)

    @cached_property
    def month(self) -> str:
        return month_key(self.date)


@dataclass
class Period:
    year: int
    months: list[tuple[int | None, list[TimelineEvent]]]  # month None = year-precise


@dataclass(frozen=True)
class Change:
    date: str
    kind: str  # new | changed | removed
    stem: str
    entry: Entry | None


@dataclass
class Briefing:
    entries: list[Entry]
    topics: list[TopicView]
    timeline: list[Period]
    outlets: list[tuple[str | None, list[Entry]]]
    changes: list[tuple[str, list[Change]]]
    cutoff: Entry | None  # the article ``placed`` newest (``_cutoff``)
    build_date: str
    undated: list[Entry] = field(default_factory=list)  # no publication date known, placed by what they report
    entities: dict[str, EntityView] = field(default_factory=dict)
    figures: list[FigureGroup] = field(default_factory=list)
    key_figures: list[FigureGroup] = field(default_factory=list)  # of the units the topics count (``Unit.key``)
    latest: list[TimelineEvent] = field(default_factory=list)
    background: list[TimelineEvent] = field(default_factory=list)  # dates recalled for context, newest first
    events: list[TimelineEvent] = field(default_factory=list)  # newest first
    limits: dict[str, int] = field(default_factory=lambda: dict(LIMITS))
    # articles, events and topic paragraphs by archive month (YYYY-MM, YYYY-00, «undated»)
    buckets: dict[str, dict[str, list]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def months(self) -> list[str]:
        """Archive months (YYYY-MM, newest first; «undated» last) of articles and events."""
        keys = set(self.buckets)
        return sorted(keys - {UNDATED}, reverse=True) + ([UNDATED] if UNDATED in keys else [])

    def articles_in(self, month: str) -> list[Entry]:
        return self.buckets[month]["articles"]

    def events_in(self, month: str) -> list["TimelineEvent"]:
        return self.buckets[month]["events"]

    def topic_items_in(self, topic_id: str, month: str) -> list["TopicItem"]:
        return self.buckets[month][topic_id]

    def entities_of(self, kind: str) -> list[EntityView]:
        """Entities of one kind, most mentioned first."""
        found = [e for e in self.entities.values() if e.kind == kind]
        return sorted(found, key=lambda e: (-e.mention_count, e.name))

    @cached_property
    def _entities_by_name(self) -> dict[str, EntityView]:
        return {e.name: e for e in self.entities.values()}

    def entity(self, name: str) -> EntityView | None:
        return self._entities_by_name.get(name)

    def topic(self, topic_id: str) -> TopicView:
        return next(t for t in self.topics if t.id == topic_id)


def month_key(date: DateValue | None) -> str:
    """«2024-06» for day- or month-precise dates; «2024-01» for year-precise ones is wrong,
    so a year-precise date files under its year's «YYYY-00»; no date → «undated»."""
    if date is None:
        return UNDATED
    value = date.value  # an f-string, not strftime: called for every date the briefing files by month
    return f"{value.year}-{value.month:02d}" if date.precision != "year" else f"{value.year}-00"


def _sort_key(entry: Entry) -> tuple:
    """Newest first by ``Entry.placed`` (an undated article by the latest date it reports),
    then the more precise; articles nothing dates last."""
    placed = entry.placed
    if placed is None:
        return (True, 0, 0, entry.slug)
    return (False, -placed.value.toordinal(), PRECISION_RANK[placed.precision], entry.slug)


# A run of articles ends at a change of publication month and after each article whose
# slug's CRC-32 is 0 modulo this: boundaries that depend on the articles alone, so an
# added, edited or removed article changes only the run it is in (about 64 articles).
RUN_BOUNDARY = 64


@dataclass
class TopicPart:
    """What one run of articles gives a topic."""

    entries: list[Entry]
    items: list[TopicItem]
    figures: dict[str, FigureGroup]
    quotes: analysis.QuoteGroups
    claims: list[ClaimRow]
    counts: Counter  # entity key → topic paragraphs naming it
    events: list[TimelineEvent]  # developments, newest first (``_topic_order``)
    background: list[TimelineEvent]  # dates recalled for context, newest first
    months: dict[str, list[TopicItem]]  # items by archive month
    event_months: Counter  # month → its day- or month-precise events (the timeline chart)


@dataclass
class Part:
    """What one run of consecutive articles (newest first) gives the briefing; the
    briefing is these parts joined in order, exactly what one pass over all gives."""

    entries: tuple[Entry, ...]
    entities: dict[str, EntityView]
    quotes: analysis.QuoteGroups
    figures: dict[str, FigureGroup]
    events: list[TimelineEvent]
    months: dict[str, list[Entry]]  # articles by archive month
    topics: dict[str, TopicPart]


@dataclass
class BriefingMemo:
    """What ``build_briefing`` keeps for its next call: each run's part by the ids of its
    entries (the part holds them, so the ids are not reused) and each topic's view with
    the parts it was joined from, made with ``knowledge``."""

    knowledge: Knowledge | None = None
    parts: dict[tuple[int, ...], Part] = field(default_factory=dict)
    topics: dict[str, tuple] = field(default_factory=dict)  # topic → (its parts, view, entity counts)


def runs(entries: list[Entry]) -> list[tuple[Entry, ...]]:
    """The sorted articles cut into runs (``RUN_BOUNDARY``)."""
    found: list[tuple[Entry, ...]] = []
    run: list[Entry] = []
    month: tuple | None = None
    for entry in entries:
        placed = entry.placed
        here = (placed.value.year, placed.value.month) if placed else None
        if run and here != month:
            found.append(tuple(run))
            run = []
        month = here
        run.append(entry)
        if zlib.crc32(entry.slug.encode()) % RUN_BOUNDARY == 0:
            found.append(tuple(run))
            run = []
    if run:
        found.append(tuple(run))
    return found


def _part(run: tuple[Entry, ...], knowledge: Knowledge,
          kept: dict[tuple[str, tuple[int, ...]], TopicPart] | None = None) -> Part:
    """``kept``: the last build's topic parts by (topic, ids of the articles filed): what a
    topic is given by the very same articles is the same (one new article leaves the
    topics it is not filed under as they were, and so their views: ``build_briefing``)."""
    counted = [e for e in run if e.duplicate_of is None]  # repeats are shown, not counted
    events = sorted(_events(counted), key=attrgetter("order"))
    months: dict[str, list[Entry]] = defaultdict(list)
    for e in run:
        months[month_key(e.meta.published)].append(e)
    topics = {}
    for topic_id, (entries, items) in _topic_members(counted).items():
        same = kept.get((topic_id, tuple(map(id, entries)))) if kept else None
        if same is not None:
            topics[topic_id] = same
            continue
        keys = {(i.entry.slug, i.paragraph.n) for i in items}
        counts: Counter = Counter()
        by_month: dict[str, list[TopicItem]] = defaultdict(list)
        for item in items:
            counts.update(m.key for m in item.entry.mentions_by_paragraph.get(item.paragraph.n, ()))
            by_month[month_key(item.entry.meta.published)].append(item)
        dated = sorted((e for e in events if e.paragraph and (e.entry.slug, e.paragraph.n) in keys), key=_topic_order)
        developments = [e for e in dated if e.kind != "background"]
        topics[topic_id] = TopicPart(
            entries, items, analysis.figure_rows(entries, keys), analysis.quote_groups(entries, keys),
            analysis.claims(entries, keys), counts, developments, [e for e in dated if e.kind == "background"],
            by_month, Counter(e.month for e in developments if e.date.precision != "year"))
    return Part(run, analysis.entity_parts(counted, knowledge), analysis.quote_groups(counted),
                analysis.figure_rows(counted), events, months, topics)


def _parts(entries: list[Entry], knowledge: Knowledge, memo: BriefingMemo | None) -> list[Part]:
    """Each run's part; with ``memo`` (kept by a long-running process, or the runs a
    one-shot build saved: generator/build/state.py), a run whose articles are the very entries
    of the last build's run is not worked out again."""
    if memo is None:
        return [_part(run, knowledge) for run in runs(entries)]
    if memo.knowledge is not knowledge:
        memo.knowledge, memo.parts, memo.topics = knowledge, {}, {}
    known = memo.parts
    parts: dict[tuple[int, ...], Part] = {}
    topic_parts: dict[tuple[str, tuple[int, ...]], TopicPart] | None = None
    for run in runs(entries):
        key = tuple(map(id, run))  # the kept parts hold their entries: ids are not reused
        part = known.get(key)
        if part is None or any(a is not b for a, b in zip(part.entries, run)):
            if topic_parts is None:  # made once, when a run changed
                topic_parts = {(t, tuple(map(id, tp.entries))): tp for kept in known.values()
                               for t, tp in kept.topics.items()}
            part = _part(run, knowledge, topic_parts)
        parts[key] = part
    memo.parts = parts
    return list(parts.values())


def build_briefing(entries: list[Entry], knowledge: Knowledge, history: dict[str, dict],
                   memo: BriefingMemo | None = None) -> Briefing:
    """Assemble the briefing. ``history`` is the (already updated) article ledger; the
    site's "last updated" date is the newest change in it, so a rebuild with nothing
    new renders the same pages. ``memo``: see ``_parts``."""
    entries = sorted((e for e in entries if not e.meta.exclude), key=_sort_key)
    parts = _parts(entries, knowledge, memo)
    quote_rows = analysis.quote_rows(analysis.join_groups([p.quotes for p in parts]), knowledge)
    entity_views = analysis.join_entities([p.entities for p in parts], quote_rows)
    events = list(chain.from_iterable(p.events for p in parts))
    briefing = Briefing(
        entries=entries,
        topics=[],
        timeline=[],
        outlets=_outlets(entries),
        changes=_changes(history, {e.article.stem: e for e in entries}),
        cutoff=_cutoff(entries),
        undated=[e for e in entries if e.meta.published is None],
        build_date=max(
            (d for r in history.values() for d in (r.get("changed"), r.get("removed")) if d), default=""
        ),
        entities=entity_views,
        figures=analysis.figure_groups([p.figures for p in parts]),
        events=sorted(events, key=attrgetter("order")),  # each part's are in order: a merge
    )
    key_units = {u.id for u in knowledge.patterns.units.values() if u.key}
    briefing.key_figures = [g for g in briefing.figures if g.rows[0].quantity.unit in key_units]
    # the newest day-precise developments: newest first, then by article
    developments = [e for e in briefing.events if e.kind != "background"]
    briefing.latest = merged_events((e for e in developments if e.kind == "mentioned" and e.date.precision == "day"
                                     and _news_line(e)), 8)
    briefing.timeline = periods(merged_events(developments, LIMITS["timeline"]))
    briefing.background = merged_events((e for e in briefing.events if e.kind == "background"), LIMITS["events"])
    kept_topics = memo.topics if memo is not None else {}
    for t in TOPIC_IDS:
        pieces = [p.topics[t] for p in parts]
        kept = kept_topics.get(t)
        if kept is None or len(kept[0]) != len(pieces) or any(a is not b for a, b in zip(kept[0], pieces)):
            kept = kept_topics[t] = (pieces, *_topic(t, pieces, knowledge))
        briefing.topics.append(_with_entities(kept[1], kept[2], briefing))
    buckets = briefing.buckets
    for part in parts:
        for month, found in part.months.items():
            buckets[month]["articles"] += found
    for event in briefing.events:
        buckets[event.month]["events"].append(event)
    for topic_id in TOPIC_IDS:
        for part in parts:
            for month, items in part.topics[topic_id].months.items():
                buckets[month][topic_id] += items
    return briefing


# a paragraph that is mostly its date (a stamp, a dated caption) tells no development
NEWS_MIN_WORDS = 6


def _news_line(event: TimelineEvent) -> bool:
    """A paragraph of the article's text that says something beside its date."""
    paragraph = event.paragraph
    if paragraph is None or paragraph.kind not in ("text", "highlight"):
        return False
    evidence = event.date.evidence.text if event.date.evidence else ""
    return len(paragraph.text.replace(evidence, " ").split()) >= NEWS_MIN_WORDS


def _cutoff(entries: list[Entry]) -> Entry | None:
    """The article standing newest in time (``Entry.placed``; the first of the sorted
    entries that has a place): its date is the newest the briefing knows."""
    return next((e for e in entries if e.placed is not None), None)


def _topic_order(e: TimelineEvent) -> tuple:
    return (-e.date.value.toordinal(), e.entry.slug, e.paragraph.n if e.paragraph else 0)


def _topic_members(entries: list[Entry]) -> dict[str, tuple[list[Entry], list[TopicItem]]]:
    """{topic: (articles filed under it, their paragraphs about it)}, in article then
    paragraph order, from one pass over the articles (not one pass per topic)."""
    members: dict[str, tuple[list[Entry], list[TopicItem]]] = {t: ([], []) for t in TOPIC_IDS}
    for entry in entries:
        filed = [t for t in dict.fromkeys(entry.meta.topics) if t in members]
        if not filed:
            continue
        for topic_id in filed:
            members[topic_id][0].append(entry)
        for paragraph in entry.article.paragraphs:
            about = entry.paragraph_topics(paragraph.n)
            for topic_id in filed:
                if topic_id in about:
                    members[topic_id][1].append(TopicItem(entry, paragraph))
    return members


def _topic(topic_id: str, parts: list[TopicPart], knowledge: Knowledge) -> tuple[TopicView, Counter]:
    """The topic's view from its parts (but its people and places: ``_with_entities``), and
    how many of its paragraphs name each entity."""
    rule = knowledge.topics[topic_id]
    view = TopicView(topic_id, rule.label, rule.description, list(chain.from_iterable(p.items for p in parts)),
                     list(chain.from_iterable(p.entries for p in parts)))
    view.takeaways = analysis.takeaways([Source(i.entry, i.paragraph) for i in view.items[:2000]])
    # one more than shown: the page says when there are more
    view.events = merged_events(heapq.merge(*(p.events for p in parts), key=_topic_order), LIMITS["events"] + 1)
    view.background = merged_events(heapq.merge(*(p.background for p in parts), key=_topic_order), LIMITS["events"])
    for part in parts:
        if part.event_months:
            view.event_months.update(part.event_months)
    view.figures = analysis.figure_groups([p.figures for p in parts])
    view.quotes = analysis.quote_rows(analysis.join_groups([p.quotes for p in parts]), knowledge, LIMITS["quotes"])
    view.claims, view.denials = _first_claims(chain.from_iterable(p.claims for p in parts), LIMITS["claims"])
    counts: Counter = Counter()
    for part in parts:
        counts.update(part.counts)
    if topic_id in ("treaty", "summits"):
        view.infobox = _infobox(view, knowledge)
    return view, counts


def _with_entities(view: TopicView, counts: Counter, briefing: Briefing) -> TopicView:
    """A copy of ``view`` with the people and places its paragraphs name most, as this
    briefing's entity views (a kept topic view is used again with the entities of now)."""
    ranked = sorted((e for e in briefing.entities.values() if counts[e.key]), key=lambda e: (-counts[e.key], e.name))
    return replace(view, people=[(e, counts[e.key]) for e in ranked if e.kind == "person"][:LIMITS["entities"]],
                   places=[(e, counts[e.key]) for e in ranked if e.kind == "place"][:LIMITS["entities"]])


def _first_claims(rows: Iterable[ClaimRow], limit: int) -> tuple[list[ClaimRow], list[ClaimRow]]:
    """The first ``limit`` claims and the first ``limit`` denials of ``rows``, read only as
    far as needed (a topic of a large site has thousands)."""
    claims: list[ClaimRow] = []
    denials: list[ClaimRow] = []
    for row in rows:
        found = denials if row.claim.kind == DENIAL else claims
        if len(found) < limit:
            found.append(row)
        elif len(claims) >= limit and len(denials) >= limit:
            break
    return claims, denials


def _infobox(view: TopicView, knowledge: Knowledge) -> list[InfoboxRow]:
    """The topic's summary box: for the treaty a row per fact of treaty_infobox, each with
    the statements the articles make of it; for the summits a row per meeting, newest first."""
    if view.id == "summits":
        return [InfoboxRow("", "meeting", (meeting,)) for meeting in summits(view.items, knowledge)]
    return treaty_rows(view.items, knowledge)


def _events(entries: list[Entry]) -> list[TimelineEvent]:
    """Publication dates and every date the articles mention (in the body): a development
    (``mentioned``) when it falls in the period the article reports, ``background`` when it
    lies long before it (``is_background``)."""
    events: list[TimelineEvent] = []
    for entry in entries:
        if entry.meta.published:
            events.append(TimelineEvent(entry.meta.published, entry, None, "published"))
        seen: set[tuple[str, int]] = set()
        for mention in entry.extraction.dates:
            if not mention.evidence or mention.evidence.paragraph == 0:
                continue
            key = (mention.iso(), mention.evidence.paragraph)
            if key in seen:
                continue
            seen.add(key)
            kind = "background" if is_background(mention, entry.meta.published, entry.placed) else "mentioned"
            events.append(TimelineEvent(mention, entry, entry.article.paragraph(mention.evidence.paragraph), kind))
    return events


# A date this long before the article's own (``Entry.placed``) is context the article
# recalls (the 1950–1953 war, the 2000 treaty, a visit years earlier), not what it reports.
BACKGROUND_DAYS = 183


def is_background(date: DateValue, published: DateValue | None, placed: DateValue | None) -> bool:
    """Whether ``date`` (the whole of its day, month or year) ended more than
    BACKGROUND_DAYS before the article's date. An article whose publication date is
    unknown is placed by the very dates it reports: there a year alone («منذ عام 2019»)
    is background, as it is with no date at all."""
    if published is None and date.precision == "year":
        return True
    if placed is None:
        return False
    return _window_end(date) < placed.value - dt.timedelta(days=BACKGROUND_DAYS)


def _window_end(date: DateValue) -> dt.date:
    v = date.value
    if date.precision == "day":
        return v
    if date.precision == "month":
        return dt.date(v.year + (v.month == 12), v.month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(v.year, 12, 31)


def merged_events(events: Iterable[TimelineEvent], limit: int | None = None) -> list[TimelineEvent]:
    """The events in their order, a date that several articles give in the same words (a
    paragraph repeated word for word) once, with the other articles as ``also``; the first
    ``limit`` when set. Repeats share their date, and events of one date lie together in
    every order they come in, so with ``limit`` the walk ends with the date it is in once
    ``limit`` are found, not at the end of every event of the site."""
    lines: dict[object, tuple[TimelineEvent, list[Source], set[str]]] = {}
    day = None
    for event in events:
        if limit is not None and len(lines) >= limit and event.date.value != day:
            break
        day = event.date.value
        evidence = event.date.evidence
        key = (id(event) if event.paragraph is None  # a publication is its own line
               else (day, event.date.precision, evidence.text if evidence else "", event.paragraph.text))
        found = lines.get(key)
        if found is None:
            lines[key] = (event, [], {event.entry.slug})
        elif event.entry.slug not in found[2]:
            found[2].add(event.entry.slug)
            found[1].append(Source(event.entry, event.paragraph))
    merged = [replace(event, also=tuple(also)) if also else event for event, also, _slugs in lines.values()]
    return merged if limit is None else merged[:limit]


def periods(events: list[TimelineEvent]) -> list[Period]:
    """Events grouped by year, then month (year-precise events on their own)."""
    by_year: dict[int, dict[int | None, list[TimelineEvent]]] = defaultdict(lambda: defaultdict(list))
    for event in events:
        month = None if event.date.precision == "year" else event.date.value.month
        by_year[event.date.value.year][month].append(event)
    periods = []
    for year in sorted(by_year, reverse=True):
        months = by_year[year]
        ordered = sorted(months, key=lambda m: -1 if m is None else m, reverse=True)
        periods.append(Period(year, [
            (m, sorted(months[m], key=lambda e: (-e.date.value.toordinal(), e.kind, e.entry.slug)))
            for m in ordered
        ]))
    return periods


def _outlets(entries: list[Entry]) -> list[tuple[str | None, list[Entry]]]:
    groups: dict[str | None, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.meta.outlet].append(entry)
    return sorted(groups.items(), key=lambda kv: (kv[0] is None, -len(kv[1]), kv[0] or ""))


def update_history(history: dict[str, dict], entries: list[Entry], today: str) -> dict[str, dict]:
    """The article ledger after this build: when each article was first seen, last changed
    or removed. Unchanged articles keep their record, so a rebuild changes nothing."""
    new: dict[str, dict] = {}
    current = {e.article.stem: e for e in entries}
    for stem, entry in current.items():
        old = history.get(stem)
        if old is None or old.get("removed"):
            new[stem] = {"digest": entry.article.digest, "first_seen": today, "changed": today}
        elif old.get("digest") != entry.article.digest:
            new[stem] = {**old, "digest": entry.article.digest, "changed": today}
        else:
            new[stem] = old
    for stem, old in history.items():
        if stem not in current:
            new[stem] = old if old.get("removed") else {**old, "removed": today}
    return dict(sorted(new.items()))


def _changes(history: dict[str, dict], entries: dict[str, Entry]) -> list[tuple[str, list[Change]]]:
    by_date: dict[str, list[Change]] = defaultdict(list)
    for stem, record in history.items():
        entry = entries.get(stem)
        if record.get("removed"):
            by_date[record["removed"]].append(Change(record["removed"], "removed", stem, None))
            continue
        if entry is None:
            continue
        by_date[record["first_seen"]].append(Change(record["first_seen"], "new", stem, entry))
        if record.get("changed") and record["changed"] != record["first_seen"]:
            by_date[record["changed"]].append(Change(record["changed"], "changed", stem, entry))
    return [(d, sorted(by_date[d], key=lambda c: (c.kind, c.stem))) for d in sorted(by_date, reverse=True)]
