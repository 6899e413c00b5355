"""The Pagefind index in shards, each kept while its pages are unchanged (generator/engine/search_index.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.engine import search_index
from generator.engine.search_index import KEY_FILE, index_site, shards_of


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def site(built_site: Path, tmp_path: Path) -> Path:
    """The indexed pages of the real seeds site, in a folder of their own."""
    copy = tmp_path / "site"
    for folder in search_index.INDEXED:
        if (built_site / folder).is_dir():
            shutil.copytree(built_site / folder, copy / folder)
    return copy


def test_an_article_keeps_its_shard_whatever_else_arrives(site: Path) -> None:
    small = shards_of(site, shard_pages=10_000)
    assert len(small) == 1 and len(small[0]) > 20
    shards = shards_of(site, shard_pages=2)
    assert len(shards) > 2
    assert all(p.relative_to(site).parts[0] != "articles" or p.parent.name == "articles" for p in shards[0])
    assert all(p.relative_to(site).parts[0] == "articles" for shard in shards[1:] for p in shard)
    assert sorted(p for s in shards for p in s) == sorted(small[0])  # each page once
    new = site / "articles" / "zz-new-article" / "index.html"
    new.parent.mkdir()
    shutil.copy2(shards[-1][0], new)
    again = shards_of(site, shard_pages=2)
    assert len(again) in (len(shards), len(shards) + 1)  # perhaps a bucket that was empty
    # every shard holds the same pages as before, the new article's gains only it
    assert sorted(sorted(set(s) - {new}) for s in again if set(s) - {new}) == sorted(map(sorted, shards))


def test_only_the_shards_whose_pages_changed_are_indexed_again(site: Path, tmp_path: Path, monkeypatch) -> None:
    runs: list[Path] = []
    real = search_index._pagefind
    monkeypatch.setattr(search_index, "_pagefind", lambda pages, output: (runs.append(pages), real(pages, output)))
    cache = tmp_path / "cache"
    shards = index_site(site, cache, shard_pages=2)
    assert shards > 2 and len(runs) == shards
    assert (site / "pagefind-1" / "pagefind-entry.json").is_file()
    runs.clear()
    assert index_site(site, cache, shard_pages=2) == shards and runs == []  # nothing changed: nothing run

    article = shards_of(site, shard_pages=2)[-1][0]
    article.write_text(article.read_text(encoding="utf-8").replace("</article>", "<p>فقرة جديدة مضافة</p></article>"),
                       encoding="utf-8")
    before = {name: _tree(site / name) for name in ["pagefind"] + [f"pagefind-{i}" for i in range(1, shards - 1)]}
    index_site(site, cache, shard_pages=2)
    assert len(runs) == 1  # the edited article's shard alone
    assert {name: _tree(site / name) for name in before} == before
    assert len(list(p for p in cache.iterdir() if not p.name.startswith("."))) == shards  # the old copy is gone

    # what was kept and placed is what a run without any cache writes
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind*"))
    index_site(fresh, None, shard_pages=2)
    for i in range(shards):
        name = "pagefind" if i == 0 else f"pagefind-{i}"
        assert _tree(site / name) == _tree(fresh / name), name
        assert (site / name / KEY_FILE).is_file()


def test_a_failed_run_keeps_nothing(site: Path, tmp_path: Path, monkeypatch) -> None:
    def fails(pages: Path, output: Path) -> None:
        (output / "half-written").write_text("x")
        raise search_index.SearchIndexError("Pagefind failed (1): boom")

    monkeypatch.setattr(search_index, "_pagefind", fails)
    cache = tmp_path / "cache"
    with pytest.raises(search_index.SearchIndexError, match="boom"):
        index_site(site, cache, shard_pages=2)
    assert not [p for p in cache.iterdir() if (p / KEY_FILE).exists() or not p.name.startswith(".")]
