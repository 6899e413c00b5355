"""Figures: every number with what it counts, and who claims it.

«11 ألف جندي», «عشرة آلاف جندي» (10,000), «جنديين» (2), «ساعتين ونصف» (2.5), «بين 10
و12 ألف جندي» (10,000 to 12,000), «57%», «عيار 152 ملم»; vague amounts keep no number
(«آلاف الجنود», «عشرات الصواريخ»). What is counted is the word after the number: a unit
of the knowledge base when it knows the word, else the noun as written. Years, dates,
times, ordinals, article numbers and numbers inside names are not figures. The claimant
is the attribution nearest it in its sentence (claimants.py). The vocabulary is data
(patterns.yml); numbers.py reads the numbers, figure_words.py looks up the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from generator.arabic import clean, fold, sentences
from generator.extract.claimants import ArticleClaims
from generator.extract.figure_words import DUAL, FRACTION, NUMBER, UNIT, VAGUE, FigureIndex, Noun, figure_index, forms
from generator.extract.numbers import Number, Token, prepare, read_number, split_clitics, tokens
from generator.knowledge import Knowledge
from generator.model import Article, Candidate, EntityMention, Evidence, Quantity

COUNTED_MAX_WORDS = 5
_CLAUSE_END = re.compile(r"[،,.؛:]")
_ATTACHED = "-–/:+#"  # a number joined by these to a word or number is a date, a time or a name


@dataclass(frozen=True)
class Figure:
    """A figure found in a sentence, by token index."""

    first: int
    last: int  # index after the last token of its text
    end: int  # index after the last token it takes (adjectives of a dual beyond its text)
    value: float | None
    noun: Noun | None
    value_max: float | None = None
    numeral: bool = True  # written with a number; False for a dual or «صاروخا واحدا»


class Sentence:
    """One prepared sentence, its tokens, and what blocks a number in it."""

    def __init__(self, text: str, index: FigureIndex, knowledge: Knowledge) -> None:
        self.text, self.index, self.knowledge = text, index, knowledge
        self.toks = tokens(text)

    @cached_property
    def named(self) -> list[tuple[int, int]]:
        """Spans of known names («38 نورث», «بوتين»): nothing in them is a figure."""
        found = [*self.knowledge.entity_matcher.find(self.text), *self.knowledge.source_matcher.find(self.text)]
        return [(m.start, m.end) for m in found]

    def in_name(self, t: Token) -> bool:
        return any(start <= t.start < end for start, end in self.named)

    def token(self, i: int) -> Token | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None


def find_quantities(article: Article, knowledge: Knowledge, people: tuple[Candidate, ...] | None = None,
                    known: tuple[EntityMention, ...] | None = None) -> list[Quantity]:
    """Every figure of the article, in order. ``people`` (``entities.find_candidates``) and
    ``known`` (``entities.find_entities``) are who may claim a figure, as quotes take them;
    found here when not given."""
    index = figure_index(knowledge)
    claims = ArticleClaims(article, knowledge, people, known)
    found: list[Quantity] = []
    for p in article.paragraphs:
        original = clean(p.text)
        text = prepare(original)  # one character for one: spans stay valid
        for s_start, s_end in sentences(text):
            sentence = Sentence(text[s_start:s_end], index, knowledge)
            for figure in _figures(sentence):
                claimant = claims.claimant(sentence.text, sentence.toks[figure.first].start)
                found.append(_quantity(figure, sentence, original[s_start:s_end], claimant, p.n))
            claims.seen.append(sentence.text)
    return found


def _quantity(figure: Figure, sentence: Sentence, original: str, claimant: str | None, paragraph: int) -> Quantity:
    toks, noun = sentence.toks, figure.noun
    first = toks[figure.first]
    start, end = first.start + sentence.index.conjunction(first), toks[figure.last - 1].end
    text = original[start:end]
    after = toks[figure.end - 1].end
    clause = _CLAUSE_END.search(sentence.text, after)  # found in the prepared text: «2.5» is not cut
    counted = " ".join(original[after:clause.start() if clause else None].split()[:COUNTED_MAX_WORDS])
    return Quantity(
        text=text, value=figure.value, unit=noun.unit if noun else "", unit_label=noun.label if noun else "",
        qualifier=_qualifier(sentence.text[:start], sentence.index), counted=counted, claimant=claimant,
        evidence=Evidence(paragraph, text), value_max=figure.value_max,
        duration=bool(noun and noun.duration),
        compared=bool(noun and noun.compared and figure.numeral and figure.value is not None),
    )


def _figures(sentence: Sentence) -> Iterator[Figure]:
    """The figures of a sentence, left to right, each taking its tokens."""
    i, taken, toks, index = 0, 0, sentence.toks, sentence.index
    while i < len(toks):
        t = toks[i]
        starts = NUMBER if t.kind == "num" else index.starts(t.key) if t.kind == "word" else 0
        if starts and t.kind == "word" and i > taken and _after_number(sentence, i):
            starts &= DUAL | UNIT  # «10،5 مليون» is not read: neither is «مليون» alone
        figure = starts and (
            (starts & NUMBER and _number_figure(sentence, i)) or (starts & VAGUE and _vague_figure(sentence, i))
            or (starts & FRACTION and _fraction_figure(sentence, i)) or (starts & DUAL and _dual_figure(sentence, i))
            or (starts & UNIT and _one_and_half(sentence, i)))
        if not figure:
            i += 1
            continue
        yield figure
        i = taken = figure.end


def _after_number(sentence: Sentence, i: int) -> bool:
    """Whether the word at ``i`` follows a number that was not read as a figure with it."""
    before, earlier = sentence.token(i - 1), sentence.token(i - 2)
    if before is None:
        return False
    if before.kind == "num" or (before.kind == "word" and sentence.index.numbers.word(before)):
        return True
    return before.kind == "sym" and earlier is not None and earlier.kind == "num" and earlier.end == before.start


def _blocked_before(sentence: Sentence, i: int) -> bool:
    """A number at ``i`` that belongs to what comes before it: a date, a name, an
    identifier («عام 2024», «المادة 4», «يونيو 2024», «B-52», «هواسونغ-18»)."""
    index, t, before = sentence.index, sentence.toks[i], sentence.token(i - 1)
    if before is None:
        return False
    if before.kind == "latin" or index.is_month(before) or split_clitics(before.key, index.words.not_before):
        return True
    return before.kind == "sym" and before.end == t.start and before.text in _ATTACHED


def _blocked_after(sentence: Sentence, number: Number) -> bool:
    """A number followed by what makes it a date, a time or a name («19 يونيو», «12:08»,
    «38 نورث»)."""
    index, after = sentence.index, sentence.token(number.end)
    if after is None:
        return False
    if after.kind == "latin" or after.key in index.words.not_after or index.is_month(after):
        return True
    return after.kind == "sym" and after.text in _ATTACHED and after.start == sentence.toks[number.end - 1].end


def _number_figure(sentence: Sentence, i: int) -> Figure | None:
    """Digits or number words with what they count, a range («بين 10 و12 ألف») as one."""
    number = read_number(sentence.toks, i, sentence.index.numbers)
    if number is None or _blocked_before(sentence, i) or sentence.in_name(sentence.toks[i]):
        return None
    upper = _upper_bound(sentence, number)
    last = upper or number
    if _blocked_after(sentence, last):
        return None
    low = _lower_value(number, upper) if upper else number.value
    noun = sentence.index.noun_at(sentence.toks, last.end, exact=True, after_of=last.words or last.scaled)
    noun = noun or _unit_before(sentence, i, last.end)
    if noun is None and not (last.scaled and (not last.words or last.end - number.first > 1)):
        return None  # a bare number counts nothing we can name
    if number.words and not number.scaled and number.value == 1 and last is number:
        return None  # «واحد من …»: one of
    if _is_year(sentence, number, noun) or (upper and upper.value <= low):
        return None
    if _after_article(sentence, i) and not (number.scaled or (noun and noun.unit_word)):
        return None  # «الذكرى الـ75»: an ordinal; «الـ11 ألف جندي» is a figure
    end = noun.end if noun else last.end
    value, end = _half_after(sentence, end, low, noun)
    return Figure(i, end, end, value, noun, upper.value if upper else None)


def _after_article(sentence: Sentence, i: int) -> bool:
    """«الـ75», «الـ 75» (the tatweel is gone from the cleaned text)."""
    before = sentence.token(i - 1)
    return before is not None and before.kind == "word" and (
        before.key == "ال" or (before.end == sentence.toks[i].start and before.key.endswith("ال")))


def _is_year(sentence: Sentence, number: Number, noun: Noun | None) -> bool:
    """A number from 1900 to 2100 is a year («في 2023 أرسلت», «أكتوبر/تشرين الأول 2023
    بلقاء») unless it counts a unit («2000 جندي») or is qualified («نحو 2000 مندوب»)."""
    if number.words or number.scaled or not number.value.is_integer() or not 1900 <= number.value <= 2100:
        return False
    if noun is None:
        return True
    start = sentence.toks[number.first].start
    return not noun.unit_word and _qualifier(sentence.text[:start], sentence.index) is None


def _upper_bound(sentence: Sentence, number: Number) -> Number | None:
    """The second number of a range: «بين 10 و12», «من 3 إلى 5», «3 أو 4», «10-12»."""
    words, toks = sentence.index.words, sentence.toks
    join, before = sentence.token(number.end), sentence.token(number.first - 1)
    if join is None:
        return None
    opened = before is not None and split_clitics(before.key, words.range_open) is not None
    attached = join.kind != "sym" or join.start == toks[number.end - 1].end  # «10-12», not «10 - 12»
    if join.key in words.range_to and not number.scaled and attached:
        start = number.end + 1  # «من 3 إلى 5 سنوات»; «من 3 آلاف إلى 5 آلاف» are two figures (a change)
    elif opened and join.kind == "word" and (join.key in words.range_and or (
            join.key[:1] in words.range_and and sentence.index.numbers.word(join))):
        start = number.end + 1 if join.key in words.range_and else number.end  # «و 12» or «و12», «وأربعة»
    else:
        return None
    upper = read_number(toks, start, sentence.index.numbers)
    if upper is None or (join.kind == "sym" and (number.words or upper.words)):
        return None
    return upper


def _lower_value(number: Number, upper: Number) -> float:
    """«بين 10 و12 ألف»: the scale of the upper bound applies to the lower one."""
    if number.scaled or not upper.scaled:
        return number.value
    scale = 1000.0
    while scale * 1000 <= upper.value:
        scale *= 1000
    return number.value * scale if number.value * scale <= upper.value else number.value


def _unit_before(sentence: Sentence, i: int, end: int) -> Noun | None:
    """«عيار 152»: a unit named by the word before the number; «%57»: a percent sign
    before it (as pages with mixed directions write it)."""
    before = sentence.token(i - 1)
    if before is None:
        return None
    if before.kind == "sym" and before.end == sentence.toks[i].start and before.text in "%٪":
        return sentence.index.unit_noun("percent", end) if "percent" in sentence.index.units else None
    unit = sentence.index.words.units_before.get(before.key)
    return sentence.index.unit_noun(unit, end) if unit else None


def _half_after(sentence: Sentence, end: int, value: float | None, noun: Noun | None) -> tuple[float | None, int]:
    """«ثلاث ساعات ونصف», «ساعتين ونصف»: a half after the noun."""
    t = sentence.token(end)
    if value is None or value >= 1000 or noun is None or not noun.unit_word or t is None or t.kind != "word":
        return value, end  # not «10 آلاف جندي ونصف»
    found = split_clitics(t.key, sentence.index.numbers.fractions)
    if found and found[0] == "و":
        return value + sentence.index.numbers.fractions[found[1]], end + 1
    return value, end


def _vague_figure(sentence: Sentence, i: int) -> Figure | None:
    """«آلاف الجنود», «عشرات الآلاف من الجنود», «بضعة آلاف جندي»: no number."""
    index, toks = sentence.index, sentence.toks
    j = i
    if toks[i].kind == "word" and split_clitics(toks[i].key, index.words.vague_openers):
        j += 1
    if not (j < len(toks) and index.is_vague(toks[j])):
        return None
    while j + 1 < len(toks) and index.is_vague(toks[j + 1]):
        j += 1
    noun = index.noun_at(toks, j + 1, exact=False, after_of=True)
    if noun is None:
        return None
    return Figure(i, noun.end, noun.end, None, noun)


def _fraction_figure(sentence: Sentence, i: int) -> Figure | None:
    """«نصف ساعة» (0.5 hours), «نصف مليون جندي» (500,000)."""
    index, toks = sentence.index, sentence.toks
    t = toks[i]
    found = split_clitics(t.key, index.numbers.fractions) if t.kind == "word" else None
    if not found or i + 1 >= len(toks):
        return None
    value, j = index.numbers.fractions[found[1]], i + 1
    if toks[j].key in index.numbers.scales:
        value, j = value * index.numbers.scales[toks[j].key], j + 1
        noun = index.noun_at(toks, j, exact=True, after_of=True)
    else:
        noun = index.noun_at(toks, j, exact=True, after_of=False)
        if noun is None or not noun.unit_word:
            return None
    return Figure(i, noun.end if noun else j, noun.end if noun else j, value, noun)


def _dual_figure(sentence: Sentence, i: int) -> Figure | None:
    """«جنديين», «سفينتين حربيتين», «ساعتين ونصف», «صاروخين اثنين»: 2 of the noun."""
    index, t = sentence.index, sentence.toks[i]
    noun = index.dual_at(sentence.toks, i)
    if noun is None or sentence.in_name(t):
        return None
    value, last = _half_after(sentence, i + 1, 2.0, noun)
    two = sentence.token(last)
    if two is not None and index.numbers.words.get(two.key) == 2:
        last += 1
    end = last
    while end < len(sentence.toks) and index.is_dual_adjective(sentence.toks[end]):
        end += 1
    return Figure(i, last, end, value, noun, numeral=False)


def _one_and_half(sentence: Sentence, i: int) -> Figure | None:
    """«ساعة ونصف» (1.5 hours), «صاروخا واحدا» (one missile): a unit word then «ونصف»
    or «واحد»."""
    nxt = sentence.token(i + 1)
    if nxt is None or nxt.kind != "word" or (i and sentence.toks[i - 1].kind == "num"):
        return None
    noun = sentence.index.noun_at(sentence.toks, i, exact=True, after_of=False)
    if noun is None or not noun.unit_word or noun.end != i + 1:
        return None
    if any(sentence.index.numbers.words.get(f) == 1 for f, with_article in forms(nxt.key) if not with_article):
        return Figure(i, i + 2, i + 2, 1.0, noun, numeral=False)
    value, end = _half_after(sentence, i + 1, 1.0, noun)
    return Figure(i, end, end, value, noun, numeral=False) if end > i + 1 else None


def _qualifier(before: str, index: FigureIndex) -> str | None:
    tail = " ".join(fold(before[-30:]).split())
    for kind, phrases in index.qualifiers:
        if any(tail.endswith(p) for p in phrases):
            return kind
    return None
