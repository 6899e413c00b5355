"""What one build leaves the next (generator/build/state.py, saved in generator/build/store.py):
used only where nothing changed, so a build with it writes exactly what a build from
scratch writes."""

from __future__ import annotations

import dataclasses
import os
import pickle
import random
import shutil
from pathlib import Path

import pytest

from generator import knowledge as kb
from generator.briefing import assemble as briefing
from generator.build.state import BuildState
from generator.build.store import Store
from generator.config import Settings
from generator.pipeline import build
from generator.tools.bench.corpus import make_article, seed_paragraphs, write_corpus

from conftest import SEEDS, build_from_scratch, forget_last_build, site_files, store_sql


def seed_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "seeds").iterdir()}


def stored_runs(settings: Settings) -> set[str]:
    return {name for (name,) in store_sql(settings.state, "SELECT name FROM runs")}


@pytest.fixture()
def grown(project: Path) -> Path:
    """The project with 120 synthetic articles beside the five seeds: a few dozen runs."""
    knowledge = kb.load()
    write_corpus(120, project / "seeds", SEEDS, knowledge, seed=3)
    return project


def counting_parts(monkeypatch: pytest.MonkeyPatch) -> list:
    worked = []
    part = briefing._part
    monkeypatch.setattr(briefing, "_part", lambda run, *rest: (worked.append(run), part(run, *rest))[1])
    return worked


def test_a_one_shot_build_works_out_only_the_runs_that_changed(grown: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.for_project(grown)
    worked = counting_parts(monkeypatch)
    build(settings)
    runs = len(worked)
    assert runs >= 10
    stored = stored_runs(settings)
    assert len(stored) == runs

    # nothing changed: nothing is worked out, nothing written
    worked.clear()
    again = build(settings)
    assert worked == [] and again.site.written == [] and again.metadata_written == []

    # one new article: its run alone (and one new file in the store)
    knowledge = kb.load()
    paragraphs = seed_paragraphs(SEEDS, knowledge)
    (grown / "seeds" / "zz-new.txt").write_text(make_article(10**6, random.Random(5), paragraphs, knowledge),
                                                encoding="utf-8")
    worked.clear()
    build(settings)
    assert len(worked) == 1 and "zz-new" in {e.article.stem for e in worked[0]}
    now = stored_runs(settings)
    assert len(now - stored) == 1 and len(stored - now) <= 1  # its run, new or in place of the one it joined
    assert site_files(grown) == site_files(build_from_scratch(grown, tmp_path / "after-new"))


def reading_metadata(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The metadata files the builds read (``load_curated`` reads each it cannot vouch for,
    through ``safefiles.read_regular``: ``os.open``)."""
    read: list[str] = []
    original = os.open

    def opened(path, flags, *args, **kwargs) -> int:
        fd = original(path, flags, *args, **kwargs)  # a new article's file is looked for, not read
        path = Path(path)
        if path.suffix == ".yml" and path.parent.name == "seeds":
            read.append(path.name)
        return fd

    monkeypatch.setattr(os, "open", opened)
    return read


def test_a_one_shot_build_reads_only_the_metadata_files_that_changed(grown: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The metadata files a build wrote are recorded as written: the next one-shot build
    reads none of them (it had read every file the first build made, build after build)."""
    settings = Settings.for_project(grown)
    first = build(settings)
    assert len(first.metadata_written) >= 120  # the synthetic articles' files are new
    read = reading_metadata(monkeypatch)
    knowledge = kb.load()
    paragraphs = seed_paragraphs(SEEDS, knowledge)
    (grown / "seeds" / "zz-new.txt").write_text(make_article(10**6, random.Random(5), paragraphs, knowledge),
                                                encoding="utf-8")
    assert build(settings).metadata_written == ["zz-new.yml"]
    assert read == []  # not even the new one: it was missing (looked for), then written
    # a file touched, not changed: read once, and its run is kept with the new signature
    touched = grown / "seeds" / "synthetic-3-00040.yml"
    touched.write_bytes(touched.read_bytes())
    (grown / "seeds" / "zz-new-2.txt").write_text(make_article(10**6 + 1, random.Random(6), paragraphs, knowledge),
                                                  encoding="utf-8")
    build(settings)
    assert read == [touched.name]
    read.clear()
    (grown / "seeds" / "zz-new-3.txt").write_text(make_article(10**6 + 2, random.Random(7), paragraphs, knowledge),
                                                  encoding="utf-8")
    build(settings)
    assert read == []
    assert site_files(grown) == site_files(build_from_scratch(grown, tmp_path / "after-touch"))


def test_edits_removals_and_a_persons_corrections_give_what_a_build_from_scratch_gives(
        grown: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.for_project(grown)
    build(settings)
    seeds = grown / "seeds"
    articles = sorted(seeds.glob("synthetic-*.txt"))
    # an article's text edited, one removed, one given a person's corrections, one copied
    # (a duplicate: the original's run and the copy's both change)
    edited = articles[3]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nوقال مسؤول روسي إن موسكو سترسل 500 جندي إضافي.\n",
                      encoding="utf-8")
    articles[7].unlink()
    articles[7].with_suffix(".yml").unlink()
    corrected = articles[11].with_suffix(".yml")
    corrected.write_text("topics: [treaty]\nexclude: false\n" + corrected.read_text(encoding="utf-8"),
                         encoding="utf-8")
    shutil.copy(articles[15], seeds / "zz-copy.txt")
    worked = counting_parts(monkeypatch)
    report = build(settings)
    assert not report.errors
    assert 0 < len(worked) <= 8
    fresh = build_from_scratch(grown, tmp_path / "after-edits")
    assert site_files(grown) == site_files(fresh)
    assert seed_files(grown) == seed_files(fresh)

    # a person excludes an article: its run changes, and the result is the same again
    excluded = articles[20].with_suffix(".yml")
    excluded.write_text("exclude: true\n" + excluded.read_text(encoding="utf-8"), encoding="utf-8")
    worked.clear()
    build(settings)
    assert len(worked) <= 2  # none when the article was alone in its run (a month of its own)
    assert site_files(grown) == site_files(build_from_scratch(grown, tmp_path / "after-exclude"))


def test_a_damaged_or_foreign_store_is_not_used(grown: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.for_project(grown)
    build(settings)
    names = sorted(stored_runs(settings))
    store_sql(settings.state, "UPDATE runs SET value = ? WHERE name = ?", b"not a pickle", names[0])
    store_sql(settings.state, "DELETE FROM runs WHERE name = ?", names[1])
    salt = pickle.loads(store_sql(settings.state, "SELECT value FROM runs WHERE name = ?", names[2])[0][0])["salt"]
    store_sql(settings.state, "UPDATE runs SET value = ? WHERE name = ?", pickle.dumps({"salt": salt, "articles": "x"}), names[2])
    # no input changed: without the record of the last build's inputs, the build runs
    forget_last_build(settings.state)
    worked = counting_parts(monkeypatch)
    build(settings)
    assert len(worked) == 3  # the three runs whose rows were lost, and only them
    now = stored_runs(settings)
    assert len(now) == len(names) and len(now - set(names)) <= 3  # the damaged rows gone
    assert all(pickle.loads(value)["part"] for (value,) in store_sql(settings.state, "SELECT value FROM runs"))

    # made by other code (another salt): none of it is used
    carried = pickle.loads(store_sql(settings.state, "SELECT value FROM saved WHERE name = 'carried'")[0][0])
    store_sql(settings.state, "UPDATE saved SET value = ? WHERE name = 'carried'", pickle.dumps(dataclasses.replace(carried, salt="other")))
    forget_last_build(settings.state)
    worked.clear()
    build(settings)
    assert len(worked) == len(names)
    assert site_files(grown) == site_files(build_from_scratch(grown, tmp_path / "fresh"))
    # in the shape an earlier version saved, with this salt: not used either, and no error
    earlier = {"salt": carried.salt, "hits": {}, "duplicates": {"similar": {}}}
    store_sql(settings.state, "UPDATE saved SET value = ? WHERE name = 'carried'", pickle.dumps(earlier))
    forget_last_build(settings.state)
    worked.clear()
    build(settings)
    assert len(worked) == len(names)

    # not a database at all: the build starts afresh, and says nothing is lost but time
    (settings.state / "build.sqlite").write_bytes(b"not a database" * 100)
    build(settings)
    assert len(stored_runs(settings)) == len(names)


def test_the_first_build_of_mkdocs_serve_starts_from_the_store(grown: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` keeps its builds' state (empty at first): its first regeneration
    takes the runs the command line left, and does not write them (it keeps them)."""
    settings = Settings.for_project(grown)
    build(settings)
    runs = store_sql(settings.state, "SELECT name, value FROM runs ORDER BY name")
    worked = counting_parts(monkeypatch)
    (grown / "seeds" / "zz-copy.txt").write_bytes(next((grown / "seeds").glob("synthetic-*.txt")).read_bytes())
    state = build(settings, serving=True).state
    assert isinstance(state, BuildState) and 1 <= len(worked) <= 2 and state.briefing.parts
    assert store_sql(settings.state, "SELECT name, value FROM runs ORDER BY name") == runs
    worked.clear()
    build(settings, state=state, serving=True)
    assert worked == []


def test_a_pickled_extraction_keeps_its_mentions_packed_until_asked(knowledge) -> None:
    """The entity mentions, a third of an article's objects, are unpickled when first
    used; the extraction is equal to the one pickled, before and after."""
    import copy
    import dataclasses

    from generator.extract import extract_article
    from generator.ingest.article import read_article
    from generator.model import Entry, Metadata

    path = sorted(SEEDS.glob("*.txt"))[0]
    extraction = extract_article(read_article(path, knowledge, max_bytes=2_000_000), knowledge)
    assert extraction.entities
    again = pickle.loads(pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))
    assert "entities" not in again.__dict__
    assert again.title == extraction.title and "entities" not in again.__dict__
    assert again.entities == extraction.entities and "entities" in again.__dict__
    assert again == extraction and copy.copy(again) == extraction
    assert dataclasses.replace(again, title="x").entities == extraction.entities
    twice = pickle.loads(pickle.dumps(again))
    assert twice == extraction
    with pytest.raises(AttributeError):
        again.no_such_field
    # an entry leaves out what it worked out from the mentions, and works it out again
    article = read_article(path, knowledge, max_bytes=2_000_000)
    entry = Entry(article, extraction, Metadata("t", None, None, None, ()), "a")
    by_paragraph = entry.mentions_by_paragraph
    kept = pickle.loads(pickle.dumps(entry))
    assert "mentions_by_paragraph" not in kept.__dict__ and "entities" not in kept.extraction.__dict__
    assert kept.mentions_by_paragraph == by_paragraph


def test_a_project_built_before_the_store_keeps_its_history_and_loses_its_stale_pages(project: Path) -> None:
    """site_src/.state/ as the generator left it before build.sqlite: its history of first
    sightings is taken into the store, a page its manifest listed that is no longer made is
    removed (a person's page is not), and the old caches go."""
    import json

    settings = Settings.for_project(project)
    build(settings)
    with Store.opened(settings.state) as store:
        history = store.get("history")
    assert history
    # first seen long before this build: only the old ledger can say so
    history = {stem: {**record, "first_seen": "2024-01-02", "changed": "2024-01-02"} for stem, record in history.items()}
    (settings.state / "build.sqlite").unlink()
    state = settings.state
    (state / "history.json").write_text(json.dumps(history, ensure_ascii=False), encoding="utf-8")
    stale, mine = settings.site_src / "articles" / "removed-long-ago.md", settings.site_src / "mine.md"
    stale.write_text("# صفحة قديمة\n", encoding="utf-8")
    mine.write_text("# صفحة شخص\n", encoding="utf-8")
    (state / "manifest.json").write_text(json.dumps(["index.md", "articles/removed-long-ago.md"]), encoding="utf-8")
    for folder in ("cache/ab", "runs", "templates"):
        (state / folder).mkdir(parents=True)
    (state / "cache" / "ab" / "x.pickle").write_bytes(b"old")
    (state / "carried.pickle").write_bytes(b"old")
    report = build(settings)
    assert "articles/removed-long-ago.md" in report.site.removed and not stale.exists() and mine.exists()
    with Store.opened(settings.state) as store:
        assert store.get("history") == history
    assert sorted(p.name for p in state.iterdir()) == ["build.lock", "build.sqlite"]
