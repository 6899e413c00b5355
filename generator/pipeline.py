"""The whole flow, one way: seeds/ → ingest → extract → metadata → briefing → render → write.

I/O happens only at the two ends (reading seeds/ and the ledger; writing metadata
and site_src/). Everything between is a pure function of its inputs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from filelock import FileLock, Timeout

from generator import knowledge as kb
from generator.site.assets import font_files, robots_txt
from generator.site.feeds import feeds
from generator.briefing.assemble import build_briefing, update_history
from generator.config import Settings, build_date, env_number
from generator.build.parallel import collector_paused, cores
from generator.briefing.duplicates import find_duplicates
from generator.errors import ArticleError, KnowledgeError, LockedError, Problem
from generator.build.code import code_fingerprint
from generator.build.extractions import (ExtractionCache, extract_all, extraction_salt,
                             read_pickle)
from generator.build.inputs import Inputs, snapshot
from generator.metadata.files import load_person, merge, remember_written, updated_text
from generator.model import Entry
from generator.site.render import render_site
from generator.build.runstore import INDEX, RunStore
from generator.ingest.safefiles import entry_reason
from generator.ingest.slugs import assign_slugs
from generator.build.write import (WriteReport, atomic_write, atomic_write_bytes, clean_temp_files, page_journal,
                             unlink_quietly, write_tree)

Log = Callable[[str], None]
LOCK_TIMEOUT_S = env_number("BRIEFING_LOCK_TIMEOUT", 60.0)


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # metadata errors and warnings
    notes: list[str] = field(default_factory=list)
    metadata_written: list[str] = field(default_factory=list)
    site: WriteReport = field(default_factory=WriteReport)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    # what the build read, as it stood before (with the build's own metadata writes):
    # the inputs a later build compares with its own (generator/build/inputs.py)
    inputs: Inputs | None = None
    unchanged: bool = False  # nothing had changed since the last one-shot build: nothing done

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def errors(self) -> list[Problem]:
        return self.skipped + [p for p in self.problems if p.level == "error"]


def build(settings: Settings, log: Log = lambda _msg: None, memory: dict | None = None,
          leave: list | None = None, inputs: Inputs | None = None) -> BuildReport:
    """Regenerate site_src/ (and the extracted part of seeds/*.yml) from seeds/. ``memory``:
    a dict a long-running caller (`mkdocs serve`) keeps between builds; the extractions,
    parsed metadata files, entries, briefing runs and duplicate-detection shingles of this
    build stay in it for the next. Without one (the command line), the build starts from
    what the last one-shot build left on disk and leaves its own (generator/build/runstore.py);
    so does a long-running caller's first build, from an empty dict. ``leave``: a list a
    process that ends right after without tearing down (the command line: ``os._exit``)
    passes; what the build made is appended to it rather than freed one object at a time
    on return (3 s at 10,000 articles). ``inputs``: the snapshot a caller took just before
    (generator/build/inputs.py); else the build takes one. A one-shot build whose inputs are
    those the last one-shot build recorded does nothing and gives that build's report
    again (``unchanged``)."""
    problems = settings.problems()
    if problems:
        raise KnowledgeError(problems)
    settings.state.mkdir(parents=True, exist_ok=True)
    try:
        with collector_paused(), FileLock(str(settings.state / "build.lock"), timeout=LOCK_TIMEOUT_S):
            # paused from here: parsing the knowledge base beside the 10,000 extractions a
            # long-running process keeps set off full collections (1 s)
            try:
                return _build_locked(settings, kb.default(settings.knowledge), log, memory, leave, inputs)
            except BaseException:
                _forget(settings, memory)
                raise
    except Timeout:
        raise LockedError(
            f"another build is running in {settings.root} (lock: {settings.state / 'build.lock'}); "
            f"waited {LOCK_TIMEOUT_S:g} s (BRIEFING_LOCK_TIMEOUT)"
        ) from None


def _forget(settings: Settings, memory: dict | None) -> None:
    """After a build that failed (disk full, interrupted…): the render keys go, as they
    would vouch for pages as the last build left them while this one may have rewritten
    some, and so does a long-running process's memory of the build. The next build
    renders every page and starts from the run store: slower, never wrong."""
    unlink_quietly(settings.state / RENDER_KEYS)
    if memory is not None:
        memory.clear()


def _kept(path: Path, what: str, write: Callable[[], object], report: BuildReport) -> None:
    """Write one of the build's speed-ups, ``what`` at ``path``; when the system refuses
    (disk full, read-only), say so and go on without it (a stale copy goes: it must not
    pass for this build's)."""
    try:
        write()
    except OSError as exc:
        unlink_quietly(path)
        report.problems.append(Problem(path, f"{what} not kept: {exc.strerror or exc}; the site is built, "
                                       "the next build only slower", level="warning"))


def _build_locked(settings: Settings, knowledge: kb.Knowledge, log: Log, memory: dict | None,
                  leave: list | None = None, inputs: Inputs | None = None) -> BuildReport:
    clock = time.perf_counter()
    today = dt.date.fromisoformat(build_date())
    # pages depend on the generator's code (rendering, briefing), not only on extraction;
    # not on MkDocs' side of it
    salt = f"{extraction_salt(settings.knowledge, today)}-{code_fingerprint(__name__)}"
    one_shot = memory is None
    inputs = inputs or snapshot(settings)
    record = settings.state / LAST_BUILD
    recorded = read_pickle(record) if one_shot else None
    key = (salt, repr(settings))
    if isinstance(recorded, dict) and recorded.get("key") == key and recorded.get("inputs") == inputs:
        report = recorded["report"]
        report.unchanged, report.inputs = True, inputs
        report.timings = {"unchanged": time.perf_counter() - clock}
        log(f"nothing changed since the last build ({report.articles} article(s)); site_src/ is up to date")
        return report
    # whatever happens next, that record no longer tells site_src/ apart (a build under
    # `mkdocs serve` writes pages too)
    record.unlink(missing_ok=True)
    report = BuildReport()
    clean_temp_files(settings.seeds, ".*.yml.*.tmp")  # left by a build that was killed
    # what only a next build in the same process uses (duplicate shingles, kept indexes) is
    # not held by a one-shot build: at 10,000 articles it is hundreds of megabytes beside
    # the forked render workers
    kept = not one_shot
    # a one-shot build, and the first of a long-running process, start from what the last
    # one-shot build left (generator/build/runstore.py)
    store = RunStore(settings.state / "runs", salt)
    if memory is None:
        memory = store.load(knowledge)
    elif not memory:
        memory.update(store.load(knowledge))
    # the Path objects of the last build (a long-running process): their hashes are
    # kept, and 10,000 paths are looked up in several dicts (0.2 s made afresh)
    known_paths: dict[str, tuple[Path, Path]] = memory.setdefault(f"paths:{settings.seeds}", {})
    paths = _article_paths(settings.seeds, report, known_paths)
    meta_paths = {path: known_paths[path.name][1] for path in paths}
    log(f"reading {len(paths)} article(s) from {settings.seeds}")
    entries: list[Entry] = []
    slugs = assign_slugs([p.stem for p in paths])
    cache = ExtractionCache(settings.state / "cache", settings.knowledge, today, memory.setdefault("extractions", {}),
                            memory.setdefault("signatures", {}))
    people = memory.setdefault("people", {})  # parsed metadata files, by path
    # the entries of the last build (with the parsed metadata each was merged from), by
    # path: an unchanged one is used again with what it worked out once (paragraph dates,
    # mentions by paragraph: 0.8 s at 10,000 articles)
    known: dict[Path, tuple[Entry, object]] = memory.setdefault("entries", {})
    extracted = extract_all(paths, settings.knowledge, settings.max_article_bytes, today, cache, inputs.signature)
    cache.drop_other_versions()
    report.problems.extend(cache.problems())  # entries the system refused to write
    for path, result in extracted.items():
        if isinstance(result, ArticleError):
            report.skipped.append(result.problem)
            log(f"skipped {result.problem}")
            continue
        article, extraction = result.article, result.extraction
        for note in article.notes:
            report.notes.append(f"{path}: {note}")
        for warning in article.warnings:
            report.problems.append(Problem(path, warning, level="warning"))
        meta_path = meta_paths[path]
        owned = result.owned
        person = load_person(meta_path, owned, people, inputs.signature)
        report.problems.extend(person.problems)
        # a file already ending with the current block is left alone (not even read again
        # to compare: an untouched file costs nothing under `mkdocs serve`)
        new_text = None if person.unchanged_block else updated_text(person, owned, path.name)
        # a new metadata file is not synced one by one (10,000 fsyncs: 4 s; see the one
        # sync below); one that replaces a file, which may hold a person's edits, is fsynced
        if new_text is not None and atomic_write(meta_path, new_text, durable=None):
            report.metadata_written.append(meta_path.name)
            # the same values and problems, now as the file stands (read no more next time)
            person = remember_written(meta_path, new_text, owned, people)
        slug = slugs[path.stem]
        entry, seen = known.get(path, (None, None))
        if entry is None or not (entry.article is article and entry.extraction is extraction and entry.slug == slug):
            entry = None
        if entry is None or seen is not person:  # the same parsed metadata gives the same merge
            meta = merge(extraction, person)
            if entry is None or entry.meta != meta:
                entry = Entry(article, extraction, meta, slug, sketch=result.sketch, terms=result.terms)
            known[path] = (entry, person)
        entries.append(entry)
    for gone in people.keys() - set(meta_paths.values()):
        del people[gone]
    for gone in known.keys() - set(paths):
        del known[gone]
    # what one-shot builds keep on disk for the next (a long-running process keeps it in
    # memory): duplicate-detection candidates and similarities, the quick-hits index
    # (made afresh, 6 s of adding one article to 10,000 from the command line)
    carried = {} if kept else _read_carried(settings.state / CARRIED, cache.salt)
    entries = _mark_duplicates(entries, report,
                               memory.setdefault("shingles", {}) if kept else carried.setdefault("duplicates", {}),
                               memory.setdefault("copies", {}))
    report.articles = len(entries)
    report.timings["ingest+extract"] = time.perf_counter() - clock
    clock = time.perf_counter()
    history_path = settings.state / "history.json"
    history = update_history(_read_json(history_path), entries, build_date())
    briefing = build_briefing(entries, knowledge, history, memory.setdefault("briefing", {}))
    keys_path = settings.state / RENDER_KEYS
    previous = _read_json(keys_path)
    # a page known unchanged must still exist (a person may have deleted it)
    previous = {p: k for p, k in previous.items() if p in inputs.pages}
    # each page is written where it is rendered (a forked worker sends back True or
    # False, not the page); write_tree below writes the rest and the manifest
    render_memo = memory.setdefault("render", {}) if kept else {"hits": carried.setdefault("hits", {})}
    with page_journal(settings.site_src) as emit:
        pages, keys = render_site(briefing, settings.templates, knowledge, salt, previous, workers=cores(),
                                  memo=render_memo, emit=emit, compiled=settings.state / "templates")
    fonts = font_files(settings.node_modules)
    if fonts is None:
        report.problems.append(Problem(settings.node_modules, "the Arabic web font is not installed "
                                       "(run `make setup` or `npm ci`); pages fall back to system fonts",
                                       level="warning"))
    site_files: dict[str, str | bytes | None] = {**pages, **(fonts or {}),
                                                 **feeds(briefing, settings.site_name, settings.site_url),
                                                 "robots.txt": robots_txt(settings.site_url)}
    report.timings["render"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report.site = write_tree(settings.site_src, site_files)
    if report.metadata_written or report.site.written:
        os.sync()  # pages and new metadata files reach the disk before the render keys vouch for them
    # one line each: json's C encoder only writes without indent (the indenting one, in
    # Python, took 0.2 s of each regeneration at 10,000 articles)
    atomic_write(history_path, json.dumps(history, ensure_ascii=False, separators=(",", ":")) + "\n")
    atomic_write(keys_path, json.dumps(keys, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    report.inputs = inputs.after([settings.seeds / name for name in report.metadata_written], settings.site_src)
    if not kept:  # a long-running process keeps these in memory
        _kept(settings.state / CARRIED, "the carried indexes",
              lambda: _write_carried(settings.state / CARRIED, cache.salt, carried), report)
        _kept(store.folder / INDEX, "the run store", lambda: store.save(memory), report)
        # last: a build killed before this point leaves no record, and the next one builds
        told = replace(report, metadata_written=[], inputs=None,
                       site=WriteReport(unchanged=len(report.site.written) + report.site.unchanged))
        _kept(record, "the record of this build", lambda: atomic_write_bytes(
            record, pickle.dumps({"key": key, "inputs": report.inputs, "report": told},
                                 protocol=pickle.HIGHEST_PROTOCOL), durable=False), report)
    report.timings["write"] = time.perf_counter() - clock
    log(f"{report.articles} article(s); {len(report.site.written)} page(s) written, "
        f"{len(report.site.removed)} removed, {report.site.unchanged} unchanged")
    if leave is not None:
        leave.append((memory, extracted, entries, briefing, pages, site_files, keys, previous, history))
    return report


def _mark_duplicates(entries: list[Entry], report: BuildReport, memo: dict, copies: dict) -> list[Entry]:
    """Flag repeats so they are shown once and never counted twice. ``copies``: the last
    build's flagged entries by slug, used again when unchanged (the briefing keeps what it
    worked out from the very same entries)."""
    by_slug = {e.slug: e for e in entries}
    duplicates = {d.slug: d for d in find_duplicates([e for e in entries if not e.meta.exclude], memo)}
    for dup in duplicates.values():
        what = "the same text as" if dup.similarity >= 0.99 else f"the same story ({dup.similarity:.0%} alike) as"
        report.problems.append(Problem(by_slug[dup.slug].article.path,
                                       f"{what} {by_slug[dup.original].article.path.name}; "
                                       "shown once, not counted twice", level="warning"))
    flagged = []
    for e in entries:
        dup = duplicates.get(e.slug)
        if dup is None:
            flagged.append(e)
            continue
        kept = copies.get(e.slug)
        if kept is None or kept[0] is not e or kept[1].duplicate_of != dup.original:
            kept = (e, replace(e, duplicate_of=dup.original))
        copies[e.slug] = kept
        flagged.append(kept[1])
    for gone in copies.keys() - duplicates.keys():
        del copies[gone]
    return flagged


def _article_paths(seeds: Path, report: BuildReport, known: dict[str, tuple[Path, Path]]) -> list[Path]:
    """The articles in ``seeds``; ``known``: {file name: (article Path, metadata Path)}
    made before, used again (and updated)."""
    # names sorted as strings, one directory read, a Path made only per article (sorting
    # 20,000 Paths and a stat per metadata file took 1 s of every regeneration at 10,000)
    files, refused = _listing(seeds)
    names = set(files)
    paths = []
    for name in files:
        stem, dot, suffix = name.rpartition(".")
        kind = suffix if dot and stem and suffix in ("txt", "yml") else ""
        # a link or a pipe is never read; a metadata file's reader refuses it and says so
        if name in refused and kind != "yml":
            if kind:
                report.skipped.append(Problem(seeds / name, refused[name]))
            else:
                report.notes.append(f"{seeds / name}: ignored ({refused[name]})")
        elif kind == "txt":
            made = known.get(name)
            if made is None:
                path = seeds / name
                made = known[name] = (path, path.with_suffix(".yml"))
            paths.append(made[0])
        elif kind == "yml":
            if f"{stem}.txt" not in names:
                report.problems.append(Problem(seeds / name, f"metadata without an article (no {stem}.txt); "
                                               "kept as it is", level="warning"))
        else:
            report.notes.append(f"{seeds / name}: ignored (only .txt articles and .yml metadata are read)")
    for gone in known.keys() - {p.name for p in paths}:
        del known[gone]
    return paths


def _listing(seeds: Path) -> tuple[list[str], dict[str, str]]:
    """The names in ``seeds`` (less dot files and folders), sorted, and {name: why it is
    not read} for those that are not regular files themselves. A directory listing says
    which entries are links without a stat each."""
    with os.scandir(seeds) as found:
        entries = [e for e in found if not e.name.startswith(".") and not e.is_dir(follow_symlinks=False)]
    refused = {e.name: reason for e in entries if (reason := entry_reason(e))}
    return sorted(e.name for e in entries), refused


CARRIED = "carried.pickle"  # in site_src/.state/: what one one-shot build leaves the next
RENDER_KEYS = "render-keys.json"  # in site_src/.state/: each keyed page's key as last written
LAST_BUILD = "last-build.pickle"  # in site_src/.state/: the last one-shot build's inputs and report


def _read_carried(path: Path, salt: str) -> dict:
    """What the last one-shot build left (``_write_carried``), if the same extraction code
    and knowledge base made it; else nothing (the next build makes it afresh)."""
    found = read_pickle(path)
    if not (isinstance(found, dict) and found.get("salt") == salt and isinstance(found.get("memo"), dict)):
        return {}
    return found["memo"]


def _write_carried(path: Path, salt: str, carried: dict) -> None:
    """Keep the duplicate-detection memo (less its shingle sets: megabytes per thousand
    articles, and only what candidate pairs need) and the quick-hits index; not fsynced:
    a lost file is made afresh."""
    memo = {"duplicates": {k: v for k, v in carried.get("duplicates", {}).items() if k != "shingles"},
            "hits": carried.get("hits", {})}
    atomic_write_bytes(path, pickle.dumps({"salt": salt, "memo": memo}, protocol=pickle.HIGHEST_PROTOCOL),
                       durable=False)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
