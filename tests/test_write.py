"""Writes: atomic, only when changed, only inside the output folder, never a person's file."""

import os
from pathlib import Path

import pytest

from generator.write import UnsafePathError, atomic_write, safe_join, write_tree


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
