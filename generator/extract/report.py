"""Extraction → the JSON object promised by CONTRACTS.md for `generator extract`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model import Article, Extraction


def as_contract(path: Path, article: Article, extraction: Extraction) -> dict[str, Any]:
    published = extraction.published
    return {
        "file": str(path),
        "title": extraction.title,
        "outlet": extraction.outlet,
        "published": published.value.isoformat() if published else None,
        "published_precision": published.precision if published else None,
        "topics": list(extraction.topics),
        "people": [],
        "places": [],
        "organizations": [],
        "quantities": [],
        "quotes": [],
    }
