"""Explicit Gregorian dates in Arabic text, with precision and evidence.

Forms found: «19 أكتوبر 2023», «4 سبتمبر/أيلول», «يونيو/حزيران 2024», «يوليو (تموز) 2000»,
«في عام 2019»; Latin or Arabic-Indic digits; both month-name sets from months.yml, and the
English ones of stamps («13th, October 2023»); numeric stamps day first («4-6-2025»,
«04/06/2025») or ISO («2025-09-03», «2025-01»).
Counts, durations and percentages are not dates: a bare number becomes a year only after
«عام/سنة/العام» or inside a month expression, and only between 1900 and 2099.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from generator.arabic import DIGITS, WORD_CHAR, clean, fold
from generator.knowledge import Knowledge
from generator.model import DateValue, Evidence

_LETTER_CLASSES = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]",
                   "ي": "[يى]", "ى": "[يى]", "ة": "[ةه]", "ه": "[ةه]"}
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_YEAR_WORDS = r"(?:(?:في|من|منذ|خلال|حتى)\s+)?(?:[وفبل]?(?:ال)?عام|[وفبل]?سنة|[وفبل]?العام)"


def name_pattern(name: str) -> str:
    """A regular expression for a name that tolerates letter variants and diacritics."""
    letters = [_LETTER_CLASSES.get(ch, re.escape(ch)) for ch in name]
    return "[\u064b-\u065f]*".join(letters)


# Numeric dates: ISO year first, else day first (as Arabic pages write them, never m/d/y).
_NUMERIC = [
    ("day", re.compile(rf"(?<![\d/.-]){_YEAR}-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?![\d/.-])")),
    ("day", re.compile(rf"(?<![\d/.-])(?P<day>[0-3]?\d)([-/.])(?P<mnum>[01]?\d)\2{_YEAR}(?![\d/.-])")),
    ("month", re.compile(rf"(?<![\d/.-]){_YEAR}-(?P<mnum>[01]?\d)(?![\d/.-])")),
]


@lru_cache(maxsize=8)
def _patterns(month_names: tuple[tuple[str, int], ...]) -> list[tuple[str, re.Pattern[str]]]:
    names = "|".join(name_pattern(n) for n, _ in sorted(month_names, key=lambda x: -len(x[0])))
    month = rf"(?:[وفب]|ل)?(?P<month>{names})(?:\s*[/(]\s*(?:{names})\s*\)?)?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*[,،]?"
    end = rf"(?!{WORD_CHAR})"
    flags = re.IGNORECASE  # English month names in stamps
    return [
        *_NUMERIC,
        ("day", re.compile(rf"(?<!\d){day}\s+{month}(?:\s*[,،]?\s*(?:{_YEAR_WORDS}\s*)?{_YEAR})?{end}", flags)),
        ("day", re.compile(rf"(?<!{WORD_CHAR}){month}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*,\s*{_YEAR}{end}", flags)),
        ("month", re.compile(rf"(?<!{WORD_CHAR}){month}\s*[,،]?\s*(?:{_YEAR_WORDS}\s*)?{_YEAR}{end}", flags)),
        ("year", re.compile(rf"(?<!{WORD_CHAR}){_YEAR_WORDS}\s+{_YEAR}(?!\d)")),
    ]


@lru_cache(maxsize=4)
def month_lookup(knowledge: Knowledge) -> dict[str, int]:
    return {fold(name): n for n, names in knowledge.month_names.items() for name in names}


def find_dates(text: str, paragraph: int, knowledge: Knowledge) -> list[DateValue]:
    """Every explicit date in ``text``. Day-month without a year is returned only when
    a year is present; resolving it against the publication date is the caller's job."""
    return [date for _s, _e, date in explicit_dates(text, paragraph, knowledge)]


@lru_cache(maxsize=8192)
def explicit_dates(text: str, paragraph: int, knowledge: Knowledge) -> tuple[tuple[int, int, DateValue], ...]:
    """Explicit dates with their (start, end) in ``clean(text)``."""
    original = clean(text)
    text = original.translate(DIGITS)  # one character for one: spans stay valid
    lookup = month_lookup(knowledge)
    month_names = tuple((name, n) for name, n in lookup.items())
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, DateValue]] = []
    for precision, pattern in _patterns(month_names):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))  # even «31 فبراير»: not re-read as «فبراير»
            value = _to_date(m, precision, lookup)
            if value is not None:
                evidence = Evidence(paragraph, original[m.start():m.end()].strip())
                found.append((m.start(), m.end(), DateValue(value[0], value[1], 1.0, evidence)))
    return tuple(sorted(found, key=lambda triple: triple[0]))


def _to_date(m: re.Match[str], precision: str, lookup: dict[str, int]) -> tuple[dt.date, str] | None:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if year is None:
        return None  # «4 سبتمبر» alone: needs the publication date (later stage)
    if groups.get("mnum"):
        month = int(groups["mnum"])
    else:
        month = lookup.get(fold(re.sub("[\u064b-\u065f]", "", groups["month"]))) if groups.get("month") else None
    if precision == "year":
        return dt.date(year, 1, 1), "year"
    if month is None or not 1 <= month <= 12:
        return None
    if precision == "month":
        return dt.date(year, month, 1), "month"
    try:
        return dt.date(year, month, int(groups["day"])), "day"
    except ValueError:
        return None  # «31 فبراير»: not a date
