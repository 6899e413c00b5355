"""When the article was published: a date the page states, else bounds from what it reports.

The cascade, most trusted first (each step returns a date or nothing):
1. a stamp labelled as the publication date («تاريخ النشر: …», « date 2025-09-03»);
2. the first unlabelled stamp between the headline and the body;
3. a stamp above the headline, unless it is the site's today-banner: the page's first
   line, a weekday and a date with no time («السبت 28 يونيو 2025» above «4-6-2025 | 12:49»),
   or the first of two stamps above the headline;
4. a dated photo caption at the top that is not an archive photo;
5. the text tying a full date to «أمس»/«اليوم» («يوم أمس، الاثنين 4 سبتمبر»);
6. «اليوم <weekday>» / «أمس <weekday>» at the top, placed in the week after the article's
   latest dated event.
Stamps below the body are related-article links, and «آخر تحديث» is later than the
publication: neither is ever the publication date. The copyright year gives the year only
when the article's own events already place it in that year.

Without a date, bounds: not before the latest past date the article reports; not after a
today-banner, an update stamp or the end of the copyright year.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from generator.arabic import DIGITS, clean, fold
from generator.extract.dates import explicit_dates, find_dates
from generator.extract.relative import lookups as relative_lookups
from generator.extract.relative import infer_year, is_future, publication_from_text
from generator.extract.stamps import Stamp, read_stamp
from generator.knowledge import Knowledge
from generator.model import Article, DateValue, Evidence

_SCRAPER = re.compile(r"^\s*date\s", re.IGNORECASE)
BODY_MIN_WORDS = 12  # the first paragraph this long starts the body: stamps after it are links
_YEAR = re.compile(r"(?:19|20)\d{2}")
_ARCHIVE = re.compile(r"أرشيف|ارشيف|archive", re.IGNORECASE)
Bounds = tuple[dt.date | None, dt.date | None]


def publication(article: Article, knowledge: Knowledge, today: dt.date) -> tuple[DateValue | None, Bounds]:
    """The publication date (or None) and the bounds the article's content implies."""
    stamps = _stamps(article, knowledge)
    events = _past_events(article, knowledge)
    date = (_scraper_weekday(_from_stamps(article, stamps), article, knowledge) or _from_caption(article, knowledge)
            or publication_from_text(article, knowledge, today) or _from_weekday(article, knowledge, today))
    if date is None:
        date = _from_copyright(article, events)
    if date is not None:
        return date, _window(date)
    return None, (max((e.value for e in events), default=None), _latest(article, stamps))


def _stamps(article: Article, knowledge: Knowledge) -> list[tuple[int, Stamp, str]]:
    found = []
    for removed in article.removed:
        if removed.kind == "stamp":
            stamp = read_stamp(removed.text, knowledge)
            if stamp is not None:
                found.append((removed.line, stamp, removed.text))
    return found


def _body_line(article: Article) -> int:
    return next((p.line for p in article.paragraphs if len(p.text.split()) >= BODY_MIN_WORDS), 10**9)


def _from_stamps(article: Article, stamps: list[tuple[int, Stamp, str]]) -> DateValue | None:
    body = _body_line(article)
    labelled = [s for s in stamps if s[1].label == "published"]
    head = [s for s in stamps if s[0] < body and s[1].label is None]
    after = [s for s in head if s[0] > article.title_line]
    before = _not_banner(article, [s for s in head if s[0] < article.title_line])
    for chosen, confidence in ((labelled, 0.95), (after, 0.9), (before[-1:], 0.8)):
        if chosen:
            line, stamp, text = chosen[0]
            return DateValue(stamp.date.value, stamp.date.precision, confidence, Evidence(0, text))
    return None


def _not_banner(article: Article, before: list[tuple[int, Stamp, str]]) -> list[tuple[int, Stamp, str]]:
    """Stamps above the headline but the site's date of today: the first of them when it is
    the page's first line with a weekday and no time, or when more follow, and every other
    one giving the same day (its Hijri twin)."""
    if not before or len(before) == 1 and not _banner(article, before[0]):
        return before
    today = before[0][1].date.value
    return [s for s in before[1:] if s[1].date.value != today]


def _scraper_weekday(date: DateValue | None, article: Article, knowledge: Knowledge) -> DateValue | None:
    """A scraper's « date 2025-09-03» line can be a day or two off the article's own day:
    when the lead says «اليوم <weekday>» of another weekday, the day of that weekday within
    two days of it, else (none or two fit) the month."""
    if date is None or date.precision != "day" or not _SCRAPER.match(date.evidence.text):
        return date
    lead = _weekday_cue(knowledge).search(fold(article.paragraphs[0].text)) if article.paragraphs else None
    if lead is None or lead.group("cue") != "اليوم":
        return date
    weekday = _weekdays(knowledge)[lead.group("day")]
    fits = [date.value + dt.timedelta(days=d) for d in range(-2, 3)
            if (date.value + dt.timedelta(days=d)).weekday() == weekday]
    if len(fits) == 1:
        return DateValue(fits[0], "day", 0.7, date.evidence)
    return DateValue(date.value.replace(day=1), "month", 0.7, date.evidence)


def _banner(article: Article, stamp: tuple[int, Stamp, str]) -> bool:
    """The site's date of today, printed above everything: weekday and date, no time."""
    line, found, _text = stamp
    first = min([r.line for r in article.removed] + [p.line for p in article.paragraphs if p.line])
    return line == first and found.has_weekday and not found.has_time


def _from_caption(article: Article, knowledge: Knowledge) -> DateValue | None:
    for paragraph in article.paragraphs[:3]:
        if paragraph.kind == "caption" and not _ARCHIVE.search(paragraph.text):
            for found in find_dates(paragraph.text, paragraph.n, knowledge):
                if found.precision == "day":
                    return DateValue(found.value, "day", 0.8, found.evidence)
    return None


def _from_weekday(article: Article, knowledge: Knowledge, today: dt.date) -> DateValue | None:
    """«اليوم الأربعاء» / «أمس السبت» at the top of an article that dates a nearby day with
    its weekday («الجمعة 11 تموز/يوليو 2025», «غدا الخميس 19 أكتوبر», «الخميس 27 يوليو»):
    the cue's weekday nearest that day (news names weekdays only for days around its own),
    the day after for «أمس». A date the text gives without its weekday is no anchor: it is
    as often background («المعاهدة الموقعة في 19 يونيو 2024») as the news."""
    anchors = [a for a in _weekday_anchors(article, knowledge, today) if a[1]]
    for paragraph in article.paragraphs[:3]:
        m = _weekday_cue(knowledge).search(fold(paragraph.text))
        if not m or not anchors:
            continue
        weekday, anchor = _weekdays(knowledge)[m.group("day")], anchors[-1]
        shift = (weekday - anchor[0].weekday()) % 7
        day = anchor[0] + dt.timedelta(days=shift if shift <= 3 else shift - 7)
        offset = 1 if m.group("cue") == "امس" else 0
        return DateValue(day + dt.timedelta(days=offset), "day", 0.6, Evidence(paragraph.n, m.group().strip()))
    return None


def _weekday_anchors(article: Article, knowledge: Knowledge, today: dt.date) -> list[tuple[dt.date, bool]]:
    """Day-precise dates of the body, in order, each with whether the text names its weekday
    (the year of «الخميس 27 يوليو» from its weekday, as ``infer_year`` finds it)."""
    months, weekdays, rx = relative_lookups(knowledge)
    found = []
    for paragraph in article.paragraphs:
        text = clean(paragraph.text).translate(DIGITS)
        explicit = {s: d for s, _e, d in explicit_dates(paragraph.text, paragraph.n, knowledge) if d.precision == "day"}
        for m in rx["daymonth"].finditer(text):
            day_at = m.start("day")
            date = next((d.value for s, d in explicit.items() if s == day_at), None)
            if date is None and m.group("weekday"):
                year = infer_year(int(m.group("day")), months[fold(m.group("month"))], weekdays[fold(m.group("weekday"))], today)
                date = _day(year, months[fold(m.group("month"))], int(m.group("day")))
            if date is not None:
                found.append((date, m.group("weekday") is not None))
    return found


def _day(year: int | None, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) if year else None
    except ValueError:
        return None


@lru_cache(maxsize=4)
def _weekday_cue(knowledge: Knowledge) -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in _weekdays(knowledge))
    return re.compile(rf"(?<!\w)[وف]?(?P<cue>اليوم|امس)\s+(?:يوم\s+)?[وب]?(?P<day>{names})(?!\w)")


@lru_cache(maxsize=4)
def _weekdays(knowledge: Knowledge) -> dict[str, int]:
    """{folded weekday name: Python weekday}, as relative.py reads them."""
    return relative_lookups(knowledge)[1]


def _from_copyright(article: Article, events: list[DateValue]) -> DateValue | None:
    year = _copyright_year(article)
    if year and events and max(e.value for e in events).year == year:
        return DateValue(dt.date(year, 1, 1), "year", 0.6, Evidence(0, f"© {year}"))
    return None


def _copyright_year(article: Article) -> int | None:
    for removed in article.removed:
        if removed.kind == "copyright":
            year = _YEAR.search(removed.text)
            if year:
                return int(year.group())
    return None


def _past_events(article: Article, knowledge: Knowledge) -> list[DateValue]:
    """Explicit dates of the body not in a future or «until» phrase: the article was
    written after them."""
    events = []
    for paragraph in article.paragraphs:
        text = clean(paragraph.text)
        for found in find_dates(paragraph.text, paragraph.n, knowledge):
            at = text.find(found.evidence.text)
            start = max(text.rfind(".", 0, at), text.rfind("،", 0, at), 0)
            if at >= 0 and not is_future(text[start:at + len(found.evidence.text) + 20]):
                events.append(found)
    return events


def _latest(article: Article, stamps: list[tuple[int, Stamp, str]]) -> dt.date | None:
    """The page existed by then: a stamp above the headline (the site's today-banner), an
    update stamp, the copyright year's end. Not a stamp below: related links are older."""
    limits = [s.date.value for line, s, _t in stamps if s.date.precision == "day"
              and (s.label == "updated" or line < article.title_line)]
    year = _copyright_year(article)
    if year:
        limits.append(dt.date(year, 12, 31))
    return min(limits, default=None)


def _window(date: DateValue) -> Bounds:
    v = date.value
    if date.precision == "day":
        return v, v
    if date.precision == "month":
        nxt = dt.date(v.year + (v.month == 12), v.month % 12 + 1, 1)
        return v, nxt - dt.timedelta(days=1)
    return dt.date(v.year, 1, 1), dt.date(v.year, 12, 31)
