"""What a reader sees, in headless Chromium (Debian's chromium driven by Playwright)."""

from urllib.parse import quote, unquote, urlsplit

import pytest

from conftest import seed_paths

pytestmark = pytest.mark.browser


def test_home_is_rtl_with_arabic_navigation(page, site_url: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.goto(site_url + "/")
    assert page.evaluate("document.body.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    nav = page.locator("nav.md-nav--primary").inner_text()
    for label in ("المحاور", "نقل الأسلحة", "الخط الزمني", "المصادر"):
        assert label in nav
    assert hosts == {urlsplit(site_url).netloc}


def test_topic_page_and_source_paragraph_in_one_click(page, site_url: str) -> None:
    page.goto(site_url + "/")
    page.locator("nav.md-nav--primary a", has_text="نقل الأسلحة").first.click()
    page.wait_for_url("**/topics/arms-transfers/")
    assert page.locator("h1").inner_text().strip().rstrip("¶") == "نقل الأسلحة"
    # a figure in the figures table → its source paragraph, in one click
    link = page.locator("article table a[href*='#p-']").first
    anchor = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    page.wait_for_url(f"**/articles/**#{anchor}")
    target = page.locator(f"[id='{anchor}']")
    assert target.is_visible()
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert page.evaluate(f"document.querySelector('[id=\"{anchor}\"]').matches(':target')")


def test_entity_page_lists_quotes_and_mentions(page, site_url: str) -> None:
    page.goto(site_url + "/people/")
    page.locator("article table a", has_text="سيرغي لافروف").first.click()
    page.wait_for_url("**/people/**")
    text = page.locator("article").inner_text()
    assert "وزير الخارجية الروسي" in text and "الإشارات حسب المقال" in text
    assert page.locator("article a[href*='#p-']").count() >= 5




# Query → a page that must be among the first five results. Variants of spelling,
# hamza, clitics, joined/split names, Latin runs and topic words.
QUERIES = [
    ("لافروف", "/people/سيرغي-لافروف/"),
    ("شويغو", "/people/سيرغي-شويغو/"),
    ("شويجو", "/people/سيرغي-شويغو/"),
    ("سيرجي شويجو", "/people/سيرغي-شويغو/"),
    ("بيونغيانغ", "/places/بيونغ-يانغ/"),
    ("بيونج يانج", "/places/بيونغ-يانغ/"),
    ("اوكرانيا", "/places/أوكرانيا/"),
    ("أوكرانيا", "/places/أوكرانيا/"),
    ("والذخائر", "/topics/arms-transfers/"),
    ("بالذخائر", "/topics/arms-transfers/"),
    ("معاهدة", "/topics/treaty/"),
    ("المعاهده", "/topics/treaty/"),
    ("كيم جونج اون", "/people/كيم-جونغ-أون/"),
    ("كيربي", "/people/جون-كيربي/"),
    ("بيسكوف", "/people/دميتري-بيسكوف/"),
    ("فوستوشني", "/places/قاعدة-فوستوشني-الفضائية/"),
    ("وونسان", "/articles/004_6ce7f2ee4d1dc447/"),
    ("B-52", "/articles/003_fce2e71726e4ec69/"),
    ("مركز الدراسات الاستراتيجية", "/organizations/مركز-الدراسات-الاستراتيجية-والدولية/"),
]


def search(page, site_url: str, query: str) -> list[str]:
    page.goto(f"{site_url}/?q={quote(query)}")
    page.locator("[data-search-results] .pagefind-ui__result-link").first.wait_for(timeout=15_000)
    page.wait_for_timeout(200)
    hrefs = page.locator("[data-search-results] .pagefind-ui__result > .pagefind-ui__result-thumb ~ .pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link, "
                         "[data-search-results] .pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link")
    return [unquote(h) for h in hrefs.evaluate_all("els => els.map(e => e.getAttribute('href'))")]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_search_finds_every_spelling(page, site_url: str, query: str, expected: str) -> None:
    results = search(page, site_url, query)
    assert expected in results[:5], results[:5]


def test_search_box_typing_shows_highlighted_results(page, site_url: str) -> None:
    page.goto(site_url + "/topics/summits/")
    box = page.locator("#briefing-search input")
    box.fill("شويجو")
    box.dispatch_event("keyup")
    page.locator(".pagefind-ui__result mark").first.wait_for(timeout=15_000)
    assert page.locator(".pagefind-ui__result").count() >= 1
    assert page.locator("#briefing-search form").get_attribute("aria-label") == "ابحث في هذا الموقع"


def type_query(page, site_url: str, text: str):
    """Type into the home page's search box (fill() with Arabic fires no key events)."""
    page.goto(site_url + "/")
    box = page.locator("#briefing-search input")
    box.fill(text)
    box.dispatch_event("input")
    return box


def test_search_keys_agree_between_python_and_javascript(page, site_url: str) -> None:
    from generator.search import search_key

    words = ["والذخائر", "بالذخائر", "للولايات", "شويغو", "أوكرانيا", "إسرائيل", "مستشفى", "معاهدة",
             "كـــيم", "مُصاب", "٢٠٢٣", "بيونغيانغ", "وزير", "فلاديمير", "NATO", "B-52", "الله", "ال"]
    page.goto(site_url + "/")
    js = page.evaluate("words => words.map(window.briefingSearchKey)", words)
    assert js == [search_key(w) for w in words]
    from generator.search import bucket

    for count in (1, 7, 512):
        assert page.evaluate(f"words => words.map(w => window.briefingBucket(w, {count}))", words) == \
            [bucket(w, count) for w in words]


def test_quick_article_hits_for_any_words(page, site_url: str, built_site) -> None:
    """Words that name no person, place or topic still show their best articles at once."""
    box = type_query(page, site_url, "قذائف المدفعية")
    link = page.locator("[data-search-results] .briefing-hits__link").first
    link.wait_for(timeout=5_000)
    href = unquote(link.get_attribute("href"))
    assert "/articles/" in href
    text = (built_site / "articles" / href.rstrip("/").rsplit("/", 1)[1] / "index.html").read_text(encoding="utf-8")
    assert "قذائف" in text and "المدفعية" in text
    box.fill("قذائف كلمةلاتوجد")  # a word found nowhere: nothing quick for this
    box.dispatch_event("input")
    page.wait_for_timeout(500)
    assert page.locator("[data-search-results] .briefing-hits__link").count() == 0


def test_instant_answers_show_the_entity_page_at_once(page, site_url: str) -> None:
    type_query(page, site_url, "بيونج يانج")
    link = page.locator("[data-search-results] .briefing-answers__link").first
    link.wait_for(timeout=5_000)
    assert unquote(link.get_attribute("href")).endswith("places/بيونغ-يانغ/")


def test_navigation_comforts(page, site_url: str) -> None:
    """Breadcrumbs (also on pages outside the navigation), footnote tooltips that show a
    takeaway's whole source paragraph, back-to-top and the feed link, all in Arabic."""
    page.goto(site_url + "/articles/" + seed_paths()[0].stem + "/")
    assert page.locator("nav.md-path").inner_text().split() == ["الرئيسية", "المقالات"]
    page.goto(site_url + "/topics/arms-transfers/")
    assert "المحاور" in page.locator("nav.md-path").inner_text()
    ref = page.locator("a.footnote-ref").first
    ref.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5_000)
    assert tooltip.inner_text().startswith("الفقرة كاملة")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -300)
    page.locator(".md-top").wait_for(state="visible", timeout=5_000)
    assert "الأعلى" in page.locator(".md-top").inner_text()
    feed = page.locator("a.briefing-feed")
    assert feed.get_attribute("href").endswith("feed-arms-transfers.atom.xml")
    response = page.request.get(site_url + "/feed-arms-transfers.atom.xml")
    assert response.ok and "<feed" in response.text()


def test_site_from_disk_reads_and_says_search_needs_a_server(page, built_site) -> None:
    """Opened from a USB stick (file://): pages, links and the font work; search says why not."""
    page.goto((built_site / "topics" / "treaty" / "index.html").as_uri())
    assert page.locator("article h1").inner_text().strip().rstrip("¶") == "المعاهدة"
    page.locator("nav.md-nav--primary a", has_text="الخط الزمني").first.click()
    page.wait_for_url("**/timeline/index.html")
    page.locator("#briefing-search input").focus()
    assert "خادم" in page.locator(".briefing-search-note").inner_text()


def test_search_in_shards_finds_the_same_pages(page, tmp_path, monkeypatch) -> None:
    """A large site's index comes in shards (generator/search_index.py); the browser merges them."""
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
        misses = [(q, e) for q, e in QUERIES if e not in search(page, url, q)[:5]]
    finally:
        server.shutdown()
    assert not misses
    assert not failed


def test_quick_hits_for_words_never_together_say_which_word_matched(page, site_url: str) -> None:
    """وونسان and مدرع are in different articles: the box shows the rarer word's articles, labelled."""
    type_query(page, site_url, "وونسان مدرع")
    link = page.locator("[data-search-results] .briefing-hits__link").first
    link.wait_for(timeout=5_000)
    hits = page.locator("[data-search-results] .briefing-hits")
    label = hits.get_attribute("aria-label")
    assert label in ("مقالات فيها «وونسان»", "مقالات فيها «مدرع»")
    assert label + ":" in hits.inner_text()
