"""seeds/<stem>.yml: the person always wins, their text survives, errors name file and line."""

import datetime as dt
from pathlib import Path

from generator.metadata.files import extracted_block, load_curated, merge, updated_text
from generator.model import DateValue, Extraction


def extraction() -> Extraction:
    return Extraction(
        title="عنوان مستخرج", title_source="headline", outlet="رويترز",
        published=DateValue(dt.date(2023, 10, 19), "day", 0.8), paragraph_topics={1: ("summits",)},
    )


def test_new_file_gets_a_header_and_the_owned_block(tmp_path: Path) -> None:
    person = load_curated(tmp_path / "a.yml")
    text = updated_text(person, extracted_block(extraction()), "a.txt")
    assert text.startswith("# Metadata for a.txt.")
    assert "extracted:\n  title: عنوان مستخرج" in text


def test_person_keys_and_comments_survive_a_refresh(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text(
        "# my notes stay\ntitle: عنوان صححه محلل  # fixed by hand\noutlet: null\n"
        "extracted:\n  title: old\n  topics: [treaty]\nnotes: after the block\n",
        encoding="utf-8",
    )
    person = load_curated(path)
    text = updated_text(person, extracted_block(extraction()), "a.txt")
    assert text.startswith("# my notes stay\ntitle: عنوان صححه محلل  # fixed by hand\noutlet: null\n")
    assert "title: old" not in text and "title: عنوان مستخرج" in text
    assert text.endswith("notes: after the block\n")
    meta = merge(extraction(), load_curated(path))
    assert meta.title == "عنوان صححه محلل" and meta.outlet is None
    assert meta.published.iso() == "2023-10-19"


def test_refresh_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    first = updated_text(load_curated(path), extracted_block(extraction()), "a.txt")
    path.write_text(first, encoding="utf-8")
    assert updated_text(load_curated(path), extracted_block(extraction()), "a.txt") == first


def test_person_values_win(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text("published: 2024-06\ntopics: [treaty]\nexclude: false\n", encoding="utf-8")
    meta = merge(extraction(), load_curated(path))
    assert (meta.published.iso(), meta.published.precision) == ("2024-06", "month")
    assert meta.topics == ("treaty",) and meta.curated == {"published", "topics", "exclude"}


def test_syntax_error_names_line_and_leaves_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text("title: ok\ntopics: [summits\n", encoding="utf-8")
    person = load_curated(path)
    assert not person.writable
    (problem,) = person.problems
    assert problem.line is not None and "YAML syntax error" in problem.reason
    assert updated_text(person, extracted_block(extraction()), "a.txt") is None


def test_wrong_types_and_unknown_keys_are_reported_with_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text("title: ok\npublished: yesterday\ntopics: [summits, weather]\ncolour: red\n",
                    encoding="utf-8")
    problems = {p.key: p for p in load_curated(path).problems}
    assert problems["published"].line == 2 and "not a date" in problems["published"].reason
    assert problems["topics"].line == 3 and "'weather'" in problems["topics"].reason
    assert problems["colour"].level == "warning"
    assert str(problems["published"]).startswith(f"{path}:2 [published]")


def test_fast_yaml_dump_writes_what_pyyaml_writes(seed_briefing) -> None:
    """generator.knowledge.yamlio.dump builds the node tree itself; the text must be PyYAML's."""
    import pytest
    import yaml

    from generator.knowledge import yamlio
    from generator.metadata.files import OWNED_KEY, extracted_block

    def pyyaml(data):
        return yaml.dump(data, Dumper=yamlio.SafeDumper, allow_unicode=True, sort_keys=False, width=100,
                         default_flow_style=None)

    odd = {"values": [1, 2.5, 1e17, float("inf"), -float("inf"), True, False, None, "نص", "yes", "1.0", "",
                      " x", "a: b", "#c", "- d", "'q'", '"dq"', "سطر\nسطر", "كلمة " * 60],
           7: [], "empty": {}, "nested": {"k": [{"a": 1}], "e": []}, "lists": [[1, 2], [3, [4]]]}
    blocks = [{OWNED_KEY: extracted_block(e.extraction)} for e in seed_briefing.entries]
    for data in [odd, *blocks]:
        assert yamlio.dump(data) == pyyaml(data)
    with pytest.raises(yaml.representer.RepresenterError):
        yamlio.dump({"x": object()})
