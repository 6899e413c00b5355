"""Per-article extraction cache and parallel extraction.

An article is re-read and re-extracted only when its bytes, the extractor version, the
knowledge base or the year (weekday → year inference looks back from it) changed. The
cache lives in site_src/.state/cache/<salt>/ (the generator's own folder; deleting it is
safe; a build removes what another extractor, knowledge base or year left there).
Extraction is an embarrassingly parallel map: uncached articles are spread over the cores.

With each extraction the cache keeps what else depends only on the article: the
``extracted:`` block as written to its metadata file (YAML dumping every block again
took half of a one-new-article rebuild) and its duplicate-detection sketch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator import knowledge as kb
from generator.build.code import code_fingerprint
from generator.build.parallel import cores
from generator.errors import ArticleError, Problem
from generator.extract import EXTRACTOR_VERSION, extract_article
from generator.ingest.article import read_article, read_bytes
from generator.briefing.duplicates import sketch
from generator.site.search import body_terms
from generator.metadata.files import extracted_block, owned_text
from generator.model import Article, Extraction
from generator.build.write import atomic_write_bytes, file_signature, remove_except

PARALLEL_FROM = 40  # below this many uncached articles, one process is faster


@dataclass(frozen=True)
class Extracted:
    """One article read and extracted, with what is derived from it alone."""

    article: Article
    extraction: Extraction
    owned: str  # the ``extracted:`` block, as written to seeds/<stem>.yml
    sketch: tuple[int, ...]  # bottom-k shingle sketch (generator/briefing/duplicates.py)
    terms: tuple[tuple[str, bytes], int] = (("", b""), 0)  # search keys, counts and length (search.body_terms)


Result = Extracted | ArticleError


def read_pickle(path: Path) -> object | None:
    """What one of the generator's own files under site_src/.state/ holds (the cache
    entries, what one-shot builds carry over), or None when it is missing, damaged or
    written by code whose classes have changed since."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)  # our own files (see module doc)
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError, TypeError, ImportError):
        return None


def extraction_salt(knowledge_dir: Path, today: dt.date) -> str:
    """What every extraction depends on beside the article: the extractor's version and
    code, the knowledge base, the year."""
    return f"{EXTRACTOR_VERSION}-{code_fingerprint(__name__)}-{kb.fingerprint(knowledge_dir)}-{today.year}"


class ExtractionCache:
    """Extractions on disk, one pickle per article and key. ``memory``: a dict that outlives
    the build (`mkdocs serve` passes one), holding the extractions of the last build so the
    next one does not read 10,000 pickles again (5 s at 10,000 articles)."""

    def __init__(self, folder: Path, knowledge_dir: Path, today: dt.date,
                 memory: dict[str, Extracted] | None = None,
                 signatures: dict[Path, tuple[tuple, str, str]] | None = None) -> None:
        self.salt = extraction_salt(knowledge_dir, today)
        # one folder per salt, so what other extraction code, another knowledge base or
        # another year made can go as a whole (``drop_other_versions``)
        self.root = folder
        self.folder = folder / hashlib.sha256(self.salt.encode()).hexdigest()[:16]
        self.memory = memory
        # with ``memory``: {article path: (file signature, salt, key)} of the last build, so
        # an untouched article is neither read nor hashed again (10,000 reads: 1 s)
        self.signatures = signatures if memory is not None else None
        self._used: dict[str, Extracted] = {}
        self._seen: dict[Path, tuple[tuple, str, str]] = {}
        self.unkept: list[str] = []  # why entries could not be written (disk full …): extracted again next time

    def unchanged(self, path: Path, signature: tuple | None) -> Extracted | None:
        """The last build's extraction of ``path`` if the file was not touched since."""
        found = self.signatures.get(path) if self.signatures is not None and signature else None
        if found is None or found[:2] != (signature, self.salt):
            return None
        value = self.memory.get(found[2]) if self.memory is not None else None
        if value is None:
            return None
        self._used[found[2]] = value
        self._seen[path] = found
        return value

    def remember(self, path: Path, signature: tuple | None, data: bytes) -> None:
        if signature:
            self._seen[path] = (signature, self.salt, self._key(path, data))

    def _key(self, path: Path, data: bytes) -> str:
        return hashlib.sha256(self.salt.encode() + path.name.encode() + b"\0" + data).hexdigest()

    def get(self, path: Path, data: bytes) -> Extracted | None:
        key = self._key(path, data)
        value = self.memory.get(key) if self.memory is not None else None
        if value is None:
            value = read_pickle(self.folder / key[:2] / f"{key}.pickle")
        if not (isinstance(value, Extracted) and value.article.path == path):
            return None
        self._used[key] = value
        return value

    def entry(self, path: Path, data: bytes) -> Path:
        """The file that holds the extraction of ``path`` with these bytes."""
        key = self._key(path, data)
        return self.folder / key[:2] / f"{key}.pickle"

    def put(self, path: Path, data: bytes, value: Extracted) -> None:
        """Count ``value`` as used by this build; the extraction worker wrote its file."""
        self._used[self._key(path, data)] = value

    def drop_other_versions(self) -> None:
        """Remove the entries made under another salt: they can never be used again until
        that code, knowledge base and year come back, and each change left another 200 MB
        behind at 10,000 articles (and, from before the per-salt folders, the old layout)."""
        remove_except(self.root, {self.folder.name})

    def problems(self) -> list[Problem]:
        """A warning when entries could not be written: the site is built all the same."""
        if not self.unkept:
            return []
        return [Problem(self.folder, f"{len(self.unkept)} extraction(s) not kept: {self.unkept[0]}; the site "
                        "is built, they are extracted again next time", level="warning")]

    def keep_used(self) -> None:
        """Leave in ``memory`` only this build's extractions (removed and edited articles go)."""
        if self.memory is not None:
            self.memory.clear()
            self.memory.update(self._used)
        if self.signatures is not None:
            self.signatures.clear()
            self.signatures.update(self._seen)


Job = tuple[Path, str, str, int, str, Path | None]


def _extract_one(args: Job) -> tuple[Result, str | None]:
    """Read and extract one article; with an entry path, also keep the result there.
    With it, why the entry could not be kept (None: kept, or not asked)."""
    result, _pickled, unkept = _extracted(args, send=False)
    return result, unkept


def _extract_pickled(args: Job) -> tuple[Result | bytes, str | None]:
    """``_extract_one`` for a worker process: an extraction comes back as the bytes it
    kept, so it is pickled once (the parent pickling it again for the cache, one result
    after another once all were in, took ~10 s of a 10,000-article build)."""
    result, pickled, unkept = _extracted(args, send=True)
    return (result if pickled is None else pickled), unkept


def _extracted(args: Job, send: bool) -> tuple[Result, bytes | None, str | None]:
    path, knowledge_dir, knowledge_digest, max_bytes, today, entry = args
    knowledge = kb.default(Path(knowledge_dir), knowledge_digest)
    try:
        article = read_article(path, knowledge, max_bytes=max_bytes, regular_only=True)
    except ArticleError as exc:
        return exc, None, None
    extraction = extract_article(article, knowledge, dt.date.fromisoformat(today))
    result = Extracted(article, extraction, owned_text(extracted_block(extraction)), sketch(article),
                       body_terms(article.paragraphs, knowledge.forms))
    if entry is None and not send:
        return result, None, None
    pickled = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        # not fsynced: a lost entry is extracted again (10,000 fsyncs cost seconds)
        if entry is not None:
            atomic_write_bytes(entry, pickled, durable=False)
    except OSError as exc:  # disk full, read-only: the cache is a speed-up, the build goes on
        return result, pickled, exc.strerror or str(exc)
    return result, pickled, None


def _run(jobs: list[Job]) -> list[tuple[Result, str | None]]:
    """Each job's result, with why its cache entry was not kept; on every core when many."""
    workers = cores()
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [_extract_one(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [(pickle.loads(r) if isinstance(r, bytes) else r, unkept)  # our own workers' bytes
                for r, unkept in pool.map(_extract_pickled, jobs, chunksize=max(1, len(jobs) // (workers * 8)))]


def extract_all(paths: list[Path], knowledge_dir: Path, max_bytes: int, today: dt.date,
                cache: ExtractionCache | None, signed: Callable[[Path], tuple | None] = file_signature
                ) -> dict[Path, Result]:
    """{path: Extracted or the ArticleError}, from the cache where possible. ``signed``
    gives a file's signature (``Inputs.signature``: as the build's snapshot saw it)."""
    results: dict[Path, Result] = {}
    todo: list[tuple[Path, bytes]] = []
    for path in paths:
        signature = signed(path) if cache and cache.signatures is not None else None
        hit = cache.unchanged(path, signature) if cache else None
        if hit:
            results[path] = hit
            continue
        try:  # after the signature: a write meanwhile is seen next time
            data = read_bytes(path, max_bytes)
        except ArticleError as exc:  # a symbolic link, over the limit, vanished
            results[path] = exc
            continue
        if cache:
            cache.remember(path, signature, data)
        hit = cache.get(path, data) if cache else None
        if hit:
            results[path] = hit
        else:
            todo.append((path, data))
    digest = kb.fingerprint(knowledge_dir)
    jobs = [(path, str(knowledge_dir), digest, max_bytes, today.isoformat(), cache.entry(path, data) if cache else None)
            for path, data in todo]
    for (path, data), (result, unkept) in zip(todo, _run(jobs)):
        results[path] = result
        if cache and unkept:
            cache.unkept.append(unkept)
        if cache and not isinstance(result, ArticleError):
            cache.put(path, data, result)
    if cache:
        cache.keep_used()
    return {path: results[path] for path in paths}
