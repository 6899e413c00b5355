"""Find vocabulary terms and names in Arabic text, clitics and spelling variants included.

A term is a sequence of folded words; a text matches it where consecutive words have the
term's words among their clitic-stripped variants (see ``arabic.token_variants``). The index
is keyed by a term's first word, so matching costs one dictionary look-up per variant per
word — linear in the text, whatever the number of terms. (An Aho–Corasick automaton over
characters, e.g. pyahocorasick, cannot express "this word, minus any proclitics" without
generating every clitic form of every term; the word index does it directly.)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from functools import lru_cache

from generator.arabic import WORD, clean, fold, fold_name, fold_name_word, fold_word, strip_article, token_variants


@dataclass(frozen=True)
class Match:
    """One occurrence of a term: which entry, and where in the text."""

    label: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    variants: frozenset[str]


class Matcher:
    """Longest-match, left-to-right finder for a labelled term list."""

    def __init__(self, terms: Mapping[str, Iterable[str]], *, names: bool = False) -> None:
        self.names = names
        self._index: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for label, surfaces in terms.items():
            for surface in surfaces:
                for key in self._keys(surface):
                    self._index[key[0]].append((key, label))
        for entries in self._index.values():
            entries.sort(key=lambda entry: -len(entry[0]))  # longest first
        self._fold_word = fold_name_word if names else fold_word
        # Several extractors look up the same paragraph; remember recent answers.
        self.find = lru_cache(maxsize=8192)(self._find)  # type: ignore[method-assign]

    def _fold(self, text: str) -> str:
        return fold_name(text) if self.names else fold(text)

    def _keys(self, surface: str) -> list[tuple[str, ...]]:
        key = tuple(strip_article(w) for w in WORD.findall(self._fold(surface)))
        if not key:
            return []
        keys = [key]
        if self.names and len(key) == 2:  # بيونغ يانغ ↔ بيونغيانغ
            keys.append((key[0] + key[1],))
        return keys

    def _tokens(self, text: str) -> list[_Token]:
        fold_one = self._fold_word
        return [
            _Token(m.start(), m.end(), token_variants(fold_one(m.group())))
            for m in WORD.finditer(text)
        ]

    def _find(self, text: str) -> tuple[Match, ...]:
        """Every non-overlapping match in ``text``, longest first (see ``find``)."""
        text = clean(text)
        tokens = self._tokens(text)
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            hit = self._match_at(tokens, i)
            if hit is None:
                i += 1
                continue
            length, label = hit
            start, end = tokens[i].start, tokens[i + length - 1].end
            found.append(Match(label, start, end, text[start:end]))
            i += length
        return tuple(found)

    def find(self, text: str) -> tuple[Match, ...]:  # replaced per instance by a cached _find
        """Every non-overlapping match in ``text``, longest first."""
        return self._find(text)

    def _match_at(self, tokens: list[_Token], i: int) -> tuple[int, str] | None:
        best: tuple[int, str] | None = None
        for variant in tokens[i].variants:
            for key, label in self._index.get(variant, ()):
                n = len(key)
                if best is not None and n <= best[0]:
                    break
                if i + n <= len(tokens) and all(
                    key[j] in tokens[i + j].variants for j in range(1, n)
                ):
                    best = (n, label)
                    break
        return best

    def labels(self, text: str) -> set[str]:
        """The set of labels found in ``text``."""
        return {m.label for m in self.find(text)}


def contains_any(text: str, needles: Iterable[str]) -> list[tuple[int, str]]:
    """Plain folded substring search, for glued credit lines such as «رويترزالشرق».

    Returns (position, needle) pairs in text order: at each position the longest needle
    that starts there (one pattern for all needles: a search per needle cost a
    millisecond a line with a few hundred outlet names).
    """
    pattern, by_folded = _needle_pattern(tuple(needles))
    if pattern is None:
        return []
    return [(m.start(), by_folded[m.group(1)]) for m in pattern.finditer(fold(text))]


@lru_cache(maxsize=64)
def _needle_pattern(needles: tuple[str, ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    by_folded: dict[str, str] = {}
    for needle in needles:
        by_folded.setdefault(_fold_needle(needle), needle)
    by_folded.pop("", None)
    if not by_folded:
        return None, {}
    alternatives = "|".join(re.escape(f) for f in sorted(by_folded, key=len, reverse=True))
    return re.compile(f"(?=({alternatives}))"), by_folded


_fold_needle = lru_cache(maxsize=4096)(fold)  # the same outlet names, for every article
