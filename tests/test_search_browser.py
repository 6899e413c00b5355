"""Search as a reader meets it, in headless Chromium on the site built from seeds/: the
reader queries of tests/search_queries.yml, excerpts made of the pages' own words, keys
nobody sees, results that read on a phone, and Python and JavaScript agreeing on keys."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
import yaml

pytestmark = pytest.mark.browser

READER_QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+")

# Every result shown once the search is done: its link (site path), group, kind label,
# date/outlet line and excerpt text.
_RESULTS = """() => [...document.querySelectorAll('[data-search-results] .briefing-result')].map(r => ({
  href: decodeURIComponent(new URL(r.querySelector('a').href).pathname),
  group: r.closest('section').getAttribute('aria-label'),
  kind: r.querySelector('.briefing-result__kind').textContent,
  line: r.querySelector('.briefing-result__line').textContent,
  excerpt: (r.querySelector('.briefing-result__excerpt') || {}).textContent || '',
  marked: [...r.querySelectorAll('.briefing-result__excerpt mark')].map(m => m.textContent)}))"""


def results(page, site_url: str, query: str, others: bool = False) -> list[dict]:
    """The results `/?q=<query>` shows, in order, once full-text search is done (with
    ``others``, once the reader has asked for the other pages that mention the words)."""
    page.goto(f"{site_url}/?q={quote(query)}")
    page.locator("[data-search-results] .briefing-results[data-state=done]").wait_for(timeout=15_000)
    more = page.locator(".briefing-group--others .briefing-group__more")
    if others and more.count():
        more.click()
        page.locator("[data-search-results] .briefing-results[data-state=done]").wait_for(timeout=15_000)
    return page.evaluate(_RESULTS)


@pytest.mark.parametrize("case", READER_QUERIES, ids=[c["q"] for c in READER_QUERIES])
def test_reader_query(page, site_url: str, case: dict) -> None:
    shown = [r["href"].strip("/") + "/" for r in results(page, site_url, case["q"])]
    assert [p for p in case["top3"] if p not in shown[:3]] == [], shown[:5]


def test_the_query_list_is_long_and_varied() -> None:
    assert len(READER_QUERIES) >= 60
    assert len({c["q"] for c in READER_QUERIES}) == len(READER_QUERIES)


EXCERPT_QUERIES = ["بيونغيانغ", "الحاويات", "كيم جونج اون", "مدفعية", "الذخائر", "معاهدة", "وبوتين",
                   "قطار مدرع", "B-52", "عقوبات", "شويجو", "ميناء ناجين"]


def visible_words(page, site_url: str, href: str) -> set[str]:
    """The words a reader can see on a page: its article's rendered text, every collapsed
    block opened (search indexes those too)."""
    page.goto(site_url + quote(href))
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    return set(WORD.findall(page.locator("article").inner_text()))


def test_excerpts_are_the_pages_own_words(page, site_url: str) -> None:
    """Every word of every excerpt is a word its page shows, and the words marked are
    words the reader typed (in some spelling or form); no search key leaks."""
    shown: dict[str, set[str]] = {}
    for query in EXCERPT_QUERIES:
        for r in results(page, site_url, query, others=True):
            if r["excerpt"]:
                shown.setdefault(r["href"], set()).update(WORD.findall(r["excerpt"]))
                assert r["marked"], (query, r["href"], r["excerpt"])
    assert len(shown) > 15
    strays = {href: sorted(words - visible_words(page, site_url, href)) for href, words in shown.items()}
    assert {href: words for href, words in strays.items() if words} == {}


@pytest.mark.parametrize("path", ["articles/002_1079a25d0afd9581/", "places/بيونغ-يانغ/", "topics/treaty/"])
def test_search_keys_are_never_shown_nor_read(page, site_url: str, path: str) -> None:
    """The keys live in one hidden, empty element's attributes (Pagefind metadata): no
    text a reader or a screen reader meets holds one."""
    page.goto(f"{site_url}/{quote(path)}")
    meta = page.locator(".briefing-search-meta")
    assert meta.count() == 1 and meta.is_hidden() and meta.inner_html() == ""
    hidden_text = page.evaluate("[...document.querySelectorAll('article [hidden], article [aria-hidden=true]')]"
                                ".map(e => e.textContent.trim()).join('')")
    assert hidden_text == ""
    text = page.locator("article").inner_text()
    assert not re.search(r"[\u0600-\u06ff]_", text)
    assert not re.search(r"[\u0600-\u06ff]_", page.locator("body").aria_snapshot())


def test_results_read_on_a_phone(browser, site_url: str) -> None:
    """390 px wide, right to left: grouped and labelled results, each with its kind and,
    for an article, its date or outlet; nothing wider than the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar", is_mobile=True, has_touch=True)
    page = context.new_page()
    found = results(page, site_url, "لافروف")
    groups = [r["group"] for r in found]
    assert groups[0] == "صفحات" and "مقالات" in groups
    articles = [r for r in found if r["group"] == "مقالات"]
    assert all(r["kind"] == "مقال" and r["line"].strip() and r["excerpt"] for r in articles)
    assert page.evaluate("getComputedStyle(document.querySelector('.briefing-results')).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = page.locator(".briefing-result").evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
    assert max(boxes) <= 390
    context.close()


def type_query(page, site_url: str, text: str):
    """Type into the home page's search box (fill() with Arabic fires no key events)."""
    page.goto(site_url + "/")
    box = page.locator("#briefing-search input")
    box.fill(text)
    box.dispatch_event("input")
    return box


def test_typing_shows_results_with_the_words_marked(page, site_url: str) -> None:
    page.goto(site_url + "/topics/summits/")
    box = page.locator("#briefing-search input")
    box.fill("شويجو")
    box.dispatch_event("keyup")
    box.dispatch_event("input")
    page.locator(".briefing-result__excerpt mark").first.wait_for(timeout=15_000)
    assert page.locator(".briefing-result").count() >= 2
    assert page.locator("#briefing-search form").get_attribute("aria-label") == "ابحث في هذا الموقع"


def test_a_word_being_typed_finds_the_words_it_starts(page, site_url: str) -> None:
    type_query(page, site_url, "فلاديفو")
    page.locator(".briefing-results[data-state=done]").wait_for(timeout=15_000)
    hrefs = [unquote(h) for h in page.locator(".briefing-result__link").evaluate_all("els => els.map(e => e.href)")]
    assert any(h.endswith("places/فلاديفوستوك/") for h in hrefs)


# Words whose search keys Python (generator/site/search.py) and JavaScript (searchkeys.js) must
# agree on: folding, clitics, names (never changed), plurals and feminine forms, the tens.
AGREED = ["والذخائر", "بالذخائر", "للولايات", "شويغو", "أوكرانيا", "إسرائيل", "مستشفى", "معاهدة", "كـــيم",
          "مُصاب", "٢٠٢٣", "بيونغيانغ", "وزير", "فلاديمير", "NATO", "B-52", "الله", "ال", "الحاويات", "حاوية",
          "ذخائر", "صواريخ", "جنود", "قذائف", "السفن", "سفينة", "العسكرية", "عسكريون", "المقاتلين", "بوتين",
          "وبوتين", "لبيونغ", "بموسكو", "لكيم", "الكرملين", "ثلاثين", "كانون", "القوات", "آلاف", "سنوات",
          "المعاهدات", "معاهد", "البلدين", "روته", "الشمالية", "وقذائف", "فصواريخ", "وونسان", "وزير", "ولكيم"]


def test_search_keys_agree_between_python_and_javascript(page, site_url: str, knowledge) -> None:
    from generator.site.search import _without_conjunction, search_key
    from generator.site.terms import form_key
    from generator.site.search_hits import bucket

    page.goto(site_url + "/")
    page.evaluate("async () => window.briefingKeys.setForms(await (await fetch('assets/search-forms.json')).json())")
    assert page.evaluate("words => words.map(window.briefingKeys.searchKey)", AGREED) == [search_key(w) for w in AGREED]
    assert page.evaluate("words => words.map(window.briefingKeys.formKey)", AGREED) == \
        [form_key(w, knowledge.forms) for w in AGREED]
    assert page.evaluate("words => words.map(window.briefingKeys.withoutConjunction)", AGREED) == \
        [_without_conjunction(w, knowledge.forms) for w in AGREED]
    assert page.evaluate("text => window.briefingKeys.wordsOf(text)", "لافروف، «في» B-52 كـــيم_x") == \
        WORD.findall("لافروف، «في» B-52 كـــيم_x")
    for count in (1, 7, 512):
        assert page.evaluate(f"words => words.map(w => window.briefingBucket(w, {count}))", AGREED) == \
            [bucket(w, count) for w in AGREED]


def test_quick_article_hits_for_any_words(page, site_url: str, built_site) -> None:
    """Words that name no person, place or topic still show articles at once, then
    Pagefind's; a word found nowhere leaves no article."""
    box = type_query(page, site_url, "قذائف المدفعية")
    link = page.locator("[data-search-results] section[aria-label='مقالات'] .briefing-result__link").first
    link.wait_for(timeout=5_000)
    href = unquote(link.get_attribute("href"))
    assert "/articles/" in href
    text = (built_site / "articles" / href.split("#")[0].rstrip("/").rsplit("/", 1)[1] / "index.html").read_text(encoding="utf-8")
    assert "قذائف" in text and "المدفعية" in text
    box.fill("قذائف كلمةلاتوجد")
    box.dispatch_event("input")
    page.locator(".briefing-results[data-state=done]").wait_for(timeout=15_000)
    assert page.locator("[data-search-results] section[aria-label='مقالات']").count() == 0


def test_instant_answers_show_the_entity_page_at_once(page, site_url: str) -> None:
    type_query(page, site_url, "بيونج يانج")
    link = page.locator("[data-search-results] section[aria-label='صفحات'] .briefing-result__link").first
    link.wait_for(timeout=5_000)
    assert unquote(link.get_attribute("href")).endswith("places/بيونغ-يانغ/")


def test_quick_hits_for_words_never_together_say_which_word_matched(page, site_url: str) -> None:
    """وونسان and مدرع are in different articles: the box shows the rarer word's articles, labelled."""
    type_query(page, site_url, "وونسان مدرع")
    page.locator(".briefing-results[data-state=done]").wait_for(timeout=15_000)
    labels = page.locator("[data-search-results] section").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert set(labels) & {"مقالات فيها «وونسان»", "مقالات فيها «مدرع»"}


def test_search_in_shards_finds_the_same_pages(page, tmp_path, monkeypatch) -> None:
    """A large site's index comes in shards (generator/engine/search_index.py); the browser merges them."""
    import functools
    import http.server
    import threading

    from conftest import _QuietHandler, copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("BRIEFING_SEARCH_SHARD_PAGES", "25")  # the seeds site has ~100 indexed pages
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "pagefind-1" / "pagefind-entry.json").is_file()
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        misses = []
        for case in READER_QUERIES[::3]:
            shown = [r["href"].strip("/") + "/" for r in results(page, url, case["q"])]
            misses += [(case["q"], p) for p in case["top3"] if p not in shown[:3]]
    finally:
        server.shutdown()
    assert misses == []
    assert failed == []
