"""Bad input: each case in tests/fixtures/bad/ gets a clear message naming the file and the
reason, and everything else still builds. Nothing a person wrote is lost."""

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, copy_project

BAD = FIXTURES / "bad"


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("bad") / "project")
    shutil.rmtree(project / "seeds")
    shutil.copytree(BAD, project / "seeds")
    shutil.copy(ROOT / "seeds" / "003_fce2e71726e4ec69.txt", project / "seeds")
    before = {p.name: p.read_bytes() for p in (project / "seeds").iterdir()}
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(project)})
    return project, result, before


def page(project: Path, slug: str) -> str:
    """An article page's Markdown without its search metadata (keys in attributes)."""
    text = (project / "site_src" / "articles" / f"{slug}.md").read_text(encoding="utf-8")
    return re.sub(r'<div class="briefing-search-meta"[^>]*></div>', "", text)


def test_exit_code_and_summary(bad_build) -> None:
    _project, result, _before = bad_build
    assert result.returncode == 3
    assert "5 article(s) skipped" in result.stderr


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty article"),
        ("whitespace_only.txt", "empty article"),
        ("image_saved_as.txt", "looks like a PNG image"),
        ("pdf_saved_as.txt", "looks like a PDF document"),
        ("nul_bytes.txt", "contains NUL"),
        ("notes.docx", "ignored (only .txt articles and .yml metadata are read)"),
        ("no_arabic.txt", "no Arabic text"),
        ("windows1256.txt", "decoded as cp1256 (not UTF-8)"),
        ("utf16le_bom.txt", "decoded as utf-16"),
        ("html_page.txt", "an HTML page: its visible text was extracted"),
        ("orphan_metadata.yml", "metadata without an article"),
        ("bad_syntax.yml:3:1", "YAML syntax error"),
        ("wrong_types.yml:2 [published]", "is not a date"),
        ("wrong_types.yml:3 [topics]", "unknown topic id(s) 'weather'"),
        ("wrong_types.yml:5 [url]", "not an http(s) address"),
        ("unknown_key.yml:1 [colour]", "unknown key"),
        ("duplicate_second_copy.txt", "the same text as duplicate_first.txt"),
        ("wire_same_story_other_outlet.txt", "the same story"),
    ],
)
def test_each_bad_input_is_named_with_its_reason(bad_build, name: str, reason: str) -> None:
    _project, result, _before = bad_build
    lines = [line for line in result.stderr.splitlines() if name in line]
    assert any(reason in line for line in lines), (name, lines)


@pytest.mark.parametrize(
    ("slug", "must"),
    [
        ("utf8_bom", "كيم يستقبل شويغو"),
        ("utf16le_bom", "كيم يلتقي شويغو"),
        ("utf16be_bom", "كيم يرحب ب شويغو"),
        ("windows1256", "بوتين يبحث مع كيم تعزيز الشراكة"),
        ("crlf", "كيم يودع شويغو"),
        ("cr_only", "كيم يكرم شويغو"),
        ("html_page", "لافروف يزور بيونغ يانغ"),
    ],
)
def test_encodings_and_line_endings_are_decoded(bad_build, slug: str, must: str) -> None:
    project, _result, _before = bad_build
    text = page(project, slug)
    assert must in text
    assert "\ufffd" not in text


def test_html_page_keeps_article_text_only(bad_build) -> None:
    project, _r, _b = bad_build
    text = page(project, "html_page")
    assert "وصل وزير الخارجية الروسي" in text
    assert "var a=1" not in text and "p{}" not in text and "الرئيسية \\| أخبار" not in text


def test_invisible_controls_and_nfd_are_normalised(bad_build) -> None:
    project, _r, _b = bad_build
    text = page(project, "zero_width_bidi")
    assert "\u200d" not in text and "\u202b" not in text and "كيم" in text
    nfd = page(project, "nfd_forms")
    assert unicodedata.normalize("NFC", nfd) == nfd


def test_names_become_unique_safe_urls(bad_build) -> None:
    project, _r, _b = bad_build
    names = [p.name for p in (project / "site_src" / "articles").iterdir()]
    assert "dots.in.the.name.md" in names
    assert any(n.startswith("name-with-spaces-") for n in names)
    assert any(n.startswith("مقال-بأسماء-عربية-") for n in names)
    assert all(len(n) < 120 and " " not in n for n in names)
    assert not any("hidden-looking" in n for n in names)  # dot files are not articles


def test_nothing_is_written_outside_site_src_or_lost(bad_build) -> None:
    project, _r, before = bad_build
    seeds = project / "seeds"
    for name, data in before.items():
        if name.endswith(".txt") or name in ("bad_syntax.yml", "orphan_metadata.yml"):
            assert (seeds / name).read_bytes() == data, name  # person files untouched
    traversal = (seeds / "traversal.yml").read_text(encoding="utf-8")
    assert traversal.startswith("title: ../../../etc/passwd\noutlet: /etc/shadow\n")
    outside = {p for p in project.parent.iterdir()} - {project}
    assert outside == set()
    assert not (project / "etc").exists()


def test_duplicates_are_not_counted_twice(bad_build) -> None:
    project, _r, _b = bad_build
    topic = (project / "site_src" / "topics" / "arms-transfers.md").read_text(encoding="utf-8")
    assert topic.count("| نحو 2000 حاوية |") == 1  # one figure row for the two copies
    assert "نسخة مكررة" in page(project, "duplicate_second_copy")


def test_hostile_text_is_text(bad_build) -> None:
    project, _r, _b = bad_build
    text = page(project, "hostile")
    assert "<script" not in text and "onerror" not in text.replace("onerror=alert", "")
    assert "](javascript" not in text


def test_oversized_article_is_skipped(project: Path) -> None:
    (project / "seeds" / "huge.txt").write_text("كيم وبوتين " * 300_000, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)],
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(project), "BRIEFING_MAX_ARTICLE_BYTES": "1000000"})
    assert result.returncode == 3
    assert "huge.txt" in result.stderr and "over the limit of 1,000,000" in result.stderr


def test_strict_turns_warnings_into_failure(project: Path) -> None:
    (project / "seeds" / "english.txt").write_text("Putin meets Kim\nIn Pyongyang.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project)}
    plain = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)],
                           capture_output=True, text=True, env=env)
    strict = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project), "--strict"],
                            capture_output=True, text=True, env=env)
    assert (plain.returncode, strict.returncode) == (0, 4)


def test_duplicate_detection_with_a_memo_of_shingles(knowledge, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wire story and the copy are found; a memo (as `mkdocs serve` keeps) gives the
    same answer, and a second call with it computes no shingles again."""
    from generator.briefing import duplicates
    from generator.extract import extract_article
    from generator.ingest.article import read_article
    from generator.metadata.files import merge, Curated
    from generator.model import Entry

    names = ("duplicate_first", "duplicate_second_copy", "wire_same_story_other_outlet", "hostile")
    entries = []
    for name in names:
        article = read_article(BAD / f"{name}.txt", knowledge, max_bytes=2_000_000)
        extraction = extract_article(article, knowledge)
        entries.append(Entry(article, extraction, merge(extraction, Curated()), name,
                             sketch=duplicates.sketch(article)))  # as the extraction cache gives it
    plain = duplicates.find_duplicates(entries)
    assert {d.slug for d in plain} >= {"duplicate_second_copy"}
    memo = duplicates.DuplicateMemo()
    assert duplicates.find_duplicates(entries, memo) == plain
    assert memo.shingles and set(memo.shingles) <= {e.article.digest for e in entries}

    def no_shingles(article):
        raise AssertionError(f"shingles of {article.path.name} made again")

    monkeypatch.setattr(duplicates, "shingles", no_shingles)
    assert duplicates.find_duplicates(entries, memo) == plain
    # articles added one at a time to the kept candidates find what one pass finds
    memo = duplicates.DuplicateMemo()
    for n in range(1, len(entries) + 1):
        monkeypatch.undo()
        assert duplicates.find_duplicates(entries[:n], memo) == duplicates.find_duplicates(entries[:n])


def test_candidate_pairs_grown_one_article_at_a_time_are_those_of_all_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sketch value shared by more than COMMON articles is boilerplate: the pairs it gave
    stop counting when one more article has it, whatever order the articles come in."""
    import random
    from itertools import combinations

    from generator.briefing import duplicates
    monkeypatch.setattr(duplicates, "COMMON", 3)
    rng = random.Random(5)
    sketches = {f"a{i:02d}": tuple(sorted(rng.sample(range(30), 5))) for i in range(20)}
    by_value: dict = {}
    for slug, values in sketches.items():
        for v in values:
            by_value.setdefault(v, []).append(slug)
    shared: dict = {}
    for slugs in by_value.values():
        if len(slugs) <= duplicates.COMMON:
            for pair in combinations(sorted(slugs), 2):
                shared[pair] = shared.get(pair, 0) + 1
    expected = {pair for pair, n in shared.items() if n >= duplicates.MIN_SHARED}
    assert expected and max(map(len, by_value.values())) > duplicates.COMMON  # the case is not empty …
    for order in (sorted(sketches), rng.sample(sorted(sketches), len(sketches))):
        grown = duplicates._Candidates()
        for slug in order:
            grown.add(slug, sketches[slug])
        assert grown.pairs == expected  # … and the same in any order


def test_forked_work_runs_each_part_once_in_order_in_children() -> None:
    """generator.build.parallel.forked: every part once, in order, each in a child process."""
    import os

    from generator.build.parallel import forked

    def where(part: int, parts: int) -> tuple[int, int, int]:
        return part, parts, os.getpid()

    done = forked(where, 3)
    assert [(p, n) for p, n, _ in done] == [(0, 3), (1, 3), (2, 3)]
    assert os.getpid() not in [pid for _, _, pid in done]
