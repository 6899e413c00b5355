"""Five articles arrive as scraped pages from five outlets (conftest.ARRIVALS): what a reader
then sees on the home, topic, timeline, article-list and feed pages stays true."""

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.config import Settings
from generator.pipeline import build

from conftest import arrival_paths

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("arrivals") / "project")
    for path in arrival_paths():
        shutil.copy(path, project / "seeds" / path.name)
    report = build(Settings.for_project(project))
    assert report.articles == 10 and not report.errors
    return project / "site_src"


def section(page: str, heading: str) -> str:
    """The text of ``page`` from ``heading`` to the next heading of its level or higher."""
    start = page.index(heading)
    level = heading.split(" ")[0]
    after = re.search(rf"^#{{1,{len(level)}}} ", page[start + len(heading):], flags=re.M)
    return page[start:start + len(heading) + (after.start() if after else len(page))]


def test_the_cut_off_is_the_newest_date_known_and_counts_the_undated(site: Path) -> None:
    home = (site / "index.md").read_text(encoding="utf-8")
    cut_off = section(home, "!!! info")
    assert "3 سبتمبر 2025" in cut_off  # the scraper's « date 2025-09-03» line of the newest arrival
    assert "3 مقالات بلا تاريخ نشر معروف" in cut_off  # three seeds state no date
    assert "`published:`" in cut_off and "python -m generator review" in cut_off


def test_latest_developments_are_events_never_stamps_bylines_or_dates_alone(site: Path) -> None:
    latest = section((site / "index.md").read_text(encoding="utf-8"), "## آخر التطورات")
    lines = [line for line in latest.splitlines() if line.startswith("- ")]
    assert len(lines) >= 5
    for line in lines:
        text = line.split("—", 1)[1]
        assert not re.search(r"date \d{4}|إعلان|مساءً|\d{1,2}:\d{2}|نُشر في|آخر تحديث", text), line
        assert len(text.split("(")[0].split()) >= 6, line  # says something beside its date
    assert "1953" not in latest and "1991" not in latest


def test_key_figures_count_what_the_topics_count_and_vague_amounts_are_no_number(site: Path) -> None:
    figures = section((site / "index.md").read_text(encoding="utf-8"), "## أرقام رئيسية")
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in figures.splitlines() if line.startswith("| ")
            and "---" not in line and "الرقم" not in line}
    assert not {"دول", "بالمئة"} & set(rows)
    sent = rows["جنود إلى روسيا"]
    assert not re.search(r"(?<![\d,])1,000", sent)  # «آلاف الجنود» is thousands, not 1,000
    assert "10,000" in sent  # «عشرة آلاف جندي»
    assert "جنود (قتلى وجرحى)" in rows  # the killed and wounded are not the troops sent
    # sent to Russia apart from the «9000 حاوية روسية … مليئة بالمساعدات» that came back
    assert {"حاويات إلى روسيا", "حاويات (مساعدات)"} <= set(rows)


def test_topic_timelines_keep_background_apart(site: Path) -> None:
    page = (site / "topics" / "arms-transfers.md").read_text(encoding="utf-8")
    developments = section(page, "## التسلسل الزمني").split('??? note "خلفية')[0]
    assert "1953" not in developments and "1991" not in developments and "2019" not in developments
    background = page[page.index('??? note "خلفية'):]
    assert "1953" in background.split("## ")[0]


def test_figure_tables_quote_the_articles_counted_nouns(site: Path) -> None:
    page = (site / "topics" / "arms-transfers.md").read_text(encoding="utf-8")
    table = section(page, "## الأرقام")
    assert "12 ألف جندي" in table and "7000 حاوية" in table
    assert not re.search(r"\d[\d,]* (جنود|حاويات|قذائف|صواريخ)\b", table)  # «11,000 جنود», «1,000 حاويات»


def test_article_lists_place_the_undated_by_what_they_report(site: Path) -> None:
    articles = (site / "articles" / "index.md").read_text(encoding="utf-8")
    assert "غير معروف، غير معروف" not in articles
    lines = [line for line in articles.splitlines() if line.startswith("- [")]
    wonsan = next(i for i, line in enumerate(lines) if "004_6ce7f2ee4d1dc447" in line)
    treaty = next(i for i, line in enumerate(lines) if "d14_alittihad" in line)
    bombing = next(i for i, line in enumerate(lines) if "003_fce2e71726e4ec69" in line)
    assert "بعد يونيو 2024" in lines[wonsan]
    assert treaty < wonsan < bombing  # after 20 June 2024, before the October 2023 article
    timeline = (site / "timeline.md").read_text(encoding="utf-8")
    undated = section(timeline, "## مقالات بلا تاريخ نشر")
    assert undated.count("- [") == 3 and "بعد يونيو 2024" in undated


def test_the_feed_puts_the_newest_arrival_first(site: Path) -> None:
    feed = ET.parse(site / "feed.atom.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "بوتين وكيم يلتقيان في بكين على هامش العرض العسكري الصيني"


@pytest.mark.parametrize(("n", "text"), [
    (1, "مقال واحد"), (2, "مقالان"), (3, "3 مقالات"), (10, "10 مقالات"), (11, "11 مقالاً"),
    (99, "99 مقالاً"), (100, "100 مقال"), (103, "103 مقالات"), (111, "111 مقالاً"), (1000, "1,000 مقال"),
])
def test_counted_nouns_agree_with_their_numbers(n: int, text: str) -> None:
    from generator.site.formats import counted

    assert counted(n, "article") == text


@pytest.mark.parametrize(("date", "published", "placed", "background"), [
    ("1953", "2024-06-20", "2024-06-20", True), ("2024-06", "2024-06-20", "2024-06-20", False),
    ("2023-10-19", "2024-06-20", "2024-06-20", True), ("2024-03-01", "2024-06-20", "2024-06-20", False),
    ("2019", None, "2019", True),  # placed by the very year it recalls: context, not news
    ("2024-06-19", None, "2024-06-19", False),
])
def test_background_is_what_lies_long_before_the_article(date, published, placed, background) -> None:
    import datetime as dt

    from generator.briefing.assemble import is_background
    from generator.model import DateValue

    def value(iso: str | None) -> DateValue | None:
        if iso is None:
            return None
        precision = {4: "year", 7: "month", 10: "day"}[len(iso)]
        return DateValue(dt.date.fromisoformat((iso + "-01-01")[:10]), precision)

    assert is_background(value(date), value(published), value(placed)) is background


def test_the_treaty_box_states_the_signing_the_articles_give(site: Path) -> None:
    page = (site / "topics" / "treaty.md").read_text(encoding="utf-8")
    signing = next(line for line in page.splitlines() if line.startswith("| **التوقيع**"))
    assert "19 يونيو 2024" in signing and "بيونغ يانغ" in signing
    assert "فلاديمير بوتين" in signing and "كيم جونغ أون" in signing


def test_figures_of_one_unit_that_count_different_things_stand_apart(knowledge) -> None:
    from generator.extract import extract_article
    from generator.ingest.article import parse_article

    page = ("روسيا وكوريا الشمالية تتبادلان الشحنات\nوقالت سيول إن روسيا أرسلت 300 حاوية من المساعدات الغذائية "
            "إلى كوريا الشمالية، بينما أرسلت بيونغ يانغ 7000 حاوية من الذخائر إلى روسيا، وتلقت 9000 حاوية روسية.\n"
            "وقدرت كييف أن ألفي جندي كوري شمالي قتلوا في المعارك، من أصل 11 ألف جندي.")
    found = {q.text: q.facet for q in extract_article(parse_article(page, Path("x.txt"), knowledge), knowledge).quantities}
    assert found == {"300 حاوية": "aid", "7000 حاوية": "to-russia", "9000 حاوية": "to-north-korea",
                     "ألفي جندي": "casualties", "11 ألف جندي": "to-russia"}
