"""Quotes: quoted speech («…», “…”, "…") and reported speech («قال … إن …»), each with its
speaker (canonical name when known, the full name of a person the article introduces, an
institution as written), the reporting verb and the paragraph.

A paragraph is read in order, verb by verb: a verb's speaker is its subject
(``attribution.speaker_of``); a verb without one («وأضاف أن …», «مضيفا أن …», «وتابع:»)
continues the sentence's previous speaker, else the person or institution that opens the
sentence, else the last speaker of this or the previous paragraph. A quotation belongs to
the verb before it in its sentence, else to the verb right after it («"…"، قال زيلينسكي»),
else to «بحسب فلان» after it, else (a paragraph that is only a quotation) to the last speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.arabic import WORD, clean, fold, fold_word, lookup, sentences
from generator.extract.attribution import (
    Actor, Actors, Speaker, speaker_of, subject_before, subject_right_before,
)
from generator.knowledge import Knowledge
from generator.model import Article, Candidate, EntityMention, Evidence, Quote

_QUOTED = re.compile(r"“([^”]{3,})”|«([^»]{3,})»|\"([^\"]{3,})\"|”([^“”]{3,})“")  # the last: marks reversed
# «إن», «أن», «بأن» and their pronoun forms, diacritics allowed («إنَّه»)
_THAT = re.compile(r"(?<![\w\u064b-\u0652])[بف]?[إأ]ن[\u064b-\u0652]*(?:ه|ها|هم)?(?![\w\u064b-\u0652])")
# «… ، وإن جدول الأعمال …»: a second statement under the same verb
_AND_THAT = re.compile(r"[،,]\s*و(?:إن|أن|بأن)[\u064b-\u0652]*\s")
_JUST_AFTER = re.compile(r"^[\s،,.\-–]*و?$")  # between a quotation and «قال» after it
# «"…"، بهذه العبارة علق …»: at most a few words between a quotation and its verb
_NEAR_AFTER = re.compile(r"^[\s،,.\-–]*(?:[\w\u064b-\u0652]+\s+){0,3}$")
_THESE_WORDS = re.compile(r"[\s،,]*(?:و)?ب(?:هذه|تلك) (?:العبارة|العبارات|الكلمات|الجملة)\s+")
_OBJECT = ("ها", "ه", "هم")  # «ووصفتها بأنها», «وصفه بوتين»
_RELAY_REACH = 80  # «نقلت وكالة … عن»: «عن» within these characters, else «نقل» is not speech
MIN_QUOTE_WORDS = 3
SUBJECT_MAX_CHARS = 300  # from a verb to its «إن» («وقال فلان، الأستاذ في …، إن»)


@dataclass
class _Verb:
    match: re.Match[str]
    sentence: int  # index of its sentence
    speaker: Speaker | None = None


def find_quotes(article: Article, knowledge: Knowledge, people: tuple[Candidate, ...] = (),
                known: tuple[EntityMention, ...] = ()) -> list[Quote]:
    """Every quote; ``people`` are the persons the article introduces, ``known`` its
    mentions of known entities (their short names can be speakers too)."""
    actors = Actors(knowledge, people, known)
    quotes: list[Quote] = []
    last: tuple[int, Speaker] | None = None  # the latest speaker: (paragraph, speaker)
    orgs: list[Actor] = []  # institutions named so far, for «الوزارة», «الجهاز»
    for p in article.paragraphs:
        text = clean(p.text)
        found = [actors_in for actors_in in actors.find(text)]
        previous = last[1] if last is not None and last[0] >= p.n - 1 else None
        paragraph_quotes, last_here = _paragraph(text, p.n, found, previous, knowledge, orgs)
        quotes += paragraph_quotes
        if last_here is not None:
            last = (p.n, last_here)
    return quotes


def _paragraph(text: str, n: int, actors: list[Actor], previous: Speaker | None, knowledge: Knowledge,
               orgs: list[Actor]) -> tuple[list[Quote], Speaker | None]:
    spans = sentences(text) or [(0, len(text))]
    quoted = [m for m in _QUOTED.finditer(text)]
    verbs = [_Verb(v, _sentence_of(spans, v.start())) for v in _verbs(text, knowledge)
             if not any(m.start() < v.start() < m.end() for m in quoted) and not _after_that(text, v)]
    kept: list[_Verb] = []
    spoke: Speaker | None = None  # the last speaker of this paragraph
    for i, verb in enumerate(verbs):
        limit = _limit(text, spans, verbs, i, quoted)
        named = orgs + [a for a in actors if a.kind in ("organization", "source") and a.end <= verb.match.start()]
        verb.speaker = _anaphora(speaker_of(text, verb.match, limit, actors, knowledge), named, previous)
        if lookup(verb.match.group(), knowledge.patterns.according_to) and (verb.speaker is None or verb.speaker.name is None):
            continue  # «وقال لافروف وفقاً لنص الخطاب: …»: «وفقاً» names no one here
        kept.append(verb)
        before = kept[-2] if len(kept) > 1 and kept[-2].sentence == verb.sentence else None
        if verb.speaker is None:
            start = spans[verb.sentence][0]
            initial = not WORD.search(text, start, verb.match.start())
            verb.speaker = subject_right_before(text, verb.match, actors) or (before.speaker if before else None) \
                or subject_before(text, start, verb.match, actors, initial) or previous
        elif before is not None and before.speaker is not None and before.speaker.kind == "person" \
                and verb.speaker.kind != "person" and _THAT.search(text, before.match.end(), verb.match.start()):
            # «قال النائب فلان إن جهاز الاستخبارات أبلغ النواب بأن …»: the one who says so
            verb.speaker = before.speaker
        if verb.speaker is not None:
            previous = spoke = verb.speaker
    verbs = kept
    orgs.extend(a for a in actors if a.kind in ("organization", "source"))
    quotes = [_direct(text, n, m, spans, verbs, actors, knowledge, previous_at(verbs, m, previous))
              for m in quoted if len(_content(m).split()) >= MIN_QUOTE_WORDS]
    for i, verb in enumerate(verbs):
        quotes += _reported(text, n, verbs, i, spans, quoted)
    quotes.sort(key=lambda q: text.find(q.text))
    return quotes, spoke


def _anaphora(speaker: Speaker | None, orgs: list[Actor], previous: Speaker | None) -> Speaker | None:
    """«وقالت الوزارة», «وأوضح الجهاز», «وأبلغ الجهاز النواب»: the institution last named
    that way; «وأضاف البيان»: the institution that spoke last."""
    as_written = speaker is not None and speaker.name == speaker.surface  # «الجهاز النواب», no entity
    if speaker is None or speaker.name is not None and not as_written or speaker.anonymous:
        return speaker
    words = speaker.surface.split()
    word = fold_word(words[0])
    if not word.startswith("ال") or len(words) > 2:
        return speaker
    head = word[2:]
    if head == "بيان" and previous is not None and previous.kind in ("organization", "source"):
        return previous
    for org in reversed(orgs):
        first = fold_word(org.surface.split()[0])
        if head in (first, first[2:]):
            return Speaker(org.name, org.surface, kind=org.kind)
    return speaker


def _verbs(text: str, knowledge: Knowledge) -> list[re.Match[str]]:
    """Reporting verbs, «بحسب» and the like, with an object pronoun («ووصفتها»); «نقلت» only
    when «عن» follows («نقلت السفن دفعة أولى» is no speech)."""
    pat, found = knowledge.patterns, []
    for token in WORD.finditer(text):
        word = token.group()
        if not (lookup(word, pat.speech_verbs) or lookup(word, pat.according_to)
                or any(word.endswith(o) and lookup(word[:-len(o)], pat.speech_verbs) for o in _OBJECT)):
            continue
        relay = lookup(word, pat.relay_verbs) or any(word.endswith(o) and lookup(word[:-len(o)], pat.relay_verbs)
                                                     for o in _OBJECT)
        source = r"(?:عن|إلى)" if fold_word(word).lstrip("و").startswith("نسب") else "عن"  # «ونُسب إلى فلان قوله»
        if relay and not re.search(rf"(?<!\w){source}(?!\w)", text[token.end():token.end() + _RELAY_REACH]):
            continue  # «في بيان نقلته وكالة تاس»: the agency carried it, it did not say it
        found.append(token)
    return found


def _after_that(text: str, verb: re.Match[str]) -> bool:
    """«إن نقل الأسلحة …»: right after «إن» a verb's form is a noun."""
    before = text[max(0, verb.start() - 6):verb.start()]
    return _THAT.search(before.split()[-1]) is not None if before.split() else False


def previous_at(verbs: list[_Verb], m: re.Match[str], fallback: Speaker | None) -> Speaker | None:
    """The last speaker before a quotation (for a paragraph that is only a quotation)."""
    before = [v.speaker for v in verbs if v.match.start() < m.start() and v.speaker is not None]
    return before[-1] if before else fallback


def _content(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None).strip()


def _sentence_of(spans: list[tuple[int, int]], position: int) -> int:
    return next((i for i, (s, e) in enumerate(spans) if s <= position < e), len(spans) - 1)


def _limit(text: str, spans: list[tuple[int, int]], verbs: list[_Verb], i: int, quoted: list[re.Match[str]]) -> int:
    """How far a verb's subject can reach: its sentence, the next verb, a quotation, «إن»."""
    verb = verbs[i].match
    limit = spans[verbs[i].sentence][1]
    if i + 1 < len(verbs):
        limit = min(limit, verbs[i + 1].match.start())
    for m in quoted:
        if m.start() >= verb.end():
            limit = min(limit, m.start())
            break
    that = _THAT.search(text, verb.end(), limit)
    return that.start() if that else limit


def _direct(text: str, n: int, m: re.Match[str], spans: list[tuple[int, int]], verbs: list[_Verb],
            actors: list[Actor], knowledge: Knowledge, previous: Speaker | None) -> Quote:
    sentence = _sentence_of(spans, m.start())
    owner = next((v for v in reversed(verbs) if v.sentence == sentence and v.match.end() <= m.start()), None)
    if owner is None:  # «"…"، قال زيلينسكي», «"…". وقالت راشيل مينيونغ لي، …»
        owner = next((v for v in verbs if v.match.start() >= m.end()
                      and _NEAR_AFTER.match(text[m.end():v.match.start()])), None)
    speaker = owner.speaker if owner else (_according_to(text, m, actors, knowledge)
                                           or _these_words(text, m, actors, knowledge))
    if owner is None and speaker is None and not text[spans[sentence][0]:m.start()].strip(" \"«“"):
        speaker = previous  # a paragraph or sentence that is only a quotation: the same speaker
    quoted = _content(m)
    return Quote(speaker=_name(speaker), speaker_text=speaker.surface if speaker else None, text=quoted,
                 verb=owner.match.group() if owner else None, kind="direct", evidence=Evidence(n, quoted))


def _these_words(text: str, m: re.Match[str], actors: list[Actor], knowledge: Knowledge) -> Speaker | None:
    """«"…"، بهذه العبارة لخّص عضو اللجنة فلان …»: the subject of the verb after «بهذه العبارة»."""
    lead = _THESE_WORDS.match(text, m.end())
    verb = WORD.match(text, lead.end()) if lead else None
    if verb is None:
        return None
    end = next((i for i in (text.find(c, verb.end()) for c in ".،") if i >= 0), len(text))
    return speaker_of(text, verb, end, actors, knowledge)


def _according_to(text: str, m: re.Match[str], actors: list[Actor], knowledge: Knowledge) -> Speaker | None:
    """«"…"، بحسب وزارة الدفاع»: the actor right after «بحسب»/«وفقا لـ» after a quotation."""
    words = list(WORD.finditer(text, m.end(), min(len(text), m.end() + 60)))
    if not words or not _JUST_AFTER.match(text[m.end():words[0].start()]):
        return None
    if not lookup(words[0].group(), knowledge.patterns.according_to):
        return None
    after = next((a for a in actors if a.start >= words[0].end()), None)
    if after is None or after.start - words[0].end() > 12 or after.kind == "place":
        return None
    return Speaker(after.name, after.surface)


def _reported(text: str, n: int, verbs: list[_Verb], i: int, spans: list[tuple[int, int]],
              quoted: list[re.Match[str]]) -> list[Quote]:
    """«وقال X إن …»: what follows «إن» up to the next verb or the end of the sentence, one
    quote for each «، وإن …» under the same verb; a part holding a quotation is that quotation."""
    verb = verbs[i]
    end = spans[verb.sentence][1]
    if i + 1 < len(verbs) and verbs[i + 1].sentence == verb.sentence:
        end = verbs[i + 1].match.start()
    that = _THAT.search(text, verb.match.end(), min(end, verb.match.end() + SUBJECT_MAX_CHARS))
    if that is None or any(verb.match.end() <= m.start() < that.start() for m in quoted):
        return []
    found = []
    starts = [that.end()] + [m.end() for m in _AND_THAT.finditer(text, that.end(), end)]
    ends = [m.start() for m in _AND_THAT.finditer(text, that.end(), end)] + [end]
    for start, stop in zip(starts, ends):
        # a part holding a quotation: what comes before it, when it says something itself
        stop = next((m.start() for m in quoted if start <= m.start() < stop
                     and len(_content(m).split()) >= MIN_QUOTE_WORDS), stop)
        part = text[start:stop].strip().rstrip(".،,").strip()
        part = re.sub(r"[،,]?\s*و?$", "", part).strip()
        if len(part.split()) < MIN_QUOTE_WORDS:
            continue
        speaker = verb.speaker
        found.append(Quote(speaker=_name(speaker), speaker_text=speaker.surface if speaker else None, text=part,
                           verb=verb.match.group(), kind="reported", evidence=Evidence(n, part)))
    return found


def _name(speaker: Speaker | None) -> str | None:
    return None if speaker is None or speaker.anonymous else speaker.name


@lru_cache(maxsize=65536)
def quote_key(text: str) -> str:
    """A quote's identity across articles (the same words quoted by two outlets); cached:
    the briefing asks once for the whole corpus and once per topic."""
    return " ".join(fold(text).split()[:8])
