"""Search keys: one spelling per word, shared by the index and the reader's query.

Pagefind (the static search engine, see README) folds some Arabic forms but not غ/ج
(شويغو/شويجو), not و+ال (والذخائر), and not joined/split names (بيونغيانغ/بيونغ يانغ).
So each paragraph carries, in one hidden span that Pagefind indexes (readers never see
it), the keys of its words that differ from how they are written, and the search box turns the
reader's words into keys with the same rules (``search.js``, a port of ``search_key``).
A test checks that Python and JavaScript agree on a list of words.
"""

from __future__ import annotations

import html
import re

from functools import lru_cache

from generator.arabic import WORD, clean, fold_name_word
from generator.knowledge import Knowledge

# و/ف then the article with an optional preposition: وال، فال، بال، كال، لل، وبال …
_CLITICS = re.compile(r"^(?:[وف]?(?:بال|كال|لل|ال)|[وف]ال)(?=..)")
NAME_KINDS = ("person", "place")
MAX_ALIAS_WORDS = 3


@lru_cache(maxsize=500_000)
def search_key(word: str) -> str:
    """«والذخائر» → «ذخاير»; «شويغو» → «شويجو»; «بيونغيانغ» → «بيونجيانج»."""
    folded = fold_name_word(clean(word))
    return _CLITICS.sub("", folded, count=1)


@lru_cache(maxsize=4096)
def spelling_keys(spellings: tuple[str, ...], max_words: int = 99) -> frozenset[str]:
    """The keys of every word of every spelling (plus the joined form of two-word ones:
    بيونغ يانغ ↔ بيونغيانغ); spellings longer than ``max_words`` words are skipped."""
    keys: set[str] = set()
    for spelling in spellings:
        words = WORD.findall(spelling)
        if len(words) > max_words:
            continue
        keys.update(search_key(w) for w in words)
        if len(words) == 2:
            keys.add(search_key("".join(words)))
    return frozenset(keys)


def _name_keys(text: str, knowledge: Knowledge) -> list[str]:
    """Keys of every spelling of the people and places named in ``text``: a reader
    typing any spelling finds the paragraph."""
    keys: list[str] = []
    for m in knowledge.entity_matcher.find(text):
        entity = knowledge.entities[m.label]
        if entity.kind in NAME_KINDS:
            keys += sorted(spelling_keys((entity.name, *entity.aliases), MAX_ALIAS_WORDS))
    return keys


def keyed_html(text: str, knowledge: Knowledge, escape=html.escape) -> str:
    """HTML of ``text`` (escaped by ``escape``) followed by one hidden span holding, once
    each, the search keys of its words that are not written the way they are searched
    (and every spelling of the people and places it names). One span per paragraph keeps
    the page light to convert and the index small."""
    keys: dict[str, None] = {}
    for m in WORD.finditer(text):
        word = m.group().lower()
        key = search_key(m.group())
        if key != word:
            keys.setdefault(key)
    for key in _name_keys(text, knowledge):
        keys.setdefault(key)
    visible = {w.lower() for w in WORD.findall(text)}
    hidden = [k for k in keys if k not in visible]
    if not hidden:
        return escape(text)
    return f'{escape(text)}<span class="briefing-key" hidden> {html.escape(" ".join(hidden))}</span>'


def alias_keys(name: str, knowledge: Knowledge) -> str:
    """All search keys of an entity's spellings, and the words as written (its own page)."""
    entity = knowledge.by_name.get(name)
    spellings = (name, *(entity.aliases if entity else ()))
    written = {w.lower() for spelling in spellings for w in WORD.findall(spelling)}
    return " ".join(sorted(spelling_keys(spellings) | written))


def quick_answers(briefing, knowledge: Knowledge) -> list[dict]:
    """The small index behind instant answers: each entity and topic page with the search
    keys of its names (every KB spelling) and, for topics, of its vocabulary. The search
    box shows matching pages at once, before Pagefind's full-text results arrive."""
    from generator.analysis import KIND_FOLDERS

    answers = []
    for view in sorted(briefing.entities.values(), key=lambda v: (-len(v.mentions), v.name)):
        answers.append({"title": view.name, "url": f"{KIND_FOLDERS[view.kind]}/{view.slug}/",
                        "note": view.role, "keys": alias_keys(view.name, knowledge).split(),
                        "weight": len(view.mentions)})
    groups = _topic_groups(knowledge)
    for topic in briefing.topics:
        keys = {search_key(w) for w in WORD.findall(topic.label)}
        for group in groups.get(topic.id, ()):
            keys.update(search_key(w) for w in group)
        answers.append({"title": topic.label, "url": f"topics/{topic.id}/", "note": topic.description,
                        "keys": sorted(keys), "weight": len(topic.items)})
    return answers


def _topic_groups(knowledge: Knowledge) -> dict[str, list[list[str]]]:
    """Each topic's own vocabulary: the word groups of its rule that are not the two
    countries of the relation gate (those name every topic)."""
    shared = {name for sets in knowledge.relation_gate for name in sets}
    found: dict[str, list[list[str]]] = {}
    for topic_id, rule in knowledge.topics.items():
        names = [n for sets in rule.all_of for n in sets if n not in shared]
        found[topic_id] = [[w for phrase in knowledge.group_words.get(n, ()) for w in WORD.findall(phrase)]
                           for n in names]
    return found
