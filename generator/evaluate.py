"""Measure extraction against hand-written gold annotations (tests/gold/*.yml).

Per field: precision, recall and F1, micro-averaged over the articles. Sets (topics,
people, places, organizations, quantities, dates) compare items; title and outlet compare
values; published counts as correct when the extracted date (at its precision) is
consistent with the gold window; quotes are scored on the gold quotes (found = a quote
containing the gold words; correct = found with the gold speaker), because gold lists
the quotes that matter, not every quoted phrase.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.arabic import fold
from generator.extract import extract_article
from generator.extract.report import entities_by_kind
from generator.ingest import read_article
from generator.knowledge import Knowledge
from generator.model import DateValue, Extraction
from generator.yamlio import load_file

FIELDS = ("title", "outlet", "published", "topics", "people", "places", "organizations",
          "quantities", "quotes", "dates")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

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

    def table(self) -> str:
        lines = [f"{'field':<15}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for name, s in self.scores.items():
            lines.append(f"{name:<15}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {n: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
                for n, s in self.scores.items()}


def _set(score: Score, predicted: set[Any], gold: set[Any]) -> None:
    score.add(tp=len(predicted & gold), fp=len(predicted - gold), fn=len(gold - predicted))


def _value(score: Score, predicted: Any, gold: Any) -> None:
    norm = lambda v: " ".join(fold(str(v)).split()) if v is not None else None  # noqa: E731
    if norm(predicted) == norm(gold):
        score.add(tp=1 if gold is not None else 0)
    else:
        score.add(fp=1 if predicted is not None else 0, fn=1 if gold is not None else 0)


def _interval(d: DateValue) -> tuple[dt.date, dt.date]:
    v = d.value
    if d.precision == "day":
        return v, v
    if d.precision == "month":
        nxt = dt.date(v.year + (v.month == 12), v.month % 12 + 1, 1)
        return v, nxt - dt.timedelta(days=1)
    return dt.date(v.year, 1, 1), dt.date(v.year, 12, 31)


def _published(score: Score, predicted: DateValue | None, gold: dict[str, Any] | None) -> None:
    if gold is None:
        score.add(fp=1 if predicted else 0)
        return
    if predicted is None:
        score.add(fn=1)
        return
    start, end = _interval(predicted)
    if start <= gold["to"] and gold["from"] <= end:
        score.add(tp=1)
    else:
        score.add(fp=1, fn=1)


def _quotes(score: Score, extraction: Extraction, gold: list[dict[str, str]]) -> None:
    for item in gold:
        words = fold(item["contains"])
        found = [q for q in extraction.quotes if words in fold(q.text)]
        if not found:
            score.add(fn=1)
        elif any(q.speaker == item["speaker"] for q in found):
            score.add(tp=1)
        else:
            score.add(fp=1, fn=1)


def score_article(report: Report, extraction: Extraction, gold: dict[str, Any]) -> None:
    s = report.scores
    _value(s["title"], extraction.title, gold.get("title"))
    _value(s["outlet"], extraction.outlet, gold.get("outlet"))
    _published(s["published"], extraction.published, gold.get("published"))
    _set(s["topics"], set(extraction.topics), set(gold.get("topics", [])))
    entities = entities_by_kind(extraction)
    for kind in ("people", "places", "organizations"):
        _set(s[kind], {e["name"] for e in entities[kind]}, set(gold.get(kind, [])))
    _set(s["quantities"], {(q.value, q.unit) for q in extraction.quantities},
         {(float(q["value"]), q["unit"]) for q in gold.get("quantities", [])})
    _quotes(s["quotes"], extraction, gold.get("quotes", []))
    _set(s["dates"], {(d.iso(), d.precision) for d in extraction.dates},
         {(str(d["date"])[:{"day": 10, "month": 7, "year": 4}[d["precision"]]], d["precision"])
          for d in gold.get("dates", [])})
    report.articles += 1


# Gold sets: (name, gold folder, folder of the articles), relative to the project.
GOLD_SETS = (
    ("seeds", Path("tests/gold"), Path("seeds")),
    ("unseen", Path("tests/gold/unseen"), Path("tests/fixtures/unseen")),
    ("heldout", Path("tests/gold/heldout"), Path("tests/fixtures/heldout")),
)


def evaluate(gold_dir: Path, articles_dir: Path, knowledge: Knowledge, today: dt.date) -> Report:
    """Score extraction on every article that has a gold file."""
    report = Report()
    for gold_path in sorted(gold_dir.glob("*.yml")):
        if gold_path.name == "floors.yml":
            continue
        gold, _lines = load_file(gold_path)
        article = read_article(articles_dir / f"{gold_path.stem}.txt", knowledge, max_bytes=10_000_000)
        score_article(report, extract_article(article, knowledge, today), gold)
    return report
