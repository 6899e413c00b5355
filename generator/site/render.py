"""Briefing → {site_src relative path: Markdown}, through the Jinja2 templates in templates/.

Safe by default: every ``{{ value }}`` is escaped for Markdown *and* HTML by the
environment's ``finalize`` hook, so article text can never open raw HTML, a link,
an admonition or template syntax. Only values the code marks as ``Markup`` (URLs and
HTML it built itself from escaped parts) pass through unchanged.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from operator import attrgetter, is_
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown.extensions.toc import unique
from markupsafe import Markup
from pymdownx.slugs import slugify

from generator.site import charts
from generator.site.formats import (arabic_date, counted, entry_date, excerpt, hijri_date, iso_day, month_label,
                               month_title, number)
from generator.briefing.analysis import KIND_FOLDERS, EntityView
from generator.briefing.assemble import LIMITS, Briefing, merged_events, periods
from generator.knowledge import Knowledge
from generator.model import Entry
from generator.site.keys import data_key
from generator.site.search import article_meta, entity_meta, forms_data, quick_answers, topic_meta
from generator.site.search_hits import HitMemo, hit_files
from generator.site.terms import body_terms

PRECISION_LABELS = {"day": "يوم", "month": "شهر", "year": "سنة"}
QUALIFIERS = {"at-least": "أكثر من ", "about": "نحو ", "up-to": "حتى "}
CLAIM_KINDS = {"accusation": "اتهام", "denial": "نفي", "confirmation": "تأكيد", "assessment": "تقدير"}
KIND_TITLES = {"person": "الأشخاص", "place": "الأماكن", "organization": "المنظمات والهيئات"}
KIND_LABELS = {"person": "شخص", "place": "مكان", "organization": "منظمة أو هيئة"}
# What Markdown and the enabled extensions read as syntax anywhere in a line (emphasis,
# code, links, images, footnotes, attribute lists, tables, raw HTML, entities). Escaping
# only these keeps pages fast to convert (every escape is an inline-pattern match);
# pymdownx.escapeall makes a backslash escape any character.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]!|<>&~])")
# Characters that are syntax only at the start of a line (headings, lists, quotes, rules,
# admonitions, tabs, fences): escaped when the text starts with them.
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-*=?!~`:])")
# «4. …» opens an ordered list: the mark after the number is escaped, not the number
# («\4.8» would show its backslash: a backslash escapes punctuation only)
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


# A Latin run inside Arabic text: «B-52», «The Telegraph», «NK News». Isolated with <bdi>
# so the bidi algorithm cannot reorder its dash or digits into the Arabic around it.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[ .&'’/-][A-Za-z0-9]+)*")


def _escape_plain(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = escaped.replace("\\<", "&lt;").replace("\\>", "&gt;").replace("\\&", "&amp;")
    escaped = _MD_ORDERED.sub(r"\1\\\2", escaped, count=1)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "".join("\\" + c for c in m.group(2)), escaped, count=1)


def _isolate_latin(text: str, escape: Callable[[str], str]) -> str:
    """``escape`` each piece of ``text``, wrapping Latin runs inside Arabic in <bdi>."""
    if not re.search("[\u0600-\u06ff]", text):
        return escape(text)
    parts, last = [], 0
    for m in _LATIN_RUN.finditer(text):
        parts.append(escape(text[last:m.start()]))
        parts.append(f'<bdi dir="ltr">{escape(m.group())}</bdi>')
        last = m.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def md_escape(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text, on one line, with Latin
    runs inside Arabic isolated (<bdi>) so they stay readable."""
    return _isolate_latin(" ".join(str(text).split()), _escape_plain)


FINALIZE_MEMO = 10_000_000  # characters of escaped values kept: bounds the memo's memory


def _finalizer(escape: Callable[[str], str]) -> Callable[[Any], Markup]:
    """The hook applied to every ``{{ … }}``: Markup (macros, our own HTML and URLs)
    passes; a number is written in Arabic style; anything else is ``escape``d."""

    # the same names, dates and statements are printed on page after page, and again in
    # the next build of a long-running process: each is escaped once (escaping is a large
    # share of rendering the whole-site pages)
    done: dict[str, Markup] = {}
    held = [0]  # characters in ``done``

    def finalize(value: Any) -> Markup:
        if type(value) is str:
            escaped = done.get(value)
            if escaped is None:
                escaped = Markup(escape(value))
                held[0] += len(value) + len(escaped)
                if held[0] > FINALIZE_MEMO:
                    done.clear()
                    held[0] = len(value) + len(escaped)
                done[value] = escaped
            return escaped
        if isinstance(value, Markup):
            return value
        if isinstance(value, bool) or value is None:
            raise TypeError(f"template printed {value!r}; test it instead")
        if isinstance(value, int):
            return Markup(number(value))
        return Markup(escape(str(value)))

    return finalize


def html_text(text: str) -> Markup:
    """Text for inside a raw HTML element (where Markdown is not processed), Latin runs
    isolated with <bdi> as in ``md_escape``."""
    return Markup(bidi_html(" ".join(str(text).split())))


def bidi_html(text: str) -> str:
    """HTML-escaped ``text`` (spaces kept) with Latin runs inside Arabic isolated."""
    return _isolate_latin(text, lambda piece: html.escape(piece, quote=True))


def bdi(text: str) -> Markup:
    """A left-to-right run (file name, code, Latin name) isolated from the Arabic around it."""
    return Markup(f'<bdi dir="ltr">{html.escape(str(text), quote=True)}</bdi>')


# Characters YAML refuses in a document (controls, non-characters, lone surrogates).
_YAML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def yaml_string(text: str) -> Markup:
    """A value for YAML front matter (JSON strings are valid YAML). HTML-escaped too:
    the theme prints page titles and descriptions into <title> and <meta> unescaped."""
    escaped = html.escape(" ".join(_YAML_UNSAFE.sub("", str(text)).split()), quote=True)
    return Markup(json.dumps(escaped, ensure_ascii=False))


# Markdown templates escape for Markdown and HTML; HTML templates (``*.html.j2``) for
# HTML, Latin runs isolated as in ``html_text``.
_finalize = _finalizer(md_escape)
_finalize_html = _finalizer(lambda text: bidi_html(" ".join(text.split())))


# The ids the toc extension gives headings (mkdocs.yml: pymdownx.slugs.slugify, lower
# case), for the headings an HTML page writes itself.
_SLUGIFY = slugify(case="lower")


def heading_id(title: str) -> str:
    return _SLUGIFY(" ".join(str(title).split()), "-")


def _anchors() -> Callable[[str], str]:
    """Heading ids for one page, as the toc extension gives them: a repeated one numbered
    (``_1``, ``_2``…), with its own function (``unique``)."""
    seen: set[str] = set()
    return lambda title: unique(heading_id(title), seen)


class Renderer:
    """Renders each page template with the briefing; URLs are computed relative to each page.

    Templates named ``*.md.j2`` make Markdown; ``*.html.j2`` make pages whose Markdown is
    block-level HTML only (front matter ``markup: html``), which the MkDocs plugin takes as
    converted (generator/engine/pages.py): an article page, the most numerous kind,
    costs no Markdown conversion."""

    def __init__(self, templates: Path, knowledge: Knowledge) -> None:
        self.templates, self.knowledge = templates, knowledge
        self.env, self.html_env = (self._environment(templates, finalize) for finalize in (_finalize, _finalize_html))

    def _environment(self, templates: Path, finalize: Callable[[Any], Markup]) -> Environment:
        env = Environment(
            loader=FileSystemLoader(str(templates)),
            undefined=StrictUndefined,
            finalize=finalize,
            autoescape=True,  # with finalize: macros return Markup, values are escaped
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(
            h=html_text, yaml=yaml_string, bdi=bdi, date=arabic_date, hijri=hijri_date,
            precision=lambda d: PRECISION_LABELS[d.precision] if d else "",
            num=number, excerpt=excerpt, day=iso_day,
            qualifier=lambda q: QUALIFIERS.get(q or "", ""),
            claim_kind=lambda k: CLAIM_KINDS.get(k, k),
            when=lambda entry: entry_date(entry.meta.published, entry.reported), counted=counted,
        )
        return env

    def page(self, template: str, path: str, **context: Any) -> str:
        """Render ``template`` as the page at ``path`` (relative to site_src)."""

        def link(target: str, anchor: str = "") -> Markup:
            """Markdown link target from this page to another page (a .md path)."""
            return Markup(_relative(target, posixpath.dirname(path) or ".") + (f"#{anchor}" if anchor else ""))

        here = _page_url(path)

        def url(target: str, anchor: str = "") -> Markup:
            """Built-site URL from this page to another (for raw HTML; directory URLs)."""
            found = _quoted_url(_url_between(_page_url(target), here))
            return Markup(found + html.escape(f"#{anchor}") if anchor else found)

        env = self.html_env if template.endswith(".html.j2") else self.env
        return env.get_template(template).render(
            link=link, url=url, anchor=_anchors(), article_path=article_path, topic_path=topic_path, archive_path=archive_path,
            month_title=month_title, month_label=month_label, limits=LIMITS, month_counts=charts.month_counts,
            timeline_svg=lambda data: Markup(charts.timeline_svg(data)),
            figures_svg=lambda group, chart_id: Markup(charts.figures_svg(group, chart_id)),
            figure_points=charts.figure_points, periods_of=lambda events: periods(merged_events(events)),
            article_search=lambda entry, when: Markup(article_meta(entry, self.knowledge, when)),
            entity_search=lambda view: Markup(entity_meta(view, _entity_texts(view), self.knowledge)),
            topic_search=lambda topic: Markup(topic_meta(topic, _topic_texts(topic), self.knowledge)), **context
        )


def _entity_texts(view: EntityView) -> list[str]:
    """What an entity's page shows beside its name (entity.html.j2): roles, the quotes
    and the headlines of the articles it lists."""
    texts = [view.role, *view.roles_stated]
    texts += [q.quote.text for q in view.quotes[:LIMITS["quotes"]]]
    texts += [entry.meta.title for entry, _numbers in list(view.by_article.values())[:LIMITS["entity_articles"]]]
    return texts


def _topic_texts(topic) -> list[str]:
    """What a topic's page shows that search indexes (topic.md.j2): its description and
    key points (the tables below them are left out of the index)."""
    return [topic.description, *(text for text, _source, _also in topic.takeaways)]


@lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> str:
    """URL-quoted relative path from ``folder`` to ``target`` (memoised: pages link the
    same targets from the same folders many thousand times)."""
    return quote(posixpath.relpath(target, folder))


def _url_between(there: str, here: str) -> str:
    """The directory URL of the page at ``there`` as seen from ``here`` (both site URLs
    without slashes at the ends, "" for the home page): ``posixpath.relpath`` of the two,
    with a slash added, without its two ``abspath`` calls (a ``getcwd`` system call each,
    and every page links many others)."""
    to, at = _segments(there), _segments(here)
    if to is None or at is None:  # a segment "", "." or "..": relpath's own rules
        rel = posixpath.relpath(there or ".", here or ".")
        return "" if rel == "." else rel + "/"
    common = 0
    for a, b in zip(to, at):
        if a != b:
            break
        common += 1
    return "../" * (len(at) - common) + "".join(f"{part}/" for part in to[common:])


@lru_cache(maxsize=65536)
def _segments(url: str) -> tuple[str, ...] | None:
    parts = tuple(url.split("/")) if url else ()
    return None if any(p in ("", ".", "..") for p in parts) else parts


@lru_cache(maxsize=65536)
def _quoted_url(rel: str) -> str:
    """URL-quoted and escaped for HTML (memoised: the same relative URL is linked from
    every page of a folder)."""
    return html.escape(quote(rel or "./"))


def _page_url(md_path: str) -> str:
    stem = md_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index").rstrip("/")
    return stem


def article_path(entry: Entry) -> str:
    return f"articles/{entry.slug}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def archive_path(month: str, topic_id: str = "", page: int = 1) -> str:
    """archive/2024-06.md, archive/2024-06-treaty.md; later pages end in -p2, -p3 …"""
    return f"archive/{month}{'-' + topic_id if topic_id else ''}{f'-p{page}' if page > 1 else ''}.md"


_SLUG, _ENTRY_SLUG = attrgetter("slug"), attrgetter("entry.slug")  # an entry's; an event's or item's


def archive_pages(items: list, article_of: Callable[[Any], str]) -> list[list]:
    """``items`` (newest article first) cut into pages of at most ``LIMITS["archive_articles"]``
    articles each (an article's items stay on one page); an empty list gives one empty page.
    A month of undated or year-dated articles can hold thousands: pages stay readable."""
    pages: list[list] = [[]]
    seen: set[str] = set()
    for item in items:
        article = article_of(item)
        if article not in seen:
            if len(seen) == LIMITS["archive_articles"]:
                pages.append([])
                seen = set()
            seen.add(article)
        pages[-1].append(item)
    return pages


def _pager(month: str, topic_id: str, page: int, count: int) -> dict[str, Any]:
    return {"page": page, "count": count,
            "previous": archive_path(month, topic_id, page - 1) if page > 1 else None,
            "next": archive_path(month, topic_id, page + 1) if page < count else None}


def templates_fingerprint(templates: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(templates.glob("*.j2")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


class TopicRef(NamedTuple):  # a topic as another page links it
    id: str
    label: str


class EntityRef(NamedTuple):  # an entity as another page links it
    name: str
    path: str


def _article_pages(briefing: Briefing) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for entry in briefing.entries:
        linked = {name: view.path for name in entry.people if (view := briefing.entity(name))}
        yield article_path(entry), "article.html.j2", {"entry": entry, "linked": linked}


def _entity_pages(briefing: Briefing) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """An entity's page data: the quotes and newest articles its page shows, how many
    articles name it, and the entities named beside it as links."""
    for kind in KIND_FOLDERS:
        for view in briefing.entities_of(kind):
            companions = [(EntityRef(other.name, other.path), n)
                          for k, n in view.companions() if (other := briefing.entities[k])]
            shown = replace(view, quotes=view.quotes[:LIMITS["quotes"]], together_parts=[],
                            by_article=dict(islice(view.by_article.items(), LIMITS["entity_articles"])))
            yield view.path, "entity.html.j2", {"view": shown, "kind_label": KIND_LABELS[kind],
                                                "companions": companions, "counts": {"articles": len(view.by_article)}}


def _month_pages(briefing: Briefing, month: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """A month's archive pages: its articles and the dates its statements give, in pages
    of at most LIMITS["archive_articles"] articles (a busy month mentions thousands of
    dates), then each topic's paragraphs of the month."""
    chunks = archive_pages(briefing.articles_in(month), _SLUG)
    dated = archive_pages(briefing.events_in(month), _ENTRY_SLUG)
    count = max(len(chunks), len(dated))
    shared = {"month": month, "month_articles": len(briefing.articles_in(month)),
              "month_topics": [TopicRef(t.id, t.label) for t in briefing.topics if briefing.topic_items_in(t.id, month)]}
    for n in range(1, count + 1):
        events = dated[n - 1] if n <= len(dated) else []
        yield archive_path(month, "", n), "archive_month.html.j2", {
            **shared, "entries": chunks[n - 1] if n <= len(chunks) else [],
            "events": events, "pager": _pager(month, "", n, count)}
    for topic in briefing.topics:
        found = briefing.topic_items_in(topic.id, month)
        chunks = archive_pages(found, _ENTRY_SLUG) if found else []
        for n, items in enumerate(chunks, 1):
            yield archive_path(month, topic.id, n), "archive_topic.html.j2", {
                "month": month, "topic": TopicRef(topic.id, topic.label), "items": items,
                "pager": _pager(month, topic.id, n, len(chunks))}


def _keyed_months(briefing: Briefing, salt: str, labels: dict[str, Any], memo: dict) -> Iterator[tuple]:
    """Every month's archive pages with their keys. A month holding the very same
    articles, dates and topic paragraphs (the same objects, which `mkdocs serve` keeps) as
    last time has the same pages and keys: they are not made nor hashed again (``memo``)."""
    made_with = (salt, tuple(labels["topic_labels"].items()))
    for month in briefing.months():
        holds = (briefing.articles_in(month), briefing.events_in(month),
                 *(briefing.topic_items_in(t.id, month) for t in briefing.topics))
        kept = memo.get(month)
        if kept is None or kept[0] != made_with or not _same_items(kept[1], holds):
            pages = [(path, template, {**context, **labels}) for path, template, context in _month_pages(briefing, month)]
            kept = memo[month] = (made_with, holds, [(*page, data_key(salt, *page[1:])) for page in pages])
        yield from kept[2]
    for gone in memo.keys() - set(briefing.months()):
        del memo[gone]


def _same_items(kept: tuple[list, ...], now: tuple[list, ...]) -> bool:
    """Whether each list holds the very same objects as its kept counterpart, in order."""
    return len(kept) == len(now) and all(len(a) == len(b) and all(map(is_, a, b)) for a, b in zip(kept, now))


@dataclass
class SiteMemo:
    """What ``plan_site`` keeps for its next call (by a long-running process; a one-shot
    build saves the quick-hits index alone)."""

    renderer: Renderer | None = None  # the templates as Jinja compiled them
    months: dict[str, tuple] = field(default_factory=dict)  # month → (made with, its lists, its keyed pages)
    hits: HitMemo = field(default_factory=HitMemo)


@dataclass
class SitePlan:
    """What a build renders: the jobs (path, template, context), the files made already
    ({path: text, or None for a page whose key is unchanged}) and every keyed page's key."""

    renderer: Renderer
    jobs: list[tuple[str, str, dict[str, Any]]]
    files: dict[str, Any]
    keys: dict[str, str]

    @property
    def rendering(self) -> list[str]:
        return [path for path, _template, _context in self.jobs]


def render_site(briefing: Briefing, templates: Path, knowledge: Knowledge, salt: str = "",
                previous: dict[str, str] | None = None, memo: SiteMemo | None = None,
                emit: Callable[[str, str], Any] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """``plan_site`` then ``render_plan``: ({path: Markdown, or None when unchanged}, {path: key})."""
    plan = plan_site(briefing, templates, knowledge, salt, previous, memo)
    return render_plan(plan, emit), plan.keys


def render_plan(plan: SitePlan, emit: Callable[[str, str], Any] | None = None) -> dict[str, Any]:
    """Every file of the plan: those made already, and its jobs rendered, {path: text, or
    what ``emit(path, text)`` gave}.

    In this process only. A forked worker would share the briefing, but every page it
    renders reads objects spread over the whole heap, and reading writes their reference
    counts: by the end each of two processes holds its own copy of half the heap, more
    memory than a build of 10,000 articles may take (docs/scale.md).
    """
    out = emit or (lambda _path, text: text)
    rendered = {path: out(path, plan.renderer.page(template, path, **context)) for path, template, context in plan.jobs}
    return {**plan.files, **rendered}


def plan_site(briefing: Briefing, templates: Path, knowledge: Knowledge, salt: str = "",
              previous: dict[str, str] | None = None, memo: SiteMemo | None = None) -> SitePlan:
    """Every generated page of the site, as a job to render or known unchanged. The pages
    whose number grows with the corpus (articles, entities, month archives) have keys,
    hashes of their data (site/keys.py): a rebuild with one new article renders only the
    pages whose data it changed (``previous``: the keys as last written). ``memo``: what
    the last call kept."""
    memo = memo if memo is not None else SiteMemo()
    r = memo.renderer
    if r is None or r.templates != templates or r.knowledge is not knowledge:
        r = memo.renderer = Renderer(templates, knowledge)  # Jinja reloads a template whose file changed
    salt = f"{salt}-{templates_fingerprint(templates)}-{LIMITS!r}"
    labels = {"topic_labels": {t.id: t.label for t in briefing.topics}}
    jobs, files, keys = _whole_pages(briefing, labels), {}, {}
    pages = [(path, template, {**context, **labels}) for make in (_article_pages, _entity_pages)
             for path, template, context in make(briefing)]
    keyed = [(*page, data_key(salt, *page[1:])) for page in pages]
    keyed += _keyed_months(briefing, salt, labels, memo.months)
    for path, template, context, key in keyed:
        keys[path] = key
        if (previous or {}).get(path) == key:
            files[path] = None
        else:
            jobs.append((path, template, context))
    files["assets/quick-answers.json"] = _json(quick_answers(briefing, knowledge))
    files["assets/search-forms.json"] = _json(forms_data(knowledge))
    files.update(hit_files(briefing.entries, lambda e: e.terms or body_terms(e.article.paragraphs, knowledge.forms),
                           knowledge.forms, memo.hits))
    return SitePlan(r, jobs, files, keys)


def _whole_pages(briefing: Briefing, labels: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The pages that show the whole briefing, and the topics: rendered every time (one
    new article changes what they list; a topic's data is more to hash than to render)."""
    ctx = {"briefing": briefing, **labels}
    whole = [(path, template, dict(ctx)) for path, template in (
        ("index.md", "home.md.j2"), ("timeline.md", "timeline.md.j2"), ("sources.md", "sources.md.j2"),
        ("updates.md", "updates.md.j2"), ("articles/index.md", "articles.md.j2"))]
    whole += [(topic_path(topic.id), "topic.md.j2", {"topic": topic, **ctx}) for topic in briefing.topics]
    whole.append(("archive/index.md", "archive_index.md.j2", {"months": briefing.months(), **ctx}))
    for kind, folder in KIND_FOLDERS.items():
        whole.append((f"{folder}/index.md", "entities.md.j2",
                       {"title": KIND_TITLES[kind], "views": briefing.entities_of(kind), **ctx}))
    return whole


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

