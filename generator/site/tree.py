"""Everything the generator puts in site_src/: the pages, the assets, the feeds."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from generator.briefing.assemble import Briefing
from generator.config import Settings, switched_off
from generator.errors import Problem
from generator.knowledge import Knowledge
from generator.site.assets import FONT_DIR, font_files, robots_txt
from generator.site.feeds import feeds
from generator.site.render import SiteMemo, SitePlan, plan_site, render_plan


@dataclass
class TreePlan:
    pages: SitePlan  # the pages: those to render, those unchanged, every page's key
    files: dict[str, Any]  # the font, the feeds, robots.txt
    problems: list[Problem] = field(default_factory=list)

    @property
    def writing(self) -> list[str]:
        """Every file this build may write: the pages to render and the files made already."""
        made = [path for files in (self.pages.files, self.files) for path, text in files.items() if text is not None]
        return self.pages.rendering + made

    def recorded(self, files: Collection[str]) -> dict[str, str | None]:
        """What the store's ``pages`` is to hold once ``files`` are written: every one,
        with its key when it has one (so a file no longer generated is removed next time)."""
        return {path: self.pages.keys.get(path) for path in files}


def plan_tree(briefing: Briefing, settings: Settings, knowledge: Knowledge, salt: str,
              previous: dict[str, str | None], present: Collection[str], memo: SiteMemo) -> TreePlan:
    """What site_src/ is to hold. ``previous``: each page's key as last written (pages a
    person deleted since, not ``present``, are rendered again)."""
    keys = {} if switched_off("page-keys") else {p: key for p, key in previous.items() if key and p in present}
    pages = plan_site(briefing, settings.templates, knowledge, salt, keys, memo)
    fonts, problems = font_files(settings.node_modules), []
    if fonts is None:  # not installed (or being reinstalled): a copy an earlier build made stays
        fonts = {path: None for path in previous if path.startswith(FONT_DIR + "/")}
        problems.append(Problem(settings.node_modules, "the Arabic web font is not installed (run `make setup` "
                                "or `npm ci`); " + ("the copy in site_src/ is kept" if fonts else
                                                    "pages fall back to system fonts"), level="warning"))
    files = {**fonts, **feeds(briefing, settings.site_name, settings.site_url),
             "robots.txt": robots_txt(settings.site_url)}
    return TreePlan(pages, files, problems)


def render_tree(plan: TreePlan, emit: Callable[[str, str], Any]) -> dict[str, Any]:
    """{site_src path: text or bytes, or what ``emit`` (path, text) gave for a page (it
    writes each as it is rendered), or None for a page whose key did not change}."""
    return {**render_plan(plan.pages, emit=emit), **plan.files}
