"""Search speed as a reader meets it: in headless Chromium, on a served site, the time
from typing a query to the first result on screen, and the bytes fetched for it."""

from __future__ import annotations

import functools
import http.server
import os
import statistics
import threading
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
# names and topic words (instant answers), then words and phrases that name no person,
# place, organisation or topic (quick article hits, then Pagefind)
QUERIES = ["لافروف", "شويجو", "بيونغيانغ", "والذخائر", "معاهدة", "كيم جونج اون", "حاويات", "اوكرانيا",
           "مخاوف", "الاقتصادية", "طائرة", "قطار مدرع", "العزلة الدولية"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # Debian's (the browser tests use it too)
SEARCH_FILES = ("/pagefind", "/assets/hits/", "/assets/quick-answers.json", "/assets/search-forms.json")  # all search fetches

# Times from the input event to the first result link of any kind (instant answers, quick
# article hits or full text), to the full-text (Pagefind) results shown (search.js marks
# the results data-state="done") and to the first quick article hit; -1 when none came
# (within 20 s).
_MEASURE = """async (query) => {
  const box = document.querySelector('#briefing-search input');
  const root = document.querySelector('[data-search-results]');
  return await new Promise((resolve) => {
    let t0 = 0, first = -1, hit = -1;
    const check = () => {
      const now = performance.now() - t0;
      if (first < 0 && root.querySelector('.briefing-result__link')) first = now;
      if (hit < 0 && root.querySelector('.briefing-group--articles [data-from=quick] a')) hit = now;
      if (root.querySelector('.briefing-results[data-state=done]')) { obs.disconnect(); resolve([first, now, hit]); }
    };
    const obs = new MutationObserver(check);
    obs.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
    box.value = query;
    t0 = performance.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
    check();
    setTimeout(() => { obs.disconnect(); resolve([first, -1, hit]); }, 20000);
  });
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def measure(site: Path, chromium: str = CHROMIUM, queries: list[str] = QUERIES) -> dict:
    """{first_result_ms: [...], median_ms, max_ms, first_query_bytes, bytes_per_query}."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    times, fulltext, hits, sizes = [], [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for query in queries:  # a fresh page (and cache) per query: the cold case
                context = browser.new_context()
                page = context.new_page()
                fetched: list[int] = []  # everything search needs, from page load on
                page.on("response", lambda r: fetched.append(len(r.body())) if r.ok and any(f in r.url for f in SEARCH_FILES) else None)
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.locator("#briefing-search input").focus()  # loads Pagefind and what search needs (search.js)
                page.locator("#briefing-search[data-ready]").wait_for(state="attached", timeout=20_000)
                page.wait_for_timeout(300)
                first, full, hit = page.evaluate(_MEASURE, query)
                times.append(first)
                fulltext.append(full)
                hits.append(hit)
                page.wait_for_timeout(500)
                sizes.append(sum(fetched))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    ok = [t for t in times if t >= 0]
    full_ok = [t for t in fulltext if t >= 0]
    return {"queries": queries, "first_result_ms": [round(t, 1) for t in times],
            "median_ms": round(statistics.median(ok), 1) if ok else None,
            "max_ms": round(max(ok), 1) if ok else None,
            "first_fulltext_ms": [round(t, 1) for t in fulltext],
            "first_article_hit_ms": [round(t, 1) for t in hits],
            "fulltext_median_ms": round(statistics.median(full_ok), 1) if full_ok else None,
            "fulltext_max_ms": round(max(full_ok), 1) if full_ok else None,
            "bytes_per_query": sizes, "max_kb": round(max(sizes) / 1024, 1) if sizes else None}
