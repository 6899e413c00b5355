"""Who claims a figure: the attribution of its sentence nearest to it.

An attribution is a reporting or estimating verb with its subject («قالت وزارة الدفاع …
إن», «وقدّرت هيئة الأركان أن», «اتهم البيت الأبيض …», «نقلت الوكالة عن مسؤول …») or
«بحسب/وفق …». A figure takes the «بحسب …» right after it («…، بحسب تقديرات كييف»), else
the nearest attribution before it, else the first after it. The subject is a person named
soon after the verb (the knowledge base's, or a name surfaced as a candidate), else an
organisation or agency, else a place right after it; or the name just before the verb
(«وكان مارك روته قد قال»). Never a name inside what is said («… إن أوكرانيا …») nor a
place after a preposition («قال في بروكسل»); nobody for «مسؤول أمريكي».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from generator.arabic import WORD, fold_word, lookup
from generator.extract.attribution import IMMEDIATE, PERSON_WINDOW, Actor, Actors
from generator.extract.entities import find_candidates, find_entities
from generator.extract.figure_words import definite
from generator.knowledge import Knowledge
from generator.model import Article, Candidate, EntityMention

EARLIER_SENTENCES = 3  # how far back «وأضاف أن …» looks for its speaker
ACTOR_WINDOW = 40  # characters after a verb in which an organisation or agency is its subject
ACCORDING_WINDOW = 35  # «بحسب ما أوردته وكالة …»
SUBJECT_GAP_WORDS = 2  # «مارك روته قد قال»
INSTITUTION_MAX_WORDS = 6
_SAID_MARKS = ":«\"“"
_CLAUSE_END = re.compile(r"[،,؛:.]")
_NISBA = ("ي", "يه", "يين", "يون")  # folded endings of adjectives of origin (بحثية، أميركية)


@dataclass(frozen=True)
class Cue:
    start: int
    claimant: str | None
    resolved: bool  # False: a verb whose subject is not in the sentence («وأضاف أن …»)
    according: bool = False


def cues(sentence: str, knowledge: Knowledge, people: Actors | None = None) -> tuple[Cue, ...]:
    """The attributions of a sentence, in order. ``people``: who can speak in the article
    (the knowledge base's entities and sources, and the people the article introduces)."""
    pat = knowledge.patterns
    named = (people or Actors(knowledge)).find(sentence)
    tokens = list(WORD.finditer(sentence))
    found: list[Cue] = []
    said = (0, 0)  # what the last verb reports, up to the end of its clause: no cue inside
    for i, t in enumerate(tokens):
        if lookup(t.group(), pat.according_to):
            found.append(Cue(t.start(), *_according(sentence, t.end(), named, knowledge), according=True))
        elif said[0] < t.start() < said[1]:
            continue
        elif lookup(t.group(), pat.relay_verbs):  # «نقلت … عن …» reports; «نقلت السفن …» carries
            found.extend(_relayed(sentence, tokens, i, named, knowledge))
        elif lookup(t.group(), _verbs(knowledge)):
            cue, opener = _verb_cue(sentence, tokens, i, named, knowledge)
            found.append(cue)
            if opener is not None:
                clause = _CLAUSE_END.search(sentence, opener)
                said = (opener, clause.start() if clause else len(sentence))
    return tuple(found)


@lru_cache(maxsize=4)
def _verbs(knowledge: Knowledge) -> frozenset[str]:
    return knowledge.patterns.speech_verbs | knowledge.patterns.figures.claim_verbs


def _according(sentence: str, end: int, named: list[Actor], knowledge: Knowledge) -> tuple[str | None, bool]:
    """«بحسب هيئة الأركان», «وفق ما أوردته وكالة …», «وفقا لمعهد ستوكهولم الدولي …»."""
    clause = _CLAUSE_END.search(sentence, end)
    limit = min(end + ACCORDING_WINDOW, clause.start() if clause else len(sentence))
    first = WORD.search(sentence, end)
    institution = _institution_at(sentence, first, len(sentence), named, knowledge) if first else None
    if institution:
        return institution, True
    actor = next((a for a in named if end <= a.start < limit), None)
    return (actor.name, True) if actor else (None, False)


def _relayed(sentence: str, tokens: list[re.Match[str]], i: int, named: list[Actor],
             knowledge: Knowledge) -> list[Cue]:
    """«نقلت وكالة فرانس برس عن مسؤول أمريكي»: whoever comes after «عن»; no cue when
    nobody does («نقلت السفن الذخائر عن طريق البحر»)."""
    about = next((t for t in tokens[i + 1:i + 8] if t.group() == "عن"), None)
    if about is None:
        return []
    nxt = next((t for t in tokens if t.start() >= about.end()), None)
    if nxt is not None and lookup(nxt.group(), knowledge.patterns.anonymous):
        return [Cue(tokens[i].start(), None, True)]
    actor = _after(sentence, about.end(), len(sentence), named, knowledge)
    return [Cue(tokens[i].start(), actor.name, True)] if actor else []


def _verb_cue(sentence: str, tokens: list[re.Match[str]], i: int, named: list[Actor],
              knowledge: Knowledge) -> tuple[Cue, int | None]:
    """The cue of a verb, and where what it reports starts (its «إن/أن»), if it does."""
    words = knowledge.patterns.figures
    verb = tokens[i]
    opener = next((t.start() for t in tokens[i + 1:] if lookup(t.group(), words.speech_openers)), None)
    marks = [m for m in (sentence.find(c, verb.end()) for c in _SAID_MARKS) if m >= 0]
    limit = min([len(sentence) if opener is None else opener, *marks])
    return _subject(sentence, tokens, i, limit, named, knowledge), opener


def _subject(sentence: str, tokens: list[re.Match[str]], i: int, limit: int, named: list[Actor],
             knowledge: Knowledge) -> Cue:
    """Who the verb at ``i`` is said by; unresolved when the sentence does not say."""
    words, verb = knowledge.patterns.figures, tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].start() < limit else None
    institution = _institution_at(sentence, nxt, limit, named, knowledge) if nxt else None
    if institution:  # «قال معهد ستوكهولم الدولي …»: not «ستوكهولم»
        return Cue(verb.start(), institution, True)
    actor = _after(sentence, verb.end(), limit, named, knowledge)
    if actor is not None:
        return Cue(verb.start(), actor.name, True)
    if nxt is not None and lookup(nxt.group(), knowledge.patterns.anonymous):
        return Cue(verb.start(), None, True)
    institution = _institution(sentence, tokens[i + 1:], limit, named, knowledge)
    if institution is not None:
        return Cue(verb.start(), institution or None, True)  # «مؤسسة بحثية أميركية»: unnamed
    subject = _subject_before(sentence, verb.start(), named, knowledge)
    if subject:
        return Cue(verb.start(), subject.name, True)
    # «وأضاف أن», «وأشار إلى أن», «وأوضح الجهاز أن»: said by someone named before; not
    # «ذلك يشير إلى أن» (an estimating verb's subject is a thing as often as a speaker)
    before_said = (lookup(verb.group(), knowledge.patterns.speech_verbs) is not None
                   and (nxt is None or lookup(nxt.group(), words.places_after) or definite(nxt.group())))
    return Cue(verb.start(), None, not before_said)


def _institution(sentence: str, after: list[re.Match[str]], limit: int, named: list[Actor],
                 knowledge: Knowledge) -> str | None:
    """An organisation the knowledge base does not know, as written, named within
    ACTOR_WINDOW after the verb («وتقدر دراسة أصدرها معهد كوريا للتحليلات الدفاعية أن»);
    "" for one left unnamed («أفادت مؤسسة بحثية أميركية»)."""
    institutions = knowledge.patterns.institutions
    first = next((t for t in after if t.start() < limit and t.start() - after[0].start() <= ACTOR_WINDOW
                  and fold_word(t.group()) in institutions), None) if after else None
    if first is None:
        return None
    return _institution_at(sentence, first, limit, named, knowledge) or ""


def _institution_at(sentence: str, token: re.Match[str], limit: int, named: list[Actor],
                    knowledge: Knowledge) -> str | None:
    """The unknown organisation named from ``token`` on («معهد ستوكهولم الدولي لأبحاث
    السلام», «لمعهد …» without its «ل»), unless the knowledge base names one there."""
    key, institutions = fold_word(token.group()), knowledge.patterns.institutions
    start = token.start() + (1 if key[:1] in "لب" and key[1:] in institutions else 0)
    if (start == token.start() and key not in institutions) or any(
            token.start() <= a.start < token.end() and a.kind != "place" for a in named):
        return None
    clause = _CLAUSE_END.search(sentence, start)
    name = sentence[start:min(limit, clause.start() if clause else len(sentence))].split()
    # a name has a word of its own («معهد كوريا», «وزارة الخارجية الصينية»), not only
    # adjectives («مؤسسة بحثية أميركية»)
    named_word = any(definite(w) or not fold_word(w).endswith(_NISBA) for w in name[1:])
    return " ".join(name) if 2 <= len(name) <= INSTITUTION_MAX_WORDS and named_word else None


def _after(sentence: str, end: int, limit: int, named: list[Actor], knowledge: Knowledge) -> Actor | None:
    """The subject of a verb ending at ``end``, before what is said (``limit``)."""
    within = [a for a in named if end <= a.start < limit]
    person = next((a for a in within if a.kind == "person" and a.start - end <= PERSON_WINDOW), None)
    if person:
        return person
    actor = next((a for a in within if a.kind in ("organization", "source") and a.start - end <= ACTOR_WINDOW), None)
    if actor:
        return actor
    place = next((a for a in within if a.kind == "place" and a.start - end <= IMMEDIATE), None)
    if place is None:
        return None
    before = WORD.findall(sentence[end:place.start])
    return None if before and lookup(before[-1], knowledge.patterns.figures.places_after) else place


def _subject_before(sentence: str, start: int, named: list[Actor], knowledge: Knowledge) -> Actor | None:
    """«وكان الأمين العام مارك روته قد قال»: the name right before the verb."""
    before = [a for a in named if a.end <= start]
    if not before:
        return None
    gap = WORD.findall(sentence[before[-1].end:start])
    if (_CLAUSE_END.search(sentence, before[-1].end, start) or len(gap) > SUBJECT_GAP_WORDS
            or any(lookup(w, knowledge.patterns.figures.speech_openers) for w in gap)):
        return None
    return before[-1]


def claimant_at(found: tuple[Cue, ...], position: int) -> tuple[str | None, bool]:
    """(claimant, resolved) of a figure at ``position``; unresolved when the nearest
    attribution's subject is not in the sentence («وأضاف أن …»): the caller may take the
    speaker of an earlier sentence."""
    after = [c for c in found if c.start >= position]
    before = [c for c in found if c.start < position]
    if after and after[0].according and after[0].resolved:
        return after[0].claimant, True
    for cue in reversed(before):
        if cue.resolved:
            return cue.claimant, True
    if before:
        return None, False
    resolved = next((c for c in after if c.resolved), None)
    return (resolved.claimant, True) if resolved else (None, True)


class ArticleClaims:
    """The claimants of an article's figures, with the speaker of earlier sentences for
    «وأضاف أن …» (a verb whose subject was named before)."""

    def __init__(self, article: Article, knowledge: Knowledge, people: tuple[Candidate, ...] | None,
                 known: tuple[EntityMention, ...] | None) -> None:
        self.article, self.knowledge, self._people, self._known = article, knowledge, people, known
        self.seen: list[str] = []
        self._cues: dict[str, tuple[Cue, ...]] = {}  # each figure of a sentence, and later sentences, ask

    @cached_property
    def actors(self) -> Actors:
        """Who can speak in the article; its entities and the people it introduces are
        found here when the caller has not found them already."""
        known, people = self._known, self._people
        if known is None:
            known = tuple(find_entities(self.article, self.knowledge))
        if people is None:
            people = tuple(find_candidates(self.article, self.knowledge, list(known)))
        return Actors(self.knowledge, people, known)

    def cues(self, sentence: str) -> tuple[Cue, ...]:
        found = self._cues.get(sentence)
        if found is None:
            found = self._cues[sentence] = cues(sentence, self.knowledge, self.actors)
        return found

    def claimant(self, sentence: str, position: int) -> str | None:
        """Who claims the figure at ``position`` of ``sentence`` (a sentence of the article
        after those in ``seen``)."""
        who, resolved = claimant_at(self.cues(sentence), position)
        if resolved:
            return who
        for earlier in reversed(self.seen[-EARLIER_SENTENCES:]):
            said = [c for c in self.cues(earlier) if c.resolved]
            if said:
                return said[-1].claimant
        return None
