"""An article's search terms: the form key of each of its words (the one form per word
that the index and the reader's query share: generator/site/search.py) and how often
each occurs. Apart from the rest of the search because the extraction cache keeps every
article's terms: a change to how pages are described for search extracts nothing again.
"""

from __future__ import annotations

from array import array
from functools import lru_cache

from generator.arabic import WORD, search_key
from generator.knowledge import SearchForms


@lru_cache(maxsize=500_000)
def form_key(word: str, forms: SearchForms) -> str:
    """«الحاويات» → «حاوي»; «والذخائر» → «ذخير»; «بوتين» stays «بوتين» (a name)."""
    return forms.reduce(search_key(word))


def word_keys(text: str, forms: SearchForms) -> list[str]:
    """The form key of each word of ``text`` (keys shorter than two letters dropped)."""
    return [k for k in (form_key(w, forms) for w in WORD.findall(text)) if len(k) >= 2]


Terms = tuple[tuple[str, bytes], int]


def body_terms(paragraphs, forms: SearchForms) -> Terms:
    """An article's form keys and how often each occurs, and its length in words (kept
    in the extraction cache). Packed: the keys, sorted, in one space-separated string
    (keys hold no spaces) and their counts as one array of 32-bit integers. As a tuple
    of (key, count) pairs, unpickling every article's pairs (millions of objects on a
    large site) would be a large share of loading the cache."""
    counts: dict[str, int] = {}
    total = 0
    for p in paragraphs:
        for key in word_keys(p.text, forms):
            counts[key] = counts.get(key, 0) + 1
            total += 1
    keys = sorted(counts)
    return (" ".join(keys), array("I", [counts[k] for k in keys]).tobytes()), total


def term_counts(terms: Terms) -> dict[str, int]:
    """{key: count} of ``body_terms``."""
    (keys, counts), _length = terms
    return dict(zip(keys.split(" "), array("I", counts))) if keys else {}
