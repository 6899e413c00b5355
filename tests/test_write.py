"""Writes: atomic, only when changed, only inside the output folder, never a person's file."""

import os
from pathlib import Path

import pytest

from generator.build.write import UnsafePathError, atomic_write, safe_join, write_tree
from generator.config import Settings
from generator.pipeline import build
from generator.site.render import Renderer


def test_atomic_write_skips_unchanged_content(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    assert atomic_write(path, "نص")
    os.utime(path, (1, 1))
    assert not atomic_write(path, "نص")
    assert path.stat().st_mtime == 1
    assert atomic_write(path, "نص جديد") and path.read_text(encoding="utf-8") == "نص جديد"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temp files left


def test_a_written_file_is_readable_as_open_would_make_it(tmp_path: Path) -> None:
    """A temporary file is made 0600; the page it becomes must be readable by a web
    server, as a file made by open() is (0644 under the usual umask 022)."""
    opened = tmp_path / "opened.md"
    opened.write_text("نص", encoding="utf-8")
    atomic_write(tmp_path / "a.md", "نص")
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == opened.stat().st_mode & 0o777
    (tmp_path / "a.md").chmod(0o640)  # a person's choice: kept when the file is replaced
    atomic_write(tmp_path / "a.md", "نص جديد")
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("bad", ["../x.md", "/etc/passwd", "a/../../x.md", "", "a\\..\\x.md"])
def test_paths_outside_the_root_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePathError):
        safe_join(tmp_path, bad)


def test_write_tree_removes_only_what_it_generated(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("a person's page", encoding="utf-8")
    first = write_tree(tmp_path, {"a.md": "1", "topics/b.md": "2"}, [])
    assert sorted(first.written) == ["a.md", "topics/b.md"]
    second = write_tree(tmp_path, {"a.md": "1"}, first.written)
    assert second.written == [] and second.removed == ["topics/b.md"] and second.unchanged == 1
    assert not (tmp_path / "topics").exists()
    assert (tmp_path / "mine.md").read_text(encoding="utf-8") == "a person's page"


def test_pages_written_by_a_build_that_failed_are_still_known_as_ours(project: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are written as they are rendered: when rendering fails half-way, the pages
    already written are listed in the store (without a key) before they were written, so
    the next build removes one it no longer makes (a removed article's page must not stay
    published), renders the others again, and still leaves a file a person added alone."""
    settings = Settings.for_project(project)
    (settings.site_src / "mine.md").write_text("a person's page", encoding="utf-8")
    page, rendered = Renderer.page, []

    def failing(self: Renderer, template: str, path: str, **context: object) -> str:
        if len(rendered) == 20:
            raise RuntimeError("a template error half-way")
        rendered.append(path)
        return page(self, template, path, **context)

    monkeypatch.setattr(Renderer, "page", failing)
    with pytest.raises(RuntimeError):
        build(settings)
    monkeypatch.undo()
    written = [path for path in rendered if path.startswith("articles/") and path != "articles/index.md"]
    assert written and all((settings.site_src / path).is_file() for path in written)
    gone = next(p for p in settings.seeds.glob("*.txt") if f"articles/{p.stem}.md" in written)
    gone.unlink()
    gone.with_suffix(".yml").unlink()
    report = build(settings)
    assert f"articles/{gone.stem}.md" in report.site.removed
    assert not (settings.site_src / "articles" / f"{gone.stem}.md").exists()
    assert (settings.site_src / "mine.md").read_text(encoding="utf-8") == "a person's page"
