"""People the knowledge base does not know: found from role patterns, listed unconfirmed
with their role, their short mentions mapped to the full name; and the traps (places,
organisations, months, common words, a known short name inside someone else's name).
Arabic text written for these tests."""

import datetime as dt
from pathlib import Path

import pytest

from generator.extract import extract_article
from generator.extract.report import details
from generator.ingest.article import parse_article

TODAY = dt.date(2026, 11, 22)


def run(text: str, knowledge):
    return extract_article(parse_article("عنوان الخبر\n" + text, Path("t.txt"), knowledge), knowledge, TODAY)


def people(text: str, knowledge) -> dict[str, str]:
    return {c.name: c.role for c in run(text, knowledge).candidates}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("وقال المتحدث باسم الحكومة اليابانية يوشيماسا هاياشي إن طوكيو قلقة.", "يوشيماسا هاياشي",
         "المتحدث باسم الحكومة اليابانية"),
        ("وقال رئيس لجنة الشؤون الدولية في مجلس الدوما ليونيد سلوتسكي إن الزيارة ناجحة.", "ليونيد سلوتسكي",
         "رئيس لجنة الشؤون الدولية في مجلس الدوما"),
        ("وأعلن مساعد الرئيس الروسي يوري أوشاكوف أن القمة ستعقد قريبا.", "يوري أوشاكوف", "مساعد الرئيس الروسي"),
        ("ويرى الباحث في معهد آسان للدراسات السياسية تشا دو هيون أن موسكو تسعى إلى مكاسب.", "تشا دو هيون",
         "الباحث في معهد آسان للدراسات السياسية"),
        ("وقال يانغ أوك، الباحث في مركز الدراسات الكورية، إن الشحنات مستمرة.", "يانغ أوك",
         "الباحث في مركز الدراسات الكورية"),
        ("وفي سول، قال النائب هان جي وو، عضو لجنة الاستخبارات، إن الأسيرين في سول.", "هان جي وو", "النائب"),
        ("وقال السفير الروسي ألكسندر ماتسيغورا إن الزيارة ستفتح صفحة جديدة.", "ألكسندر ماتسيغورا",
         "السفير الروسي"),
        ("ووصف نائب وزير الخارجية الروسي أندريه رودينكو التقارير بأنها مبالغات.", "أندريه رودينكو",
         "نائب وزير الخارجية الروسي"),
    ],
)
def test_role_patterns_find_people(knowledge, text, name, role) -> None:
    assert people(text, knowledge) == {name: role}


def test_a_later_surname_is_the_same_person(knowledge) -> None:
    e = run("أعلن نائب رئيس الوزراء الروسي أليكسي أوفرتشوك يوم الأربعاء بدء بناء الجسر.\n"
            "وقال أوفرتشوك خلال المراسم إن الجسر سيعزز التجارة.", knowledge)
    (person,) = e.candidates
    assert (person.name, person.paragraphs) == ("أليكسي أوفرتشوك", (1, 2))
    assert set(person.spellings) == {"أليكسي أوفرتشوك", "أوفرتشوك"}


def test_a_known_short_name_inside_another_name_is_someone_else(knowledge) -> None:
    e = run("والتقى نائب وزير خارجية كوريا الشمالية كيم جونغ غيو نظيره الروسي.", knowledge)
    assert [c.name for c in e.candidates] == ["كيم جونغ غيو"]
    assert "كيم جونغ أون" not in {m.name for m in e.entities}


def test_a_name_that_names_a_square_is_not_the_person(knowledge) -> None:
    e = run("ويقام العرض العسكري في ساحة كيم إيل سونغ وسط العاصمة.", knowledge)
    assert "كيم إيل سونغ" not in {m.name for m in e.entities}


@pytest.mark.parametrize(
    "text",
    [
        "وقال مسؤولون أمريكيون إن الشحنة وصلت. وذكرت وسائل الإعلام أن الرحلة انتهت.",
        "وقال مسؤول أمريكي كبير إن الشحنات مستمرة.",
        "وأعرب رئيس الوزراء الياباني عن احتجاج طوكيو الشديد.",
        "وقالت وزارة الخارجية الكورية الجنوبية في بيان إن الزيارة مقلقة.",
        "ووقفت بجانب الزعيم في عرض عسكري في بيونغ يانغ.",
        "وتعهد بتقديم دعم كامل إلى بيونغ يانغ.",
        "وقال المتحدث باسم الكرملين يوم الأربعاء إن المحادثات بناءة.",
        "وتنص المعاهدة على تقديم المساعدة العسكرية الفورية في حال تعرض أي من الطرفين لهجوم.",
        "وأضاف المتحدث باسم الوزارة في تشرين الأول أن الاتفاق قائم.",
        "وزيارة زعيم كوريا الشمالية لروسيا تثير قلقاً شديداً في العواصم الغربية.",
        "وقالت وكالة تاس إن الوفد وصل إلى موسكو.",
    ],
)
def test_places_organisations_months_and_common_words_are_not_people(knowledge, text) -> None:
    assert people(text, knowledge) == {}


def test_known_people_keep_their_roles_and_stay_confirmed(knowledge) -> None:
    e = run("وقال وزير الدفاع الروسي أندريه بيلوسوف إن التعاون مستمر. وقال المتحدث باسم الخارجية "
            "الصينية غوه جيا كون إن بكين لا تعلق.", knowledge)
    listed = {p["name"]: p for p in details(e)["people"]}
    assert listed["أندريه بيلوسوف"]["confirmed"] is True
    assert listed["أندريه بيلوسوف"]["role"] == "وزير الدفاع الروسي"
    assert listed["غوه جيا كون"] == {"name": "غوه جيا كون", "role": "المتحدث باسم الخارجية الصينية",
                                     "confirmed": False, "spellings": ["غوه جيا كون"], "paragraphs": [1]}


def test_babel_adds_countries_and_cities_but_not_common_words(knowledge) -> None:
    places = {e.name: e for e in knowledge.entities.values() if e.kind == "place"}
    assert {"مصر", "البرازيل", "طهران", "مينسك"} <= set(places)
    assert "مالي" not in places and "مسقط" not in places  # «المالي», «مسقط رأسه»
    assert "بيلاروس" in places["بيلاروسيا"].aliases  # places.yml's name wins, CLDR's is an alias
    assert "بيلاروس" not in places
    e = run("وقدمت موسكو الدعم المالي لطهران، وعاد الوزير إلى مسقط رأسه.", knowledge)
    assert {m.name for m in e.entities if m.kind == "place"} == {"موسكو", "طهران"}
