"""Article file names → stable, unique, safe URL slugs (/articles/<slug>/)."""

from __future__ import annotations

import hashlib
import re

_SAFE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
_UNSAFE_CHARS = re.compile(r"[^\w-]+")
MAX_SLUG = 80


def slugify_stem(stem: str) -> str:
    """The stem itself when already URL-safe (the contract: /articles/<stem>/); otherwise
    letters and digits kept (Arabic included), the rest turned into dashes, plus a short
    hash of the original name so distinct names never collide."""
    if _SAFE.match(stem) and not stem.endswith("."):
        return stem
    base = _UNSAFE_CHARS.sub("-", stem).strip("-_.")[:MAX_SLUG] or "article"
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}"


def assign_slugs(stems: list[str]) -> dict[str, str]:
    """{stem: slug}, unique even on case-insensitive file systems."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for stem in sorted(stems):
        slug = slugify_stem(stem)
        if slug.lower() in used:
            slug = f"{slug}-{hashlib.sha1(stem.encode('utf-8')).hexdigest()[:8]}"
        used.add(slug.lower())
        slugs[stem] = slug
    return slugs


def entity_slug(name: str) -> str:
    """«سيرغي لافروف» → «سيرغي-لافروف»: readable, stable, safe in a URL path."""
    slug = _UNSAFE_CHARS.sub("-", name).strip("-_.")[:MAX_SLUG]
    return slug or "entity-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
