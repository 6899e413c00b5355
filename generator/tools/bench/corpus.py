"""A deterministic synthetic corpus of realistic Arabic articles, built from the seeds'
paragraphs and the knowledge base: varied headlines, outlets and credit lines, dates
spread over 2023–2026, names swapped so pages, topics, entities and timelines grow as
they would in a real briefing."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from generator.arabic import clean
from generator.build.write import atomic_write
from generator.ingest.article import read_article
from generator.knowledge import Knowledge

START, END = dt.date(2023, 1, 1), dt.date(2026, 10, 31)
MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر"]
HEADLINES = [
    "{a} يبحث مع {b} في {p} تعزيز التعاون العسكري",
    "{a} يصل إلى {p} في زيارة تستغرق يومين",
    "تقرير: {n} {u} من كوريا الشمالية إلى روسيا",
    "{a}: العلاقات مع {p} تدخل مرحلة جديدة",
    "قلق في {p} من تقارب موسكو وبيونغ يانغ",
    "{a} يتهم {b} بانتهاك العقوبات الدولية",
    "المعاهدة بين روسيا وكوريا الشمالية: {a} يتحدث عن بند الدفاع المشترك",
]
UNITS = [("حاوية", 500, 12000), ("جندي", 1000, 15000), ("قذيفة", 10000, 3000000), ("صاروخ", 10, 300)]
CREDITS = ["(%s) –", "%s - ", "موسكو - %s", "سيول/ دبي -%s"]


def seed_paragraphs(seeds: Path, knowledge: Knowledge) -> list[str]:
    """Body paragraphs of the seed articles (the raw material)."""
    found = []
    for path in sorted(seeds.glob("*.txt")):
        article = read_article(path, knowledge, max_bytes=10_000_000)
        found += [p.text for p in article.paragraphs if p.kind == "text" and len(p.text.split()) > 12]
    return found


STAMPS = ("{date} , 12:08 م", "{d}-{m}-{y} | 12:49", "نُشر في: {date} - 11:45 ص", "{y}-{m:02d}-{d:02d}")


def _date(rng: random.Random) -> dt.date:
    return START + dt.timedelta(days=rng.randrange((END - START).days))


def _arabic_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS_AR[day.month - 1]} {day.year}"


def swap_surname(paragraphs: list[str], old: str, new: str) -> list[str]:
    """``old`` (a name or a surname) replaced by ``new`` where it is whole words, after a
    one-letter proclitic at most (ولافروف): a surname such as لي is also inside الشمالية
    and حوالي."""
    word = re.compile(rf"(?<!\w)([وفبلك]?){re.escape(old)}(?!\w)")
    return [word.sub(lambda m: m[1] + new, p) for p in paragraphs]


def make_article(i: int, rng: random.Random, paragraphs: list[str], knowledge: Knowledge) -> str:
    people = [e for e in knowledge.entities.values() if e.kind == "person"]
    places = [e for e in knowledge.entities.values() if e.kind == "place"]
    outlets = [s for s in knowledge.sources if s.kind in ("outlet", "agency")]
    a, b = rng.sample(people, 2)
    place = rng.choice(places)
    unit, low, high = rng.choice(UNITS)
    n = rng.randrange(low, high)
    headline = rng.choice(HEADLINES).format(a=a.name, b=b.name, p=place.name, n=f"{n:,}".replace(",", ""), u=unit)
    day = _date(rng)
    outlet = rng.choice(outlets)
    body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 10)))
    # swap a person so entity pages and co-mentions vary: the full name where it is written
    # in full (not «كيم جونغ زيلينسكي»), else the surname
    swap_from, swap_to = rng.choice(people), rng.choice(people)
    body = swap_surname(swap_surname(body, swap_from.name, swap_to.name), swap_from.name.split()[-1],
                        swap_to.name.split()[-1])
    lead = (f"{rng.choice(CREDITS) % outlet.name} قال {a.role or 'مسؤول'} {a.name} في {_arabic_date(day)} "
            f"إن {n} {unit} نُقلت بين روسيا وكوريا الشمالية خلال الأشهر الماضية، في حين نفى {b.name} ذلك.")
    # How pages date themselves: most with a stamp under the headline (in the forms of
    # tests/gold/catalogue.md), some with the copyright year only, a few with nothing.
    dating = rng.random()
    stamp = [rng.choice(STAMPS).format(d=day.day, m=day.month, y=day.year, date=_arabic_date(day))] if dating < 0.75 else []
    lines = [headline, *stamp, "", lead, ""]
    for p in body:
        lines += [p, ""]
    if dating < 0.9:
        lines.append(f"© {day.year} {outlet.name}")
    return clean("\n".join(lines)) + "\n"


def write_corpus(n: int, folder: Path, seeds: Path, knowledge: Knowledge, seed: int = 1) -> list[Path]:
    """Write ``n`` articles to ``folder`` (deterministic for a given ``seed``)."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs(seeds, knowledge)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        path = folder / f"synthetic-{seed}-{i:05d}.txt"
        atomic_write(path, make_article(i, rng, paragraphs, knowledge))
        written.append(path)
    return written
