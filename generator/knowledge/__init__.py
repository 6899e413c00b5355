"""The knowledge base: topic vocabulary, months, outlets and leftover patterns as YAML.

``load()`` validates every file and reports every problem at once (file, key, line),
the way MkDocs reports its configuration.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.arabic import WORD, fold, search_key, term_key
from generator.errors import KnowledgeError, Problem
from generator.knowledge.schema import (
    FACT_KINDS, EntityDef, FactRule, FactWords, FigureWords, Knowledge, LeftoverRule, Patterns, SearchForms, Source,
    TopicRule, Unit,
)
from generator.ingest.safefiles import InputFileError, read_regular
from generator.knowledge.match import Matcher
from generator.knowledge.territories import territory_places
from generator.knowledge.yamlio import LIMITS, KeyPath, YamlSyntaxError, load_file

__all__ = ["EntityDef", "HERE", "Knowledge", "LeftoverRule", "Patterns", "SearchForms", "Source", "TOPIC_IDS",
           "TopicRule", "Unit", "default", "load"]

HERE = Path(__file__).parent
TOPIC_IDS = ("summits", "arms-transfers", "treaty", "reactions")
SOURCE_KINDS = ("outlet", "agency", "paper")


class _Checker:
    """Collects problems for one YAML file, naming key and line."""

    def __init__(self, path: Path, lines: dict[KeyPath, int], problems: list[Problem]) -> None:
        self.path, self.lines, self.problems = path, lines, problems

    def fail(self, keys: KeyPath, reason: str) -> None:
        line = self.lines.get(keys)
        key = ".".join(str(k) for k in keys) or None
        self.problems.append(Problem(self.path, reason, key=key, line=line))

    def mapping(self, data: Any, keys: KeyPath) -> dict[Any, Any]:
        if isinstance(data, dict):
            return data
        self.fail(keys, f"expected a mapping, got {type(data).__name__}")
        return {}

    def strings(self, data: Any, keys: KeyPath) -> list[str]:
        if isinstance(data, list) and all(isinstance(s, (str, int)) for s in data):
            return [str(s) for s in data]
        self.fail(keys, "expected a list of words or names")
        return []


def _read(path: Path, problems: list[Problem]) -> tuple[Any, _Checker]:
    try:
        data, lines = load_file(path)
    except YamlSyntaxError as exc:  # or over a limit (yamlio.Limits)
        problems.append(Problem(path, exc.reason, line=exc.line, column=exc.column))
        data, lines = {}, {}
    except InputFileError as exc:  # a symbolic link, a pipe
        problems.append(Problem(path, exc.reason))
        data, lines = {}, {}
    except OSError as exc:
        problems.append(Problem(path, f"cannot read: {exc.strerror}"))
        data, lines = {}, {}
    return data, _Checker(path, lines, problems)


def _load_topics(directory: Path, problems: list[Problem]) -> tuple[dict, tuple, dict, FactWords]:
    data, check = _read(directory / "topics.yml", problems)
    data = check.mapping(data, ())
    groups = {
        name: check.strings(words, ("groups", name))
        for name, words in check.mapping(data.get("groups"), ("groups",)).items()
    }

    def group_sets(value: Any, keys: KeyPath) -> tuple[tuple[str, ...], ...]:
        sets = []
        for i, entry in enumerate(value if isinstance(value, list) else []):
            names = tuple(check.strings(entry, keys + (i,)))
            for name in names:
                if name not in groups:
                    check.fail(keys + (i,), f"unknown group {name!r}")
            sets.append(names)
        if not isinstance(value, list) or not sets:
            check.fail(keys, "expected a list of group lists, e.g. [[russia], [north-korea]]")
        return tuple(sets)

    gate = group_sets(data.get("relation_gate"), ("relation_gate",))
    topics = {}
    raw_topics = check.mapping(data.get("topics"), ("topics",))
    for topic_id in TOPIC_IDS:
        if topic_id not in raw_topics:
            check.fail(("topics",), f"topic {topic_id!r} is missing")
    for topic_id, raw in raw_topics.items():
        keys = ("topics", topic_id)
        if topic_id not in TOPIC_IDS:
            check.fail(keys, f"unknown topic id (known: {', '.join(TOPIC_IDS)})")
            continue
        raw = check.mapping(raw, keys)
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            check.fail(keys + ("label",), "an Arabic label is required")
        topics[topic_id] = TopicRule(
            topic_id, str(label), str(raw.get("description", "")),
            group_sets(raw.get("all_of"), keys + ("all_of",)),
        )
    return topics, gate, groups, _load_facts(data, check, groups)


ROW_KEYS = {"label", "kind", "verbs", "reach", "unless", "cues", "opens", "article", "by"}
NEEDED_CUES = ("breaks", "since")  # read by generator/briefing/facts.py itself


def _cue_names(value: Any, keys: KeyPath, cues: dict[str, tuple[str, ...]], check: _Checker) -> tuple[str, ...]:
    names = tuple(check.strings(value or [], keys))
    for name in names:
        if name not in cues:
            check.fail(keys, f"unknown cue list {name!r} (fact_cues has: {', '.join(cues)})")
    return names


def _group_names(value: Any, keys: KeyPath, groups: dict, check: _Checker) -> tuple[str, ...]:
    names = tuple(check.strings(value or [], keys))
    for name in names:
        if name not in groups:
            check.fail(keys, f"unknown group {name!r}")
    return names


def _fact_rule(raw: Any, keys: KeyPath, cues: dict[str, tuple[str, ...]], check: _Checker) -> FactRule | None:
    """One row of treaty_infobox.rows, every problem reported."""
    raw = check.mapping(raw, keys)
    for key in sorted(set(raw) - ROW_KEYS, key=str):
        check.fail(keys + (key,), f"unknown key (a row has: {', '.join(sorted(ROW_KEYS))})")
    label, kind, reach = raw.get("label"), raw.get("kind"), raw.get("reach", 12)
    if not isinstance(label, str) or not label.strip():
        check.fail(keys + ("label",), "an Arabic label is required")
    if kind not in FACT_KINDS:
        check.fail(keys + ("kind",), f"kind must be one of {', '.join(FACT_KINDS)}")
    if isinstance(reach, bool) or not isinstance(reach, int) or reach < 1:
        check.fail(keys + ("reach",), "expected a whole number of words, 1 or more")
        reach = 12
    verbs = tuple(check.strings(raw.get("verbs"), keys + ("verbs",)))
    if not verbs:
        check.fail(keys + ("verbs",), "a row needs the words that state its fact")
    more = {key: tuple(check.strings(raw.get(key) or [], keys + (key,))) for key in ("cues", "opens", "article")}
    if kind == "clause" and not (more["cues"] and more["opens"]):
        check.fail(keys, "a clause row needs `cues` (what names the clause) and `opens` (the words its text follows)")
    by = tuple((str(name), tuple(check.strings(spellings or [], keys + ("by", name))))
               for name, spellings in check.mapping(raw.get("by") or {}, keys + ("by",)).items())
    if not isinstance(label, str) or kind not in FACT_KINDS:
        return None
    return FactRule(label.strip(), kind, verbs, reach, _cue_names(raw.get("unless"), keys + ("unless",), cues, check),
                    by=by, **more)


def _same_terms(words: dict[KeyPath, tuple[str, ...]], check: _Checker) -> None:
    """A word under two labels of one matcher matches as either, by chance: report it."""
    seen: dict[tuple[str, ...], KeyPath] = {}
    for keys, terms in words.items():
        for term in terms:
            first = seen.setdefault(term_key(term), keys)
            if first != keys:
                check.fail(keys, f"{term!r} is also listed under {'.'.join(map(str, first))}")


def _load_facts(data: dict[str, Any], check: _Checker, groups: dict) -> FactWords:
    """fact_cues, treaty_infobox and summits_infobox: the topic pages' summary boxes."""
    cues = {str(name): tuple(check.strings(words, ("fact_cues", name)))
            for name, words in check.mapping(data.get("fact_cues") or {}, ("fact_cues",)).items()}
    for name in NEEDED_CUES:
        if name not in cues:
            check.fail(("fact_cues",), f"the {name!r} list is missing")
    treaty = check.mapping(data.get("treaty_infobox") or {}, ("treaty_infobox",))
    names = tuple(check.strings(treaty.get("names"), ("treaty_infobox", "names")))
    others = tuple(check.strings(treaty.get("other_treaties") or [], ("treaty_infobox", "other_treaties")))
    year = treaty.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2099:
        check.fail(("treaty_infobox", "year"), "expected the year the treaty was signed, e.g. 2024")
        year = 0
    raw_rows = treaty.get("rows")
    if not isinstance(raw_rows, list):
        check.fail(("treaty_infobox", "rows"), "expected a list of rows")
        raw_rows = []
    rows = [_fact_rule(raw, ("treaty_infobox", "rows", i), cues, check) for i, raw in enumerate(raw_rows)]
    rows = [r for r in rows if r is not None]
    for i, rule in enumerate(rows):
        if any(r.label == rule.label for r in rows[:i]):
            check.fail(("treaty_infobox", "rows", i, "label"), f"{rule.label!r} is the label of another row")
    terms = {("treaty_infobox", "names"): names, ("treaty_infobox", "other_treaties"): others}
    for i, rule in enumerate(rows):
        terms[("treaty_infobox", "rows", i, "verbs")] = rule.verbs
        terms[("treaty_infobox", "rows", i, "cues")] = rule.cues
    _same_terms(terms, check)
    summits = check.mapping(data.get("summits_infobox") or {}, ("summits_infobox",))
    meeting = tuple(check.strings(summits.get("verbs"), ("summits_infobox", "verbs")))
    sides = _group_names(summits.get("sides"), ("summits_infobox", "sides"), groups, check)
    if len(sides) < 2:
        check.fail(("summits_infobox", "sides"), "expected the two sides that meet, e.g. [russia, north-korea]")
    return FactWords(
        names, others, year, _group_names(treaty.get("parties"), ("treaty_infobox", "parties"), groups, check),
        _group_names(treaty.get("also_parties"), ("treaty_infobox", "also_parties"), groups, check),
        tuple(rows), cues, meeting, sides,
        _cue_names(summits.get("unless"), ("summits_infobox", "unless"), cues, check))


def _load_months(directory: Path, problems: list[Problem]) -> tuple[dict, dict, dict, frozenset, dict]:
    data, check = _read(directory / "months.yml", problems)
    data = check.mapping(data, ())
    labels = {kind: tuple(check.strings(words, ("stamp_labels", kind)))
              for kind, words in check.mapping(data.get("stamp_labels", {}), ("stamp_labels",)).items()}
    for kind in labels.keys() - {"published", "updated"}:
        check.fail(("stamp_labels", kind), "expected published or updated")
    words = frozenset(fold(w) for w in check.strings(data.get("stamp_words", []), ("stamp_words",)))
    hijri = {fold(name): int(n) for n, names in check.mapping(data.get("hijri_months", {}), ("hijri_months",)).items()
             for name in check.strings(names, ("hijri_months", n)) if isinstance(n, int) and 1 <= n <= 12}
    tables = []
    for key, size in (("months", 12), ("weekdays", 7)):
        table = check.mapping(data.get(key), (key,))
        first = 1 if key == "months" else 0
        names = {}
        for number in range(first, first + size):
            if number not in table:
                check.fail((key,), f"{key[:-1]} {number} is missing")
            else:
                names[number] = tuple(check.strings(table[number], (key, number)))
        tables.append(names)
    return tables[0], tables[1], labels, words, hijri


def _load_sources(directory: Path, problems: list[Problem]) -> list[Source]:
    data, check = _read(directory / "outlets.yml", problems)
    raw = check.mapping(data, ()).get("sources")
    sources = []
    for i, entry in enumerate(raw if isinstance(raw, list) else []):
        keys = ("sources", i)
        entry = check.mapping(entry, keys)
        name, kind = entry.get("name"), entry.get("kind")
        if not isinstance(name, str) or not name.strip():
            check.fail(keys, "a source needs a name")
            continue
        if kind not in SOURCE_KINDS:
            check.fail(keys + ("kind",), f"kind must be one of {', '.join(SOURCE_KINDS)}")
        aliases = check.strings(entry.get("aliases", []), keys + ("aliases",))
        sources.append(Source(name, str(kind), tuple(aliases), bool(entry.get("ambiguous", False))))
    if not isinstance(raw, list):
        check.fail(("sources",), "expected a list of sources")
    return sources


def _load_leftovers(directory: Path, problems: list[Problem]) -> tuple[list, int, int]:
    data, check = _read(directory / "leftovers.yml", problems)
    data = check.mapping(data, ())
    rules = []
    for i, entry in enumerate(data.get("lines") or []):
        keys = ("lines", i)
        entry = check.mapping(entry, keys)
        try:
            pattern = re.compile(str(entry.get("pattern", "")), re.IGNORECASE)
        except re.error as exc:
            check.fail(keys + ("pattern",), f"invalid regular expression: {exc}")
            continue
        rules.append(LeftoverRule(
            pattern, str(entry.get("reason", "بقايا من الموقع")), str(entry.get("kind", "leftover"))
        ))
    numbers = []
    for key in ("tracking_token_min_length", "tracking_line_max_words"):
        value = data.get(key)
        if not isinstance(value, int) or value < 0:
            check.fail((key,), "expected a whole number")
            value = 0
        numbers.append(value)
    return rules, numbers[0], numbers[1]


def _load_entities(directory: Path, problems: list[Problem]) -> dict[str, EntityDef]:
    """people.yml, places.yml and organizations.yml, and the countries and main cities of
    CLDR (``territories``) that places.yml does not name already."""
    entities: dict[str, EntityDef] = {}
    codes: dict[str, str] = {}  # ISO code → places.yml entry that names that territory
    exclude: list[str] = []
    for filename, key, kind in (("people.yml", "people", "person"), ("places.yml", "places", "place"),
                                ("organizations.yml", "organizations", "organization")):
        data, check = _read(directory / filename, problems)
        raw = check.mapping(data, ()).get(key)
        if kind == "place":
            exclude = check.strings(check.mapping(data, ()).get("babel_exclude", []), ("babel_exclude",))
        if not isinstance(raw, list):
            check.fail((key,), f"expected a list of {key}")
            continue
        for i, entry in enumerate(raw):
            entry = check.mapping(entry, (key, i))
            name = entry.get("name")
            if not isinstance(name, str) or not name.strip():
                check.fail((key, i), "an entry needs a name")
                continue
            aliases = check.strings(entry.get("aliases", []), (key, i, "aliases"))
            entity = EntityDef(name, kind, tuple(aliases), str(entry.get("role", "") or ""),
                               str(entry.get("side", entry.get("kind", "")) or ""))
            if entity.key in entities:
                check.fail((key, i, "name"), f"{name!r} is listed twice")
            entities[entity.key] = entity
            if kind == "place" and entry.get("code"):
                codes[str(entry["code"])] = entity.key
    added, aliases = territory_places(entities, codes, set(exclude))
    for key, more in aliases.items():
        entities[key] = replace(entities[key], aliases=entities[key].aliases + more)
    for entity in added:
        entities.setdefault(entity.key, entity)
    return entities


def _load_facets(data: dict[str, Any], check: _Checker) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """figure_facets: {facet: {label, group, words}} in order of precedence (patterns.yml)."""
    facets = {}
    for facet, raw in check.mapping(data.get("figure_facets", {}), ("figure_facets",)).items():
        raw = check.mapping(raw, ("figure_facets", facet))
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            check.fail(("figure_facets", facet, "label"), "an Arabic label is required")
        words = tuple(check.strings(raw.get("words"), ("figure_facets", facet, "words")))
        facets[str(facet)] = (str(label or facet), str(raw.get("group", facet)), words)
    return facets


def _load_units(data: dict[str, Any], check: _Checker) -> dict[str, Unit]:
    units = {}
    for unit_id, raw in check.mapping(data.get("units"), ("units",)).items():
        raw = check.mapping(raw, ("units", unit_id))
        words = tuple(check.strings(raw.get("words"), ("units", unit_id, "words")))
        units[unit_id] = Unit(unit_id, str(raw.get("label", unit_id)), words, bool(raw.get("duration")),
                              bool(raw.get("compare", True)), bool(raw.get("key")), str(raw.get("facet") or ""))
    return units


def _numbers(raw: Any, keys: KeyPath, check: _Checker) -> dict[str, float]:
    """{folded word: value} of a mapping of words to numbers."""
    numbers = {}
    for word, value in check.mapping(raw, keys).items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            check.fail(keys + (word,), "expected a number")
            continue
        numbers[fold(str(word))] = value
    return numbers


def _load_figure_words(data: dict[str, Any], check: _Checker, units: dict[str, Unit]) -> FigureWords:
    """The figures' vocabulary beside units and number words (patterns.yml)."""
    def words(*keys: str) -> frozenset[str]:
        raw = data
        for key in keys:
            raw = raw.get(key, {}) if isinstance(raw, dict) else {}
        return frozenset(fold(w) for w in check.strings(raw or [], keys))

    teens = check.mapping(data.get("number_teens", {}), ("number_teens",))
    before = {fold(str(w)): str(u) for w, u in check.mapping(data.get("units_before", {}), ("units_before",)).items()}
    for word, unit in before.items():
        if unit not in units:
            check.fail(("units_before", word), f"unknown unit {unit!r}")
    return FigureWords(
        scales=_numbers(data.get("number_scales", {}), ("number_scales",), check),
        teens={w: int(v) for w, v in _numbers(teens.get("words", {}), ("number_teens", "words"), check).items()},
        teen_ten=words("number_teens", "ten"),
        fractions=_numbers(data.get("fractions", {}), ("fractions",), check),
        vague=words("vague_amounts"), vague_openers=words("vague_openers"),
        range_open=words("ranges", "open"), range_and=words("ranges", "and"), range_to=words("ranges", "to"),
        not_before=words("not_counted", "before"), not_after=words("not_counted", "after"),
        not_nouns=words("not_counted", "nouns"),
        dual_nouns=words("dual_nouns"), not_duals=words("not_duals"),
        not_dual_endings=tuple(words("not_dual_endings")),
        units_before=before, speech_openers=words("speech_openers"),
        claim_verbs=words("claim_cues", "verbs"), places_after=words("claim_cues", "places_after"),
    )


def _load_patterns(directory: Path, problems: list[Problem]) -> Patterns:
    data, check = _read(directory / "patterns.yml", problems)
    data = check.mapping(data, ())

    def folded(words: list[str]) -> frozenset[str]:
        return frozenset(fold(w) for w in words)

    claims = {kind: tuple(check.strings(words, ("claims", kind)))
              for kind, words in check.mapping(data.get("claims"), ("claims",)).items()}
    units = _load_units(data, check)
    numbers = _numbers(data.get("number_words"), ("number_words",), check)
    qualifiers = {kind: tuple(check.strings(words, ("qualifiers", kind)))
                  for kind, words in check.mapping(data.get("qualifiers"), ("qualifiers",)).items()}
    return Patterns(
        titles=folded(check.strings(data.get("titles"), ("titles",))),
        speech_verbs=folded(check.strings(data.get("speech_verbs"), ("speech_verbs",))),
        claims=claims,
        stopwords=folded(check.strings(data.get("name_stopwords"), ("name_stopwords",))),
        units=units, number_words=numbers, qualifiers=qualifiers,
        figures=_load_figure_words(data, check, units),
        facets=_load_facets(data, check),
        **{key: folded(check.strings(data.get(key, []), (key,)))
           for key in ("role_words", "institutions", "anonymous", "according_to", "relay_verbs",
                       "named_after")},
    )


def _load_search_forms(directory: Path, problems: list[Problem], entities: dict[str, EntityDef]) -> SearchForms:
    """search_forms.yml as search keys, with every name search must leave alone."""
    data, check = _read(directory / "search_forms.yml", problems)
    data = check.mapping(data, ())
    endings = []
    for i, entry in enumerate(data.get("endings") or []):
        entry = check.mapping(entry, ("endings", i))
        ending, least = entry.get("ending"), entry.get("min_stem")
        if not isinstance(ending, str) or not ending.strip() or not isinstance(least, int) or least < 1:
            check.fail(("endings", i), "expected {ending: <letters>, min_stem: <whole number ≥ 1>}")
            continue
        endings.append((fold(ending), least))
    plurals = {}
    for singular, forms in check.mapping(data.get("plurals", {}), ("plurals",)).items():
        for plural in check.strings(forms, ("plurals", singular)):
            plurals[search_key(plural)] = search_key(str(singular))
    keep = frozenset(search_key(w) for w in check.strings(data.get("keep", []), ("keep",)))
    clitics = tuple(fold(c) for c in check.strings(data.get("name_clitics", []), ("name_clitics",)))
    names, clinging = _name_words(entities)
    return SearchForms(tuple(endings), plurals, keep, frozenset(names), clitics, frozenset(clinging))


def _name_words(entities: dict[str, EntityDef]) -> tuple[set[str], set[str]]:
    """(the search keys no rule may change: every word of a person's spellings, the
    joined form of a two-word one, places and organisations written as one word;
    the words of people's and places' names a letter may cling to: also the words of
    places named in several words, but not those with ال, «الشمالية»)."""
    names: set[str] = set()
    clinging: set[str] = set()
    for entity in entities.values():
        for spelling in (entity.name, *entity.aliases):
            words = WORD.findall(spelling)
            if entity.kind == "person":
                names.update(search_key(w) for w in words)
                names.add(search_key("".join(words)))
            elif len(words) == 1:
                names.add(search_key(words[0]))
            if entity.kind == "place":
                clinging.update(search_key(w) for w in words if not fold(w).startswith("ال"))
    return names, clinging | {n for n in names if not n.startswith("ال")}


def load(directory: Path = HERE) -> Knowledge:
    """Load and validate the knowledge base; raise ``KnowledgeError`` listing every problem."""
    problems: list[Problem] = []
    topics, gate, group_words, facts = _load_topics(directory, problems)
    months, weekdays, stamp_labels, stamp_words, hijri_months = _load_months(directory, problems)
    sources = _load_sources(directory, problems)
    leftovers, token_len, line_words = _load_leftovers(directory, problems)
    entities = _load_entities(directory, problems)
    patterns = _load_patterns(directory, problems)
    forms = _load_search_forms(directory, problems, entities)
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(
        topics, gate, Matcher(group_words), months, weekdays, sources, leftovers, token_len, line_words,
        entities, patterns, facts, {k: tuple(v) for k, v in group_words.items()},
        stamp_labels=stamp_labels, stamp_words=stamp_words, hijri_months=hijri_months, forms=forms,
    )


def fingerprint(directory: Path = HERE) -> str:
    """The knowledge base's files (names and bytes) hashed: what a loaded knowledge base
    and every cached extraction depend on. Read each time (a dozen small files): an
    analyst edits them while `mkdocs serve` runs."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yml")):
        try:  # what ``load`` reads: a link or a file over the limit is refused there
            data = read_regular(path, LIMITS.bytes, "the limit for a YAML file")
        except (InputFileError, OSError) as exc:
            data = f"unread: {exc}".encode()
        digest.update(path.name.encode() + b"\0" + data)
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def _loaded(directory: Path, digest: str) -> Knowledge:
    return load(directory)


def default(directory: Path = HERE, digest: str | None = None) -> Knowledge:
    """The knowledge base, loaded once per process and per content of its files
    (``digest``: their ``fingerprint`` when the caller has it)."""
    return _loaded(directory, digest or fingerprint(directory))


def load_checked(settings: Any) -> Knowledge:
    """The knowledge base of a project whose settings are sound (``Settings.problems``:
    folders found, no link in the templates or the knowledge base); else every problem
    at once (``KnowledgeError``)."""
    problems = settings.problems()
    if problems:
        raise KnowledgeError(problems)
    return default(settings.knowledge)
