"""Benchmark: `python -m generator.tools.bench run --sizes 100,1000,10000`.

For each size N: a project with the five seeds plus N−5 synthetic articles; a cold
generator run (ingest+extract, render, write), `mkdocs build` alone, peak memory of each,
site size, size per article, search index size; then one new article: generator time,
files rewritten, files whose mtime changed; a second `mkdocs build` (themed pages
kept, as when articles are added to a built site); and, under a real
`mkdocs serve --dirty`, for three more articles saved in seeds/ one after another, the
plugin's regeneration time and the seconds until the article's page is served (and until
search has it): the medians, and each run. Prints a table and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator import knowledge as kb
from generator.tools.bench.corpus import make_article, seed_paragraphs, write_corpus
from generator.tools.bench.search import CHROMIUM

ROOT = Path(__file__).resolve().parents[3]
# Runs ``python -m module args`` and prints this process's and its children's peak RSS at
# the end, also when the program ends with os._exit (generator.cli.run does); not from a
# forked worker ending with os._exit, whose line would interleave with the parent's.
PEAK = """
import os, resource, runpy, sys
MAIN = os.getpid()
def report():
    if os.getpid() != MAIN:
        return
    s = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print('PEAK_KB', s, c, file=sys.stderr, flush=True)
real_exit = os._exit
def ended(code):
    report()
    real_exit(code)
os._exit = ended
sys.argv = sys.argv[1:]
code = 0
try:
    runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)
except SystemExit as e:
    code = e.code or 0
report()
sys.exit(code)
"""


def run_measured(module: str, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Run ``python -m module args``; return (seconds, peak memory in MB).

    The peak is the larger of the largest single process's peak RSS and the most the
    whole process tree held at once (summed PSS, sampled every 0.2 s: forked workers
    share pages, and Pagefind runs two processes beside MkDocs)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", PEAK, module, *args], cwd=cwd, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tree_kb = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree_kb
        while not done.wait(0.2):
            tree_kb = max(tree_kb, sum(_pss_kb(pid) for pid in _tree(process.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 3):
        raise SystemExit(f"{module} {' '.join(args)} failed:\n{err[-3000:]}")
    peak_line = [line for line in err.splitlines() if line.startswith("PEAK_KB")][-1]
    self_kb, children_kb = map(int, peak_line.split()[1:])
    return seconds, max(self_kb, children_kb, tree_kb) // 1024


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc; just ``pid`` elsewhere)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo.extend(int(child) for child in f.read().split())
        except OSError:
            pass
    return found


def _pss_kb(pid: int) -> int:
    """The process's proportional set size (shared pages split among their sharers)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def machine_speed() -> float:
    """Seconds this machine takes for a fixed pure-Python loop (10 million additions, the
    best of three): the same code's timings compare across runs and days only beside it
    (this virtual machine has been seen twice as slow on one day as on another)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return round(best, 2)


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def make_project(n: int, folder: Path, seed: int) -> Path:
    project = folder / f"project-{n}"
    project.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", project)
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "site_src").mkdir()
    if (ROOT / "node_modules").is_dir():  # the self-hosted font (npm), as in the real project
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / "seeds").mkdir()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy2(path, project / "seeds")
    knowledge = kb.load()
    write_corpus(max(0, n - 5), project / "seeds", ROOT / "seeds", knowledge, seed=seed)
    return project


def bench_one(n: int, folder: Path, seed: int) -> dict:
    project = make_project(n, folder, seed)
    # its own page caches, empty: a cold build must not find pages an earlier run built
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1",
           "BRIEFING_PAGE_CACHE": str(project / "page-cache")}
    report_file = project / "report.json"
    gen_s, gen_mb = run_measured("generator", ["build", "--root", str(project), "--quiet", "--report", str(report_file)], project, env)
    gen = json.loads(report_file.read_text())
    env_built = {**env, "BRIEFING_NO_REGENERATE": "1"}
    mk_s, mk_mb = run_measured("mkdocs", ["build", "--quiet"], project, env_built)
    site = project / "site"
    from generator.tools.bench.search import measure

    search_speed = measure(site)
    search = sum(du(d) for d in [*site.glob("pagefind*"), site / "assets" / "hits"] if d.is_dir())  # all shards
    # one new article
    knowledge = kb.load()
    import random
    text = make_article(10**6, random.Random(seed + 7), seed_paragraphs(ROOT / "seeds", knowledge), knowledge)
    before = {p: p.stat().st_mtime_ns for p in (project / "site_src").rglob("*.md")}
    (project / "seeds" / "zz-new-article.txt").write_text(text, encoding="utf-8")
    inc_s, _ = run_measured("generator", ["build", "--root", str(project), "--quiet", "--report", str(report_file)], project, env)
    inc = json.loads(report_file.read_text())
    after = {p: p.stat().st_mtime_ns for p in (project / "site_src").rglob("*.md")}
    touched = sum(1 for p, m in after.items() if before.get(p) != m)
    warm_s, warm_mb = run_measured("mkdocs", ["build", "--quiet"], project, env_built)
    paragraphs = seed_paragraphs(ROOT / "seeds", knowledge)
    serve = serve_rebuild(project, env, [make_article(10**6 + i, random.Random(seed + 7 + i), paragraphs, knowledge)
                                         for i in range(1, SERVE_ARTICLES + 1)])
    return {
        "articles": n, "machine_speed_s": machine_speed(), "generator_s": round(gen_s, 2), "generator_stages_s": {k: round(v, 2) for k, v in gen["timings"].items()},
        "mkdocs_s": round(mk_s, 2), "total_s": round(gen_s + mk_s, 2),
        "generator_share": round(gen_s / (gen_s + mk_s), 3),
        "mkdocs_warm_s": round(warm_s, 2), "total_warm_s": round(gen_s + warm_s, 2),
        "peak_mb": max(gen_mb, mk_mb, warm_mb), "generator_peak_mb": gen_mb, "mkdocs_peak_mb": max(mk_mb, warm_mb),
        "pages": sum(1 for _ in site.rglob("index.html")), "site_mb": round(du(site) / 2**20, 1),
        "kb_per_article": round(du(site) / 1024 / n, 1), "search_index_mb": round(search / 2**20, 1),
        "largest_page_kb": round(max(p.stat().st_size for p in site.rglob("*.html")) / 1024),
        "search_first_result_ms": {"median": search_speed["median_ms"], "max": search_speed["max_ms"]},
        "search_first_fulltext_ms": {"median": search_speed["fulltext_median_ms"], "max": search_speed["fulltext_max_ms"]},
        "search_max_kb_per_query": search_speed["max_kb"], "search_detail": search_speed,
        "incremental": {"generator_s": round(inc_s, 2), "pages_written": inc["pages_written"],
                        "metadata_written": inc["metadata_written"], "md_files_touched": touched,
                        "serve_generator_s": serve["generator_s"],
                        "serve_shows_page_s": serve["page_s"], "serve_search_s": serve["search_s"],
                        "serve_each": serve["each"]},
    }


SERVE_ARTICLES = 3  # new articles saved one after another under `mkdocs serve`: the medians are reported


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for a `mkdocs serve` to time)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ok(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def _indexes(log: Path) -> int:
    return log.read_text().count("search index updated")


def _settle(log: Path) -> None:
    """Until the log has been quiet for 3 s: a save is then timed alone (with MkDocs'
    polling, ``BRIEFING_POLLING``, each article sets off two rebuilds, so two search-index
    runs)."""
    last, since = _indexes(log), time.perf_counter()
    while time.perf_counter() - since < 3:
        time.sleep(0.2)
        if _indexes(log) != last:
            last, since = _indexes(log), time.perf_counter()


def serve_rebuild(project: Path, env: dict[str, str], texts: list[str], name: str = "zz-serve-article") -> dict:
    """Under `mkdocs serve --dirty`, for each text saved as a new article in turn: the
    seconds from saving it to its page being served and to the search index having been
    rewritten, and the plugin's regeneration time. The medians, and each run ("each")."""
    port, log = free_port(), project / "serve.log"

    def wait(predicate, what: str, timeout: float = 1800) -> float:
        start = time.perf_counter()
        while not predicate():
            if time.perf_counter() - start > timeout or server.poll() is not None:
                raise SystemExit(f"mkdocs serve: {what} did not happen:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        return time.perf_counter() - start

    each = []
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait(lambda: _ok(f"http://127.0.0.1:{port}/"), "the first build")
        wait(lambda: _indexes(log) >= 1, "the first search index")
        for n, text in enumerate(texts, 1):
            _settle(log)
            before = _indexes(log)
            (project / "seeds" / f"{name}-{n}.txt").write_text(text, encoding="utf-8")
            start = time.perf_counter()
            wait(lambda: _ok(f"http://127.0.0.1:{port}/articles/{name}-{n}/"), "the new article page")
            page_s = time.perf_counter() - start
            wait(lambda: _indexes(log) > before, "the search index after the new article")
            each.append({"page_s": round(page_s, 2), "search_s": round(time.perf_counter() - start, 2)})
    finally:
        server.terminate()
        server.wait(timeout=30)
    # the plugin logs each regeneration's seconds: the first build's, then each new article's
    regenerations = re.findall(r"page\(s\) regenerated, \d+ unchanged, in ([\d.]+) s", log.read_text())
    for run, seconds in zip(each, regenerations[1:]):
        run["generator_s"] = float(seconds)
    middle = lambda key: statistics.median(r[key] for r in each) if all(key in r for r in each) else None  # noqa: E731
    return {"page_s": middle("page_s"), "search_s": middle("search_s"), "generator_s": middle("generator_s"),
            "each": each}


def machinery(n: int, folder: Path, seed: int) -> dict:
    """What each speed-up saves of the step it speeds up, at ``n`` articles: that step
    timed with everything on, then with the speed-up off (``BRIEFING_WITHOUT``); the
    engine's in `mkdocs build` (``_mkdocs_steps``), and under `mkdocs serve` with the
    system's change notifications and with MkDocs' polling."""
    import random

    project = make_project(n, folder, seed)
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1",
           "BRIEFING_PAGE_CACHE": str(project / "page-cache")}
    knowledge = kb.load()
    paragraphs = seed_paragraphs(ROOT / "seeds", knowledge)
    build = ["build", "--root", str(project), "--quiet"]

    def timed(without: str = "") -> float:
        return round(run_measured("generator", build, project, {**env, "BRIEFING_WITHOUT": without})[0], 2)

    seconds = {"generator cold": timed()}
    for k, speed_up in enumerate(["", "saved-state", "page-keys"]):
        text = make_article(10**6 + k, random.Random(seed + k), paragraphs, knowledge)
        (project / "seeds" / f"zz-machinery-{k}.txt").write_text(text, encoding="utf-8")
        seconds[f"+1 article, without {speed_up or 'nothing'}"] = timed(speed_up)
    seconds["nothing changed, without nothing"] = timed()
    seconds["nothing changed, without last-build"] = timed("last-build")
    seconds.update(_mkdocs_steps(project, env))
    for k, (without, extra) in enumerate((("nothing", {}), ("notifications", {"BRIEFING_POLLING": "1"}))):
        # a new article each time: the same text twice would be a repeat, which changes fewer pages
        text = make_article(10**6 + 9 + k, random.Random(seed + 9 + k), paragraphs, knowledge)
        served = serve_rebuild(project, {**env, **extra}, [text], f"zz-machinery-serve-{without}")
        seconds[f"+1 under serve, without {without}"] = served["page_s"]
    return {"articles": n, "machine_speed_s": machine_speed(), "seconds": seconds}


def _mkdocs_steps(project: Path, env: dict[str, str]) -> dict[str, float]:
    """`mkdocs build` (search index off) cold and again, with everything on, without the
    engine's pages built on every core and kept (``page_cache``), and cold without its
    taking HTML pages as they are (``html-pages``: Python-Markdown converts them)."""
    built = {**env, "BRIEFING_NO_REGENERATE": "1", "BRIEFING_NO_SEARCH_INDEX": "1"}
    seconds = {}
    for without, extra, kinds in (("nothing", {}, ("cold", "warm")),
                                  ("page-cache", {"BRIEFING_NO_PAGE_CACHE": "1"}, ("cold", "warm")),
                                  ("html-pages", {"BRIEFING_WITHOUT": "html-pages"}, ("cold",))):
        shutil.rmtree(project / "page-cache", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        for kind in kinds:
            seconds[f"mkdocs build {kind}, without {without}"] = round(
                run_measured("mkdocs", ["build", "--quiet"], project, {**built, **extra})[0], 2)
    return seconds


def machinery_table(result: dict) -> str:
    """Markdown: for each speed-up, the step it speeds up with and without it."""
    s = result["seconds"]
    rows = [(name, "adding one article from the command line", "+1 article") for name in
            ("saved-state", "page-keys")]
    rows += [("last-build", "a build with nothing changed", "nothing changed"),
             ("page-cache", "a cold `mkdocs build`", "mkdocs build cold"),
             ("page-cache", "`mkdocs build` again, nothing changed", "mkdocs build warm"),
             ("html-pages", "a cold `mkdocs build`", "mkdocs build cold"),
             ("notifications", "+1 article under `mkdocs serve`: page shown", "+1 under serve")]
    lines = ["| speed-up off | step | with it | without it | saved |", "|---|---|---|---|---|"]
    for name, step, key in rows:
        with_it, without = s[f"{key}, without nothing"], s[f"{key}, without {name}"]
        lines.append(f"| {name} | {step} | {with_it} s | {without} s | {(without - with_it) / without:.0%} |")
    return "\n".join(lines)


def table(rows: list[dict]) -> str:
    head = (f"{'N':>6} {'gen s':>7} {'mkdocs s':>9} {'warm s':>7} {'total s':>8} {'gen %':>6} {'peak MB':>8} {'site MB':>8} "
            f"{'KB/art':>7} {'search MB':>9} {'+1 gen s':>8} {'+1 pages':>8} {'+1 srv gen':>10} {'+1 serve s':>10} {'q ms max':>8} "
            f"{'full ms':>8} {'q KB max':>8} {'page KB':>7}")
    lines = [head]
    for r in rows:
        i = r["incremental"]
        lines.append(f"{r['articles']:>6} {r['generator_s']:>7} {r['mkdocs_s']:>9} {r['mkdocs_warm_s']:>7} {r['total_s']:>8} {r['generator_share']*100:>5.1f}% "
                     f"{r['peak_mb']:>8} {r['site_mb']:>8} {r['kb_per_article']:>7} {r['search_index_mb']:>9} "
                     f"{i['generator_s']:>8} {i['md_files_touched']:>8} {i['serve_generator_s'] or '-':>10} "
                     f"{i['serve_shows_page_s']:>10} "
                     f"{r['search_first_result_ms']['max']:>8} {r['search_first_fulltext_ms']['max']:>8} "
                     f"{r['search_max_kb_per_query']:>8} {r['largest_page_kb']:>7}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    top = argparse.ArgumentParser(prog="python -m generator.tools.bench", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="command", required=True)
    corpus = sub.add_parser("corpus", help="write N synthetic articles to DIR",
                            epilog="example: python -m generator.tools.bench corpus 1000 /tmp/corpus --seed 1")
    corpus.add_argument("n", type=int)
    corpus.add_argument("dir", type=Path)
    corpus.add_argument("--seed", type=int, default=1)
    run = sub.add_parser("run", help="benchmark the build at several corpus sizes",
                         epilog="example: python -m generator.tools.bench run --sizes 100,1000,10000 --out bench.json")
    run.add_argument("--sizes", default="100,1000,10000")
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--out", type=Path, default=Path("bench.json"))
    run.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temp folder)")
    parts = sub.add_parser("machinery", help="what each speed-up saves of the step it speeds up",
                           epilog="example: python -m generator.tools.bench machinery --size 10000")
    parts.add_argument("--size", type=int, default=10000)
    parts.add_argument("--seed", type=int, default=1)
    parts.add_argument("--out", type=Path, default=Path("machinery.json"))
    args = top.parse_args(argv)
    if args.command == "corpus":
        paths = write_corpus(args.n, args.dir, ROOT / "seeds", kb.load(), seed=args.seed)
        print(f"wrote {len(paths)} articles to {args.dir}")
        return 0
    if args.command == "machinery":
        with tempfile.TemporaryDirectory(prefix="briefing-machinery-") as folder:
            result = machinery(args.size, Path(folder), args.seed)
        args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(machinery_table(result))
        print(f"machine: {result['machine_speed_s']} s for 10 million Python additions (machine_speed)")
        return 0
    # search is timed in a real browser after each cold build: say so before the first
    # size's minutes of building, not with a traceback after them
    if not os.access(CHROMIUM, os.X_OK):
        print(f"error: {CHROMIUM} not found: the benchmark times search in Debian's chromium "
              "(install it with `make chromium`, or set CHROMIUM to its path)", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        print(f"benchmarking {n} articles …", file=sys.stderr, flush=True)
        rows.append(bench_one(n, folder, args.seed))
        print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(rows))
    print(f"machine: {rows[-1]['machine_speed_s']} s for 10 million Python additions (machine_speed)" if rows else "")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
