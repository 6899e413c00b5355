"""People, places and organisations: known ones from the knowledge base (spellings and
clitics folded), their roles as the article states them, and unknown names surfaced as
candidates from title and speech cues («وزير الدفاع … X Y», «وقال X Y،»)."""

from __future__ import annotations

import re

from generator.arabic import WORD, fold, fold_word, lookup
from generator.knowledge import Knowledge
from generator.match import Match
from generator.model import Article, Candidate, EntityMention, Evidence

_CLAUSE_BREAK = re.compile(r"[،,.؛;:«»\"“”()\n]")
# Words inside a title phrase that are neither the title nor the name:
# «المتحدث باسم وزارة الخارجية», «الأستاذ في جامعة إيوا».
_DESCRIPTORS = frozenset(fold(w) for w in (
    "باسم", "في", "لدى", "شؤون", "جامعة", "معهد", "مركز", "وزارة", "مجلس", "وكالة", "مؤسسة",
    "منظمة", "حزب", "شبكة", "قوات", "جيش", "هيئة", "لجنة", "دائرة", "إدارة", "مكتب", "شركة",
    "الأمن", "الدفاع", "الخارجية", "الداخلية", "القومي", "مؤتمر", "صحفي", "صحافي",
))
# What follows a name in «قال X إن …», «X الذي …».
_NAME_FOLLOWERS = frozenset(fold(w) for w in ("إن", "أن", "بأن", "الذي", "التي", "إنه", "إنها", "لوكالة", "لصحيفة"))
ROLE_MAX_WORDS = 10
NAME_MAX_WORDS = 3


def find_entities(article: Article, knowledge: Knowledge) -> list[EntityMention]:
    """Every mention of a known entity, with the role stated next to it (people only)."""
    mentions = []
    for p in article.paragraphs:
        matches = knowledge.entity_matcher.find(p.text)
        for i, m in enumerate(matches):
            entity = knowledge.entities[m.label]
            previous_end = matches[i - 1].end if i else 0
            role = stated_role(p.text, m, knowledge, previous_end) if entity.kind == "person" else ""
            mentions.append(EntityMention(m.label, entity.name, entity.kind, m.surface, role,
                                          Evidence(p.n, m.surface)))
    return mentions


def _is_title(word: str, knowledge: Knowledge) -> bool:
    return lookup(word, knowledge.patterns.titles) is not None


def _role_words(words: list[str], knowledge: Knowledge) -> list[str]:
    """Cut a role at a conjunction that starts something else («… وسلمه رسالة»)."""
    kept = words[:1]
    for word in words[1:]:
        if fold(word)[:1] == "و" and not _is_title(word, knowledge):
            break
        kept.append(word)
    if fold(kept[0]) not in knowledge.patterns.titles:  # «والرئيس» → «الرئيس»
        kept[0] = kept[0][1:]
    return kept


def stated_role(text: str, m: Match, knowledge: Knowledge, previous_end: int = 0) -> str:
    """«وزير الخارجية الروسي» from «… وزير الخارجية الروسي سيرغي لافروف» or from an
    apposition after the name: «سيغفريد هيكر، الأستاذ الفخري في جامعة ستانفورد».
    The role never reaches back over another entity's name."""
    before = _CLAUSE_BREAK.split(text[previous_end: m.start])[-1].split()[-ROLE_MAX_WORDS:]
    for i, word in enumerate(before):
        if _is_title(word, knowledge):
            return " ".join(_role_words(before[i:], knowledge))
    apposition = re.match(r"\s*[،,]\s*([^،,.؛:«»\"“”()]+)", text[m.end:])
    if apposition:
        words = apposition.group(1).split()
        if words and _is_title(words[0], knowledge):
            return " ".join(_role_words(words[:ROLE_MAX_WORDS], knowledge))
    return ""


def find_candidates(article: Article, knowledge: Knowledge, known: list[EntityMention]) -> list[Candidate]:
    """Names the knowledge base does not know, after a title or a speech verb."""
    found: list[Candidate] = []
    seen: set[str] = set()
    # Common nouns take the article somewhere in the text; foreign names never do.
    with_article = {w[2:] for w in (fold_word(t) for t in WORD.findall(" ".join(p.text for p in article.paragraphs)))
                    if w.startswith("ال")}
    for p in article.paragraphs:
        known_spans = [(m.start, m.end, knowledge.entities[m.label].kind)
                       for m in knowledge.entity_matcher.find(p.text)]
        known_spans += [(m.start, m.end, "source") for m in knowledge.source_matcher.find(p.text)]
        tokens = list(WORD.finditer(p.text))
        for i, token in enumerate(tokens):
            if _is_title(token.group(), knowledge):
                cue = "title"
            elif lookup(token.group(), knowledge.patterns.speech_verbs):
                cue = "speech"
            else:
                continue
            name = _name_after(p.text, tokens, i + 1, known_spans, knowledge)
            if name and _looks_common(name, with_article):
                continue
            if name and fold(name) not in seen:
                seen.add(fold(name))
                found.append(Candidate(name, f"{cue}: {token.group()}", Evidence(p.n, p.text[token.start():token.end() + len(name) + 40].strip())))
    return found


_VERB_LIKE = re.compile(r"^[وف]?س?[يتن][\u0621-\u064a]{3,}$")


def _looks_common(name: str, with_article: set[str]) -> bool:
    """A common noun (seen with ال elsewhere) or, for one word, an imperfect verb (ويعقد)."""
    words = [fold(w) for w in name.split()]
    if any(w in with_article or (len(w) > 3 and w[1:] in with_article) for w in words):
        return True
    return len(words) == 1 and _VERB_LIKE.match(words[0]) is not None


def _name_after(text: str, tokens: list[re.Match[str]], j: int, known: list[tuple[int, int, str]],
                knowledge: Knowledge) -> str | None:
    """Skip the rest of a title phrase, then read up to three name words."""
    stop = knowledge.patterns.stopwords
    while j < len(tokens):
        word, start = fold_word(tokens[j].group()), tokens[j].start()
        span_kind = next((k for s, e, k in known if s <= start < e), None)
        if span_kind == "person":
            return None  # the title belongs to a person we already know
        if span_kind is not None:  # «المتحدث باسم وزارة الدفاع اليابانية …»: part of the title
            j += 1
            continue
        if word.startswith(("ال", "لل", "بال", "وال")) or word in _DESCRIPTORS or _is_title(word, knowledge):
            if _CLAUSE_BREAK.search(text[tokens[j - 1].end():start]):
                return None
            j += 1
            continue
        break
    name: list[re.Match[str]] = []
    while j < len(tokens) and len(name) < NAME_MAX_WORDS:
        token = tokens[j]
        word = fold_word(token.group())
        if name and _CLAUSE_BREAK.search(text[name[-1].end():token.start()]):
            break
        if not name and _CLAUSE_BREAK.search(text[tokens[j - 1].end():token.start()]):
            return None
        if (lookup(word, stop) or word.startswith(("ال", "بال", "لل")) or word.isdigit()
                or lookup(word, knowledge.patterns.speech_verbs) or any(s <= token.start() < e for s, e, _k in known)):
            break
        name.append(token)
        j += 1
    if not name:
        return None
    following = text[name[-1].end():name[-1].end() + 2]
    nxt = fold_word(tokens[j].group()) if j < len(tokens) else ""
    ends_cleanly = (j >= len(tokens) or _CLAUSE_BREAK.search(following)
                    or nxt in _NAME_FOLLOWERS or nxt.startswith("لل")
                    or lookup(tokens[j].group(), knowledge.patterns.speech_verbs))
    if not ends_cleanly or not re.search("[\u0621-\u064a]", name[0].group()):
        return None
    return text[name[0].start():name[-1].end()]
