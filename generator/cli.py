"""A thin command line over the library: build, extract, review, evaluate. Errors become
clean messages.

Exit codes: 0 everything built; 1 a fatal error (bad knowledge base, missing folder,
lock held); 2 wrong usage; 3 built, but some articles were skipped or some metadata is
invalid; 4 built, but --strict and there were warnings; 5 the system refused a file
operation (disk full, permission denied, read-only folder, a file vanished).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
from pathlib import Path

from generator import knowledge as kb
from generator.build.write import atomic_write
from generator.config import Settings, build_date
from generator.errors import ArticleError, BriefingError, KnowledgeError, os_error_message

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_SKIPPED, EXIT_WARNINGS, EXIT_SYSTEM = 0, 1, 2, 3, 4, 5
# the last build's report with the state it leaves, held until ``run`` ends the process
# (os._exit): nothing of it is freed one object at a time
_HELD: list = []


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    """Regenerate site_src/ from seeds/."""
    from generator.pipeline import build

    settings = Settings.for_project(args.root)
    log = (lambda _m: None) if args.quiet else (lambda m: print(f"briefing: {m}", file=sys.stderr))
    report = build(settings, log=log)
    _HELD.append(report)
    if args.report:
        atomic_write(Path(args.report), json.dumps({
            "articles": report.articles, "skipped": len(report.skipped), "timings": report.timings,
            "pages_written": len(report.site.written), "pages_removed": len(report.site.removed),
            "pages_unchanged": report.site.unchanged, "metadata_written": len(report.metadata_written),
            "nothing_changed": report.unchanged,
        }, indent=1))
    for note in report.notes:
        log(note)
    for problem in report.problems:
        _err(f"{problem.level}: {problem}")
    if report.skipped:
        _err(f"{len(report.skipped)} article(s) skipped:")
        for problem in report.skipped:
            _err(f"  {problem}")
    if report.errors:
        return EXIT_SKIPPED
    if args.strict and report.warnings:
        _err(f"--strict: {len(report.warnings)} warning(s)")
        return EXIT_WARNINGS
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    """Print what extraction finds in the given files; writes nothing."""
    from generator.extract import extract_article
    from generator.extract.report import as_contract
    from generator.ingest.article import read_article

    knowledge = kb.load(Path(args.knowledge) if args.knowledge else kb.HERE)
    settings = Settings.for_project(".")
    today = dt.date.fromisoformat(build_date())
    results, failed = [], 0
    for name in args.files:
        path = Path(name)
        try:
            article = read_article(path, knowledge, max_bytes=settings.max_article_bytes)
        except ArticleError as exc:
            _err(f"skipped {exc.problem}")
            failed += 1
            continue
        except OSError as exc:
            _err(f"skipped {path}: cannot read ({exc.strerror})")
            failed += 1
            continue
        results.append(as_contract(path, article, extract_article(article, knowledge, today)))
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(f"{result['file']}: {result['title']}")
            for key, value in result.items():
                if key not in ("file", "title"):
                    print(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return EXIT_SKIPPED if failed else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Print precision/recall/F1 per field against the gold annotations."""
    from generator.tools.evaluate import GOLD_SETS, LOCKED, evaluate

    root = Path(args.root)
    knowledge = kb.load()
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.fromisoformat(build_date())
    results = {}
    for name, gold, articles in GOLD_SETS:
        if args.set and name not in args.set:
            continue
        report = evaluate(root / gold, root / articles, knowledge, today)
        results[name] = report.as_dict()
        if args.format == "text":
            print(f"\n{name} ({report.articles} articles, gold: {gold})\n{report.table()}")
            if args.verbose and name != LOCKED:  # the locked set's failures are not for tuning
                print("\n".join(report.misses))
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    """List what a person should confirm: low-confidence values and unknown names."""
    from generator.metadata.review import review

    settings = Settings.for_project(args.root)
    items = review(settings, threshold=args.threshold)
    for item in items:
        print(item)
    if not items:
        print("nothing to review")
    return EXIT_OK


def _add_root(command: argparse.ArgumentParser) -> None:
    command.add_argument("--root", default=".", help="project directory (default: .)")


def parser() -> argparse.ArgumentParser:
    """The argument parser; every command has help with an example."""
    top = argparse.ArgumentParser(
        prog="python -m generator",
        description="Arabic briefing-site generator: seeds/*.txt → site_src/ (MkDocs).",
        epilog="Exit codes: 0 ok, 1 fatal error, 2 usage, 3 articles skipped, 4 warnings with --strict, "
               "5 disk full, permission denied or read-only folder.",
    )
    sub = top.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build", help="regenerate site_src/ from seeds/",
        description="Regenerate site_src/ from seeds/. Writes only files whose content changed.",
        epilog="example: python -m generator build --root . --strict",
    )
    _add_root(build)
    build.add_argument("--strict", action="store_true", help="treat warnings as failure (exit 4)")
    build.add_argument("--quiet", action="store_true", help="no progress output")
    build.add_argument("--report", metavar="FILE", help="also write a JSON summary (timings, counts) to FILE")
    build.set_defaults(func=cmd_build)
    extract = sub.add_parser(
        "extract", help="print extracted metadata of article files (writes nothing)",
        description="Extract title, outlet, dates, topics, people, places, organisations, "
                    "quantities and quotes from article files anywhere on disk.",
        epilog="example: python -m generator extract seeds/*.txt --format json",
    )
    extract.add_argument("files", nargs="+", metavar="FILE", help="article text files")
    extract.add_argument("--format", choices=("json", "text"), default="text")
    extract.add_argument("--knowledge", help="use another knowledge directory")
    extract.set_defaults(func=cmd_extract)
    evaluate = sub.add_parser(
        "evaluate", help="score extraction against the gold annotations (P/R/F1 per field)",
        description="Score extraction on the seeds, the development set and the locked test "
                    "set against the hand-written gold in tests/gold/ (see tests/gold/README.md).",
        epilog="example: python -m generator evaluate --today 2026-11-22",
    )
    _add_root(evaluate)
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument("--today", help="reference date for year inference (YYYY-MM-DD)")
    evaluate.add_argument("--set", action="append", choices=("seeds", "dev", "locked"),
                          help="score only this gold set (repeatable; default: all)")
    evaluate.add_argument("--verbose", action="store_true",
                          help="list each miss, extra and wrong value (not for the locked set)")
    evaluate.set_defaults(func=cmd_evaluate)
    review = sub.add_parser(
        "review", help="list low-confidence values and unknown names to confirm",
        description="List, per article, extracted values below a confidence threshold and "
                    "names the knowledge base does not know yet, with where they were found. "
                    "Confirm a value by writing it as a top-level key in seeds/<stem>.yml; add "
                    "a new name to generator/knowledge/people.yml.",
        epilog="example: python -m generator review --threshold 0.8",
    )
    _add_root(review)
    review.add_argument("--threshold", type=float, default=0.8, help="confidence below which to list (0–1)")
    review.set_defaults(func=cmd_review)
    return top


def run() -> None:
    """The command line as a program (`python -m generator`, the `briefing` script).

    A build leaves millions of objects (the briefing, every article's extraction) that
    cycles in Jinja's rendering contexts keep from being freed one by one: freeing them
    takes a full collection, then the interpreter's teardown, after every file is already
    written. A one-shot process needs neither: the collector stays off (as it is during
    the build anyway) and the process ends as soon as its output is flushed. Every write
    is atomic and finished, and the build lock released, by the time ``main`` returns.
    """
    gc.disable()
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KnowledgeError as exc:
        _err("error: invalid configuration or knowledge base:")
        for problem in exc.problems:
            _err(f"  {problem}")
        return EXIT_FATAL
    except BriefingError as exc:
        _err(f"error: {exc}")
        return EXIT_FATAL
    except OSError as exc:  # every write is atomic: nothing is left half-written
        _err(f"error: {os_error_message(exc)}")
        return EXIT_SYSTEM
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
