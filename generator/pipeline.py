"""The whole flow, one way: seeds/ → ingest → extract → metadata → briefing → site → write.

Each stage is a folder of generator/; ``build/`` holds what lets a build skip the work
whose inputs did not change (the state one build hands the next, the one store).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from generator import knowledge as kb
from generator.briefing.assemble import build_briefing, update_history
from generator.briefing.duplicates import mark_duplicates
from generator.build.code import code_fingerprint
from generator.build.extractions import ExtractionCache, extract_all, extraction_salt
from generator.build.inputs import Inputs, snapshot
from generator.build.lock import build_lock
from generator.build.report import BuildReport, Timer, record, unchanged_since_recorded
from generator.build.state import BuildState, load, save
from generator.build.store import Store
from generator.build.upgrade import adopt_old_records
from generator.build.write import clean_temp_files, write_page, write_tree
from generator.config import Settings
from generator.ingest.listing import list_articles
from generator.metadata.entries import curated_entries
from generator.site.tree import plan_tree, render_tree

Log = Callable[[str], None]


def build(settings: Settings, log: Log = lambda _msg: None, state: BuildState | None = None,
          serving: bool = False, inputs: Inputs | None = None) -> BuildReport:
    """Regenerate site_src/ (and the ``extracted:`` blocks of seeds/*.yml) from seeds/.
    ``state``: what the caller's last build left (``report.state``; `mkdocs serve` keeps
    it, ``serving``), else what the last one-shot build saved. ``inputs``: the snapshot a
    caller took just before; a one-shot build whose inputs are those the last one-shot
    build recorded does nothing and gives that build's report again (``unchanged``)."""
    knowledge = kb.load_checked(settings)
    with build_lock(settings), Store.opened(settings.state) as store:
        adopt_old_records(settings.state, settings.site_src, store)  # a project built by an earlier version
        inputs = inputs or snapshot(settings)
        today = dt.date.fromisoformat(inputs.day)  # the inputs' day, one for the whole build
        salt = f"{extraction_salt(settings.knowledge, today)}-{code_fingerprint(__name__)}"
        if not serving and (done := unchanged_since_recorded(store, (salt, repr(settings)), inputs)):
            log(f"nothing changed since the last build ({done.articles} article(s)); site_src/ is up to date")
            return done
        if state is None or state.salt != salt:
            state = load(store, salt, knowledge)
        report, timer = BuildReport(inputs=inputs, state=state), Timer()
        clean_temp_files(settings.seeds, ".*.yml.*.tmp")  # left by a build that was killed
        listing = report.add(list_articles(settings.seeds, state.paths))
        log(f"reading {len(listing.paths)} article(s) from {settings.seeds}")
        cache = ExtractionCache(store, state, settings.knowledge, today)
        extracted = extract_all(listing.paths, settings.knowledge, settings.max_article_bytes, today, cache,
                                inputs.signature)
        curation = report.add(curated_entries(extracted, listing.metadata, listing.slugs, state.metadata,
                                              inputs.signature))
        entries, repeats = mark_duplicates(curation.entries, state.duplicates, state.copies)
        report.problems += repeats
        report.articles, report.timings["ingest+extract"] = len(entries), timer.lap()
        history = update_history(store.get("history") or {}, entries, inputs.day)
        briefing = build_briefing(entries, knowledge, history, state.briefing)
        previous = store.page_keys()
        plan = plan_tree(briefing, settings, knowledge, salt, previous, inputs.pages, state.site)
        store.pending(plan.writing)  # listed before they are written
        files = render_tree(plan, lambda path, text: write_page(settings.site_src, path, text))
        report.problems += plan.problems
        report.timings["render"] = timer.lap()
        report.site = write_tree(settings.site_src, files, previous)
        if report.metadata_written or report.site.written:
            os.sync()  # pages and new metadata files reach the disk before the store vouches for them
        store.set_pages(plan.recorded(files))
        store.put("history", history)
        report.inputs = inputs.after([settings.seeds / name for name in report.metadata_written], settings.site_src)
        if not serving:
            save(store, state)
            record(store, (salt, repr(settings)), report)
        store.commit()
        report.timings["write"] = timer.lap()
    log(f"{report.articles} article(s); {len(report.site.written)} page(s) written, "
        f"{len(report.site.removed)} removed, {report.site.unchanged} unchanged")
    return report
