"""Quick article hits: the small static index behind the search box's first list of articles.

Pagefind is slow to rank a word found on most of a large site's pages, so the box first shows
the best articles for the words typed from a small static index the generator writes to
assets/hits/: for each form key (generator/site/terms.py), its HITS best articles (BM25 term
weight, headline words counted TITLE_BOOST times), in files of ~TERMS_PER_FILE keys picked by
a hash of the key that search.js computes too (FNV-1a over UTF-16 code units); article
titles in files of ~DOCS_PER_FILE. A query fetches one small file per word and one per hit
shown. Each key also carries how many articles have it: when no article is among the best
for every word typed, the box shows the best for the rarest word, and says so.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from generator.build.additions import only_added
from generator.knowledge import SearchForms
from generator.site.terms import Terms, term_counts, word_keys

HITS = 12
TITLE_BOOST = 5
TERMS_PER_FILE = 100
DOCS_PER_FILE = 64
BM25_K1, BM25_B = 1.2, 0.75


@lru_cache(maxsize=1 << 17)
def bucket(text: str, count: int) -> int:
    """FNV-1a (32 bit) of ``text``'s UTF-16 code units, modulo ``count`` (as in search.js);
    kept: every regeneration files the same slugs and keys again."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h % count


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
    process, in a ``HitMemo``) only while every article it holds is still there, unchanged,
    and the docs files and average length are as they were; otherwise it is made afresh.
    Either way it holds what one pass over the articles gives."""

    def __init__(self, doc_files: int, step: int, forms: SearchForms) -> None:
        self.doc_files, self.step, self.forms = doc_files, step, forms.digest  # the rules its keys follow
        self.average = 2 ** (step / LENGTH_STEPS)
        self.best: dict[str, list[tuple[float, _First]]] = {}
        self.df: Counter[str] = Counter()
        self.docs: dict[str, tuple[str, str]] = {}  # slug → (its text's digest, its title)

    def add(self, slug: str, title: str, stats: Terms, digest: str, forms: SearchForms) -> None:
        length = stats[1]
        self.docs[slug] = (digest, title)  # what ``only_added`` compares (the terms come from the text)
        counts = term_counts(stats)
        for key in word_keys(title, forms):
            counts[key] = counts.get(key, 0) + TITLE_BOOST
        self.df.update(counts.keys())
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / self.average)
        first = _First((bucket(slug, self.doc_files), slug))
        best, push, replace, k1 = self.best, heapq.heappush, heapq.heapreplace, BM25_K1 + 1
        for key, tf in counts.items():  # every (article, key) pair: millions on a large site
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
FOLDER = "assets/hits"  # under site_src/; search.js fetches from it


@dataclass
class HitMemo:
    """What ``hit_files`` keeps for its next call: the index (by a long-running process,
    or saved between one-shot builds), and each file's content and JSON, so a file whose
    content is the same is not encoded again (most of them when one article arrives)."""

    index: HitIndex | None = None
    texts: dict[str, tuple[object, str]] = field(default_factory=dict)


def hit_files(entries, terms_of, forms: SearchForms, memo: HitMemo | None = None) -> dict[str, str]:
    """{path under site_src: JSON} of the quick-hits index for ``entries`` (articles shown
    once: no duplicates, nothing excluded); ``terms_of(entry)`` gives ``body_terms``;
    ``forms``: the knowledge base's search forms (the same the terms were made with);
    ``memo``: what the last call kept."""
    from generator.site.formats import arabic_date

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
    memo = memo if memo is not None else HitMemo()
    index = memo.index
    if (not isinstance(index, HitIndex) or (index.doc_files, index.step) != (doc_files, step)
            or index.forms != forms.digest or not only_added(index.docs, current)):
        index = HitIndex(doc_files, step, forms)
    for e, found in zip(docs, stats):
        if e.slug not in index.docs:
            index.add(e.slug, e.meta.title, found, e.article.digest, forms)
    memo.index = index
    best, df = index.best, index.df
    term_files = max(1, math.ceil(len(best) / TERMS_PER_FILE))
    grouped: list[dict[str, list]] = [{} for _ in range(term_files)]
    for key in sorted(best):
        grouped[bucket(key, term_files)][key] = [df[key], [[*address[first.address[1]], round(score * 100)]
                                                           for score, first in sorted(best[key], reverse=True)]]
    made = memo.texts
    contents = {f"{FOLDER}/terms-{n}.json": group for n, group in enumerate(grouped)}
    contents.update({f"{FOLDER}/docs-{n}.json": group for n, group in enumerate(by_file)})
    contents[f"{FOLDER}/index.json"] = {"terms": term_files, "docs": doc_files}
    files = {}
    for path, content in contents.items():
        kept = made.get(path)
        if kept is None or kept[0] != content:
            kept = made[path] = (content, json.dumps(content, ensure_ascii=False, separators=(",", ":")) + "\n")
        files[path] = kept[1]
    for gone in made.keys() - contents.keys():
        del made[gone]
    return files
