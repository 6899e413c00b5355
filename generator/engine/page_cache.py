"""Converted pages kept between MkDocs builds, and converted on both cores when cold.

Python-Markdown converts every page on every build (also `mkdocs serve --dirty` after
the first), and on a large site that conversion is most of the build. MkDocs has no
cache of its own, but it lets a plugin create the `Page` objects of pages outside the nav
(it only creates those still missing), so the plugin (generator/engine/plugin.py,
``on_files``) gives them `CachedPage`, whose `render` is MkDocs' own `Page.render` behind
a cache: a page whose Markdown, path and conversion settings are unchanged gets back the
HTML, table of contents, title and anchors that rendering produced last time.

Correctness rules:
- the key covers the Markdown text, the page's path, the Markdown extensions and their
  settings, the validation settings and the versions of MkDocs and Markdown;
- a page whose conversion logged a warning (say, a link to a missing page) is never
  stored, so the warning (and `--strict`) comes back on every build;
- links resolve against the other pages: if a page that existed when an entry was stored
  is gone, every entry is dropped (a link to it would otherwise go unreported);
- anchors are still validated by MkDocs on every build from the stored links.

`prerender` fills the cache for a cold `mkdocs build` with one forked worker per core,
each running the same `Page.render` (forking shares the loaded config and files; not
used under `mkdocs serve`, whose builds run in a server thread); `prebuild` likewise
puts those pages through the theme's template.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import pickle
import re
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from markdown.extensions.toc import nest_toc_tokens
from markdown.util import BLOCK_LEVEL_ELEMENTS
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.build.parallel import cores, forked, parallel_from, trim_heap
from generator.errors import os_error_message
from generator.build.write import atomic_write_bytes, unlink_quietly

FORMAT = 1  # bump when the stored entry changes shape
log = logging.getLogger("mkdocs.hooks.briefing")


class _Warnings(logging.Handler):
    """Counts warnings logged while one page renders."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _keep(path: Path, data: bytes, unkept: list[str]) -> None:
    """Write one cache file. The caches here are speed-ups: when the system refuses (disk
    full, read-only folder) the page is converted again next time and the build goes on,
    said once at INFO (`mkdocs build --strict` stops at a warning)."""
    try:
        atomic_write_bytes(path, data, durable=False)
    except OSError as exc:
        if not unkept:
            log.info("briefing: page cache not kept (the site is built, the next build only slower): %s",
                     os_error_message(exc))
        unkept.append(str(path))


def _stable_repr(value: Any) -> str:
    """``repr`` without memory addresses (the slugify setting is a functools.partial)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


class PageCache:
    """One pickle per page under ``folder``, named by the hash of everything that shapes it."""

    def __init__(self, folder: Path, config: Any) -> None:
        self.folder = folder
        settings = {
            "format": FORMAT,
            "versions": [version(p) for p in ("mkdocs", "markdown", "pymdown-extensions")],
            "extensions": [str(e) for e in config["markdown_extensions"]],
            "extension_configs": config["mdx_configs"],
            "use_directory_urls": config["use_directory_urls"],
            "validation": str(config["validation"]),
        }
        self.salt = hashlib.sha256(json.dumps(settings, sort_keys=True, default=_stable_repr).encode()).hexdigest()
        self.hits = 0
        self.misses = 0
        self.unkept: list[str] = []  # entries the system refused to write (``_keep``)

    def key(self, page: Page) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(page.file.src_uri.encode())
        digest.update(b"\0")
        digest.update((page.markdown or "").encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def load(self, page: Page, files: Any) -> bool:
        """Give ``page`` its stored rendering; False when there is none."""
        try:
            entry = pickle.loads(self._path(self.key(page)).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return False
        page.content = entry["content"]
        page.toc = entry["toc"]
        page._title_from_render = entry["title"]
        page.present_anchor_ids = entry["anchors"]
        links = {}
        for src_uri, anchors in entry["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:  # cannot happen unless pages vanished: see forget_if_pages_removed
                return False
            links[target] = anchors
        page.links_to_anchors = links or None
        self.hits += 1
        return True

    def store(self, page: Page) -> None:
        entry = {
            "content": page.content, "toc": page.toc, "title": page._title_from_render,
            "anchors": page.present_anchor_ids,
            "links": {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()},
        }
        if not self.unkept:  # the system refused one: no more tries this build
            _keep(self._path(self.key(page)), pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), self.unkept)

    def convert(self, page: Page, config: Any, files: Any) -> bool:
        """MkDocs' own conversion; the result is stored unless it logged a warning."""
        self.misses += 1
        warnings = _Warnings()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(warnings)
        try:
            Page.render(page, config, files)
        finally:
            mkdocs_log.removeHandler(warnings)
        if warnings.count:
            return False
        self.store(page)
        return True

    def render(self, page: Page, config: Any, files: Any) -> None:
        if not self.load(page, files):
            self.convert(page, config, files)

    def forget_if_pages_removed(self, src_uris: set[str]) -> None:
        """Drop every entry if a page known last build is gone (its links would resolve stale)."""
        manifest = self.folder / "pages.json"
        try:
            known = set(json.loads(manifest.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            known = set()
        if known - src_uris:
            shutil.rmtree(self.folder, ignore_errors=True)
        _keep(manifest, json.dumps(sorted(src_uris), ensure_ascii=False).encode("utf-8"), self.unkept)
        if self.unkept:  # without its manifest the entries could link to pages removed later
            shutil.rmtree(self.folder, ignore_errors=True)


# An HTML start tag, and the attributes MkDocs reads anchors from (`_HTMLHandler`: any
# element's id, an <a>'s name). Page text is escaped, so "<" only ever opens a tag.
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^>]*)?>")
_ANCHOR_ATTR = re.compile(r'\s(id|name)\s*=\s*"([^"]*)"')
# A heading with a permalink, as the toc extension writes one (and an HTML page, itself)
_PERMALINKED = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]*)"[^>]*>(.*?)<a class="headerlink"', re.S)
_TAG = re.compile(r"<[^>]*>")
_HTML_LINE = re.compile(r"\s*</?(?:%s)\b.*>\s*$" % "|".join(BLOCK_LEVEL_ELEMENTS), re.I)


def is_html(page: Page) -> bool:
    """A page whose Markdown is block-level HTML only: its front matter says so
    (``markup: html``: the generator's article pages, templates/pages/*.html.j2) and every
    line that is not blank starts with a block-level tag and ends a tag. A line a person
    added by hand (a Markdown link, say) makes it a Markdown page again, converted and
    checked as usual."""
    return page.meta.get("markup") == "html" and all(
        _HTML_LINE.match(line) for line in (page.markdown or "").splitlines() if line.strip())


def take_html(page: Page) -> None:
    """What ``Page.render`` makes of Markdown that is block-level HTML only, without
    converting it: Python-Markdown passes such blocks through unchanged (no Markdown
    heading, so no title from the content; no Markdown link, so none to check), and
    MkDocs reads the anchors out of the raw HTML. A test holds this equal to
    ``Page.render`` on the seeds' article and archive pages. One difference: the headings the page
    gave a permalink (as the toc extension does) make its table of contents, nested by
    level as the toc extension nests them (Material's "skip to content" link needs it, and
    a month archive lists its years and months). So no article page costs a conversion."""
    content = page.markdown.strip()
    page.content = content
    headings = [{"level": int(level), "id": html.unescape(anchor), "name": _TAG.sub("", inner).strip()}
                for level, anchor, inner in _PERMALINKED.findall(content)]
    page.toc = get_toc(nest_toc_tokens(headings))
    page._title_from_render = None
    page.present_anchor_ids = {html.unescape(value) for tag, attrs in _START_TAG.findall(content)
                               for name, value in _ANCHOR_ATTR.findall(attrs or "")
                               if name == "id" or tag.lower() == "a"}
    page.links_to_anchors = {}


class CachedPage(Page):
    """A page outside the nav whose conversion goes through the plugin's `PageCache` (or
    needs none: ``take_html``)."""

    cache: PageCache | None = None  # set by the plugin (``on_files``) for the build under way

    def render(self, config: Any, files: Any) -> None:
        if is_html(self):
            take_html(self)
        elif self.cache is None:
            super().render(config, files)
        else:
            self.cache.render(self, config, files)


def prerender(cache: PageCache, config: Any, files: Any, workers: int | None = None) -> int:
    """Convert the pages outside the nav into ``cache`` with a forked worker per core.

    Returns the number of pages converted. Workers only write cache entries; MkDocs then
    builds as usual and finds them. Pages with warnings are left for MkDocs to convert
    (and report) itself.
    """
    workers = workers or cores()
    todo = [f.src_uri for f in files.documentation_pages() if isinstance(f.page, CachedPage)]
    if workers < 2 or len(todo) < parallel_from():
        return 0

    def convert_slice(part: int, parts: int) -> int:
        mkdocs_log = logging.getLogger("mkdocs")
        for handler in list(mkdocs_log.handlers):  # the parent reports warnings when it renders those pages
            mkdocs_log.removeHandler(handler)
        mkdocs_log.propagate = False
        done = 0
        for src_uri in todo[part::parts]:
            page = files.get_file_from_path(src_uri).page
            page.read_source(config)
            if is_html(page):  # nothing to convert
                continue
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            if cache.load(page, files):
                continue
            try:
                done += cache.convert(page, config, files)
            except Exception:  # noqa: BLE001 - MkDocs converts it again in the parent and reports the error
                continue
        return done

    return sum(forked(convert_slice, workers))


PREBUILT_TEMPLATE = "briefing-prebuilt.html"  # templates/theme/: empty, so MkDocs keeps the worker's file
_PREBUILT: set[str] = set()  # pages of the build under way that a worker wrote


class _QuietPrebuilt(logging.Filter):
    """MkDocs notes each page whose template gave no output ("Page skipped … empty
    output"); for a page a worker built, that is expected and not worth a line per page."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in _PREBUILT)


logging.getLogger("mkdocs.commands.build").addFilter(_QuietPrebuilt())


def prebuild(config: Any, files: Any, nav: Any, env: Any, workers: int | None = None,
             themed: Path | None = None) -> tuple[int, int]:
    """Put the pages outside the nav through the theme's template on every core.

    After conversion, MkDocs builds each page (Material's main.html around the converted
    content) one after another, on one core. Here forked workers run the same
    steps as MkDocs' ``_build_page`` (context, template, page events) on a slice each and
    write the HTML file; the page's template then becomes the empty ``PREBUILT_TEMPLATE``,
    and MkDocs' own loop, given no output, leaves the file as the worker wrote it. Pages in
    the nav, and everything when fewer than ``parallel_from()`` pages, are left to MkDocs.
    With ``themed`` (a folder), a page whose output is known (``ThemedPages``) is copied
    instead.
    Returns the number of pages written here and how many of them were copied.
    """
    from mkdocs.commands.build import get_context
    from mkdocs.utils import write_file

    _PREBUILT.clear()
    workers = workers or cores()
    pages = [f.page for f in files.documentation_pages() if isinstance(f.page, CachedPage)]
    if workers < 2 or len(pages) < parallel_from():
        return 0, 0
    doc_files = files.documentation_pages()
    kept = ThemedPages(themed, config, nav) if themed else None

    def build_slice(part: int, parts: int) -> tuple[list[str], int]:
        used, copied = [], 0
        for page in pages[part::parts]:
            key = kept.key(page) if kept else None
            if key:
                used.append(key)
                if kept.copy(key, page.file.abs_dest_path):
                    copied += 1
                    continue
            config._current_page = page
            page.active = True
            try:
                context = get_context(nav, doc_files, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                output = config.plugins.on_post_page(template.render(context), page=page, config=config)
                data = output.encode("utf-8", errors="xmlcharrefreplace")
                write_file(data, page.file.abs_dest_path)
                if key:
                    kept.store(key, data)
            finally:
                page.active = False
                config._current_page = None
        return used, copied

    done = forked(build_slice, workers)
    if kept:
        kept.keep_only({key for used, _ in done for key in used})
    for page in pages:
        page.meta["template"] = PREBUILT_TEMPLATE
        _PREBUILT.add(page.file.src_uri)
    return len(pages), sum(copied for _, copied in done)


def _toc(items: Any) -> list:
    return [(i.title, i.url, i.level, _toc(i.children)) for i in items]


def _nav_items(items: Any) -> list:
    return [(type(i).__name__, i.title, getattr(i, "url", None), _nav_items(getattr(i, "children", None) or []))
            for i in items]


class ThemedPages:
    """The theme's HTML for each page outside the nav, kept between `mkdocs build`s.

    Putting every converted page through Material's template is a large part of every
    build, though nearly all come out as last time. For such a page the
    output depends on its own converted content, table of contents, title, metadata and
    URLs, and on what every page shares: the theme's files and version, the settings the
    templates read, the navigation (titles and URLs), the plugins. The key covers all of
    that, so a page whose key is known is copied from here instead.
    """

    def __init__(self, folder: Path, config: Any, nav: Any) -> None:
        self.folder = folder
        self.unkept: list[str] = []  # entries the system refused to write (``_keep``)
        theme_files = []
        for root in config.theme.dirs[:1] if config.theme.custom_dir else []:
            for path in sorted(Path(root).rglob("*")):
                if path.is_file():
                    theme_files.append((str(path.relative_to(root)), hashlib.sha256(path.read_bytes()).hexdigest()))
        shared = {
            "format": FORMAT,
            "versions": [version(p) for p in ("mkdocs", "mkdocs-material", "jinja2")],
            "theme": dict(config.theme), "theme_files": theme_files,
            "settings": {name: config[name] for name in (
                "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
                "edit_uri", "extra", "extra_css", "extra_javascript", "use_directory_urls", "docs_dir")},
            "nav": _nav_items(nav), "plugins": list(config.plugins),
        }
        self.salt = hashlib.sha256(json.dumps(shared, sort_keys=True, default=_stable_repr).encode()).hexdigest()

    def key(self, page: Page) -> str:
        digest = hashlib.blake2b(self.salt.encode(), digest_size=20)
        described = [page.file.src_uri, page.url, page.canonical_url, page.title, _toc(page.toc), page.meta]
        digest.update(json.dumps(described, sort_keys=True, default=_stable_repr).encode() + b"\0")
        digest.update((page.content or "").encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def copy(self, key: str, target: str) -> bool:
        """Write the kept HTML of ``key`` to ``target``; False when there is none."""
        from mkdocs.utils import write_file

        try:
            data = self._path(key).read_bytes()
        except OSError:
            return False
        write_file(data, target)
        return True

    def store(self, key: str, data: bytes) -> None:
        if not self.unkept:  # the system refused one: no more tries this build
            _keep(self._path(key), data, self.unkept)

    def keep_only(self, keys: set[str]) -> None:
        """Remove what no page of this build used (pages removed or changed)."""
        if not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            for path in sub.iterdir() if sub.is_dir() else []:
                if path.name not in keys:
                    unlink_quietly(path)


def release_pages(files: Any) -> None:
    """Drop every page's Markdown, converted HTML and table of contents once all pages are
    written, and give the memory back to the system before Pagefind starts. On a large
    site they are most of what the process holds, and would otherwise stay beside the
    Pagefind processes, the build's peak of memory. Nothing after on_post_build reads them in
    `mkdocs build`; under `mkdocs serve` every rebuild makes its pages afresh."""
    for file in files:
        page = file.page
        if page is not None:
            page.markdown = page.content = None
            page.toc = []  # as MkDocs makes a page before converting it
    trim_heap()
