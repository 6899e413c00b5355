"""Hostile files (an alias bomb, symbolic links, a full disk): each gets one clear message
naming the file and the reason, the rest of the site still builds, and nothing outside the
project is read or published."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, mkdocs_build, seed_paths, site_files

HOSTILE = FIXTURES / "hostile"
BOMB = HOSTILE / "alias_bomb.yml"
SECRET = "SECRET-MARKER-5f3a9c"  # in files outside the project: never in anything built
MEMORY = 1_500_000_000  # bytes of address space a build may take here (it needs ~0.3 GB)
SEEDS = sorted(p.stem for p in seed_paths())


def run_build(project: Path, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator build` on ``project``, its address space capped at ``memory``."""
    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)],
                          capture_output=True, text=True, timeout=600, preexec_fn=capped if memory else None,
                          cwd=project, env={**os.environ, "PYTHONPATH": str(project), "BRIEFING_WORKERS": "1"})


def built_articles(project: Path) -> list[str]:
    return sorted(p.stem for p in (project / "site_src" / "articles").glob("*.md") if p.stem != "index")


def lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line]


def files_holding(root: Path, marker: str) -> list[Path]:
    """Regular files under ``root`` (links not followed) whose bytes contain ``marker``."""
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink() and path.is_file() and marker.encode() in path.read_bytes():
                found.append(path)
    return found


def no_temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*.tmp")]


# -- bounded YAML ---------------------------------------------------------------------------

def test_an_alias_bomb_in_metadata_is_refused_under_a_memory_limit(project: Path) -> None:
    """600 bytes standing for 3.5 billion strings: refused at the first alias, the file
    left as it is, every article built, all within a 1.5 GB address space."""
    target = project / "seeds" / f"{SEEDS[2]}.yml"
    shutil.copy(BOMB, target)
    result = run_build(project, MEMORY)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    named = lines_naming(result.stderr, f"{target.name}:4:8")
    assert any("YAML aliases are not allowed (*a)" in line and "values ignored" in line for line in named), named
    assert target.read_bytes() == BOMB.read_bytes()
    assert built_articles(project) == SEEDS


def test_an_alias_bomb_in_the_knowledge_base_is_refused_under_a_memory_limit(project: Path) -> None:
    people = project / "generator" / "knowledge" / "people.yml"
    shutil.copy(BOMB, people)
    result = run_build(project, MEMORY)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert any("YAML aliases are not allowed" in line for line in lines_naming(result.stderr, "people.yml:4:8"))


@pytest.mark.parametrize(("text", "reason"), [
    ("a: &x 1\nb: *x\n", "YAML aliases are not allowed (*x)"),
    ("title: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested more than 50 levels deep"),
    ("topics: [" + "x, " * 250_000 + "]\n", "more than 200,000 values"),
    ("notes: |\n" + "  x\n" * 1_100_000, "over the limit of 4,000,000 (the limit for a YAML file)"),
    ("published: 2023-13-45\n", "month must be in 1..12"),
    ("title: !!python/object/apply:os.system [echo]\n", "could not determine a constructor"),
])
def test_a_metadata_file_over_a_limit_is_named_and_ignored(tmp_path: Path, text: str, reason: str) -> None:
    """Each limit (yamlio.Limits) gives the file, the reason; nothing of the file is used,
    and it is never rewritten. (Nested [[[[ crashed libyaml's composer at 100,000 levels.)"""
    from generator.metadata.files import load_curated

    path = tmp_path / "a.yml"
    path.write_text(text, encoding="utf-8")
    person = load_curated(path)
    assert person.values == {} and not person.writable
    assert [p.file for p in person.problems] == [path]
    assert reason in person.problems[0].reason and "values ignored" in person.problems[0].reason


def test_the_knowledge_base_and_mkdocs_yml_are_read_within_the_same_limits(tmp_path: Path) -> None:
    from generator import knowledge as kb
    from generator.config import Settings
    from generator.errors import KnowledgeError

    folder = tmp_path / "knowledge"
    shutil.copytree(kb.HERE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (folder / "months.yml").write_text("months: " + "[" * 60 + "]" * 60 + "\n", encoding="utf-8")
    shutil.copy(BOMB, folder / "topics.yml")
    with pytest.raises(KnowledgeError) as raised:
        kb.load(folder)
    reasons = [f"{p.file.name}: {p.reason}" for p in raised.value.problems]
    assert "months.yml: nested more than 50 levels deep, the limit for a YAML file" in reasons
    assert "topics.yml: YAML aliases are not allowed (*a); write the value out instead" in reasons
    # mkdocs.yml may hold aliases (MkDocs reads them), but only text is taken from it
    (tmp_path / "mkdocs.yml").write_text(BOMB.read_text(encoding="utf-8") + "site_name: *j\n", encoding="utf-8")
    assert Settings.for_project(tmp_path).site_name == Settings.site_name


# -- only regular files inside the project --------------------------------------------------

@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    """Files outside the project, as /etc/passwd or a key would be."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd.txt").write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\nكيم وبوتين في موسكو.\n",
                                       encoding="utf-8")
    (folder / "meta.yml").write_text(f"title: {SECRET}\n", encoding="utf-8")
    (folder / "page.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    return folder


def linked(project: Path, outside: Path) -> Path:
    """``project`` with links out of seeds/ (an article, a metadata file, a folder) and a pipe."""
    seeds = project / "seeds"
    (seeds / "leak.txt").symlink_to(outside / "passwd.txt")
    metadata = seeds / f"{SEEDS[3]}.yml"
    metadata.unlink(missing_ok=True)
    metadata.symlink_to(outside / "meta.yml")
    (seeds / "folder.txt").symlink_to(outside, target_is_directory=True)
    os.mkfifo(seeds / "pipe.txt")  # reading it would wait for ever
    return project


def test_links_and_pipes_in_seeds_are_skipped_and_nothing_outside_is_read(project: Path, outside: Path) -> None:
    result = run_build(linked(project, outside))
    assert result.returncode == 3, result.stderr
    for name, reason in [("leak.txt", "a symbolic link (to "), ("folder.txt", "a symbolic link"),
                         (f"{SEEDS[3]}.yml", "only regular files inside seeds/ are read; copy the file there"),
                         ("pipe.txt", "a named pipe, not a regular file")]:
        assert any(reason in line for line in lines_naming(result.stderr, name)), (name, result.stderr)
    assert "4 article(s) skipped" not in result.stderr and "3 article(s) skipped" in result.stderr
    assert built_articles(project) == SEEDS  # the article whose metadata is a link still builds
    assert files_holding(project, SECRET) == []
    assert (project / "seeds" / f"{SEEDS[3]}.yml").is_symlink()  # left as it is


HOSTILE_METADATA = ("title: '<script>alert(1)</script> {{ 7*7 }} \" onmouseover=\"alert(2)'\n"
                    "outlet: '<img src=x onerror=alert(3)>'\n"
                    "url: 'https://example.org/\"onclick=\"alert(4)'\n")


class _Markup(HTMLParser):
    """Every element's attributes, and the text of every script, in built HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.extend(attrs)
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


@pytest.mark.e2e
def test_mkdocs_publishes_no_linked_file_and_no_markup_from_a_persons_values(project: Path, outside: Path) -> None:
    """MkDocs follows links in its docs folder and copies what they point at: the plugin
    leaves such files out, at INFO, so `mkdocs build --strict` publishes the rest. A
    person's values with markup, template syntax and an attribute break are shown as text."""
    linked(project, outside)
    (project / "site_src" / "leak.md").symlink_to(outside / "page.md")
    (project / "site_src" / "linked").symlink_to(outside, target_is_directory=True)
    (project / "seeds" / f"{SEEDS[1]}.yml").write_text(HOSTILE_METADATA, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert lines_naming(result.stderr, "leak.md") and lines_naming(result.stderr, "linked")
    assert files_holding(project / "site", SECRET) == [] and files_holding(project / "site_src", SECRET) == []
    markup = _Markup()
    for page in (project / "site").rglob("*.html"):
        markup.feed(page.read_text(encoding="utf-8"))
    assert not [a for a in markup.attributes if a[0] in ("onmouseover", "onclick", "onerror")]
    assert not [v for _a, v in markup.attributes if v and v.strip().lower().startswith("javascript:")]
    assert not [s for s in markup.scripts if "alert(" in s]
    article = (project / "site" / "articles" / SEEDS[1] / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in article and "&lt;script&gt;alert(1)" in article


def test_links_in_the_templates_or_the_knowledge_base_stop_the_build_naming_each(project: Path,
                                                                                 outside: Path) -> None:
    (project / "templates" / "theme" / "partials" / "leak.html").symlink_to(outside / "page.md")
    (project / "generator" / "knowledge" / "extra.yml").symlink_to(outside / "meta.yml")
    result = run_build(project)
    assert result.returncode == 1
    assert lines_naming(result.stderr, "leak.html") and lines_naming(result.stderr, "extra.yml")
    assert all("a symbolic link" in line for line in lines_naming(result.stderr, "(to "))
    assert files_holding(project, SECRET) == []


def test_twin_names_and_a_leading_dash_still_build(project: Path) -> None:
    """What already held (keep it so): the NFC and NFD spellings of one name are two
    articles, and a name may start with "-"."""
    seeds = project / "seeds"
    text = (seeds / f"{SEEDS[0]}.txt").read_text(encoding="utf-8")
    for name in (unicodedata.normalize("NFC", "مقال-أخير"), unicodedata.normalize("NFD", "مقال-أخير"), "-dash"):
        (seeds / f"{name}.txt").write_text(text.replace("بوتين", f"بوتين {len(name)}", 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert len(built_articles(project)) == len(SEEDS) + 3


# -- the system's refusals ------------------------------------------------------------------

def refusing(monkeypatch: pytest.MonkeyPatch, code: int, refused: Callable[[str], bool],
             after: int = 0) -> list[str]:
    """``os.replace`` refusing, with ``code`` (a full disk, a read-only folder), every
    atomic write whose target ``refused`` names, from the ``after``-th on; returns the
    list of targets refused."""
    original, seen, said = os.replace, [0], []

    def replace(source, target, *args, **kwargs):
        if refused(str(target)):
            seen[0] += 1
            if seen[0] > after:
                said.append(str(target))
                raise OSError(code, os.strerror(code))
        return original(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setenv("BRIEFING_WORKERS", "1")  # in this process, where the patch is
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # one day for every build here
    return said


def build_here(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from generator.cli import main

    code = main(["build", "--root", str(project), "--quiet"])
    return code, capsys.readouterr().err


def test_a_full_disk_while_writing_pages_is_one_line_and_nothing_half_written(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = site_files(project)
    refused = refusing(monkeypatch, errno.ENOSPC, lambda target: "/site_src/articles/" in target, after=2)
    code, err = build_here(project, capsys)
    assert code == 5 and refused
    assert err.splitlines() == [f"error: {refused[0]}: No space left on device; free some space "
                                "(site_src/.state/ can be deleted safely) and build again"]
    assert no_temp_files(project) == []
    failed = site_files(project)
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert build_here(project, capsys)[0] == 0  # space freed: the next build succeeds
    repaired = site_files(project)
    # each file as it was before or as the build makes it, never half-written
    assert [path for path, data in failed.items() if data not in (before.get(path), repaired.get(path))] == []
    fresh = copy_project(tmp_path / "fresh")
    assert build_here(fresh, capsys)[0] == 0
    assert repaired == site_files(fresh)


def test_a_store_the_system_refuses_is_one_line_and_the_next_build_makes_it_right(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The store (site_src/.state/build.sqlite) commits once the pages are written: when
    the disk is full then, the build stops with one line naming it and exit code 5, the
    store is as the last build left it, and the next build gives what a fresh one gives."""
    import sqlite3

    from generator.build import store

    def full(self: store.Store) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise error

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert build_here(project, capsys)[0] == 0
    for gone in ("txt", "yml"):
        (project / "seeds" / f"{SEEDS[0]}.{gone}").unlink()
    monkeypatch.setattr(store.Store, "commit", store._refused_as_os_error(full))
    code, err = build_here(project, capsys)
    path = project / "site_src" / ".state" / "build.sqlite"
    assert (code, err) == (5, f"error: {path}: No space left on device; free some space "
                              "(site_src/.state/ can be deleted safely) and build again\n")
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert build_here(project, capsys)[0] == 0
    fresh = copy_project(tmp_path / "fresh")  # the same two builds, the second not refused
    assert build_here(fresh, capsys)[0] == 0
    for gone in ("txt", "yml"):
        (fresh / "seeds" / f"{SEEDS[0]}.{gone}").unlink()
    assert build_here(fresh, capsys)[0] == 0 and site_files(project) == site_files(fresh)


@pytest.mark.parametrize(("code", "says"), [
    (errno.EACCES, "Permission denied; give this user permission to read and write it, or build in a copy you own"),
    (errno.EROFS, "Read-only file system; the folder is read-only: build in a writable copy of the project"),
])
def test_a_refused_metadata_write_is_one_line_and_leaves_the_file_as_it_was(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int,
        says: str) -> None:
    seeds = project / "seeds"
    (seeds / f"{SEEDS[0]}.yml").write_text("notes: a person's words, no extracted block yet\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    refused = refusing(monkeypatch, code, lambda target: target.endswith(".yml"))
    assert build_here(project, capsys) == (5, f"error: {refused[0]}: {says}\n")
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before


def test_an_article_that_vanishes_mid_build_is_skipped_with_its_reason(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.ingest import listing

    names = listing._names
    monkeypatch.setattr(listing, "_names", lambda seeds: ([*names(seeds)[0], "vanished.txt"], {}))
    code, err = build_here(project, capsys)
    assert code == 3
    assert any("the file vanished while the build ran" in line for line in lines_naming(err, "vanished.txt"))
    assert built_articles(project) == SEEDS


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[None]:
    """A small RAM disk mounted over ``folder`` (its files copied in); skips the test
    where mounting is not permitted (not root, no privileges in the container)."""
    kept = folder.parent / f".{folder.name}-kept"
    shutil.copytree(folder, kept, symlinks=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        shutil.copytree(kept, folder, symlinks=True, dirs_exist_ok=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
        shutil.rmtree(kept)


def test_a_real_full_disk_is_one_line_and_the_next_build_succeeds(project: Path) -> None:
    """site_src/ on a 256 KB tmpfs: the build stops with one line and exit code 5, the
    extraction cache's refusals are warnings; once there is room it builds."""
    with tmpfs(project / "site_src", "256k"):
        result = run_build(project)
        assert result.returncode == 5, result.stderr
        assert "Traceback" not in result.stderr
        last = result.stderr.splitlines()[-1]
        assert last.startswith(f"error: {project / 'site_src'}/") and "No space left on device; free some space" in last
        assert no_temp_files(project) == []
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert built_articles(project) == SEEDS
