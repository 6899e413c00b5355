"""Golden pages: the generated site_src/ for the seeds, compared with committed Markdown.

Regenerate on purpose only:  UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
then review the diff (git diff tests/golden) before committing it.
"""

import difflib
import os
import shutil
from pathlib import Path

import pytest

from generator.config import Settings
from generator.pipeline import build

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
EPOCH = "1795305600"  # 2026-11-22: the date the golden "updates" page shows


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("golden") / "project")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(Settings.for_project(project))
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return project / "site_src"


def pages(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*.md")) if ".state" not in p.parts}


def test_generated_pages_match_the_golden_copy(generated: Path) -> None:
    new = {k: v for k, v in pages(generated).items() if not k.startswith("assets")}
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in new.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    old = pages(GOLDEN)
    assert sorted(new) == sorted(old), "pages added or removed; regenerate with UPDATE_GOLDEN=1"
    diffs = ["".join(difflib.unified_diff(old[k].splitlines(True), new[k].splitlines(True), k, k))
             for k in new if new[k] != old[k]]
    assert not diffs, "\n".join(diffs)[:5000]


MUST = {
    "topics/arms-transfers.md": ["أبرز النقاط", "## الأرقام", "1000 حاوية", "نحو 7000 حاوية", "### حاويات إلى روسيا",
                                 "### حاويات (مساعدات)", "جون كيربي", "شين وون سيك",
                                 "## الاتهامات والنفي", "النفي", '??? note "خلفية'],
    "topics/treaty.md": ["## المعاهدة في سطور", "التوقيع", "بند الدفاع المشترك", "يونيو 2024"],
    "topics/summits.md": ["أبرز النقاط", "التسلسل الزمني", "سيرغي لافروف", "## القمم في سطور",
                          "| 19 أكتوبر 2023 | سيرغي لافروف وكيم جونغ أون — في بيونغ يانغ"],
    "topics/reactions.md": ["التصريحات", "كيرت كامبل"],
    "timeline.md": ["## 2023", "### أكتوبر 2023", "ربيع الثاني 1445 هـ", "بدقة شهر", "بدقة سنة"],
    "sources.md": ["## بلومبرج", "## الشرق", "رويترز"],
    "people/index.md": ["سيرغي لافروف", "وزير الخارجية الروسي"],
    "updates.md": ["22 نوفمبر 2026", "جديد"],
    "index.md": ["حدّ البيانات", "آخر التطورات", "أرقام رئيسية"],
}
MUST_NOT = {
    "topics/arms-transfers.md": ["تصنيفات", "قصص قد تهمك", "1,000 حاويات", "7,000 حاويات"],
    "topics/treaty.md": ["000_36d17d9b2d82f2a5.md#p-"],  # a 2023 article has no treaty paragraph
    "timeline.md": ["1000 حاوية»", "«يومين»"],  # counts and durations are not dates
    "sources.md": ["## الشرق الأوسط"],
}


@pytest.mark.parametrize("page", sorted(set(MUST) | set(MUST_NOT)))
def test_pages_contain_what_they_must(generated: Path, page: str) -> None:
    text = (generated / page).read_text(encoding="utf-8")
    missing = [s for s in MUST.get(page, []) if s not in text]
    present = [s for s in MUST_NOT.get(page, []) if s in text]
    assert (missing, present) == ([], [])


def test_every_statement_on_a_topic_page_links_to_a_paragraph(generated: Path) -> None:
    for topic in ("summits", "arms-transfers", "treaty", "reactions"):
        text = (generated / "topics" / f"{topic}.md").read_text(encoding="utf-8")
        body = text.split("## المقالات المصدر")[0]
        for line in body.splitlines():
            if line.lstrip().startswith(("- ", "| ")) and not line.startswith(("| ---", "| العدد", "| البند", "| متى")):
                if "لا شيء" in line or "لا نفي" in line or "لا تذكره المقالات" in line or "لا تذكر المقالات" in line:
                    continue
                assert "#p-" in line, f"{topic}: unsourced line: {line[:120]}"
