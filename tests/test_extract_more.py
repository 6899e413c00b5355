"""People, places, organisations, candidates, figures, quotes, claims and relative dates —
on Arabic text written for these tests (forms the seeds do not contain)."""

import datetime as dt
from pathlib import Path

import pytest

from generator.extract import extract_article
from generator.extract.relative import infer_year
from generator.extract.report import entities_by_kind
from generator.ingest.article import parse_article

TODAY = dt.date(2026, 11, 22)


def run(text: str, knowledge):
    return extract_article(parse_article(text, Path("t.txt"), knowledge), knowledge, TODAY)


def test_spelling_variants_and_clitics_fold_to_one_canonical_name(knowledge) -> None:
    e = run("عنوان الخبر\nوالتقى شويجو بكيم جونج اون في بيونجيانج، ثم عاد سيرجي شويغو لموسكو.", knowledge)
    kinds = entities_by_kind(e)
    assert [p["name"] for p in kinds["people"]] == ["سيرغي شويغو", "كيم جونغ أون"]
    assert set(kinds["people"][0]["spellings"]) == {"شويجو", "سيرجي شويغو"}
    assert [p["name"] for p in kinds["places"]] == ["بيونغ يانغ", "موسكو"]


def test_role_as_stated_in_the_article(knowledge) -> None:
    e = run("عنوان\nوقال وزير الدفاع الروسي أندريه بيلوسوف إن التعاون مستمر مع بيونغ يانغ.", knowledge)
    (person,) = entities_by_kind(e)["people"]
    assert person == {"name": "أندريه بيلوسوف", "spellings": ["أندريه بيلوسوف"], "paragraphs": [1],
                      "role": "وزير الدفاع الروسي"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("وقال وزير الخارجية الإيراني عباس عراقجي، إن بلاده تتابع الزيارة.", "عباس عراقجي"),
        ("وأكد المتحدث باسم وزارة الدفاع اليابانية يوشيماسا هاياشي أن طوكيو قلقة.", "يوشيماسا هاياشي"),
        ("وقال نائب وزير الخارجية الروسي أندريه رودينكو للنواب إن المعاهدة دفاعية.", "أندريه رودينكو"),
    ],
)
def test_unknown_names_are_surfaced_as_candidates(knowledge, sentence, name) -> None:
    e = run("عنوان\n" + sentence, knowledge)
    assert [c.name for c in e.candidates] == [name]


def test_common_nouns_are_not_candidates(knowledge) -> None:
    e = run("عنوان\nوقال مسؤولون أمريكيون إن الشحنة وصلت. وذكرت وسائل الإعلام أن الرحلة انتهت.", knowledge)
    assert e.candidates == ()


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("أرسلت أكثر من 11 ألف جندي إلى روسيا", 11000, "troops", "at-least"),
        ("شحنت ألف حاوية من الذخيرة", 1000, "containers", None),
        ("نقلت حوالي ٧٠٠٠ حاوية", 7000, "containers", "about"),
        ("رصد ما لا يقل عن 6 رحلات بحرية", 6, "trips", "at-least"),
        ("قفزت الصادرات بنسبة 57%", 57, "percent", None),
    ],
)
def test_figures(knowledge, text, value, unit, qualifier) -> None:
    (q,) = run("عنوان\n" + text + ".", knowledge).quantities
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)


def test_durations_are_figures_kept_apart(knowledge) -> None:
    found = run("عنوان\nزيارة تستغرق يومين، وهي الأولى منذ 24 عاما.", knowledge).quantities
    assert [(q.text, q.value, q.unit, q.duration, q.compared) for q in found] == [
        ("يومين", 2, "days", True, False), ("24 عاما", 24, "years", True, False)]


def test_figure_claimant_is_the_speaker(knowledge) -> None:
    (q,) = run("عنوان\nوقال جون كيربي إن بيونغ يانغ قدمت 1000 حاوية من المعدات.", knowledge).quantities
    assert q.claimant == "جون كيربي" and q.counted == "من المعدات"


def test_direct_and_reported_quotes(knowledge) -> None:
    e = run(
        "عنوان\nوقال لافروف للصحفيين: «إن التعاون مع بيونغ يانغ سيستمر بلا قيود».\n"
        "وأكد المتحدث باسم الكرملين ديمتري بيسكوف أن موسكو لا تناقش نقل الأسلحة مع أحد.",
        knowledge,
    )
    direct, reported = e.quotes
    assert (direct.kind, direct.speaker, direct.verb) == ("direct", "سيرغي لافروف", "وقال")
    assert direct.text == "إن التعاون مع بيونغ يانغ سيستمر بلا قيود"
    assert (reported.kind, reported.speaker) == ("reported", "دميتري بيسكوف")
    assert reported.text == "موسكو لا تناقش نقل الأسلحة مع أحد"


def test_claims_and_denials(knowledge) -> None:
    e = run("عنوان\nاتهمت الولايات المتحدة كوريا الشمالية بتزويد روسيا بالذخائر. "
            "ونفت موسكو هذه الاتهامات.", knowledge)
    kinds = [(c.kind, c.actor, c.subject) for c in e.claims]
    assert kinds == [("accusation", "الولايات المتحدة", "نقل الأسلحة"), ("denial", "موسكو", "نقل الأسلحة")]


def test_year_from_weekday_day_and_month() -> None:
    assert infer_year(4, 9, 0, TODAY) == 2023  # Monday 4 September
    assert infer_year(19, 6, 2, TODAY) == 2024  # Wednesday 19 June
    assert infer_year(1, 1, 0, TODAY) is None or infer_year(1, 1, 0, TODAY) in range(2020, 2027)


def test_publication_date_from_yesterday_and_weekday(knowledge) -> None:
    e = run("عنوان\nوحذرت الاستخبارات الكورية الجنوبية يوم أمس، الاثنين 4 سبتمبر/أيلول، من تعاون بين موسكو وبيونغ يانغ.",
            knowledge)
    assert (e.published.iso(), e.published.precision) == ("2023-09-05", "day")
    assert ("2023-09-04", "day") in {(d.iso(), d.precision) for d in e.dates}


def test_weekday_resolved_against_publication_date(knowledge) -> None:
    text = ("عنوان\nصورة: كيم يستقبل لافروف. 19 أكتوبر 2023 - Reuters\n"
            "وصل لافروف إلى بيونغ يانغ الأربعاء، وسيزور موسكو الأحد.")
    dates = {d.evidence.text: d.iso() for d in run(text, knowledge).dates}
    assert dates["الأربعاء"] == "2023-10-18"  # past: the Wednesday before
    assert dates["الأحد"] == "2023-10-22"  # future tense (سيزور): the Sunday after


def test_no_day_is_invented_without_a_publication_date(knowledge) -> None:
    e = run("عنوان\nوصل لافروف إلى بيونغ يانغ الأربعاء في زيارة تستغرق يومين الشهر الماضي.", knowledge)
    assert e.published is None and e.dates == ()
