"""Run Pagefind over the built site: a chunked index that the reader's browser loads a
few kilobytes at a time, served from site/pagefind/ (no other host).

Pagefind holds every page's words in memory while indexing (``PAGEFIND_MB`` per 1,000
article pages with their search keys) and uses little more than one core, so a large site
is indexed in shards of at most ``SHARD_PAGES`` pages, one Pagefind run per core at a time
as far as memory allows (``MEMORY_MB``): site/pagefind/ holds
the first and site/pagefind-1/, … the others, listed in site/pagefind/briefing-shards.json;
search.js merges them in the browser (Pagefind's `mergeIndex`). Each run sees a folder of
hard links to its pages, so the URLs it records are the site's own.

Pagefind has no incremental mode, so each shard's output is kept in ``cache`` under the
hash of its pages' bytes and used again while they are unchanged. The shards are cut so
that a new article changes few of them: the first holds the pages that many articles feed
(people, places, organizations, topics); each article page goes to the shard its folder
name's CRC-32 picks, so it stays in the same shard whatever else arrives. A new article
re-indexes the first shard and its own, not the whole site.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from generator.build.parallel import cores
from generator.config import env_number

# Only these folders hold indexed pages (the others say `pagefind: false`); not letting
# Pagefind parse the month archives spares it a large share of its work.
INDEXED = ("articles", "people", "places", "organizations", "topics")
ARTICLES = "articles"  # one page per article, in articles/<slug>/: spread over the shards
SHARD_PAGES = env_number("BRIEFING_SEARCH_SHARD_PAGES", 3000)  # at most: bounds Pagefind's memory per run
# Pagefind's memory per 1,000 article pages with their search keys (metadata: a word of
# metadata costs it more than a word of text). Shards are indexed as many at a time as
# fit in MEMORY_MB (and cores), which leaves room beside MkDocs' own process within the
# memory a build may use.
PAGEFIND_MB = 450
MEMORY_MB = env_number("BRIEFING_SEARCH_MEMORY_MB", 1200)
SHARDS_FILE = "briefing-shards.json"
KEY_FILE = "briefing-shard.key"  # in each shard's folder: the hash of the pages it indexes
# Permalinks and source footnotes repeat other text. Language "und" (undetermined): no
# stemmer. Pages are found by the form keys in their metadata (generator/site/search.py), which
# Pagefind's Arabic stemmer would cut further (and names with them: بوتين → بوت).
OPTIONS = ["--exclude-selectors", ".headerlink, .footnote", "--force-language", "und"]


class SearchIndexError(Exception):
    """Pagefind failed or is missing."""


def _pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
               "--silent", *OPTIONS, "--glob", "{" + ",".join(INDEXED) + "}/**/*.html"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind: {exc}") from None
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system: copy instead
        shutil.copy2(source, target)


def _link_tree(site: Path, pages: list[Path], folder: Path) -> None:
    for page in pages:
        target = folder / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        _link(str(page), str(target))


def shards_of(site: Path, shard_pages: int = SHARD_PAGES) -> list[list[Path]]:
    """The indexed pages of ``site`` in shards; one shard when they are few."""
    pages = sorted(p for folder in INDEXED if (site / folder).is_dir() for p in (site / folder).rglob("*.html"))
    articles = [p for p in pages if p.relative_to(site).parts[0] == ARTICLES and len(p.relative_to(site).parts) == 3]
    if len(pages) <= shard_pages or not articles:
        return [pages]
    # a power of two: the count changes (and every article shard is made again) only when
    # the articles double, not each time another SHARD_PAGES arrive
    count = 2 ** math.ceil(math.log2(math.ceil(len(articles) / shard_pages)))
    shards: list[list[Path]] = [[] for _ in range(count + 1)]
    for page in articles:
        shards[1 + zlib.crc32(page.parent.name.encode()) % count].append(page)
    chosen = set(articles)
    shards[0] = [p for p in pages if p not in chosen]
    return [shards[0]] + [shard for shard in shards[1:] if shard]


def shard_key(site: Path, pages: list[Path]) -> str:
    """What a shard's index is made from: Pagefind's version and options, each page's
    path and bytes."""
    digest = hashlib.blake2b(json.dumps([version("pagefind"), OPTIONS, INDEXED]).encode(), digest_size=16)
    for page in pages:
        digest.update(str(page.relative_to(site)).encode() + b"\0")
        digest.update(hashlib.blake2b(page.read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


def _index_shard(site: Path, pages: list[Path], key: str, cache: Path) -> Path:
    """The folder in ``cache`` holding the index of ``pages``: kept, or made now."""
    kept = cache / key
    if (kept / KEY_FILE).is_file():
        return kept
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pagefind-shard-", dir=site.parent) as tmp:
        _link_tree(site, pages, Path(tmp) / "site")
        output = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache))
        try:
            _pagefind(Path(tmp) / "site", output)
            (output / KEY_FILE).write_text(key + "\n", encoding="utf-8")
            os.replace(output, kept)  # whole, or not at all
        except OSError:
            if not (kept / KEY_FILE).is_file():  # not another build's copy meanwhile
                raise
        finally:
            shutil.rmtree(output, ignore_errors=True)
    return kept


def _place(kept: Path, target: Path, key: str) -> None:
    """``target`` becomes a copy of ``kept`` (hard links), unless it already is one."""
    try:
        if (target / KEY_FILE).read_text(encoding="utf-8").strip() == key:
            return
    except OSError:
        pass
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(kept, target, copy_function=_link)


def _writable(cache: Path) -> bool:
    """Whether the shard cache (a speed-up) can be used; else the index is made in a
    throw-away folder (a read-only or full home folder must not stop the build)."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        return os.access(cache, os.W_OK)
    except OSError:
        return False


def _at_once(shards: list[list[Path]], workers: int | None) -> int:
    """How many shards to index at a time: one per core, as many as fit in MEMORY_MB."""
    largest = max((len(pages) for pages in shards), default=0)
    fit = MEMORY_MB // max(1, largest * PAGEFIND_MB // 1000)
    return max(1, min(workers or cores(), fit))


def index_site(site: Path, cache: Path | None = None, shard_pages: int = SHARD_PAGES,
               workers: int | None = None) -> int:
    """Write site/pagefind/ (and more shards for a large site); returns the number of
    shards. ``cache``: where shards' indexes are kept between runs (a throw-away folder
    when None)."""
    shards = shards_of(site, shard_pages)
    keys = [shard_key(site, pages) for pages in shards]
    names = ["pagefind"] + [f"pagefind-{i}" for i in range(1, len(shards))]
    for old in site.glob("pagefind-*"):
        if old.is_dir() and old.name.removeprefix("pagefind-").isdigit() and old.name not in names:
            shutil.rmtree(old)
    with tempfile.TemporaryDirectory(prefix=".pagefind-cache-", dir=site.parent) as scratch:
        folder = cache if cache is not None and _writable(cache) else Path(scratch)
        # the largest first, so the small first shard fills in at the end
        order = sorted(range(len(shards)), key=lambda i: -len(shards[i]))
        with ThreadPoolExecutor(max_workers=_at_once(shards, workers)) as pool:
            kept = dict(zip(order, pool.map(lambda i: _index_shard(site, shards[i], keys[i], folder), order)))
        for i, name in enumerate(names):
            _place(kept[i], site / name, keys[i])
        (site / "pagefind" / SHARDS_FILE).write_text(json.dumps(names[1:]), encoding="utf-8")
        if folder == cache:  # keep only what this site uses
            for old in cache.iterdir():
                if old.name not in keys and not old.name.startswith("."):
                    shutil.rmtree(old, ignore_errors=True)
    return len(shards)


class BackgroundIndexer:
    """Index after each `mkdocs serve` rebuild without holding the page back.

    The rebuilt page is served at once and its search follows when Pagefind finishes; a
    rebuild that lands meanwhile queues one more run (never two at a time).
    """

    def __init__(self, report: Callable[[Exception | None], None]) -> None:
        self._report = report
        self._lock = threading.Lock()
        self._pending: tuple[Path, Path | None] | None = None
        self._running = False

    def request(self, site: Path, cache: Path | None = None) -> None:
        with self._lock:
            self._pending = (site, cache)
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="pagefind", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                pending, self._pending = self._pending, None
                if pending is None:
                    self._running = False
                    return
            try:
                index_site(*pending)
                self._report(None)
            except (SearchIndexError, OSError) as exc:
                self._report(exc)
