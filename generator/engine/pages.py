"""The site's pages in MkDocs, through its plugin events and public classes only.

At 10,000 articles MkDocs would spend most of a build on two things, and the plugin
(generator/engine/plugin.py) does each differently:

- **Converting.** Python-Markdown converts every page. The generator writes its article,
  entity and archive pages as block-level HTML (front matter ``markup: html``), so the
  plugin makes those pages `HtmlPage`s, whose ``render`` takes the HTML as Python-Markdown
  would leave it (``take_html``). Pages in Markdown are converted by MkDocs as usual.
- **Theming.** MkDocs puts every page through Material's template one after another, on
  one core. `ThemedPages.build` puts the pages outside the nav through the same steps
  MkDocs takes (its public ``get_context``, the theme's template, the plugin events) in
  forked workers, one per core, and keeps each page's HTML under a key that covers
  everything it depends on, so that a page that comes out the same next build is copied.
  Those pages then get the template ``briefing-prebuilt.html``, and the plugin's
  ``on_post_page`` gives MkDocs the worker's HTML in place of that template's output.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound
from markdown.extensions.toc import nest_toc_tokens
from markdown.util import BLOCK_LEVEL_ELEMENTS
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import write_file

from generator.build.parallel import cores, forked, parallel_from, trim_heap
from generator.build.write import atomic_write_bytes, unlink_quietly
from generator.config import switched_off
from generator.errors import os_error_message

FORMAT = 2  # bump when what a key covers changes
PREBUILT_TEMPLATE = "briefing-prebuilt.html"  # templates/theme/: stands for the worker's HTML
log = logging.getLogger("mkdocs.plugins.briefing")

# An HTML start tag, and the attributes MkDocs reads anchors from (any element's id, an
# <a>'s name). Page text is escaped, so "<" only ever opens a tag.
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^>]*)?>")
_ANCHOR_ATTR = re.compile(r'\s(id|name)\s*=\s*"([^"]*)"')
# A heading with a permalink, as the toc extension writes one (and an HTML page, itself)
_PERMALINKED = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]*)"[^>]*>(.*?)<a class="headerlink"', re.S)
_TAG = re.compile(r"<[^>]*>")
_HTML_LINE = re.compile(r"\s*</?(?:%s)\b.*>\s*$" % "|".join(BLOCK_LEVEL_ELEMENTS), re.I)


def is_html(page: Page) -> bool:
    """A page whose Markdown is block-level HTML only: its front matter says so
    (``markup: html``: templates/pages/*.html.j2) and every line that is not blank starts
    with a block-level tag and ends a tag. A line a person added by hand (a Markdown link,
    say) makes it a Markdown page again, converted and checked as usual."""
    return page.meta.get("markup") == "html" and all(
        _HTML_LINE.match(line) for line in (page.markdown or "").splitlines() if line.strip())


def take_html(page: Page) -> None:
    """What ``Page.render`` makes of Markdown that is block-level HTML only, without
    converting it: Python-Markdown passes such blocks through unchanged (no Markdown
    heading, so no title from the content; no Markdown link, so none to check), and
    MkDocs reads the anchors out of the raw HTML. A test holds this equal to
    ``Page.render`` on the seeds' article and archive pages. One difference: the headings
    the page gave a permalink (as the toc extension does) make its table of contents,
    nested by level as the toc extension nests them (Material's "skip to content" link
    needs it, and a month archive lists its years and months)."""
    content = page.markdown.strip()
    page.content = content
    headings = [{"level": int(level), "id": html.unescape(anchor), "name": _TAG.sub("", inner).strip()}
                for level, anchor, inner in _PERMALINKED.findall(content)]
    page.toc = get_toc(nest_toc_tokens(headings))
    page.present_anchor_ids = {html.unescape(value) for tag, attrs in _START_TAG.findall(content)
                               for name, value in _ANCHOR_ATTR.findall(attrs or "")
                               if name == "id" or tag.lower() == "a"}
    page.links_to_anchors = {}


class HtmlPage(Page):
    """A page outside the nav: taken as it is when it is HTML (``take_html``), converted
    by MkDocs otherwise."""

    def render(self, config: Any, files: Any) -> None:
        if is_html(self) and not switched_off("html-pages"):
            take_html(self)
        else:
            super().render(config, files)


def _stable_repr(value: Any) -> str:
    """``repr`` without memory addresses (the slugify setting is a functools.partial)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


def _toc(items: Any) -> list:
    return [(i.title, i.url, i.level, _toc(i.children)) for i in items]


def _nav_items(items: Any) -> list:
    """What the theme shows of the navigation: each item's kind, title, URL and, for a
    page, its metadata (Material shows a nav page's icon, subtitle and status)."""
    return [(type(i).__name__, i.title, getattr(i, "url", None), getattr(i, "meta", None),
             _nav_items(getattr(i, "children", None) or [])) for i in items]


def _theme_files(config: Any) -> list[tuple[str, str]]:
    """Name and hash of every file in the theme's folders (Material's own are covered by its version)."""
    found = []
    for root in config.theme.dirs[:1] if config.theme.custom_dir else []:
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                found.append((str(path.relative_to(root)), hashlib.sha256(path.read_bytes()).hexdigest()))
    return found


def shared_salt(config: Any, nav: Any) -> str:
    """A hash of what every page's HTML shares: every setting (not a list of those the
    templates read: a template that starts reading one more would go unnoticed),
    each plugin's settings, the theme's files and versions, and the navigation."""
    settings = {name: value for name, value in config.items() if name not in ("plugins", "theme", "nav")}
    shared = {
        "format": FORMAT, "versions": [version(p) for p in ("mkdocs", "mkdocs-material", "jinja2")],
        "settings": settings, "theme": dict(config.theme), "theme_files": _theme_files(config),
        "plugins": {name: dict(plugin.config) for name, plugin in config.plugins.items()},
        "nav": _nav_items(nav),
    }
    return hashlib.sha256(json.dumps(shared, sort_keys=True, default=_stable_repr).encode()).hexdigest()


class ThemedPages:
    """The theme's HTML of each page outside the nav, built on every core and kept in
    ``folder`` between `mkdocs build`s, one file per page named by its key: the shared
    salt, and the page's own path, URLs, title, table of contents, metadata and content."""

    def __init__(self, folder: Path, config: Any, nav: Any) -> None:
        self.folder = folder
        self.salt = shared_salt(config, nav)
        self.refused = False  # the system refused to keep one page: no more tries this build

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
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return False
        write_file(data, target)
        return True

    def keep(self, key: str, data: bytes) -> None:
        """Keep one page's HTML. A speed-up only: when the system refuses (disk full,
        read-only folder) the page is built again next time and the build goes on, said
        once at INFO (`mkdocs build --strict` stops at a warning)."""
        if self.refused:
            return
        try:
            atomic_write_bytes(self._path(key), data, durable=False)
        except OSError as exc:
            self._refused(exc)

    def _refused(self, exc: OSError) -> None:
        log.info("briefing: built pages not kept (the site is built, the next build only slower): %s",
                 os_error_message(exc))
        self.refused = True

    def keep_only(self, keys: set[str]) -> None:
        """Remove what no page of this build used (pages removed or changed), and the
        ``pages-`` folder of the same project, where the pages were kept in an older layout
        that nothing reads (it would stay forever)."""
        if self.folder.name.startswith("themed-"):
            shutil.rmtree(self.folder.with_name("pages-" + self.folder.name.removeprefix("themed-")), ignore_errors=True)
        if not self.folder.is_dir():
            return
        for sub in self.folder.iterdir():
            for path in sub.iterdir() if sub.is_dir() else []:
                if path.name not in keys:
                    unlink_quietly(path)

    def build(self, pages: list[Page], config: Any, files: Any, nav: Any, env: Any) -> tuple[int, int]:
        """Put ``pages`` through the theme on every core, as MkDocs' own build loop does
        (``get_context``, the page's template, ``on_page_context``, ``on_post_page``), and
        write each page's HTML; then point them at ``PREBUILT_TEMPLATE``. Returns how many
        pages were written and how many of those were copied, unchanged, from the folder."""
        from mkdocs.commands.build import get_context

        doc_files = files.documentation_pages()
        try:  # refused here, it is said once, not by every worker
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._refused(exc)

        def build_slice(part: int, parts: int) -> tuple[list[str], int]:
            used, copied = [], 0
            for page in pages[part::parts]:
                key = self.key(page)
                used.append(key)
                if self.copy(key, page.file.abs_dest_path):
                    copied += 1
                    continue
                page.active = True
                try:
                    context = get_context(nav, doc_files, config, page)
                    template = env.get_template(page.meta.get("template", "main.html"))
                    context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                    output = config.plugins.on_post_page(template.render(context), page=page, config=config)
                finally:
                    page.active = False
                data = output.encode("utf-8", errors="xmlcharrefreplace")
                write_file(data, page.file.abs_dest_path)
                self.keep(key, data)
            return used, copied

        done = forked(build_slice, cores())
        if len(pages) == sum(isinstance(f.page, HtmlPage) for f in doc_files):
            # every page was built, so what none used is stale (`--dirty` builds only some)
            self.keep_only({key for used, _ in done for key in used})
        for page in pages:
            page.meta["template"] = PREBUILT_TEMPLATE
        return len(pages), sum(copied for _, copied in done)


def to_build_apart(files: Any, env: Any) -> list[Page]:
    """The pages outside the nav worth building in workers: every `HtmlPage` MkDocs read
    (``mkdocs build --dirty`` leaves unread, and does not build, pages older than their
    output), when there are enough of them (``parallel_from``), two cores or more, and
    the theme has ``PREBUILT_TEMPLATE``; else none, and MkDocs builds them all itself."""
    pages = [f.page for f in files.documentation_pages() if isinstance(f.page, HtmlPage) and f.page.content is not None]
    if cores() < 2 or len(pages) < parallel_from():
        return []
    try:
        env.get_template(PREBUILT_TEMPLATE)
    except TemplateNotFound:
        log.debug("briefing: no %s in the theme's folders; MkDocs builds every page", PREBUILT_TEMPLATE)
        return []
    return pages


def built_output(page: Page) -> str | None:
    """The HTML a worker wrote for ``page`` (``ThemedPages.build``), or None when MkDocs
    builds the page itself."""
    if page.meta.get("template") != PREBUILT_TEMPLATE:
        return None
    return Path(page.file.abs_dest_path).read_text(encoding="utf-8")


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
