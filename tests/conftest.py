"""Shared fixtures: the real seeds, a throw-away copy of the project, a built site."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.tools.bench.search import CHROMIUM, CHROMIUM_ARGS  # the browser and flags the benchmark uses too

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The engine's kept pages and search shards (generator/config.py: _cache_folder) go to a throw-away folder, not ~/.cache
# each test process its own cache of built pages (a build removes the entries it did not
# use, so two processes sharing one would take each other's away)
os.environ["BRIEFING_PAGE_CACHE"] = tempfile.mkdtemp(prefix="briefing-page-cache-")
COPIED = ("mkdocs.yml", "generator", "templates", "seeds", "site_src")


@pytest.fixture(scope="session")
def knowledge():
    from generator import knowledge as kb

    return kb.load()


@pytest.fixture(scope="session")
def seed_briefing(knowledge):
    """The briefing of the five seeds (each seen first on 2026-11-01), built in memory."""
    return briefing_of(seed_paths(), knowledge)


# Five articles as they arrive from five outlets (tests/fixtures/dev/, our own words in the
# forms of real pages): a scraper's date line, a today-banner over a stamp, vague amounts,
# a date with no year, no stamp at all.
ARRIVALS = ("d04_alarabiya_beijing", "d14_alittihad_treaty_reactions", "d05_skynews_combat",
            "d16_addustour_nis_troops", "l16_rt_kursk_confirmation")


def arrival_paths() -> list[Path]:
    return [ROOT / "tests" / "fixtures" / "dev" / f"{stem}.txt" for stem in ARRIVALS]


@pytest.fixture(scope="session")
def arrivals_briefing(knowledge):
    """The briefing of the seeds and the five arrivals, built in memory."""
    return briefing_of(seed_paths() + arrival_paths(), knowledge)


def briefing_of(paths: list[Path], knowledge):
    from generator.briefing.assemble import build_briefing, update_history
    from generator.extract import extract_article
    from generator.ingest.article import read_article
    from generator.metadata.files import load_curated, merge
    from generator.model import Entry
    from generator.ingest.slugs import assign_slugs

    slugs = assign_slugs([p.stem for p in paths])
    entries = []
    for path in paths:
        article = read_article(path, knowledge, max_bytes=2_000_000)
        extraction = extract_article(article, knowledge)
        person = load_curated(path.with_suffix(".yml"))
        entries.append(Entry(article, extraction, merge(extraction, person), slugs[path.stem]))
    return build_briefing(entries, knowledge, update_history({}, entries, "2026-11-01"))


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def seed_briefing_for_keys() -> dict[str, str]:
    """Every keyed page's key for the seeds (tests/test_incremental.py runs this in
    processes with different hash seeds)."""
    from generator import knowledge as kb
    from generator.site.render import plan_site

    knowledge = kb.load()
    briefing = briefing_of(seed_paths(), knowledge)
    return plan_site(briefing, ROOT / "templates" / "pages", knowledge, "salt").keys


def store_sql(state: Path, query: str, *args: object) -> list[tuple]:
    """A query on a project's build store (site_src/.state/build.sqlite), as a user would
    make it with `sqlite3`; committed."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(state / "build.sqlite")) as db, db:
        return db.execute(query, args).fetchall()


def site_files(project: Path) -> dict[str, bytes]:
    """Every generated file under a project's site_src/ (its records under .state/ aside)."""
    root = project / "site_src"
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".state" not in p.parts}


def build_from_scratch(project: Path, into: Path) -> Path:
    """``project``'s files copied to ``into`` and built there from scratch: no cached
    extraction, no saved state, only the history of first sightings (what the updates page
    and the feeds say changed when, which only an earlier build can know)."""
    from generator.build.store import Store
    from generator.config import Settings
    from generator.pipeline import build

    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(project, into, ignore=shutil.ignore_patterns(".state"), symlinks=True)
    with Store.opened(project / "site_src" / ".state") as old, Store.opened(into / "site_src" / ".state") as new:
        new.put("history", old.get("history"))
        new.commit()
    build(Settings.for_project(into))
    return into


def forget_last_build(state: Path) -> None:
    """Drop the record of the last one-shot build: the next one builds even if nothing changed."""
    store_sql(state, "DELETE FROM saved WHERE name = 'last build'")


def copy_project(dest: Path) -> Path:
    """A fresh copy of the project (without generated pages) to build in."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns(
                "__pycache__", ".state", "index.md", "timeline.md", "sources.md", "updates.md",
                "topics", "articles", "people", "places", "organizations", "archive"))
        else:
            shutil.copy2(source, dest / name)
    if (ROOT / "node_modules").is_dir():  # the npm packages (font, judges): shared, not copied
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def mkdocs_build(project: Path, *extra: str, strict: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built from seeds/ with `mkdocs build --strict`, once per session."""
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on a free localhost port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright. Missing browser: skip locally, fail in CI."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found (install Debian's chromium: make chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    yield page
    context.close()
