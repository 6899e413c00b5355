"""The summary boxes' facts (generator/briefing/facts.py), fact by fact, with the traps: a
condemnation that names the treaty is not its signing, the 2000 treaty and a planned new
one are not the 2024 signing, another parliament's ratification is not this one, and two
articles giving different dates are both shown. Arabic sentences written for these tests;
then what the box shows for the seeds, which state the signing at month precision only."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator import knowledge as kb
from generator.briefing.facts import SUMMIT_ROWS, summits, treaty_rows
from generator.errors import KnowledgeError
from generator.extract import extract_article
from generator.ingest.article import parse_article
from generator.model import DateValue, Entry, Metadata

TODAY = dt.date(2026, 11, 22)


def article(text: str, knowledge, stem: str = "a", published: str | None = "2024-12-20") -> Entry:
    """An article of one or more paragraphs (lines), published on ``published``."""
    parsed = parse_article("عنوان الخبر\n" + text, Path(f"{stem}.txt"), knowledge)
    extraction = extract_article(parsed, knowledge, TODAY)
    date = DateValue(dt.date.fromisoformat(published), "day") if published else None
    return Entry(parsed, extraction, Metadata(parsed.title, None, date, None, extraction.topics), stem)


def items(*entries: Entry) -> list:
    return [(e, p) for e in entries for p in e.article.paragraphs]


def row(label: str, knowledge, *entries: Entry):
    return next(r for r in treaty_rows(items(*entries), knowledge) if r.label == label)


def stated(label: str, text: str, knowledge) -> list:
    return list(row(label, knowledge, article(text, knowledge)).facts)


# signing --------------------------------------------------------------------------------

def test_signing_gives_date_place_and_signatories(knowledge) -> None:
    [fact] = stated("التوقيع", "ووقّع الرئيس الروسي فلاديمير بوتين والزعيم الكوري الشمالي كيم جونغ أون "
                    "المعاهدة في بيونغ يانغ في 19 يونيو 2024 خلال زيارة دولة.", knowledge)
    assert (fact.date.iso(), fact.date.precision) == ("2024-06-19", "day")
    assert fact.place == "بيونغ يانغ"
    assert set(fact.who) == {"فلاديمير بوتين", "كيم جونغ أون"}
    assert "19 يونيو 2024" in fact.sentence and fact.source.paragraph.n == 1


def test_the_treaty_before_its_verb_is_signed_too(knowledge) -> None:
    [fact] = stated("التوقيع", "وجاءت المناورات بعد المعاهدة التي وقعها الزعيمان في بيونغ يانغ "
                    "في يونيو/حزيران 2024.", knowledge)
    assert (fact.date.iso(), fact.date.precision, fact.place, fact.who) == ("2024-06", "month", "بيونغ يانغ", ())


@pytest.mark.parametrize("text", [
    # a condemnation that names the treaty (and even its signing)
    "وأدانت كوريا الجنوبية بشدة توقيع المعاهدة بين موسكو وبيونغ يانغ في يونيو 2024، ووصفتها بأنها تهديد.",
    "ونددت سول بالمعاهدة التي وقعها بوتين وكيم جونغ أون في بيونغ يانغ.",
    # the 2000 treaty
    "وكان بوتين قد وقع في يوليو 2000 معاهدة مع الزعيم الراحل كيم جونغ إيل في بيونغ يانغ.",
    "ووقع البلدان معاهدة الصداقة وحسن الجوار خلال زيارة بوتين الأولى لبيونغ يانغ.",
    "وحلت معاهدة عام 2000 التي وقعها بوتين وكيم جونغ إيل محل معاهدة سابقة.",
    # a new treaty planned, not signed
    "ويعتزم البلدان توقيع معاهدة جديدة خلال زيارة بوتين المرتقبة إلى بيونغ يانغ.",
    "وقال مسؤول روسي إن بوتين وكيم جونغ أون يوقعان معاهدة شراكة جديدة الأسبوع المقبل.",
    # «وقع» of something else, near the treaty
    "ووقع بوتين قانون التصديق على المعاهدة في 9 نوفمبر 2024.",
    # the seeds' clause sentence: the treaty named, nothing signed
    "كما أن بند الدفاع المشترك في المعاهدة العسكرية الأخيرة يوفر لبيونغ يانغ طبقة غير مسبوقة من الضمانات.",
])
def test_what_is_not_the_2024_signing(text: str, knowledge) -> None:
    assert stated("التوقيع", text, knowledge) == []


def test_a_new_treaty_signed_in_2024_is_the_signing(knowledge) -> None:
    [fact] = stated("التوقيع", "ووقّع بوتين وكيم جونغ أون معاهدة جديدة للشراكة الاستراتيجية الشاملة "
                    "في 19 يونيو 2024.", knowledge)
    assert fact.date.iso() == "2024-06-19"


def test_two_signing_dates_are_shown_side_by_side_the_oldest_dated_first(knowledge) -> None:
    undated = article("ووقع بوتين وكيم جونغ أون المعاهدة في بيونغ يانغ.", knowledge, "a", "2024-06-19")
    first = article("ووقع بوتين وكيم جونغ أون المعاهدة في 19 يونيو 2024.", knowledge, "b", "2024-06-21")
    other = article("وكان الزعيمان قد وقعا المعاهدة في 20 يونيو 2024.", knowledge, "c", "2024-07-01")
    agrees = article("ووقع بوتين وكيم جونغ أون المعاهدة في يونيو 2024.", knowledge, "d", "2024-08-01")
    facts = row("التوقيع", knowledge, agrees, other, first, undated).facts
    assert [(f.date.iso(), f.source.entry.slug) for f in facts] == [("2024-06-19", "b"), ("2024-06-20", "c")]
    assert [s.entry.slug for s in facts[0].also] == ["a", "d"]


# the clause -----------------------------------------------------------------------------

def test_the_clause_after_tanussu_ala_with_its_article(knowledge) -> None:
    [fact] = stated("بند الدفاع المشترك", "وتنص المادة الرابعة من المعاهدة على أن يقدم كل طرف المساعدة "
                    "العسكرية فوراً بكل الوسائل المتاحة إذا تعرض الطرف الآخر لهجوم مسلح.", knowledge)
    assert fact.text == "أن يقدم كل طرف المساعدة العسكرية فوراً بكل الوسائل المتاحة إذا تعرض الطرف الآخر لهجوم مسلح"
    assert fact.article == "المادة الرابعة"


def test_the_clause_quoted_and_cut_to_twenty_words(knowledge) -> None:
    [short] = stated("بند الدفاع المشترك", "ويلزم بند الدفاع المشترك كل طرف بتقديم \"المساعدة العسكرية الفورية "
                     "بكل الوسائل المتاحة\" إذا تعرض الآخر لعدوان.", knowledge)
    assert (short.text, short.article) == ("المساعدة العسكرية الفورية بكل الوسائل المتاحة", "")
    words = " ".join(f"كلمة{i}" for i in range(30))
    [long] = stated("بند الدفاع المشترك", f"وينص بند الدفاع المشترك في المادة 4 على «{words}».", knowledge)
    assert long.text == " ".join(f"كلمة{i}" for i in range(20)) + "…" and long.article == "المادة 4"


def test_a_clause_named_but_not_stated_is_not_its_text(knowledge) -> None:
    text = "كما أن بند الدفاع المشترك في المعاهدة يوفر لبيونغ يانغ ضمانات أمنية غير مسبوقة."
    assert stated("بند الدفاع المشترك", text, knowledge) == []


# ratification, entry into force, invocation ---------------------------------------------

@pytest.mark.parametrize(("text", "who", "when"), [
    ("وصادق مجلس الدوما الروسي على المعاهدة في 24 أكتوبر 2024.", ("مجلس الدوما",), "2024-10-24"),
    ("وصادقت الجمعية الشعبية العليا في كوريا الشمالية على المعاهدة في نوفمبر 2024.",
     ("الجمعية الشعبية العليا",), "2024-11"),
    ("ووقع بوتين قانون التصديق على المعاهدة في 9 نوفمبر 2024.", ("فلاديمير بوتين",), "2024-11-09"),
    ("ووقع الرئيس الروسي فلاديمير بوتين، في 9 نوفمبر 2024، قانونا يصادق على معاهدة الشراكة "
     "الاستراتيجية الشاملة مع كوريا الشمالية.", ("فلاديمير بوتين",), "2024-11-09"),
])
def test_ratification_by_whom_and_when(text: str, who: tuple, when: str, knowledge) -> None:
    [fact] = stated("التصديق", text, knowledge)
    assert (fact.who, fact.date.iso()) == (who, when)


@pytest.mark.parametrize("text", [
    "وصادق البرلمان الكوري الجنوبي على اتفاقية التجارة الحرة مع بريطانيا في 12 نوفمبر 2024.",
    "وصادق البرلمان الكوري الجنوبي على زيادة ميزانية الدفاع ردا على المعاهدة بين موسكو وبيونغ يانغ.",
    "ومن المتوقع أن يصادق مجلس الدوما على المعاهدة الشهر المقبل.",
])
def test_what_is_not_the_treatys_ratification(text: str, knowledge) -> None:
    assert stated("التصديق", text, knowledge) == []


def test_entry_into_force_when_not_when_expected(knowledge) -> None:
    [fact] = stated("دخول حيز التنفيذ", "ودخلت المعاهدة حيز التنفيذ في 4 ديسمبر 2024 بعد تبادل وثائق "
                    "التصديق في موسكو.", knowledge)
    assert fact.date.iso() == "2024-12-04"
    assert stated("دخول حيز التنفيذ", "ومن المتوقع أن تدخل المعاهدة حيز التنفيذ بعد المصادقة عليها.",
                  knowledge) == []


@pytest.mark.parametrize(("text", "done"), [
    ("وأرسلت كوريا الشمالية آلاف الجنود إلى منطقة كورسك الروسية بموجب المعاهدة في أكتوبر 2024.",
     "وأرسلت كوريا الشمالية آلاف الجنود إلى منطقة كورسك الروسية"),
    ("واستناداً إلى المعاهدة، شاركت القوات الكورية الشمالية في طرد القوات الأوكرانية من كورسك.",
     "شاركت القوات الكورية الشمالية في طرد القوات الأوكرانية من كورسك"),
])
def test_what_the_treaty_was_invoked_for(text: str, done: str, knowledge) -> None:
    [fact] = stated("الاستناد إليها", text, knowledge)
    assert fact.text == done


def test_according_to_a_source_is_no_invocation(knowledge) -> None:
    text = "ووفقا لما ذكرته وكالة يونهاب، فإن المعاهدة تعزز التعاون العسكري بين موسكو وبيونغ يانغ."
    assert stated("الاستناد إليها", text, knowledge) == []


# summits --------------------------------------------------------------------------------

def test_meetings_merged_across_articles_newest_first(knowledge) -> None:
    one = article("والتقى بوتين كيم جونغ أون في بيونغ يانغ في 19 يونيو 2024.", knowledge, "a", "2024-06-19")
    two = article("واستقبل كيم جونغ أون الرئيس الروسي فلاديمير بوتين في بيونغ يانغ في 19 يونيو 2024.",
                  knowledge, "b", "2024-06-20")
    three = article("والتقى وزير الخارجية الروسي سيرغي لافروف نظيرته الكورية الشمالية تشوي سون هوي "
                    "في وونسان في 12 يوليو 2025.", knowledge, "c", "2025-07-12")
    found = summits(items(one, two, three), knowledge)
    assert [(f.date.iso(), f.place, set(f.who)) for f in found] == [
        ("2025-07-12", "وونسان", {"سيرغي لافروف", "تشوي سون هوي"}),
        ("2024-06-19", "بيونغ يانغ", {"فلاديمير بوتين", "كيم جونغ أون"})]
    assert found[1].source.entry.slug == "a" and [s.entry.slug for s in found[1].also] == ["b"]


@pytest.mark.parametrize("text", [
    "ومن المتوقع أن يلتقي بوتين كيم جونغ أون في بيونغ يانغ الأسبوع المقبل.",
    "والتقى لافروف وزير الخارجية الصيني وانغ يي في بكين في 2 أبريل 2024.",  # not the two sides
    "وهذا أول لقاء بين بوتين وكيم جونغ أون منذ عام 2019.",  # neither place nor date of its own
    "وقال كيم جونغ أون إن لقاءه مع بوتين كان مثمرا.",  # neither place nor date
])
def test_what_is_no_summit_row(text: str, knowledge) -> None:
    assert summits(items(article(text, knowledge)), knowledge) == []


def test_at_most_eight_summits(knowledge) -> None:
    lines = "\n".join(f"والتقى لافروف كيم جونغ أون في بيونغ يانغ في {month} 2024." for month in
                      ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر"))
    found = summits(items(article(lines, knowledge)), knowledge)
    assert len(found) == SUMMIT_ROWS and [f.date.value.month for f in found] == list(range(10, 2, -1))


# the knowledge base ---------------------------------------------------------------------

def test_the_boxes_vocabulary_is_checked_with_file_key_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    shutil.copytree(kb.HERE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    topics = folder / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    text = text.replace("      kind: signing", "      kind: sign", 1).replace("  year: 2024", "  year: next")
    text = text.replace("      unless: [plan, hypothetical]\n    - label: الاستناد", "      unless: [plans]\n    - label: الاستناد")
    topics.write_text(text.replace("  sides: [russia, north-korea]", "  sides: [russia]"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        kb.load(folder)
    lines = text.splitlines()
    where = {key: f"topics.yml:{next(i for i, line in enumerate(lines, 1) if line.startswith(start))} [{key}]"
             for key, start in (("treaty_infobox.rows.0.kind", "      kind: sign"), ("treaty_infobox.year", "  year:"),
                                ("summits_infobox.sides", "  sides:"))}
    messages = [str(p) for p in info.value.problems]
    for key, place in where.items():
        assert any(place in m for m in messages), (key, messages)
    assert any("[treaty_infobox.rows.3.unless]" in m and "unknown cue list 'plans'" in m for m in messages)


# the seeds ------------------------------------------------------------------------------

def test_the_seeds_treaty_box_states_only_what_the_seeds_say(seed_briefing) -> None:
    """Only seed 004 (¶6) tells of the signing: Kim and Putin, «يونيو/حزيران 2024», no
    day and no place; no seed quotes the clause, nor states the ratification, the entry
    into force or an invocation."""
    rows = {r.label: r.facts for r in seed_briefing.topic("treaty").infobox}
    [signing] = rows.pop("التوقيع")
    assert (signing.date.iso(), signing.date.precision, signing.place) == ("2024-06", "month", None)
    assert set(signing.who) == {"فلاديمير بوتين", "كيم جونغ أون"}
    assert (signing.source.entry.article.stem[:3], signing.source.paragraph.n) == ("004", 6)
    assert rows == {label: () for label in ("بند الدفاع المشترك", "التصديق", "دخول حيز التنفيذ", "الاستناد إليها")}


def test_the_seeds_treaty_page_shows_the_box(seed_briefing, knowledge) -> None:
    from generator.site.render import render_site

    from conftest import ROOT

    page = render_site(seed_briefing, ROOT / "templates" / "pages", knowledge, "salt")[0]["topics/treaty.md"]
    box = page[page.index("## المعاهدة في سطور"):page.index("## التسلسل الزمني")]
    assert "| **التوقيع** | **التاريخ:** يونيو 2024 · **المكان:** غير مذكور · **الموقّعون:** " in box
    assert box.count("| لا تذكره المقالات بعد | — |") == 4
    assert "19 يونيو" not in box and "بيونغ يانغ" not in box.split("[^fact-1]:")[0]


def test_a_quotation_about_the_treaty_is_not_its_clause(knowledge) -> None:
    [fact] = stated("بند الدفاع المشترك", "وتتضمن المعاهدة بنداً يلزم كل طرف بتقديم المساعدة العسكرية الفورية للآخر "
                    "إذا تعرض لهجوم مسلح، وهو ما وصفه بوتين بأنه «وثيقة اختراقية بحق».", knowledge)
    assert fact.text == "يلزم كل طرف بتقديم المساعدة العسكرية الفورية للآخر إذا تعرض لهجوم مسلح"


def test_what_was_done_under_the_treaty_when_it_comes_first(knowledge) -> None:
    [fact] = stated("الاستناد إليها", "أكدت كوريا الشمالية، أمس، للمرة الأولى مشاركة وحدات من جيشها في القتال "
                    "بمقاطعة كورسك، معتبرة أن ذلك جاء تطبيقا للمادة الرابعة من معاهدة الشراكة الاستراتيجية الشاملة.",
                    knowledge)
    assert fact.text.startswith("للمرة الأولى مشاركة وحدات من جيشها")


def test_a_reaction_after_the_signing_does_not_hide_it(knowledge) -> None:
    [fact] = stated("التوقيع", "أثارت معاهدة الشراكة الاستراتيجية الشاملة، التي وقعها الرئيس الروسي فلاديمير "
                    "بوتين والزعيم الكوري الشمالي كيم جونغ أون في 19 يونيو 2024 في بيونغ يانغ، موجة من الانتقادات "
                    "في كوريا الجنوبية واليابان.", knowledge)
    assert (fact.date.iso(), fact.place) == ("2024-06-19", "بيونغ يانغ")
