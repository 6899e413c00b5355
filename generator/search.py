"""Search keys: one spelling per word, shared by the index and the reader's query.

Pagefind (the static search engine, see README) folds some Arabic forms but not غ/ج
(شويغو/شويجو), not و+ال (والذخائر), and not joined/split names (بيونغيانغ/بيونغ يانغ).
So each paragraph carries, in one hidden span that Pagefind indexes (readers never see
it), the keys of its words that differ from how they are written, and the search box turns the
reader's words into keys with the same rules (``search.js``, a port of ``search_key``).
A test checks that Python and JavaScript agree on a list of words.
"""

from __future__ import annotations

import heapq
import html
import json
import math
import re
from array import array
from collections import Counter

from functools import lru_cache

from generator.arabic import WORD, clean, fold_name_word
from generator.grown import only_added
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
    for view in sorted(briefing.entities.values(), key=lambda v: (-v.mention_count, v.name)):
        answers.append({"title": view.name, "url": f"{KIND_FOLDERS[view.kind]}/{view.slug}/",
                        "note": view.role, "keys": alias_keys(view.name, knowledge).split(),
                        "weight": view.mention_count})
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


# Quick article hits: Pagefind ranks a word found on most of 10,000 pages in 0.2–3 s, so
# the box first shows the best articles for the words typed from a small static index
# the generator writes: for each search key, its HITS best articles (BM25 term weight, title
# words counted TITLE_BOOST times), in files of ~TERMS_PER_FILE keys picked by a hash of
# the key that search.js computes too (FNV-1a over UTF-16 code units); article titles in
# files of ~DOCS_PER_FILE. A query fetches one small file per word and one per hit shown.
# Each key also carries how many articles have it: when no article is among the best for
# every word typed, the box shows the best for the rarest word, and says so.
HITS = 12
TITLE_BOOST = 5
TERMS_PER_FILE = 100
DOCS_PER_FILE = 64
BM25_K1, BM25_B = 1.2, 0.75


@lru_cache(maxsize=1 << 17)
def bucket(text: str, count: int) -> int:
    """FNV-1a (32 bit) of ``text``'s UTF-16 code units, modulo ``count`` (as in search.js);
    kept: every regeneration files the same 10,000 slugs and 40,000 keys again."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h % count


def word_keys(text: str) -> list[str]:
    """The search key of each word of ``text`` (keys shorter than two letters dropped)."""
    return [k for k in (search_key(w) for w in WORD.findall(text)) if len(k) >= 2]


Terms = tuple[tuple[str, bytes], int]


def body_terms(paragraphs) -> Terms:
    """An article's search keys and how often each occurs, and its length in words (kept
    in the extraction cache). Packed: the keys, sorted, in one space-separated string
    (keys hold no spaces) and their counts as one array of 32-bit integers. As a tuple
    of (key, count) pairs, unpickling 10,000 articles' 3 million pairs was a third of
    loading the cache."""
    counts: dict[str, int] = {}
    total = 0
    for p in paragraphs:
        for key in word_keys(p.text):
            counts[key] = counts.get(key, 0) + 1
            total += 1
    keys = sorted(counts)
    return (" ".join(keys), array("I", [counts[k] for k in keys]).tobytes()), total


def term_counts(terms: Terms) -> dict[str, int]:
    """{key: count} of ``body_terms``."""
    (keys, counts), _length = terms
    return dict(zip(keys.split(" "), array("I", counts))) if keys else {}


class _First:
    """An article's place in the order of hits of equal score: the first address (docs
    file, then slug, which is the order within a file) wins, so it sorts as the larger."""

    __slots__ = ("address",)

    def __init__(self, address: tuple[int, str]) -> None:
        self.address = address

    def __lt__(self, other: "_First") -> bool:
        return self.address > other.address

    def __gt__(self, other: "_First") -> bool:
        return self.address < other.address

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _First) and self.address == other.address

    __hash__ = None  # type: ignore[assignment]


class HitIndex:
    """For every search key, its ``HITS`` best articles by BM25 term weight, and how many
    articles have it. Articles are only ever added: an index is kept (by a long-running
    process, in ``memo``) only while every article it holds is still there, unchanged,
    and the docs files and average length are as they were; otherwise it is made afresh.
    Either way it holds what one pass over the articles gives."""

    def __init__(self, doc_files: int, step: int) -> None:
        self.doc_files, self.step = doc_files, step
        self.average = 2 ** (step / LENGTH_STEPS)
        self.best: dict[str, list[tuple[float, _First]]] = {}
        self.df: Counter[str] = Counter()
        self.docs: dict[str, tuple[str, str]] = {}  # slug → (its text's digest, its title)

    def add(self, slug: str, title: str, stats: Terms, digest: str) -> None:
        length = stats[1]
        self.docs[slug] = (digest, title)  # what ``only_added`` compares (the terms come from the text)
        counts = term_counts(stats)
        for key in word_keys(title):
            counts[key] = counts.get(key, 0) + TITLE_BOOST
        self.df.update(counts.keys())
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / self.average)
        first = _First((bucket(slug, self.doc_files), slug))
        best, push, replace, k1 = self.best, heapq.heappush, heapq.heapreplace, BM25_K1 + 1
        for key, tf in counts.items():  # 3 million (article, key) pairs at 10,000 articles
            item = (tf * k1 / (tf + norm), first)
            heap = best.get(key)
            if heap is None:
                best[key] = [item]
            elif len(heap) < HITS:
                push(heap, item)
            elif item > heap[0]:
                replace(heap, item)


# The average article length BM25 divides by, rounded to a step of 2^(1/16) (4 %): one
# more article seldom moves it to another step, so a kept index stays valid.
LENGTH_STEPS = 16


def hit_files(entries, terms_of, memo: dict | None = None, texts: dict | None = None) -> dict[str, str]:
    """{path under site_src: JSON} of the quick-hits index for ``entries`` (articles shown
    once: no duplicates, nothing excluded); ``terms_of(entry)`` gives ``body_terms``;
    ``memo``: a dict kept for the next call (``HitIndex``), by a long-running process or
    on disk between one-shot builds; ``texts``: one a long-running process keeps, {path:
    (content, JSON)}, so a file whose content is the same is not encoded again (two
    thirds of them when one article arrives)."""
    from generator.formats import arabic_date

    docs = sorted((e for e in entries if not e.duplicate_of and not e.meta.exclude), key=lambda e: e.slug)
    doc_files = max(1, math.ceil(len(docs) / DOCS_PER_FILE))
    by_file: list[list] = [[] for _ in range(doc_files)]
    address: dict[str, tuple[int, int]] = {}
    for e in docs:  # a new article moves only the articles after it in its own file
        b = bucket(e.slug, doc_files)
        address[e.slug] = (b, len(by_file[b]))
        by_file[b].append([f"articles/{e.slug}/", e.meta.title,
                           f"{e.meta.outlet or 'مصدر غير معروف'} — {arabic_date(e.meta.published)}"])
    stats = [terms_of(e) for e in docs]
    average = (sum(n for _, n in stats) / len(stats)) if stats else 1.0
    step = round(math.log2(max(average, 1.0)) * LENGTH_STEPS)
    current = {e.slug: (e.article.digest, e.meta.title) for e in docs}
    index = (memo or {}).get("index")
    if (not isinstance(index, HitIndex) or (index.doc_files, index.step) != (doc_files, step)
            or not only_added(index.docs, current)):
        index = HitIndex(doc_files, step)
    for e, found in zip(docs, stats):
        if e.slug not in index.docs:
            index.add(e.slug, e.meta.title, found, e.article.digest)
    if memo is not None:
        memo["index"] = index
    best, df = index.best, index.df
    term_files = max(1, math.ceil(len(best) / TERMS_PER_FILE))
    grouped: list[dict[str, list]] = [{} for _ in range(term_files)]
    for key in sorted(best):
        grouped[bucket(key, term_files)][key] = [df[key], [[*address[first.address[1]], round(score * 100)]
                                                           for score, first in sorted(best[key], reverse=True)]]
    made = {} if texts is None else texts
    contents = {f"assets/hits/terms-{n}.json": group for n, group in enumerate(grouped)}
    contents.update({f"assets/hits/docs-{n}.json": group for n, group in enumerate(by_file)})
    contents["assets/hits/index.json"] = {"terms": term_files, "docs": doc_files}
    files = {}
    for path, content in contents.items():
        kept = made.get(path)
        if kept is None or kept[0] != content:
            kept = made[path] = (content, json.dumps(content, ensure_ascii=False, separators=(",", ":")) + "\n")
        files[path] = kept[1]
    for gone in made.keys() - contents.keys():
        del made[gone]
    return files
