"""The whole generator on a copy of the project: idempotent, incremental, person-safe."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.state import BuildState
from generator.build.store import Store
from generator.cli import main, parser
from generator.config import Settings
from generator.pipeline import build

from conftest import ROOT, copy_project, forget_last_build, seed_paths, store_sql

SIXTH = """\
شويغو يبحث في بيونغ يانغ تعزيز التعاون العسكري
بيونغ يانغ - (أ ف ب)
وصل أمين مجلس الأمن الروسي سيرغي شويغو إلى بيونغ يانغ في 17 حزيران 2025 في زيارة التقى خلالها الزعيم الكوري الشمالي كيم جونغ أون لبحث التعاون العسكري.
وقالت وزارة الخارجية الكورية الجنوبية إنها تشعر بقلق بالغ من نقل الأسلحة والذخائر بين البلدين، وحثت موسكو على احترام عقوبات الأمم المتحدة.
"""


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_second_build_writes_nothing(project: Path) -> None:
    settings = Settings.for_project(project)
    first = build(settings)
    assert first.articles == 5 and not first.errors
    before = {**mtimes(project / "site_src"), **mtimes(project / "seeds")}
    forget_last_build(settings.state)  # else it finds nothing changed and does nothing
    second = build(settings)
    assert not second.unchanged and second.site.written == [] and second.metadata_written == []
    after = {**mtimes(project / "site_src"), **mtimes(project / "seeds")}
    assert after.pop(".state/build.sqlite") >= before.pop(".state/build.sqlite")
    assert store_sql(settings.state, "SELECT count(*) FROM saved WHERE name = 'last build'") == [(1,)]
    assert after == before


def test_rebuild_in_a_new_process_writes_nothing(project: Path) -> None:
    """Output must not depend on the hash seed (set iteration order)."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    for seed in ("1", "2"):
        if (project / "site_src" / ".state" / "build.sqlite").exists():
            forget_last_build(project / "site_src" / ".state")  # a real build each time
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)],
                                env={**env, "PYTHONHASHSEED": seed}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert "0 page(s) written" in result.stderr, result.stderr


def test_seeds_text_files_are_never_modified(project: Path) -> None:
    before = {p.name: p.read_bytes() for p in (project / "seeds").glob("*.txt")}
    build(Settings.for_project(project))
    assert {p.name: p.read_bytes() for p in (project / "seeds").glob("*.txt")} == before


def test_a_sixth_article_appears_everywhere_it_belongs(project: Path) -> None:
    settings = Settings.for_project(project)
    build(settings)
    (project / "seeds" / "shoigu-2025.txt").write_text(SIXTH, encoding="utf-8")
    report = build(settings)
    assert report.articles == 6
    site = project / "site_src"
    title = "شويغو يبحث في بيونغ يانغ تعزيز التعاون العسكري"
    assert (site / "articles" / "shoigu-2025.md").exists()
    assert title in (site / "index.md").read_text(encoding="utf-8")
    for topic in ("summits", "arms-transfers", "reactions"):
        assert "shoigu-2025.md#p-" in (site / "topics" / f"{topic}.md").read_text(encoding="utf-8"), topic
    assert "shoigu-2025.md#p-" not in (site / "topics" / "treaty.md").read_text(encoding="utf-8")
    timeline = (site / "timeline.md").read_text(encoding="utf-8")
    assert "17 يونيو 2025" in timeline and "shoigu-2025.md" in timeline
    assert "shoigu-2025.md" in (site / "updates.md").read_text(encoding="utf-8")
    assert "فرانس برس" in (site / "articles" / "shoigu-2025.md").read_text(encoding="utf-8")
    # only pages that changed were rewritten: the other articles' pages were not
    assert not any(p.startswith("articles/000_") for p in report.site.written)


def test_incremental_build_equals_a_build_from_scratch(project: Path, tmp_path: Path) -> None:
    """Pages skipped by their render keys (articles, entities, month archives) are exactly
    what a full render would write, after an article is added and after one is edited."""
    import shutil

    settings = Settings.for_project(project)
    build(settings)
    (project / "seeds" / "shoigu-2025.txt").write_text(SIXTH, encoding="utf-8")
    added = build(settings)
    # the new article mentions Shoigu and Pyongyang: their pages change, Lanyov's does not
    assert any(p.startswith("people/") and "شويغو" in p for p in added.site.written)
    assert not any("لانكوف" in p for p in added.site.written)
    edited = project / "seeds" / "003_fce2e71726e4ec69.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("لافروف", "سيرغي لافروف", 1), encoding="utf-8")
    build(settings)
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".state"), symlinks=True)
    build(Settings.for_project(fresh))

    def pages(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): p.read_text(encoding="utf-8")
                for p in (root / "site_src").rglob("*.md")}

    assert pages(project) == pages(fresh)


def test_one_shot_builds_carry_the_search_and_duplicate_indexes_over(project: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A build from the command line extends the quick-hits index and the duplicate
    candidates the last one left in site_src/.state/ with a new article, instead of
    making them afresh, and writes what a build from scratch writes."""
    import shutil

    from generator.briefing import duplicates
    from generator.site import search_hits

    # steps of the average length so coarse that a sixth, short article leaves it on its step
    monkeypatch.setattr(search_hits, "LENGTH_STEPS", 0.25)
    settings = Settings.for_project(project)
    build(settings)
    assert store_sql(settings.state, "SELECT count(*) FROM saved WHERE name = 'carried'") == [(1,)]
    made = []
    for cls in (search_hits.HitIndex, duplicates._Candidates):
        init = cls.__init__
        monkeypatch.setattr(cls, "__init__", lambda self, *a, init=init, **k: (made.append(type(self)), init(self, *a, **k))[1])
    (project / "seeds" / "shoigu-2025.txt").write_text(SIXTH, encoding="utf-8")
    added = build(settings)
    assert made == [] and any(p.startswith("assets/hits/terms-") for p in added.site.written)
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".state"), symlinks=True)
    build(Settings.for_project(fresh))
    assert sorted(c.__name__ for c in made) == ["HitIndex", "_Candidates"]

    def files(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): p.read_text(encoding="utf-8")
                for p in (root / "site_src").rglob("*") if p.suffix in (".md", ".json") and ".state" not in p.parts}

    assert files(project) == files(fresh)
    # a value from other code (or a damaged one) is not used
    store_sql(settings.state, "UPDATE saved SET value = ? WHERE name = 'carried'", b"not a pickle")
    (project / "seeds" / "shoigu-2025.txt").unlink()
    made.clear()
    build(settings)
    assert len(made) == 2


def test_removed_article_page_disappears_but_its_metadata_stays(project: Path) -> None:
    settings = Settings.for_project(project)
    build(settings)
    (project / "seeds" / "004_6ce7f2ee4d1dc447.txt").unlink()
    report = build(settings)
    assert "articles/004_6ce7f2ee4d1dc447.md" in report.site.removed
    assert (project / "seeds" / "004_6ce7f2ee4d1dc447.yml").exists()
    assert any("metadata without an article" in p.reason for p in report.problems)


def test_files_no_longer_generated_are_removed_whatever_their_kind(project: Path, tmp_path: Path) -> None:
    """Not only keyed pages: the search's term shards (their number follows the corpus)
    and every other file the generator wrote are removed once no longer generated."""
    settings = Settings.for_project(project)
    build(settings)
    shards = set((project / "site_src" / "assets" / "hits").iterdir())
    keep = "000_36d17d9b2d82f2a5"
    for path in (project / "seeds").iterdir():
        if path.stem != keep:
            path.unlink()
    build(settings)
    fresh = copy_project(tmp_path / "fresh")
    for path in (fresh / "seeds").iterdir():
        if path.stem != keep:
            path.unlink()
    build(Settings.for_project(fresh))
    listed = lambda root: sorted(str(p.relative_to(root)) for p in (root / "site_src").rglob("*")  # noqa: E731
                                 if p.is_file() and ".state" not in p.parts)
    assert len(set((project / "site_src" / "assets" / "hits").iterdir())) < len(shards)
    assert listed(project) == listed(fresh)


def test_a_store_that_listed_only_keyed_pages_has_its_stale_shards_removed(project: Path) -> None:
    """A store an earlier version wrote lists only keyed pages: the search's shards on disk
    are taken in once, so one no longer generated goes (and nothing a person added)."""
    settings = Settings.for_project(project)
    build(settings)
    store_sql(settings.state, "DELETE FROM pages WHERE key IS NULL")  # as an earlier version left it
    stale = project / "site_src" / "assets" / "hits" / "terms-99.json"
    stale.write_text("{}\n", encoding="utf-8")
    mine = project / "site_src" / "notes.md"
    mine.write_text("a person's page\n", encoding="utf-8")
    report = build(settings)
    assert "assets/hits/terms-99.json" in report.site.removed and not stale.exists()
    assert mine.exists()


def test_the_font_an_earlier_build_copied_stays_while_its_package_is_missing(project: Path) -> None:
    settings = Settings.for_project(project)
    build(settings)
    fonts = sorted((project / "site_src" / "assets" / "fonts").rglob("*.woff2"))
    assert fonts
    (project / "node_modules").unlink()  # `npm ci` removes the packages before installing them again
    report = build(settings)
    assert all(font.exists() for font in fonts) and not report.site.removed
    assert any("the copy in site_src/ is kept" in p.reason for p in report.problems)


def test_review_lists_what_to_confirm_and_drops_what_a_person_corrected(project: Path, capsys) -> None:
    """`python -m generator review`: unknown outlets and dates, titles from a first
    sentence; a value the curator set is not asked for again. It writes nothing."""
    before = sorted(p.name for p in (project / "seeds").iterdir())
    assert main(["review", "--root", str(project)]) == 0
    said = capsys.readouterr().out
    assert "001_911ee84ec367d659.txt: outlet unknown (set `outlet:`)" in said
    assert "001_911ee84ec367d659.txt: title taken from the first sentence" in said
    assert "000_36d17d9b2d82f2a5.txt: publication date unknown (set `published:`)" in said
    assert sorted(p.name for p in (project / "seeds").iterdir()) == before
    (project / "seeds" / "001_911ee84ec367d659.yml").write_text(
        "title: بوتين يزور كوريا الشمالية\noutlet: رويترز\n", encoding="utf-8")
    assert main(["review", "--root", str(project)]) == 0
    said = capsys.readouterr().out
    assert "001_911ee84ec367d659.txt: outlet unknown" not in said
    assert "001_911ee84ec367d659.txt: title taken" not in said
    assert "001_911ee84ec367d659.txt: publication date unknown" in said  # not corrected


def test_person_corrections_win_on_the_pages(project: Path) -> None:
    meta = project / "seeds" / "002_1079a25d0afd9581.yml"
    meta.write_text("title: زيارة كيم المرتقبة لروسيا تقلق الغرب\noutlet: عربي بوست\n"
                    "published: 2023-09-05\n", encoding="utf-8")
    build(Settings.for_project(project))
    page = (project / "site_src" / "articles" / "002_1079a25d0afd9581.md").read_text(encoding="utf-8")
    assert "\">زيارة كيم المرتقبة لروسيا تقلق الغرب<a class=\"headerlink\"" in page  # the h1
    assert "عربي بوست" in page and "5 سبتمبر 2023" in page
    text = meta.read_text(encoding="utf-8")
    assert text.startswith("title: زيارة كيم المرتقبة لروسيا تقلق الغرب\noutlet: عربي بوست\n")
    assert "extracted:" in text


def test_excluded_article_is_left_out(project: Path) -> None:
    (project / "seeds" / "000_36d17d9b2d82f2a5.yml").write_text("exclude: true\n", encoding="utf-8")
    report = build(Settings.for_project(project))
    assert not (project / "site_src" / "articles" / "000_36d17d9b2d82f2a5.md").exists()
    assert report.articles == 5  # read, then excluded from the site


def test_bad_article_is_skipped_and_the_rest_builds(project: Path, capsys) -> None:
    (project / "seeds" / "broken.txt").write_bytes(b"%PDF-1.7 \x00\x01binary")
    (project / "seeds" / "notes.docx").write_bytes(b"PK\x03\x04")
    code = main(["build", "--root", str(project)])
    err = capsys.readouterr().err
    assert code == 3
    assert "broken.txt" in err and "PDF" in err and "1 article(s) skipped" in err
    assert "notes.docx: ignored" in err
    assert len(list((project / "site_src" / "articles").glob("0*.md"))) == 5


def test_every_command_has_help_with_an_example() -> None:
    top = parser()
    commands = top._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse has no API
    assert set(commands) >= {"build", "extract"}
    for name, sub in commands.items():
        assert "example:" in sub.format_help(), name


def test_extract_contract_json_writes_nothing(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "new article.txt"
    outside.parent.mkdir()
    outside.write_text(SIXTH, encoding="utf-8")
    files = [str(p) for p in seed_paths()] + [str(outside)]
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "seeds").iterdir()}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "extract", *files, "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["file"] for d in data] == files
    keys = {"file", "title", "outlet", "published", "published_precision", "topics", "people",
            "places", "organizations", "quantities", "quotes"}
    for item in data:
        assert keys <= set(item)
        assert item["published_precision"] in ("day", "month", "year", None)
    assert data[3]["published"] == "2023-10-19" and data[3]["outlet"] == "الشرق"
    assert data[-1]["title"] == "شويغو يبحث في بيونغ يانغ تعزيز التعاون العسكري"
    assert list(tmp_path.rglob("*.yml")) == []
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "seeds").iterdir()} == before


def test_invalid_knowledge_is_reported_all_at_once(tmp_path: Path) -> None:
    from generator import knowledge as kb
    from generator.errors import KnowledgeError

    folder = tmp_path / "kb"
    folder.mkdir()
    for f in kb.HERE.glob("*.yml"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "months.yml").write_text("months: {1: [يناير]}\nweekdays: {}\n", encoding="utf-8")
    (folder / "outlets.yml").write_text("sources:\n  - {name: x, kind: blog}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        kb.load(folder)
    messages = [str(p) for p in info.value.problems]
    assert any("months.yml" in m and "month 2 is missing" in m for m in messages)
    assert any("outlets.yml:2 [sources.0.kind]" in m for m in messages)


def _imported_by(script: str, *args: str) -> set[str]:
    """The generator's source files a fresh interpreter has imported after ``script``."""
    script += "; print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('generator')))"
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return {Path(f).resolve().relative_to(ROOT / "generator").as_posix() for f in done.stdout.split()}


def _closure(root: str) -> set[str]:
    from generator.build.code import PACKAGE, modules_run_by
    return {p.relative_to(PACKAGE).as_posix() for p in modules_run_by(root)}


def test_the_extraction_key_covers_every_module_an_extraction_runs() -> None:
    """The extraction cache's code fingerprint is read from the imports: every module a
    process that extracts has loaded is in it, or a changed rule would reuse stale
    extractions."""
    imported = _imported_by("import sys, generator.build.extractions, generator.extract.report")
    assert "extract/quotes.py" in imported
    assert imported <= _closure("generator.build.extractions")
    # and nothing of the briefing: a change to how articles are joined, or duplicates
    # found, extracts nothing again
    keyed = _closure("generator.build.extractions")
    assert not {f for f in keyed if f.startswith(("briefing/", "engine/", "tools/"))}
    assert not {"site/search.py", "site/render.py", "site/keys.py"} & keyed


def test_imports_for_annotations_alone_are_not_code_a_stage_runs(tmp_path: Path) -> None:
    from generator.build.code import _imports

    module = tmp_path / "m.py"
    module.write_text("from typing import TYPE_CHECKING\n\nfrom generator.model import Entry\n\n"
                      "if TYPE_CHECKING:\n    from generator.build.state import BuildState\n\n"
                      "    from generator.site import render\n\nimport generator.errors\n", encoding="utf-8")
    found = _imports(module)
    assert {"generator.model", "generator.errors"} <= found
    assert not {"generator.build.state", "generator.site", "generator.site.render"} & found


def test_page_keys_cover_every_module_a_build_runs_and_nothing_of_the_engine(project: Path) -> None:
    """Pages are keyed by the code the pipeline imports: a whole build runs nothing
    outside it (the command line aside), and neither the engine nor the tools are in it,
    so a change there re-renders nothing."""
    imported = _imported_by("import sys; from generator.cli import main; "
                            "code = main(['build', '--root', sys.argv[1], '--quiet'])", str(project))
    keyed = _closure("generator.pipeline")
    assert {"site/render.py", "briefing/assemble.py", "extract/quotes.py"} <= keyed
    assert imported - keyed <= {"cli.py", "__main__.py", "metadata/review.py"}
    assert not {f for f in keyed if f.startswith(("engine/", "tools/"))}


def test_changed_rendering_code_re_renders_without_re_extracting(project: Path) -> None:
    def run() -> list[Path]:
        done = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project), "--quiet"],
                              cwd=project, env={**os.environ, "PYTHONPATH": str(project)}, capture_output=True,
                              text=True)
        assert done.returncode in (0, 3), done.stderr
        return store_sql(project / "site_src" / ".state", "SELECT key FROM extractions ORDER BY key")

    entries = run()
    assert len(entries) == len(seed_paths())
    for changed, re_extracts in (("site/render.py", False), ("extract/quotes.py", True)):
        source = project / "generator" / changed
        source.write_text(source.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        now = run()
        assert (now != entries) is re_extracts, changed
        assert len(now) == len(seed_paths()), "what the old extraction code made is removed"
        entries = now


def test_a_long_running_process_reuses_its_extractions(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` keeps the last build's extractions and metadata in memory: the next
    build reads neither the disk cache nor the extractor for unchanged articles, holds only
    current articles, and writes what a build without memory writes."""
    from generator.build import extractions as cache
    settings = Settings.for_project(project)
    state = build(settings, serving=True).state
    assert len(state.extractions) == len(state.metadata.curated) == len(seed_paths())
    store_sql(settings.state, "DELETE FROM extractions")

    def no_extraction(job):
        raise AssertionError(f"re-extracted {job[0]}")

    monkeypatch.setattr(cache, "_extract_one", no_extraction)
    read: list[Path] = []
    read_bytes, read_text = Path.read_bytes, Path.read_text
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or read_bytes(self))
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: read.append(self) or read_text(self, *a, **k))
    opened = os.open  # articles and metadata files are read through safefiles.read_regular
    monkeypatch.setattr(os, "open", lambda path, *a, **k: read.append(Path(path)) or opened(path, *a, **k))
    assert build(settings, state=state, serving=True).site.written == []
    assert not [p for p in read if p.parent == project / "seeds"]  # untouched files are not even read
    monkeypatch.undo()
    edited = sorted((project / "seeds").glob("*.txt"))[-1]  # an article edited in place
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nفقرة أضافها محرر عن زيلينسكي.\n", encoding="utf-8")
    build(settings, state=state, serving=True)
    assert any("زيلينسكي" in p.text for e in state.extractions.values() if e.article.path == edited
               for p in e.article.paragraphs)
    removed = sorted((project / "seeds").glob("*.txt"))[0]
    removed.unlink()
    (project / "seeds" / "shoigu-2025.txt").write_text(SIXTH, encoding="utf-8")
    build(settings, state=state, serving=True)
    assert sorted(e.article.path.name for e in state.extractions.values()) == sorted(
        p.name for p in (project / "seeds").glob("*.txt"))
    # every current metadata file, the new article's as the build wrote it (not read again)
    current = {p.with_suffix(".yml") for p in (project / "seeds").glob("*.txt")}
    assert set(state.metadata.curated) == current
    written = project / "seeds" / "shoigu-2025.yml"
    assert state.metadata.curated[written][1] == written.read_text(encoding="utf-8")
    meta = sorted((project / "seeds").glob("0*.yml"))[-1]  # a person edits a metadata file
    meta.write_text("title: عنوان صححه محرر\n" + meta.read_text(encoding="utf-8"), encoding="utf-8")
    build(settings, state=state, serving=True)
    assert "عنوان صححه محرر" in (project / "site_src" / "articles" / f"{meta.stem}.md").read_text(encoding="utf-8")
    with_memory = {str(p.relative_to(project)): p.read_bytes() for p in (project / "site_src").rglob("*.md")}
    store_sql(settings.state, "DELETE FROM extractions")  # keep the history of first sightings
    store_sql(settings.state, "UPDATE pages SET key = NULL")  # render every page again
    forget_last_build(settings.state)
    build(settings)
    assert {str(p.relative_to(project)): p.read_bytes() for p in (project / "site_src").rglob("*.md")} == with_memory


def test_a_long_running_process_sees_an_edited_knowledge_base(project: Path) -> None:
    """Under `mkdocs serve` an analyst edits the knowledge base: the next regeneration in
    the same process extracts again with it (the knowledge base and its fingerprint are
    keyed by the files' contents, never kept for the life of the process)."""
    settings = Settings.for_project(project, knowledge=project / "generator" / "knowledge")  # the copy's
    state = build(settings, serving=True).state

    def names() -> set[str]:
        return {m.name for e in state.extractions.values() for m in e.extraction.entities}

    assert "سيرغي لافروف" in names()
    people = settings.knowledge / "people.yml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "{name: سيرغي لافروف,", "{name: سيرغي فيكتوروفيتش لافروف,"), encoding="utf-8")
    state = build(settings, state=state, serving=True).state
    assert "سيرغي فيكتوروفيتش لافروف" in names() and "سيرغي لافروف" not in names()
    lavrov = (project / "site_src" / "people").glob("*.md")
    assert any("سيرغي فيكتوروفيتش لافروف" in p.read_text(encoding="utf-8") for p in lavrov)


def test_parallel_extraction_keeps_what_one_process_would(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes send back each extraction pickled, which the store keeps as it is:
    the results equal a one-process extraction, and a next run reads them all."""
    import datetime as dt

    from generator.build import extractions as cache
    settings = Settings.for_project(project)
    paths = sorted((project / "seeds").glob("*.txt"))
    today = dt.date(2026, 12, 2)

    def extracted(folder: str) -> dict:
        with Store.opened(project / folder) as store:
            found = cache.extract_all(paths, settings.knowledge, settings.max_article_bytes, today,
                                      cache.ExtractionCache(store, BuildState("salt"), settings.knowledge, today))
            store.commit()
        return found

    alone = extracted("one-process")
    monkeypatch.setenv("BRIEFING_PARALLEL_FROM", "1")
    monkeypatch.setattr(cache, "cores", lambda: 2)
    assert extracted("pooled") == alone
    assert store_sql(project / "pooled", "SELECT count(*) FROM extractions") == [(len(paths),)]

    def no_extraction(job):
        raise AssertionError(f"re-extracted {job[0]}")

    monkeypatch.setattr(cache, "_extract_in_worker", no_extraction)
    monkeypatch.setattr(cache, "_extract_one", no_extraction)
    assert extracted("pooled") == alone


def test_a_one_shot_build_with_nothing_changed_does_nothing_and_says_the_same(project: Path, capsys) -> None:
    """`make build` then `make site`: the second regeneration finds the inputs the first
    recorded (generator/build/inputs.py), writes nothing, and reports the same problems (and
    so exits the same way)."""
    (project / "seeds" / "broken.txt").write_bytes(b"%PDF-1.7 \x00\x01binary")
    assert main(["build", "--root", str(project)]) == 3
    first = capsys.readouterr().err
    before = {**mtimes(project / "site_src"), **mtimes(project / "seeds")}
    assert main(["build", "--root", str(project)]) == 3
    second = capsys.readouterr().err
    assert "nothing changed since the last build (5 article(s))" in second
    summary = lambda err: [line for line in err.splitlines() if not line.startswith("briefing:")]  # noqa: E731
    assert summary(second) == summary(first) and any("broken.txt" in line for line in summary(first))
    assert {**mtimes(project / "site_src"), **mtimes(project / "seeds")} == before
    report = build(Settings.for_project(project))
    assert report.unchanged and report.articles == 5 and len(report.skipped) == 1 and report.site.written == []


@pytest.mark.parametrize("change", ["touch article", "edit metadata", "edit template", "delete page", "new day",
                                    "other settings"])
def test_any_change_to_what_a_build_reads_makes_the_next_one_build(project: Path, change: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.for_project(project)
    assert not build(settings).unchanged
    assert build(settings).unchanged
    article = seed_paths()[0].name
    page = next((project / "site_src" / "articles").glob("*/index.html"), None) or \
        next((project / "site_src" / "articles").glob("0*.md"))
    if change == "touch article":  # same bytes, a new modification time
        os.utime(project / "seeds" / article, ns=(1, 1))
    elif change == "edit metadata":
        meta = (project / "seeds" / article).with_suffix(".yml")
        meta.write_text("exclude: true\n" + meta.read_text(encoding="utf-8"), encoding="utf-8")
    elif change == "edit template":
        template = project / "templates" / "pages" / "home.md.j2"
        template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "delete page":
        page.unlink()
    elif change == "new day":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    elif change == "other settings":
        settings = Settings.for_project(project, site_name="إيجاز آخر")
    report = build(settings)
    assert not report.unchanged
    if change == "edit metadata":
        assert not (project / "site_src" / "articles" / article.replace(".txt", ".md")).exists()
    if change == "delete page":
        assert page.exists()  # made again
    assert build(settings).unchanged


def test_an_input_edited_while_a_build_runs_is_read_by_the_next(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record holds the inputs as they were before the build read them: an edit made
    meanwhile differs from it. And a build under `mkdocs serve` (its own memory) leaves no
    record a one-shot build could trust."""
    import generator.pipeline as pipeline

    settings = Settings.for_project(project)
    build(settings)
    meta = (project / "seeds" / seed_paths()[1].name).with_suffix(".yml")
    assemble = pipeline.build_briefing

    def edited_meanwhile(*args, **kwargs):
        meta.write_text("exclude: true\n" + meta.read_text(encoding="utf-8"), encoding="utf-8")
        return assemble(*args, **kwargs)

    page = project / "site_src" / "articles" / meta.with_suffix(".md").name
    (project / "seeds" / seed_paths()[0].name).touch()
    monkeypatch.setattr(pipeline, "build_briefing", edited_meanwhile)
    build(settings)
    assert page.exists()  # read before the edit
    monkeypatch.setattr(pipeline, "build_briefing", assemble)
    assert not build(settings).unchanged and not page.exists()

    assert build(settings).unchanged
    (project / "seeds" / seed_paths()[0].name).touch()
    build(settings, serving=True)
    assert store_sql(settings.state, "SELECT count(*) FROM saved WHERE name = 'last build'") == [(0,)]
    assert not build(settings).unchanged
