"""Run Pagefind over the built site: a chunked index that the reader's browser loads a
few kilobytes at a time, served from site/pagefind/ (no other host).

Pagefind holds every page's words in memory while indexing, about 250 MB per 1,000
article pages, so a large site is indexed in shards of at most ``SHARD_PAGES`` pages, one
Pagefind run after another: site/pagefind/ holds the first and site/pagefind-1/, … the
others, listed in site/pagefind/briefing-shards.json; search.js merges them in the
browser (Pagefind's `mergeIndex`). Each run sees a folder of hard links to its pages, so
the URLs it records are the site's own.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

# Only these folders hold indexed pages (the others say `pagefind: false`); not letting
# Pagefind parse the month archives halves its time at 10,000 articles (80 s -> 35 s).
INDEXED = ("articles", "people", "places", "organizations", "topics")
SHARD_PAGES = int(os.environ.get("BRIEFING_SEARCH_SHARD_PAGES", "6000"))  # ~1.5 GB of Pagefind memory
SHARDS_FILE = "briefing-shards.json"


class SearchIndexError(Exception):
    """Pagefind failed or is missing."""


def _pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
               "--silent", "--exclude-selectors", ".headerlink, .footnote",  # permalinks and source footnotes repeat other text
               "--glob", "{" + ",".join(INDEXED) + "}/**/*.html"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except OSError as exc:
        raise SearchIndexError(f"cannot run Pagefind: {exc}") from None
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _link_tree(site: Path, pages: list[Path], folder: Path) -> None:
    for page in pages:
        target = folder / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except OSError:  # another file system: copy instead
            shutil.copy2(page, target)


def index_site(site: Path, shard_pages: int = SHARD_PAGES) -> int:
    """Write site/pagefind/ (and more shards for a large site); returns the number of shards."""
    pages = sorted(p for folder in INDEXED if (site / folder).is_dir() for p in (site / folder).rglob("*.html"))
    shards = max(1, math.ceil(len(pages) / shard_pages))
    for old in site.glob("pagefind-*"):
        if old.is_dir() and old.name.removeprefix("pagefind-").isdigit():
            shutil.rmtree(old)
    if shards == 1:
        _pagefind(site, site / "pagefind")
    else:
        size = math.ceil(len(pages) / shards)
        for i in range(shards):
            with tempfile.TemporaryDirectory(prefix=".pagefind-shard-", dir=site.parent) as tmp:
                _link_tree(site, pages[i * size:(i + 1) * size], Path(tmp))
                _pagefind(Path(tmp), site / ("pagefind" if i == 0 else f"pagefind-{i}"))
    others = [f"pagefind-{i}/" for i in range(1, shards)]
    (site / "pagefind" / SHARDS_FILE).write_text(json.dumps(others), encoding="utf-8")
    return shards


class BackgroundIndexer:
    """Index after each `mkdocs serve` rebuild without holding the page back.

    The rebuilt page is served at once and its search follows when Pagefind finishes; a
    rebuild that lands meanwhile queues one more run (never two at a time).
    """

    def __init__(self, report: Callable[[Exception | None], None]) -> None:
        self._report = report
        self._lock = threading.Lock()
        self._pending: Path | None = None
        self._running = False

    def request(self, site: Path) -> None:
        with self._lock:
            self._pending = site
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="pagefind", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                site, self._pending = self._pending, None
                if site is None:
                    self._running = False
                    return
            try:
                index_site(site)
                self._report(None)
            except (SearchIndexError, OSError) as exc:
                self._report(exc)
