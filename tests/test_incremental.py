"""Incremental builds equal clean builds, byte for byte, whatever happens between them.

Random sequences of what arrives and what curators do — articles added, edited,
removed, copied; metadata files corrected, excluded, touched — each followed by a
build that reuses what the last one left (from the store, as the command line does, or
kept in memory, as `mkdocs serve` does). After every step, site_src/ and seeds/ must be
exactly what a build from scratch of the same files gives (with the same history of
first sightings, which only an earlier build can know).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import knowledge as kb
from generator.config import Settings
from generator.pipeline import build
from generator.tools.bench.corpus import make_article, seed_paragraphs

from conftest import SEEDS, build_from_scratch, copy_project, store_sql

EXTRA = 4  # synthetic articles that may arrive beside the five seeds

step = st.one_of(
    st.tuples(st.just("add"), st.integers(0, EXTRA - 1)),
    st.tuples(st.sampled_from(["edit", "remove", "copy", "correct", "exclude", "touch", "retopic"]),
              st.integers(0, 50)),
)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for folder in ("site_src", "seeds") for p in (root / folder).rglob("*")
            if p.is_file() and ".state" not in p.parts}


def apply(project: Path, action: str, n: int, extra: list[str]) -> None:
    seeds = project / "seeds"
    articles = sorted(seeds.glob("*.txt"))
    if action == "add":
        (seeds / f"zz-{n}.txt").write_text(extra[n], encoding="utf-8")
        return
    if not articles:
        return
    article = articles[n % len(articles)]
    meta = article.with_suffix(".yml")
    text = meta.read_text(encoding="utf-8") if meta.exists() else ""
    if action == "edit":
        article.write_text(article.read_text(encoding="utf-8")
                           + "\n\nوقال مسؤول روسي إن موسكو سترسل 500 جندي إلى بيونغ يانغ الشهر المقبل.\n",
                           encoding="utf-8")
    elif action == "remove":
        article.unlink()
        meta.unlink(missing_ok=True)
    elif action == "copy":
        shutil.copy(article, seeds / f"copy-{article.name}")
    elif action == "correct":
        meta.write_text(f"title: عنوان صححه محرر {n}\npublished: 2024-0{n % 9 + 1}\n" + text, encoding="utf-8")
    elif action == "exclude":
        meta.write_text("exclude: true\n" + text, encoding="utf-8")
    elif action == "retopic":
        meta.write_text("topics: [treaty]\n" + text, encoding="utf-8")
    elif action == "touch" and meta.exists():
        meta.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def extra_articles() -> list[str]:
    knowledge = kb.load()
    paragraphs = seed_paragraphs(SEEDS, knowledge)
    rng = random.Random(11)
    return [make_article(i, rng, paragraphs, knowledge) for i in range(EXTRA)]


@pytest.mark.parametrize("kept", ["store", "memory"])
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=2, max_size=5))
def test_incremental_builds_equal_clean_builds(tmp_path_factory: pytest.TempPathFactory, extra_articles: list[str],
                                               kept: str, steps: list[tuple[str, int]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # one day for every build here
    root = tmp_path_factory.mktemp("incremental")
    project = copy_project(root / "project")
    settings_ = Settings.for_project(project)
    state = build(settings_, serving=kept == "memory").state
    for action, n in steps:
        apply(project, action, n, extra_articles)
        report = build(settings_, state=state if kept == "memory" else None, serving=kept == "memory")
        state = report.state
        assert files(project) == files(build_from_scratch(project, root / "clean")), (action, n)


def test_page_keys_are_the_same_in_every_process() -> None:
    """A page's key must not change with the hash seed of the process (a set's order, a
    memory address): else every one-shot build renders every page again."""
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT

    script = ("import json, sys; from conftest import seed_briefing_for_keys; "
              "print(json.dumps(seed_briefing_for_keys()))")
    keys = []
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT / "tests", capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"})
        assert done.returncode == 0, done.stderr
        keys.append(json.loads(done.stdout))
    assert keys[0] == keys[1] and len(keys[0]) > 50


def test_page_keys_hash_values_not_which_objects_are_shared(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold build makes every value afresh; the next one-shot build takes them from the
    store, where equal values may be one shared object or several. A key must hash the
    values alone (else the first build after a cold one renders hundreds of unchanged
    pages again)."""
    settings = Settings.for_project(project)
    build(settings)
    cold = dict(store_sql(settings.state, "SELECT path, key FROM pages WHERE key IS NOT NULL"))
    monkeypatch.setenv("BRIEFING_WITHOUT", "last-build")  # plan the pages again, from the loaded state
    build(settings)
    again = dict(store_sql(settings.state, "SELECT path, key FROM pages WHERE key IS NOT NULL"))
    assert len(cold) > 50
    assert {path for path in cold if again.get(path) != cold[path]} == set()


def test_a_paragraph_beside_its_entry_is_keyed_by_its_number_and_still_by_its_text(seed_briefing) -> None:
    """A topic's item, a dated event or a source gives its paragraph as the number when
    the paragraph is the entry's own (the entry's fingerprint covers its text); any other
    paragraph is hashed whole, so a changed text still changes the key."""
    from dataclasses import replace

    from generator.briefing.analysis import Source
    from generator.briefing.assemble import TimelineEvent, TopicItem
    from generator.site.keys import _REDUCERS, data_key

    entry = next(e for e in seed_briefing.entries if len(e.article.paragraphs) > 2)
    own = entry.article.paragraphs[1]
    copy = replace(own)  # equal, another object: as when loaded from the store
    assert copy is not own
    key = data_key("salt", "t", {"items": [TopicItem(entry, own)]})
    assert data_key("salt", "t", {"items": [TopicItem(entry, copy)]}) == key
    assert data_key("salt", "t", {"items": [TopicItem(entry, entry.article.paragraphs[2])]}) != key
    assert data_key("salt", "t", {"items": [Source(entry, own)]}) != key  # the class counts
    assert _REDUCERS[TopicItem](TopicItem(entry, copy))[1][1] == own.n  # the text is not hashed again
    assert _REDUCERS[TopicItem](TopicItem(entry, replace(own, line=own.line + 1)))[1][1] != own.n
    published = TimelineEvent(entry.meta.published, entry, None, "published")
    assert data_key("salt", "t", {"e": published}) == data_key("salt", "t", {"e": replace(published)})
    other = replace(own, text=own.text + " تعديل")  # not the entry's paragraph: hashed whole
    assert data_key("salt", "t", {"items": [TopicItem(entry, other)]}) not in (key, data_key(
        "salt", "t", {"items": [TopicItem(entry, replace(own, text=own.text + " آخر"))]}))
