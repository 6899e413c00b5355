"""An article's word 5-gram shingles and their bottom-k sketch: what duplicate detection
(generator/briefing/duplicates.py) compares. The sketch is made when the article is read
and kept with its extraction, so it lives apart from the detection: a change to how
duplicates are found does not make every article be extracted again."""

from __future__ import annotations

import hashlib

from generator.arabic import words
from generator.model import Article

SHINGLE = 5
SKETCH = 16


def shingles(article: Article) -> set[int]:
    tokens = words(" ".join(p.text for p in article.paragraphs))
    grams = [" ".join(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))]
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams}


def sketch(article: Article) -> tuple[int, ...]:
    """The article's ``SKETCH`` smallest shingle hashes."""
    return tuple(sorted(shingles(article))[:SKETCH])
