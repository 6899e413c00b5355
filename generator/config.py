"""Typed settings for a build: where things are and the limits, validated all at once."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from generator.errors import Problem
from generator.ingest.safefiles import InputFileError, link_problem_reason, links_under
from generator.knowledge.yamlio import LIMITS, YamlSyntaxError, check_bounds, read_text

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # as in mkdocs.yml; BRIEFING_SITE_URL sets both
DEFAULT_MAX_ARTICLE_BYTES = 2_000_000  # a book's worth of Arabic text, far beyond any news article


@dataclass(frozen=True)
class Settings:
    """Paths and limits. ``root`` is the project directory (where mkdocs.yml is)."""

    root: Path
    seeds: Path
    site_src: Path
    templates: Path
    knowledge: Path
    node_modules: Path  # npm packages (the self-hosted font), see generator/site/assets.py
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    site_name: str = "إيجاز"
    site_url: str = DEFAULT_SITE_URL  # absolute URLs in feeds

    @classmethod
    def for_project(cls, root: Path | str = ".", **overrides: object) -> Settings:
        """The standard layout under ``root``: seeds/, site_src/, templates/pages/."""
        from generator.knowledge import HERE

        root = Path(root).resolve()
        site = _mkdocs_settings(root / "mkdocs.yml")
        values: dict[str, object] = {
            "site_name": site.get("site_name") or cls.site_name,
            "site_url": site.get("site_url") or DEFAULT_SITE_URL,
            "root": root,
            "seeds": root / "seeds",
            "site_src": root / "site_src",
            "templates": root / "templates" / "pages",
            "knowledge": HERE,
            "node_modules": root / "node_modules",
            "max_article_bytes": env_number("BRIEFING_MAX_ARTICLE_BYTES", DEFAULT_MAX_ARTICLE_BYTES),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def state(self) -> Path:
        """Where the generator keeps its own records (hidden from MkDocs: a dot folder)."""
        return self.site_src / ".state"

    @property
    def themed_cache(self) -> Path:
        """Where `mkdocs build` keeps the theme's HTML of each page outside the nav between
        builds (generator/engine/pages.py: ``ThemedPages``).

        Not under site_src/: `mkdocs serve` watches that folder, so a `mkdocs build` run
        beside it would set off its rebuilds. The user's cache folder instead
        (``BRIEFING_PAGE_CACHE`` to choose another), one subfolder per project.
        """
        return self._cache_folder("themed")

    @property
    def search_cache(self) -> Path:
        """Where each search-index shard Pagefind wrote is kept, by the hash of its pages
        (generator/engine/search_index.py); beside the themed pages, for the same reason. One set per
        site URL: pages served by `mkdocs serve` carry its address in their links, so its
        shards differ from `mkdocs build`'s, and switching between the two must not drop
        the other's."""
        import hashlib

        return self._cache_folder("search") / hashlib.sha256(self.site_url.encode()).hexdigest()[:12]

    def _cache_folder(self, kind: str) -> Path:
        import hashlib
        import os

        base = Path(os.environ.get("BRIEFING_PAGE_CACHE")
                    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "arabic-briefing")
        project = hashlib.sha256(str(self.site_src.resolve()).encode()).hexdigest()[:16]
        return base / f"{kind}-{project}"

    def problems(self) -> list[Problem]:
        """Everything wrong with these settings, all at once."""
        found = []
        for name in ("seeds", "templates", "knowledge"):
            path = getattr(self, name)
            if not path.is_dir():
                found.append(Problem(path, f"{name}: directory not found"))
        if self.max_article_bytes <= 0:
            found.append(Problem(self.root, "max_article_bytes: must be a positive number of bytes"))
        for folder in self._code_folders():
            found.extend(Problem(path, link_problem_reason(path)) for path in links_under(folder))
        return found

    def _code_folders(self) -> list[Path]:
        """The templates (the page templates and the theme beside them, which MkDocs reads
        and copies into the site) and the knowledge base: folders whose files a build reads
        and publishes, where a symbolic link could bring in any file of the machine."""
        templates = self.templates.parent if self.templates.parent.name == "templates" else self.templates
        return [folder for folder in (templates, self.knowledge) if folder.is_dir()]


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain settings: ``!ENV`` resolved, other tags ignored."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[v] for v in variables if v in os.environ), default)


_MkDocsLoader.add_constructor("!ENV", _env_tag)
_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _mkdocs_settings(path: Path) -> dict[str, str]:
    """site_name and site_url from mkdocs.yml, where they are text ({} if it is missing,
    unreadable or over yamlio's limits; the MkDocs plugin passes MkDocs' own values anyway).
    Aliases are allowed, as MkDocs allows them: only two strings are taken from it."""
    try:
        text = read_text(path)
        check_bounds(text, replace(LIMITS, aliases=True))
        data = yaml.load(text, Loader=_MkDocsLoader)
    except (OSError, InputFileError, YamlSyntaxError, yaml.YAMLError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: data[key] for key in ("site_name", "site_url") if isinstance(data.get(key), str)}


def switched_off(speed_up: str) -> bool:
    """Whether ``BRIEFING_WITHOUT`` (comma-separated) names ``speed_up``: saved-state,
    page-keys, last-build, html-pages (the engine's). The site is the same without any of
    them (without html-pages, but for the tables of contents of the article, entity and
    archive pages, which Python-Markdown does not make from HTML headings);
    the benchmark measures what each saves (`python -m generator.tools.bench machinery`)."""
    return speed_up in os.environ.get("BRIEFING_WITHOUT", "").split(",")


def env_number(name: str, default: int | float) -> int | float:
    """A positive number set in the environment variable ``name`` (of ``default``'s
    type); ``default`` when it is unset or not such a number (README: "Inputs")."""
    try:
        value = type(default)(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def build_date() -> str:
    """Today as YYYY-MM-DD, or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()

