"""seeds/*.txt → Article: decode, clean, split into paragraphs, find the headline,
remove site leftovers (recording each removal and its reason)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from generator.arabic import clean, fold, has_arabic
from generator.errors import ArticleError
from generator.extract.stamps import read_stamp, split_stamp
from generator.ingest.decode import decode
from generator.ingest.htmltext import html_to_text, looks_like_html
from generator.ingest.safefiles import InputFileError, read_regular
from generator.knowledge import Knowledge
from generator.knowledge.match import contains_any
from generator.model import Article, Paragraph, Removed

_BULLET = re.compile(r"^\s*[-–—•*·]\s+")
_SENTENCE_END = re.compile(r"[.!?؟:،,;؛…]\s*$")
_TOKEN = re.compile(r"[A-Za-z0-9+/]{8,}={0,2}")
_CAPTION_CREDIT = re.compile(r"\s[-–—]\s*[A-Za-z][A-Za-z .&]{1,30}$|\((يسار|يمين|وسط)\)")
_DASH = re.compile(r"[-–—]")
_CREDIT_IN_BRACKETS = re.compile(r"^[^()\d]{0,30}\(([^()]{2,40})\)\s*[-–—]?\s*$")
_TITLE_SUFFIX = re.compile(r"^(.{12,}?)\s+[-–—|]\s+([^-–—|]{2,30})$")
_CREDIT_SEPARATOR = re.compile(r"[-–—/]")
_COLON_CREDIT = re.compile(r"^[^:«»\"]{1,25}:\s*[«\"“]?([^«»\"“”]{2,30})[»\"”]?\s*$")
_AGENCIES = re.compile(r"(?<!\S)\(?(وكالات|ووكالات)\)?(?!\S)")

HEADLINE_MAX_WORDS = 20
SUBHEADING_MAX_WORDS = 15
TITLE_MAX_WORDS = 45  # a first sentence longer than this is a run-on line, not a title
LABEL_LINES = 8  # section labels and menu items above a headline: at most this many lines
LABEL_MAX_WORDS = 3
CREDIT_LINE_MAX_WORDS = 6
LIST_KINDS = ("most-read", "list")  # leftover kinds that head a list of other articles or tags
LIST_ITEM_MAX_WORDS = 15


def read_article(path: Path, knowledge: Knowledge, *, max_bytes: int, regular_only: bool = False) -> Article:
    """Read one article file into an ``Article``; raise ``ArticleError`` if unusable.
    ``regular_only``: only a regular file itself, not through a symbolic link (`review`
    reading seeds/; `extract` reads whatever path it is given)."""
    data = read_bytes(path, max_bytes) if regular_only else _read_any(path)
    return article_from_bytes(path, data, knowledge, max_bytes=max_bytes)


def article_from_bytes(path: Path, data: bytes, knowledge: Knowledge, *, max_bytes: int) -> Article:
    """The ``Article`` of bytes read from ``path`` (a build reads each file once: the same
    bytes give its cache key and its text)."""
    decoded = decode(data, path, max_bytes=max_bytes)
    return parse_article(
        decoded.text, path, knowledge,
        digest=hashlib.sha256(data).hexdigest(), encoding=decoded.encoding,
    )


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """An article's bytes if it is a regular file itself of at most ``max_bytes`` (read no
    further); else ``ArticleError`` saying why."""
    try:
        return read_regular(path, max_bytes, "max_article_bytes")
    except InputFileError as exc:
        raise ArticleError(path, exc.reason) from None
    except OSError as exc:
        raise ArticleError(path, _unreadable(exc)) from None


def _read_any(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, _unreadable(exc)) from None


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "cannot read: the file vanished while the build ran (moved or deleted?)"
    return f"cannot read: {exc.strerror}"


def parse_article(
    text: str, path: Path, knowledge: Knowledge, *, digest: str = "", encoding: str = "utf-8"
) -> Article:
    """Text → Article. Pure: the same text always gives the same article."""
    notes, warnings = [], []
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        notes.append(f"decoded as {encoding} (not UTF-8)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        text = html_to_text(text)
        notes.append("an HTML page: its visible text was extracted")
    lines = clean(text).split("\n")
    blocks = [(i + 1, " ".join(line.split())) for i, line in enumerate(lines)]
    blocks = [(n, line) for n, line in blocks if line]
    if not blocks:
        raise ArticleError(path, "empty article: no text after cleaning")
    kept, removed = _remove_leftovers(blocks, knowledge)
    if not kept:
        raise ArticleError(path, "no article text: every line is a site leftover")
    labels, kept = _section_labels(kept, {fold(n) for s in knowledge.sources for n in (s.name, *s.aliases)})
    removed = sorted(removed + labels, key=lambda r: r.line)
    title, title_source, body = _headline(kept)
    title = _without_outlet_suffix(title, knowledge)
    paragraphs = tuple(
        Paragraph(n, text, kind, line) for n, (line, text, kind) in enumerate(_classify(body), 1)
    )
    if not paragraphs:  # a one-line article: the line is both title and text
        paragraphs = (Paragraph(1, kept[0][1], "text", kept[0][0]),)
    if not has_arabic(" ".join(p.text for p in paragraphs)):
        warnings.append("no Arabic text in this article")
    return Article(
        stem=path.stem, path=path, digest=digest or hashlib.sha256(text.encode()).hexdigest(),
        title=title, title_source=title_source, paragraphs=paragraphs,
        removed=tuple(removed), encoding=encoding, notes=tuple(notes), warnings=tuple(warnings),
        title_line=kept[0][0] if title_source == "headline" else 0,
    )


def _remove_leftovers(
    blocks: list[tuple[int, str]], knowledge: Knowledge
) -> tuple[list[tuple[int, str]], list[Removed]]:
    kept: list[tuple[int, str]] = []
    removed: list[Removed] = []
    seen: set[str] = set()
    source_names = [n for s in knowledge.sources for n in (s.name, *s.aliases)]
    in_list = False  # under «الأكثر قراءة», «اقرأ أيضاً», «وسوم»: the next short lines are its items
    for line_no, text in blocks:
        text = _without_tracking(line_no, text, knowledge, removed)
        rule = next((r for r in knowledge.leftovers if r.pattern.search(text)), None) if text else None
        if rule is not None:
            removed.append(Removed(line_no, text, rule.reason, rule.kind))
            in_list = rule.kind in LIST_KINDS or in_list
            continue
        if not text or in_list and _is_list_item(text):
            if text:
                removed.append(Removed(line_no, text, "عنوان أو وسم في قائمة من الموقع", "list"))
            continue
        in_list = False
        if read_stamp(text, knowledge) is not None:
            removed.append(Removed(line_no, text, "ختم التاريخ من الصفحة (النشر أو التحديث أو تاريخ اليوم)", "stamp"))
            continue
        opening = split_stamp(text, knowledge)
        if opening is not None:  # «الاسم - المدينة - التاريخ - نص المقال»: the stamp goes, the text stays
            removed.append(Removed(line_no, opening[0], "ختم التاريخ وسطر الكاتب من الصفحة", "stamp"))
            text = opening[1]
        if _is_credit_line(text, source_names):
            removed.append(Removed(line_no, text, "سطر المصدر (المدينة والوكالة)", "credit"))
            continue
        key = fold(_BULLET.sub("", text))
        if key in seen:
            removed.append(Removed(line_no, text, "تكرار لفقرة سابقة (مثل تعليق صورة مكرر)", "duplicate"))
            continue
        seen.add(key)
        kept.append((line_no, text))
    return kept, removed


def _without_tracking(line_no: int, text: str, knowledge: Knowledge, removed: list[Removed]) -> str:
    """The line without a base64 tracking token (recorded in ``removed``); "" when the
    rest is too short to be text."""
    text, token = _cut_tracking_token(text, knowledge.tracking_token_min_length)
    if token and len(text.split()) <= knowledge.tracking_line_max_words:
        removed.append(Removed(line_no, f"{token} {text}".strip(), "سلسلة تتبّع مرمّزة (base64)", "tracking"))
        return ""
    if token:
        removed.append(Removed(line_no, token, "سلسلة تتبّع مرمّزة (base64)", "tracking"))
    return text


def _is_list_item(text: str) -> bool:
    return len(text.split()) <= LIST_ITEM_MAX_WORDS and not _SENTENCE_END.search(text)


def _cut_tracking_token(text: str, min_length: int) -> tuple[str, str | None]:
    """Cut a base64 token that decodes to printable ASCII (a tracking string)."""
    for match in _TOKEN.finditer(text):
        token = match.group()
        if len(token) < min_length or len(token) % 4 or not re.search(r"[0-9+/=]", token):
            continue
        try:
            decoded = base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError):
            continue
        if decoded and all(32 <= b < 127 for b in decoded):
            rest = (text[: match.start()] + text[match.end():]).strip()
            return " ".join(rest.split()), token
    return text, None


def _is_credit_line(text: str, source_names: Iterable[str]) -> bool:
    """A short dateline or signature naming a source: «سول/ دبي -رويترزالشرق»,
    «أبوظبي - سكاي نيوز عربية», «العربية.نت - وكالات», «عواصم (الاتحاد، وكالات)»,
    «فرانس24/ أ ف ب», «سيول: «الشرق الأوسط»»."""
    if len(text.split()) > CREDIT_LINE_MAX_WORDS:
        return False
    if _CREDIT_IN_BRACKETS.match(text):
        return True
    colon = _COLON_CREDIT.match(text)
    if colon:
        return fold(colon.group(1).strip()) in {fold(n) for n in source_names}
    if not _CREDIT_SEPARATOR.search(text):
        return False
    return bool(contains_any(text, source_names)) or _AGENCIES.search(text) is not None


def _is_headline(text: str) -> bool:
    return (
        len(text.split()) <= HEADLINE_MAX_WORDS
        and not _BULLET.match(text)
        and not _SENTENCE_END.search(text)
    )


def _section_labels(kept: list[tuple[int, str]], site_names: set[str]) -> tuple[list[Removed], list[tuple[int, str]]]:
    """Site name, section and breadcrumb lines above the headline («أخبار»، «عربي ودولي»،
    «آسيا», «بي بي سي نيوز عربي»): up to LABEL_LINES lines of at most LABEL_MAX_WORDS words
    each or naming an outlet, removed only when a line that reads like a headline follows them."""
    for i, (_line, text) in enumerate(kept[:LABEL_LINES + 1]):
        if len(text.split()) > LABEL_MAX_WORDS and fold(text) not in site_names:
            if i and _is_headline(text) and not _CAPTION_CREDIT.search(text) and i + 1 < len(kept):
                return [Removed(n, t, "اسم قسم أو تصنيف من الموقع فوق العنوان", "label") for n, t in kept[:i]], kept[i:]
            break
    return [], kept


def _headline(kept: list[tuple[int, str]]) -> tuple[str, str, list[tuple[int, str]]]:
    """The title, where it came from, and the body without it.

    Line 1 is the headline when it reads like one (short, no closing punctuation, not a
    bullet). Otherwise the article has none: the title is the first sentence of the first
    line (bullet marker removed; kept whole, only a run-on one cut at ``TITLE_MAX_WORDS``),
    and line 1 stays in the body.
    """
    first = kept[0][1]
    if _is_headline(first) and len(kept) > 1:
        return first, "headline", kept[1:]
    return _title_from_sentence(_BULLET.sub("", first)), "first-sentence", kept


def _without_outlet_suffix(title: str, knowledge: Knowledge) -> str:
    """«<headline> - سكاي نيوز عربية», «<headline> | الشرق الأوسط»: the page's own name goes."""
    m = _TITLE_SUFFIX.match(title)
    if m and m.group(2).strip() in {n for s in knowledge.sources for n in (s.name, *s.aliases)}:
        return m.group(1).strip()
    return title


def _title_from_sentence(text: str) -> str:
    """The whole first sentence: a clause cut at a comma can say the opposite of the
    sentence («أكد الأمين العام لحلف الناتو»). Only a run-on line is cut, and marked «…»."""
    sentence = re.split(r"(?<=[.!?؟])\s", text, maxsplit=1)[0].rstrip(".!?؟ ")
    words = sentence.split()
    if len(words) > TITLE_MAX_WORDS:
        return " ".join(words[:TITLE_MAX_WORDS]) + "…"
    return " ".join(words)


def _classify(body: list[tuple[int, str]]) -> Iterable[tuple[int, str, str]]:
    """Label each block: highlight (leading bullets), caption, heading or text."""
    in_bullets = True
    for line_no, text in body:
        if in_bullets and _BULLET.match(text):
            yield line_no, _BULLET.sub("", text), "highlight"
            continue
        in_bullets = False
        if _CAPTION_CREDIT.search(text) and len(text.split()) <= 40:
            yield line_no, text, "caption"
        elif len(text.split()) <= SUBHEADING_MAX_WORDS and not _SENTENCE_END.search(text):
            yield line_no, text, "heading"
        else:
            yield line_no, text, "text"
