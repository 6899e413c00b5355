"""Reading and extracting every article, each once: the extraction cache.

An article is read and extracted again only when its bytes, the extraction code, the
knowledge base or the year (weekday → year inference looks back from it) changed. The
extractions are rows of the store (generator/build/store.py), keyed by the hash of
the article's name and bytes under that salt; an untouched file (same signature as
last build) is not even read. Extraction is an embarrassingly parallel map: uncached
articles are spread over the cores.

With each extraction the cache keeps what else depends only on the article: the
``extracted:`` block as written to its metadata file and its duplicate-detection sketch
and search terms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import knowledge as kb
from generator.build.code import code_fingerprint
from generator.build.parallel import cores, parallel_from
from generator.build.store import pickled
from generator.errors import ArticleError
from generator.extract import EXTRACTOR_VERSION, extract_article
from generator.ingest.article import article_from_bytes, read_bytes
from generator.ingest.safefiles import file_signature
from generator.ingest.shingles import sketch
from generator.metadata.files import extracted_block, owned_text
from generator.model import Article, Extraction
from generator.site.terms import body_terms

if TYPE_CHECKING:
    from generator.build.state import BuildState
    from generator.build.store import Store

@dataclass(frozen=True)
class Extracted:
    """One article read and extracted, with what is derived from it alone."""

    article: Article
    extraction: Extraction
    owned: str  # the ``extracted:`` block, as written to seeds/<stem>.yml
    sketch: tuple[int, ...]  # bottom-k shingle sketch (generator/ingest/shingles.py)
    terms: tuple[tuple[str, bytes], int]  # search keys, counts and length (site.terms.body_terms)


Result = Extracted | ArticleError


def extraction_salt(knowledge_dir: Path, today: dt.date) -> str:
    """What every extraction depends on beside the article: the extractor's version and
    code, the knowledge base, the year."""
    return f"{EXTRACTOR_VERSION}-{code_fingerprint(__name__)}-{kb.fingerprint(knowledge_dir)}-{today.year}"


class ExtractionCache:
    """The extractions in the store, and those of the last build in ``state`` (what
    `mkdocs serve` keeps, or a one-shot build loaded: no row read for an untouched file)."""

    def __init__(self, store: Store, state: BuildState, knowledge_dir: Path, today: dt.date) -> None:
        self.salt = extraction_salt(knowledge_dir, today)
        self.store, self.state = store, state
        self._used: dict[str, Extracted] = {}
        self._seen: dict[Path, tuple[tuple, str, str]] = {}

    def unchanged(self, path: Path, signature: tuple | None) -> Extracted | None:
        """The last build's extraction of ``path`` if the file was not touched since."""
        found = self.state.signatures.get(path) if signature else None
        if found is None or found[:2] != (signature, self.salt):
            return None
        value = self.state.extractions.get(found[2])
        if value is None:
            return None
        self._used[found[2]] = value
        self._seen[path] = found
        return value

    def key(self, path: Path, signature: tuple | None, data: bytes) -> str:
        key = hashlib.sha256(self.salt.encode() + path.name.encode() + b"\0" + data).hexdigest()
        if signature:
            self._seen[path] = (signature, self.salt, key)
        return key

    def get(self, path: Path, key: str) -> Extracted | None:
        value = self.state.extractions.get(key) or self.store.extraction(key)
        if not (isinstance(value, Extracted) and value.article.path == path):
            return None
        self._used[key] = value
        return value

    def put(self, key: str, value: Extracted, data: bytes) -> None:
        """``value``, pickled as ``data``, made by this build."""
        self.store.add_extraction(key, self.salt, data)
        self._used[key] = value

    def done(self) -> None:
        """Leave in the state only this build's extractions (removed and edited articles
        go), and in the store only those of this salt."""
        self.state.extractions, self.state.signatures = self._used, self._seen
        self.store.keep_extractions(self.salt)


Job = tuple[Path, bytes, str, str, int, str]


def _extract_one(args: Job) -> tuple[Result, bytes | None]:
    """Extract one article from the bytes its cache key was made of: the result, and it
    pickled (None for an error); a worker process sends back only the bytes, pickled
    once, which the store keeps."""
    path, data, knowledge_dir, knowledge_digest, max_bytes, today = args
    knowledge = kb.default(Path(knowledge_dir), knowledge_digest)
    try:
        article = article_from_bytes(path, data, knowledge, max_bytes=max_bytes)
    except ArticleError as exc:
        return exc, None
    extraction = extract_article(article, knowledge, dt.date.fromisoformat(today))
    result = Extracted(article, extraction, owned_text(extracted_block(extraction)), sketch(article),
                       body_terms(article.paragraphs, knowledge.forms))
    return result, pickled(result)


def _extract_in_worker(args: Job) -> tuple[Result | None, bytes | None]:
    result, data = _extract_one(args)
    return (result if data is None else None), data


def _run(jobs: list[Job]) -> Iterator[tuple[Result, bytes | None]]:
    """Each job's result and its pickled bytes, in order, as they come (the caller keeps
    the bytes and lets them go: every extraction's bytes held at once would take much
    memory on a large site); on every core when there are many."""
    workers = cores()
    if len(jobs) < parallel_from() or workers < 2:
        yield from map(_extract_one, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result, data in pool.map(_extract_in_worker, jobs, chunksize=max(1, len(jobs) // (workers * 8))):
            yield (pickle.loads(data) if result is None else result), data  # our own workers' bytes


def extract_all(paths: list[Path], knowledge_dir: Path, max_bytes: int, today: dt.date,
                cache: ExtractionCache, signed: Callable[[Path], tuple | None] = file_signature
                ) -> dict[Path, Result]:
    """{path: Extracted or the ArticleError}, from the cache where possible. ``signed``
    gives a file's signature (``Inputs.signature``: as the build's snapshot saw it)."""
    results: dict[Path, Result] = {}
    todo: list[tuple[Path, str]] = []
    digest = kb.fingerprint(knowledge_dir)
    jobs: list[Job] = []
    for path in paths:
        signature = signed(path)
        hit = cache.unchanged(path, signature)
        if hit:
            results[path] = hit
            continue
        try:  # after the signature: a write meanwhile is seen next time
            data = read_bytes(path, max_bytes)
        except ArticleError as exc:  # a symbolic link, over the limit, vanished
            results[path] = exc
            continue
        key = cache.key(path, signature, data)
        results[path] = cache.get(path, key)
        if results[path] is None:
            todo.append((path, key))
            jobs.append((path, data, str(knowledge_dir), digest, max_bytes, today.isoformat()))
    for (path, key), (result, pickled_result) in zip(todo, _run(jobs)):
        results[path] = result
        if pickled_result is not None:
            cache.put(key, result, pickled_result)
    cache.done()
    return {path: results[path] for path in paths}
