"""Arabic dates, numbers and excerpts as readers see them (Babel, Arabic locale; Hijri
dates from hijridate). Shared by the page templates, the charts and the feeds."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal
from hijridate import Gregorian

from generator.model import DateValue

LOCALE = "ar"
EXCERPT_WORDS = 40


def arabic_date(value: DateValue | None) -> str:
    """«19 أكتوبر 2023», «أكتوبر 2023» or «2023», by precision; «—» when unknown."""
    if value is None:
        return "غير معروف"
    return _formatted_date(value.value, value.precision)


@lru_cache(maxsize=1 << 16)
def _formatted_date(day: dt.date, precision: str) -> str:
    # memoised by day and precision (not by DateValue, whose evidence differs per mention):
    # the pages print the same dates again and again, far fewer distinct than printed
    pattern = {"day": "d MMMM y", "month": "MMMM y", "year": "y"}[precision]
    return format_date(day, pattern, locale=LOCALE)


@lru_cache(maxsize=1 << 16)
def number(value: float) -> str:
    """11000.0 → «11,000»; 2.5 → «2.5» (Babel, Arabic locale). Memoised: pages print the
    same counts thousands of times (counts and page numbers run into the tens of
    thousands on a large site, and a smaller cache would evict them)."""
    return format_decimal(int(value) if float(value).is_integer() else value, locale=LOCALE)


def entry_date(published: DateValue | None, reported: DateValue | None) -> str:
    """An article's date as lists show it: «19 أكتوبر 2023»; «بعد يونيو 2024» when only
    what it reports bounds it; «تاريخ النشر غير معروف» otherwise."""
    if published is not None:
        return arabic_date(published)
    if reported is not None:
        return f"بعد {arabic_date(reported)}"
    return "تاريخ النشر غير معروف"


# Counted nouns: (one, two, plural for 3–10, singular accusative for 11–99)
COUNTED = {
    "article": ("مقال واحد", "مقالان", "مقالات", "مقالاً"),
    "date": ("تاريخ واحد", "تاريخان", "تواريخ", "تاريخاً"),
    "event": ("حدث واحد", "حدثان", "أحداث", "حدثاً"),
    "change": ("تغيير واحد", "تغييران", "تغييرات", "تغييراً"),
}


def counted(n: int, noun: str) -> str:
    """«مقال واحد», «مقالان», «3 مقالات», «11 مقالاً», «100 مقال», «103 مقالات»: the
    number and its counted noun in agreement (Arabic grammar: the last two digits decide,
    a round hundred or thousand takes the singular)."""
    one, two, plural, accusative = COUNTED[noun]
    if n == 1:
        return one
    if n == 2:
        return two
    rest = n % 100
    singular = one.split()[0]
    if 3 <= rest <= 10:
        word = plural
    elif rest >= 11:
        word = accusative
    else:  # 100, 1,000, 201 … take the singular («مئتا مقال», «101 مقال»)
        word = singular
    return f"{number(n)} {word}"


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """The first ``words`` words of a paragraph, with an ellipsis when cut."""
    parts = str(text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def iso_day(text: str) -> str:
    """«2026-11-22» → «22 نوفمبر 2026»; anything else unchanged."""
    try:
        return format_date(dt.date.fromisoformat(str(text)), "d MMMM y", locale=LOCALE)
    except ValueError:
        return str(text)


def month_title(year: int, month: int) -> str:
    """«أكتوبر 2023»."""
    return format_date(dt.date(year, month, 1), "MMMM y", locale=LOCALE)


def month_label(key: str) -> str:
    """An archive key → «أكتوبر 2023», «2023 (بلا شهر)» or «بلا تاريخ»."""
    if key == "undated":
        return "مقالات بلا تاريخ"
    year, month = key.split("-")
    return f"{year} (دون شهر محدد)" if month == "00" else month_title(int(year), int(month))


def hijri_date(value: DateValue | None) -> str:
    """The Hijri (Umm al-Qura) equivalent of a day-precise date, else empty."""
    if value is None or value.precision != "day":
        return ""
    try:
        hijri = Gregorian(value.value.year, value.value.month, value.value.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    return f"{hijri.day} {hijri.month_name('ar')} {hijri.year} هـ"
