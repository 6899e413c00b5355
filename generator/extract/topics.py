"""Topic labels per paragraph, from the vocabulary groups in topics.yml."""

from __future__ import annotations

from generator.knowledge import TOPIC_IDS, Knowledge
from generator.model import Article

TOPICAL_KINDS = ("text", "highlight", "caption")


def _satisfied(sets: tuple[tuple[str, ...], ...], present: set[str]) -> bool:
    return all(any(group in present for group in alternatives) for alternatives in sets)


def paragraph_topics(article: Article, knowledge: Knowledge) -> dict[int, tuple[str, ...]]:
    """{paragraph number: topic ids}. Empty when the article fails the relation gate
    (it is not about Russia *and* North Korea)."""
    groups = {p.n: knowledge.groups.labels(p.text) for p in article.paragraphs}
    everywhere = set().union(*groups.values()) if groups else set()
    everywhere |= knowledge.groups.labels(article.title)
    if not _satisfied(knowledge.relation_gate, everywhere):
        return {}
    labels: dict[int, tuple[str, ...]] = {}
    for paragraph in article.paragraphs:
        if paragraph.kind not in TOPICAL_KINDS:
            continue
        present = groups[paragraph.n]
        topics = tuple(
            t for t in TOPIC_IDS if t in knowledge.topics and _satisfied(knowledge.topics[t].all_of, present)
        )
        if topics:
            labels[paragraph.n] = topics
    return labels
