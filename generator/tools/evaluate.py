"""Measure extraction against hand-written gold annotations (tests/gold/README.md).

Scores what ``python -m generator extract`` prints (the contract object), so the
evaluation sees exactly what a user sees. Per field: precision, recall and F1,
micro-averaged over the articles, and for published dates and figures the count of
*wrong* values (a day-precision date outside the gold window, a figure read as another
number), which must stay 0: a missed value is a gap, a wrong one is a false statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.arabic import fold
from generator.extract import extract_article
from generator.extract.report import as_contract
from generator.ingest.article import read_article
from generator.knowledge import Knowledge
from generator.knowledge.yamlio import load_file

FIELDS = ("title", "outlet", "published", "published_bounds", "topics", "people", "places",
          "organizations", "quantities", "claimants", "quotes", "dates")
_PRECISION_CHARS = {"day": 10, "month": 7, "year": 4}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: int = 0  # a value the gold contradicts (topics: an off-topic article filed under one)

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0, wrong: int = 0) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        self.wrong += wrong

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    articles: int = 0
    misses: list[str] = field(default_factory=list)  # "stem: field: what", for --verbose

    def table(self) -> str:
        head = f"{'field':<17}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}{'wrong':>7}"
        rows = [f"{name:<17}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.wrong:>7}"
                for name, s in self.scores.items()]
        return "\n".join([head, *rows])

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {n: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4), "wrong": s.wrong}
                for n, s in self.scores.items()}


def _norm(value: Any) -> str | None:
    return None if value is None else " ".join(fold(str(value)).split())


def _set(report: Report, name: str, stem: str, predicted: set[Any], gold: set[Any]) -> None:
    report.scores[name].add(tp=len(predicted & gold), fp=len(predicted - gold), fn=len(gold - predicted))
    for item in sorted(map(str, gold - predicted)):
        report.misses.append(f"{stem}: {name}: missed {item}")
    for item in sorted(map(str, predicted - gold)):
        report.misses.append(f"{stem}: {name}: extra {item}")


def _value(report: Report, name: str, stem: str, predicted: Any, gold: Any) -> None:
    score = report.scores[name]
    if _norm(predicted) == _norm(gold):
        score.add(tp=1 if gold is not None else 0)
        return
    score.add(fp=1 if predicted is not None else 0, fn=1 if gold is not None else 0)
    report.misses.append(f"{stem}: {name}: got {predicted!r}, gold {gold!r}")


def _window(iso: str, precision: str) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisoformat(iso[:10])
    if precision == "day":
        return start, start
    if precision == "month":
        nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    return dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)


def _published(report: Report, stem: str, got: dict[str, Any], gold: dict[str, Any] | None) -> None:
    score, iso = report.scores["published"], got.get("published")
    if iso is None:
        score.add(fn=1 if gold else 0)
        if gold:
            report.misses.append(f"{stem}: published: missed {gold['from']}")
        return
    if gold is None:
        score.add(fp=1, wrong=1 if got["published_precision"] == "day" else 0)
        report.misses.append(f"{stem}: published: got {iso}, gold none")
        return
    start, end = _window(iso, got["published_precision"])
    if start <= gold["to"] and gold["from"] <= end:
        score.add(tp=1)
    else:
        score.add(fp=1, fn=1, wrong=1 if got["published_precision"] == "day" else 0)
        report.misses.append(f"{stem}: published: got {iso}, gold {gold['from']}..{gold['to']}")


def _bounds(report: Report, stem: str, got: dict[str, Any], true_date: dt.date) -> None:
    bounds = got.get("published_bounds") or [None, None]
    if got.get("published"):
        bounds = [str(d) for d in _window(got["published"], got["published_precision"])]
    if bounds == [None, None]:
        report.scores["published_bounds"].add(fn=1)
        return
    earliest = dt.date.fromisoformat(bounds[0]) if bounds[0] else dt.date.min
    latest = dt.date.fromisoformat(bounds[1]) if bounds[1] else dt.date.max
    if earliest <= true_date <= latest:
        report.scores["published_bounds"].add(tp=1)
    else:
        report.scores["published_bounds"].add(fp=1, fn=1, wrong=1)
        report.misses.append(f"{stem}: published_bounds: {bounds} exclude {true_date}")


def _overlaps(a: str, b: str) -> bool:
    a, b = _norm(a) or "", _norm(b) or ""
    return bool(a and b) and (a in b or b in a)


def _quantities(report: Report, stem: str, got: list[dict[str, Any]], gold: list[dict[str, Any]]) -> None:
    score, matched = report.scores["quantities"], set()
    for item in gold:
        found = [i for i, q in enumerate(got) if i not in matched and _overlaps(q["text"], item["contains"])]
        if not found:
            score.add(fn=1)
            report.misses.append(f"{stem}: quantities: missed {item['contains']!r}")
            continue
        expected = None if item["value"] is None else float(item["value"])
        same = [i for i in found if got[i]["value"] == expected]
        matched.add((same or found)[0])
        if not same:
            score.add(fp=1, fn=1, wrong=1)
            report.misses.append(f"{stem}: quantities: {item['contains']!r} read as {got[found[0]]['value']}")
            continue
        score.add(tp=1)
        if "claimant" in item:
            _value(report, "claimants", stem, got[same[0]].get("claimant"), item["claimant"])
    for i, q in enumerate(got):
        if i not in matched:
            score.add(fp=1)
            report.misses.append(f"{stem}: quantities: extra {q['text']!r} = {q['value']}")


def _quotes(report: Report, stem: str, got: list[dict[str, Any]], gold: list[dict[str, Any]]) -> None:
    score = report.scores["quotes"]
    for item in gold:
        words = _norm(item["contains"]) or ""
        found = [q for q in got if words in (_norm(q["text"]) or "")]
        if not found:
            score.add(fn=1)
            report.misses.append(f"{stem}: quotes: missed {item['contains']!r}")
        elif any(_norm(q["speaker"]) == _norm(item["speaker"]) for q in found):
            score.add(tp=1)
        else:
            score.add(fp=1, fn=1)
            report.misses.append(f"{stem}: quotes: {item['contains']!r} by {found[0]['speaker']!r}, gold {item['speaker']!r}")


def score_article(report: Report, stem: str, got: dict[str, Any], gold: dict[str, Any]) -> None:
    """Add one article's contract object ``got``, scored against its ``gold``."""
    for name in ("title", "outlet"):
        if name in gold:
            _value(report, name, stem, got[name], gold[name])
    if "published" in gold:
        _published(report, stem, got, gold["published"])
    if gold.get("true_date"):
        _bounds(report, stem, got, gold["true_date"])
    if "topics" in gold and not gold["topics"] and got["topics"]:
        report.scores["topics"].add(wrong=1)  # an article about neither side filed under a topic
    for name in ("topics", "people", "places", "organizations"):
        if name in gold:
            names = {_norm(x if isinstance(x, str) else x["name"]) for x in got[name]}
            _set(report, name, stem, names, {_norm(x) for x in gold[name] or []})
    if "quantities" in gold:
        _quantities(report, stem, got["quantities"], gold["quantities"] or [])
    if "quotes" in gold:
        _quotes(report, stem, got["quotes"], gold["quotes"] or [])
    if "dates" in gold:
        _set(report, "dates", stem, {(d["date"], d["precision"]) for d in got["dates"]},
             {(str(d["date"])[:_PRECISION_CHARS[d["precision"]]], d["precision"]) for d in gold["dates"] or []})
    report.articles += 1


# Gold sets: (name, gold folder, folder of the articles), relative to the project.
LOCKED = "locked"
GOLD_SETS = (
    ("seeds", Path("tests/gold"), Path("seeds")),
    ("dev", Path("tests/gold/dev"), Path("tests/fixtures/dev")),
    (LOCKED, Path("tests/gold/locked"), Path("tests/fixtures/locked")),
)


def evaluate(gold_dir: Path, articles_dir: Path, knowledge: Knowledge, today: dt.date) -> Report:
    """Score extraction on every article that has a gold file."""
    report = Report()
    for gold_path in sorted(gold_dir.glob("*.yml")):
        if gold_path.name == "floors.yml":
            continue
        gold, _lines = load_file(gold_path)
        path = articles_dir / f"{gold_path.stem}.txt"
        article = read_article(path, knowledge, max_bytes=10_000_000)
        got = as_contract(path, article, extract_article(article, knowledge, today))
        score_article(report, gold_path.stem, got, gold)
    return report
