"""How many processes the parallel stages use, the one way work is forked to them, the
cycle collector paused while a build makes its millions of objects, and what a
long-running process keeps frozen out of the collector's way between builds.

Extraction sends each article to a process pool (its inputs are small). MkDocs' building
of the generated pages needs large shared state (its config, files and theme): ``forked``
starts one process per core after that state is built, so each inherits it through
``fork`` instead of pickling it, and each works on its own slice.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


def parallel_from() -> int:
    """How many items (articles to extract, pages to theme) a stage needs
    before it spreads them over the cores: with fewer, starting the workers costs more
    than they save. ``BRIEFING_PARALLEL_FROM`` sets it (tests fork on the seeds)."""
    wanted = os.environ.get("BRIEFING_PARALLEL_FROM", "")
    return int(wanted) if wanted.isdigit() else 200


def cores() -> int:
    """Processes for the parallel stages (extraction, theming in `mkdocs build`): the cores
    this process may run on, at most 8, or BRIEFING_WORKERS when set."""
    wanted = os.environ.get("BRIEFING_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return min(len(os.sched_getaffinity(0)), 8)


_WORK: tuple[Callable[[int, int], Any], int] | None = None


def forked(work: Callable[[int, int], T], workers: int) -> list[T]:
    """``[work(i, workers) for i in range(workers)]``, each call in its own forked process
    (``work`` and what it refers to are inherited, never pickled; each result is pickled
    back). Each child's copy-on-write pages become its own as it reads (reference counts
    are writes): forking beside a large model doubles the memory it holds, so only
    MkDocs' pages are built this way, not the generator's (generator/site/render.py)."""
    global _WORK
    _WORK = (work, workers)
    trim_heap()  # what this process freed is not carried into the children's share of memory
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, range(workers), chunksize=1)
    finally:
        _WORK = None


def _run(part: int) -> Any:
    assert _WORK is not None
    work, parts = _WORK
    return work(part, parts)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the duration (and in processes forked meanwhile).

    A build allocates millions of small objects (every cached extraction, the briefing,
    rendered pages) that live until it ends; every so many allocations the collector walks
    all of them, again and again, a large share of the work of loading the cache and of
    assembling the briefing. What a build makes is freed by reference counting (it makes
    no cycles worth collecting mid-build); the collector resumes afterwards, so a
    long-running `mkdocs serve` still collects between rebuilds.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


FULL_EVERY = 100  # one call of ``collect_and_freeze`` in so many is a full collection
_CALLS = {"n": 0}


def collect_and_freeze() -> bool:
    """Collect what a build made and left in cycles, then freeze what survives
    (``gc.freeze``): a long-running process's next collections walk only what is newer.
    True when this was a full collection.

    `mkdocs serve` keeps millions of objects between rebuilds (the state the last
    regeneration hands the next: ``BuildState``, generator/build/state.py). CPython walks
    every one of them in a full collection, which it makes once the objects that reached
    the oldest generation since the last one are a quarter of it: with MkDocs' own objects
    of each rebuild, that comes often, a long pause in the middle of a rebuild that delays
    the new article's page. Frozen objects are still freed by reference counting
    when no longer used; only cycles among them wait, for the next full collection: the
    first call and every ``FULL_EVERY``-th unfreeze everything, walk it once and freeze
    what is still used. (Counting the frozen objects to decide would walk them too.)
    """
    full = _CALLS["n"] % FULL_EVERY == 0
    _CALLS["n"] += 1
    if full:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    return full


def trim_heap() -> None:
    """glibc keeps freed memory in its heap for the process to reuse (freeing the pages
    alone does not shrink the process); ``malloc_trim`` hands it back. No library wraps
    this one call, and Python has none of its own: ctypes. Not glibc: nothing to do."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # no such library, no such call, no main program (Windows)
        pass
