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

from generator.arabic import WORD, fold, fold_word, lookup
from generator.knowledge import Knowledge
from generator.knowledge.match import Match, Matcher
from generator.model import Candidate, EntityMention

PERSON_WINDOW = 60  # characters after a verb in which a person is looked for
IMMEDIATE = 12  # an organisation or place must follow the verb this closely («وقالت وزارة …»)
ACTOR_KINDS = ("person", "organization", "place")


@dataclass(frozen=True)
class Speaker:
    name: str | None  # canonical (entity or news source), None when unknown
    surface: str
    anonymous: bool = False  # «مصدر مطلع», «مسؤولون»: unknown on purpose
    kind: str = ""  # person | organization | place | source, when known


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


# ---- Speakers of quotes, across an article ------------------------------------------------
# A reporting verb's subject is what comes right after it (Arabic news is verb-first):
# a person (named by the knowledge base or introduced by the article), a title phrase and the
# person it introduces, an institution («قالت وزارة الدفاع الكورية الجنوبية»), a country only
# as that subject («قالت كوريا الجنوبية إن»), or an anonymous source («مصدر مطلع»: no
# speaker). «نقلت وكالة تاس عن بيسكوف قوله»: the one after «عن». A verb with no subject
# («وأضاف أن …») continues the previous speaker (``generator.extract.quotes``).

_THAT = frozenset(fold(w) for w in ("إن", "أن", "بأن", "إنه", "إنها", "أنه", "أنها", "بأنه", "بأنها",
                                    "إنهم", "أنهم"))
_FILLERS = frozenset(fold(w) for w in ("أيضا", "أيضاً", "كذلك", "بدوره", "بدورها"))
# What follows a verb that has no subject of its own: «وأضاف في بيان أن», «وقال للصحفيين».
_NO_SUBJECT = frozenset(fold(w) for w in (
    "في", "خلال", "لدى", "أمس", "اليوم", "يوم", "عن", "إلى", "على", "من", "مع", "للصحفيين",
    "للصحافيين", "لوكالة", "لصحيفة", "لشبكة", "لموقع", "لقناة", "مساء", "صباح", "بعد", "قبل", "عقب",
    "إثر", "لاحقا", "مؤخرا", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
    "حول", "بشأن", "بأنها", "بأنه", "ذلك", "هذا", "هذه", "أنه", "أنها", "بعدما", "حين", "فيما",
    "ب", "ل", "ك", "العام", "الشهر", "الأسبوع", "الليلة", "الجمعة", "صباحا", "مساء", "ظهر"))
# «واصفا العلاقات …», «مؤكدا أن …»: a participle goes with the clause's subject, it has none after it
_PARTICIPLE = re.compile(r"^و?م[\u0621-\u064a]{3,}[اًه]$")
_ACTIVE_PARTICIPLES = frozenset(("واصفا", "وواصفا", "واصفه", "قائلا", "وقائلا", "قائله", "وقائله"))
_OPENS_SPEECH = re.compile(r"[:\"«“]")
_SOURCE_CUE = re.compile(r"(?:صحيفة|موقع|قناة|وكالة|شبكة|مجلة)\s*$")
_ARTICLE = ("ال", "وال", "بال", "فال", "لل")
PHRASE_MAX_WORDS = 6
_ORG_KINDS = ("organization", "source", "place")


@dataclass(frozen=True)
class Actor:
    """Someone named in a text who can speak: an entity, a news source or a person the
    article introduces."""

    name: str
    kind: str  # person | organization | place | source
    start: int
    end: int
    surface: str


class Actors:
    """Who can speak in one article: the knowledge base's entities and sources, and the
    people the article introduces (``Candidate``), with the short forms it uses for them
    and for known people («أوشاكوف», «تشوي», «لي»)."""

    def __init__(self, knowledge: Knowledge, people: tuple[Candidate, ...] = (),
                 known: tuple[EntityMention, ...] = ()) -> None:
        from generator.extract.entities import as_written, known_short_forms, short_forms

        self.knowledge, self._as_written = knowledge, as_written
        # «البيان» is a newspaper and «the statement»: a source only after «صحيفة» and the like
        self.ambiguous = frozenset(s.name for s in knowledge.sources if s.ambiguous)
        forms = short_forms([c.name for c in people], knowledge)
        terms: dict[str, list[str]] = {c.name: [c.name] for c in people}
        for form, owner in {**known_short_forms(knowledge, list(known)), **forms}.items():
            terms.setdefault(owner, []).append(form)
        self.terms = {name: tuple(found) for name, found in terms.items()}
        self.people = Matcher(self.terms, names=True) if self.terms else None

    def find(self, text: str) -> list[Actor]:
        """Every actor named in ``text``, in order; a longer name the article introduces
        wins over a known short name inside it («كيم جونغ غيو» is not «كيم»)."""
        k = self.knowledge
        found = [Actor(k.entities[m.label].name, k.entities[m.label].kind, m.start, m.end, m.surface)
                 for m in k.entity_matcher.find(text)]
        found += [Actor(m.label, "source", m.start, m.end, m.surface) for m in k.source_matcher.find(text)
                  if not any(a.start < m.end and m.start < a.end for a in found)
                  and (m.label not in self.ambiguous or _SOURCE_CUE.search(text[max(0, m.start - 8):m.start]))]
        if self.people is not None:
            for m in self.people.find(text):
                if not self._as_written(m.surface, self.terms[m.label]):
                    continue
                inside = [a for a in found if a.start < m.end and m.start < a.end]
                if all(a.kind == "person" and m.start <= a.start and a.end <= m.end and a.end - a.start < m.end - m.start
                       for a in inside):
                    found = [a for a in found if a not in inside]
                    found.append(Actor(m.label, "person", m.start, m.end, m.surface))
        return sorted(found, key=lambda a: a.start)


def _participle(word: str) -> bool:
    folded = fold_word(word)
    return bool(_PARTICIPLE.match(folded)) or folded in _ACTIVE_PARTICIPLES


def speaker_of(text: str, verb: re.Match[str], limit: int, actors: list[Actor],
               knowledge: Knowledge) -> Speaker | None:
    """The subject of ``verb`` in ``text`` (looking no further than ``limit``); None when
    the verb has none of its own («وأضاف أن …», «وتابع: "…"»)."""
    tokens = [t for t in WORD.finditer(text, verb.end(), limit)]
    while tokens and fold_word(tokens[0].group()) in _FILLERS:
        tokens = tokens[1:]
    if not tokens or _OPENS_SPEECH.search(text[verb.end():tokens[0].start()]) or _participle(verb.group()):
        return None
    pat = knowledge.patterns
    first, word = tokens[0], fold_word(tokens[0].group())
    if lookup(word, pat.anonymous) and not lookup(word, pat.titles):
        return Speaker(None, _phrase(text, tokens, knowledge), anonymous=True)
    if lookup(verb.group(), pat.relay_verbs):  # «نقلت وكالة تاس عن بيسكوف قوله», «ونُسب إلى فلان قوله»
        about = next((t for t in tokens if fold_word(t.group()) in ("عن", "الي")), None)
        if about is not None:
            relayed = speaker_of(text, about, limit, actors, knowledge)
            if relayed is not None:
                return relayed
    if word in _THAT or word in _NO_SUBJECT or (word[:1] == "ل" and word[1:] in _NO_SUBJECT):
        return None
    at = next((a for a in actors if a.start <= first.start() < a.end), None)
    if at is None and word[:1] in "بل":  # «وتعهد بتقديم …», «وقال لوكالة …»: no subject here
        return None
    if at is not None:
        return _person_at(at, actors) if at.kind == "person" else Speaker(at.name, at.surface, kind=at.kind)
    title = next((t for t in tokens[:3] if lookup(t.group(), pat.titles)), None)
    if title is not None:  # «كبير أمناء مجلس الوزراء …»
        return _titled(text, title, limit, actors, knowledge)
    if lookup(word, pat.anonymous):
        return Speaker(None, _phrase(text, tokens, knowledge), anonymous=True)
    phrase = _phrase(text, tokens, knowledge)
    head = word[2:] if tokens[0].group().startswith("ال") else word
    if head in pat.institutions:  # «وذكرت وكالة تاس», «قالت وزارة التوحيد الكورية الجنوبية»
        reach = tokens[min(2, len(tokens) - 1)].end()
        inner = next((a for a in actors if first.start() <= a.start < reach
                      and a.kind in ("organization", "source")), None)
        if inner is not None:
            return Speaker(inner.name, inner.surface, kind=inner.kind)
        return Speaker(phrase if len(phrase.split()) > 1 else None, phrase, kind="organization")
    return Speaker(None, phrase)


def _person_at(person: Actor, actors: list[Actor]) -> Speaker:
    """«مساعد بوتين، يوري أوشاكوف»: a person named right after another is the speaker."""
    after = next((a for a in actors if a.kind == "person" and a.start >= person.end), None)
    if after is not None and after.start - person.end <= 3:
        return Speaker(after.name, after.surface, kind="person")
    return Speaker(person.name, person.surface, kind="person")


def _titled(text: str, title: re.Match[str], limit: int, actors: list[Actor], knowledge: Knowledge) -> Speaker:
    """«المتحدث باسم الخارجية الصينية غوه جيا كون»: the person the title introduces; an
    unnamed spokesman speaks for the institution he is named for; else an unnamed official."""
    window = min(limit, title.start() + PERSON_WINDOW + 40)
    person = next((a for a in actors if a.kind == "person" and title.start() <= a.start < window), None)
    if person is not None:
        return _person_at(person, actors)
    role = text[title.start():limit].split("،")[0].strip()
    if fold_word(title.group()).lstrip("وف").replace("ال", "", 1).startswith("متحدث"):
        org = next((a for a in actors if a.kind == "organization" and title.start() <= a.start < window), None)
        if org is not None:
            return Speaker(org.name, org.surface, kind="organization")
    return Speaker(None, role, anonymous=True)


def _phrase(text: str, tokens: list[re.Match[str]], knowledge: Knowledge) -> str:
    """The subject as written: «الحكومة اليابانية», «مكتب الرئاسة الكوري الجنوبي»."""
    pat = knowledge.patterns
    end = tokens[0]
    for token in tokens[1:PHRASE_MAX_WORDS]:
        word = fold_word(token.group())
        if (word in _THAT or lookup(word, pat.speech_verbs)
                or re.search(r"[،,.؛:«»\"“”()]", text[end.end():token.start()])):
            break
        if word in ("في", "لدى") and token is not tokens[-1]:  # «السفارة الروسية في واشنطن»
            nxt = tokens[tokens.index(token) + 1]
            if any(a.start == nxt.start() and a.kind == "place" for a in _places_in(text, knowledge, nxt)):
                end = nxt
                break
            break
        genitive = (word[:1] == "ل" and len(word) > 3 and word not in _NO_SUBJECT  # «اللجنة المركزية لحزب العمال»
                    and fold_word(end.group()).startswith("ال"))
        if lookup(word, pat.stopwords) or not (token.group().startswith(_ARTICLE) or word in pat.role_words
                                               or word in pat.institutions or genitive):
            break
        end = token
    return text[tokens[0].start():end.end()]


def _places_in(text: str, knowledge: Knowledge, token: re.Match[str]) -> list[Actor]:
    return [Actor(knowledge.entities[m.label].name, knowledge.entities[m.label].kind, token.start() + m.start,
                  token.start() + m.end, m.surface) for m in knowledge.entity_matcher.find(text[token.start():token.end()])]


def subject_right_before(text: str, verb: re.Match[str], actors: list[Actor]) -> Speaker | None:
    """«أن كيم أكد أن …», «أن الرئيس الأمريكي دونالد ترامب كتب»: a person right before a
    verb that does not open a clause with «و»."""
    last = next((a for a in reversed(actors) if a.end <= verb.start()), None)
    if last is None or last.kind != "person" or fold_word(verb.group()).startswith("و"):
        return None
    if WORD.search(text, last.end, verb.start()) or re.search(r"[،,.:]", text[last.end:verb.start()]):
        return None
    return Speaker(last.name, last.surface, kind="person")


def subject_before(text: str, sentence_start: int, verb: re.Match[str], actors: list[Actor],
                   initial: bool) -> Speaker | None:
    """The subject of a verb that has none after it, from before it in its sentence (never
    a place: a dateline «سيول (رويترز) -» is not a speaker): «أما فلان فقال», «وكان فلان قد
    قال», «واستقبل لافروف نظيرته، واصفا …» (the sentence's first person, else institution);
    «بيسكوف، من جهته، قال إن …» (an actor opening the sentence)."""
    before = [a for a in actors if sentence_start <= a.start and a.end <= verb.start() and a.kind != "place"]
    if not before:
        return None
    lead = fold(text[sentence_start:before[0].start]).split()
    before_verb = fold(text[max(sentence_start, verb.start() - 4):verb.start()]).split()
    if (lead[:1] in (["اما"], ["واما"]) or any(w in ("كان", "وكان", "كانت", "وكانت") for w in lead[:2])
            or before_verb[-1:] == ["قد"] or not initial):
        chosen = next((a for a in before if a.kind == "person"), before[0])
        return Speaker(chosen.name, chosen.surface, kind=chosen.kind)
    opening = before[0]
    if len(lead) > 1 or len(WORD.findall(text[opening.end:verb.start()])) > 3:
        return None
    return Speaker(opening.name, opening.surface, kind=opening.kind)
