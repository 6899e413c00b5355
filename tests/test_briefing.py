"""The briefing is a reduce over runs of articles: joined from runs it is exactly the
briefing of one pass, and a long-running process that keeps the runs' parts builds
the same briefing after an article arrives as a fresh process does."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.briefing import assemble as b
from generator.model import DateValue
from generator.site.render import SiteMemo, render_site

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "pages"


@pytest.fixture(scope="module")
def many(seed_briefing):
    """Fifteen articles over six months (the seeds three times, one a flagged repeat)."""
    entries = []
    for k in range(3):
        for i, e in enumerate(sorted(seed_briefing.entries, key=lambda e: e.slug)):
            day = DateValue(dt.date(2024, 1 + (i + k) % 6, 1 + 3 * i + k), "day")
            entries.append(dataclasses.replace(e, slug=f"{e.slug}-{k}", meta=dataclasses.replace(e.meta, published=day),
                                               duplicate_of=f"{e.slug}-0" if k == 2 and i == 1 else None))
    return entries


def pages(briefing, knowledge) -> dict:
    return render_site(briefing, TEMPLATES, knowledge, "salt")[0]


def test_runs_end_at_each_month_and_at_content_defined_boundaries(many, monkeypatch) -> None:
    ordered = sorted(many, key=b._sort_key)
    monkeypatch.setattr(b, "RUN_BOUNDARY", 10**9)
    by_month = b.runs(ordered)
    assert [e for run in by_month for e in run] == ordered
    assert len(by_month) == 6 and all(len({b.month_key(e.meta.published) for e in run}) == 1 for run in by_month)
    monkeypatch.setattr(b, "RUN_BOUNDARY", 1)
    assert [len(run) for run in b.runs(ordered)] == [1] * len(ordered)


def test_a_briefing_joined_from_runs_is_the_briefing_of_one_pass(many, knowledge, monkeypatch) -> None:
    monkeypatch.setattr(b, "RUN_BOUNDARY", 10**9)
    by_month = pages(b.build_briefing(many, knowledge, b.update_history({}, many, "2026-11-01")), knowledge)
    monkeypatch.setattr(b, "RUN_BOUNDARY", 1)  # every article its own run
    one_each = pages(b.build_briefing(many, knowledge, b.update_history({}, many, "2026-11-01")), knowledge)
    assert len(by_month) > 40
    assert [p for p in by_month if by_month[p] != one_each.get(p)] == []
    assert by_month.keys() == one_each.keys()


def test_kept_parts_give_the_briefing_a_fresh_build_gives(many, knowledge, monkeypatch) -> None:
    monkeypatch.setattr(b, "RUN_BOUNDARY", 3)
    made = []
    real = b._part
    monkeypatch.setattr(b, "_part", lambda run, *rest: made.append(run) or real(run, *rest))
    memo = b.BriefingMemo()
    added = many[7]
    before = [e for e in many if e is not added]
    b.build_briefing(before, knowledge, b.update_history({}, before, "2026-11-01"), memo)
    first = len(made)
    history = b.update_history({}, many, "2026-11-01")
    kept = b.build_briefing(many, knowledge, history, memo)
    assert len(made) - first < first  # only the run the new article joined is worked out again
    assert [added in run for run in made[first:]] == [True] * (len(made) - first)
    assert pages(kept, knowledge) == pages(b.build_briefing(many, knowledge, history), knowledge)
    edited = [dataclasses.replace(e, duplicate_of=None) if e.duplicate_of else e for e in many]
    history = b.update_history({}, edited, "2026-11-01")
    assert pages(b.build_briefing(edited, knowledge, history, memo), knowledge) == \
        pages(b.build_briefing(edited, knowledge, history), knowledge)


def test_a_topic_an_article_is_not_filed_under_keeps_its_view(many, knowledge, monkeypatch) -> None:
    """The new article joins its month's run (one run per month here): the topics it is
    not filed under are given the same parts, so their views are kept, with this build's
    entity views; the others are worked out again, and all is what a fresh build gives."""
    monkeypatch.setattr(b, "RUN_BOUNDARY", 10**9)
    memo = b.BriefingMemo()
    added = next(e for e in many[5:] if 0 < len(set(e.meta.topics) & set(b.TOPIC_IDS)) < len(b.TOPIC_IDS))
    before = [e for e in many if e is not added]
    earlier = b.build_briefing(before, knowledge, b.update_history({}, before, "2026-11-01"), memo)
    history = b.update_history({}, many, "2026-11-01")
    kept = b.build_briefing(many, knowledge, history, memo)
    elsewhere = [t for t in kept.topics if added not in t.entries]
    assert elsewhere and all(t.items is earlier.topic(t.id).items for t in elsewhere)
    assert all(t.items is not earlier.topic(t.id).items for t in kept.topics if added in t.entries)
    assert all(v is kept.entities[v.key] for t in kept.topics for v, _n in t.people + t.places)
    assert pages(kept, knowledge) == pages(b.build_briefing(many, knowledge, history), knowledge)


def test_a_kept_quick_hits_index_gives_the_files_a_fresh_one_gives(many, knowledge) -> None:
    from generator.site.terms import body_terms
    from generator.site.search_hits import HitMemo, hit_files

    forms = knowledge.forms
    terms: dict = {}

    def terms_of(e):  # one tuple per article, as the extraction cache keeps them
        return terms.setdefault(e.slug, body_terms(e.article.paragraphs, forms))

    memo = HitMemo()  # the index, and the encoded files a long-running process keeps
    first = hit_files(many[:10], terms_of, forms, memo)  # the same step of average length as all 15
    index = memo.index
    assert first == hit_files(many[:10], terms_of, forms) and memo.texts.keys() == first.keys()
    grown = hit_files(many, terms_of, forms, memo)
    assert memo.index is index  # articles added to the kept index …
    assert grown == hit_files(many, terms_of, forms)  # … give what one pass gives
    assert any(grown[path] is first[path] for path in first)  # a file the same: not encoded again
    fewer = [e for e in many if e is not many[3]]
    assert hit_files(fewer, terms_of, forms, memo) == hit_files(fewer, terms_of, forms)
    assert memo.index is not index  # an article removed: made afresh
    retitled = [dataclasses.replace(e, meta=dataclasses.replace(e.meta, title="عنوان آخر")) if e is many[4] else e
                for e in fewer]
    assert hit_files(retitled, terms_of, forms, memo) == hit_files(retitled, terms_of, forms)
    memo = HitMemo()
    hit_files(many[:9], terms_of, forms, memo)  # another step of average length: made afresh
    assert hit_files(many, terms_of, forms, memo) == hit_files(many, terms_of, forms)


def test_a_curated_articles_fingerprint_is_the_same_in_every_process() -> None:
    """Page keys outlive the process: a set of curated keys must not print in hash-seed
    order (else every run re-renders the pages of articles a person curated)."""
    import subprocess
    import sys

    code = ("from pathlib import Path\nfrom generator.model import Article, Entry, Extraction, Metadata\n"
            "a = Article('s', Path('s.txt'), 'd', 't', 'headline', ())\n"
            "m = Metadata('t', 'o', None, None, ('treaty',), curated=frozenset({'title', 'outlet', 'topics', 'url'}))\n"
            "print(Entry(a, Extraction('t', 'headline'), m, 's').fingerprint)")
    root = Path(__file__).resolve().parents[1]
    prints = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                             env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": str(root)}).stdout for seed in range(6)}
    assert len(prints) == 1 and prints.pop().strip().isdigit()


def test_a_kept_index_is_only_grown_by_new_articles() -> None:
    from generator.build.additions import only_added

    kept = {"a": (1, "x"), "b": (2, "y")}
    assert only_added(kept, {"a": (1, "x"), "b": (2, "y"), "c": (3, "z")})  # one added
    assert only_added(kept, dict(kept))
    assert not only_added(kept, {"a": (1, "x"), "c": (3, "z")})  # one gone, one added
    assert not only_added(kept, {"a": (1, "x"), "b": (2, "changed")})


def test_a_statement_many_articles_repeat_is_shown_once_with_its_sources(seed_briefing, knowledge) -> None:
    """Background paragraphs are repeated word for word across articles (at 10,000 articles
    all five key points of a topic were one sentence, and its troops table one figure 25
    times): a key point or a figure is shown once, with five of the other articles that
    give it and the number of the rest."""
    from generator.briefing import analysis
    copies = 8
    entries = [dataclasses.replace(e, slug=f"{e.slug}-{k}") for e in seed_briefing.entries for k in range(copies)]
    briefing = b.build_briefing(entries, knowledge, b.update_history({}, entries, "2026-11-01"))
    shown = 0
    for topic in briefing.topics:
        texts = [text for text, _first, _also in topic.takeaways]
        assert len(texts) == len(set(texts)) == min(analysis.TAKEAWAYS, len(topic.takeaways))
        for _text, first, also in topic.takeaways:
            slugs = [first.entry.slug, *(s.entry.slug for s in also)]
            assert len(slugs) == len(set(slugs)) and len(slugs) % copies == 0
        for group in topic.figures:
            reports = analysis.figure_reports(group.rows)
            keys = [analysis._report_key(r.row) for r in reports]
            assert len(keys) == len(set(keys))
            assert all((1 + len(r.also_in)) % copies == 0 for r in reports)
            assert sum(1 + len(r.also_in) for r in reports) <= len(group.rows)
            for limit in (1, 2, 3, 25):  # the newest alone are made from the rows' tail: the same
                assert group.newest_reports(limit) == reports[-limit:]
        if topic.takeaways:
            page = pages(briefing, knowledge)[f"topics/{topic.id}.md"]
            points = page.split("أبرز النقاط")[1].split("[^1]:")[0]
            # five sources named, the other two counted
            assert points.count("وعدد المقالات الأخرى التي تنقله: 2") == len(topic.takeaways)
            shown += 1
            if topic.figures:
                table = page.split("## الأرقام")[1].split("\n## ")[0]
                rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith(("| العدد", "| ---"))]
                assert rows and len(rows) == len(set(rows))
                assert all("وعدد المقالات الأخرى التي تنقله: 2" in row for row in rows)
    assert shown >= 2
    # a date many articles give in the same words: one line on the timeline, the topic
    # pages, the home page and the month archives
    def key(e):
        return (e.date.value, e.date.precision, e.date.evidence.text if e.date.evidence else "",
                e.paragraph.text if e.paragraph else id(e))

    timeline = [e for period in briefing.timeline for _month, events in period.months for e in events]
    for events in (timeline, briefing.latest, *(t.events for t in briefing.topics)):
        assert events and len({key(e) for e in events}) == len(events)
        assert all(len(e.also) % copies == copies - 1 for e in events if e.paragraph)
    full = b.merged_events(briefing.events)
    assert len(full) < len(briefing.events)
    for limit in (1, 2, 7, 50):  # the walk that ends early gives the newest of the full merge
        assert b.merged_events(briefing.events, limit) == full[:limit]
    rendered = pages(briefing, knowledge)
    lines = [line for line in rendered["timeline.md"].splitlines() if line.startswith("- **")]
    assert lines and len(lines) == len(set(lines))
    assert all("وعدد المقالات الأخرى التي تنقله: 2" in line for line in lines if "نُشر:" not in line)
    month = max((p for p in rendered if p.startswith("archive/")), key=lambda p: rendered[p].count("»:"))
    lines = [line for line in rendered[month].splitlines() if line.startswith("<li><strong>") and "»:" in line]
    assert lines and len(lines) == len(set(lines))


def test_the_timeline_chart_counts_every_event_of_a_topic_not_the_newest_shown(seed_briefing, knowledge,
                                                                              monkeypatch) -> None:
    from generator.site import charts
    full = charts.month_counts(seed_briefing)
    monkeypatch.setitem(b.LIMITS, "events", 2)
    entries = seed_briefing.entries
    few = b.build_briefing(entries, knowledge, b.update_history({}, entries, "2026-11-01"))
    assert all(len(t.events) <= 3 for t in few.topics) and any(len(t.events) == 3 for t in few.topics)
    assert charts.month_counts(few) == full and sum(full.counts.values()) > 3 * len(few.topics)


def test_a_page_kept_by_its_key_is_the_page_a_full_render_makes(many, knowledge, monkeypatch) -> None:
    """A render keeps every page whose key is unchanged, so a kept page must be what a full
    render makes, whichever article arrives. An article's dates lie apart in its month's
    archive (they are in date order): one new article moved a date onto a page that had
    another date of the same article already, and that page was kept, one date short (seen
    at 10,000 articles under `mkdocs serve`)."""
    monkeypatch.setitem(b.LIMITS, "archive_articles", 1)  # many pages per month
    kept_pages = 0
    for added in many[:4]:
        before = [e for e in many if e is not added]
        old = b.build_briefing(before, knowledge, b.update_history({}, before, "2026-11-01"))
        new = b.build_briefing(many, knowledge, b.update_history({}, many, "2026-11-01"))
        old_pages, old_keys = render_site(old, TEMPLATES, knowledge, "salt")
        kept, _keys = render_site(new, TEMPLATES, knowledge, "salt", old_keys)
        full, _keys = render_site(new, TEMPLATES, knowledge, "salt")
        assert kept.keys() == full.keys()
        for path, text in kept.items():
            if text is None:
                kept_pages += 1
                assert old_pages[path] == full[path], (added.slug, path)
    assert kept_pages > 30


def test_a_month_the_new_article_leaves_alone_is_not_worked_out_again(many, knowledge, monkeypatch) -> None:
    """A long-running process keeps each archive month's pages and keys (the render memo):
    a month holding the very same articles, dates and topic paragraphs as last time is not
    worked out again, and every key and page is what a fresh render gives."""
    from generator.site import render
    monkeypatch.setitem(b.LIMITS, "archive_articles", 1)  # many pages per month
    worked: list[str] = []
    real = render._month_pages
    monkeypatch.setattr(render, "_month_pages", lambda briefing, month: worked.append(month) or real(briefing, month))
    briefing_memo = b.BriefingMemo()
    render_memo = SiteMemo()
    added = many[7]
    before = [e for e in many if e is not added]
    old = b.build_briefing(before, knowledge, b.update_history({}, before, "2026-11-01"), briefing_memo)
    render_site(old, TEMPLATES, knowledge, "salt", memo=render_memo)
    assert sorted(worked) == sorted(old.months())
    worked.clear()
    history = b.update_history({}, many, "2026-11-01")
    new = b.build_briefing(many, knowledge, history, briefing_memo)
    kept_pages, kept_keys = render_site(new, TEMPLATES, knowledge, "salt", memo=render_memo)
    assert b.month_key(added.meta.published) in worked
    assert 0 < len(worked) < len(new.months())
    fresh_pages, fresh_keys = render_site(b.build_briefing(many, knowledge, history), TEMPLATES, knowledge, "salt")
    assert kept_keys == fresh_keys and kept_pages == fresh_pages
    worked.clear()
    relabelled = [dataclasses.replace(t, label=t.label + "!") for t in new.topics]
    again = dataclasses.replace(new, topics=relabelled)
    render_site(again, TEMPLATES, knowledge, "salt", memo=render_memo)
    assert sorted(worked) == sorted(new.months())  # what the keys hold changed: all again
