"""Publication stamps and the publication date: every catalogued form, and the traps."""

import datetime as dt
from pathlib import Path

import pytest

from generator.extract import extract_article
from generator.extract.stamps import read_stamp, split_stamp
from generator.ingest.article import parse_article

TODAY = dt.date(2026, 11, 22)
BODY = ("وقالت وزارة الدفاع الكورية الجنوبية إن بيونغ يانغ أرسلت شحنات جديدة من الذخائر إلى روسيا "
        "عبر ميناء راجين خلال الأسابيع الماضية، في خطوة تزيد القلق في المنطقة.")


def extract(text: str, knowledge):
    return extract_article(parse_article(text, Path("page.txt"), knowledge), knowledge, TODAY)


@pytest.mark.parametrize(("line", "iso", "precision", "label"), [
    ("13 أيلول 2023 , 12:08 م", "2023-09-13", "day", None),
    ("تاريخ النشر: 13th, October 2023 GMT", "2023-10-13", "day", "published"),
    ("الخميس 20 يونيو 2024 03:03 مساءً", "2024-06-20", "day", None),
    ("12:02 م الأربعاء 03 سبتمبر 2025", "2025-09-03", "day", None),
    (" date 2025-01", "2025-01", "month", None),  # a scraper's line: today's date as often as not
    ("date 2025-09-03 إعلان", "2025-09-03", "day", None),
    ("4-6-2025 | 12:49", "2025-06-04", "day", None),
    ("نشر في 12/11/2025 الساعة 14:30 بتوقيت مكة المكرمة", "2025-11-12", "day", "published"),
    ("آخر تحديث: 14 أكتوبر 2023 - 10:15", "2023-10-14", "day", "updated"),
    ("October 13, 2023", "2023-10-13", "day", None),
    ("الأربعاء 1445/12/13 هـ - 19 يونيو 2024 م", "2024-06-19", "day", None),
])
def test_stamp_forms(knowledge, line, iso, precision, label) -> None:
    stamp = read_stamp(line, knowledge)
    assert stamp is not None
    assert (stamp.date.iso(), stamp.date.precision, stamp.label) == (iso, precision, label)


@pytest.mark.parametrize("line", [
    "وفي 19 يونيو 2024 وقع البلدان المعاهدة.",
    "وقع بوتين وكيم معاهدة الشراكة في 19 يونيو 2024 خلال قمة في بيونغ يانغ",
    "عام 2024",  # a year alone is not a stamp
    "صاروخ B-52 و 2024-25",
])
def test_lines_that_are_not_stamps(knowledge, line) -> None:
    assert read_stamp(line, knowledge) is None


def test_a_byline_stamp_is_cut_from_the_text_it_opens(knowledge) -> None:
    line = "محمد الرخا - دبي - الخميس 20 يونيو 2024 03:03 مساءً - أعلنت كوريا الجنوبية اليوم أنها تراقب عن كثب الاتفاق"
    stamp, text = split_stamp(line, knowledge)
    assert stamp.endswith("مساءً") and text.startswith("أعلنت كوريا الجنوبية")
    article = parse_article(f"عنوان الخبر عن المعاهدة الجديدة\n{line}\n{BODY}", Path("x.txt"), knowledge)
    assert article.paragraphs[0].text.startswith("أعلنت كوريا الجنوبية")
    assert [r.kind for r in article.removed] == ["stamp"]


@pytest.mark.parametrize(("page", "iso"), [
    # stamp under the headline
    (f"روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n13 أيلول 2023 , 12:08 م\n{BODY}", "2023-09-13"),
    # the site's today-banner above, the real stamp under the headline
    (f"السبت 28 يونيو 2025\nأخبار\nالعالم\nروسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n4-6-2025 | 12:49\n{BODY}", "2025-06-04"),
    # a scraper's date line above the headline
    (f" date 2025-09-03 إعلان\nروسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n{BODY}", "2025-09-03"),
    # labelled publication date after an update stamp
    (f"روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\nآخر تحديث: 15 أكتوبر 2023\nتاريخ النشر: 13th, October 2023 GMT\n{BODY}", "2023-10-13"),
    # a byline with the stamp
    (f"روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\nمحمد الرخا - دبي - الخميس 20 يونيو 2024 03:03 مساءً\n{BODY}", "2024-06-20"),
])
def test_publication_date_from_stamps(knowledge, page, iso) -> None:
    published = extract(page, knowledge).published
    assert (published.iso(), published.precision) == (iso, "day")


@pytest.mark.parametrize("page", [
    # only a today-banner: not the publication date
    f"السبت 28 يونيو 2025\nروسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n{BODY}",
    f" date 2025-11-20 الخميس\nروسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n{BODY}",
    # only an update time
    f"روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\nآخر تحديث: 15 أكتوبر 2023 - 10:15\n{BODY}",
    # a dated related-article link below the body
    f"روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n{BODY}\nاقرأ أيضاً\nكيم يزور روسيا\n12 سبتمبر 2023",
    # an archive photo's caption
    f"روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\nبوتين وكيم في صورة أرشيفية 19 يونيو 2024 - Reuters\n{BODY}",
])
def test_traps_are_never_the_publication_date(knowledge, page) -> None:
    assert extract(page, knowledge).published is None


def test_banner_and_update_stamp_bound_the_date_from_above(knowledge) -> None:
    page = (f"السبت 28 يونيو 2025\nروسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n"
            f"وأكد المسؤولون أن الشحنة وصلت في 3 يونيو 2025 إلى الميناء الروسي بعد رحلة استغرقت أياما.\n{BODY}")
    e = extract(page, knowledge)
    assert e.published is None
    assert e.published_bounds == (dt.date(2025, 6, 3), dt.date(2025, 6, 28))


def test_future_dates_do_not_bound_from_below(knowledge) -> None:
    page = (f"روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n{BODY}\n"
            "ومن المقرر أن يزور الوزير موسكو في 15 ديسمبر 2025 لبحث التعاون، بعد لقاء جرى في مارس 2025 بين الجانبين.")
    assert extract(page, knowledge).published_bounds == (dt.date(2025, 3, 1), None)


def test_today_weekday_with_an_event_that_day(knowledge) -> None:
    page = ("روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n"
            "أعلنت سيول اليوم الأربعاء أن الشحنة رصدت قرب الحدود، مؤكدة أنها تتابع الأمر عن كثب مع حلفائها.\n"
            "وكانت الأقمار الصناعية قد رصدت الأربعاء 12 نوفمبر 2025 حركة كثيفة في الميناء الروسي المقابل.")
    published = extract(page, knowledge).published
    assert (published.iso(), published.precision) == ("2025-11-12", "day")  # a Wednesday


@pytest.mark.parametrize(("lead", "anchor", "iso"), [
    ("وصل الوزير إلى بيونغ يانغ اليوم الثلاثاء على رأس وفد عسكري كبير", "وتبلغ الاحتفالات ذروتها الخميس 27 يوليو/تموز", "2023-07-25"),
    ("يزور لافروف بيونغ يانغ اليوم الأربعاء في زيارة تستمر يومين", "ويلتقي الزعيم الكوري غدا الخميس 19 أكتوبر 2023", "2023-10-18"),
    ("أجرى لافروف أمس السبت محادثات مع نظيرته في وونسان", "وكان قد وصل مساء الجمعة 11 تموز/يوليو 2025", "2025-07-13"),
])
def test_weekday_cue_against_a_day_the_text_names_with_its_weekday(knowledge, lead, anchor, iso) -> None:
    page = f"عنوان الخبر عن الزيارة\n{lead}.\n{anchor} بحضور كبار المسؤولين من البلدين.\n{BODY}"
    published = extract(page, knowledge).published
    assert (published.iso(), published.precision) == (iso, "day")


def test_no_weekday_inference_from_a_background_date(knowledge) -> None:
    page = ("عنوان الخبر عن الزيارة\nأعلنت سيول اليوم الأربعاء أنها ترصد شحنات جديدة عبر الحدود البرية.\n"
            "ويأتي ذلك بعد المعاهدة التي وقعها البلدان في 19 يونيو 2024 في بيونغ يانغ خلال قمة بين الزعيمين.")
    assert extract(page, knowledge).published is None


def test_copyright_year_only_when_the_events_agree(knowledge) -> None:
    agree = f"روسيا تتسلم شحنة ذخائر جديدة\nوأكدت سيول أن الشحنة وصلت في مارس 2024 إلى روسيا عبر البحر.\n{BODY}\n© 2024 الموقع"
    older = f"روسيا تتسلم شحنة ذخائر جديدة\nوأكدت سيول أن الشحنة وصلت في مارس 2023 إلى روسيا عبر البحر.\n{BODY}\n© 2025 الموقع"
    assert extract(agree, knowledge).published.iso() == "2024"
    e = extract(older, knowledge)
    assert e.published is None and e.published_bounds == (dt.date(2023, 3, 1), dt.date(2025, 12, 31))


def test_section_labels_above_the_headline_are_not_the_title(knowledge) -> None:
    page = f"الرئيسية\nعربي ودولي\nإعلان\nروسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n{BODY}"
    article = parse_article(page, Path("x.txt"), knowledge)
    assert article.title == "روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ"
    assert article.title_source == "headline"


def test_a_title_from_the_first_sentence_is_never_cut_at_a_comma(knowledge) -> None:
    page = ('أكد أمين عام حلف شمال الأطلسي "الناتو"، في مؤتمر صحفي ببروكسل، أن إرسال كوريا الشمالية '
            'جنودا إلى روسيا يمثل تصعيدا خطيرا. وأضاف أن الحلف يتشاور مع شركائه في آسيا.\n' + BODY)
    title = parse_article(page, Path("x.txt"), knowledge).title
    assert title.endswith("يمثل تصعيدا خطيرا")


@pytest.mark.parametrize(("weekday", "iso"), [("الثلاثاء", "2025-09-02"), ("الأربعاء", "2025-09-03"), ("الاثنين", "2025-09-01")])
def test_a_scraper_date_yields_to_the_weekday_of_the_lead(knowledge, weekday, iso) -> None:
    page = (f" date 2025-09-03\nبوتين وكيم يلتقيان في بكين على هامش العرض العسكري\n"
            f"التقى الرئيس الروسي والزعيم الكوري الشمالي في بكين اليوم {weekday} قبيل العرض العسكري الكبير.\n{BODY}")
    published = extract(page, knowledge).published
    assert (published.iso(), published.precision) == (iso, "day")


@pytest.mark.parametrize(("opening", "outlet"), [
    ("موسكو - سبوتنيك. قال الكرملين إن الزيارة ناجحة وإن البلدين اتفقا على التعاون.", "سبوتنيك عربي"),
    ("الغد - وصل وزير الخارجية الروسي إلى بيونغ يانغ في زيارة تستمر يومين للقاء نظيرته.", "الغد"),
    ("كييف - قال الرئيس الأوكراني إن قواته أسرت جنديين كوريين شماليين في منطقة كورسك.", None),
])
def test_an_outlet_credit_opening_the_lead(knowledge, opening, outlet) -> None:
    assert extract(f"عنوان الخبر عن الزيارة الجديدة\n{opening}\n{BODY}", knowledge).outlet == outlet


@pytest.mark.parametrize("byline", ["كتب: محمد علي", "كتبت : سارة أحمد", "بقلم: يورونيوز مع أ ف ب", "متابعات محمد"])
def test_a_byline_is_neither_text_nor_a_person(knowledge, byline) -> None:
    e = extract(f"عنوان الخبر عن الزيارة الجديدة\n{byline}\n{BODY}", knowledge)
    assert not any(byline.split(":")[-1].strip().split()[0] in p for p in (c.name for c in e.candidates))
    assert (e.outlet == "يورونيوز") == ("يورونيوز" in byline)


def test_a_menu_above_the_headline_and_the_site_name_after_it(knowledge) -> None:
    menu = "\n".join(["الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "منوعات", "فيديو"])
    page = f"{menu}\nروسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ - سكاي نيوز عربية\n{BODY}"
    article = parse_article(page, Path("x.txt"), knowledge)
    assert article.title == "روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ"


@pytest.mark.parametrize(("credit", "outlet"), [
    ("سيول: «الشرق الأوسط»", "الشرق الأوسط"), ("فرانس24/ أ ف ب", "فرانس 24"), ("نص: فرانس24", "فرانس 24"),
])
def test_credit_lines_in_more_forms(knowledge, credit, outlet) -> None:
    assert extract(f"عنوان الخبر عن الزيارة الجديدة\n{credit}\n{BODY}", knowledge).outlet == outlet


def test_a_skip_link_and_a_long_site_name_above_the_headline(knowledge) -> None:
    page = f" date 2025-01\nتخطى إلى المحتوى\nبي بي سي نيوز عربي\nالرئيسية\nأخبار\nروسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ\n{BODY}"
    article = parse_article(page, Path("x.txt"), knowledge)
    assert article.title == "روسيا تتسلم شحنة ذخائر جديدة من بيونغ يانغ"
    assert extract(page, knowledge).outlet == "بي بي سي عربي"
