"""The MkDocs plugin ``briefing`` (mkdocs.yml: ``plugins: [briefing]``; the entry point
is in pyproject.toml): regenerate site_src/ before every build, watch seeds/ while
serving, index the built site with Pagefind.

This package is the only code that imports MkDocs. What the generator needs from a site
engine is small (docs/engine.md): a hook before the build (``on_pre_build``), the list
of pages, a hook after the site is written, and under `serve` a way to watch folders.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from generator.build.inputs import Inputs, snapshot
from generator.build.parallel import collect_and_freeze, cores
from generator.build.state import BuildState
from generator.config import Settings
from generator.engine import serving
from generator.engine.own_writes import OwnWrites
from generator.engine.pages import HtmlPage, ThemedPages, built_output, release_pages, to_build_apart
from generator.engine.search_index import BackgroundIndexer, SearchIndexError, index_site
from generator.errors import BriefingError, KnowledgeError, os_error_message
from generator.ingest.safefiles import link_problem_reason, links_under
from generator.pipeline import build

log = logging.getLogger("mkdocs.plugins.briefing")
Hook = TypeVar("Hook", bound=Callable[..., Any])


def _os_errors_said(hook: Hook) -> Hook:
    """A hook whose file operations the system refuses (disk full, permission denied,
    read-only folder, a file vanished) stops the build with one line naming the path and
    what to do (``errors.os_error_message``), not a traceback."""
    @functools.wraps(hook)
    def said(*args: Any, **kwargs: Any) -> Any:
        try:
            return hook(*args, **kwargs)
        except OSError as exc:
            raise PluginError(f"briefing: {os_error_message(exc)}") from None
    return said  # type: ignore[return-value]


class BriefingConfig(base.Config):
    regenerate = c.Type(bool, default=True)  # site_src/ from seeds/ before each build
    page_cache = c.Type(bool, default=True)  # `build`: pages outside the nav themed on every core, kept between builds
    search_index = c.Type(bool, default=True)  # Pagefind over the built site
    polling = c.Type(bool, default=False)  # `serve`: MkDocs' polling, not the system's change notifications


def _on(option: bool, off_variable: str) -> bool:
    """An option, unless the environment turns it off (benchmarks and tests set these)."""
    return option and not os.environ.get(off_variable)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.state: BuildState | None = None  # under `serve`: what the last regeneration leaves the next
        self.regenerated: Inputs | None = None  # under `serve`: the inputs of the last regeneration
        self.own = OwnWrites()  # under `serve`: the regeneration's writes, which set off no rebuild
        self.background = BackgroundIndexer(_indexed)
        self.nav: Any = None
        self.files: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # defined, so MkDocs keeps this object (and its state) across `serve`'s rebuilds
        self.command = command

    def settings(self, config: Any) -> Settings:
        root = Path(config.config_file_path).resolve().parent
        return Settings.for_project(root, site_src=Path(config.docs_dir).resolve(),
                                    site_name=config.site_name, site_url=config.site_url)

    @_os_errors_said
    def on_pre_build(self, *, config: Any) -> None:
        if _on(self.config.regenerate, "BRIEFING_NO_REGENERATE"):
            self._regenerate(self.settings(config), self.command == "serve")

    def _regenerate(self, settings: Settings, serve: bool) -> None:
        before = snapshot(settings) if serve else None  # a one-shot build takes its own, under the lock
        if serve and self.regenerated == before:
            # a rebuild set off by something else (a page a person put in site_src/; with
            # MkDocs' polling, the regeneration's own writes): nothing to regenerate
            log.info("briefing: seeds, templates and knowledge base unchanged; site_src/ is up to date")
            return
        started, written = time.perf_counter(), []
        if serve:
            self.own.begin()
        try:
            report = build(settings, log=log.debug, state=self.state, serving=serve, inputs=before)
            if serve:  # what this build and MkDocs' last rebuild left in cycles is collected, the rest frozen
                collect_and_freeze()
            written = [*(settings.site_src / name for name in report.site.written + report.site.removed),
                       *(settings.seeds / name for name in report.metadata_written)]
        except KnowledgeError as exc:
            self.state = None
            raise PluginError("briefing: invalid configuration or knowledge base:\n"
                              + "\n".join(map(str, exc.problems))) from None
        except BriefingError as exc:
            self.state = None
            raise PluginError(f"briefing: {exc}") from None
        except BaseException:
            self.state = None  # a build that failed half-way: the next starts from the store
            raise
        finally:
            if serve:  # what a person changed meanwhile sets off the next rebuild
                for handler, event in self.own.end(written):
                    handler.dispatch(event)
        _said(report, time.perf_counter() - started)
        if serve:
            # taken before the build read anything, with its own writes: an input edited
            # while it ran differs, and is read again next time (generator/build/inputs.py)
            self.state, self.regenerated = report.state, report.inputs

    @_os_errors_said
    def on_files(self, files: Any, *, config: Any) -> Any:
        """Leave out linked files; make the pages outside the nav `HtmlPage`s, which take
        the generator's HTML pages as they are instead of converting them
        (generator/engine/pages.py)."""
        _leave_out_links(files, config)
        in_nav = set(_nav_paths(config.nav))
        for file in files.documentation_pages():
            if file.page is None and file.src_uri not in in_nav:
                HtmlPage(None, file, config)
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self.nav = nav
        return nav

    @event_priority(-100)  # last: the workers see the environment every plugin has made
    @_os_errors_said
    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        """`mkdocs build`: put the pages outside the nav through the theme on every core,
        copying those that come out as last build (``ThemedPages``). Not under `serve`,
        whose builds run in a server thread, where forking is unsafe."""
        if self.command == "serve":
            return env
        self.files = files
        pages = to_build_apart(files, env) if _on(self.config.page_cache, "BRIEFING_NO_PAGE_CACHE") else []
        if pages:
            themed = ThemedPages(self.settings(config).themed_cache, config, self.nav)
            built, copied = themed.build(pages, config, files, self.nav, env)
            log.info("briefing: %d page(s) built on %d cores (%d unchanged, copied)", built, cores(), copied)
        return env

    @event_priority(-100)  # last: the worker's HTML has been through every plugin already
    @_os_errors_said
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str | None:
        return built_output(page)

    @event_priority(100)  # first: what other plugins watch goes to the observer put in place here
    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        settings = self.settings(config)
        self.own.records(settings.state)
        if _on(not self.config.polling, "BRIEFING_POLLING"):
            already = [config.docs_dir, config.config_file_path, *config.theme.dirs]  # what MkDocs may watch
            serving.notified(server, [path for path in already if path], self.own)
        # on the observer now in place; the theme's own folder too (its stylesheet, its HTML)
        for path in (settings.seeds, settings.templates, settings.knowledge, config.theme.custom_dir):
            if path:
                server.watch(str(path))
        return server

    @_os_errors_said
    def on_post_build(self, *, config: Any) -> None:
        """Index the built site with Pagefind (its binary ships in the `pagefind` package):
        beside the server under `serve` (a rebuilt page shows at once and its search
        follows), before the command ends under `build`."""
        if self.files is not None:
            release_pages(self.files)
            self.files = None
        if not _on(self.config.search_index, "BRIEFING_NO_SEARCH_INDEX"):
            return
        search_cache = self.settings(config).search_cache
        if self.command == "serve":
            self.background.request(Path(config.site_dir), search_cache)
            return
        try:
            shards = index_site(Path(config.site_dir), search_cache)
        except SearchIndexError as exc:
            raise PluginError(f"briefing: {exc}") from None
        if shards > 1:
            log.info("briefing: search index written in %d shards", shards)


def _said(report: Any, seconds: float) -> None:
    # Skipped articles are reported at INFO so `mkdocs build --strict` still publishes the
    # rest (`python -m generator build --strict` fails on them).
    for problem in report.skipped + report.problems:
        log.info("briefing: %s: %s", problem.level if problem in report.problems else "skipped", problem)
    log.info("briefing: %d article(s), %d page(s) regenerated, %d unchanged, in %.1f s (%s)",
             report.articles, len(report.site.written), report.site.unchanged, seconds,
             ", ".join(f"{stage} {s:.1f} s" for stage, s in report.timings.items()))


def _indexed(error: Exception | None) -> None:
    if error is None:
        log.info("briefing: search index updated")
    else:
        log.error("briefing: %s", error)


def _leave_out_links(files: Any, config: Any) -> None:
    """Leave out of the site every file of site_src/ that is a symbolic link, or lies in a
    linked folder (MkDocs follows both and copies what they point at into the site: a link
    committed to a repository would publish the build machine's files), each said at INFO
    like a skipped article, so `mkdocs build --strict` still publishes the rest."""
    docs = Path(config.docs_dir)
    for link in links_under(docs, hidden=False):
        relative = link.relative_to(docs).as_posix()
        for file in [f for f in files if f.src_uri == relative or f.src_uri.startswith(relative + "/")]:
            files.remove(file)
        log.info("briefing: skipped %s: %s", link, link_problem_reason(link))


def _nav_paths(nav: Any) -> list[str]:
    """Every page path named in the `nav:` setting."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_paths(item)]
    return []
