"""Extraction on the seeds and on Arabic text the seeds do not contain."""

import datetime as dt
from pathlib import Path

import pytest

from generator.extract import extract_article
from generator.extract.dates import find_dates
from generator.ingest.article import parse_article, read_article

from conftest import SEEDS


def extract_seed(name: str, knowledge):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return extract_article(read_article(path, knowledge, max_bytes=2_000_000), knowledge)


def extract_text(text: str, knowledge):
    return extract_article(parse_article(text, Path("unseen.txt"), knowledge), knowledge)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("وصل في 19 أكتوبر 2023 إلى العاصمة", "2023-10-19", "day"),
        ("وقعت في ١٩ حزيران ٢٠٢٤ معاهدة", "2024-06-19", "day"),
        ("اتفاقية في يونيو/حزيران 2024 في تعزيز", "2024-06", "month"),
        ("زار بيونغ يانغ في يوليو (تموز) 2000 للمرة الأولى", "2000-07", "month"),
        ("في كانون الثاني 2025، قال", "2025-01", "month"),
        ("التقيا لأول مرة في عام 2019 في فلاديفوستوك", "2019", "year"),
        ("في 3 تشرين الأول، 2024 وصل", "2024-10-03", "day"),
    ],
)
def test_explicit_dates(knowledge, text, iso, precision) -> None:
    (found,) = find_dates(text, 1, knowledge)
    assert (found.iso(), found.precision) == (iso, precision)
    assert found.evidence.paragraph == 1 and found.evidence.text in text


@pytest.mark.parametrize(
    "text",
    ["قدمت 1000 حاوية من المعدات", "في زيارة تستغرق يومين", "قفزت الصادرات بنسبة 57%",
     "أرسلت 2000 جندي", "عمره 40 عاماً", "في 31 فبراير 2023"],
)
def test_counts_durations_and_impossible_days_are_not_dates(knowledge, text) -> None:
    assert find_dates(text, 1, knowledge) == []


def test_outlet_from_copyright_line(knowledge) -> None:
    e = extract_seed("000", knowledge)
    assert e.outlet == "بلومبرج"
    assert "©2023" in e.outlet_evidence.text
    # the footer's year is when the page was made: with events of 2018 and 2022 only, the
    # article may be of 2022 or 2023, so it bounds the date and does not state it
    assert e.published is None
    assert e.published_bounds == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def test_outlet_from_dateline_with_agency_cited(knowledge) -> None:
    e = extract_seed("003", knowledge)
    assert e.outlet == "الشرق"
    assert "رويترز" in [c.name for c in e.cited]
    assert (e.published.iso(), e.published.precision) == ("2023-10-19", "day")


def test_unknown_outlet_is_none_not_a_guess(knowledge) -> None:
    assert extract_seed("002", knowledge).outlet is None


def test_cited_sources(knowledge) -> None:
    cited = {c.name for c in extract_seed("001", knowledge).cited}
    assert {"أسوشيتد برس", "NK News", "وكالة الأنباء المركزية الكورية"} <= cited
    cited = {c.name for c in extract_seed("000", knowledge).cited}
    assert "تاس" in cited and "بلومبرج" not in cited
    # «الشرق الأوسط» (the Middle East) in 000 is a region, not the newspaper
    assert "الشرق الأوسط" not in cited


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("عنوان الخبر عن كيم وبوتين\nموسكو - رويترز\nقال الكرملين إن بوتين سيزور كوريا الشمالية.", "رويترز"),
        ("عنوان الخبر عن كيم وبوتين\n(الجزيرة نت) - قال الكرملين إن بوتين سيزور كوريا الشمالية.", "الجزيرة نت"),
        ("عنوان\nقال الكرملين إن بوتين سيزور كوريا الشمالية.\n© 2024 سكاي نيوز عربية", "سكاي نيوز عربية"),
    ],
)
def test_outlet_in_unseen_credit_lines(knowledge, text, outlet) -> None:
    assert extract_text(text, knowledge).outlet == outlet


def test_topics_on_the_seeds(knowledge) -> None:
    assert set(extract_seed("003", knowledge).topics) >= {"summits", "arms-transfers", "reactions"}
    assert "treaty" in extract_seed("004", knowledge).topics


def test_topic_paragraphs_are_the_right_ones(knowledge) -> None:
    e = extract_seed("001", knowledge)
    # ¶23: «شحنت بالفعل حوالي 7000 حاوية مليئة بالذخائر … إلى روسيا»
    assert "arms-transfers" in e.paragraph_topics[23]


def test_no_topic_without_both_countries(knowledge) -> None:
    missile_test = (
        "كوريا الشمالية تطلق صاروخا باليستيا\n"
        "أطلقت كوريا الشمالية صاروخا باليستيا باتجاه بحر اليابان، وقالت سيول إن الصاروخ "
        "قطع مسافة 600 كيلومتر، وأعربت واشنطن عن قلقها وحذرت من عقوبات جديدة."
    )
    assert extract_text(missile_test, knowledge).topics == ()
    russia_china = (
        "بوتين وشي يبحثان التعاون\n"
        "التقى الرئيس الروسي فلاديمير بوتين نظيره الصيني شي جين بينغ في بكين، وبحثا صفقة "
        "أسلحة وزيارة مرتقبة، وأعربت واشنطن عن قلقها."
    )
    assert extract_text(russia_china, knowledge).topics == ()


def test_unseen_summit_paragraph(knowledge) -> None:
    text = (
        "كيم يصل إلى موسكو\n"
        "وصل الزعيم الكوري الشمالي كيم جونج أون إلى موسكو في زيارة رسمية يلتقي خلالها "
        "الرئيس الروسي، بحسب وكالة يونهاب."
    )
    e = extract_text(text, knowledge)
    assert e.topics == ("summits",)
    assert [c.name for c in e.cited] == ["يونهاب"]


def test_dates_carry_paragraph_evidence(knowledge) -> None:
    e = extract_seed("004", knowledge)
    (june,) = [d for d in e.dates if d.value == dt.date(2024, 6, 1)]
    assert june.precision == "month" and june.evidence.text == "يونيو/حزيران 2024"
