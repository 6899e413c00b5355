"""Ingest on the real seeds: headline found, leftovers removed and recorded, text kept."""

from pathlib import Path

import pytest

from generator.errors import ArticleError
from generator.ingest.article import parse_article, read_article

from conftest import SEEDS


def article(name: str, knowledge):
    return read_article(next(SEEDS.glob(f"{name}_*.txt")), knowledge, max_bytes=2_000_000)


def body(a) -> str:
    return "\n".join(p.text for p in a.paragraphs)


def test_headline_on_line_one_is_the_title(knowledge) -> None:
    a = article("000", knowledge)
    assert a.title == "وزير الخارجية الروسي لافروف يصل إلى كوريا الشمالية"
    assert a.title_source == "headline"
    assert not body(a).startswith(a.title)


def test_bulleted_article_gets_a_title_from_its_first_sentence(knowledge) -> None:
    a = article("001", knowledge)
    assert a.title_source == "first-sentence"
    assert not a.title.startswith("-")
    assert a.title.startswith("أعلن البلدان أن الرئيس الروسي فلاديمير بوتين")
    assert [p.kind for p in a.paragraphs[:3]] == ["highlight"] * 3
    assert not any(p.text.startswith("- ") for p in a.paragraphs)


def test_sentence_on_line_one_is_not_taken_as_a_headline(knowledge) -> None:
    a = article("002", knowledge)
    assert a.title_source == "first-sentence"
    first_sentence = a.paragraphs[0].text.split(".")[0]
    assert a.title == first_sentence  # the whole sentence, not its clause up to the comma
    assert a.paragraphs[0].text.startswith("زيارة زعيم كوريا الشمالية لروسيا تثير قلقاً شديداً")


@pytest.mark.parametrize(
    ("name", "leftover", "kind"),
    [
        ("000", "الأكثر قراءة من بلومبرج", "most-read"),
        ("000", "الأكثر قراءة من بلومبرج بيزنس ويك", "most-read"),
        ("000", "©2023 بلومبرج إل بي", "copyright"),
        ("003", "تصنيفات", "list"),
        ("003", "قصص قد تهمك", "list"),
        ("003", "سول/ دبي -رويترزالشرق", "credit"),
    ],
)
def test_site_leftovers_are_removed_and_recorded(knowledge, name, leftover, kind) -> None:
    a = article(name, knowledge)
    assert leftover not in [p.text for p in a.paragraphs]
    assert any(r.text == leftover and r.kind == kind and r.reason for r in a.removed)


def test_base64_tracking_string_is_removed(knowledge) -> None:
    a = article("004", knowledge)
    assert "aXA6IDIxNi43My4yMTYuMjQ4IA==" not in body(a)
    assert any(r.kind == "tracking" for r in a.removed)


def test_duplicated_caption_is_kept_once(knowledge) -> None:
    a = article("003", knowledge)
    captions = [p for p in a.paragraphs if "(يسار) يستقبل وزير الخارجية" in p.text]
    assert len(captions) == 1 and captions[0].kind == "caption"
    assert any(r.kind == "duplicate" for r in a.removed)


def test_article_text_survives_cleaning(knowledge) -> None:
    a = article("001", knowledge)
    assert "7000 حاوية" in body(a)
    assert "NK News" in body(a)
    assert len(a.paragraphs) == 26


def test_subheadings_are_marked(knowledge) -> None:
    a = article("004", knowledge)
    assert {p.text for p in a.paragraphs if p.kind == "heading"} >= {"تعاون عسكري", "الدفاع المشترك"}


def test_paragraph_numbers_are_consecutive(knowledge) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        a = read_article(path, knowledge, max_bytes=2_000_000)
        assert [p.n for p in a.paragraphs] == list(range(1, len(a.paragraphs) + 1))


def test_unseen_article_with_other_leftovers(knowledge) -> None:
    text = (
        "بوتين يستقبل وزير الدفاع الكوري الشمالي في موسكو\n\n"
        "موسكو - (أ ف ب)\n"
        "استقبل الرئيس الروسي فلاديمير بوتين وزير الدفاع الكوري الشمالي نو كوانغ تشول في الكرملين.\n"
        "اقرأ أيضاً: كيم يتفقد مصنعاً للذخيرة\n"
        "شارك على فيسبوك\n"
        "جميع الحقوق محفوظة لموقع المثال 2025\n"
    )
    a = parse_article(text, Path("new.txt"), knowledge)
    assert a.title == "بوتين يستقبل وزير الدفاع الكوري الشمالي في موسكو"
    assert [p.text for p in a.paragraphs] == [
        "استقبل الرئيس الروسي فلاديمير بوتين وزير الدفاع الكوري الشمالي نو كوانغ تشول في الكرملين."
    ]
    assert {r.kind for r in a.removed} == {"credit", "leftover", "copyright"}


def test_empty_article_is_refused_with_a_reason(knowledge) -> None:
    with pytest.raises(ArticleError, match="empty"):
        parse_article(" \n\u200f\n\t\n", Path("empty.txt"), knowledge)


@pytest.mark.parametrize("line", [
    "إعلان", "background", "طباعة", "شارك الخبر", "فيسبوك تويتر واتساب", "مدة القراءة: 3 دقائق",
    "الرئيسية > أخبار > العالم", "صورة أرشيفية", "(أ ف ب)", "وسوم: روسيا، كوريا الشمالية",
    "اقرأ أيضاً: كيم يزور روسيا", "مواضيع ذات صلة", "حمل تطبيق الموقع الآن", "التعليقات (3)",
])
def test_page_furniture_is_removed_with_its_reason(knowledge, line) -> None:
    body = "وقالت وزارة الدفاع الكورية الجنوبية إن الشحنات مستمرة عبر ميناء راجين منذ أشهر عدة."
    article = parse_article(f"روسيا تتسلم شحنة ذخائر جديدة\n{line}\n{body}", Path("x.txt"), knowledge)
    assert [p.text for p in article.paragraphs] == [body]
    assert [r.text for r in article.removed] == [line] and article.removed[0].reason


def test_the_items_of_a_most_read_list_are_not_article_text(knowledge) -> None:
    body = "وقالت وزارة الدفاع الكورية الجنوبية إن الشحنات مستمرة عبر ميناء راجين منذ أشهر عدة."
    page = f"روسيا تتسلم شحنة ذخائر جديدة\n{body}\nالأكثر قراءة\nترامب يلوح بعقوبات جديدة\nأسعار الذهب اليوم في مصر\n© 2025 الخليج"
    article = parse_article(page, Path("x.txt"), knowledge)
    assert [p.text for p in article.paragraphs] == [body]
    assert [r.kind for r in article.removed] == ["most-read", "list", "list", "copyright"]
