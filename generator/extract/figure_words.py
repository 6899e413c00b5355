"""The figures' vocabulary as look-up tables: what a number counts (a unit of the
knowledge base, or any noun), months, vague amounts and duals. Built once per knowledge
base (patterns.yml: ``units``, ``vague_amounts``, ``not_counted``, ``dual_nouns`` …)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.arabic import fold, strip_article
from generator.extract.numbers import Token, Vocabulary, split_clitics, vocabulary
from generator.knowledge import Knowledge, Unit

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_DEFINITE = re.compile(r"^(?:[وف]?[بك]?ال|[وف]?لل)")  # the article, after و ف ب ك (لل: ل + ال)
_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
_PERCENT = "%٪"
# what a word may start (``FigureIndex.starts``): most words start nothing, and are passed by
NUMBER, VAGUE, FRACTION, DUAL, UNIT = 1, 2, 4, 8, 16
MAX_REMEMBERED = 200_000
_DUAL_ENDINGS = ("ين", "ان")
_FEMININE_DUAL = ("تين", "تان")


@dataclass(frozen=True)
class Noun:
    """What a figure counts."""

    unit: str  # unit id, or the noun as written
    label: str
    end: int  # token index after it
    duration: bool = False
    compared: bool = False
    unit_word: bool = False  # a unit of the knowledge base


@lru_cache(maxsize=200_000)
def forms(key: str) -> tuple[tuple[str, bool], ...]:
    """The readings of a folded word without its proclitics, article and accusative alef,
    each with whether the article was taken off («بالصواريخ» → صواريخ, «صاروخا» → صاروخ)."""
    found = [(key, False)]
    for prefix in ("", *_PROCLITICS):
        rest = key[len(prefix):]
        if not key.startswith(prefix) or len(rest) < 2:
            continue
        if prefix:
            found.append((rest, False))
        if rest.startswith("ال") and len(rest) > 3:
            found.append((rest[2:], True))
        if prefix.endswith("ل") and rest.startswith("ل") and len(rest) > 2:
            found.append((rest[1:], True))
    found += [(f[:-1], d) for f, d in found if f.endswith("ا") and len(f) > 3]
    return tuple(dict.fromkeys(found))


def definite(text: str) -> bool:
    """Whether a word as written carries the article («الجنود», «بالصواريخ», «للجنود»)."""
    return _DEFINITE.match(_MARKS.sub("", text)) is not None


class FigureIndex:
    """Look-ups for figures, made once per knowledge base."""

    def __init__(self, knowledge: Knowledge) -> None:
        patterns = knowledge.patterns
        self.words = patterns.figures
        self.numbers: Vocabulary = vocabulary(knowledge)
        self.units = patterns.units
        self.qualifiers = tuple((kind, tuple(" ".join(fold(p).split()) for p in phrases))
                                for kind, phrases in patterns.qualifiers.items())
        self.by_word: dict[str, list[tuple[tuple[str, ...], Unit]]] = {}
        for unit in self.units.values():
            for word in unit.words:
                key = tuple(fold(w) for w in word.split())
                key = (key[0], *(strip_article(w) for w in key[1:]))
                self.by_word.setdefault(key[0], []).append((key, unit))
        for entries in self.by_word.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        self.months = frozenset(fold(name.split()[0]) for names in (*knowledge.month_names.values(),
                                                                     *knowledge.weekday_names.values())
                                for name in names if not name.isascii())
        self.duals = self._duals()
        self._starts: dict[str, int] = {}
        self.vocabulary = (frozenset(self.numbers.words) | frozenset(self.numbers.scales) | self.words.vague
                           | self.words.vague_openers | frozenset(self.numbers.fractions)
                           | frozenset(self.numbers.teens) | frozenset(self.duals))
        self.not_nouns = (self.words.not_nouns | self.words.vague | self.words.vague_openers
                          | frozenset(self.numbers.words) | frozenset(self.numbers.scales)
                          | frozenset(self.numbers.fractions) | self.months)

    def _duals(self) -> dict[str, Unit | None]:
        """{dual form: unit}: «جنديين» → troops, «سنتين» → years; None for ``dual_nouns``."""
        listed = set(self.by_word)
        duals: dict[str, Unit | None] = {}
        singular = [(key[0], u) for entries in self.by_word.values() for key, u in entries
                    if len(key) == 1 and len(key[0]) >= 3]
        singular += [(w, None) for w in self.words.dual_nouns]
        for word, unit in singular:
            base = word[:-1] + "ت" if word.endswith("ه") else word
            for ending in _DUAL_ENDINGS:
                if base + ending not in listed:  # «عسكريين» is listed as a plural
                    duals.setdefault(base + ending, unit)
        return duals

    def starts(self, key: str) -> int:
        """What a folded word may start: NUMBER | VAGUE | FRACTION | DUAL | UNIT bits (0 for
        most words), remembered: extraction asks about every word of 10,000 articles."""
        found = self._starts.get(key)
        if found is None:
            if len(self._starts) > MAX_REMEMBERED:
                self._starts.clear()
            readings = [f for f, with_article in forms(key) if not with_article]
            found = ((NUMBER if split_clitics(key, self.numbers.words) or split_clitics(key, self.numbers.teens)
                      else 0)
                     | (VAGUE if any(f in self.words.vague or f in self.words.vague_openers for f, _d in forms(key))
                        else 0)
                     | (FRACTION if split_clitics(key, self.numbers.fractions) else 0)
                     | (DUAL if key.endswith(_DUAL_ENDINGS) else 0)
                     | (UNIT if any(f in self.by_word for f in readings) else 0))
            self._starts[key] = found
        return found

    def conjunction(self, t: Token) -> int:
        """1 when a figure's first word carries the conjunction و/ف («وعشرين», «وسفينتين»),
        which its text leaves out; 0 otherwise."""
        key = t.key
        if t.kind != "word" or key[:1] not in ("و", "ف") or key in self.vocabulary:
            return 0
        rest = key[1:]
        unit = len(rest) >= 3 and any(f in self.by_word for f, with_article in forms(rest) if not with_article)
        return 1 if rest in self.vocabulary or unit else 0

    def is_month(self, t: Token) -> bool:
        return t.kind == "word" and any(f in self.months for f, _d in forms(t.key))

    def is_vague(self, t: Token) -> bool:
        return t.kind == "word" and any(f in self.words.vague for f, _d in forms(t.key))

    def unit_noun(self, unit_id: str, end: int) -> Noun:
        unit = self.units[unit_id]
        return Noun(unit.id, unit.label, end, unit.duration, unit.compare and not unit.duration, True)

    def _unit_at(self, toks: list[Token], j: int) -> tuple[Unit, int, bool] | None:
        """(unit, end, with the article) of a unit word at ``j``, several words included."""
        t = toks[j]
        for form, with_article in forms(t.key):
            for key, unit in self.by_word.get(form, ()):
                k = j + 1
                for word in key[1:]:
                    if k >= len(toks) or strip_article(toks[k].key) != word:
                        break
                    k += 1
                else:
                    return unit, k, with_article
        return None

    def noun_at(self, toks: list[Token], j: int, exact: bool, after_of: bool) -> Noun | None:
        """What a number ending before ``j`` counts. ``exact``: an exact number counts an
        indefinite noun («ثلاثة جنود», never «3 الجنود»); ``after_of``: «من» may come
        first («الآلاف من الجنود», «ثلاثة من المسؤولين»)."""
        if j >= len(toks):
            return None
        t = toks[j]
        if t.kind == "sym" and t.text in _PERCENT and "percent" in self.units:
            return self.unit_noun("percent", j + 1)
        if t.kind != "word":
            return None
        found = self._unit_at(toks, j)
        if found is not None:
            unit, end, with_article = found
            return None if exact and with_article else self.unit_noun(unit.id, end)
        if after_of and t.key == "من":
            return self.noun_at(toks, j + 1, exact=False, after_of=False)
        if self._plain_noun(t) and not (exact and definite(t.text)):
            return Noun(t.text, t.text, j + 1)
        return None

    def _plain_noun(self, t: Token) -> bool:
        """Whether a word can be what a number counts: not a particle, a number word, a
        month, a time of day (``not_counted.nouns``)."""
        if len(t.key) < 3:  # «ال» left of «الـ75», a stray letter
            return False
        return not any(f in self.not_nouns for f, with_article in forms(t.key) if not with_article)

    def dual_at(self, toks: list[Token], i: int) -> Noun | None:
        """The noun of a dual at ``i`` («جنديين», «ساعتين», any «…تين/…تان»), indefinite."""
        t = toks[i]
        if t.kind != "word" or definite(t.text) or (i and toks[i - 1].kind == "num"):
            return None
        readings = [f for f, with_article in forms(t.key) if not with_article]
        if any(f in self.words.not_duals or f in self.numbers.words for f in readings):
            return None
        for form in readings:
            if form in self.duals:
                unit = self.duals[form]
                return self.unit_noun(unit.id, i + 1) if unit else Noun(t.text, t.text, i + 1)
        for form in readings:
            stem = form[:-3]
            if form.endswith(_FEMININE_DUAL) and len(stem) >= 2 and not form.endswith(self.words.not_dual_endings):
                return Noun(t.text, t.text, i + 1)
        return None

    def is_dual_adjective(self, t: Token) -> bool:
        """A word agreeing with a dual before it («سفينتين حربيتين»)."""
        return (t.kind == "word" and t.key.endswith(_DUAL_ENDINGS) and len(t.key) >= 5
                and not t.key.startswith("و") and not definite(t.text) and t.key not in self.not_nouns)


@lru_cache(maxsize=4)
def figure_index(knowledge: Knowledge) -> FigureIndex:
    return FigureIndex(knowledge)
