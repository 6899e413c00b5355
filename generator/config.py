"""Typed settings for a build: where things are and the limits, validated all at once."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem

DEFAULT_MAX_ARTICLE_BYTES = 2_000_000  # ~1,000 pages of Arabic text; news articles are ~10 KB


@dataclass(frozen=True)
class Settings:
    """Paths and limits. ``root`` is the project directory (where mkdocs.yml is)."""

    root: Path
    seeds: Path
    site_src: Path
    templates: Path
    knowledge: Path
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES

    @classmethod
    def for_project(cls, root: Path | str = ".", **overrides: object) -> Settings:
        """The standard layout under ``root``: seeds/, site_src/, templates/pages/."""
        from generator.knowledge import HERE

        root = Path(root).resolve()
        values: dict[str, object] = {
            "root": root,
            "seeds": root / "seeds",
            "site_src": root / "site_src",
            "templates": root / "templates" / "pages",
            "knowledge": HERE,
            "max_article_bytes": int(os.environ.get("BRIEFING_MAX_ARTICLE_BYTES", DEFAULT_MAX_ARTICLE_BYTES)),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def state(self) -> Path:
        """Where the generator keeps its own records (hidden from MkDocs: a dot folder)."""
        return self.site_src / ".state"

    def problems(self) -> list[Problem]:
        """Everything wrong with these settings, all at once."""
        found = []
        for name in ("seeds", "templates", "knowledge"):
            path = getattr(self, name)
            if not path.is_dir():
                found.append(Problem(path, f"{name}: directory not found"))
        if self.max_article_bytes <= 0:
            found.append(Problem(self.root, "max_article_bytes: must be a positive number of bytes"))
        return found


def build_date() -> str:
    """Today as YYYY-MM-DD, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()
