"""The publishing outlet (from credit lines) and the sources an article cites.

The outlet comes from where outlets sign their work, in this order of trust:
copyright line («©2023 بلومبرج») → opening credit «(بلومبرج) –» → dateline
«سول/ دبي -رويترزالشرق» (the last outlet named; agencies before it are cited) →
a «الأكثر قراءة من …» list. A photo credit «… - Reuters» names a cited agency, not the outlet.
"""

from __future__ import annotations

import re

from generator.arabic import clean
from generator.knowledge import Knowledge, Source
from generator.match import contains_any
from generator.model import Article, Evidence, SourceMention

# «(بلومبرج) –» or, Reuters style, «موسكو (رويترز) -» at the start of the first paragraph
_OPENING_CREDIT = re.compile(r"^[^()\-–—.،]{0,30}\(([^()]{2,40})\)\s*[-–—]")
_CUE = re.compile(r"(وكال[ةه]|صحيف[ةه]|موقع|شبك[ةه]|مجل[ةه]|قنا[ةه]|بحسب|وفق[اًا]*|ذكرت|أوردت|اوردت|نقلت)\s*[\"«“]?\s*$")
_COPYRIGHT_NOISE = re.compile(r"©|\(c\)|copyright|\d{4}|جميع الحقوق محفوظة|إل بي|ال بي|\bLP\b|\bLLC\b", re.I)

CONFIDENCE = {"copyright": 0.95, "opening-credit": 0.9, "credit": 0.85, "most-read": 0.6}


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
    """The outlet, the credit that names it, and how sure we are (0 when unknown)."""
    by_kind = {kind: [r for r in article.removed if r.kind == kind] for kind in ("copyright", "credit", "most-read")}
    for removed in by_kind["copyright"]:
        sources = _sources_in(removed.text, knowledge)
        if sources:
            return sources[-1].name, Evidence(0, removed.text), CONFIDENCE["copyright"]
        rest = " ".join(_COPYRIGHT_NOISE.sub(" ", removed.text).split())
        if 2 <= len(rest) <= 40:
            return rest, Evidence(0, removed.text), 0.5
    if article.paragraphs:
        opening = _OPENING_CREDIT.match(article.paragraphs[0].text)
        if opening:
            sources = _sources_in(opening.group(1), knowledge)
            name = sources[0].name if sources else clean(opening.group(1)).strip()
            return name, Evidence(1, opening.group(0)), CONFIDENCE["opening-credit"]
    for removed in by_kind["credit"]:
        sources = _sources_in(removed.text, knowledge)
        outlets = [s for s in sources if s.kind == "outlet"] or sources
        if outlets:
            return outlets[-1].name, Evidence(0, removed.text), CONFIDENCE["credit"]
    for removed in by_kind["most-read"]:
        sources = _sources_in(removed.text, knowledge)
        if sources:
            return sources[0].name, Evidence(0, removed.text), CONFIDENCE["most-read"]
    return None, None, 0.0


def find_cited(article: Article, knowledge: Knowledge, outlet: str | None) -> list[SourceMention]:
    """Agencies, papers and outlets the article cites (the outlet itself excluded)."""
    by_name = {s.name: s for s in knowledge.sources}
    mentions: list[SourceMention] = []
    seen: set[str] = set()
    for removed in article.removed:
        if removed.kind == "credit":
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
