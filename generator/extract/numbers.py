"""Numbers as Arabic pages write them, read from a sentence's tokens.

Digits, Latin or Arabic-Indic, with thousands separators and decimal points («12,000»,
«١٢٬٠٠٠», «2.5», «٢٫٥»); a scale after them («11 ألف», «1.5 مليون»); number words with
their scales and compounds («عشرة آلاف», «ثلاثمئة», «أحد عشر», «خمسة وعشرين ألفاً», «ألف
وخمسمئة»); and a fraction after a scale («مليون ونصف»). The words are data
(patterns.yml: ``number_words``, ``number_scales``, ``number_teens``, ``fractions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from generator.arabic import DIGITS, fold_word
from generator.knowledge import Knowledge

# Arabic-Indic and Persian digits as ASCII, one character for one (spans stay valid). A
# point between digits becomes DOT so that sentence splitting does not cut «2.5» in two.
DOT = "\u2024"
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")

_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5"
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_TOKEN = re.compile(rf"(?P<num>\d+(?:[.,{DOT}٫٬،]\d+)*)|(?P<word>[{_LETTERS}][{_LETTERS}{_MARKS}]*)"
                    r"|(?P<latin>[A-Za-z]+)|(?P<sym>\S)")
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(?:([,٬،.\u2024])\d{3})(?:\1\d{3})*")
_DECIMAL = re.compile(rf"\d+[.{DOT}٫,]\d+")
MAX_DIGITS = 12  # longer runs of digits are identifiers or phone numbers
# proclitics a word may carry (و ف, then ب ل ك), longest first; never the article ال
_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


def prepare(text: str) -> str:
    """Digits as ASCII and decimal points as DOT, one character for one."""
    return _DECIMAL_POINT.sub(DOT, text.translate(DIGITS))


class Token(NamedTuple):
    kind: str  # num | word | latin | sym
    text: str
    start: int
    end: int
    key: str  # folded word (the text itself for other kinds)


def tokens(text: str) -> list[Token]:
    """The tokens of a prepared sentence."""
    found = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "sym"
        found.append(Token(kind, m.group(), m.start(), m.end(), fold_word(m.group()) if kind == "word" else m.group()))
    return found


def split_clitics(key: str, vocabulary: dict | frozenset) -> tuple[str, str] | None:
    """(proclitics, word) of a folded word found in ``vocabulary`` as written or after its
    proclitics («وعشرين» → ("و", "عشرين")); None when not found."""
    if key in vocabulary:
        return "", key
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix):] in vocabulary:
            return prefix, key[len(prefix):]
    return None


def digits_value(text: str, scale_follows: bool) -> float | None:
    """The value of a run of digits, or None when it cannot be read for sure: «3.000» is
    3,000 but «1.500 مليار» is 1.5 billion; «2,5» is a decimal only before a scale."""
    if _PLAIN.fullmatch(text):
        if len(text) > MAX_DIGITS or (len(text) > 1 and text[0] == "0"):
            return None
        return float(text)
    grouped = _GROUPED.fullmatch(text)
    if grouped and not (scale_follows and text.count(grouped.group(1)) == 1 and grouped.group(1) in f".{DOT}"):
        return float(re.sub(r"\D", "", text))
    if _DECIMAL.fullmatch(text) and (scale_follows or "," not in text):
        return float(re.sub(r"[^\d]", ".", text))
    return None


@dataclass(frozen=True)
class Number:
    value: float
    first: int  # index of its first token
    end: int  # index after its last token
    scaled: bool  # a scale or a word of 1,000 or more was read («11 ألف», «مليون»)
    words: bool  # written at least partly in words


class Vocabulary:
    """The number words of a knowledge base, ready for look-ups."""

    def __init__(self, knowledge: Knowledge) -> None:
        figures = knowledge.patterns.figures
        self.words = knowledge.patterns.number_words
        self.scales, self.teens, self.teen_ten = figures.scales, figures.teens, figures.teen_ten
        self.fractions = figures.fractions
        self.hundred = frozenset(w for w, v in self.words.items() if v == 100)

    def word(self, token: Token) -> tuple[str, float] | None:
        """(proclitics, value) of a number word, clitics allowed («وعشرين»)."""
        if token.kind != "word":
            return None
        found = split_clitics(token.key, self.words)
        return (found[0], self.words[found[1]]) if found else None


@lru_cache(maxsize=4)
def vocabulary(knowledge: Knowledge) -> Vocabulary:
    return Vocabulary(knowledge)


def _atom(toks: list[Token], i: int, vocab: Vocabulary) -> tuple[float, int, bool] | None:
    """(value, end, in words) of one number at ``i``: digits, a word, a teen («أحد عشر») or
    hundreds in two words («ثلاث مئة»)."""
    t = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if t.kind == "num":
        value = digits_value(t.text, nxt is not None and nxt.key in vocab.scales)
        return None if value is None else (value, i + 1, False)
    head = split_clitics(t.key, vocab.teens) if t.kind == "word" else None
    word = vocab.word(t)
    if nxt is not None and nxt.key in vocab.teen_ten:
        unit = vocab.teens[head[1]] if head else (word[1] if word and 1 <= word[1] <= 9 else None)
        if unit is not None:
            return unit + 10, i + 2, True
    if word is None:
        return None
    if 1 <= word[1] <= 9 and nxt is not None and nxt.key in vocab.hundred:
        return word[1] * 100, i + 2, True
    return word[1], i + 1, True


def _joined(toks: list[Token], j: int, vocab: Vocabulary) -> tuple[float, int, bool] | None:
    """The number joined by «و» at ``j`` («وعشرين», «و 200»)."""
    t = toks[j]
    if t.key == "و" and j + 1 < len(toks):
        return _atom(toks, j + 1, vocab)
    word = vocab.word(t)
    if word and word[0] == "و":
        return _atom(toks, j, vocab)
    return None


def _fits(small: float, last_scale: float, part: float) -> bool:
    """Whether ``part`` continues a number: «خمسة وعشرين», «مئة وخمسين», «ألف وخمسمئة»."""
    if small == 0:
        return part < last_scale
    if small != int(small):
        return False  # «2.5 وخمسين» is not 52.5
    if 1 <= small <= 9:
        return part in (20, 30, 40, 50, 60, 70, 80, 90)
    return small % 100 == 0 and small < 1000 and part < 100


def read_number(toks: list[Token], i: int, vocab: Vocabulary) -> Number | None:
    """The number that starts at token ``i``, with its scales, compounds and a fraction
    after a scale («مليون ونصف»); None when no number starts there."""
    first = _atom(toks, i, vocab) if i < len(toks) else None
    if first is None:
        return None
    value, j, words = first
    big = words and value >= 1000  # «ألف», «مليون»: a scale of its own; digits stay as written
    total, small, last_scale, scaled = (value, 0.0, _magnitude(value), True) if big else (0.0, value, 1.0, False)
    while j < len(toks):
        t = toks[j]
        if small and t.kind == "word" and t.key in vocab.scales:
            last_scale = vocab.scales[t.key]
            total, small, scaled, j = total + small * last_scale, 0.0, True, j + 1
            continue
        half = _fraction_before_scale(toks, j, vocab) if small else None
        if half is not None:  # «2 ونصف مليون» = 2.5 million
            small, j = small + half, j + 1
            continue
        part = _joined(toks, j, vocab)
        if part is None or not _fits(small, last_scale, part[0]) or _scaled_beyond(toks, part[1], vocab, last_scale):
            break  # «45 ألفاً و80 ألفاً» are two numbers, «6 آلاف و700» one
        value, j, more_words = part
        words = words or more_words
        if value >= 1000:
            total, last_scale, scaled = total + value, _magnitude(value), True
        else:
            small += value
    total += small
    if scaled and not small:
        total, j = _fraction_after(toks, j, vocab, total, last_scale)
    return Number(total, i, j, scaled, words)


def _fraction_before_scale(toks: list[Token], j: int, vocab: Vocabulary) -> float | None:
    """«ونصف» between a number and its scale («ثلاثة ونصف مليون»): the fraction."""
    if j + 1 >= len(toks) or toks[j].kind != "word" or toks[j + 1].key not in vocab.scales:
        return None
    found = split_clitics(toks[j].key, vocab.fractions)
    return vocab.fractions[found[1]] if found and found[0] == "و" else None


def _scaled_beyond(toks: list[Token], j: int, vocab: Vocabulary, scale: float) -> bool:
    """Whether the token at ``j`` is a scale at least ``scale``: the part before it starts
    a number of its own."""
    return scale > 1 and j < len(toks) and vocab.scales.get(toks[j].key, 0) >= scale


def _magnitude(value: float) -> float:
    magnitude = 1000.0
    while magnitude * 1000 <= value:
        magnitude *= 1000
    return magnitude


def _fraction_after(toks: list[Token], j: int, vocab: Vocabulary, total: float, scale: float) -> tuple[float, int]:
    """«مليون ونصف» (and «ونصف المليون»): the fraction of the last scale."""
    if j < len(toks) and toks[j].kind == "word":
        found = split_clitics(toks[j].key, vocab.fractions)
        if found and found[0] == "و":
            j += 1
            if j < len(toks) and toks[j].key.startswith("ال") and toks[j].key[2:] in vocab.scales:
                j += 1
            return total + vocab.fractions[found[1]] * scale, j
    return total, j
