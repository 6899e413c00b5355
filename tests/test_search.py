"""Search keys and what a page is found by (generator/site/search.py, knowledge/search_forms.yml);
the browser side is tests/test_search_browser.py."""

from __future__ import annotations

import re
import shutil

import pytest

from generator.arabic import WORD
from generator.site.search import MARK, article_fields, article_meta, forms_data, main_entities, search_key
from generator.site.terms import form_key


@pytest.mark.parametrize(("one", "other"), [
    ("الحاويات", "حاوية"), ("ذخائر", "الذخيرة"), ("الصواريخ", "صاروخ"), ("جنود", "جندي"),
    ("القذائف", "قذيفة"), ("السفن", "سفينة"), ("العسكرية", "عسكري"), ("المقاتلين", "مقاتلون"),
    ("معاهدات", "المعاهدة"), ("القوات", "قوة"), ("سنوات", "سنة"), ("البلدين", "بلد"),
    ("وبوتين", "بوتين"), ("لروسيا", "روسيا"), ("بموسكو", "موسكو"), ("لبيونغ", "بيونج"),
])
def test_forms_of_a_word_meet(knowledge, one: str, other: str) -> None:
    assert form_key(one, knowledge.forms) == form_key(other, knowledge.forms)


@pytest.mark.parametrize(("one", "other"), [
    ("ثلاثين", "ثلاث"), ("أربعون", "أربع"), ("كانون", "كان"), ("معاهد", "معاهدة"), ("وزير", "زير"),
])
def test_words_that_only_look_alike_stay_apart(knowledge, one: str, other: str) -> None:
    assert form_key(one, knowledge.forms) != form_key(other, knowledge.forms)


def test_no_rule_touches_a_name(knowledge) -> None:
    """Every word of every person's spelling, and every place or organisation written as
    one word, keeps its search key: «بوتين» is not «بوت», «الكرملين» not «كرمل»."""
    touched = []
    for entity in knowledge.entities.values():
        for spelling in (entity.name, *entity.aliases):
            words = WORD.findall(spelling)
            if entity.kind != "person" and len(words) > 1:
                continue
            touched += [w for w in words if form_key(w, knowledge.forms) != search_key(w)]
    assert touched == []


def test_the_javascript_gets_every_rule(knowledge) -> None:
    data = forms_data(knowledge)
    assert data["mark"] == MARK and data["plurals"][search_key("ذخائر")] == search_key("ذخيرة")
    assert search_key("ثلاثين") in data["keep"] and search_key("بوتين") in data["names"]
    assert set(data["weights"]) >= {"head", "about", "lead", "keys", "title"} and data["weights"]["title"] == 0


def test_a_bad_forms_file_is_reported_with_its_keys(tmp_path, knowledge) -> None:
    from generator import knowledge as kb
    from generator.errors import KnowledgeError

    folder = tmp_path / "kb"
    shutil.copytree(kb.HERE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (folder / "search_forms.yml").write_text(
        "endings:\n  - {ending: ات, min_stem: none}\nplurals:\n  ذخيرة: ذخائر\nkeep: [ثلاثين]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        kb.load(folder)
    messages = [str(p) for p in error.value.problems]
    assert any("search_forms.yml:2 [endings.0]" in m for m in messages)
    assert any("search_forms.yml:4 [plurals.ذخيرة]" in m for m in messages)


def entry(seed_briefing, stem: str):
    return next(e for e in seed_briefing.entries if e.slug.startswith(stem))


def test_an_article_is_about_whom_its_headline_calls_by_role(seed_briefing, knowledge) -> None:
    """002's headline says «زعيم كوريا الشمالية», Kim's usual role, and the article names him:
    his every spelling is in the headline field; passing mentions are not."""
    kim = entry(seed_briefing, "002")
    head, main = main_entities(kim, knowledge)
    assert "person:كيم جونغ أون" in head and "person:فلاديمير بوتين" in main
    assert "person:يون سوك يول" not in main  # named once, in paragraph 18
    fields = article_fields(kim, knowledge)
    assert {"كيم", "جونج", "اون"} <= fields["head"]
    assert fields["keys"] >= set().union(*(v for k, v in fields.items() if k != "keys"))
    assert form_key("قطار", knowledge.forms) in fields["head"]


def test_search_metadata_is_one_empty_hidden_element(seed_briefing, knowledge) -> None:
    html = article_meta(entry(seed_briefing, "001"), knowledge, "")
    assert re.fullmatch(r'<div class="briefing-search-meta" hidden [^<>]*></div>', html)
    assert 'data-pagefind-filter="group:article"' in html and "when[data-when]" not in html
    keys = re.search(r'data-keys="([^"]*)"', html).group(1).split()
    assert keys and all(k.endswith(MARK) for k in keys)
    assert form_key("الحاويات", knowledge.forms) + MARK in keys  # «7000 حاوية»
