"""Who says it: the speaker of a sentence, from a reporting verb and the names near it.

Arabic news sentences are mostly verb-first («وقال وزير الدفاع شين …»), so a person named
soon after the verb is preferred (titles come first, so the window is wide); an
organisation, place or news agency counts only right after the verb («وقال البيت
الأبيض»); otherwise the nearest actor named before the verb.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from generator.arabic import WORD, lookup
from generator.knowledge import Knowledge
from generator.match import Match

PERSON_WINDOW = 60  # characters after a verb in which a person is looked for
IMMEDIATE = 12  # an organisation or place must follow the verb this closely («وقالت وزارة …»)
ACTOR_KINDS = ("person", "organization", "place")


@dataclass(frozen=True)
class Speaker:
    name: str | None  # canonical (entity or news source), None when unknown
    surface: str


@lru_cache(maxsize=1024)
def speech_verbs(text: str, knowledge: Knowledge) -> tuple[re.Match[str], ...]:
    """Reporting-verb tokens in ``text`` (cached: quotes, figures and claims each ask
    about the same sentences)."""
    return tuple(t for t in WORD.finditer(text) if lookup(t.group(), knowledge.patterns.speech_verbs))


def actor_near(position: int, entities: list[Match], knowledge: Knowledge,
               window: int = PERSON_WINDOW, after_only: bool = False) -> Match | None:
    """The actor of a verb ending at ``position`` (see the module docstring)."""
    for m in entities:
        if position <= m.start <= position + window and knowledge.entities[m.label].kind == "person":
            return m
    for m in entities:
        if position <= m.start <= position + min(window, IMMEDIATE):
            return m
    if after_only:
        return None
    before = [m for m in entities if m.end <= position]
    for kind in ACTOR_KINDS:
        for m in reversed(before):
            if knowledge.entities[m.label].kind == kind:
                return m
    return None


def speaker_after(sentence: str, verb: re.Match[str], limit: int, knowledge: Knowledge,
                  after_only: bool = False) -> Speaker | None:
    """The speaker of ``verb`` in ``sentence``, looking no further than ``limit``."""
    entities = [m for m in knowledge.entity_matcher.find(sentence[:limit])]
    actor = actor_near(verb.end(), entities, knowledge, window=min(PERSON_WINDOW, limit - verb.end()),
                       after_only=after_only)
    if actor is not None:
        return Speaker(knowledge.entities[actor.label].name, actor.surface)
    for m in knowledge.source_matcher.find(sentence[verb.end():limit]):
        if m.start <= IMMEDIATE + 8:  # «وذكرت وكالة "تاس"»
            return Speaker(m.label, m.surface)
    return None


def sentence_speaker(sentence: str, knowledge: Knowledge) -> tuple[Speaker | None, re.Match[str] | None]:
    """(speaker, verb) of a sentence that reports speech; (None, None) when none."""
    verbs = speech_verbs(sentence, knowledge)
    if not verbs:
        return None, None
    return speaker_after(sentence, verbs[0], len(sentence), knowledge), verbs[0]
