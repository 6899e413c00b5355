"""People, places and organisations: known ones from the knowledge base (spellings and
clitics folded), their roles as the article states them, and people the knowledge base
does not know (``find_candidates``: unconfirmed until a person adds them to people.yml)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from generator.arabic import WORD, clean, fold, fold_name, fold_word, lookup, strip_article
from generator.knowledge import Knowledge
from generator.knowledge.match import Match, Matcher
from generator.model import Article, Candidate, EntityMention, Evidence

_CLAUSE_BREAK = re.compile(r"[،,.؛;:«»\"“”()\n]")
ROLE_MAX_WORDS = 10
NAME_MAX_WORDS = 3


def find_entities(article: Article, knowledge: Knowledge) -> list[EntityMention]:
    """Every mention of a known entity, with the role stated next to it (people only).
    Not a person's short name that starts someone else's («كيم جونغ غيو» is not «كيم»),
    nor a name that names a place («ساحة كيم إيل سونغ»)."""
    mentions = []
    vocab, common = vocabulary(knowledge), _with_article(article)
    for p in article.paragraphs:
        matches = knowledge.entity_matcher.find(p.text)
        not_people = _Paragraph(p.text, p.n, knowledge, vocab, common).not_people \
            if any(knowledge.entities[m.label].kind == "person" for m in matches) else set()
        for i, m in enumerate(matches):
            if m.start in not_people:
                continue
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


# ---- People the knowledge base does not know ---------------------------------------------
# Found from cues, each a small reader over the paragraph's words:
#   title + name         «مساعد الرئيس الروسي للشؤون الدولية يوري أوشاكوف»
#   speech verb + name   «وقال يانغ أوك، الباحث في …» (the role from the apposition)
#   name, title          «هان جي وو، عضو لجنة الاستخبارات …»
# then later short mentions («أوشاكوف», «تشوي») are mapped to the full name.

_BREAK = re.compile(r"[،,.؛;:«»\"“”()\n!?؟]")
_COMMA = re.compile(r"^\s*[،,]\s*$")
_ARABIC = re.compile("[\u0621-\u064a]")
_VERB_LIKE = re.compile(r"^[وف]?س?[يتن][\u0621-\u064a]{3,}$")
# The definite article as written (hamzat wasl: «ال», never «أل»: «ألكسندر» is a name).
_ARTICLE = ("ال", "وال", "بال", "فال", "لل", "كال", "وبال", "ولل")
_VOWELS = re.compile("[\u064b-\u0650\u0652]")  # tanween and short vowels: «قلقاً», «مُصاب»
_PRONOUN = ("ها", "هم", "هما", "كم")
# What follows a name: «قال X إن …», «X الذي …», «عن X قوله».
_FOLLOWERS = frozenset(fold(w) for w in (
    "إن", "أن", "بأن", "إنه", "إنها", "أنه", "أنها", "بأنه", "بأنها", "الذي", "التي", "قوله", "قولها"))
_ROLE_OPENERS = frozenset(fold(w) for w in ("كبير", "كبيرة", "نائب", "نائبة", "النائب", "مساعد"))
_THAT = frozenset(fold(w) for w in ("إن", "أن", "بأن", "إنه", "إنها", "أنه", "أنها", "بأنه", "بأنها"))


@dataclass(frozen=True)
class Vocabulary:
    """A knowledge base's words as the people finder uses them (folded)."""

    never: frozenset[str]  # never a word of a name
    titles: frozenset[str]
    phrase: frozenset[str]  # words inside a role phrase: role words and titles
    speech: frozenset[str]
    stop: frozenset[str]
    places: frozenset[str]  # single-word place names without ال, for nationality adjectives
    institutions: frozenset[str]
    named_after: frozenset[str]

    def nationality(self, word: str) -> bool:
        """«أمريكي», «روسي», «كوريون», «اليابانية»: an adjective made from a place name."""
        forms = {word}
        if word.endswith(("ون", "ين", "ان")):
            forms.add(word[:-2])
        if word.endswith("يه"):
            forms.add(word[:-1])
        for form in forms:
            if form.endswith("ي") and len(form) > 3:
                stem = form[:-1]
                if stem in self.places or stem + "ا" in self.places or stem + "يا" in self.places:
                    return True
        return False


@lru_cache(maxsize=8)
def vocabulary(knowledge: Knowledge) -> Vocabulary:
    pat = knowledge.patterns
    calendar = {fold_word(w) for names in (*knowledge.month_names.values(), *knowledge.weekday_names.values())
                for name in names for w in WORD.findall(name)}
    claim_words = {fold_word(w) for words in pat.claims.values() for phrase in words for w in WORD.findall(phrase)}
    places = set()
    for entity in knowledge.entities.values():
        if entity.kind == "place":
            for name in (entity.name, *entity.aliases):
                words = WORD.findall(fold(name))
                if words:
                    places.add(strip_article(words[0]))
    phrase = pat.role_words | pat.titles
    never = (pat.stopwords | phrase | pat.institutions | pat.anonymous | pat.according_to
             | pat.speech_verbs | calendar | claim_words | frozenset(pat.number_words))
    return Vocabulary(frozenset(never), pat.titles, frozenset(phrase), pat.speech_verbs, pat.stopwords,
                      frozenset(places), pat.institutions, pat.named_after)


@dataclass(frozen=True)
class _Hit:
    name: str
    role: str
    cue: str
    paragraph: int
    evidence: str


class _Paragraph:
    """One paragraph's words, with what the knowledge base already names in it."""

    def __init__(self, text: str, n: int, knowledge: Knowledge, vocab: Vocabulary, common: set[str]) -> None:
        self.text, self.n, self.vocab, self.common = clean(text), n, vocab, common
        self.tokens = list(WORD.finditer(self.text))
        self.raw = [t.group() for t in self.tokens]
        self.words = [fold_word(t) for t in self.raw]
        spans = [(m.start, m.end, knowledge.entities[m.label].kind) for m in knowledge.entity_matcher.find(self.text)]
        spans += [(m.start, m.end, "source") for m in knowledge.source_matcher.find(self.text)]
        starts = [t.start() for t in self.tokens]
        self.kind: list[str | None] = [None] * len(self.tokens)
        self.not_people: set[int] = set()  # starts of known people's names that are not them
        for s, e, kind in spans:
            first = bisect_left(starts, s)
            for j in range(first, len(starts)):
                if starts[j] >= e:
                    break
                self.kind[j] = kind
            if kind == "person" and first < len(starts):
                self._check_person(first, s, e)

    def _check_person(self, j: int, start: int, end: int) -> None:
        """«ساحة كيم إيل سونغ» names a place; «كيم جونغ غيو» is not «كيم»: the known
        short name followed by two more name words is someone else, and a name word here."""
        if j > 0 and not self.broken(j) and lookup(self.words[j - 1], self.vocab.named_after):
            self.kind[j] = "named"
            self.not_people.add(start)
            return
        if self.tokens[j].end() != end or j + 2 >= len(self.tokens):
            return
        if all(self.kind[k] is None and not self.broken(k) and self.is_name_word(k) and len(self.words[k]) <= 5
               and not self.words[k].endswith(("ه", "ا")) for k in (j + 1, j + 2)) and self.ends_cleanly(j + 3):
            self.kind[j] = None
            self.not_people.add(start)

    def gap(self, j: int) -> str:
        """The text between word j-1 and word j."""
        return self.text[self.tokens[j - 1].end():self.tokens[j].start()] if j > 0 else ""

    def broken(self, j: int) -> bool:
        return j > 0 and _BREAK.search(self.gap(j)) is not None

    def is_phrase_word(self, j: int) -> bool:
        """A word that keeps a role phrase going: «باسم», «الروسي», «للشؤون», «أمريكي»."""
        w = self.words[j]
        return (self.raw[j].startswith(_ARTICLE) or lookup(w, self.vocab.phrase) is not None
                or (w[:1] in "لب" and w[1:] in self.vocab.phrase) or self._adjective(j))

    def _adjective(self, j: int) -> bool:
        """«مسؤول أمريكي», not «جورجي زينوفييف» (a first name that looks like one)."""
        if not self.vocab.nationality(self.words[j]):
            return False
        nxt = j + 1
        return not (nxt < len(self.tokens) and not self.broken(nxt) and self.kind[nxt] is None
                    and self._plain_name_word(nxt) and not self.vocab.nationality(self.words[nxt]))

    def is_name_word(self, j: int) -> bool:
        """Could be a word of a foreign name: no article, not a known or common word, not
        a feminine noun («دفعة»), nothing with tanween («قلقاً») or a pronoun («ومقرها»)."""
        w, raw = self.words[j], self.raw[j]
        if self.kind[j] is not None or len(w) < 2 or not _ARABIC.search(w) or raw.startswith(_ARTICLE):
            return False
        if raw.endswith("ة") or _VOWELS.search(raw) or (len(w) > 4 and w.endswith(_PRONOUN)):
            return False
        if w[:1] in "لب" and w.endswith("ه") and len(w) > 4:  # «لإبلاغه»
            return False
        return self._plain_name_word(j) and not self._adjective(j)

    def _plain_name_word(self, j: int) -> bool:
        w = self.words[j]
        if not _ARABIC.search(w) or self.raw[j].startswith(_ARTICLE) or self.raw[j].endswith("ة"):
            return False
        return not (lookup(w, self.vocab.never) is not None or w in self.common or (len(w) > 3 and w[1:] in self.common))

    def read_name(self, j: int) -> int:
        """Where a name starting at word j ends (j itself when there is none)."""
        end = j
        while end < len(self.tokens) and end - j < NAME_MAX_WORDS and self.is_name_word(end):
            if end > j and self.broken(end):
                break
            end += 1
        return end

    def ends_cleanly(self, end: int) -> bool:
        """A name ends before a comma, «إن», a stop word, a title or a verb."""
        if end >= len(self.tokens) or self.broken(end):
            return True
        w = self.words[end]
        return (w in _FOLLOWERS or lookup(w, self.vocab.stop) is not None or w[:1] in "لو"
                or lookup(w, self.vocab.speech) is not None or lookup(w, self.vocab.titles) is not None
                or self.kind[end] == "source" or _VERB_LIKE.match(w) is not None)

    def strong_single(self, j: int) -> bool:
        """A one-word name («أوشاكوف») only right before «إن» or a comma, and not a word
        that could be a verb or start with a conjunction."""
        w, end = self.words[j], j + 1
        return (len(w) >= 3 and w[:1] not in "وف" and not self.raw[j].endswith("ه")
                and _VERB_LIKE.match(w) is None and end < len(self.tokens)
                and (w in _THAT or self.words[end] in _THAT or _COMMA.match(self.gap(end)) is not None))

    def opens_institution(self, j: int) -> bool:
        """«معهد», «بجامعة», «مركز»: the next proper noun is the institution's own name."""
        w = self.words[j]  # «الهيئة لي سونغ جون»: a definite institution has no name after it
        return w in self.vocab.institutions or (w[:1] in "لب" and w[1:] in self.vocab.institutions)

    def span(self, j: int, end: int) -> str:
        return self.text[self.tokens[j].start():self.tokens[end - 1].end()]

    def role_after(self, j: int) -> str:
        """The role phrase that starts at word j (a title), up to the next break or «إن»."""
        end = j + 1
        while end < len(self.tokens) and end - j < ROLE_MAX_WORDS and not self.broken(end) \
                and self.words[end] not in _FOLLOWERS:
            end += 1
        return self.span(j, end)

    def hit(self, j: int, end: int, role: str, cue: str) -> _Hit:
        start = self.tokens[j].start()
        return _Hit(self.span(j, end), role, cue, self.n, self.text[max(0, start - 60):start + 80].strip())


def _genitive(p: _Paragraph, j: int) -> bool:
    """«المعهد الكوري لتحليلات الدفاع»: «لـ» + noun between two words with «ال» goes on
    with the institution's name."""
    return (0 < j < len(p.tokens) - 1 and p.words[j][:1] == "ل" and not p.words[j].startswith("ال")
            and p.words[j - 1].startswith("ال") and p.words[j + 1].startswith("ال") and not p.broken(j + 1))


def _after_title(p: _Paragraph, i: int) -> _Hit | None:
    """«المتحدث باسم وزارة الخارجية الصينية غوه جيا كون إن …»: skip the rest of the role
    phrase, then read the name; None when the title belongs to a known person."""
    j = i + 1
    while j < len(p.tokens) and j - i <= ROLE_MAX_WORDS:
        if p.broken(j):
            # «وزير الخارجية القطري، محمد …، إن»: a name set off by commas
            end = p.read_name(j) if _COMMA.match(p.gap(j)) else j
            if end - j >= 2 and (end >= len(p.tokens) or _COMMA.match(p.gap(end)) or p.words[end] in _THAT):
                return p.hit(j, end, _role(p.span(i, j), p.vocab), "title")
            return None
        if p.kind[j] == "person":
            return None
        if p.kind[j] is not None or p.is_phrase_word(j) or _genitive(p, j):
            j += 1
            continue
        if j > i + 1 and (p.opens_institution(j - 1) or p.words[j - 1] == "في"):
            # «معهد آسان للدراسات …», «بجامعة … في أربيل آزاد حسن»: the institution's own
            # name or a place, when the phrase or a name goes on after it
            after = p.read_name(j + 1) if j + 1 < len(p.tokens) and not p.broken(j + 1) else j + 1
            if j + 1 < len(p.tokens) and not p.broken(j + 1) and (
                    p.is_phrase_word(j + 1) or p.kind[j + 1] not in (None, "person")
                    or (after - (j + 1) >= 2 and p.ends_cleanly(after))):
                j += 1
                continue
            if p.words[j - 1] == "في":
                return None  # «في عرض عسكري»: a noun after a preposition, not a name
        end = _clean_name(p, j)
        if end == j:
            return None
        first = i  # «نائب كبير أمناء مجلس الوزراء»: the role starts before its last title
        while first > 0 and i - first < 2 and not p.broken(first) and p.words[first - 1] in _ROLE_OPENERS:
            first -= 1
        return p.hit(j, end, _role(p.text[p.tokens[first].start():p.tokens[j].start()], p.vocab), "title")
    return None


def _after_verb(p: _Paragraph, i: int) -> _Hit | None:
    """«وقال يانغ أوك، الباحث في …», «وأوضح أوشاكوف أن …»: a name right after the verb."""
    j = i + 1
    if j >= len(p.tokens) or p.broken(j):
        return None
    end = _clean_name(p, j)
    if end == j:
        return None
    role = ""
    if end < len(p.tokens) and _COMMA.match(p.gap(end)) and lookup(p.words[end], p.vocab.titles):
        role = _role(p.role_after(end), p.vocab)
    return p.hit(j, end, role, "speech")


def _clean_name(p: _Paragraph, j: int) -> int:
    """The longest name from word j that ends cleanly («أندريه رودينكو وقع …»: two words,
    not three); j when none does. One word only where it is clearly a name."""
    for end in range(p.read_name(j), j, -1):
        if end - j == 2 and end < len(p.tokens) and not p.broken(end) and p.raw[end].startswith(_ARTICLE):
            return end  # «وصف … أندريه رودينكو التقارير»: the object after a two-word name
        if p.ends_cleanly(end) and (end - j >= 2 or p.strong_single(j)):
            return end
    return j


def _before_title(p: _Paragraph, i: int) -> _Hit | None:
    """«هان جي وو، عضو لجنة الاستخبارات …»: two or three name words, a comma, a title."""
    if i < 2 or not _COMMA.match(p.gap(i)):
        return None
    j = i
    while j > 0 and i - j < NAME_MAX_WORDS and p.is_name_word(j - 1) and (j == i or not p.broken(j)):
        j -= 1
    if i - j < 2 or (j > 0 and not p.broken(j) and p.is_name_word(j - 1)):
        return None
    return p.hit(j, i, _role(p.role_after(i), p.vocab), "apposition")


def _role(text: str, vocab: Vocabulary) -> str:
    words = _BREAK.split(text)[0].split()
    if not words:
        return ""
    if fold_word(words[0]) not in vocab.titles and lookup(words[0], vocab.titles):  # «والمتحدث»
        words[0] = words[0][1:]
    kept = words[:1]
    for word in words[1:ROLE_MAX_WORDS]:  # cut at a conjunction that starts something else
        if fold_word(word)[:1] == "و" and fold_word(word) not in vocab.phrase:
            break
        kept.append(word)
    return " ".join(kept)


def _with_article(article: Article) -> set[str]:
    """Words the article also writes with ال: common nouns (foreign names never take it)."""
    found = set()
    for p in article.paragraphs:
        for token in WORD.findall(p.text):
            w = fold_word(token)
            if w.startswith("ال") and len(w) > 3:
                found.add(w[2:])
    return found


def find_candidates(article: Article, knowledge: Knowledge, known: list[EntityMention]) -> list[Candidate]:
    """People the knowledge base does not know, each with the role the article gives them,
    their spellings and paragraphs (a later «أوشاكوف» is «يوري أوشاكوف»)."""
    vocab = vocabulary(knowledge)
    common = _with_article(article)
    hits: list[_Hit] = []
    for paragraph in article.paragraphs:
        p = _Paragraph(paragraph.text, paragraph.n, knowledge, vocab, common)
        for i, word in enumerate(p.words):
            if p.kind[i] is not None:
                continue
            hit = None
            if lookup(word, vocab.titles):
                hit = _after_title(p, i) or _before_title(p, i)
            elif lookup(word, vocab.speech):
                hit = _after_verb(p, i)
            if hit is not None:
                hits.append(hit)
    return _people(article, knowledge, hits, known)


def _people(article: Article, knowledge: Knowledge, hits: list[_Hit], known: list[EntityMention]) -> list[Candidate]:
    """Hits joined into people: full names first, short mentions mapped to them."""
    full: dict[str, _Hit] = {}
    for hit in hits:
        if len(hit.name.split()) >= 2:
            key = fold_name(hit.name)
            if key not in full or (hit.role and not full[key].role):
                full[key] = hit if key not in full else _Hit(full[key].name, hit.role, full[key].cue,
                                                             full[key].paragraph, full[key].evidence)
    forms = short_forms([h.name for h in full.values()], knowledge)
    known_forms = known_short_forms(knowledge, known)
    for hit in hits:  # a one-word name that is no one's short form is a person of its own
        key = fold_name(hit.name)
        if len(hit.name.split()) == 1 and key not in forms and key not in known_forms and key not in full:
            full[key] = hit
    if not full:
        return []
    people = [h.name for h in full.values()]
    terms = {name: (name, *(f for f, owner in forms.items() if owner == name)) for name in people}
    seen: dict[str, tuple[list[str], list[int], int]] = {name: ([], [], 1 << 30) for name in people}
    matcher = Matcher(terms, names=True)
    for p in article.paragraphs:
        text = clean(p.text)
        taken = [(m.start, m.end) for m in knowledge.entity_matcher.find(text)]
        for m in matcher.find(text):
            if any(s < m.end and m.start < e for s, e in taken):
                continue
            if not as_written(m.surface, terms[m.label]):
                continue  # «لي» only as written, never inside «ولي»
            spellings, paragraphs, first = seen[m.label]
            if m.surface not in spellings:
                spellings.append(m.surface)
            if p.n not in paragraphs:
                paragraphs.append(p.n)
            seen[m.label] = (spellings, paragraphs, min(first, p.n * 100_000 + m.start))
    found = []
    for hit in full.values():
        spellings, paragraphs, first = seen[hit.name]
        found.append((first, Candidate(hit.name, hit.cue, Evidence(hit.paragraph, hit.evidence), hit.role,
                                       tuple(spellings) or (hit.name,), tuple(paragraphs) or (hit.paragraph,))))
    return [c for _first, c in sorted(found, key=lambda x: x[0])]


def as_written(surface: str, terms: tuple[str, ...]) -> bool:
    """A match of a one-word form: the form itself, or with a clitic when the form is long
    enough not to be another word with one («وسام» is a word, «وأوشاكوف» is Ushakov)."""
    if len(surface.split()) > 1:
        return True
    folded = fold_name(surface)
    for term in terms:
        form = fold_name(term)
        if folded == form or (len(form) >= 5 and folded[-len(form):] == form and len(folded) - len(form) <= 2):
            return True
    return False


def short_forms(names: list[str], knowledge: Knowledge) -> dict[str, str]:
    """{folded short form: full name}: the last word of each name, and the first of a
    three-word one (Korean and Chinese names put the family name first: «تشوي سون هوي» →
    «تشوي»); none that two people share or that the knowledge base already knows."""
    owners: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) < 2:
            continue
        for word in {words[-1], *(words[:1] if len(words) == 3 else [])}:
            owners.setdefault(fold_name(word), set()).add(name)
    vocab = vocabulary(knowledge)
    return {form: next(iter(found)) for form, found in owners.items()
            if len(found) == 1 and form not in vocab.never and not knowledge.entity_matcher.find(form)}


def known_short_forms(knowledge: Knowledge, known: list[EntityMention]) -> dict[str, str]:
    """Short forms of the known people an article names that are not aliases already
    («لي» for «راشيل مينيونغ لي»): for speakers, not for new mentions."""
    names = list(dict.fromkeys(m.name for m in known if m.kind == "person"))
    return short_forms(names, knowledge)
