"""Publication stamps: the lines of a page that carry a date and little else.

«الخميس 20 يونيو 2024 03:03 مساءً», «13 أيلول 2023 , 12:08 م», «4-6-2025 | 12:49»,
«تاريخ النشر: 13th, October 2023 GMT», « date 2025-09-03 إعلان», and a byline that ends in
one («محمد الرخا - دبي - الخميس 20 يونيو 2024»). Ingest removes them from the body; the
publication date is chosen among them (``generator.extract.published``). The words a stamp
may hold besides its date are data (months.yml: ``stamp_labels``, ``stamp_words``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache


from hijridate import Hijri

from generator.arabic import DIGITS, WORD_CHAR, clean, fold, fold_word
from generator.extract.dates import explicit_dates
from generator.knowledge import Knowledge
from generator.model import DateValue, Evidence

_TIME = re.compile(r"(?<!\d)[0-2]?\d:[0-5]\d(?::[0-5]\d)?(?!\d)")
_WORDS = re.compile(rf"{WORD_CHAR}+")
_DASH = re.compile(r"\s[-–—]\s?|\s?[-–—]\s")
STAMP_OTHER_WORDS = 1  # words a stamp may hold beyond its date, time, weekday and labels
BYLINE_PART_WORDS = 3  # «محمد الرخا - دبي -»: each part before the date at most this long
SENTENCE_END = re.compile(r"[.!؟?]\s*$")


@dataclass(frozen=True)
class Stamp:
    date: DateValue
    label: str | None  # published | updated | None (unlabelled)
    has_time: bool
    has_weekday: bool
    byline: str  # what stands before the date in a byline stamp, else ""


def read_stamp(line: str, knowledge: Knowledge) -> Stamp | None:
    """The stamp ``line`` is, or None when it says more than a date."""
    return _read_stamp(clean(line), knowledge)


@lru_cache(maxsize=4096)
def _read_stamp(line: str, knowledge: Knowledge) -> Stamp | None:
    dates = [(s, e, d) for s, e, d in explicit_dates(line, 0, knowledge) if d.precision != "year"]
    hijri = _hijri(line, knowledge)
    if hijri and not dates:  # with both («29 ربيع الثاني 1446 ه - 01 نوفمبر 2024 م») the Gregorian counts
        dates = [(0, 0, hijri)]
    if len(dates) != 1 or SENTENCE_END.search(line) and len(line.split()) > 6:
        return None
    start, end, date = dates[0]
    rest = line[:start] + " " + line[end:]
    label = _label(rest, knowledge)
    has_time = bool(_TIME.search(rest))
    rest = _TIME.sub(" ", rest)
    weekdays = {fold(n) for names in knowledge.weekday_names.values() for n in names}
    words = [w for w in _WORDS.findall(_strip_labels(rest, knowledge))
             if not w.isdigit() and fold_word(w) not in knowledge.stamp_words | _hijri_words(knowledge)]
    has_weekday = any(fold_word(w) in weekdays for w in words)
    others = [w for w in words if fold_word(w) not in weekdays]
    if len(others) <= STAMP_OTHER_WORDS:
        return Stamp(date, label, has_time, has_weekday, "")
    byline = _byline(line[:start], knowledge, weekdays)
    if byline and not [w for w in _WORDS.findall(line[end:]) if not w.isdigit()
                       and fold_word(w) not in knowledge.stamp_words | weekdays]:
        return Stamp(date, label, has_time, has_weekday, byline)
    return None


@lru_cache(maxsize=4)
def _hijri_pattern(knowledge: Knowledge) -> re.Pattern[str]:
    names = "|".join(sorted((re.escape(n) for n in knowledge.hijri_months), key=len, reverse=True))
    return re.compile(rf"(?<!\d)(?P<day>[0-3]?\d)\s+(?P<month>{names})\s+(?P<year>1[34]\d\d)(?:\s*(?:هـ|ه)(?!\w))?")


@lru_cache(maxsize=4)
def _hijri_words(knowledge: Knowledge) -> frozenset[str]:
    return frozenset(w for name in knowledge.hijri_months for w in name.split())


def _hijri(line: str, knowledge: Knowledge) -> DateValue | None:
    """The Gregorian day of a Hijri date in ``line`` (Umm al-Qura, as the sites print it)."""
    if not knowledge.hijri_months:
        return None
    m = _hijri_pattern(knowledge).search(fold(line).translate(DIGITS))
    if not m:
        return None
    try:
        day = Hijri(int(m.group("year")), knowledge.hijri_months[m.group("month")], int(m.group("day"))).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return DateValue(dt.date(*day.datetuple()), "day", 0.7, Evidence(0, m.group()))


def _label(text: str, knowledge: Knowledge) -> str | None:
    folded = f" {fold(text)} "
    for kind in ("updated", "published"):  # «تاريخ النشر … آخر تحديث»: updated is the later
        if any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded) for w in knowledge.stamp_labels.get(kind, ())):
            return kind
    return None


def _strip_labels(text: str, knowledge: Knowledge) -> str:
    folded = fold(text)
    for words in knowledge.stamp_labels.values():
        for w in sorted(words, key=len, reverse=True):
            folded = re.sub(rf"(?<!\w){re.escape(fold(w))}(?!\w)", " ", folded)
    return folded


def _byline(head: str, knowledge: Knowledge, weekdays: set[str]) -> str:
    """«محمد الرخا - دبي - الخميس»: short parts separated by dashes before the date."""
    parts = [p.strip() for p in _DASH.split(head) if p.strip()]
    kept = [p for p in parts if not all(fold_word(w) in weekdays | knowledge.stamp_words
                                        for w in _WORDS.findall(p))]
    if not kept or len(parts) < 2 or any(len(p.split()) > BYLINE_PART_WORDS for p in kept):
        return ""
    return " - ".join(kept)


def split_stamp(line: str, knowledge: Knowledge) -> tuple[str, str] | None:
    """(stamp, text) for a line that opens with a stamp and goes on with the article:
    «محمد الرخا - دبي - الخميس 20 يونيو 2024 03:03 مساءً - أعلن …»."""
    line = clean(line)
    dashes = [m for m in _DASH.finditer(line)]
    for m in dashes:
        head, tail = line[:m.start()], line[m.end():]
        if len(head.split()) > 16:
            break
        if len(tail.split()) >= 6 and read_stamp(head, knowledge) is not None:
            return head.strip(), tail.strip()
    return None
