"""Arabic text normalisation and variant folding, shared by ingest, extraction and search.

Three levels, each built on the previous one:

* ``clean``: what a reader sees — NFC, no invisible controls, no tatweel.
* ``fold``: what we compare — hamza/alef forms, ى/ي, ة/ه, diacritics, digits unified.
* ``token_variants``: a folded word with its attached clitics (و ف ب ل ك, ال) peeled off,
  so وبوتين, لبيونغ and بالذخائر meet بوتين, بيونغ and ذخائر.

Written by hand because no maintained PyPI package does light Arabic folding without
shipping a model (CAMeL Tools downloads its data at run time, which cannot happen here).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width characters, bidi controls and the BOM: invisible, they only break matching.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_TATWEEL = "\u0640"
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

_FOLD_TABLE = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ى": "ي", "ئ": "ي", "ی": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك", "گ": "ك",
        "ڤ": "ف", "ڨ": "ق", "پ": "ب", "چ": "ج",
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        "٫": ".", "٬": ",", "،": ",", "؛": ";", "؟": "?",
    }
)

# Arabic-Indic and Persian digits as ASCII ones («٢٠٢٤» → «2024»), for reading numbers and dates
DIGITS = str.maketrans({**{chr(0x660 + i): str(i) for i in range(10)},
                        **{chr(0x6F0 + i): str(i) for i in range(10)}})

# A word character: letters and digits (\w covers Arabic letters and digits) plus the
# combining marks inside Arabic words. Arabic punctuation (، ؛ ؟) is not part of words.
WORD_CHAR = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
WORD = re.compile(WORD_CHAR + "+")

# Proclitics: a conjunction (و ف) then a preposition (ب ل ك), in that order.
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")


def clean(text: str) -> str:
    """Text as a reader should see it: NFC, no invisible or control characters, no tatweel."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    return text.replace(_TATWEEL, "")


def fold(text: str) -> str:
    """Comparison form: clean, no diacritics, one form per letter family, ASCII digits."""
    text = _DIACRITICS.sub("", clean(text))
    return text.translate(_FOLD_TABLE).lower()


def fold_name(text: str) -> str:
    """Fold for foreign names too: غ/ج (شويغو/شويجو) and joined or split spellings."""
    return fold(text).replace("غ", "ج")


@lru_cache(maxsize=500_000)
def fold_word(word: str) -> str:
    """``fold`` for one word of already-cleaned text, cached: matching folds the same
    few thousand words millions of times."""
    return _DIACRITICS.sub("", word).translate(_FOLD_TABLE).lower()


@lru_cache(maxsize=500_000)
def fold_name_word(word: str) -> str:
    """``fold_name`` for one word of already-cleaned text, cached."""
    return fold_word(word).replace("غ", "ج")


# Search keys: و/ف then the article with an optional preposition (وال، فال، بال، كال،
# لل، وبال …), peeled off when two letters or more remain.
_SEARCH_CLITICS = re.compile(r"^(?:[وف]?(?:بال|كال|لل|ال)|[وف]ال)(?=..)")


@lru_cache(maxsize=500_000)
def search_key(word: str) -> str:
    """One word as search files it (and as searchkeys.js turns a reader's word):
    «والذخائر» → «ذخاير»; «شويغو» → «شويجو»; «بيونغيانغ» → «بيونجيانج»."""
    return _SEARCH_CLITICS.sub("", fold_name_word(clean(word)), count=1)


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return WORD.findall(fold(text))


def strip_article(word: str) -> str:
    """Drop a leading definite article ال when something reasonable remains."""
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    return word


@lru_cache(maxsize=200_000)
def token_variants(word: str) -> frozenset[str]:
    """Every reading of a folded word with proclitics and the article peeled off.

    لبيونج → {لبيونج, بيونج}; وبالذخاير → {…, ذخاير}; للولايات → {…, ولايات}.
    The word itself is always a variant, so names that start with ب or ل (بوتين,
    لافروف) still match themselves.
    """
    found = {word, strip_article(word)}
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            prefix = conj + prep
            if not prefix or not word.startswith(prefix):
                continue
            rest = word[len(prefix):]
            if prep == "ل" and rest.startswith("ل") and len(rest) > 3:
                found.add(rest[1:])  # لل = ل + ال
            if len(rest) >= 2:
                found.add(rest)
                found.add(strip_article(rest))
    return frozenset(v for v in found if len(v) >= 2)


def term_key(term: str, *, names: bool = False) -> tuple[str, ...]:
    """The folded, article-free word sequence a vocabulary term is matched by."""
    folded = fold_name(term) if names else fold(term)
    return tuple(strip_article(w) for w in WORD.findall(folded))


def has_arabic(text: str) -> bool:
    """True when the text contains Arabic letters."""
    return re.search("[\u0621-\u064a]", text) is not None


# a period between digits is a decimal point («4.8 مليون»), not a sentence's end
_SENTENCE = re.compile(r"(?:[^.!?؟\n]|(?<=\d)\.(?=\d))+(?:[.!?؟]+[\"”»]?|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of a paragraph; quotes stay with their sentence."""
    spans = []
    for m in _SENTENCE.finditer(text):
        if m.group().strip():
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            spans.append((start, m.end()))
    return spans


def lookup(word: str, vocabulary: frozenset[str] | set[str]) -> str | None:
    """The folded form of ``word`` found in ``vocabulary``, trying it as written and then
    without a leading conjunction و/ف (وقال → قال; وزير stays وزير)."""
    folded = fold_word(word)
    if folded in vocabulary:
        return folded
    if len(folded) > 2 and folded[0] in "وف" and folded[1:] in vocabulary:
        return folded[1:]
    return None
