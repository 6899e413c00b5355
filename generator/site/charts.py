"""Charts drawn at build time as inline SVG: events by topic over time, claimed figures
over time. The data behind each chart is also returned for the table shown beside it.

Hand-written SVG rather than a plotting library: the browser must shape the Arabic
labels (matplotlib cannot without extra reshaping packages), the colours must follow the
light/dark palette through CSS variables, and the page must stay free of scripts. Every
text is HTML-escaped; the chart reads right to left (earliest at the right), like the
Arabic around it.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import Counter
from dataclasses import dataclass

from babel.dates import format_date

from generator.briefing.analysis import FigureGroup, FigureRow
from generator.briefing.assemble import Briefing
from generator.site.formats import LOCALE, arabic_date, excerpt, month_title, number

CHART_MONTHS = 36  # the timeline chart shows the latest 36 months that have events
WIDTH = 720
LABEL_W = 150  # the topic names, at the right
ROW_H = 40


@dataclass(frozen=True)
class MonthCounts:
    """Dated events per topic and month (the timeline chart and its table)."""

    months: list[str]  # YYYY-MM, oldest first
    topics: list[tuple[str, str]]  # (id, label)
    counts: dict[tuple[str, str], int]  # (topic id, month) → events
    earlier: int  # events before the first month shown

    def count(self, topic_id: str, month: str) -> int:
        return self.counts.get((topic_id, month), 0)

    def total(self, month: str) -> int:
        return sum(self.count(topic_id, month) for topic_id, _ in self.topics)


def month_counts(briefing: Briefing, limit: int = CHART_MONTHS) -> MonthCounts:
    """Day- and month-precise dated events of each topic, counted by month."""
    counts: Counter[tuple[str, str]] = Counter()
    for topic in briefing.topics:  # all of them: a topic page shows only the newest
        for month, n in topic.event_months.items():
            counts[(topic.id, month)] += n
    months = sorted({month for _, month in counts})
    shown = _month_range(months[-1], limit, months[0]) if months else []
    earlier = sum(n for (_, month), n in counts.items() if shown and month < shown[0])
    return MonthCounts(shown, [(t.id, t.label) for t in briefing.topics],
                       {k: v for k, v in counts.items() if k[1] in set(shown)}, earlier)


def _month_range(last: str, limit: int, first: str) -> list[str]:
    """Consecutive months ending at ``last``: at most ``limit``, not before ``first``."""
    year, month = map(int, last.split("-"))
    out = []
    while len(out) < limit:
        key = f"{year:04d}-{month:02d}"
        out.append(key)
        if key <= first:
            break
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _month_label(key: str) -> str:
    year, month = map(int, key.split("-"))
    return month_title(year, month)


def _month_tick(key: str) -> str:
    """The month as the axis labels it (Babel's abbreviated month name and year)."""
    year, month = map(int, key.split("-"))
    return format_date(dt.date(year, month, 1), "MMM y", locale=LOCALE)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def timeline_svg(data: MonthCounts) -> str:
    """Bubbles: one row per topic, one column per month (earliest at the right)."""
    if not data.months:
        return ""
    plot_w = WIDTH - LABEL_W - 20
    col = plot_w / len(data.months)
    height = ROW_H * len(data.topics) + 50
    peak = max(data.counts.values(), default=1)
    total = sum(data.counts.values())
    title = f"الأحداث المؤرخة حسب المحور والشهر، من {_month_label(data.months[0])} إلى {_month_label(data.months[-1])}"
    desc = "كل دائرة عدد الأحداث المؤرخة في فقرات المحور خلال الشهر؛ الأقدم يميناً. عدد الأحداث في كل محور: " + "؛ ".join(
        f"{label}: {number(sum(data.count(tid, m) for m in data.months))}"
        for tid, label in data.topics) + f". مجموع الأحداث: {number(total)}."
    parts = [f'<svg class="briefing-chart__svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="chart-tl-title chart-tl-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="chart-tl-title">{_e(title)}</title><desc id="chart-tl-desc">{_e(desc)}</desc>']
    right = WIDTH - LABEL_W
    for row, (topic_id, label) in enumerate(data.topics):
        y = 20 + row * ROW_H + ROW_H / 2
        parts.append(f'<line class="briefing-chart__grid" x1="10" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="briefing-chart__label" x="{WIDTH - 10}" y="{y + 5:.1f}" '
                     f'text-anchor="start" direction="rtl">{_e(label)}</text>')
        for i, month in enumerate(data.months):
            n = data.count(topic_id, month)
            if not n:
                continue
            x = right - (i + 0.5) * col
            r = 2.5 + 13 * math.sqrt(n / peak)
            parts.append(f'<circle class="briefing-chart__dot briefing-chart__dot--{row % 4}" cx="{x:.1f}" '
                         f'cy="{y:.1f}" r="{r:.1f}"><title>{_e(label)} — {_e(_month_label(month))}: '
                         f'{number(n)}</title></circle>')
    axis_y = 20 + ROW_H * len(data.topics) + 8
    for i, month in enumerate(data.months):
        if i == 0 or month.endswith("-01") or i == len(data.months) - 1:
            x = right - (i + 0.5) * col
            parts.append(f'<text class="briefing-chart__tick" x="{x:.1f}" y="{axis_y + 12}" '
                         f'text-anchor="middle">{_e(_month_tick(month))}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class FigurePoint:
    row: FigureRow
    when: dt.date | None  # None: neither the paragraph nor the article gives a date

    @property
    def date_text(self) -> str:
        return arabic_date(self.row.date) if self.row.date else "بلا تاريخ"


def figure_points(group: FigureGroup, last: int | None = None) -> list[FigurePoint]:
    """The figures of a group: dated ones oldest first, then the undated ones (the order
    of its rows, ``FigureRow.order``); the ``last`` of them when set (a group of thousands
    of rows is not walked for the 40 a chart draws)."""
    rows = group.rows if last is None else group.rows[-last:]
    return [FigurePoint(r, r.date.value if r.date else None) for r in rows]


def figures_svg(group: FigureGroup, chart_id: str, max_points: int = 40) -> str:
    """Claimed values of one unit over time (earliest at the right), each point named by
    its claimant; figures without a date in a band of their own at the left. Empty when
    there are fewer than two figures."""
    points = figure_points(group, max_points)
    if len(points) < 2:
        return ""
    dated = [p for p in points if p.when is not None]
    undated = [p for p in points if p.when is None]
    height, top, bottom, left, right = 260, 24, 40, 20, WIDTH - 70
    band = 110 if undated else 0  # the «بلا تاريخ» band at the left
    first = dated[0].when.toordinal() if dated else 0
    span = max((dated[-1].when.toordinal() - first) if dated else 0, 1)
    scale = _nice_ceiling(max(p.row.quantity.value for p in points))

    def x(p: FigurePoint) -> float:  # earliest at the right
        if p.when is None:
            return left + band / 2 + (undated.index(p) - (len(undated) - 1) / 2) * 24
        if len(dated) == 1:
            return (right + left + band) / 2
        return right - 40 - (p.when.toordinal() - first) / span * (right - left - band - 80)

    def y(value: float) -> float:
        return height - bottom - value / scale * (height - top - bottom)

    title = f"{group.label}: الأرقام المعلنة عبر الزمن"
    desc = "؛ ".join(f"{number(p.row.quantity.value)} بحسب {p.row.quantity.claimant or 'جهة غير محددة'} "
                    f"({p.date_text})" for p in points)
    parts = [f'<svg class="briefing-chart__svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{_e(title)}</title><desc id="{chart_id}-desc">{_e(desc)}</desc>']
    for tick in (0, scale / 2, scale):
        ty = y(tick)
        parts.append(f'<line class="briefing-chart__grid" x1="{left}" x2="{right}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="briefing-chart__tick" x="{right + 8}" y="{ty + 4:.1f}" '
                     f'text-anchor="start">{_e(number(tick))}</text>')
    if undated:
        edge = left + band
        parts.append(f'<line class="briefing-chart__band" x1="{edge}" x2="{edge}" y1="{top}" y2="{height - bottom}"/>')
        parts.append(f'<text class="briefing-chart__tick" x="{left + band / 2}" y="{height - 14}" '
                     f'text-anchor="middle">بلا تاريخ</text>')
    label_points = len(points) <= 12
    for p in points:
        px, py = x(p), y(p.row.quantity.value)
        who = p.row.quantity.claimant or "جهة غير محددة"
        parts.append(f'<circle class="briefing-chart__dot briefing-chart__dot--1" cx="{px:.1f}" cy="{py:.1f}" r="6">'
                     f'<title>{_e(number(p.row.quantity.value))} — {_e(who)} — {_e(p.date_text)}</title></circle>')
        if label_points:
            parts.append(f'<text class="briefing-chart__note" x="{px:.1f}" y="{py - 11:.1f}" text-anchor="middle" '
                         f'direction="rtl">{_e(number(p.row.quantity.value))} · {_e(excerpt(who, 3))}</text>')
    for p in {id(p): p for p in (dated[:1] + dated[-1:])}.values():
        parts.append(f'<text class="briefing-chart__tick" x="{x(p):.1f}" y="{height - 14}" text-anchor="middle">'
                     f'{_e(p.date_text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_ceiling(value: float) -> float:
    """The next «round» number at or above ``value`` (1, 2, 2.5, 5 × 10^k)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)
