"""Property-based tests (hypothesis): any text or bytes → no crash, and nothing from the
input reaches the output as HTML or template syntax. A fixed budget, derandomised in CI."""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.briefing.assemble import build_briefing
from generator.errors import ArticleError
from generator.extract import extract_article
from generator.ingest.article import parse_article
from generator.ingest.decode import decode
from generator.metadata.files import Curated, merge
from generator.model import Entry
from generator.site.render import html_text, md_escape, render_site

from conftest import ROOT

settings.register_profile("ci", max_examples=120, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
NASTY = st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ config }}",
                         "{% raw %}", "[x](javascript:alert(1))", "!!! note", "=== \"t\"", "--8<-- \"/etc/passwd\"",
                         "<div markdown=1>", "&lt;", "`", "*", "_", "|", "#", "\u202e", "\u200f", "\x00", "\r", "\n",
                         "كيم", "بوتين", "بيونغ يانغ", "روسيا", "11 ألف جندي", "19 أكتوبر 2023", "«", "»", "“", "”"])
TEXT = st.lists(st.one_of(st.text(min_size=0, max_size=30), st.text(ARABIC, max_size=30), NASTY),
                max_size=25).map("".join)
MD = markdown.Markdown(extensions=["pymdownx.escapeall", "admonition", "attr_list", "md_in_html", "tables",
                                   "footnotes", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"])
ALLOWED_TAGS = {"p", "a", "h1", "h2", "h3", "h4", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th",
                "td", "strong", "em", "code", "blockquote", "div", "details", "summary", "bdi", "br", "hr",
                "span", "sup", "input", "label"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_safe_html(html: str) -> None:
    for tag, attrs in tags_of(html):
        assert tag in ALLOWED_TAGS, tag
        assert not any(k.startswith("on") for k in attrs), attrs
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), href


@given(st.binary(max_size=400))
def test_decode_never_crashes(data: bytes) -> None:
    try:
        decoded = decode(data, "fuzz.txt", max_bytes=10_000)
    except ArticleError as exc:
        assert exc.problem.reason
    else:
        assert "\x00" not in decoded.text


@given(TEXT)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_ingest_and_extract_never_crash(knowledge, text: str) -> None:
    try:
        article = parse_article(text, Path("fuzz.txt"), knowledge)
    except ArticleError as exc:
        assert exc.problem.reason
        return
    assert all(p.text and "\n" not in p.text for p in article.paragraphs)
    extraction = extract_article(article, knowledge)
    for q in extraction.quotes:
        assert q.evidence.paragraph >= 1


@given(TEXT)
def test_md_escape_yields_only_text(text: str) -> None:
    html = MD.reset().convert(md_escape(text))
    assert_safe_html(html)
    assert {t for t, _a in tags_of(html)} <= {"p", "bdi"}


@given(TEXT)
def test_html_text_yields_only_text(text: str) -> None:
    assert {t for t, _a in tags_of(str(html_text(text)))} <= {"bdi"}


@given(TEXT, TEXT)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_rendered_pages_carry_no_markup_from_the_article(knowledge, title: str, body: str) -> None:
    try:
        article = parse_article(f"{title}\n{body}\nقال بوتين إن كيم وصل إلى موسكو.", Path("fuzz.txt"), knowledge)
    except ArticleError:
        return
    extraction = extract_article(article, knowledge)
    entry = Entry(article, extraction, merge(extraction, Curated()), "fuzz")
    pages, _keys = render_site(build_briefing([entry], knowledge, {}), ROOT / "templates" / "pages", knowledge)
    for name, page in pages.items():
        if name.endswith(".json"):  # search data (shown with textContent), and only site paths
            if name == "assets/quick-answers.json":
                urls = [a["url"] for a in json.loads(page)]
            elif "/hits/docs-" in name:
                urls = [d[0] for d in json.loads(page)]
            else:
                urls = []
            assert all(u.startswith(("articles/", "people/", "places/", "organizations/", "topics/")) for u in urls)
            continue
        front = re.match(r"\A---\n(.*?)\n---\n", page, flags=re.S)
        assert front, name
        meta = yaml.safe_load(front.group(1))  # article text cannot break the front matter
        assert isinstance(meta, dict) and all(isinstance(v, (str, bool)) for v in meta.values()), name
        assert "<" not in meta["title"]
        assert_safe_html(MD.reset().convert(page[front.end():]))
