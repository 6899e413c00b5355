"""Figures: every number with what it counts, exact values, vague amounts kept vague,
ranges, what is not a figure, and who claims each (issue 30, §7). Sentences written for
these tests; each test says what must and must not be read."""

from pathlib import Path

import pytest

from generator.extract.numbers import digits_value, prepare, read_number, tokens, vocabulary
from generator.extract.quantities import find_quantities
from generator.extract.report import quantity
from generator.ingest.article import parse_article


def figures(text: str, knowledge):
    article = parse_article("عنوان الخبر\n" + text, Path("t.txt"), knowledge)
    return find_quantities(article, knowledge)


def read(text: str, knowledge) -> list[tuple[str, float | None]]:
    return [(q.text, q.value) for q in figures(text, knowledge)]


@pytest.mark.parametrize(("text", "expected"), [
    # digits, Latin and Arabic-Indic, with separators and decimal points
    ("أرسلت 1500 جندي إلى الجبهة.", ("1500 جندي", 1500)),
    ("أرسلت ١٢٠٠٠ جندي إلى الجبهة.", ("١٢٠٠٠ جندي", 12000)),
    ("شحنت ١٢٬٠٠٠ حاوية إلى الميناء.", ("١٢٬٠٠٠ حاوية", 12000)),
    ("شحنت 12,000 حاوية إلى الميناء.", ("12,000 حاوية", 12000)),
    ("نقلت 3.000 قذيفة إلى الجبهة.", ("3.000 قذيفة", 3000)),
    ("بلغت الصفقة 2.5 مليار دولار.", ("2.5 مليار دولار", 2.5e9)),
    ("بلغت الصفقة ٢٫٥ مليون دولار.", ("٢٫٥ مليون دولار", 2.5e6)),
    ("بلغت الصفقة 1.500 مليار دولار.", ("1.500 مليار دولار", 1.5e9)),
    ("بلغت الصفقة 2,5 مليون روبل.", ("2,5 مليون روبل", 2.5e6)),
    # a scale after digits
    ("أرسلت 11 ألف جندي.", ("11 ألف جندي", 11000)),
    ("أرسلت ١٢ ألف جندي.", ("١٢ ألف جندي", 12000)),
    ("قدمت 1.5 مليون قذيفة.", ("1.5 مليون قذيفة", 1.5e6)),
    ("جنت 9 مليارات روبل.", ("9 مليارات روبل", 9e9)),
    ("ارتفع العدد إلى 14 ألفاً.", ("14 ألفاً", 14000)),
    # number words: the trap of «عشرة آلاف» read as 1,000
    ("أرسلت عشرة آلاف جندي.", ("عشرة آلاف جندي", 10000)),
    ("أرسلت ثلاثة آلاف جندي.", ("ثلاثة آلاف جندي", 3000)),
    ("رصدت خمسة ملايين قذيفة.", ("خمسة ملايين قذيفة", 5e6)),
    ("شحنت ألف حاوية.", ("ألف حاوية", 1000)),
    ("أرسلت ألفي جندي.", ("ألفي جندي", 2000)),
    ("أرسلت ألفين من الجنود.", ("ألفين من الجنود", 2000)),
    ("أطلقت مئتي صاروخ.", ("مئتي صاروخ", 200)),
    ("أطلقت مائتي صاروخ.", ("مائتي صاروخ", 200)),
    ("شحنت ثلاثمئة حاوية.", ("ثلاثمئة حاوية", 300)),
    ("شحنت ثلاث مئة حاوية.", ("ثلاث مئة حاوية", 300)),
    ("أرسلت أحد عشر جنديا.", ("أحد عشر جنديا", 11)),
    ("أطلقت اثني عشر صاروخا.", ("اثني عشر صاروخا", 12)),
    ("أطلقت عشرين صاروخا.", ("عشرين صاروخا", 20)),
    ("زار خمسين موقعا.", ("خمسين موقعا", 50)),
    ("نقلت خمسة وعشرين قطارا.", ("خمسة وعشرين قطارا", 25)),
    ("أرسلت خمسة وعشرين ألف جندي.", ("خمسة وعشرين ألف جندي", 25000)),
    ("أرسلت ألف وخمسمئة جندي.", ("ألف وخمسمئة جندي", 1500)),
    ("أرسلت ثلاثة آلاف وخمسمئة جندي.", ("ثلاثة آلاف وخمسمئة جندي", 3500)),
    ("قدمت مليون ونصف المليون قذيفة.", ("مليون ونصف المليون قذيفة", 1.5e6)),
    ("أطلقت خمس سنوات من التجارب.", ("خمس سنوات", 5)),
    ("أطلقت صاروخا واحدا.", ("صاروخا واحدا", 1)),
    # duals of any noun
    ("أسرت القوات جنديين.", ("جنديين", 2)),
    ("أطلقت صاروخين باليستيين.", ("صاروخين", 2)),
    ("استمر اللقاء ساعتين.", ("ساعتين", 2)),
    ("رست سفينتين في الميناء.", ("سفينتين", 2)),
    ("أسقطت طائرتين مسيرتين.", ("طائرتين", 2)),
    ("استمرت الزيارة يومين.", ("يومين", 2)),
    ("استمرت المحادثات ساعتين ونصف.", ("ساعتين ونصف", 2.5)),
    # fractions
    ("استمر اللقاء نصف ساعة.", ("نصف ساعة", 0.5)),
    ("استمر اللقاء ساعة ونصف.", ("ساعة ونصف", 1.5)),
    ("حشدت نصف مليون جندي.", ("نصف مليون جندي", 5e5)),
    ("استمر الحوار ثلاث ساعات ونصف.", ("ثلاث ساعات ونصف", 3.5)),
    # percentages, money, calibres, distances, ages, pages, people
    ("قفزت الصادرات 57%.", ("57%", 57)),
    ("قفزت الصادرات ٥٧٪.", ("٥٧٪", 57)),
    ("قفزت الصادرات بنسبة %57 خلال العام.", ("57", 57)),
    ("قفزت الصادرات 30 بالمئة.", ("30 بالمئة", 30)),
    ("قفزت الصادرات 12 في المائة.", ("12 في المائة", 12)),
    ("بلغت الصفقة مليار دولار.", ("مليار دولار", 1e9)),
    ("أطلقت قذائف عيار 152 ملم.", ("152 ملم", 152)),
    ("أطلقت قذائف من عيار 122.", ("122", 122)),
    ("حلق الصاروخ 800 كيلومتر.", ("800 كيلومتر", 800)),
    ("سقط على بعد 60 كم من الساحل.", ("60 كم", 60)),
    ("توفي عن 73 عاماً.", ("73 عاماً", 73)),
    ("نشر تقريرا من 23 صفحة.", ("23 صفحة", 23)),
    ("حضر الحفل 300 شخص.", ("300 شخص", 300)),
    ("صوت 443 نائبا للمعاهدة.", ("443 نائبا", 443)),
    ("تحدث أمام نحو 2000 مندوب.", ("2000 مندوب", 2000)),
    ("أرسلت 2000 جندي.", ("2000 جندي", 2000)),
])
def test_exact_figures(knowledge, text, expected) -> None:
    assert read(text, knowledge) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("أرسلت آلاف الجنود إلى روسيا.", "آلاف الجنود"),
    ("أطلقت عشرات الصواريخ.", "عشرات الصواريخ"),
    ("تصل مئات الحاويات كل شهر.", "مئات الحاويات"),
    ("أرسلت عشرات الآلاف من الجنود.", "عشرات الآلاف من الجنود"),
    ("أرسلت الآلاف من الجنود.", "الآلاف من الجنود"),
    ("جنت ملايين الدولارات.", "ملايين الدولارات"),
    ("أرسلت بضعة آلاف جندي.", "بضعة آلاف جندي"),
])
def test_vague_amounts_have_no_number(knowledge, text, expected) -> None:
    (q,) = figures(text, knowledge)
    assert (q.text, q.value, q.vague, q.compared) == (expected, None, True, False)
    assert quantity(q)["value"] is None and quantity(q)["vague"] is True


def test_vague_amounts_keep_what_they_count(knowledge) -> None:
    assert [q.unit for q in figures("أرسلت آلاف الجنود وعشرات الصواريخ وملايين الدولارات.", knowledge)] == [
        "troops", "missiles", "dollars"]


@pytest.mark.parametrize(("text", "low", "high", "inside"), [
    ("قدرت العدد بين 10 و12 ألف جندي.", 10000, 12000, "10 و12 ألف جندي"),
    ("تمتد المهمة من 3 إلى 5 سنوات.", 3, 5, "3 إلى 5 سنوات"),
    ("أطلقت 3 أو 4 صواريخ.", 3, 4, "3 أو 4 صواريخ"),
    ("أرسلت 10-12 ألف جندي.", 10000, 12000, "10-12 ألف جندي"),
    ("يبلغ مداها ما بين 2500 وأربعة آلاف كيلومتر.", 2500, 4000, "2500 وأربعة آلاف كيلومتر"),
])
def test_a_range_is_one_figure_with_its_lower_bound(knowledge, text, low, high, inside) -> None:
    (q,) = figures(text, knowledge)
    assert (q.value, q.value_max) == (low, high) and inside in q.text


@pytest.mark.parametrize("text", [
    "عقدت القمة عام 2024 في بيونغ يانغ.",
    "وصل بوتين في 19 يونيو إلى العاصمة.",
    "وصل بوتين في 19 حزيران 2024 إلى العاصمة.",
    "هبطت الطائرة عند الساعة 12:08 بالتوقيت المحلي.",
    "هبطت الطائرة في 2024-06-19 صباحا.",
    "وقعت الاتفاقية في 19/6/2024 في موسكو.",
    "تنص المادة 4 من المعاهدة على الدفاع المشترك.",
    "تنص المادة الرابعة على الدفاع المشترك، وهي القمة الثالثة والأولى منذ الحرب.",
    "احتفلت بالذكرى الـ75 لتأسيس الجيش.",
    "نشر موقع 38 نورث صورا جديدة للميناء.",
    "حلقت قاذفات B-52 وطائرات Su-35 فوق المنطقة.",
    "غرقت الغواصة كورسك-2 في بحر بارنتس.",
    "أطلقت صواريخ هواسونغ-18 ومنظومات إس-400.",
    "يمكن الاتصال على الرقم +7 495 123 4567 للاستفسار.",
    "الخميس 20 يونيو 2024 03:03 مساءً",
    "قال إن التعاون بين البلدين سيستمر، والتقى الزعيمان يوم الاثنين.",
    "وهي الاتفاقية 2397 التي تبناها مجلس الأمن.",
    "وفي 2023 أرسلت بيونغ يانغ قواتها، و2024 شهدت تحولا.",
    "وأعلنت كييف في 11 يناير/كانون الثاني 2025 أسر الجنديين.",
    "اندلعت الحرب الكورية بين عامي 1950 و1953.",
    "ذكر أن القرار 2397 فرض عقوبات.",
    "التقى بوتين نظيره في الكرملين.",
])
def test_not_figures(knowledge, text) -> None:
    assert read(text, knowledge) == []


def test_a_number_left_unread_is_never_read_as_its_scale(knowledge) -> None:
    """«10،5 مليون» cannot be read for sure: neither 10 nor a million."""
    assert read("قدمت 10،5 مليون قذيفة.", knowledge) == []


def test_unknown_nouns_are_counted_as_written(knowledge) -> None:
    (q,) = figures("أرسلت 26 مهندسا إلى المصنع.", knowledge)
    assert (q.value, q.unit, q.unit_label, q.compared) == (26, "مهندسا", "مهندسا", False)


def test_units_durations_and_what_the_briefing_compares(knowledge) -> None:
    found = {q.text: q for q in figures(
        "أرسلت 300 جندي خلال 3 أيام وأطلقت قذائف عيار 152 ملم، وحضر 300 شخص.", knowledge)}
    assert (found["300 جندي"].unit, found["300 جندي"].compared, found["300 جندي"].duration) == ("troops", True, False)
    assert (found["3 أيام"].unit, found["3 أيام"].compared, found["3 أيام"].duration) == ("days", False, True)
    assert (found["152 ملم"].unit, found["152 ملم"].compared) == ("mm", False)
    assert (found["300 شخص"].unit, found["300 شخص"].compared) == ("people", False)


def test_duals_are_figures_the_briefing_does_not_compare(knowledge) -> None:
    """«بين دولتين» describes; a table of countries would set 2 against «4 دول»."""
    (q,) = figures("تحالف بين دولتين معزولتين.", knowledge)
    assert (q.text, q.value, q.unit, q.compared) == ("دولتين", 2, "countries", False)


def test_exact_numbers_count_indefinite_nouns(knowledge) -> None:
    """«3 الجنود» is not Arabic for three soldiers; «الـ11 ألف جندي» is 11,000."""
    assert read("عاد الـ11 ألف جندي إلى بلادهم.", knowledge) == [("11 ألف جندي", 11000)]


@pytest.mark.parametrize(("text", "qualifier"), [
    ("أرسلت أكثر من 11 ألف جندي.", "at-least"),
    ("نقلت حوالي 7000 حاوية.", "about"),
    ("زودتها بنحو ١٢ ألف حاوية.", "about"),
    ("رصد ما لا يقل عن 6 رحلات بحرية.", "at-least"),
    ("جنت ما يصل إلى 20 مليار دولار.", "up-to"),
    ("أطلقت 6 صواريخ.", None),
])
def test_qualifiers(knowledge, text, qualifier) -> None:
    (q,) = figures(text, knowledge)
    assert q.qualifier == qualifier


@pytest.mark.parametrize(("text", "claimant"), [
    # the speaker, never a place inside what is said
    ("قالت وزارة الدفاع الكورية الجنوبية إن بيونغ يانغ أرسلت 1000 حاوية لدعم روسيا ضد أوكرانيا.",
     "وزارة الدفاع الكورية الجنوبية"),
    ("وقال جون كيربي إن بيونغ يانغ قدمت 1000 حاوية من المعدات.", "جون كيربي"),
    # «بحسب» after the figure, an estimating verb, a subject before its verb
    ("أطلقت كوريا الشمالية صاروخين، بحسب هيئة الأركان المشتركة الكورية الجنوبية.",
     "هيئة الأركان المشتركة الكورية الجنوبية"),
    ("وقدرت هيئة الأركان المشتركة الكورية الجنوبية أن نحو ألفي جندي شاركوا.",
     "هيئة الأركان المشتركة الكورية الجنوبية"),
    ("اتهم البيت الأبيض كوريا الشمالية بتسليم روسيا أكثر من 1000 حاوية.", "البيت الأبيض"),
    # no speech verb, an anonymous official, a place after «في»
    ("أرسلت كوريا الشمالية 1000 حاوية إلى روسيا لدعم حربها على أوكرانيا.", None),
    ("أرسلت بيونغ يانغ 10 آلاف جندي لدعم أوكرانيا، بحسب ما قال مسؤول أمريكي.", None),
    ("وقال في بروكسل إن نشر عشرة آلاف جندي خطير.", None),
])
def test_claimant(knowledge, text, claimant) -> None:
    (q,) = figures(text, knowledge)
    assert q.claimant == claimant


def test_claimant_named_only_in_what_is_said_is_not_the_claimant(knowledge) -> None:
    """«وأضافت أن أوكرانيا …»: Ukraine is what is said; the speaker is the ministry of the
    sentence before."""
    found = figures("قالت وزارة الدفاع الكورية الجنوبية إن الوضع خطير. وأضافت أن أوكرانيا أسرت جنديين.", knowledge)
    assert [(q.text, q.claimant) for q in found] == [("جنديين", "وزارة الدفاع الكورية الجنوبية")]


def test_claimant_may_be_a_name_the_knowledge_base_does_not_know(knowledge) -> None:
    found = figures("وقال الباحث في معهد سيجونغ بارك جي هون إن بيونغ يانغ جنت 20 مليار دولار.", knowledge)
    assert [q.claimant for q in found] == ["بارك جي هون"]


def test_the_nearest_attribution_claims(knowledge) -> None:
    found = figures("وتشير تقديرات الاستخبارات الكورية الجنوبية إلى أن بيونغ يانغ أرسلت ١٣٠٠٠ جندي، "
                    "فيما أعلن سيرغي شويغو أن كوريا الشمالية ستوفد ٦ آلاف مهندس.", knowledge)
    assert [q.claimant for q in found] == ["وكالة الاستخبارات الكورية الجنوبية", "سيرغي شويغو"]


@pytest.mark.parametrize(("text", "scale_follows", "value"), [
    ("12000", False, 12000), ("12,000", False, 12000), ("12٬000", False, 12000),
    ("3\u2024000", False, 3000), ("1\u2024500", True, 1.5), ("2\u20245", False, 2.5), ("2٫5", False, 2.5),
    ("2,5", True, 2.5), ("2,5", False, None), ("10،5", True, None), ("0123", False, None),
    ("1234567890123", False, None),
])
def test_digits(text, scale_follows, value) -> None:
    assert digits_value(text, scale_follows) == value


def test_prepare_keeps_spans_and_decimals() -> None:
    text = "بلغت ٢٫٥ مليون و2.5 مليار."
    prepared = prepare(text)
    assert len(prepared) == len(text) and "2.5" not in prepared and "." in prepared[-1]


def test_read_number_stops_before_what_is_not_part_of_it(knowledge) -> None:
    vocab = vocabulary(knowledge)
    toks = tokens(prepare("بين 10 و12 ألف"))
    number = read_number(toks, 1, vocab)
    assert (number.value, number.end, number.scaled) == (10, 2, False)
    number = read_number(toks, 3, vocab)
    assert (number.value, number.scaled) == (12000, True)


def test_bad_figure_words_are_reported(tmp_path) -> None:
    import shutil

    from generator import knowledge as kb
    from generator.errors import KnowledgeError

    folder = tmp_path / "kb"
    shutil.copytree(kb.HERE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    patterns = folder / "patterns.yml"
    text = patterns.read_text(encoding="utf-8").replace("  عيار: mm", "  عيار: millimetres")
    patterns.write_text(text.replace("  نصف: 0.5", "  نصف: half"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        kb.load(folder)
    message = str(error.value)
    assert "units_before" in message and "fractions" in message
