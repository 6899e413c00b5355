"""Claims: accusations, denials, confirmations and assessments, with the actor (the
entity next to the verb) and the subject (arms transfers, the treaty, a visit)."""

from __future__ import annotations

from generator.arabic import clean, sentences
from generator.extract.attribution import actor_near
from generator.knowledge import Knowledge
from generator.model import Article, Claim, Evidence

# Topic-vocabulary group → the subject shown for a claim about it.
SUBJECTS = {"arms": "نقل الأسلحة", "treaty": "المعاهدة", "meeting": "الزيارات والقمم"}


def find_claims(article: Article, knowledge: Knowledge) -> list[Claim]:
    matcher = knowledge.claim_matcher
    claims: list[Claim] = []
    for p in article.paragraphs:
        text = clean(p.text)
        paragraph_groups = knowledge.groups.labels(text)
        for s, e in sentences(text):
            sentence = text[s:e]
            hits = matcher.find(sentence)
            if not hits:
                continue
            groups = knowledge.groups.labels(sentence)
            subject = next((label for g, label in SUBJECTS.items() if g in groups), None) or \
                next((label for g, label in SUBJECTS.items() if g in paragraph_groups), None)
            entities = knowledge.entity_matcher.find(sentence)
            for hit in hits[:1]:  # one claim per sentence: its first claim verb decides
                actor = actor_near(hit.end, entities, knowledge, window=40)
                if actor is None and subject is None:
                    continue
                claims.append(Claim(
                    kind=hit.label, actor=knowledge.entities[actor.label].name if actor else None,
                    subject=subject, text=sentence.strip(), evidence=Evidence(p.n, hit.surface),
                ))
    return claims
