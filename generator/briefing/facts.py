"""Facts a topic's paragraphs state, reduced to short values for the topic pages' boxes.

Pure: (entry, paragraph) items and the vocabulary of topics.yml (``fact_cues``,
``treaty_infobox``, ``summits_infobox``) in; for each fact the sentences that state it,
each reduced to a date (at its precision), a place, names or a short phrase, with the
sentence and its paragraph. A value a sentence does not give stays empty, and a fact no
sentence states has no statement: the page says so, nothing is guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from generator.arabic import WORD, clean, fold, fold_word, sentences, strip_article, token_variants
from generator.briefing.analysis import Source
from generator.knowledge import Knowledge
from generator.knowledge.match import Match, Matcher
from generator.knowledge.schema import FactRule, FactWords
from generator.model import PRECISION_RANK, DateValue, Entry, EntityMention, Paragraph

SUMMIT_ROWS = 8  # the summits box: the newest meetings
PHRASE_WORDS = 20  # a quoted clause, at most
SHORT_WORDS = 15  # what was done under the treaty, at most
BACK = 3  # «المعاهدة التي وقعها»: the name at most this many words before the verb
NAME_FIRST = ("signing", "ratification", "in-force")  # kinds whose verb may follow the name
PARTY_KINDS = ("signing", "ratification")  # a sentence that names neither side is someone else's
_CLAUSE_MARK = re.compile("[،,;؛:]")
_CLAUSE_END = re.compile("[،,;؛.«\"“]")
_QUOTED = re.compile(r"«([^«»]+)»|\"([^\"]+)\"|“([^“”]+)”")
_TRIM = " \t،,.;؛:!?؟-–—\"«»“”"


@dataclass(frozen=True)
class Fact:
    """One statement of a fact, reduced: its values, its sentence and where it is."""

    date: DateValue | None
    place: str | None  # canonical name
    who: tuple[str, ...]  # canonical names: signatories, who ratified, who met
    text: str  # the clause's words, or what was done under the treaty
    article: str  # «المادة الرابعة»
    sentence: str
    source: Source
    also: tuple[Source, ...] = ()  # other articles stating the same


@dataclass(frozen=True)
class FactRow:
    """A row of the treaty box: the statement shown first, then those giving another
    date (side by side, never merged); none when no sentence states it."""

    label: str
    kind: str
    facts: tuple[Fact, ...]


@dataclass
class _Sentence:
    """A sentence of a paragraph with what the extraction found in it, located."""

    text: str
    source: Source
    mentions: list[tuple[int, int, EntityMention]]
    dates: list[tuple[int, int, DateValue]]
    starts: list[int] = field(default_factory=list)  # where each word starts

    def word(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1

    def words_between(self, first: Match, second: Match) -> int:
        return max(0, self.word(second.start) - self.word(first.end - 1) - 1)


def treaty_rows(items: Iterable[tuple[Entry, Paragraph]], knowledge: Knowledge) -> list[FactRow]:
    """A row per ``treaty_infobox`` row, with the statements of it (``_settle``)."""
    stated: dict[str, list[Fact]] = {rule.label: [] for rule in knowledge.facts.rows}
    for entry, paragraph in items:
        for label, fact in _read("treaty", entry, paragraph, knowledge):
            stated[label].append(fact)
    return [FactRow(rule.label, rule.kind, _settle(sorted(stated[rule.label], key=_age)))
            for rule in knowledge.facts.rows]


def summits(items: Iterable[tuple[Entry, Paragraph]], knowledge: Knowledge, limit: int = SUMMIT_ROWS) -> list[Fact]:
    """The meetings the sentences state (a person of each side, and a place or a date),
    the same people, place and month once with the other articles as ``also``; newest
    first, undated last."""
    found = [meeting for entry, paragraph in items for meeting in _read("summits", entry, paragraph, knowledge)]
    merged: dict[tuple, list[Fact]] = {}
    for meeting in sorted(found, key=lambda f: (PRECISION_RANK[f.date.precision] if f.date else 3, _age(f))):
        merged.setdefault((frozenset(meeting.who), meeting.place, _month(meeting.date)), []).append(meeting)
    rows = [replace(same[0], also=_others(same[0], same[1:])) for same in merged.values()]
    rows.sort(key=lambda f: (f.date is None, -f.date.value.toordinal() if f.date else 0, _age(f)))
    return rows[:limit]


def _read(box: str, entry: Entry, paragraph: Paragraph, knowledge: Knowledge) -> tuple:
    """What the paragraph states for ``box`` (the treaty: (row label, fact) pairs; the
    summits: meetings), read once and kept in ``Entry.facts_read``: the entry is made
    afresh when its extraction or the knowledge base changes."""
    key = (box, paragraph.n)
    found = entry.facts_read.get(key)
    if found is None:
        words = knowledge.facts
        if box == "treaty":
            found = tuple((rule.label, fact) for sentence, hits in _sentences(entry, paragraph, words.treaty)
                          for rule, fact in _treaty_facts(sentence, hits, words, knowledge))
        elif set(words.sides) <= {_side(m, knowledge) for m in entry.mentions_by_paragraph.get(paragraph.n, ())}:
            found = tuple(meeting for sentence, hits in _sentences(entry, paragraph, words.meetings)
                          for meeting in [_meeting(sentence, hits, words, knowledge)] if meeting is not None)
        else:  # a paragraph naming no one of a side states no meeting
            found = ()
        entry.facts_read[key] = found
    return found


def _sentences(entry: Entry, paragraph: Paragraph, matcher: Matcher) -> Iterator[tuple[_Sentence, tuple[Match, ...]]]:
    """The paragraph's sentences in which ``matcher`` finds something, with what it found."""
    text = clean(paragraph.text)
    if not matcher.find(text):
        return
    for start, end in sentences(text):
        hits = matcher.find(text[start:end])
        if hits:
            yield _sentence(entry, paragraph, text[start:end]), hits


def _sentence(entry: Entry, paragraph: Paragraph, text: str) -> _Sentence:
    """The sentence with the paragraph's entity mentions and dates located in it; a
    shorter name inside a longer one («كيم» in «كيم جونغ إيل») is not a mention."""
    spots = [(m.start(), m.end(), mention) for mention in entry.mentions_by_paragraph.get(paragraph.n, ())
             if mention.surface in text
             for m in re.finditer(rf"(?<!\w){re.escape(mention.surface)}(?!\w)", text)]
    kept: list[tuple[int, int, EntityMention]] = []
    for spot in sorted(spots, key=lambda s: (s[0] - s[1], s[0])):
        if all(spot[1] <= other[0] or spot[0] >= other[1] for other in kept):
            kept.append(spot)
    dates = [(text.find(d.evidence.text), d) for d in entry.extraction.dates
             if d.evidence and d.evidence.paragraph == paragraph.n and d.evidence.text in text]
    return _Sentence(text, Source(entry, paragraph), sorted(kept, key=lambda s: s[0]),
                     [(start, start + len(d.evidence.text), d) for start, d in dates],
                     [m.start() for m in WORD.finditer(text)])


def _blocked(text: str, words: FactWords, unless: tuple[str, ...]) -> bool:
    """Whether ``text`` (a sentence up to the end of a fact's stretch) has a word of one
    of the ``unless`` cue lists: a plan («من المتوقع أن»), a reaction («أدانت») or a
    condition («إذا») governs what follows it, not what comes before."""
    return any(words.cue_matchers[name].find(text) for name in unless)


def _treaty_facts(sentence: _Sentence, hits: tuple[Match, ...], words: FactWords,
                  knowledge: Knowledge) -> Iterator[tuple[FactRule, Fact]]:
    """Each row's statement in the sentence: a verb tied to the treaty's name, or the
    clause quoted or said; one per row."""
    rules = {f"row:{rule.label}": rule for rule in words.rows}
    verbs = [h for h in hits if h.label in rules and rules[h.label].kind != "clause"]
    done: set[str] = set()
    spent: list[Match] = []  # the verbs of another treaty («معاهدة عام 2000 التي وقعها»)
    for name in (h for h in hits if h.label == "name"):
        tied = _tied(sentence, name, verbs, rules)
        if tied is None or tied[0].label in done or any(v is tied[1] for v in spent):
            continue
        if _other_year(sentence, name, words.year):
            spent.append(tied[1])
            continue
        fact = _fact(sentence, tied[0], tied[1], name, [h for h in verbs if h is not tied[1]], words, knowledge)
        if fact is not None:
            done.add(tied[0].label)
            yield tied[0], fact
    for rule in words.rows:
        if (rule.kind == "clause" and any(h.label == f"cue:{rule.label}" for h in hits)
                and not _blocked(sentence.text, words, rule.unless)):
            fact = _clause(sentence, rule, [h for h in hits if h.label == f"row:{rule.label}"])
            if fact is not None:
                yield rule, fact


def _tied(sentence: _Sentence, name: Match, verbs: list[Match],
          rules: dict[str, FactRule]) -> tuple[FactRule, Match] | None:
    """The row whose verb governs this naming of the treaty: the nearest verb before it
    within the row's reach and the same clause, else one just after it («المعاهدة التي
    وقعها», «دخلت المعاهدة حيز التنفيذ»)."""
    before = [v for v in verbs if v.end <= name.start]
    if before:
        verb, rule = before[-1], rules[before[-1].label]
        if (sentence.words_between(verb, name) <= rule.reach
                and not _CLAUSE_MARK.search(sentence.text[verb.end:name.start])):
            return rule, verb
    after = [v for v in verbs if v.start >= name.end and rules[v.label].kind in NAME_FIRST]
    if after and sentence.words_between(name, after[0]) <= BACK:
        return rules[after[0].label], after[0]
    return None


def _other_year(sentence: _Sentence, name: Match, year: int) -> bool:
    """«معاهدة عام 2000»: the name followed by another year is another treaty."""
    return any(0 <= sentence.word(start) - sentence.word(name.end - 1) <= 2 and d.value.year != year
               for start, _end, d in sentence.dates if start >= name.end)


def _fact(sentence: _Sentence, rule: FactRule, verb: Match, name: Match, stops: list[Match],
          words: FactWords, knowledge: Knowledge) -> Fact | None:
    """The statement the verb and the name make, read from the stretch of the sentence
    between the nearest breaks or other rows' verbs; None when it is someone else's or
    another treaty's (signed in another year)."""
    anchor = (min(verb.start, name.start), max(verb.end, name.end))
    low, high = _stretch(sentence, anchor, stops + list(words.cue_matchers["breaks"].find(sentence.text)))
    # a cue governs what follows it: «أدانت سيول المعاهدة التي وقعها …» is blocked, «المعاهدة
    # التي وقعها … في بيونغ يانغ، موجة من الانتقادات» is not
    if _blocked(sentence.text[:anchor[1]], words, rule.unless):
        return None
    date = _when(sentence, low, high, anchor, words)
    if rule.kind == "signing" and date is not None and date.value.year != words.year:
        return None
    if rule.kind in PARTY_KINDS and not knowledge.groups.labels(sentence.text) & {*words.parties, *words.also_parties}:
        return None
    who = _who(sentence, low, high, rule, words, knowledge) if rule.kind in PARTY_KINDS else ()
    if who is None:
        return None
    place = _place(sentence, low, high, anchor, knowledge) if rule.kind == "signing" else None
    text = _invoked(sentence, low, high, verb, name) if rule.kind == "invoked" else ""
    return Fact(date, place, who, text, "", sentence.text.strip(), sentence.source)


def _stretch(sentence: _Sentence, anchor: tuple[int, int], stops: Iterable[Match]) -> tuple[int, int]:
    """Where the fact's names, place and date are read: from the nearest stop before the
    anchor to the nearest one after it."""
    low = max((s.end for s in stops if s.end <= anchor[0]), default=0)
    high = min((s.start for s in stops if s.start >= anchor[1]), default=len(sentence.text))
    return low, high


def _near(spots: list[tuple[int, int, object]], text: str, anchor: tuple[int, int]) -> list[tuple[int, int, object]]:
    """The spots in the anchor's own clause (no comma between) when there are, else all."""
    def same_clause(spot: tuple[int, int, object]) -> bool:
        between = text[spot[1]:anchor[0]] if spot[1] <= anchor[0] else text[anchor[1]:spot[0]]
        return not _CLAUSE_MARK.search(between)
    return [s for s in spots if same_clause(s)] or spots


def _distance(spot: tuple[int, int, object], anchor: tuple[int, int]) -> int:
    return anchor[0] - spot[1] if spot[1] <= anchor[0] else max(0, spot[0] - anchor[1])


def _when(sentence: _Sentence, low: int, high: int, anchor: tuple[int, int], words: FactWords) -> DateValue | None:
    """The date nearest the anchor, one the text states before one worked out from the
    publication date; not a point of reference («منذ عام 2019»)."""
    since = {fold(w) for w in words.cues["since"]}
    spots = [(s, e, d) for s, e, d in sentence.dates if low <= s and e <= high
             and not since.intersection(fold(d.evidence.text).split()[:1] + fold(sentence.text[:s]).split()[-1:])]
    spots = _near(spots, sentence.text, anchor)
    best = min(spots, key=lambda s: (s[2].confidence < 1, _distance(s, anchor)), default=None)
    return best[2] if best else None


def _who(sentence: _Sentence, low: int, high: int, rule: FactRule, words: FactWords,
         knowledge: Knowledge) -> tuple[str, ...] | None:
    """The signatories or who ratified: people of the treaty's sides (and, to ratify, the
    bodies ``by`` names) in the stretch; None when it names only others."""
    named = [m for s, e, m in sentence.mentions if low <= s and e <= high and m.kind in ("person", "organization")]
    who = [m.name for m in named if m.kind == "person" and _side(m, knowledge) in words.parties]
    if rule.kind == "ratification":
        who = [h.label for h in words.by.find(sentence.text[low:high])] + who
    if not who and named:
        return None
    return tuple(dict.fromkeys(who))


def _side(mention: EntityMention, knowledge: Knowledge) -> str:
    known = knowledge.entities.get(mention.key)
    return known.side if known else ""


def _place(sentence: _Sentence, low: int, high: int, anchor: tuple[int, int], knowledge: Knowledge) -> str | None:
    """Where: a city, site or region in the stretch (one after «في» first), else a
    country after «في»; the nearest to the anchor."""
    spots = [(s, e, m) for s, e, m in sentence.mentions if low <= s and e <= high and m.kind == "place"]
    local = [s for s in spots if _side(s[2], knowledge) != "country"]
    inside = [s for s in spots if _after_in(sentence.text, s[0], s[2])]
    for found in ([s for s in local if s in inside], local, inside):
        if found:
            return min(found, key=lambda s: _distance(s, anchor))[2].name
    return None


def _after_in(text: str, start: int, mention: EntityMention) -> bool:
    """«في بيونغ يانغ», «ببيونغ يانغ»."""
    before = fold(text[:start]).split()[-1:]
    surface, name = fold(mention.surface), fold(mention.name)
    return before == ["في"] or (surface.startswith("ب") and not name.startswith("ب"))


def _invoked(sentence: _Sentence, low: int, high: int, verb: Match, name: Match) -> str:
    """What was done under the treaty: the clause before «بموجب المعاهدة» (three words
    or more), else the one after it."""
    before = _CLAUSE_MARK.split(sentence.text[low:verb.start])[-1]
    after = _CLAUSE_MARK.split(sentence.text[name.end:high].lstrip(_TRIM))[0]
    if len(WORD.findall(before)) < 3 and len(WORD.findall(after)) < 3:
        # «أكدت … مشاركة وحدات من جيشها …، معتبرة أن ذلك جاء تطبيقا للمادة الرابعة»: what
        # «ذلك» stands for is the longest clause before it
        before = max(_CLAUSE_MARK.split(sentence.text[:verb.start]), key=lambda c: len(WORD.findall(c)))
    return _short(before if len(WORD.findall(before)) >= 3 else after, SHORT_WORDS)


def _clause(sentence: _Sentence, rule: FactRule, verbs: list[Match]) -> Fact | None:
    """The clause in a short phrase: what follows «تنص … على» or «يلزم» up to the clause's
    end, else a quotation of three words or more that itself names the clause (a quotation
    about the treaty is someone's view of it: «وثيقة اختراقية بحق»); with its article's
    number when stated."""
    raw = _provides(sentence.text, rule, verbs).strip(_TRIM)
    inside = _QUOTED.search(re.split("[،,;؛.]", raw)[0])  # the clause's own words, quoted
    provides = next(g for g in inside.groups() if g) if inside else _CLAUSE_END.split(raw)[0]
    cues = [fold(c) for c in rule.cues]
    quoted = [q for m in _QUOTED.finditer(sentence.text) for q in m.groups()
              if q and len(WORD.findall(q)) >= 3 and any(c in fold(q) for c in cues)]
    text = _short(provides if len(WORD.findall(provides)) >= 3 else (quoted[0] if quoted else ""), PHRASE_WORDS)
    if not text:
        return None
    return Fact(None, None, (), text, _article(sentence.text, rule.article), sentence.text.strip(), sentence.source)


def _provides(text: str, rule: FactRule, verbs: list[Match]) -> str:
    """What follows the first of ``rule.opens`` after a verb of the row («تنص … على»), or
    the verb itself when none does («يلزم كل طرف بتقديم …»)."""
    opens = {fold(w) for w in rule.opens}
    for verb in verbs:
        cut = next((m for m in WORD.finditer(text, verb.end) if fold_word(m.group()) in opens), None)
        return text[cut.end():] if cut is not None else text[verb.start:]
    return ""


def _article(text: str, words: tuple[str, ...]) -> str:
    """«المادة الرابعة», «المادة 4»: one of ``words``, then a number or an ordinal."""
    wanted = {strip_article(fold(w)): w for w in words}
    found = list(WORD.finditer(text))
    for here, after in zip(found, found[1:]):
        word = next((wanted[v] for v in token_variants(fold_word(here.group())) if v in wanted), None)
        if word and (after.group().isdigit() or after.group().startswith("ال")):
            return f"{word} {after.group()}"
    return ""


def _short(text: str, limit: int) -> str:
    """At most ``limit`` words, «…» when cut."""
    kept = text.strip(_TRIM).split()
    return " ".join(kept) if len(kept) <= limit else " ".join(kept[:limit]) + "…"


def _meeting(sentence: _Sentence, hits: tuple[Match, ...], words: FactWords, knowledge: Knowledge) -> Fact | None:
    """The first meeting the sentence states: people of each side in the stretch of a
    meeting word, and a place or a date."""
    breaks = words.cue_matchers["breaks"].find(sentence.text)
    for verb in hits:
        anchor = (verb.start, verb.end)
        low, high = _stretch(sentence, anchor, breaks)
        if _blocked(sentence.text[:high], words, words.meeting_unless):
            continue
        people = [m for s, e, m in sentence.mentions if low <= s and e <= high and m.kind == "person"]
        if not set(words.sides) <= {_side(m, knowledge) for m in people}:
            continue
        date, place = _when(sentence, low, high, anchor, words), _place(sentence, low, high, anchor, knowledge)
        if date or place:
            who = tuple(dict.fromkeys(m.name for m in people))
            return Fact(date, place, who, "", "", sentence.text.strip(), sentence.source)
    return None


def _settle(statements: list[Fact]) -> tuple[Fact, ...]:
    """The statement shown: the oldest that states a date (the text's own before one
    worked out), else the oldest; then each giving a date none of those shown agrees
    with. The others go to the ``also`` of the one they agree with."""
    ordered = sorted(statements, key=lambda f: (f.date is None, f.date is not None and f.date.confidence < 1))
    shown: list[list[Fact]] = []
    for fact in ordered:
        home = next((same for same in shown if _agrees(same[0].date, fact.date)), None)
        if home is None:
            shown.append([fact])
        else:
            home.append(fact)
    return tuple(_merged(same) for same in shown)


def _merged(same: list[Fact]) -> Fact:
    """Statements that agree, as one: the most precise date (the text's own before one
    worked out), the first place and every person any of them gives («التي وقعها بوتين
    وكيم أمس الأربعاء في بيونغ يانغ» beside «في يونيو 2024»)."""
    best = min(same, key=lambda f: (f.date is None, PRECISION_RANK[f.date.precision] if f.date else 3,
                                    f.date is not None and f.date.confidence < 1))
    place = best.place or next((f.place for f in same if f.place), None)
    who = tuple(dict.fromkeys(name for f in (best, *same) for name in f.who))
    text = best.text or next((f.text for f in same if f.text), "")
    return replace(best, place=place, who=who, text=text, also=_others(best, [f for f in same if f is not best]))


def _agrees(shown: DateValue | None, other: DateValue | None) -> bool:
    """An undated statement agrees with any; dates agree when the coarser is the finer's
    day, month or year («يونيو 2024» and «19 يونيو 2024»)."""
    if shown is None or other is None:
        return True
    return shown.iso().startswith(other.iso()) or other.iso().startswith(shown.iso())


def _others(first: Fact, same: list[Fact]) -> tuple[Source, ...]:
    """The other articles' paragraphs among ``same``, once each, oldest first."""
    seen = {first.source.entry.slug}
    found = []
    for fact in sorted(same, key=_age):
        if fact.source.entry.slug not in seen:
            seen.add(fact.source.entry.slug)
            found.append(fact.source)
    return tuple(found)


def _month(date: DateValue | None) -> str | None:
    if date is None:
        return None
    return date.iso()[:4] if date.precision == "year" else date.iso()[:7]


def _age(fact: Fact) -> tuple:
    """Oldest article first (undated last), then paragraph."""
    published = fact.source.entry.meta.published
    return (published is None, published.value.toordinal() if published else 0, fact.source.entry.slug,
            fact.source.paragraph.n)
