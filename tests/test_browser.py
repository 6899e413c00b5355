"""What a reader sees, in headless Chromium (Debian's chromium driven by Playwright)."""

from urllib.parse import quote, urlsplit

import pytest

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


@pytest.mark.parametrize("query", ["لافروف", "الذخائر"])
def test_search_from_the_query_string(page, site_url: str, query: str) -> None:
    page.goto(f"{site_url}/?q={quote(query)}")
    results = page.locator(".md-search-result__item a, a.md-search-result__link")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 1
    assert "/articles/" in results.first.get_attribute("href") or results.count() > 1
