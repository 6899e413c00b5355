"""Quotes: quoted speech («…», “…”, "…") and reported speech («قال … إن …»), each with its
speaker (canonical name when known), the reporting verb and the paragraph."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.arabic import clean, fold, sentences
from generator.extract.attribution import Speaker, sentence_speaker, speaker_after, speech_verbs
from generator.knowledge import Knowledge
from generator.model import Article, Evidence, Quote

_QUOTED = re.compile(r"“([^”]{3,})”|«([^»]{3,})»|\"([^\"]{3,})\"")
_REPORTED = re.compile(r"\s(?:إن|أن|بأن|إنه|إنها|أنه|أنها|بأنه|بأنها)\s")
MIN_QUOTE_WORDS = 3


def find_quotes(article: Article, knowledge: Knowledge, candidates: tuple[str, ...] = ()) -> list[Quote]:
    """Every quote; ``candidates`` are unknown names that may be the speakers."""
    quotes: list[Quote] = []
    for p in article.paragraphs:
        text = clean(p.text)
        spans = sentences(text)
        direct_sentences: set[int] = set()
        for m in _QUOTED.finditer(text):
            quoted = next(g for g in m.groups() if g is not None).strip()
            if len(quoted.split()) < MIN_QUOTE_WORDS:
                continue  # a scare-quoted phrase, not speech
            index = next((i for i, (s, e) in enumerate(spans) if s <= m.start() < e), 0)
            direct_sentences.add(index)
            speaker, verb = _direct_speaker(text, spans, index, m, knowledge, candidates)
            quotes.append(Quote(
                speaker=speaker.name if speaker else None,
                speaker_text=speaker.surface if speaker else None,
                text=quoted, verb=verb, kind="direct", evidence=Evidence(p.n, quoted),
            ))
        for i, (s, e) in enumerate(spans):
            if i not in direct_sentences:
                reported = _reported(text[s:e], knowledge, candidates)
                if reported:
                    quotes.append(Quote(*reported, evidence=Evidence(p.n, text[s:e].strip())))
    return quotes


def _direct_speaker(text: str, spans: list[tuple[int, int]], index: int, m: re.Match[str],
                    knowledge: Knowledge, candidates: tuple[str, ...]):
    """Speaker of a quotation: a reporting verb in its sentence, else in the next sentence
    («"…". وقالت راشيل مينيونغ لي»), else the last person named before it."""
    s, e = spans[index]
    sentence = text[s:e]
    quote_start = m.start() - s
    verbs = [v for v in speech_verbs(sentence, knowledge) if v.start() < quote_start]
    if verbs:
        # the verb nearest the quote, if its actor is named with it; else the sentence's
        # first speaker («وقالت موسكو إنها … وأشارت إلى "…"»)
        speaker = speaker_after(sentence, verbs[-1], quote_start, knowledge, after_only=True) \
            or speaker_after(sentence, verbs[0], quote_start, knowledge)
        if speaker is None:
            subject = _subject(sentence[verbs[-1].end():quote_start], candidates)
            speaker = Speaker(None, subject) if subject else None
        return speaker, verbs[-1].group()
    if index + 1 < len(spans):
        nxt_s, nxt_e = spans[index + 1]
        speaker, verb = sentence_speaker(text[nxt_s:nxt_e], knowledge)
        if speaker and verb and verb.start() < 3:
            return speaker, verb.group()
    people = [x for x in knowledge.entity_matcher.find(text[: m.start()])
              if knowledge.entities[x.label].kind == "person"]
    if people:
        return Speaker(knowledge.entities[people[-1].label].name, people[-1].surface), None
    return None, None


def _subject(span: str, names: tuple[str, ...] = ()) -> str | None:
    """Who speaks when no known entity does: a candidate name in the span if any
    («نائب وزير الخارجية الروسي أندريه رودينكو» → «أندريه رودينكو»), else the words
    right after the verb up to the first comma or colon («لي»)."""
    for name in names:
        if name in span:
            return name
    words = re.split(r"[،,:؛]", span)[0].split()
    return " ".join(words[:4]) or None


def _reported(sentence: str, knowledge: Knowledge, candidates: tuple[str, ...]):
    """(speaker, speaker_text, text, verb, kind) for «وقال X إن …», else None."""
    verbs = speech_verbs(sentence, knowledge)
    if not verbs:
        return None
    verb = verbs[0]
    that = _REPORTED.search(sentence, verb.end())
    if not that:
        return None
    content = sentence[that.end():].strip().rstrip(".")
    if len(content.split()) < MIN_QUOTE_WORDS:
        return None
    speaker = speaker_after(sentence, verb, that.start(), knowledge)
    if speaker is None:
        return (None, _subject(sentence[verb.end(): that.start()], candidates), content, verb.group(), "reported")
    return (speaker.name, speaker.surface, content, verb.group(), "reported")


@lru_cache(maxsize=65536)
def quote_key(text: str) -> str:
    """A quote's identity across articles (the same words quoted by two outlets); cached:
    the briefing asks once for the whole corpus and once per topic."""
    return " ".join(fold(text).split()[:8])
