"""Search keys: one form per word, shared by the index and the reader's query.

Pagefind (the static search engine, see README "Search") matches words as they are written,
and a query word as the start of any indexed word («كيم» finds «الكيميائية»). So every
indexed page carries, in Pagefind metadata (searched, never shown: not in the page's text,
in result excerpts, nor read by a screen reader), the *form keys* of its words: folded
(hamza, ة/ه, ى/ي, غ/ج), without clitics (و/ف + ال …), in the singular without plural or
feminine endings (knowledge/search_forms.yml; names untouched), each ending in MARK so
that a key matches itself only. The search box turns the reader's words into the same
keys (``searchkeys.js``, a port of ``form_key``; a browser test checks they agree).

Ranking is by what a page is about: a key in an article's headline counts more than one
in its lead or among its main people, more than one it repeats, more than one it merely
contains (``FIELD_WEIGHTS``, passed to Pagefind as ``metaWeights``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import lru_cache

from generator.arabic import WORD, fold, search_key
from generator.knowledge import EntityDef, Knowledge, SearchForms
from generator.site.terms import body_terms, form_key, term_counts, word_keys

__all__ = ["FIELD_WEIGHTS", "MARK", "article_fields", "article_meta", "entity_meta", "forms_data", "main_entities",
           "quick_answers", "search_key", "spelling_keys", "text_keys", "topic_meta"]

MARK = "_"  # ends every indexed key and every query word (Pagefind keeps _ inside a word)
# A key found in a page's field counts this many times its rarity (Pagefind's metaWeights);
# ``title`` is Pagefind's own field, the headline as written: ``head`` has every spelling.
FIELD_WEIGHTS = {"head": 12.0, "about": 6.0, "lead": 3.0, "often": 1.0, "twice": 1.0, "keys": 1.0, "title": 0.0}
NAME_KINDS = ("person", "place")
MAX_ALIAS_WORDS = 3  # longer spellings («جمهورية كوريا الديمقراطية الشعبية») add no keys to mentions
LEAD = 2  # paragraphs: what an article says first
OFTEN = 3  # occurrences: a key an article repeats (``twice``: two)
MAIN_SHARE = 4  # named in a quarter of the paragraphs (at least MAIN_LEAST): one of the article's main entities
MAIN_LEAST = 3
KIND_LABELS = {"article": "مقال", "person": "شخص", "place": "مكان", "organization": "منظمة", "topic": "محور"}


@lru_cache(maxsize=500_000)
def _without_conjunction(word: str, forms: SearchForms) -> str:
    """The form key of a word written with و or ف in front and no ال («وقذائف», «فصواريخ»),
    as if written without it; "" for any other word. Filed beside the word's own key: the
    reader types «قذائف» (and «وزير» is also filed as «زير», which nobody searches)."""
    key = search_key(word)
    if len(key) < 4 or key[0] not in "وف" or key in forms.names:
        return ""
    return forms.reduce(key[1:])


def text_keys(text: str, forms: SearchForms) -> set[str]:
    """The keys ``text`` is found by: its words' form keys, and those of words written
    with a conjunction in front, without it (searchkeys.js marks such words alike)."""
    keys = set(word_keys(text, forms))
    keys.update(k for k in (_without_conjunction(w, forms) for w in WORD.findall(text)) if len(k) >= 2)
    return keys


@lru_cache(maxsize=4096)
def spelling_keys(spellings: tuple[str, ...], forms: SearchForms, max_words: int = 99) -> frozenset[str]:
    """The keys of every word of every spelling (plus the joined form of two-word ones:
    بيونغ يانغ ↔ بيونغيانغ); spellings longer than ``max_words`` words are skipped."""
    keys: set[str] = set()
    for spelling in spellings:
        words = WORD.findall(spelling)
        if len(words) > max_words:
            continue
        keys.update(word_keys(spelling, forms))
        if len(words) == 2:
            keys.add(form_key("".join(words), forms))
    return frozenset(keys)


def _spellings(entity: EntityDef) -> tuple[str, ...]:
    return (entity.name, *entity.aliases)


# -- what an article is about ---------------------------------------------------------


def _named_in(text: str, knowledge: Knowledge) -> set[str]:
    """Entity keys of the people, places and organisations ``text`` names, and of the
    people it calls by their usual role («زعيم كوريا الشمالية»)."""
    found = {m.label for m in knowledge.entity_matcher.find(text)}
    folded = fold(text)
    found.update(key for role, key in _roles(knowledge) if role in folded)
    return found


@lru_cache(maxsize=4)
def _roles(knowledge: Knowledge) -> tuple[tuple[str, str], ...]:
    """(folded usual role, entity key) of the people whose role is two words or more
    («الرئيس الروسي»; the part before a bracket: «(وزير الدفاع حتى 2024)» is history)."""
    roles = ((fold(e.role.split("(")[0].strip()), key) for key, e in knowledge.entities.items() if e.kind == "person")
    return tuple((role, key) for role, key in roles if len(role.split()) > 1)


def main_entities(entry, knowledge: Knowledge) -> tuple[set[str], set[str]]:
    """(named in the headline, main): the entities an article names in its headline, and
    those it names there, in its lead or in a quarter of its paragraphs. Someone the
    headline calls by role counts only if the article also names them."""
    paragraphs: dict[str, set[int]] = {}
    for m in entry.extraction.entities:
        paragraphs.setdefault(m.key, set()).add(m.evidence.paragraph)
    head = {key for key in _named_in(entry.meta.title, knowledge) if key in paragraphs}
    lead = {p.n for p in _lead(entry)}
    least = max(MAIN_LEAST, len(entry.article.paragraphs) / MAIN_SHARE)
    main = {key for key, found in paragraphs.items() if found & lead or len(found) >= least}
    return head, main | head


def _lead(entry) -> list:
    return [p for p in entry.article.paragraphs if p.kind == "text"][:LEAD]


def _entity_keys(keys: Iterable[str], knowledge: Knowledge, max_words: int = 99) -> set[str]:
    found: set[str] = set()
    for key in keys:
        entity = knowledge.entities.get(key)
        if entity is not None:
            found |= spelling_keys(_spellings(entity), knowledge.forms, max_words)
    return found


def article_fields(entry, knowledge: Knowledge) -> dict[str, set[str]]:
    """The keys an article page is found by, per field (see ``FIELD_WEIGHTS``)."""
    forms = knowledge.forms
    counts = term_counts(entry.terms or body_terms(entry.article.paragraphs, forms))
    head_names, main = main_entities(entry, knowledge)
    named = {m.key for m in entry.extraction.entities if m.kind in NAME_KINDS}
    fields = {
        "head": text_keys(entry.meta.title, forms) | _entity_keys(head_names, knowledge, MAX_ALIAS_WORDS),
        "about": _entity_keys(main, knowledge, MAX_ALIAS_WORDS),
        "lead": {k for p in _lead(entry) for k in word_keys(p.text, forms)},
        "often": {k for k, n in counts.items() if n >= OFTEN},
        "twice": {k for k, n in counts.items() if n >= 2},
    }
    fields["keys"] = set(counts).union(*fields.values(), _entity_keys(named, knowledge, MAX_ALIAS_WORDS),
                                       *(text_keys(p.text, forms) for p in entry.article.paragraphs))
    return fields


# -- the page's search metadata ---------------------------------------------------------


def _meta_html(group: str, fields: dict[str, set[str]], shown: dict[str, str]) -> str:
    """One empty hidden element holding a page's search metadata: the key fields (each
    key ending in MARK) and what a result shows (kind, date, outlet, note); ``group``
    (article | page) is a Pagefind filter, so the box asks for articles and pages apart."""
    values = {name: " ".join(k + MARK for k in sorted(keys)) for name, keys in fields.items() if keys}
    values.update((name, text) for name, text in shown.items() if text)
    attrs = "".join(f' data-{name}="{html.escape(value)}"' for name, value in values.items())
    names = ", ".join(f"{name}[data-{name}]" for name in values)
    return (f'<div class="briefing-search-meta" hidden data-pagefind-filter="group:{group}"'
            f' data-pagefind-meta="{names}"{attrs}></div>')


def article_meta(entry, knowledge: Knowledge, when: str) -> str:
    """An article page's search metadata; ``when``: its date as the page shows it."""
    shown = {"kind": KIND_LABELS["article"], "when": when, "outlet": entry.meta.outlet or ""}
    return _meta_html("article", article_fields(entry, knowledge), shown)


def entity_meta(view, texts: Iterable[str], knowledge: Knowledge) -> str:
    """A person's, place's or organisation's page: found by its every spelling (``head``)
    and by the words it shows (``texts``: role, quotes, article headlines)."""
    entity = knowledge.by_name.get(view.name)
    spellings = (view.name, *(entity.aliases if entity else ()), *sorted(view.spellings))
    head = set(spelling_keys(spellings, knowledge.forms))
    keys = head.union(*(text_keys(t, knowledge.forms) for t in texts))
    return _meta_html("page", {"head": head, "keys": keys}, {"kind": KIND_LABELS[view.kind], "note": view.role})


def topic_meta(topic, texts: Iterable[str], knowledge: Knowledge) -> str:
    """A topic's page: found by its label and vocabulary (``head``) and the words it
    shows (``texts``: description, takeaways)."""
    head = _topic_keys(topic, knowledge)
    keys = head.union(*(text_keys(t, knowledge.forms) for t in texts))
    return _meta_html("page", {"head": head, "keys": keys}, {"kind": KIND_LABELS["topic"], "note": topic.description})


# -- what the search box loads ------------------------------------------------------------


def quick_answers(briefing, knowledge: Knowledge) -> list[dict]:
    """The small index behind instant answers: each entity and topic page with the form
    keys of its names (every spelling) and, for topics, of its vocabulary. The search box
    shows the pages every word typed names at once, above the articles."""
    answers = []
    for view in sorted(briefing.entities.values(), key=lambda v: (-v.mention_count, v.name)):
        entity = knowledge.by_name.get(view.name)
        spellings = (view.name, *(entity.aliases if entity else ()), *sorted(view.spellings))
        answers.append({"title": view.name, "url": view.path.removesuffix(".md") + "/", "kind": view.kind,
                        "note": view.role, "keys": sorted(spelling_keys(spellings, knowledge.forms)),
                        "weight": view.mention_count})
    for topic in briefing.topics:
        answers.append({"title": topic.label, "url": f"topics/{topic.id}/", "kind": "topic",
                        "note": topic.description, "keys": sorted(_topic_keys(topic, knowledge)),
                        "weight": len(topic.items)})
    return answers


def _topic_keys(topic, knowledge: Knowledge) -> set[str]:
    """A topic's label and own vocabulary: the word groups of its rule that are not the
    two countries of the relation gate (those name every topic)."""
    shared = {name for sets in knowledge.relation_gate for name in sets}
    rule = knowledge.topics.get(topic.id)
    groups = [n for sets in (rule.all_of if rule else ()) for n in sets if n not in shared]
    keys = set(word_keys(topic.label, knowledge.forms))
    for name in groups:
        keys.update(k for phrase in knowledge.group_words.get(name, ()) for k in word_keys(phrase, knowledge.forms))
    return keys


def forms_data(knowledge: Knowledge) -> dict:
    """What searchkeys.js needs to turn a reader's words into form keys as ``form_key``
    does (``keep``: only the words the endings would change), and the ranking."""
    forms = knowledge.forms
    bare = SearchForms(forms.endings, forms.plurals)
    return {"mark": MARK, "endings": [list(e) for e in forms.endings], "plurals": dict(sorted(forms.plurals.items())),
            "keep": sorted(k for k in forms.keep if bare.reduce(k) != k), "names": sorted(forms.names),
            "name_clitics": list(forms.name_clitics), "clinging": sorted(forms.clinging - forms.names),
            "weights": FIELD_WEIGHTS, "kinds": KIND_LABELS}
