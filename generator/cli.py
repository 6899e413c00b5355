"""A thin command line over the library: build, extract. Errors become clean messages.

Exit codes: 0 everything built; 1 a fatal error (bad knowledge base, missing folder,
lock held); 2 wrong usage; 3 built, but some articles were skipped or some metadata is
invalid; 4 built, but --strict and there were warnings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from generator import knowledge as kb
from generator.config import Settings, build_date
from generator.errors import ArticleError, BriefingError, KnowledgeError

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_SKIPPED, EXIT_WARNINGS = 0, 1, 2, 3, 4


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    """Regenerate site_src/ from seeds/."""
    from generator.pipeline import build

    settings = Settings.for_project(args.root)
    log = (lambda _m: None) if args.quiet else (lambda m: print(f"briefing: {m}", file=sys.stderr))
    report = build(settings, log=log)
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
    from generator.ingest import read_article

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


def parser() -> argparse.ArgumentParser:
    """The argument parser; every command has help with an example."""
    top = argparse.ArgumentParser(
        prog="python -m generator",
        description="Arabic briefing-site generator: seeds/*.txt → site_src/ (MkDocs).",
        epilog="Exit codes: 0 ok, 1 fatal error, 2 usage, 3 articles skipped, 4 warnings with --strict.",
    )
    sub = top.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build", help="regenerate site_src/ from seeds/",
        description="Regenerate site_src/ from seeds/. Writes only files whose content changed.",
        epilog="example: python -m generator build --root . --strict",
    )
    build.add_argument("--root", default=".", help="project directory (default: .)")
    build.add_argument("--strict", action="store_true", help="treat warnings as failure (exit 4)")
    build.add_argument("--quiet", action="store_true", help="no progress output")
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
    return top


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
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
