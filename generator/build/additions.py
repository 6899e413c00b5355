"""Indexes that a long-running process (`mkdocs serve`) keeps and grows article by article:
the quick-hits index (generator/site/search_hits.py) and duplicate detection's candidate pairs
(generator/briefing/duplicates.py). Adding an article to such an index gives what one pass over all
articles gives; removing or changing one cannot be undone in it, so the index is then made
afresh. ``only_added`` is that one test, shared by both.
"""

from __future__ import annotations

from collections.abc import Mapping

_GONE = object()


def only_added(kept: Mapping[str, object], current: Mapping[str, object]) -> bool:
    """Whether ``current`` ({slug: what the index took from the article}) is ``kept`` plus
    new articles only: none gone, none changed."""
    if len(kept) > len(current):
        return False
    for slug, value in kept.items():
        now = current.get(slug, _GONE)
        if now is not value and now != value:
            return False
    return True
