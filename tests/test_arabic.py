"""Folding and clitic handling: the base of matching and search."""

import pytest

from generator.arabic import clean, fold, fold_name, has_arabic, token_variants
from generator.knowledge.match import Matcher


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("أوكرانيا", "اوكرانيا"), ("إسرائيل", "اسرائيل"), ("مستشفى", "مستشفي"),
        ("معاهدة", "معاهده"), ("مُصاب", "مصاب"), ("كـــيم", "كيم"), ("٢٠٢٣", "2023"),
    ],
)
def test_fold_unifies_letter_families(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_name_joins_gh_and_j() -> None:
    assert fold_name("شويغو") == fold_name("شويجو")
    assert fold_name("بيونغ يانغ") == fold_name("بيونج يانج")


def test_clean_removes_invisible_controls_but_keeps_text() -> None:
    assert clean("كيم\u200f جونغ\u202b أون\ufeff") == "كيم جونغ أون"


@pytest.mark.parametrize(
    ("word", "stem"),
    [("وبوتين", "بوتين"), ("لبيونج", "بيونج"), ("بالذخاير", "ذخاير"), ("والذخاير", "ذخاير"),
     ("للولايات", "ولايات"), ("فالمعاهده", "معاهده"), ("كالعاده", "عاده")],
)
def test_token_variants_peel_clitics(word: str, stem: str) -> None:
    assert stem in token_variants(word)


def test_words_starting_with_clitic_letters_still_match_themselves() -> None:
    assert "بوتين" in token_variants("بوتين")
    assert "لافروف" in token_variants("لافروف")


def test_matcher_finds_names_across_spellings_and_clitics() -> None:
    m = Matcher({"pyongyang": ["بيونغ يانغ"], "shoigu": ["سيرغي شويغو", "شويغو"]}, names=True)
    text = "وصل شويجو لبيونج يانج ثم إلى بيونغيانغ، والتقى سيرجي شويغو"
    labels = [x.label for x in m.find(text)]
    assert labels == ["shoigu", "pyongyang", "pyongyang", "shoigu"]
    assert m.find(text)[1].surface == "لبيونج يانج"


def test_has_arabic() -> None:
    assert has_arabic("روسيا")
    assert not has_arabic("Russia and North Korea 2024")
