"""Figures: number + unit + what is counted, digits or words («11 ألف جندي», «ألف حاوية»),
with the qualifier («أكثر من», «حوالي») and who claims it."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.arabic import clean, fold, fold_word, sentences
from generator.extract.attribution import sentence_speaker
from generator.knowledge import Knowledge
from generator.match import Matcher
from generator.model import Article, Evidence, Quantity

_DIGITS = str.maketrans({**{chr(0x660 + i): str(i) for i in range(10)},
                         **{chr(0x6F0 + i): str(i) for i in range(10)}, "٫": ".", "٬": ","})
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d])")
COUNTED_MAX_WORDS = 5


@lru_cache(maxsize=4)
def _unit_matcher(knowledge: Knowledge) -> Matcher:
    return Matcher({u.id: u.words for u in knowledge.patterns.units.values()})


_WORD_AFTER = re.compile(r"\s+([\u0621-\u064a]+)")
_TOKEN = re.compile(r"\d|[\u0621-\u064a]+")


def _number_at(text: str, token: re.Match[str], knowledge: Knowledge) -> tuple[float, int, int] | None:
    """A number starting at ``token`` (a digit or an Arabic word of ``text``): digits with
    an optional multiplier word, or a number word alone. Returns (value, start, end).
    Matches at positions, never on slices: slicing the rest of the sentence at every
    word made long sentences quadratic."""
    words = knowledge.patterns.number_words
    start = token.start()
    m = _NUMBER.match(text, start)
    if m:
        value, end = float(m.group(1).replace(",", "")), m.end()
        after = _WORD_AFTER.match(text, end)
        multiplier = words.get(fold_word(after.group(1)), 0) if after else 0
        if multiplier >= 1000:
            value *= multiplier
            end = after.end()
        return value, start, end
    if not token.group().isdigit() and fold_word(token.group()) in words:
        return float(words[fold_word(token.group())]), start, token.end()
    return None


def _qualifier(before: str, knowledge: Knowledge) -> str | None:
    tail = fold(before[-25:]).strip()
    for kind, phrases in knowledge.patterns.qualifiers.items():
        if any(tail.endswith(fold(p)) for p in phrases):
            return kind
    return None


def find_quantities(article: Article, knowledge: Knowledge) -> list[Quantity]:
    """Every figure with a known, non-duration unit."""
    units = _unit_matcher(knowledge)
    found: list[Quantity] = []
    for p in article.paragraphs:
        text = clean(p.text).translate(_DIGITS)  # one character for one: spans stay valid
        for s_start, s_end in sentences(text):
            sentence = text[s_start:s_end]
            speaker, _verb = sentence_speaker(sentence, knowledge)
            claimant = speaker.name if speaker else None
            for q in _in_sentence(sentence, units, knowledge):
                value, start, end, unit_id, counted_end = q
                unit = knowledge.patterns.units[unit_id]
                counted = " ".join(re.split(r"[،,.؛]", sentence[counted_end:])[0].split()[:COUNTED_MAX_WORDS])
                found.append(Quantity(
                    text=p.text[s_start + start: s_start + counted_end].strip(),
                    value=value, unit=unit.id, unit_label=unit.label,
                    qualifier=_qualifier(sentence[:start], knowledge), counted=counted,
                    claimant=claimant, evidence=Evidence(p.n, p.text[s_start + start: s_start + counted_end].strip()),
                ))
    return found


def _in_sentence(sentence: str, units: Matcher, knowledge: Knowledge):
    percent = re.compile(r"\s*%")
    taken_until = 0
    for m in _TOKEN.finditer(sentence):
        if m.start() < taken_until:
            continue
        number = _number_at(sentence, m, knowledge)
        if number is None:
            continue
        value, start, end = number
        pct = percent.match(sentence, end)
        if pct:
            taken_until = pct.end()
            yield value, start, end, "percent", pct.end()
            continue
        following = units.find(sentence[end:end + 40])
        if following and following[0].start <= 1:
            unit = knowledge.patterns.units[following[0].label]
            taken_until = end + following[0].end
            if not unit.duration:
                yield value, start, end, unit.id, end + following[0].end
