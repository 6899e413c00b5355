"""Dates that need the publication date: «4 سبتمبر» (no year), «في مارس», weekdays
(«الأربعاء»), «أمس», «الشهر الماضي», «العام الماضي» — and the publication date itself
when the text ties a full date to «أمس» or «اليوم».

A year is inferred from weekday + day + month only when exactly one year in the recent
window fits; a weekday alone is resolved only against a day-precise publication date.
Nothing here invents a day the text does not support.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from generator.arabic import DIGITS, WORD_CHAR, clean, fold
from generator.extract.dates import explicit_dates, month_lookup, name_pattern
from generator.knowledge import Knowledge
from generator.model import Article, DateValue, Evidence

RECENT_YEARS = 7  # weekday + day + month: look for the year among the last 7
# Future or «until» phrases: a date in them lies ahead of the article. «س» + imperfect verb
# (سيزور، ستعقد) — but not the nouns that start the same way (سيول، سياسة).
_FUTURE = re.compile(r"(?:^|\s)(?:و|ف)?(?:س[يتن][\u0621-\u064a]{2,}|من المقرر|المقبل|المقبلة|القادم|القادمة"
                     r"|المرتقب|المرتقبة|تبدأ|يبدأ|حتى|بحلول)(?=\s|$)")
_NOT_FUTURE = frozenset(("سيول", "سيرغي", "سيرجي", "سياسة", "سياسي", "سياسية", "سيادة", "سيارة", "سيارات",
                         "سيطرة", "سيناريو", "ستة", "ستين", "سنة", "سنوات", "سنويا", "سيبيريا", "سيئول"))


def is_future(phrase: str) -> bool:
    """Whether ``phrase`` puts what follows ahead of the article («سيزور», «من المقرر»)."""
    words = (m.group().split()[-1] for m in _FUTURE.finditer(phrase))
    return any(w not in _NOT_FUTURE and w[1:] not in _NOT_FUTURE for w in words)
_RELATIVE = {
    "أمس": ("day", -1), "يوم أمس": ("day", -1),  # «اليوم» alone often means "nowadays"
    "الشهر الماضي": ("month", -1), "هذا الشهر": ("month", 0), "الشهر الجاري": ("month", 0),
    "العام الماضي": ("year", -1), "هذا العام": ("year", 0), "العام الجاري": ("year", 0),
}

_RELATIVE_FOLDED = {fold(k): v for k, v in _RELATIVE.items()}


@lru_cache(maxsize=4)
def _regexes(months: tuple[tuple[str, int], ...], weekdays: tuple[tuple[str, int], ...]):
    m_names = "|".join(name_pattern(n) for n, _ in sorted(months, key=lambda x: -len(x[0])))
    w_names = "|".join(name_pattern(n) for n, _ in sorted(weekdays, key=lambda x: -len(x[0])))
    month = rf"(?P<month>{m_names})(?:\s*[/(]\s*(?:{m_names})\s*\)?)?"
    edge = rf"(?<!{WORD_CHAR})"
    return {
        "daymonth": re.compile(rf"(?:(?P<weekday>{w_names})\s*[,،]?\s*)?(?<!\d)(?P<day>[0-3]?\d)\s+[وفبل]?{month}(?!{WORD_CHAR})"),
        "month": re.compile(rf"{edge}(?:في|منذ|خلال|أواخر|أوائل|أواسط|منتصف|مطلع|حتى)\s+(?:شهر\s+)?{month}(?!{WORD_CHAR})"),
        "weekday": re.compile(rf"{edge}(?:يوم\s+|اليوم\s+|يومي\s+)?[وفبل]?(?P<weekday>{w_names})(?!{WORD_CHAR})"),
        "relative": re.compile(rf"{edge}(?:{'|'.join(name_pattern(r) for r in sorted(_RELATIVE, key=len, reverse=True))})(?!{WORD_CHAR})"),
    }


@lru_cache(maxsize=4)
def lookups(knowledge: Knowledge):
    weekdays = {fold(n): d for d, names in knowledge.weekday_names.items() for n in names}
    months = month_lookup(knowledge)
    return months, weekdays, _regexes(tuple(months.items()), tuple(weekdays.items()))


def infer_year(day: int, month: int, weekday: int, today: dt.date) -> int | None:
    """The one year among the last RECENT_YEARS in which day/month falls on weekday."""
    fits = []
    for year in range(today.year - RECENT_YEARS + 1, today.year + 1):
        try:
            if dt.date(year, month, day).weekday() == weekday:
                fits.append(year)
        except ValueError:
            continue
    return fits[0] if len(fits) == 1 else None


def publication_from_text(article: Article, knowledge: Knowledge, today: dt.date) -> DateValue | None:
    """«يوم أمس، الاثنين 4 سبتمبر/أيلول» → published the next day, year by weekday."""
    months, weekdays, rx = lookups(knowledge)
    for p in article.paragraphs:
        text = clean(p.text).translate(DIGITS)
        for m in rx["daymonth"].finditer(text):
            window = fold(text[max(0, m.start() - 20): m.start()])
            offset = -1 if "امس" in window.split() or "امس" in window else (0 if "اليوم" in window else None)
            if offset is None:
                continue
            explicit = [d for s, e, d in explicit_dates(p.text, p.n, knowledge) if s <= m.start() < e]
            day, month = int(m.group("day")), months[fold(m.group("month"))]
            if explicit and explicit[0].precision == "day":
                date = explicit[0].value
            elif m.group("weekday"):
                year = infer_year(day, month, weekdays[fold(m.group("weekday"))], today)
                if year is None:
                    continue
                date = dt.date(year, month, day)
            else:
                continue
            published = date - dt.timedelta(days=offset)
            original = clean(p.text)
            cue = re.search(r"(?:يوم\s+)?(?:أمس|امس|اليوم)[^.]*$", original[max(0, m.start() - 20):m.start()])
            start = max(0, m.start() - 20) + (cue.start() if cue else 20)
            return DateValue(published, "day", 0.7, Evidence(p.n, original[start:m.end()].strip()))
    return None


def relative_dates(article: Article, knowledge: Knowledge, published: DateValue | None,
                   today: dt.date) -> list[DateValue]:
    """Dates resolved against the publication date (and weekday-inferred years)."""
    months, weekdays, rx = lookups(knowledge)
    found: list[DateValue] = []
    for p in article.paragraphs:
        original = clean(p.text)
        text = original.translate(DIGITS)
        taken = [(s, e) for s, e, _d in explicit_dates(p.text, p.n, knowledge)]

        def free(m: re.Match[str]) -> bool:
            return not any(m.start() < e and s < m.end() for s, e in taken)

        def add(m: re.Match[str], date: dt.date, precision: str, confidence: float) -> None:
            taken.append((m.start(), m.end()))
            found.append(DateValue(date, precision, confidence, Evidence(p.n, original[m.start():m.end()].strip())))

        for m in filter(free, rx["daymonth"].finditer(text)):
            day, month = int(m.group("day")), months[fold(m.group("month"))]
            year = None
            if m.group("weekday"):
                year = infer_year(day, month, weekdays[fold(m.group("weekday"))], today)
            if year is None and published:
                year = published.value.year - (1 if month > published.value.month + 1 and published.precision != "year" else 0)
            if year is not None:
                try:
                    add(m, dt.date(year, month, day), "day", 0.7)
                except ValueError:
                    pass
        if published is None:
            continue
        pub = published.value
        for m in filter(free, rx["month"].finditer(text)):
            month = months[fold(m.group("month"))]
            year = pub.year - (1 if published.precision != "year" and month > pub.month else 0)
            add(m, dt.date(year, month, 1), "month", 0.6)
        for m in filter(free, rx["relative"].finditer(text)):
            unit, delta = _RELATIVE_FOLDED.get(" ".join(fold(m.group()).split()), (None, 0))
            if unit == "day" and published.precision == "day":
                add(m, pub + dt.timedelta(days=delta), "day", 0.8)
            elif unit == "month" and published.precision in ("day", "month"):
                year, month = (pub.year, pub.month + delta) if pub.month + delta >= 1 else (pub.year - 1, 12)
                add(m, dt.date(year, month, 1), "month", 0.7)
            elif unit == "year":
                add(m, dt.date(pub.year + delta, 1, 1), "year", 0.7)
        if published.precision != "day":
            continue
        for m in filter(free, rx["weekday"].finditer(text)):
            weekday = weekdays[fold(m.group("weekday"))]
            sentence_start = max(text.rfind(".", 0, m.start()), 0)
            future = is_future(text[sentence_start:m.start()])
            shift = (weekday - pub.weekday()) % 7 if future else -((pub.weekday() - weekday) % 7)
            add(m, pub + dt.timedelta(days=shift), "day", 0.6)
    return found
