"""What a reader sees, in headless Chromium (Debian's chromium driven by Playwright)."""

from urllib.parse import urlsplit

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
