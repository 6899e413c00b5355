"""Article → Extraction: each extractor is small and returns values with their evidence.

This is the seam for a model-based extractor: anything that maps an ``Article`` to an
``Extraction`` can replace ``extract_article``.
"""

from __future__ import annotations

import datetime as dt

from generator.extract.claims import find_claims
from generator.extract.dates import find_dates
from generator.extract.entities import find_candidates, find_entities
from generator.extract.facets import with_facets
from generator.extract.published import publication
from generator.extract.quantities import find_quantities
from generator.extract.quotes import find_quotes
from generator.extract.relative import relative_dates
from generator.extract.sources import find_cited, find_outlet
from generator.extract.topics import paragraph_topics
from generator.knowledge import Knowledge
from generator.model import Article, Extraction

# Bumped whenever extraction output can change, so cached results are recomputed.
EXTRACTOR_VERSION = 4


def extract_article(article: Article, knowledge: Knowledge, today: dt.date | None = None) -> Extraction:
    """Run every extractor over one article. ``today`` bounds year inference."""
    today = today or dt.date.today()
    outlet, outlet_evidence, _confidence = find_outlet(article, knowledge)
    published, bounds = publication(article, knowledge, today)
    explicit = [d for p in article.paragraphs for d in find_dates(p.text, p.n, knowledge)]
    dates = sorted(explicit + relative_dates(article, knowledge, published, today),
                   key=lambda d: (d.evidence.paragraph if d.evidence else 0, d.value))
    entities = find_entities(article, knowledge)
    candidates = tuple(find_candidates(article, knowledge, entities))
    return Extraction(
        title=article.title,
        title_source=article.title_source,
        outlet=outlet,
        outlet_evidence=outlet_evidence,
        published=published,
        published_bounds=bounds,
        dates=tuple(dates),
        cited=tuple(find_cited(article, knowledge, outlet)),
        paragraph_topics=paragraph_topics(article, knowledge),
        entities=tuple(entities),
        candidates=candidates,
        quantities=with_facets(tuple(find_quantities(article, knowledge, candidates, tuple(entities))),
                               article, knowledge),
        quotes=tuple(find_quotes(article, knowledge, candidates, tuple(entities))),
        claims=tuple(find_claims(article, knowledge)),
    )
