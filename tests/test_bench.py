"""The benchmark and its synthetic corpus: deterministic, realistic, extractable, measured."""

import subprocess
import sys
from pathlib import Path

import pytest

from generator.extract import extract_article
from generator.ingest.article import read_article

from conftest import ROOT


def corpus(folder: Path, n: int = 12, seed: int = 3) -> list[Path]:
    subprocess.run([sys.executable, "-m", "generator.tools.bench", "corpus", str(n), str(folder), "--seed", str(seed)],
                   check=True, cwd=ROOT, capture_output=True)
    return sorted(folder.glob("*.txt"))


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    a, b = corpus(tmp_path / "a"), corpus(tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert len(a) == 12
    assert corpus(tmp_path / "c", seed=4)[0].read_bytes() != a[0].read_bytes()


def test_corpus_articles_look_like_articles(tmp_path: Path, knowledge) -> None:
    from collections import Counter

    outlets, years, topics, precision, months = set(), set(), set(), Counter(), set()
    for path in corpus(tmp_path / "a", n=40):
        e = extract_article(read_article(path, knowledge, max_bytes=10**6), knowledge)
        outlets.add(e.outlet)
        years.add(e.published.value.year if e.published else None)
        precision[e.published.precision if e.published else None] += 1
        if e.published and e.published.precision == "day":
            months.add(e.published.value.strftime("%Y-%m"))
        topics.update(e.topics)
        assert e.quantities and e.entities
    assert len(outlets) >= 5 and len(years - {None}) >= 3 and len(topics) >= 3
    # dated like real pages: mostly to the day (month archives of realistic size), some
    # to the year only, a few not at all
    assert precision["day"] >= 24 and precision["year"] >= 2 and precision[None] >= 1, precision
    assert len(months) >= 15


def test_a_swapped_surname_replaces_whole_words_only() -> None:
    from generator.tools.bench.corpus import swap_surname

    text = "قال لي إن كوريا الشمالية شحنت حوالي 7000 حاوية، ولي أيضاً (لي)."
    assert swap_surname([text], "لي", "لانكوف") == [
        "قال لانكوف إن كوريا الشمالية شحنت حوالي 7000 حاوية، ولانكوف أيضاً (لانكوف)."]
    assert swap_surname(["التقى بكيم جونغ أون وكيم جونغ أونيل"], "كيم جونغ أون", "سيرغي لافروف") == [
        "التقى بسيرغي لافروف وكيم جونغ أونيل"]


def test_corpus_swaps_whole_names_and_leaves_other_words_whole(tmp_path: Path, knowledge) -> None:
    """Every word of a synthetic article's body is a word of the seeds or a name of the
    knowledge base (after a one-letter proclitic at most): a swapped surname such as لي
    once turned الشمالية into الشمالانكوفة."""
    from generator.tools.bench.corpus import seed_paragraphs

    def words(text: str) -> set[str]:
        return {w.strip("،؛:.!؟?«»()\"'”“-–") for w in text.split()} - {""}

    names = {w for e in knowledge.entities.values() for w in words(e.name)}
    allowed = ({w for p in seed_paragraphs(ROOT / "seeds", knowledge) for w in words(p)}
               | names | {c + w for w in names for c in "وفبلك"})
    for path in corpus(tmp_path / "a", n=40):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        lead = next(i for i, line in enumerate(lines) if "نُقلت بين روسيا وكوريا الشمالية" in line)
        body = [line for line in lines[lead + 1:] if not line.startswith("©")]  # after headline, stamp and lead
        unknown = {w for line in body for w in words(line)} - allowed
        assert not unknown, (path.name, sorted(unknown)[:10])


@pytest.mark.e2e
def test_benchmark_measures_a_small_corpus(tmp_path: Path) -> None:
    """The benchmark command end to end on a tiny corpus: every figure the issue asks for
    is measured (cold build, size, search, one new article by the CLI and under serve)."""
    import json

    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "-m", "generator.tools.bench", "run", "--sizes", "12", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (row,) = json.loads(out.read_text(encoding="utf-8"))
    assert row["articles"] == 12 and row["pages"] > 12 and row["kb_per_article"] > 0
    assert set(row["generator_stages_s"]) == {"ingest+extract", "render", "write"}
    assert 0 < row["generator_share"] < 1 and row["peak_mb"] > 0 and row["search_index_mb"] > 0
    new = row["incremental"]
    # one new article: its page, and the pages that list it, are all that is rewritten
    assert 1 <= new["md_files_touched"] < row["pages"] and new["metadata_written"] == 1
    assert new["serve_generator_s"] > 0 and new["serve_shows_page_s"] > 0
    assert len(new["serve_each"]) == 3 and all(run["generator_s"] > 0 for run in new["serve_each"])
    assert "+1 srv gen" in done.stdout and row["machine_speed_s"] > 0


def test_memory_is_summed_over_the_process_tree() -> None:
    """Pagefind and forked workers run beside the main process: the peak counts them all."""
    import os
    import time

    from generator.tools.bench.__main__ import _pss_kb, _tree

    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(80 * 2**20); time.sleep(30)"])
    try:
        for _ in range(100):
            if _pss_kb(child.pid) > 80 * 1024:
                break
            time.sleep(0.05)
        assert child.pid in _tree(os.getpid())
        assert sum(_pss_kb(p) for p in _tree(os.getpid())) > _pss_kb(os.getpid()) + 80 * 1024
    finally:
        child.kill()
        child.wait()


def test_the_benchmark_says_at_once_when_the_browser_is_missing(tmp_path: Path) -> None:
    """Search is timed in chromium after each cold build: a missing browser is told before
    any building, with what to do, not as a traceback minutes later."""
    import os

    done = subprocess.run([sys.executable, "-m", "generator.tools.bench", "run", "--sizes", "100", "--keep", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CHROMIUM": str(tmp_path / "none")},
                          timeout=60)
    assert done.returncode == 2
    assert "make chromium" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing built


def test_the_peak_is_reported_once_by_the_measured_process_not_by_its_forked_workers(tmp_path: Path) -> None:
    """Forked workers end with os._exit, which the measuring wrapper hooks: a report from
    each would interleave with the parent's line on the shared stderr."""
    from generator.tools.bench.__main__ import PEAK

    (tmp_path / "forks.py").write_text(
        "import os\nfor _ in range(4):\n    pid = os.fork()\n    if pid == 0:\n        os._exit(0)\n"
        "    os.waitpid(pid, 0)\nos._exit(0)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PEAK, "forks"], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=60)
    lines = [line for line in done.stderr.splitlines() if "PEAK_KB" in line]
    assert len(lines) == 1 and len(lines[0].split()) == 3, done.stderr
