"""Quote speakers, pattern by pattern, with the traps: a dateline city or a country named
nearby is never a speaker, an anonymous source has none. Arabic text written for these tests."""

import datetime as dt
from pathlib import Path

import pytest

from generator.extract import extract_article
from generator.ingest.article import parse_article

TODAY = dt.date(2026, 11, 22)


def speakers(text: str, knowledge) -> list[tuple[str | None, str]]:
    e = extract_article(parse_article("عنوان الخبر\n" + text, Path("t.txt"), knowledge), knowledge, TODAY)
    return [(q.speaker, q.text) for q in e.quotes]


def speaker_of(text: str, words: str, knowledge) -> str | None:
    found = [s for s, quoted in speakers(text, knowledge) if words in quoted]
    assert found, f"no quote holds «{words}»: {speakers(text, knowledge)}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # verb first, known person with a role
        ("وقال المتحدث باسم الكرملين دميتري بيسكوف إن المحادثات كانت بناءة جدا.", "المحادثات كانت بناءة",
         "دميتري بيسكوف"),
        # a person the knowledge base does not know
        ("وقال المتحدث باسم الحكومة اليابانية يوشيماسا هاياشي إن طوكيو تتابع الوضع بقلق.", "طوكيو تتابع الوضع",
         "يوشيماسا هاياشي"),
        # speaker after the quotation
        ("\"لن نسلمهما إلا مقابل مقاتلينا\"، قال زيلينسكي في منشور على منصة إكس.", "لن نسلمهما إلا مقابل",
         "فولوديمير زيلينسكي"),
        # «نقلت <agency> عن <person> قوله»: the person, not the agency
        ("ونقلت وكالة تاس عن مساعد الرئيس الروسي يوري أوشاكوف قوله إن الجانبين لم يوقعا أي اتفاق.",
         "الجانبين لم يوقعا", "يوري أوشاكوف"),
        # institutions, known and unknown
        ("وقالت وزارة الدفاع الكورية الجنوبية إن الصاروخين سقطا في البحر.", "الصاروخين سقطا في البحر",
         "وزارة الدفاع الكورية الجنوبية"),
        ("وأعلنت الحكومة اليابانية أن العقوبات الجديدة ستدخل حيز التنفيذ.", "العقوبات الجديدة ستدخل",
         "الحكومة اليابانية"),
        # a country as the subject right after the verb
        ("وقالت كوريا الجنوبية إن الشحنات تنتهك قرارات مجلس الأمن.", "الشحنات تنتهك قرارات", "كوريا الجنوبية"),
        # anonymous sources: no speaker
        ("وقال مصدر مطلع إن القمة ستعقد الشهر المقبل في موسكو.", "القمة ستعقد الشهر المقبل", None),
        ("وقال مسؤولون أمريكيون إن بيونغ يانغ أرسلت شحنة جديدة من الذخائر.", "بيونغ يانغ أرسلت شحنة", None),
        # a short mention of a known person's name
        ("وقالت راشيل مينيونغ لي إن الزيارة مهمة للطرفين.\nوقال لي: “إن الأزمة قد تعزز تفكيرهم المشترك”.",
         "الأزمة قد تعزز", "راشيل مينيونغ لي"),
        # «أما فلان فيرى», «وكان فلان قد قال»
        ("أما الباحثة في معهد الدراسات الشرقية ناتاليا بوغدانوفا فترى أن موسكو \"لا تقدم التكنولوجيا مجانا\".",
         "لا تقدم التكنولوجيا مجانا", "ناتاليا بوغدانوفا"),
        ("وكان الأمين العام لحلف الناتو مارك روته قد قال إن نشر الجنود يمثل توسعا خطيرا للحرب.",
         "يمثل توسعا خطيرا", "مارك روته"),
        # «الوزارة» after the ministry was named
        ("وأعربت وزارة الخارجية الروسية عن ارتياحها.\nوقالت الوزارة إن المعاهدة ستعزز الاستقرار في المنطقة.",
         "المعاهدة ستعزز الاستقرار", "وزارة الخارجية الروسية"),
        # the agency in a dash-parenthetical only carried the statement
        ('وذكرت وزارة الخارجية الروسية - في بيان نقلته وكالة تاس - أن "المعاهدة لا تستهدف أي طرف ثالث".',
         "لا تستهدف أي طرف", "وزارة الخارجية الروسية"),
        # quotation marks the other way round, speaker after
        ("”التعاون العسكري بين البلدين يتعمق بسرعة كبيرة“، قال وزير الدفاع الكوري الجنوبي شين وون سيك.",
         "التعاون العسكري بين البلدين", "شين وون سيك"),
        ('ونُسب إلى وزير الخارجية الروسي سيرغي لافروف قوله "إن موسكو لن تتخلى عن حلفائها أبدا".',
         "لن تتخلى عن حلفائها", "سيرغي لافروف"),
        ('قال المتحدث باسم الكرملين دميتري بيسكوف للصحفيين: إن "العلاقات مع بيونغ يانغ تتطور بشكل طبيعي".',
         "تتطور بشكل طبيعي", "دميتري بيسكوف"),
        ("«لم يعد الأمر مجرد تدريب للجنود»، بهذه العبارة لخّص وزير الدفاع الروسي أندريه بيلوسوف ما جرى.",
         "لم يعد الأمر مجرد", "أندريه بيلوسوف"),
        # a participle goes with the clause's subject
        ("واستقبل وزير الخارجية الروسي سيرغي لافروف نظيرته في مقر الوزارة، واصفا العلاقات بأنها «في أعلى مستوياتها على الإطلاق».",
         "في أعلى مستوياتها", "سيرغي لافروف"),
        # «العام الماضي» is when, not who
        ("وكان وزير الدفاع الروسي أندريه بيلوسوف قد أعلن العام الماضي أن بيونغ يانغ شحنت آلاف الحاويات.",
         "بيونغ يانغ شحنت", "أندريه بيلوسوف"),
        # «الجهاز» is the agency named before, even with an object after it
        ("وأكد جهاز الاستخبارات الوطني وصول الجنود.\nوأبلغ الجهاز النواب أن عددا منهم «انخرط فعليا في العمليات القتالية».",
         "انخرط فعليا", "وكالة الاستخبارات الكورية الجنوبية"),
        # an institution's name goes on after «لـ»
        ("ويرى الباحث في المعهد الكوري لتحليلات الدفاع هان سيونغ مين أن الشمال جنى مكاسب كبيرة من تعاونه.",
         "الشمال جنى مكاسب", "هان سيونغ مين"),
    ],
)
def test_speaker(knowledge, text, words, speaker) -> None:
    assert speaker_of(text, words, knowledge) == speaker


@pytest.mark.parametrize("verb", ["وأضاف", "وتابع", "وأوضح"])
def test_a_verb_without_a_name_continues_the_previous_speaker(knowledge, verb) -> None:
    text = (f"وقال لافروف إن روسيا تقف إلى جانب أصدقائها دائما.\n{verb} أن موسكو تحترم خيارات بيونغ يانغ الدفاعية.")
    assert speaker_of(text, "موسكو تحترم خيارات", knowledge) == "سيرغي لافروف"


def test_a_paragraph_that_is_only_a_quotation_continues_the_speaker(knowledge) -> None:
    text = ("وقال ليف إريك إيسلي إن “قائمة الدول الراغبة في استقبال بوتين أقصر من أي وقت”.\n"
            "“لا تعمل القمة على تحسين مكانة كوريا الشمالية فحسب”.")
    assert speaker_of(text, "لا تعمل القمة", knowledge) == "ليف إريك إيسلي"


def test_continuation_does_not_reach_past_the_previous_paragraph(knowledge) -> None:
    text = ("وقال لافروف إن روسيا تقف إلى جانب أصدقائها دائما.\nوصل الوفد إلى المطار.\n"
            "ووقعت الاتفاقيات في القاعة الكبرى.\nوأضاف أن التعاون سيستمر لسنوات طويلة.")
    assert speaker_of(text, "التعاون سيستمر", knowledge) is None


@pytest.mark.parametrize(
    "text",
    [
        "دبي - قال المتحدث باسم الوزارة إن الوفد سيصل غدا إلى العاصمة.",
        "سيول (رويترز) - قال مسؤول في الجيش إن الصاروخ سقط في البحر الشرقي.",
        "وفي موسكو، قال مصدر دبلوماسي إن المحادثات ستستمر حتى الغد.",
        "وقال مسؤول في كوريا الجنوبية إن الشحنات وصلت إلى ميناء روسي.",
    ],
)
def test_a_dateline_city_or_a_place_nearby_is_never_the_speaker(knowledge, text) -> None:
    assert all(s is None for s, _text in speakers(text, knowledge))
