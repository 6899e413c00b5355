"""Charts drawn at build time: right data, right to left, well-formed, accessible, inert."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from lxml import etree

from generator.site import charts
SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def test_month_counts_match_the_topic_events(seed_briefing) -> None:
    data = charts.month_counts(seed_briefing)
    for topic in seed_briefing.topics:
        expected = sum(1 for e in topic.events if e.date.precision in ("day", "month")
                       and e.date.value.strftime("%Y-%m") >= data.months[0])
        assert sum(data.count(topic.id, m) for m in data.months) == expected
    assert data.months == sorted(data.months) and len(data.months) <= charts.CHART_MONTHS
    # consecutive months, the latest being the latest month with an event
    assert data.months[-1] == max(m for (_t, m) in data.counts)


def test_month_range_is_consecutive_and_capped() -> None:
    assert charts._month_range("2024-02", 4, "2000-01") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert charts._month_range("2024-02", 36, "2024-01") == ["2024-01", "2024-02"]


def test_timeline_chart_reads_right_to_left_and_is_labelled(seed_briefing) -> None:
    data = charts.month_counts(seed_briefing)
    svg = parse_svg(charts.timeline_svg(data))
    assert svg.get("role") == "img"
    ids = svg.get("aria-labelledby").split()
    assert [svg.find(f".//*[@id='{i}']").text for i in ids][0].startswith("الأحداث المؤرخة")
    dots = svg.findall(f"{SVG}circle")
    assert len(dots) == sum(1 for v in data.counts.values() if v)
    # earliest month at the right: x decreases as months advance
    ticks = [(float(t.get("x")), t.text) for t in svg.findall(f"{SVG}text") if "tick" in t.get("class")]
    assert ticks[0][0] > ticks[-1][0]
    labels = [t.text for t in svg.findall(f"{SVG}text") if "label" in t.get("class")]
    assert labels == [t.label for t in seed_briefing.topics]


def test_figures_chart_places_each_claim(arrivals_briefing) -> None:
    # the troops sent to Russia: dated by the arrivals, undated in the seed that gives them
    group = next(g for t in arrivals_briefing.topics for g in t.figures if len(g.rows) >= 3)
    assert any(r.date is None for r in group.rows) and any(r.date for r in group.rows)
    svg = parse_svg(charts.figures_svg(group, "chart-x"))
    points = charts.figure_points(group)
    # dated figures oldest first (the smaller first on one day), then the undated ones
    assert points == sorted(points, key=lambda p: (p.when is None, p.when or dt.date.min, p.row.quantity.value))
    dots = svg.findall(f"{SVG}circle")
    assert len(dots) == len(points)
    # the larger value is drawn higher (smaller y)
    by_value = sorted(zip((p.row.quantity.value for p in points), (float(d.get("cy")) for d in dots)))
    assert all(a[1] >= b[1] for a, b in zip(by_value, by_value[1:]))
    assert svg.find(f"{SVG}desc").text.count("بحسب") == len(points)
    # undated figures sit in their own band at the left, dated ones to its right
    band = float(svg.find(f"{SVG}line[@class='briefing-chart__band']").get("x1"))
    for p, d in zip(points, dots):
        assert (float(d.get("cx")) < band) == (p.when is None)


def test_figures_chart_needs_two_dated_points(seed_briefing) -> None:
    group = next(g for t in seed_briefing.topics for g in t.figures)
    assert charts.figures_svg(replace(group, rows=group.rows[:1]), "c") == ""


def test_chart_text_is_escaped(seed_briefing) -> None:
    topics = [replace(t, label="<script>alert(1)</script>") for t in seed_briefing.topics]
    svg = charts.timeline_svg(charts.month_counts(replace(seed_briefing, topics=topics)))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    parse_svg(svg)


def test_nice_ceiling() -> None:
    assert [charts._nice_ceiling(v) for v in (0, 7, 11000, 9000, 250)] == [1, 10, 20000, 10000, 250]
