"""seeds/<stem>.yml: load and validate what a person wrote, merge it over what was
extracted (the person always wins), and refresh only the block the generator owns.

The file is never re-dumped as a whole: the generator splices its ``extracted:`` block
into the text, so a person's keys, order and comments survive byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem
from generator.ingest.safefiles import InputFileError, file_signature
from generator.knowledge import TOPIC_IDS
from generator.knowledge.yamlio import YamlSyntaxError, dump, parse, read_text
from generator.model import DateValue, Extraction, Metadata

OWNED_KEY = "extracted"
CURATED_KEYS = {
    "title": "the article's title (text)",
    "outlet": "the publishing outlet (text, or null for unknown)",
    "published": "publication date: YYYY-MM-DD, YYYY-MM or YYYY",
    "url": "where the article was found (http or https address)",
    "topics": f"list of topic ids: {', '.join(TOPIC_IDS)}",
    "exclude": "true to leave the article out of the site",
    "notes": "free text for curators (not published)",
}
HEADER = """\
# Metadata for {name}.
# Write corrections as top-level keys: {keys}.
# They always win, and the generator never rewrites them. The `extracted:` block
# below is what the generator found; it is refreshed on every build.
"""
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass
class Curated:
    """What a person wrote in one metadata file, validated; ``writable`` is False when the
    file could not be parsed (then it is left exactly as it is)."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    writable: bool = True
    text: str = ""
    unchanged_block: bool = False  # the file already ends with the current extracted block
    # where the ``extracted:`` block stands in ``text`` (start, end), found when the whole
    # file was parsed: ``updated_text`` then splices without parsing it again
    owned_span: tuple[int, int] | None = None


def load_curated(path: Path, owned: str | None = None,
                memo: dict[Path, tuple[tuple | None, str, str | None, Curated]] | None = None,
                signed: Callable[[Path], tuple | None] = file_signature) -> Curated:
    """Read ``path`` (missing is fine) and validate each person-set key. ``owned`` is the
    current ``extracted:`` block: when the file already ends with it, only the person's
    part is parsed (the common case on a rebuild, and by far the cheaper one). ``memo``
    (kept by a long-running process) gives back the last result for an untouched file
    (same signature: not even read) or for the same text; ``signed``: as in
    ``build.extractions.extract_all``."""
    signature = signed(path) if memo is not None else None
    found = memo.get(path) if memo is not None else None
    if found is not None and signature is not None and found[0] == signature and found[2] == owned:
        return found[3]
    try:
        text = read_text(path)
    except FileNotFoundError:
        return Curated()
    except (InputFileError, YamlSyntaxError) as exc:  # a link, a pipe, too large, not UTF-8
        return _unread(path, exc.reason)
    except OSError as exc:
        return _unread(path, f"cannot read: {exc.strerror}")
    if memo is None:
        return _parse_curated(path, text, owned)
    if found is None or found[1:3] != (text, owned):
        found = (signature, text, owned, _parse_curated(path, text, owned))
    memo[path] = (signature, *found[1:])
    return found[3]


def _unread(path: Path, reason: str, line: int | None = None, column: int | None = None,
            text: str = "") -> Curated:
    """A metadata file that is not used: its values are ignored and it is never written."""
    problem = Problem(path, f"{reason}; the file is left untouched and its values ignored", line=line, column=column)
    return Curated(problems=[problem], writable=False, text=text)


def remember_written(path: Path, text: str, owned: str | None,
                     memo: dict[Path, tuple[tuple | None, str, str | None, Curated]]) -> Curated:
    """What ``load_curated`` will find in ``path`` once the build has written ``text`` to
    it, recorded in ``memo`` under the file's signature as written. Without this the memo
    would hold the signature from before the write (or nothing, for a new file), so the
    next build would read the file again; the saved state (generator/build/state.py) keeps
    those records, so every later one-shot build would read again nearly every metadata
    file, even to add one article. The size must be that of ``text``: a file someone
    rewrote in the microseconds since is not taken for ours (their edit is read next time)."""
    curated = _parse_curated(path, text, owned)
    signature = file_signature(path)
    if signature is not None and signature[0] == len(text.encode("utf-8")):
        memo[path] = (signature, text, owned, curated)
    else:
        memo.pop(path, None)
    return curated


def _parse_curated(path: Path, text: str, owned: str | None) -> Curated:
    curated_text = text
    if owned and text.endswith(owned) and (len(text) == len(owned) or text[-len(owned) - 1] == "\n"):
        curated_text = text[: len(text) - len(owned)]
    try:
        data, lines, root = parse(curated_text)
    except YamlSyntaxError as exc:  # or over a limit (yamlio.Limits)
        return _unread(path, exc.reason, exc.line, exc.column, text)
    if data is None:
        return Curated(text=text, unchanged_block=curated_text is not text)
    if not isinstance(data, dict):
        problem = Problem(path, "metadata must be a mapping of keys to values; file left untouched", line=1)
        return Curated(problems=[problem], writable=False, text=text)
    result = Curated(text=text, unchanged_block=curated_text is not text,
                            owned_span=_owned_span(root) if curated_text is text else None)
    for key, value in data.items():
        if key == OWNED_KEY:
            continue
        line = lines.get((key,))
        if key not in CURATED_KEYS:
            known = ", ".join(CURATED_KEYS)
            result.problems.append(Problem(path, f"unknown key (known: {known}); ignored",
                                           key=str(key), line=line, level="warning"))
            continue
        error = _check(key, value)
        if error:
            result.problems.append(Problem(path, f"{error}; expected {CURATED_KEYS[key]}", key=key, line=line))
        else:
            result.values[key] = _normalise(key, value)
    return result


def _check(key: str, value: Any) -> str | None:
    if key in ("title", "notes") and not isinstance(value, str):
        return f"got {type(value).__name__}"
    if key == "outlet" and value is not None and not isinstance(value, str):
        return f"got {type(value).__name__}"
    if key == "url" and not (isinstance(value, str) and re.match(r"^https?://\S+$", value)):
        return "not an http(s) address"
    if key == "exclude" and not isinstance(value, bool):
        return "not true or false"
    if key == "topics":
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            return "not a list of topic ids"
        unknown = [t for t in value if t not in TOPIC_IDS]
        if unknown:
            return f"unknown topic id(s) {', '.join(map(repr, unknown))}"
    if key == "published" and parse_date(value) is None:
        return f"{value!r} is not a date"
    return None


def _normalise(key: str, value: Any) -> Any:
    if key == "published":
        return parse_date(value)
    if key == "title" and isinstance(value, str):
        return " ".join(value.split())
    return value


def parse_date(value: Any) -> DateValue | None:
    """A person's date: a YAML date, 'YYYY-MM-DD', 'YYYY-MM' or a year."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateValue(value, "day", 1.0, None)
    if isinstance(value, int) and 1800 <= value <= 2200:
        return DateValue(dt.date(value, 1, 1), "year", 1.0, None)
    if isinstance(value, str):
        try:
            return DateValue(dt.date.fromisoformat(value.strip()), "day", 1.0, None)
        except ValueError:
            pass
        m = _PARTIAL_DATE.match(value.strip())
        if m and (m.group(2) is None or 1 <= int(m.group(2)) <= 12):
            month = int(m.group(2) or 1)
            return DateValue(dt.date(int(m.group(1)), month, 1), "month" if m.group(2) else "year", 1.0, None)
    return None


def merge(extraction: Extraction, curated: Curated) -> Metadata:
    """Effective metadata: each key a person set wins over the extracted value."""
    values = curated.values
    return Metadata(
        title=values.get("title") or extraction.title,
        outlet=values["outlet"] if "outlet" in values else extraction.outlet,
        published=values.get("published", extraction.published),
        url=values.get("url"),
        topics=tuple(values["topics"]) if "topics" in values else extraction.topics,
        exclude=bool(values.get("exclude", False)),
        curated=frozenset(values),
    )


def extracted_block(extraction: Extraction) -> dict[str, Any]:
    """The generator-owned values, as plain YAML-able data (each with its evidence)."""
    from generator.extract.report import bounds, details, evidence

    published = extraction.published
    return {
        "title": extraction.title,
        "title_source": extraction.title_source,
        "outlet": extraction.outlet,
        "outlet_evidence": evidence(extraction.outlet_evidence),
        "published": published.iso() if published else None,
        "published_precision": published.precision if published else None,
        "published_confidence": published.confidence if published else None,
        "published_evidence": evidence(published.evidence) if published else None,
        "published_bounds": bounds(extraction),
        "topics": list(extraction.topics),
        "paragraph_topics": {n: list(t) for n, t in sorted(extraction.paragraph_topics.items())},
        **details(extraction),
    }


def owned_text(block: dict[str, Any]) -> str:
    """The ``extracted:`` block as it is written to the file."""
    return dump({OWNED_KEY: block})


def updated_text(curated: Curated, block: dict[str, Any] | str, article_name: str) -> str | None:
    """The file's new text with only the ``extracted:`` block replaced; None if unwritable."""
    if not curated.writable:
        return None
    if curated.unchanged_block:
        return curated.text
    dumped = block if isinstance(block, str) else owned_text(block)
    text = curated.text
    if not text.strip():
        header = HEADER.format(name=article_name, keys=", ".join(CURATED_KEYS))
        return header + "\n" + dumped
    span = curated.owned_span
    if span is None:
        return text.rstrip("\n") + "\n\n" + dumped
    start, end = span
    tail = text[end:]
    return text[:start] + dumped + (tail if tail.strip() else "")


def _owned_span(root: yaml.Node | None) -> tuple[int, int] | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key_node, value_node in root.value:
        if key_node.value == OWNED_KEY:
            end = value_node.end_mark.index
            return key_node.start_mark.index, end
    return None
