"""Atom feeds: valid against RFC 4287's RELAX NG schema and its prose rules, readable by
a real feed parser, Arabic titles and dates right, and inert whatever the article says."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import rnc2rng
from lxml import etree

from generator.knowledge import TOPIC_IDS
from generator.site.feeds import FEED_ENTRIES, feed_path, feeds

SCHEMA_FILE = Path(__file__).parent / "schemas" / "atom.rnc"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://briefing.example.org/ru-nk/"


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    # rnc2rng declares the RFC's `namespace local = ""` as xmlns:local="", which XML
    # forbids; the grammar only uses it as <nsName ns=""/>, so the declaration can go.
    rng = rnc2rng.dumps(rnc2rng.load(str(SCHEMA_FILE))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


def check_atom(xml: str, schema: etree.RelaxNG) -> etree._Element:
    """Schema validation plus the RFC's rules that the schema leaves to prose."""
    root = etree.fromstring(xml.encode("utf-8"))
    assert schema.validate(root), schema.error_log
    entries = root.findall(f"{ATOM}entry")
    # 4.1.1: a feed has an author unless every entry has one
    assert root.find(f"{ATOM}author") is not None or all(e.find(f"{ATOM}author") is not None for e in entries)
    # 4.1.1: one self link; at most one alternate per type and hreflang
    rels = [(l.get("rel", "alternate"), l.get("type"), l.get("hreflang")) for l in root.findall(f"{ATOM}link")]
    assert len(rels) == len(set(rels)) and ("self", "application/atom+xml", None) in rels
    # 4.1.2: an entry without content has an alternate link and a summary
    for e in entries:
        if e.find(f"{ATOM}content") is None:
            assert e.find(f"{ATOM}summary") is not None
            assert any(l.get("rel", "alternate") == "alternate" for l in e.findall(f"{ATOM}link"))
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    assert all(i.startswith(SITE) for i in ids + [root.findtext(f"{ATOM}id")])  # absolute IRIs
    return root


def test_every_feed_is_valid_atom(seed_briefing, atom_schema) -> None:
    out = feeds(seed_briefing, "إيجاز روسيا وكوريا الشمالية", SITE)
    assert set(out) == {feed_path()} | {feed_path(t) for t in TOPIC_IDS}
    for path, xml in out.items():
        root = check_atom(xml, atom_schema)
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar", path


def test_feed_reader_sees_arabic_titles_dates_and_links(seed_briefing) -> None:
    xml = feeds(seed_briefing, "إيجاز روسيا وكوريا الشمالية", SITE)[feed_path()]
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "إيجاز روسيا وكوريا الشمالية — كل المقالات"
    assert len(parsed.entries) == len([e for e in seed_briefing.entries if e.duplicate_of is None])
    titles = {e.meta.title for e in seed_briefing.entries}
    for item in parsed.entries:
        assert item.title in titles
        assert item.link.startswith(SITE + "articles/") and item.link.endswith("/")
        assert item.updated_parsed[:3] == (2026, 11, 1)  # when the briefing first saw it
    lavrov = next(i for i in parsed.entries if "لافروف في بيونج يانج" in i.title)
    assert lavrov.published_parsed[:3] == (2023, 10, 19)  # the article's own date
    assert lavrov.author == "الشرق"
    assert {t.term for t in lavrov.tags} >= {"summits", "arms-transfers"}


def test_topic_feed_holds_only_that_topics_articles(seed_briefing) -> None:
    out = feeds(seed_briefing, "إيجاز", SITE)
    treaty = feedparser.parse(out[feed_path("treaty")])
    expected = {e.meta.title for e in seed_briefing.topic("treaty").entries if e.duplicate_of is None}
    assert {i.title for i in treaty.entries} == expected
    assert treaty.feed.title == "إيجاز — المعاهدة"


def test_feed_text_is_inert_and_xml_safe(seed_briefing, atom_schema) -> None:
    from dataclasses import replace

    entry = seed_briefing.entries[0]
    hostile = "<script>alert(1)</script> & \x01\x0b ]]> «عنوان»"
    meta = replace(entry.meta, title=hostile, outlet="<b>وكالة</b>")
    briefing = replace(seed_briefing, entries=[replace(entry, meta=meta)] + seed_briefing.entries[1:])
    xml = feeds(briefing, "إيجاز", SITE)[feed_path()]
    check_atom(xml, atom_schema)
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    item = next(i for i in feedparser.parse(xml).entries if "alert" in i.title)
    assert item.title == "<script>alert(1)</script> & ]]> «عنوان»"  # text, as written (controls dropped)


def test_feed_is_capped_and_newest_first(seed_briefing) -> None:
    from dataclasses import replace

    many = [replace(seed_briefing.entries[0], slug=f"a{i:03d}") for i in range(FEED_ENTRIES + 10)]
    xml = feeds(replace(seed_briefing, entries=many), "إيجاز", SITE)[feed_path()]
    parsed = feedparser.parse(xml)
    assert len(parsed.entries) == FEED_ENTRIES


def test_feeds_in_the_built_site_are_valid_and_linked(built_site: Path, atom_schema) -> None:
    from urllib.parse import urlsplit

    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home and 'href="feed.atom.xml"' in home
    topic = (built_site / "topics" / "treaty" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../feed-treaty.atom.xml"' in topic
    for name in [feed_path()] + [feed_path(t) for t in TOPIC_IDS]:
        xml = (built_site / name).read_text(encoding="utf-8")
        root = etree.fromstring(xml.encode("utf-8"))
        assert atom_schema.validate(root), (name, atom_schema.error_log)
        for link in root.iter(f"{ATOM}link"):  # every link lands on a page of this site
            path = urlsplit(link.get("href")).path.lstrip("/")
            target = built_site / path
            assert (target / "index.html").is_file() or target.is_file(), link.get("href")
