"""What of its unit a figure counts, from the words right after it: troops killed or
wounded are not troops sent; containers going to Russia («7000 حاوية … إلى روسيا») are not
containers coming from it («9000 حاوية روسية»). Figures of one unit with different facets
are different things, listed apart in the briefing's figure tables. The words are data
(patterns.yml: ``figure_facets``), in order of precedence: the first facet whose words are
there wins, except that two facets of one ``group`` (two directions) cancel out."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from generator.arabic import clean, fold
from generator.knowledge import Knowledge
from generator.model import Article, Quantity

_PUNCTUATION = re.compile(r"[^\w\s]")
WINDOW_CHARS = 60
_PROCLITICS = ("", "و", "ال", "وال", "بال", "لل")  # «المساعدات», «والذخائر», «بالمساعدات»  # after the figure's words: «7000 حاوية مليئة بالذخائر وغيرها إلى روسيا»


def with_facets(quantities: tuple[Quantity, ...], article: Article, knowledge: Knowledge) -> tuple[Quantity, ...]:
    """``quantities``, each compared one given the facet its sentence states."""
    if not knowledge.patterns.facets:
        return quantities
    return tuple(_faceted(q, article, knowledge) if q.compared else q for q in quantities)


def _faceted(q: Quantity, article: Article, knowledge: Knowledge) -> Quantity:
    text = fold(clean(article.paragraph(q.evidence.paragraph).text))
    at = text.find(fold(q.text))
    if at < 0:
        return q
    end = at + len(fold(q.text))
    clause = re.split(r"[.،,؛;]", text[end:end + WINDOW_CHARS])[0]  # «… إلى روسيا، وتلقت 9000 حاوية روسية»
    window = " " + " ".join(_PUNCTUATION.sub(" ", clause).split()) + " "
    found = [(facet, group) for facet, group, words in _folded(knowledge)
             if any(f" {p}{w} " in window for w in words for p in _PROCLITICS)]
    unit = knowledge.patterns.units.get(q.unit)
    if not found and unit is not None and unit.facet in knowledge.patterns.facets:
        found = [(unit.facet, "")]  # the unit's usual facet: «11 ألف جندي» went to Russia
    if not found:
        return q
    facet, group = found[0]
    if any(g == group and f != facet for f, g in found[1:]):
        return q  # words of both ways: which way is not said
    return replace(q, facet=facet, facet_label=knowledge.patterns.facets[facet][0])


@lru_cache(maxsize=4)
def _folded(knowledge: Knowledge) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((facet, group, tuple(fold(w) for w in words))
                 for facet, (_label, group, words) in knowledge.patterns.facets.items())
