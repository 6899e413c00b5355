"""The engine's pages (generator/engine/pages.py): HTML pages taken as they are, and pages
built on every core and kept between builds, give the same site as plain MkDocs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import Settings

from conftest import mkdocs_build

pytestmark = pytest.mark.e2e


def _html(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.html")}


def test_parallel_and_kept_builds_equal_a_plain_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_NO_SEARCH_INDEX", "1")
    monkeypatch.setenv("BRIEFING_NO_PAGE_CACHE", "1")
    # every page the generator writes outside the nav is HTML already (article, archive and
    # entity pages): pages a person adds in Markdown are converted, then built with the rest
    notes = project / "site_src" / "notes"
    notes.mkdir()
    for n in range(3):
        (notes / f"note-{n}.md").write_text(f"# ملاحظة {n}\n\n| أ | ب |\n| --- | --- |\n| *{n}* | [الرئيسية](../index.md) |\n",
                                             encoding="utf-8")
    plain = mkdocs_build(project)
    assert plain.returncode == 0, plain.stderr
    expected = _html(project / "site")
    monkeypatch.delenv("BRIEFING_NO_PAGE_CACHE")
    monkeypatch.setenv("BRIEFING_PARALLEL_FROM", "1")  # the seeds are few: fork anyway
    cache = Settings.for_project(project).themed_cache
    earlier = cache.with_name(cache.name.replace("themed-", "pages-"))  # what earlier versions kept
    (earlier / "ab").mkdir(parents=True)
    (earlier / "ab" / "abcd").write_bytes(b"<html>")
    cold = mkdocs_build(project)
    assert cold.returncode == 0, cold.stderr
    assert "(0 unchanged, copied)" in cold.stderr
    assert _html(project / "site") == expected
    assert not earlier.exists()
    assert project.resolve() not in cache.parents  # not watched by mkdocs serve
    entries = [p for p in cache.rglob("*") if p.is_file()]
    built = re.search(r"(\d+) page\(s\) built on \d+ cores \(0 unchanged, copied\)", cold.stderr)
    assert built and len(entries) == int(built[1])  # each page built kept, nothing else
    warm = mkdocs_build(project)
    assert warm.returncode == 0, warm.stderr
    built = re.search(r"(\d+) page\(s\) built on \d+ cores \((\d+) unchanged, copied\)", warm.stderr)
    assert built and built[1] == built[2]  # and every page outside the nav from the theme's cache
    assert _html(project / "site") == expected


def test_a_change_to_the_theme_or_the_settings_builds_every_page_again(project: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_NO_SEARCH_INDEX", "1")
    monkeypatch.setenv("BRIEFING_PARALLEL_FROM", "1")
    assert mkdocs_build(project).returncode == 0
    article = next((project / "site" / "articles").glob("*/index.html"))
    with monkeypatch.context() as edit:  # one page's text: that page alone is built again
        edit.setenv("BRIEFING_NO_REGENERATE", "1")
        source = project / "site_src" / "articles" / (article.parent.name + ".md")
        source.write_text(source.read_text(encoding="utf-8") + "\nفقرة أضيفت باليد\n", encoding="utf-8")
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr
        built = re.search(r"(\d+) page\(s\) built on \d+ cores \((\d+) unchanged, copied\)", result.stderr)
        assert built and int(built[2]) == int(built[1]) - 1
        assert "فقرة أضيفت باليد" in article.read_text(encoding="utf-8")
    edits = [  # (file, text, replacement, what every page then shows)
        ("templates/theme/main.html", "{% block scripts %}", "{% block scripts %}<!-- briefing-theme-edit -->",
         "briefing-theme-edit"),
        ("mkdocs.yml", "site_name: إيجاز روسيا وكوريا الشمالية", "site_name: إيجاز تجريبي", "إيجاز تجريبي"),
        # a nav page's metadata, which Material shows in the navigation of every page
        ("templates/pages/timeline.md.j2", "title: الخط الزمني", "title: الخط الزمني\nsubtitle: briefing-nav-subtitle",
         "briefing-nav-subtitle"),
    ]
    for name, text, replacement, shown in edits:
        changed = project / name
        changed.write_text(changed.read_text(encoding="utf-8").replace(text, replacement), encoding="utf-8")
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr
        assert "(0 unchanged, copied)" in result.stderr, name
        assert shown in article.read_text(encoding="utf-8")

def test_a_dirty_build_builds_only_what_changed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs build --dirty` reads only the pages newer than their output; the others are
    neither read nor built, by MkDocs or by the workers."""
    monkeypatch.setenv("BRIEFING_NO_SEARCH_INDEX", "1")
    monkeypatch.setenv("BRIEFING_PARALLEL_FROM", "1")
    assert mkdocs_build(project).returncode == 0
    monkeypatch.setenv("BRIEFING_NO_REGENERATE", "1")
    pages = sorted((project / "site_src" / "articles").glob("*.md"))
    kept = project / "site" / "articles" / pages[1].stem / "index.html"
    before = kept.read_bytes()
    os.utime(pages[1], (1, 1))  # older than its output: not read
    os.utime(kept, (2, 2))
    pages[0].write_text(pages[0].read_text(encoding="utf-8") + "\nفقرة أضيفت باليد\n", encoding="utf-8")
    result = mkdocs_build(project, "--dirty", strict=False)  # MkDocs warns that --dirty may leave stale pages
    assert result.returncode == 0, result.stderr
    assert "1 page(s) built on" in result.stderr  # the edited page, by the workers
    assert "فقرة أضيفت باليد" in (project / "site" / "articles" / pages[0].stem / "index.html").read_text(encoding="utf-8")
    assert kept.stat().st_mtime == 2 and kept.read_bytes() == before
    full = mkdocs_build(project)
    counts = re.search(r"(\d+) page\(s\) built on \d+ cores \((\d+) unchanged, copied\)", full.stderr)
    assert counts and int(counts[2]) == int(counts[1]) - 1  # what the dirty build did not read is still kept


def test_a_broken_link_is_reported_on_every_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_NO_SEARCH_INDEX", "1")
    assert mkdocs_build(project).returncode == 0
    monkeypatch.setenv("BRIEFING_NO_REGENERATE", "1")  # keep the hand edit below
    page = next((project / "site_src" / "articles").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n[رابط](../missing.md)\n", encoding="utf-8")
    for _ in range(2):  # the second build must not take the page from the cache silently
        result = mkdocs_build(project)
        assert result.returncode != 0
        assert "missing.md" in result.stderr


def test_the_shared_key_is_stable_across_processes() -> None:
    """Every setting enters the key; the slugify setting is a functools.partial, whose
    address must not."""
    root = Path(__file__).resolve().parents[1]
    code = ("from mkdocs.config import load_config; from generator.engine.pages import shared_salt; "
            f"print(shared_salt(load_config({str(root / 'mkdocs.yml')!r}), []))")
    env = {**os.environ, "PYTHONPATH": str(root)}
    salts = {subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            check=True).stdout for _ in range(2)}
    assert len(salts) == 1


def test_an_html_page_is_taken_as_markdown_would_convert_it(project: Path) -> None:
    """Article pages are block-level HTML (``markup: html``); ``take_html`` must give what
    MkDocs' own ``Page.render`` (Python-Markdown) makes of them — content, anchors, title,
    links to check — without converting them; its table of contents holds the heading
    the page gave a permalink. Also for a duplicate and for text with markup in it."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    from generator.engine.pages import is_html, take_html
    from generator.pipeline import build

    seeds = project / "seeds"
    first = sorted(seeds.glob("*.txt"))[0]
    shutil.copy(first, seeds / "zz-copy.txt")  # shown as a duplicate
    (seeds / f"{first.stem}.yml").write_text('title: "B-52 <script>alert(1)</script> & *bold* [x](y)"\n'
                                              'url: "https://example.com/a?x=1&y=\\"<b>\\""\n', encoding="utf-8")
    build(Settings.for_project(project))
    config = load_config(str(project / "mkdocs.yml"))
    files = get_files(config)
    articles = [f for f in files.documentation_pages() if f.src_uri.startswith("articles/") and f.name != "index"]
    assert len(articles) == 6
    for file in articles:
        converted, taken = Page(None, file, config), Page(None, file, config)
        for page in (converted, taken):
            page.read_source(config)
        assert is_html(taken)
        Page.render(converted, config, files)
        take_html(taken)
        assert taken.content == converted.content, file.src_uri
        assert taken.present_anchor_ids == converted.present_anchor_ids and "p-1" in taken.present_anchor_ids
        assert (taken._title_from_render, taken.links_to_anchors) == (converted._title_from_render,
                                                                       converted.links_to_anchors)
        [heading] = taken.toc.items
        assert heading.level == 1 and heading.id in taken.present_anchor_ids
    # the month archives and entity pages too (archive_month.html.j2, archive_topic.html.j2,
    # entity.html.j2): their table of contents nested as the toc extension nests it
    archives = [f for f in files.documentation_pages() if f.name != "index"
                and f.src_uri.startswith(("archive/", "people/", "places/", "organizations/"))]
    assert len(archives) > 50

    def levels(items, parent: int) -> list:
        assert all(item.level == parent + 1 for item in items)
        return [item.level for item in items] + [n for item in items for n in levels(item.children, item.level)]
    for file in archives:
        converted, taken = Page(None, file, config), Page(None, file, config)
        for page in (converted, taken):
            page.read_source(config)
        assert is_html(taken), file.src_uri
        assert "<script>" not in taken.markdown  # the title above, escaped
        Page.render(converted, config, files)
        take_html(taken)
        assert taken.content == converted.content, file.src_uri
        assert taken.present_anchor_ids == converted.present_anchor_ids
        # Python-Markdown makes no table of contents from raw HTML: take_html's holds every
        # heading, each under the one before it of the level above (a year's months under it)
        headings = [int(n) for n in re.findall(r"<h([1-6]) ", taken.content)]
        assert sorted(levels(taken.toc.items, 0)) == sorted(headings) and headings[0] == 1 and 2 in headings
    injected = next(f for f in articles if f.name == first.stem)
    page = Page(None, injected, config)
    page.read_source(config)
    take_html(page)
    assert "<script>" not in page.content and "&lt;script&gt;" in page.content
    assert '<a href="https://example.com/a?x=1&amp;y=&#34;&lt;b&gt;&#34;">' in page.content


@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_build_lets_go_of_its_pages_before_the_search_index(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                             command: str) -> None:
    """`mkdocs build` drops every page's Markdown, HTML and table of contents once all are
    written: Pagefind's two processes run next, beside what MkDocs holds (at 10,000 articles
    the build's peak memory). `mkdocs serve` makes its pages afresh on every rebuild and is
    left alone."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    from generator.engine.plugin import BriefingPlugin
    from generator.pipeline import build

    build(Settings.for_project(project))
    config = load_config(str(project / "mkdocs.yml"))
    files = get_files(config)
    pages = [f for f in files.documentation_pages() if f.src_uri.startswith("articles/")]
    for file in pages:
        Page(None, file, config).read_source(config)
        Page.render(file.page, config, files)
        assert file.page.markdown and file.page.content
    tocs = [f.page.toc for f in pages]
    monkeypatch.setenv("BRIEFING_NO_SEARCH_INDEX", "1")
    monkeypatch.setenv("BRIEFING_NO_PAGE_CACHE", "1")  # no parallel building here
    plugin = BriefingPlugin()
    plugin.load_config({})
    plugin.on_startup(command=command, dirty=False)
    plugin.on_env(None, config=config, files=files)
    plugin.on_post_build(config=config)
    if command == "build":
        assert [(f.page.markdown, f.page.content, f.page.toc) for f in pages] == [(None, None, [])] * len(pages)
        assert plugin.files is None  # nor held by the plugin
    else:
        assert all(f.page.markdown and f.page.content for f in pages)
        assert [f.page.toc for f in pages] == tocs


def test_without_html_pages_python_markdown_converts_them(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``BRIEFING_WITHOUT=html-pages`` (what the benchmark measures the speed-up against):
    the same content from Python-Markdown, without the table of contents it cannot make."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from generator.engine.pages import HtmlPage
    from generator.pipeline import build

    build(Settings.for_project(project))
    config = load_config(str(project / "mkdocs.yml"))
    files = get_files(config)
    file = next(f for f in files.documentation_pages() if f.src_uri.startswith("articles/") and f.name != "index")
    pages = {}
    for without in ("", "html-pages"):
        monkeypatch.setenv("BRIEFING_WITHOUT", without)
        pages[without] = page = HtmlPage(None, file, config)
        page.read_source(config)
        page.render(config, files)
    assert pages[""].content == pages["html-pages"].content
    assert len(pages[""].toc.items) == 1 and not pages["html-pages"].toc.items


def test_a_cache_the_system_refuses_costs_only_speed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the built pages cannot be kept (here the cache folder's parent is a file), the
    site is built all the same and the refusal is said once, at INFO: `--strict` passes."""
    monkeypatch.setenv("BRIEFING_NO_SEARCH_INDEX", "1")
    monkeypatch.setenv("BRIEFING_PARALLEL_FROM", "1")
    blocker = project / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_PAGE_CACHE", str(blocker / "cache"))
    result = mkdocs_build(project)  # --strict
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("built pages not kept") == 1
    assert "not-a-folder" in result.stderr
    assert (project / "site" / "articles").is_dir()
