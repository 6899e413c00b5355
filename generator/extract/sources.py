"""The publishing outlet (from credit lines) and the sources an article cites.

The outlet comes from where outlets sign their work, in this order of trust:
copyright line («©2023 بلومبرج», «جميع الحقوق محفوظة لقناة الميادين») → opening credit
«(بلومبرج) –», «موسكو (د ب أ) -» → dateline or signature «أبوظبي - سكاي نيوز عربية»,
«سول/ دبي -رويترزالشرق» (the last outlet named; agencies before it are cited), «المصدر: موقع
المنار» → the site's name above the headline → a «الأكثر قراءة من …» list. «وكالات» means
"agencies" and names no outlet; «نقلاً عن: فرانس برس» and a photo credit «… - Reuters» name
a cited agency, not the outlet.
"""

from __future__ import annotations

import re

from generator.arabic import fold, has_arabic
from generator.knowledge import Knowledge, Source
from generator.knowledge.match import contains_any
from generator.model import Article, Evidence, Removed, SourceMention

# «(بلومبرج) –» or, Reuters style, «موسكو (رويترز) -» at the start of the first paragraph
_OPENING_CREDIT = re.compile(r"^[^()\-–—.،]{0,30}\(([^()]{2,40})\)\s*[-–—]")
# «موسكو - سبوتنيك.», «سول -رويترز», «<outlet> - وصل …»: a few words, a dash, the lead
_OPENING_DASH = re.compile(r"^((?:[^\s()\-–—.،:]+\s*){1,3}[-–—/]\s*(?:[^\s()\-–—.،:]+\s?){0,3})[.:\-–—]\s")
_OPENING_NAME = re.compile(r"^((?:[^\s()\-–—.،:]+\s?){1,3})\s*[-–—/]\s")  # «الغد - وصل …»: the whole name
_CUE = re.compile(r"(وكال[ةه]|صحيف[ةه]|موقع|شبك[ةه]|مجل[ةه]|قنا[ةه]|بحسب|وفق[اًا]*|ذكرت|أوردت|اوردت|نقلت)\s*[\"«“]?\s*$")
# What a credit says besides the outlet's name: «© 2025 جميع الحقوق محفوظة لقناة الميادين»,
# «المصدر: موقع المنار», «(الاتحاد، وكالات)».
_CREDIT_NOISE = re.compile(
    r"©|\(c\)|copyright|\d{4}|جميع الحقوق محفوظة|حقوق النشر محفوظة|الحقوق محفوظة|محفوظة|"
    r"إل بي|ال بي|\bLP\b|\bLLC\b|المصدر\s*:|مصدر الخبر\s*:|\+|[().,:،]|"
    r"(?<!\S)(?:ل|لـ|و)?(?:وكالات|قناة|موقع|صحيفة|جريدة|شبكة|مجلة|بوابة)(?!\S)|(?<!\S)لـ?(?=\S)", re.I)
_SOURCE_LABEL = re.compile(r"^\s*(المصدر|مصدر الخبر)\s*:")

CONFIDENCE = {"copyright": 0.95, "opening-credit": 0.9, "credit": 0.85, "site-name": 0.7, "most-read": 0.6}


def _names(knowledge: Knowledge) -> dict[str, Source]:
    return {name: s for s in knowledge.sources for name in (s.name, *s.aliases)}


def _sources_in(text: str, knowledge: Knowledge) -> list[Source]:
    """Known sources named in a credit line, in order (substring search: credits are glued)."""
    names = _names(knowledge)
    found: list[Source] = []
    for _pos, name in contains_any(text, names):
        source = names[name]
        if source not in found:
            found.append(source)
    return found


def find_outlet(article: Article, knowledge: Knowledge) -> tuple[str | None, Evidence | None, float]:
    """The outlet, the credit that names it, and how sure we are (0 when unknown): the
    first step of the cascade (module docstring) that names one."""
    for step in (_from_copyright, _from_opening, _from_credits, _from_site_name, _from_most_read):
        found = step(article, knowledge)
        if found is not None:
            return found
    return None, None, 0.0


def _removed(article: Article, *kinds: str) -> list[Removed]:
    return [r for r in article.removed if r.kind in kinds]


def _publisher(text: str, knowledge: Knowledge, unknown: bool) -> str | None:
    """The outlet a credit names: a known outlet first, else a known agency, else (when
    ``unknown``) the credit's own words once «المصدر:», «لصحيفة», «وكالات» … are gone."""
    sources = _sources_in(text, knowledge)
    outlets = [s for s in sources if s.kind == "outlet"] or sources
    if outlets:
        return outlets[-1].name
    if not unknown:
        return None
    words = " ".join(_CREDIT_NOISE.sub(" ", text).split())
    return words if 1 <= len(words.split()) <= 4 and has_arabic(words) else None


def _from_copyright(article: Article, knowledge: Knowledge):
    for removed in _removed(article, "copyright"):
        name = _publisher(removed.text, knowledge, unknown=True)
        if name:
            known = bool(_sources_in(removed.text, knowledge))
            return name, Evidence(0, removed.text), CONFIDENCE["copyright"] if known else 0.5
    return None


def _from_opening(article: Article, knowledge: Knowledge):
    """«(بلومبرج) –», «موسكو (د ب أ) -», «عواصم (الاتحاد، وكالات)», «موسكو - سبوتنيك.»,
    «الوكيل - وصل …» opening the first paragraph."""
    if not article.paragraphs:
        return None
    text = article.paragraphs[0].text
    opening = _OPENING_CREDIT.match(text) or _OPENING_DASH.match(text)
    glued = _OPENING_NAME.match(text)
    if not opening and glued and fold(glued.group(1).strip()) in {fold(n) for n in _names(knowledge)}:
        opening = glued
    if not opening:
        return None
    known = opening.re is not _OPENING_CREDIT  # «X - …» credits only a source the knowledge base knows
    name = _publisher(opening.group(1), knowledge, unknown=not known)
    return (name, Evidence(1, opening.group(0)), CONFIDENCE["opening-credit"]) if name else None


def _from_credits(article: Article, knowledge: Knowledge):
    """Datelines and signatures: «أبوظبي - سكاي نيوز عربية», «العربية.نت - وكالات», «المصدر: …»."""
    for removed in _removed(article, "credit", "byline"):  # «بقلم: يورونيوز مع أ ف ب»
        unknown = removed.kind == "credit" and _SOURCE_LABEL.match(removed.text) is not None
        name = _publisher(removed.text, knowledge, unknown=unknown)
        if name:
            return name, Evidence(0, removed.text), CONFIDENCE["credit"]
    return None


def _from_site_name(article: Article, knowledge: Knowledge):
    """The site's name alone on a line above the headline («سكاي نيوز عربية»، «الميادين نت»)."""
    for removed in _removed(article, "label"):
        sources = [s for s in _sources_in(removed.text, knowledge) if s.kind == "outlet"]
        whole = fold(removed.text) in {fold(n) for n in _names(knowledge)}  # «بي بي سي نيوز عربي»
        if sources and (len(removed.text.split()) <= 3 or whole):
            return sources[0].name, Evidence(0, removed.text), CONFIDENCE["site-name"]
    return None


def _from_most_read(article: Article, knowledge: Knowledge):
    for removed in _removed(article, "most-read"):
        sources = _sources_in(removed.text, knowledge)
        if sources:
            return sources[0].name, Evidence(0, removed.text), CONFIDENCE["most-read"]
    return None


def find_cited(article: Article, knowledge: Knowledge, outlet: str | None) -> list[SourceMention]:
    """Agencies, papers and outlets the article cites (the outlet itself excluded)."""
    by_name = {s.name: s for s in knowledge.sources}
    mentions: list[SourceMention] = []
    seen: set[str] = set()
    for removed in article.removed:
        if removed.kind in ("credit", "via"):
            for source in _sources_in(removed.text, knowledge):
                if source.name != outlet and source.name not in seen:
                    seen.add(source.name)
                    mentions.append(SourceMention(source.name, source.kind, Evidence(0, removed.text)))
    for paragraph in article.paragraphs:
        for match in knowledge.source_matcher.find(paragraph.text):
            source = by_name[match.label]
            if source.name == outlet or source.name in seen:
                continue
            if source.ambiguous and not _CUE.search(paragraph.text[: match.start]):
                continue
            seen.add(source.name)
            mentions.append(SourceMention(source.name, source.kind, Evidence(paragraph.n, match.surface)))
    return mentions
