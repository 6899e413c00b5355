"""What a person should confirm: low-confidence extracted values (publication date,
outlet, dates inferred from weekdays) and people the knowledge base does not know yet
(unconfirmed: listed with their role, quoted and counted, until added to people.yml).
Reads seeds/ and the metadata files; writes nothing."""

from __future__ import annotations

import datetime as dt

from generator import knowledge as kb
from generator.config import Settings, build_date
from generator.errors import ArticleError
from generator.extract import extract_article
from generator.extract.sources import find_outlet
from generator.ingest.article import read_article
from generator.metadata.files import load_curated
from generator.model import Candidate


def review(settings: Settings, threshold: float = 0.8) -> list[str]:
    """Lines «file: what — evidence» for everything worth a person's look."""
    knowledge = kb.load(settings.knowledge)
    today = dt.date.fromisoformat(build_date())
    lines: list[str] = []
    for path in sorted(settings.seeds.glob("*.txt")):
        try:
            # as a build reads it: a link out of seeds/ is not read (safefiles.py)
            article = read_article(path, knowledge, max_bytes=settings.max_article_bytes, regular_only=True)
        except ArticleError as exc:
            lines.append(f"{path.name}: skipped — {exc.problem.reason}")
            continue
        corrected = load_curated(path.with_suffix(".yml")).values
        e = extract_article(article, knowledge, today)
        name = path.name
        if "title" not in corrected and e.title_source != "headline":
            lines.append(f"{name}: title taken from the first sentence — «{e.title}» (set `title:`)")
        _outlet, _ev, confidence = find_outlet(article, knowledge)
        if "outlet" not in corrected and (e.outlet is None or confidence < threshold):
            lines.append(f"{name}: outlet {'unknown' if e.outlet is None else f'«{e.outlet}» (confidence {confidence:.1f})'} (set `outlet:`)")
        if "published" not in corrected:
            if e.published is None:
                lines.append(f"{name}: publication date unknown (set `published:`)")
            elif e.published.confidence < threshold or e.published.precision != "day":
                lines.append(f"{name}: published {e.published.iso()} ({e.published.precision}, confidence "
                             f"{e.published.confidence:.1f}) — «{e.published.evidence.text if e.published.evidence else ''}»")
        for d in e.dates:
            if d.confidence < threshold and d.evidence:
                lines.append(f"{name} ¶{d.evidence.paragraph}: date {d.iso()} ({d.precision}, confidence "
                             f"{d.confidence:.1f}) from «{d.evidence.text}»")
        for c in e.candidates:
            lines.append(unconfirmed(name, c))
    return lines


def unconfirmed(article: str, person: Candidate) -> str:
    """One unconfirmed person: role, where, the words that introduce them, and how to confirm."""
    role = f"«{person.role}»" if person.role else "no role stated"
    paragraphs = ", ".join(f"¶{n}" for n in person.paragraphs)
    entry = f"- {{name: {person.name}, role: {person.role or '…'}, side: …, aliases: []}}"
    return (f"{article} ¶{person.evidence.paragraph}: unconfirmed person «{person.name}» ({role}; {paragraphs}) — "
            f"«{person.evidence.text}» — to confirm, add `{entry}` under people: in "
            "generator/knowledge/people.yml")
