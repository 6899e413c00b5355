"""Rendering: text from articles is shown as text, never read as Markdown, HTML or Jinja."""

import datetime as dt

import markdown
import pytest

from generator.model import DateValue
from generator.site.render import arabic_date, hijri_date, md_escape

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[اضغط](javascript:alert(1))",
    "{{ config }} و {% include 'x' %}",
    '!!! warning "عنوان"',
    "=== \"تبويب\"",
    "--8<-- \"/etc/passwd\"",
    "**غامق** و _مائل_ و `رمز`",
    "# عنوان مزيف",
    "| a | b |",
    "1. قائمة",
    ":smile: &amp; &lt;",
]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["pymdownx.escapeall", "admonition", "tables", "attr_list"])


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_renders_exactly_the_text(text: str) -> None:
    import html

    rendered = to_html(md_escape(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    inner = rendered[3:-4].replace('<bdi dir="ltr">', "").replace("</bdi>", "")
    assert html.unescape(inner) == text
    for tag in ("<script", "<img", "<a ", "<strong", "<em", "<code", "<h1", "<table", "<ol", "<div"):
        assert tag not in rendered


def test_latin_runs_inside_arabic_are_isolated() -> None:
    rendered = to_html(md_escape("قاذفة أميركية طراز B-52 بحسب The Telegraph"))
    assert '<bdi dir="ltr">B-52</bdi>' in rendered and '<bdi dir="ltr">The Telegraph</bdi>' in rendered


def test_dates_in_arabic_by_precision() -> None:
    assert arabic_date(DateValue(dt.date(2023, 10, 19), "day")) == "19 أكتوبر 2023"
    assert arabic_date(DateValue(dt.date(2024, 6, 1), "month")) == "يونيو 2024"
    assert arabic_date(DateValue(dt.date(2019, 1, 1), "year")) == "2019"
    assert arabic_date(None) == "غير معروف"


def test_hijri_only_for_day_precision() -> None:
    assert hijri_date(DateValue(dt.date(2023, 10, 19), "day")) == "4 ربيع الثاني 1445 هـ"
    assert hijri_date(DateValue(dt.date(2024, 6, 1), "month")) == ""


def test_packed_body_terms_count_every_word_key(seed_briefing, knowledge) -> None:
    from collections import Counter

    from generator.site.terms import body_terms, term_counts, word_keys

    forms = knowledge.forms
    for entry in seed_briefing.entries:
        keys = [k for p in entry.article.paragraphs for k in word_keys(p.text, forms)]
        terms = body_terms(entry.article.paragraphs, forms)
        assert term_counts(terms) == Counter(keys)
        assert terms[1] == len(keys)
    assert term_counts(body_terms([], forms)) == {}


def test_quick_hits_rank_articles_by_their_words(seed_briefing, knowledge) -> None:
    import json

    from generator.site.terms import body_terms, form_key, word_keys
    from generator.site.search_hits import HITS, bucket, hit_files

    forms = knowledge.forms
    files = hit_files(seed_briefing.entries, lambda e: body_terms(e.article.paragraphs, forms), forms)
    index = json.loads(files["assets/hits/index.json"])
    key = form_key("الذخائر", forms)
    assert key == form_key("ذخيرة", forms)  # the plural and the singular: one key
    count, hits = json.loads(files[f"assets/hits/terms-{bucket(key, index['terms'])}.json"])[key]
    assert count >= len(hits)
    assert 1 <= len(hits) <= HITS
    assert [h[2] for h in hits] == sorted((h[2] for h in hits), reverse=True)
    for b, i, _score in hits:  # every hit is an article with that word
        url, title, note = json.loads(files[f"assets/hits/docs-{b}.json"])[i]
        slug = url.split("/")[1]
        entry = next(e for e in seed_briefing.entries if e.slug == slug)
        assert any(key in word_keys(p.text, forms) for p in entry.article.paragraphs) or key in word_keys(title, forms)
        assert "—" in note


def test_quick_hits_leave_out_duplicates_and_exclusions(seed_briefing, knowledge) -> None:
    import dataclasses
    import json

    from generator.site.terms import body_terms
    from generator.site.search_hits import hit_files

    entries = list(seed_briefing.entries)
    entries[0] = dataclasses.replace(entries[0], meta=dataclasses.replace(entries[0].meta, exclude=True))
    entries[1] = dataclasses.replace(entries[1], duplicate_of=entries[2].slug)
    files = hit_files(entries, lambda e: body_terms(e.article.paragraphs, knowledge.forms), knowledge.forms)
    urls = {d[0] for name, text in files.items() if "/docs-" in name for d in json.loads(text)}
    assert f"articles/{entries[0].slug}/" not in urls and f"articles/{entries[1].slug}/" not in urls
    assert len(urls) == len(entries) - 2


def test_a_page_whose_key_is_unchanged_is_not_rendered_again(seed_briefing, knowledge) -> None:
    from pathlib import Path

    from generator.site import render
    templates = Path(__file__).resolve().parents[1] / "templates" / "pages"
    one, keys_one = render.render_site(seed_briefing, templates, knowledge, "salt")
    assert sum(path.startswith("articles/") for path in one) > len(seed_briefing.entries)  # index + articles
    again, keys_again = render.render_site(seed_briefing, templates, knowledge, "salt", keys_one)
    assert keys_again == keys_one
    assert all(again[path] is None for path in keys_one)
    assert all(again[path] == one[path] for path in again if path not in keys_one)


def test_archive_pages_hold_a_bounded_number_of_articles(seed_briefing, knowledge, monkeypatch) -> None:
    """A month of undated or year-dated articles can hold thousands: its archive is cut into
    pages of LIMITS["archive_articles"] articles (and of the dates that many articles give),
    linked in order, losing none."""
    import re
    from pathlib import Path

    from generator.site import render
    assert render.archive_pages([], str) == [[]]
    assert render.archive_pages(["a", "a", "b", "c", "c", "d"], str) == [["a", "a", "b", "c", "c", "d"]]
    monkeypatch.setitem(render.LIMITS, "archive_articles", 1)
    assert render.archive_pages(["a", "a", "b"], str) == [["a", "a"], ["b"]]
    templates = Path(__file__).resolve().parents[1] / "templates" / "pages"
    pages, _keys = render.render_site(seed_briefing, templates, knowledge)
    month = next(m for m in seed_briefing.months() if len(seed_briefing.articles_in(m)) >= 2)
    events = seed_briefing.events_in(month)
    count = max(len(seed_briefing.articles_in(month)), len({e.entry.slug for e in events}))
    paths = [render.archive_path(month, "", n) for n in range(1, count + 1)]
    assert paths[1].endswith("-p2.md") and all(p in pages for p in paths)
    assert render.archive_path(month, "", count + 1) not in pages
    listed, dates = [], 0
    for n, path in enumerate(paths, 1):
        text = pages[path]
        # an HTML page (archive_month.html.j2): links are the built site's URLs
        listed += re.findall(r'^<li><a href="\.\./\.\./articles/([^"/]*)/">', text, flags=re.M)
        dates += len(re.findall(r"^<li><strong>", text, flags=re.M))  # the month's dates, paged too
        assert f"الصفحة {n} من {count}" in text
        if n < count:
            assert f'href="../{Path(paths[n]).stem}/"' in text  # the next page
        if n > 1:
            assert f'href="../{Path(paths[n - 2]).stem}/"' in text
    assert dates == len(events)
    assert sorted(listed) == sorted(e.slug for e in seed_briefing.articles_in(month))


def render_topic(r, topic, briefing) -> str:
    """A topic's page rendered from the topic given, as render.plan_site renders it."""
    from generator.site import render

    return r.page("topic.md.j2", render.topic_path(topic.id), topic=topic, briefing=briefing,
                  topic_labels={t.id: t.label for t in briefing.topics})


def test_a_quote_many_articles_repeat_lists_a_few_and_counts_the_rest(seed_briefing, knowledge) -> None:
    """The same words quoted by 1,400 articles made one topic page 900 KB at 10,000
    articles: a quote names at most LIMITS["also_in"] other sources and counts the rest."""
    import dataclasses
    from pathlib import Path

    from generator.site import render
    topic = next(t for t in seed_briefing.topics if t.quotes)
    row = topic.quotes[0]
    shown = render.LIMITS["also_in"]
    crowded = dataclasses.replace(topic, quotes=[dataclasses.replace(row, also_in=(row.source,) * (shown + 7))])
    r = render.Renderer(Path(__file__).resolve().parents[1] / "templates" / "pages", knowledge)
    text = render_topic(r, crowded, seed_briefing)
    line = next(line for line in text.splitlines() if line.startswith("> — "))
    assert line.count(f"#p-{row.source.paragraph.n})") == 1 + shown
    assert line.endswith("؛ وعدد المقالات الأخرى التي تنقله: 7)")
    few = dataclasses.replace(topic, quotes=[dataclasses.replace(row, also_in=(row.source,) * shown)])
    text = render_topic(r, few, seed_briefing)
    line = next(line for line in text.splitlines() if line.startswith("> — "))
    assert line.count(f"#p-{row.source.paragraph.n})") == 1 + shown and "وعدد المقالات" not in line


def test_a_figure_given_many_ways_says_how_many_and_their_range(arrivals_briefing, knowledge, monkeypatch) -> None:
    """At 10,000 articles a figure group gives thousands of different numbers: listed one
    by one they made a line of 27,000 characters on the home page and 20,000 on a topic
    page. Past LIMITS["figure_values"] a page gives their count and range instead."""
    from pathlib import Path

    from generator.site import render
    r = render.Renderer(Path(__file__).resolve().parents[1] / "templates" / "pages", knowledge)
    topic = next(t for t in arrivals_briefing.topics if any(g.disputed for g in t.figures))
    group = next(g for g in topic.figures if g.disputed)
    num = r.env.filters["num"]
    listed = "، ".join(num(v) for v in group.values)
    summary = f"عدد الأرقام المختلفة: {num(len(group.values))}، من {num(group.values[0])} إلى {num(group.values[-1])}"

    def pages() -> tuple[str, str]:
        return (render_topic(r, topic, arrivals_briefing),
                r.page("home.md.j2", "index.md", briefing=arrivals_briefing))

    first = arrivals_briefing.figures[0]  # the home page's table
    home_listed = "، ".join(num(v) for v in first.values)
    home_summary = f"عدد الأرقام المختلفة: {num(len(first.values))}، من {num(first.values[0])} إلى {num(first.values[-1])}"
    topic_page, home = pages()
    assert listed in topic_page and summary not in topic_page
    assert f"| {first.label} | {home_listed}" in home and home_summary not in home
    monkeypatch.setitem(render.LIMITS, "figure_values", 1)
    topic_page, home = pages()
    assert f"تختلف الأرقام بين المصادر أو عبر الزمن ({summary})؛" in topic_page and listed not in topic_page
    assert f"| {first.label} | {home_summary}" in home and home_listed not in home


def test_a_page_not_rendered_again_is_the_page_a_full_render_makes(seed_briefing, knowledge, monkeypatch) -> None:
    """Pages whose key did not change are kept from the last build, so a key must cover
    everything its page shows. An article added to a month already cut into pages, landing
    on page 2 without adding a page, changes page 1's article count (a mkdocs serve rebuild
    at 10,000 articles left «المقالات (237)» on a month of 238)."""
    import dataclasses
    import datetime as dt
    from pathlib import Path

    from generator.site import render
    from generator.briefing.assemble import build_briefing, update_history

    monkeypatch.setitem(render.LIMITS, "archive_articles", 2)
    templates = Path(__file__).resolve().parents[1] / "templates" / "pages"
    # four articles of one month, newest first; the third arrives last
    seeds = seed_briefing.entries
    month = [dataclasses.replace(e, meta=dataclasses.replace(e.meta, published=DateValue(dt.date(2019, 2, day), "day")))
             for e, day in zip(seeds, (20, 15, 10, 5))]
    everything = month + list(seeds[4:])
    added = month[2]
    briefings = []
    for entries in ([e for e in everything if e is not added], everything):
        briefings.append(build_briefing(entries, knowledge, update_history({}, entries, "2026-11-01")))
    before, after = briefings
    assert [len(render.archive_pages(b.articles_in("2019-02"), lambda e: e.slug)) for b in briefings] == [2, 2]
    old, old_keys = render.render_site(before, templates, knowledge, "salt")
    kept, _keys = render.render_site(after, templates, knowledge, "salt", old_keys)
    full, _keys = render.render_site(after, templates, knowledge, "salt")
    unchanged = [path for path, text in kept.items() if text is None]
    assert len(unchanged) > 10  # most pages are not rendered again …
    assert [path for path in unchanged if old.get(path) != full[path]] == []  # … and each is what a full render gives
    assert render.archive_path("2019-02") not in unchanged


def test_a_date_moving_onto_a_page_that_has_its_article_already_renders_it_again(seed_briefing, knowledge,
                                                                                 monkeypatch) -> None:
    """An article's dates lie apart in its month's archive (they are in date order), so one
    new article can move a date onto the next page while that page already holds another
    date of the same article: the page's articles are the same, its dates are not (a
    `mkdocs serve` rebuild at 10,000 articles kept a page one date short)."""
    import dataclasses
    from pathlib import Path

    from generator.site import render
    from generator.briefing.assemble import build_briefing, update_history
    from generator.model import Evidence

    monkeypatch.setitem(render.LIMITS, "archive_articles", 2)
    templates = Path(__file__).resolve().parents[1] / "templates" / "pages"

    def dated(entry, *days):
        """``entry`` published in 2020, mentioning March 2019 days in its paragraphs 1, 2, …"""
        dates = tuple(DateValue(dt.date(2019, 3, day), "day", evidence=Evidence(n, f"{day} مارس 2019"))
                      for n, day in enumerate(days, 1))
        return dataclasses.replace(entry, extraction=dataclasses.replace(entry.extraction, dates=dates),
                                   meta=dataclasses.replace(entry.meta, published=DateValue(dt.date(2020, 1, 1), "day")))

    a, x, b, z = seed_briefing.entries[:4]
    # newest first: a (20), x (18), b (15), x (10); then z (25) arrives. Two articles a page:
    # [a, x] [b, x] becomes [z, a] [x, b, x]: the second page's articles are still x and b
    before = [dated(a, 20), dated(x, 18, 10), dated(b, 15)]
    after = [*before, dated(z, 25)]
    briefings = [build_briefing(entries, knowledge, update_history({}, entries, "2026-11-01"))
                 for entries in (before, after)]
    pages = [render.archive_pages(br.events_in("2019-03"), lambda e: e.entry.slug) for br in briefings]
    assert [{e.entry.slug for e in page} for page in pages[0]] == [{a.slug, x.slug}, {b.slug, x.slug}]
    assert [{e.entry.slug for e in page} for page in pages[1]] == [{z.slug, a.slug}, {x.slug, b.slug}]
    _old, old_keys = render.render_site(briefings[0], templates, knowledge, "salt")
    kept, _keys = render.render_site(briefings[1], templates, knowledge, "salt", old_keys)
    full, _keys = render.render_site(briefings[1], templates, knowledge, "salt")
    second = render.archive_path("2019-03", "", 2)
    assert kept[second] == full[second] and "18 مارس 2019" in full[second]


def test_page_urls_are_what_relpath_gives() -> None:
    """Links between built pages are worked out without posixpath.relpath (two getcwd
    calls per link, 4 % of a cold render); they are the same, odd segments included."""
    import html as html_module
    import posixpath
    import random
    from urllib.parse import quote

    from generator.site.render import _quoted_url, _url_between

    segments = ["articles", "people", "a", "كيم-جونغ-أون", "topics", "2024-06", "x.y", "a b", "..", ".", ""]
    pick = random.Random(7)
    checked = 0
    for _ in range(20_000):
        there, here = ("/".join(pick.choice(segments) for _ in range(pick.randint(0, 3))) for _ in range(2))
        if there.startswith("/") or here.startswith("/"):
            continue
        try:
            rel = posixpath.relpath(there or ".", here or ".")
        except ValueError:
            continue
        expected = html_module.escape(quote(("" if rel == "." else rel + "/") or "./"))
        assert _quoted_url(_url_between(there, here)) == expected, (there, here)
        checked += 1
    assert checked > 15_000
