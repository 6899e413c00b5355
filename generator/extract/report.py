"""Extraction → the JSON object `generator extract` prints (docs/extraction.md), and the
plain data stored under `extracted:` in seeds/<stem>.yml."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from generator.model import Article, Evidence, Extraction, Quantity


def evidence(ev: Evidence | None) -> dict[str, Any] | None:
    return None if ev is None else {"paragraph": ev.paragraph, "text": ev.text}


def bounds(extraction: Extraction) -> list[str | None]:
    """[earliest, latest] publication date as ISO days, either None when unbounded."""
    return [d.isoformat() if d else None for d in extraction.published_bounds]


def entities_by_kind(extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    """{people|places|organizations: [{name, role, spellings, paragraphs}]} in first-seen order."""
    grouped: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    plural = {"person": "people", "place": "places", "organization": "organizations"}
    for m in extraction.entities:
        item = grouped[plural[m.kind]].setdefault(m.name, {"name": m.name, "spellings": [], "paragraphs": []})
        if m.kind == "person":
            item.setdefault("role", None)
            if m.role and not item["role"]:
                item["role"] = m.role
        if m.surface not in item["spellings"]:
            item["spellings"].append(m.surface)
        if m.evidence.paragraph not in item["paragraphs"]:
            item["paragraphs"].append(m.evidence.paragraph)
    return {kind: list(grouped[kind].values()) for kind in ("people", "places", "organizations")}


def people(extraction: Extraction, known: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Known people (``confirmed``: in people.yml) and the people the article introduces
    that the knowledge base does not know yet (unconfirmed until added there)."""
    return [{**person, "confirmed": True} for person in known] + [
        {"name": c.name, "role": c.role or None, "confirmed": False, "spellings": list(c.spellings),
         "paragraphs": list(c.paragraphs)}
        for c in extraction.candidates
    ]


def quantity(q: Quantity) -> dict[str, Any]:
    """A figure: ``value`` null for a vague amount («آلاف الجنود»), a range's upper bound in
    ``value_max``; ``unit`` a knowledge-base unit id, else the counted noun as written."""
    return {"text": q.text, "value": q.value, "value_max": q.value_max, "vague": q.vague, "unit": q.unit,
            "unit_label": q.unit_label, "facet": q.facet, "duration": q.duration, "qualifier": q.qualifier, "counted": q.counted,
            "claimant": q.claimant, "paragraph": q.evidence.paragraph}


def details(extraction: Extraction) -> dict[str, Any]:
    """Everything beyond the headline fields, each value with its evidence."""
    kinds = entities_by_kind(extraction)
    return {
        **kinds,
        "people": people(extraction, kinds["people"]),
        "candidates": [{"name": c.name, "cue": c.cue, "role": c.role or None, **evidence(c.evidence)}
                       for c in extraction.candidates],
        "quantities": [quantity(q) for q in extraction.quantities],
        "quotes": [
            {"speaker": q.speaker, "speaker_text": q.speaker_text, "text": q.text, "verb": q.verb,
             "kind": q.kind, "paragraph": q.evidence.paragraph}
            for q in extraction.quotes
        ],
        "claims": [
            {"kind": c.kind, "actor": c.actor, "subject": c.subject, "text": c.text,
             "paragraph": c.evidence.paragraph}
            for c in extraction.claims
        ],
        "dates": [
            {"date": d.iso(), "precision": d.precision, "confidence": d.confidence, **(evidence(d.evidence) or {})}
            for d in extraction.dates
        ],
        "cited": [{"name": c.name, "kind": c.kind, **(evidence(c.evidence) or {})} for c in extraction.cited],
    }


def as_contract(path: Path, article: Article, extraction: Extraction) -> dict[str, Any]:
    published = extraction.published
    return {
        "file": str(path),
        "title": extraction.title,
        "outlet": extraction.outlet,
        "published": published.value.isoformat() if published else None,
        "published_precision": published.precision if published else None,
        "published_confidence": published.confidence if published else None,
        "published_bounds": bounds(extraction),
        "topics": list(extraction.topics),
        "paragraph_topics": {str(n): list(t) for n, t in sorted(extraction.paragraph_topics.items())},
        **details(extraction),
    }
