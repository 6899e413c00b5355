"""The knowledge base's types: what ``generator.knowledge.load`` builds from the YAML."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from generator.knowledge.match import Matcher


@dataclass(frozen=True)
class TopicRule:
    """A topic: its Arabic label, and the group sets a paragraph must all touch."""

    id: str
    label: str
    description: str
    all_of: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Source:
    """An outlet, agency or paper, with its other spellings."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    ambiguous: bool = False


@dataclass(frozen=True)
class LeftoverRule:
    pattern: re.Pattern[str]
    reason: str
    kind: str = "leftover"


@dataclass(frozen=True)
class EntityDef:
    """A person, place or organisation the knowledge base knows."""

    name: str
    kind: str  # person | place | organization
    aliases: tuple[str, ...] = ()
    role: str = ""
    side: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass(frozen=True)
class Unit:
    id: str
    label: str
    words: tuple[str, ...]
    duration: bool = False
    compare: bool = True  # set side by side in the briefing's figure tables
    key: bool = False  # among the home page's key figures: what the topics count
    facet: str = ""  # the facet a figure of it has when its sentence states none (figure_facets)


@dataclass(frozen=True)
class FigureWords:
    """The vocabulary of figures beside units and number words (patterns.yml), folded."""

    scales: dict[str, float] = field(default_factory=dict)  # «ألف» after a number: × 1,000
    teens: dict[str, int] = field(default_factory=dict)  # «أحد» before عشر: 1
    teen_ten: frozenset[str] = frozenset()  # عشر, عشرة
    fractions: dict[str, float] = field(default_factory=dict)  # نصف: 0.5
    vague: frozenset[str] = frozenset()  # عشرات, آلاف …
    vague_openers: frozenset[str] = frozenset()  # بضعة, عدة
    range_open: frozenset[str] = frozenset()
    range_and: frozenset[str] = frozenset()
    range_to: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()  # «المادة 4», «عام 2024»
    not_after: frozenset[str] = frozenset()  # «38 نورث»
    not_nouns: frozenset[str] = frozenset()  # words after a number that it does not count
    dual_nouns: frozenset[str] = frozenset()
    not_duals: frozenset[str] = frozenset()
    not_dual_endings: tuple[str, ...] = ()
    units_before: dict[str, str] = field(default_factory=dict)  # عيار → mm
    speech_openers: frozenset[str] = frozenset()  # إن, أن: what is said starts here
    claim_verbs: frozenset[str] = frozenset()  # قدرت, اتهم … beside the speech verbs
    places_after: frozenset[str] = frozenset()  # في: a place after it is where, not who


@dataclass(frozen=True)
class Patterns:
    """Words the rule-based extractors look for (patterns.yml), folded for matching."""

    titles: frozenset[str]
    speech_verbs: frozenset[str]
    claims: dict[str, tuple[str, ...]]
    stopwords: frozenset[str]
    units: dict[str, Unit]
    number_words: dict[str, float]
    qualifiers: dict[str, tuple[str, ...]]
    figures: FigureWords = field(default_factory=FigureWords)
    facets: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)  # facet → (label, group, words)
    # people and speakers (entities.py, attribution.py)
    role_words: frozenset[str] = frozenset()
    institutions: frozenset[str] = frozenset()
    anonymous: frozenset[str] = frozenset()
    according_to: frozenset[str] = frozenset()
    relay_verbs: frozenset[str] = frozenset()
    named_after: frozenset[str] = frozenset()


FACT_KINDS = ("signing", "clause", "ratification", "in-force", "invoked")


@dataclass(frozen=True)
class FactRule:
    """One row of the treaty's summary box (topics.yml ``treaty_infobox.rows``)."""

    label: str
    kind: str  # one of FACT_KINDS
    verbs: tuple[str, ...]
    reach: int = 12  # words the treaty's name may stand after the verb
    unless: tuple[str, ...] = ()  # names of ``fact_cues`` lists that keep a sentence out
    cues: tuple[str, ...] = ()  # clause: what names the clause
    opens: tuple[str, ...] = ()  # clause: the words its text follows («تنص … على»)
    article: tuple[str, ...] = ()  # clause: the word before an article's number
    by: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ratification: who can, with spellings


@dataclass(eq=False)  # one per loaded knowledge base, its matchers built once
class FactWords:
    """The summary boxes' vocabulary (topics.yml ``fact_cues``, ``treaty_infobox``,
    ``summits_infobox``), ready to match."""

    names: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    year: int = 0
    parties: tuple[str, ...] = ()  # group names and people.yml sides
    also_parties: tuple[str, ...] = ()
    rows: tuple[FactRule, ...] = ()
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # plan, reaction, breaks, since …
    meeting: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    meeting_unless: tuple[str, ...] = ()
    treaty: Matcher = field(init=False)  # labels: name, other, row:<label>, cue:<label>
    cue_matchers: dict[str, Matcher] = field(init=False)
    by: Matcher = field(init=False)  # who can ratify, labelled by canonical name
    meetings: Matcher = field(init=False)

    def __post_init__(self) -> None:
        terms: dict[str, tuple[str, ...]] = {"name": self.names, "other": self.others}
        for rule in self.rows:
            terms[f"row:{rule.label}"] = rule.verbs
            terms[f"cue:{rule.label}"] = rule.cues
        self.treaty = Matcher(terms)
        self.cue_matchers = {name: Matcher({name: words}) for name, words in self.cues.items()}
        self.by = Matcher({name: (name, *spellings) for rule in self.rows for name, spellings in rule.by},
                          names=True)
        self.meetings = Matcher({"meet": self.meeting})


@dataclass(frozen=True, eq=False)  # hashed by identity: search caches keys per loaded rules
class SearchForms:
    """How search meets a word's other number and gender forms (search_forms.yml), as
    search keys (``arabic.search_key``): «حاويات» and «حاوية» both become «حاوي»."""

    endings: tuple[tuple[str, int], ...] = ()  # (ending, fewest letters left), tried in order
    plurals: dict[str, str] = field(default_factory=dict)  # plural → singular
    keep: frozenset[str] = frozenset()  # never changed (the file's own list)
    names: frozenset[str] = frozenset()  # never changed: people's names, one-word places and organisations
    name_clitics: tuple[str, ...] = ()  # «و», «ل», «وب» …: cut before a word of a name
    clinging: frozenset[str] = frozenset()  # words of people's and places' names: what they may cling to

    @cached_property
    def digest(self) -> str:
        """What the rules are (a kept index made with equal rules stays valid)."""
        text = repr((self.endings, sorted(self.plurals.items()), sorted(self.keep), sorted(self.names),
                     self.name_clitics, sorted(self.clinging)))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def reduce(self, key: str) -> str:
        """A search key's form: a name as it is, without a letter clinging to it; any
        other word in the singular, without a plural or feminine ending."""
        if key in self.names or key in self.keep:
            return key
        for clitic in self.name_clitics:
            if key.startswith(clitic) and len(key) - len(clitic) >= 3 and key[len(clitic):] in self.clinging:
                key = key[len(clitic):]
                break
        if key in self.names:
            return key
        key = self.plurals.get(key, key)
        if key in self.keep or key in self.names:
            return key
        for ending, least in self.endings:
            if key.endswith(ending) and len(key) - len(ending) >= least:
                return key[:-len(ending)]
        return key


@dataclass(eq=False)  # compared and hashed by identity: one loaded knowledge base
class Knowledge:
    """Everything the extractors know, loaded from YAML and ready to match."""

    topics: dict[str, TopicRule]
    relation_gate: tuple[tuple[str, ...], ...]
    groups: Matcher
    month_names: dict[int, tuple[str, ...]]
    weekday_names: dict[int, tuple[str, ...]]
    sources: list[Source]
    leftovers: list[LeftoverRule]
    tracking_token_min_length: int
    tracking_line_max_words: int
    entities: dict[str, EntityDef] = field(default_factory=dict)
    patterns: Patterns | None = None
    facts: FactWords = field(default_factory=FactWords)  # the topic pages' summary boxes
    group_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stamp_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # published | updated
    stamp_words: frozenset[str] = frozenset()  # folded: what else a stamp line may hold
    hijri_months: dict[str, int] = field(default_factory=dict)  # folded name → month number
    forms: SearchForms = field(default_factory=SearchForms)
    source_matcher: Matcher = field(init=False)
    entity_matcher: Matcher = field(init=False)
    claim_matcher: Matcher = field(init=False)
    by_name: dict[str, EntityDef] = field(init=False)

    def __post_init__(self) -> None:
        """The matchers and indexes every extractor shares, built once per load."""
        self.source_matcher = Matcher(
            {s.name: (s.name, *s.aliases) for s in self.sources}, names=True
        )
        self.entity_matcher = Matcher(
            {key: (e.name, *e.aliases) for key, e in self.entities.items()}, names=True
        )
        self.claim_matcher = Matcher(self.patterns.claims if self.patterns else {})
        self.by_name = {e.name: e for e in self.entities.values()}
