"""Atom feeds (RFC 4287) of the briefing's articles: one for all, one per topic.

Feed readers see an article when it enters the briefing (or changes), so entries are
ordered by that date (the article ledger), newest first. Built with ElementTree, which
escapes all text; characters XML 1.0 forbids are dropped first. Dates come from the
ledger and the articles, never from the clock, so a rebuild with nothing new writes the
same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import islice

from generator.briefing.assemble import Briefing
from generator.model import Entry
from generator.site.formats import excerpt

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
SUMMARY_WORDS = 60

ET.register_namespace("", ATOM)


def feed_path(topic_id: str | None = None) -> str:
    """Where a feed lives under site_src (and the site): feed.atom.xml, feed-<topic>.atom.xml.

    At the site's root: should a page ever link one with plain ``rel="alternate"``,
    Material fetches «sitemap.xml» next to it, and a feed in a folder would make that a 404."""
    return f"feed-{topic_id}.atom.xml" if topic_id else "feed.atom.xml"


def feeds(briefing: Briefing, site_name: str, site_url: str) -> dict[str, str]:
    """{site_src path: Atom XML} for the whole briefing and for each topic."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    ledger = _ledger(briefing)
    default = (briefing.build_date, briefing.build_date)

    def order(e: Entry) -> tuple:
        """Newest change first, then the article newest in time (``Entry.placed``, the
        rule of every list), then slug."""
        # the day's ordinal, not its ISO text: the same order, made for every article each build
        return (ledger.get(e.article.stem, default)[1], e.placed.value.toordinal() if e.placed else 0, e.slug)

    # every article ranked once; a topic's feed is its first FEED_ENTRIES in that order
    # (keys are unique: the slug is in them)
    ranked = sorted((e for e in briefing.entries if e.duplicate_of is None), key=order, reverse=True)
    out = {feed_path(): _feed(ranked[:FEED_ENTRIES], site_name, "كل المقالات", base, feed_path(), "", ledger,
                              briefing)}
    for topic in briefing.topics:
        members = {id(e) for e in topic.entries}
        newest = list(islice((e for e in ranked if id(e) in members), FEED_ENTRIES))
        out[feed_path(topic.id)] = _feed(newest, site_name, topic.label, base, feed_path(topic.id),
                                         f"topics/{topic.id}/", ledger, briefing)
    return out


def _ledger(briefing: Briefing) -> dict[str, tuple[str, str]]:
    """{article stem: (first seen, last changed)} as YYYY-MM-DD, from the briefing's changes."""
    seen: dict[str, str] = {}
    changed: dict[str, str] = {}
    for date, changes in briefing.changes:
        for change in changes:
            if change.kind == "new":
                seen[change.stem] = min(date, seen.get(change.stem, date))
            if change.kind in ("new", "changed"):
                changed[change.stem] = max(date, changed.get(change.stem, date))
    return {stem: (day, changed.get(stem, day)) for stem, day in seen.items()}


def _text(value: str) -> str:
    return " ".join(_XML_INVALID.sub("", str(value)).split())


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = _text(text)
    return element


def _feed(ordered: list[Entry], site_name: str, label: str, base: str, path: str, page: str,
          ledger: dict[str, tuple[str, str]], briefing: Briefing) -> str:
    """The Atom feed of ``ordered`` (its entries, newest change first)."""

    def when(entry: Entry) -> tuple[str, str]:
        return ledger.get(entry.article.stem, (briefing.build_date, briefing.build_date))

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ar"})
    _add(feed, "title", f"{site_name} — {label}")
    _add(feed, "subtitle", "مقالات جديدة أو معدّلة في الإيجاز، الأحدث أولاً")
    _add(feed, "id", base + path)
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + path)
    _add(feed, "link", rel="alternate", type="text/html", href=base + page)
    latest = max((when(e)[1] for e in ordered), default=briefing.build_date or "1970-01-01")
    _add(feed, "updated", _stamp(latest))
    author = _add(feed, "author")
    _add(author, "name", site_name)
    _add(feed, "generator", "مولّد الإيجاز")
    for entry in ordered:
        first_seen, changed = when(entry)
        item = _add(feed, "entry")
        url = f"{base}articles/{entry.slug}/"
        _add(item, "title", entry.meta.title)
        _add(item, "id", url)
        _add(item, "link", rel="alternate", type="text/html", href=url)
        published = entry.meta.published
        if published is not None and published.precision == "day":
            _add(item, "published", _stamp(published.value.isoformat()))
        _add(item, "updated", _stamp(max(changed, first_seen)))
        if entry.meta.outlet:
            _add(_add(item, "author"), "name", entry.meta.outlet)
        for topic_id in entry.meta.topics:
            topic = next((t for t in briefing.topics if t.id == topic_id), None)
            if topic is not None:
                _add(item, "category", term=topic.id, label=topic.label)
        _add(item, "summary", _summary(entry), type="text")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _summary(entry: Entry) -> str:
    """The article's text paragraphs, cut at ``SUMMARY_WORDS`` words."""
    return excerpt(" ".join(p.text for p in entry.article.paragraphs if p.kind == "text"), SUMMARY_WORDS)
