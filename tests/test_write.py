"""Writes: atomic, only when changed, only inside the output folder, never a person's file."""

import os
from pathlib import Path

import pytest

from generator.build.write import JOURNAL, UnsafePathError, atomic_write, page_journal, safe_join, write_tree


def test_atomic_write_skips_unchanged_content(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    assert atomic_write(path, "نص")
    os.utime(path, (1, 1))
    assert not atomic_write(path, "نص")
    assert path.stat().st_mtime == 1
    assert atomic_write(path, "نص جديد") and path.read_text(encoding="utf-8") == "نص جديد"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temp files left


@pytest.mark.parametrize("bad", ["../x.md", "/etc/passwd", "a/../../x.md", "", "a\\..\\x.md"])
def test_paths_outside_the_root_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePathError):
        safe_join(tmp_path, bad)


def test_write_tree_removes_only_what_it_generated(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("a person's page", encoding="utf-8")
    first = write_tree(tmp_path, {"a.md": "1", "topics/b.md": "2"})
    assert sorted(first.written) == ["a.md", "topics/b.md"]
    second = write_tree(tmp_path, {"a.md": "1"})
    assert second.written == [] and second.removed == ["topics/b.md"] and second.unchanged == 1
    assert not (tmp_path / "topics").exists()
    assert (tmp_path / "mine.md").read_text(encoding="utf-8") == "a person's page"


def test_pages_written_by_a_build_that_failed_are_still_known_as_ours(tmp_path) -> None:
    """Pages are written as they are rendered: when rendering fails half-way, the pages
    already written are in the journal, so the next build removes one it no longer
    makes (a removed article's page must not stay published), and still leaves a file
    a person added alone."""
    write_tree(tmp_path, {"a.md": "a"})
    (tmp_path / "mine.md").write_text("a person's page", encoding="utf-8")
    with pytest.raises(RuntimeError), page_journal(tmp_path) as emit:
        assert emit("articles/b.md", "b") is True
        assert emit("a.md", "a") is False  # unchanged: not written again
        raise RuntimeError("a template error half-way")
    assert (tmp_path / "articles" / "b.md").read_text(encoding="utf-8") == "b"
    report = write_tree(tmp_path, {"a.md": "a"})
    assert report.removed == ["articles/b.md"] and not (tmp_path / "articles").exists()
    assert (tmp_path / "mine.md").exists() and not (tmp_path / JOURNAL).exists()
