"""MkDocs hooks: regenerate site_src/ before every build, and watch seeds/ while serving.

`mkdocs serve` rebuilds when a file in seeds/ changes; the regeneration writes only
changed pages, and its own writes set off no rebuild (generator/engine/own_writes.py). Where
MkDocs' polling stays (``BRIEFING_POLLING``) they set off one, which skips the
regeneration (its inputs are as it left them), so the loop ends.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.exceptions import PluginError

from generator.config import Settings
from generator.errors import BriefingError, KnowledgeError, os_error_message
from generator.build.inputs import snapshot
from generator.engine.own_writes import Filtered, OwnWrites
from generator.pipeline import build
from generator.ingest.safefiles import link_problem_reason, links_under
from generator.build.parallel import collect_and_freeze, collector_paused, cores
from generator.engine.page_cache import CachedPage, PageCache, prebuild, prerender
from generator.engine.search_index import BackgroundIndexer, SearchIndexError, index_site

log = logging.getLogger("mkdocs.hooks.briefing")
_command = {"name": "build"}  # set by on_startup: `build`, `gh-deploy` or `serve`


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


def on_startup(command: str, dirty: bool, **_: Any) -> None:
    _command["name"] = command


def _settings(config: Any) -> Settings:
    root = Path(config.config_file_path).resolve().parent
    return Settings.for_project(root, site_src=Path(config.docs_dir).resolve(),
                                site_name=config.site_name, site_url=config.site_url)


_regenerated = {"inputs": None}  # under `mkdocs serve`: the inputs of the last regeneration
_memory: dict = {}  # under `mkdocs serve`: the last regeneration's extractions and metadata, reused by the next
_own = OwnWrites()  # under `mkdocs serve`: what the regeneration wrote, which sets off no rebuild


@_os_errors_said
def on_pre_build(config: Any, **_: Any) -> None:
    if os.environ.get("BRIEFING_NO_REGENERATE"):  # site_src/ is already up to date (benchmarks)
        return
    settings = _settings(config)
    serving = _command["name"] == "serve"
    # a one-shot build takes its own, under the build lock
    before = snapshot(settings) if serving else None
    if serving and _regenerated["inputs"] == before:
        # a rebuild set off by something else (a page a person put in site_src/; with
        # MkDocs' polling, the regeneration's own writes): nothing to regenerate
        log.info("briefing: seeds, templates and knowledge base unchanged; site_src/ is up to date")
        return
    started = time.perf_counter()
    written: list[Path] = []
    if serving:
        _own.begin()
    try:
        # serving: what this build and MkDocs' last rebuild left in cycles is collected,
        # and the rest frozen (generator/build/parallel.py); here, as MkDocs has not made this
        # rebuild's files and pages yet (they would be frozen with the rest), and within
        # the time reported below
        with collector_paused():
            report = build(settings, log=lambda m: log.debug(m), memory=_memory if serving else None, inputs=before)
            if serving:
                collect_and_freeze()
        written = [*(settings.site_src / name for name in report.site.written + report.site.removed),
                   *(settings.seeds / name for name in report.metadata_written)]
    except KnowledgeError as exc:
        raise PluginError("briefing: invalid configuration or knowledge base:\n"
                          + "\n".join(map(str, exc.problems))) from None
    except BriefingError as exc:
        raise PluginError(f"briefing: {exc}") from None
    finally:
        if serving:  # what a person changed meanwhile sets off the next rebuild
            for handler, event in _own.end(written):
                handler.dispatch(event)
    # Skipped articles are reported at INFO so `mkdocs build --strict` still publishes
    # the rest (run `python -m generator build --strict` to fail on them).
    for problem in report.skipped + report.problems:
        log.info("briefing: %s: %s", problem.level if problem in report.problems else "skipped", problem)
    log.info(
        "briefing: %d article(s), %d page(s) regenerated, %d unchanged, in %.1f s (%s)",
        report.articles, len(report.site.written), report.site.unchanged, time.perf_counter() - started,
        ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.timings.items()),
    )
    if serving:
        # taken before the build read anything, with its own writes: an input edited
        # while it ran differs, and is read again next time (generator/build/inputs.py)
        _regenerated["inputs"] = report.inputs


@_os_errors_said
def on_files(files: Any, config: Any, **_: Any) -> Any:
    """Give pages outside the nav (articles, people, archives) a cached conversion.

    MkDocs keeps a `Page` a plugin sets on a file (generator/engine/page_cache.py). Pages named in
    the nav are left to MkDocs, which gives them their nav titles. A cold `mkdocs build`
    converts the others on every core first. ``BRIEFING_NO_PAGE_CACHE``: no cache (pages
    that are HTML already are still taken as they are).
    """
    _leave_out_links(files, config)
    pages = files.documentation_pages()
    cache = None if os.environ.get("BRIEFING_NO_PAGE_CACHE") else PageCache(_settings(config).page_cache, config)
    CachedPage.cache = cache
    if cache:
        cache.forget_if_pages_removed({f.src_uri for f in pages})
    in_nav = set(_nav_paths(config.nav))
    for file in pages:
        if file.page is None and file.src_uri not in in_nav:
            CachedPage(None, file, config)
    if cache and _command["name"] != "serve":  # serve builds in a server thread: no forking there
        converted = prerender(cache, config, files)
        if converted:
            log.info("briefing: %d page(s) converted on %d cores", converted, cores())
    return files


def _leave_out_links(files: Any, config: Any) -> None:
    """Leave out of the site every file of site_src/ that is a symbolic link, or lies in a
    linked folder (MkDocs follows both and copies what they point at into the site: a link
    committed to a repository would publish the build machine's files), each said at INFO
    like a skipped article, so `mkdocs build --strict` still publishes the rest."""
    docs = Path(config.docs_dir)
    for link in links_under(docs, hidden=False):
        relative = link.relative_to(docs).as_posix()
        gone = [f for f in files if f.src_uri == relative or f.src_uri.startswith(relative + "/")]
        for file in gone:
            files.remove(file)
        log.info("briefing: skipped %s: %s", link, link_problem_reason(link))


_nav: dict[str, Any] = {}  # the build's navigation, from on_nav (on_env is not given it)


def on_nav(nav: Any, **_: Any) -> Any:
    _nav["nav"] = nav
    return nav


_built: dict[str, Any] = {}  # `mkdocs build`: its files, from on_env, released in on_post_build


@_os_errors_said
def on_env(env: Any, config: Any, files: Any, **_: Any) -> Any:
    """Build the pages outside the nav on every core (a cold or warm `mkdocs build`)."""
    if _command["name"] != "serve":
        _built["files"] = files
    if _command["name"] != "serve" and CachedPage.cache is not None:
        built, copied = prebuild(config, files, _nav.pop("nav"), env, themed=_settings(config).themed_cache)
        if built:
            log.info("briefing: %d page(s) built on %d cores (%d unchanged, copied)", built, cores(), copied)
    return env


def _nav_paths(nav: Any) -> list[str]:
    """Every page path named in the `nav:` setting."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_paths(item)]
    return []


def on_serve(server: Any, config: Any, builder: Any, **_: Any) -> Any:
    settings = _settings(config)
    for path in (settings.seeds, settings.templates, settings.knowledge):
        server.watch(str(path))
    _own.records(settings.state)
    if not os.environ.get("BRIEFING_POLLING"):
        _notified(server, _own)
    return server


def _notified(server: Any, own: OwnWrites | None = None) -> None:
    """Move the server's watches from watchdog's polling observer to the system's change
    notifications (inotify on Linux; watchdog's ``Observer`` picks the platform's own),
    each handler behind ``own``'s filter (the regeneration's own writes: see
    generator/engine/own_writes.py).

    MkDocs polls: twice a second it walks and stats every watched file, in a thread of
    the process that builds. At 10,000 articles that is 32,000 files (seeds/ and
    site_src/), which kept the interpreter busy most of the time and made each rebuild
    under `mkdocs serve` several times slower than the same build without the server
    (seen with py-spy: most samples in watchdog's DirectorySnapshot.walk). Where
    notifications do not reach (some network or container mounts) set BRIEFING_POLLING=1
    to keep MkDocs' polling. MkDocs keeps the watched paths in ``_watched_paths``; if that
    ever changes, polling stays.
    """
    import watchdog.events as ev
    import watchdog.observers

    # what changes a file; not opening or reading one (the build reads every watched file,
    # and MkDocs' handler rebuilds on any event: a loop)
    changes = [ev.FileCreatedEvent, ev.FileDeletedEvent, ev.FileModifiedEvent, ev.FileMovedEvent,
               ev.FileClosedEvent, ev.FileAttribEvent]

    class ChangesOnly(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None,
                     follow_symlink: bool = False) -> Any:
            return super().schedule(handler if own is None else Filtered(handler, own), path, recursive=recursive,
                                    event_filter=event_filter or changes, follow_symlink=follow_symlink)

    paths = dict(getattr(server, "_watched_paths", {}))
    if not paths or not hasattr(server, "observer") or server.observer.is_alive():
        return
    try:
        observer = ChangesOnly()
    except Exception as exc:  # noqa: BLE001 - no notifications here: MkDocs' polling stays
        log.debug("briefing: change notifications unavailable (%s); polling", exc)
        return
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = observer
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    log.debug("briefing: watching %d path(s) with %s", len(paths), type(observer).__name__)


def _indexed(error: Exception | None) -> None:
    if error is None:
        log.info("briefing: search index updated")
    else:
        log.error("briefing: %s", error)


_background = BackgroundIndexer(_indexed)


def release_pages(files: Any) -> None:
    """Drop every page's Markdown, converted HTML and table of contents once all pages are
    written, and give the memory back to the system before Pagefind starts. At 10,000
    articles MkDocs still holds ~500 MB of them (of the process's 690 MB) beside the two
    Pagefind processes: the build's peak. Nothing after on_post_build reads them in
    `mkdocs build`; under `mkdocs serve` every rebuild makes its pages afresh."""
    for file in files:
        page = file.page
        if page is not None:
            page.markdown = page.content = None
            page.toc = []  # as MkDocs makes a page before converting it
    _trim_heap()


def _trim_heap() -> None:
    """glibc keeps freed memory in its heap for the process to reuse (the process still
    held 690 MB with the pages freed); ``malloc_trim`` hands it back. No library wraps
    this one call, and Python has none of its own: ctypes. Not glibc: nothing to do."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # no such library, no such call, no main program (Windows)
        pass


@_os_errors_said
def on_post_build(config: Any, **_: Any) -> None:
    """Index the built site with Pagefind (its binary ships in the `pagefind` package).

    Under `mkdocs serve` this runs beside the server (shards whose pages changed: ~11 s
    after one new article at 10,000 articles), so a
    rebuilt page shows at once and its search follows; `mkdocs build` waits for it.
    """
    if _command["name"] != "serve" and "files" in _built:
        release_pages(_built.pop("files"))
    if os.environ.get("BRIEFING_NO_SEARCH_INDEX"):
        return
    cache = CachedPage.cache
    if cache is not None:
        log.debug("briefing: page cache: %d page(s) reused, %d converted", cache.hits, cache.misses)
    if _command["name"] == "serve":
        _background.request(Path(config.site_dir), _settings(config).search_cache)
        return
    try:
        shards = index_site(Path(config.site_dir), _settings(config).search_cache)
    except SearchIndexError as exc:
        raise PluginError(f"briefing: {exc}") from None
    if shards > 1:
        log.info("briefing: search index written in %d shards", shards)
