"""End to end: the real site built from seeds/ with `mkdocs build --strict`."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import seed_paths

pytestmark = pytest.mark.e2e
CONTRACT_PAGES = ["", "topics/summits/", "topics/arms-transfers/", "topics/treaty/",
                  "topics/reactions/", "timeline/", "sources/", "updates/", "articles/"]


class Links(HTMLParser):
    """Collects ids, links and resources of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for key in ("src", "srcset", "data-src"):
            if a.get(key):
                self.resources.append(a[key])
        # a canonical link names the published address (site_url); browsers never fetch it
        if tag == "link" and a.get("href") and a.get("rel") != "canonical":
            self.resources.append(a["href"])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def page_file(site: Path, url_path: str) -> Path:
    return site / url_path / "index.html"


@pytest.mark.parametrize("url", CONTRACT_PAGES)
def test_contract_urls_exist_in_arabic_rtl(built_site: Path, url: str) -> None:
    html = page_file(built_site, url).read_text(encoding="utf-8")
    assert '<html lang="ar"' in html and 'dir="rtl"' in html


def test_every_article_has_a_page_with_paragraph_anchors(built_site: Path) -> None:
    for path in seed_paths():
        page = parse(page_file(built_site, f"articles/{path.stem}/"))
        assert {"p-1", "p-2", "p-3"} <= page.ids, path.stem


def test_internal_links_and_anchors_resolve(built_site: Path) -> None:
    # 404.html uses root-absolute links by design (it is served for any missing path)
    pages = {p: parse(p) for p in built_site.rglob("*.html") if p.name != "404.html"}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(built_site)} → {href}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(built_site)} → {href} (no anchor)")
    assert broken == []


def test_no_request_to_any_other_host(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*.html"):
        for resource in parse(path).resources:
            if urlsplit(resource).netloc or resource.startswith("//"):
                offenders.append(f"{path.relative_to(built_site)}: {resource}")
    for path in built_site.rglob("*.css"):
        css = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.name}: {u}" for u in re.findall(r"@import\s+url\(['\"]?(https?:[^)'\"]+)", css)]
    assert offenders == []
    home = page_file(built_site, "").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_navigation_and_footer_are_arabic_and_do_not_list_articles(built_site: Path) -> None:
    html = page_file(built_site, f"articles/{seed_paths()[0].stem}/").read_text(encoding="utf-8")
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]
    for label in ("الرئيسية", "القمم والزيارات", "نقل الأسلحة", "المعاهدة", "ردود الفعل",
                  "الخط الزمني", "المصادر", "المقالات", "المستجدات"):
        assert label in nav
    assert not re.search(r"articles/\d", nav)
    assert "Made with" not in html and ">Articles<" not in html


def test_topic_page_links_each_paragraph_to_its_source(built_site: Path) -> None:
    page = parse(page_file(built_site, "topics/arms-transfers/"))
    sourced = [h for h in page.links if re.search(r"articles/[^/]+/#p-\d+$", h)]
    assert len(sourced) >= 10


def test_hostile_text_never_becomes_html(project: Path) -> None:
    from conftest import mkdocs_build

    hostile = (
        "عنوان <script>alert('t')</script>\n"
        "قال بوتين إن كيم <img src=x onerror=alert(1)> وصل إلى موسكو في زيارة {{ config.site_name }}.\n"
        "[رابط](javascript:alert(1)) و {% raw %} و **غامق** في بيونغ يانغ.\n"
        "!!! danger \"تحذير\"\n"
        "--8<-- \"/etc/passwd\"\n"
    )
    (project / "seeds" / "hostile.txt").write_text(hostile, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "articles" / "hostile" / "index.html").read_text(encoding="utf-8")
    html = html.replace('<bdi dir="ltr">', "").replace("</bdi>", "")  # Latin runs are isolated
    assert "<script>alert" not in html and "<img src=x" not in html and "<img src=\"x" not in html
    assert 'href="javascript:' not in html and "<strong>غامق" not in html
    assert "&lt;script&gt;alert" in html and "{{ config.site_name }}" in html
    assert 'class="admonition danger"' not in html and "root:" not in html
