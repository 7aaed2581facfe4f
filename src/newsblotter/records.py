"""Typed records passed between stages.

Every stage is a pure function from one record type to the next; none reaches
into another stage's internals. Offsets are character offsets into
``Article.text`` (the extracted body) unless a field says otherwise, and every
extracted value carries a :class:`Provenance` naming the document, the span and
the extractor version that produced it, so any stored fact can be traced back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

DocStatus = Literal["ok", "failed"]
DatePrecision = Literal["day", "month", "year"]
Qualifier = Literal["exact", "about", "at_least", "more_than", "at_most", "fewer_than", "vague"]

# Declared once as Literal types (the API's OpenAPI enums use them) and as tuples.
IncidentType = Literal[
    "assassination",
    "armed_assault",
    "bombing",
    "hijacking",
    "hostage_taking",
    "facility_attack",
    "unarmed_assault",
    "air_strike",
    "shelling",
]
StatementKind = Literal["claim", "attribution", "denial", "confirmation", "no_comment", "arrest"]
SpeakerKind = Literal[
    "group",  # the armed group itself
    "government",
    "intelligence",
    "military",
    "police",
    "named_official",
    "unnamed_official",
    "anonymous",
    "media",
    "document",  # a written source: "court documents say", "the indictment alleges"
    "expert",
    "witness",
    "organisation",
    "person",
    "unknown",
]
Assessment = Literal[
    "claimed", "claimed_corroborated", "attributed", "suspected", "contested", "denied", "unknown"
]
INCIDENT_TYPES: tuple[str, ...] = get_args(IncidentType)
STATEMENT_KINDS: tuple[str, ...] = get_args(StatementKind)
SPEAKER_KINDS: tuple[str, ...] = get_args(SpeakerKind)
ASSESSMENTS: tuple[str, ...] = get_args(Assessment)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value came from: document id, [start, end) in Article.text, extractor version."""

    document: str
    start: int
    end: int
    extractor: str


@dataclass(slots=True)
class RawDocument:
    """One input as fetched: its bytes are kept so everything can be re-extracted."""

    id: str  # sha256 of content
    uri: str
    content: bytes
    media_type: str  # "text/html" or "text/plain"
    fetched_at: dt.datetime
    status: DocStatus = "ok"
    error: str | None = None
    origin: str | None = None  # where the bytes were read when not at uri: "<warc>#<offset>"


@dataclass(slots=True)
class Article:
    """The story part of a page; chrome is kept for audit but never mined."""

    document: str
    text: str
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    wire_agency: str | None = None
    published: dt.date | None = None
    published_precision: DatePrecision | None = None
    byline: str | None = None
    dateline: str | None = None
    language: str | None = None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    text: str
    label: str  # spaCy label, or ACTOR for gazetteer matches
    actor_id: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression:
    start: int
    end: int
    text: str
    date: dt.date
    precision: DatePrecision


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count with its hedge: "nearly 100" is value 100, qualifier about, never exact."""

    start: int
    end: int
    text: str
    value: int
    qualifier: Qualifier
    min: int | None
    max: int | None


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: Literal["city", "admin1", "country", "region"] = "city"
    population: int = 0


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place


@dataclass(slots=True)
class Annotated:
    """An article with its linguistic layer. ``doc`` is the spaCy Doc (in-process only)."""

    article: Article
    sentences: list[tuple[int, int]]
    entities: list[Entity]
    times: list[TimeExpression]
    quantities: list[Quantity]
    places: list[PlaceMention]
    doc: Any = None
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Count:
    """A casualty figure as reported, with its source span."""

    value: int
    qualifier: Qualifier
    min: int | None
    max: int | None
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A mention of an actor: resolved id when the gazetteer knows it, else the surface name."""

    name: str
    id: str | None = None
    provenance: Provenance | None = None
    # a side the text describes but does not name ("Kurdish militants"): never resolved, and
    # no rival to a named actor, since it may describe it
    described: bool = False


@dataclass(slots=True)
class IncidentMention:
    id: str  # "<document>:<start>"
    provenance: Provenance
    type: str
    suicide: bool = False
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    place: Place | None = None
    killed: Count | None = None
    wounded: Count | None = None
    weapons: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    perpetrators: list[ActorRef] = field(default_factory=list)
    is_main: bool = True
    text: str = ""
    # where each fact was read: "trigger" (the word that names the attack), "date", "place"
    spans: dict[str, Provenance] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reported statement in general: who (source) said (cue) what (content)."""

    source: Provenance | None
    cue: Provenance
    content: Provenance | None
    source_text: str | None = None
    cue_text: str = ""
    source_kind: str = "unknown"  # one of SPEAKER_KINDS
    source_count: int | None = None  # "two sources familiar with ..."


@dataclass(slots=True)
class Speaker:
    name: str | None
    kind: str  # one of SPEAKER_KINDS
    actor_id: str | None = None
    anonymous: bool = False
    count: int | None = None
    provenance: Provenance | None = None


@dataclass(slots=True)
class Statement:
    """A reported statement bearing on responsibility for an incident."""

    id: str  # "<document>:<start>"
    kind: str  # one of STATEMENT_KINDS
    provenance: Provenance  # the sentence
    text: str
    speaker: Speaker
    cue: str | None = None
    responsible: ActorRef | None = None
    incident: str | None = None  # IncidentMention id
    evidence: list[str] = field(default_factory=list)
    hedge: str | None = None
    hedge_level: Literal["certain", "probable", "possible"] | None = None
    said_on: dt.date | None = None
    outlet: str | None = None
    attribution: Attribution | None = None


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: str  # armed_group, state, agency, person, organisation
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    country: str | None = None
    introduced_by: Provenance | None = None  # set for actors first met in text


@dataclass(frozen=True, slots=True)
class TextVector:
    """The merger's text-model vector of an article, computed by the analysis and kept by the
    one writer (the text model's vector store), so that the rebuild reads it back."""

    key: str  # the vector store's key: the model's name and a hash of the text it read
    values: tuple[float, ...]  # L2-normalised (float32 values, exact as floats)


@dataclass(slots=True)
class Extraction:
    """What the extraction stages found in one article."""

    article: Article
    mentions: list[IncidentMention]
    statements: list[Statement]
    new_actors: list[Actor] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    # False when triage found no violent incident and the NLP stages never ran: the article
    # is stored and searchable, but it takes no part in merging incidents.
    analysed: bool = True
    # Set when the settings' text model keeps its vectors (``text_model = "minilm"``).
    vector: TextVector | None = None


@dataclass(slots=True)
class LedgerSource:
    """One independent source behind a ledger entry: wire copies of one story, the same
    speaker relayed by several outlets, and an outlet quoting another all collapse here."""

    key: str
    kind: str  # the speaker kind (SPEAKER_KINDS)
    statements: list[str] = field(default_factory=list)  # Statement ids
    outlets: list[str] = field(default_factory=list)  # outlets that relayed it
    first_seen: dt.date | None = None  # when any of its statements first appeared


@dataclass(slots=True)
class LedgerEntry:
    actor: ActorRef
    assessment: str  # one of ASSESSMENTS
    reason: str
    statements: list[str] = field(default_factory=list)  # Statement ids
    sources: list[LedgerSource] = field(default_factory=list)
    first_seen: dt.date | None = None
    contested: str | None = None  # why the entry is contested, when it is


@dataclass(frozen=True, slots=True)
class ReportedValue:
    """One report of a figure: kept as reported, never overwritten by a later one."""

    value: int
    qualifier: Qualifier
    document: str
    story: str  # the copy group (document id of its earliest copy)
    outlet: str | None = None
    reported: dt.date | None = None  # publication date of the report
    mention: str | None = None


@dataclass(slots=True)
class Fact:
    """A figure across sources: every reported value, the range, the latest, the most cited
    (counted once per story, so wire copies do not outvote other sources)."""

    name: str  # "killed" or "wounded"
    values: list[ReportedValue] = field(default_factory=list)
    low: int | None = None
    high: int | None = None
    latest: int | None = None
    most_cited: int | None = None


@dataclass(slots=True)
class Victim:
    """A person the incident's reports name as killed or harmed: the fullest form any report
    gives ("Daniel Okafor" over "Okafor"), the mentions naming them (each holds the name's
    span, ``spans["victim:N"]``) and how many independent stories do."""

    name: str
    mentions: list[str] = field(default_factory=list)
    stories: int = 0


@dataclass(frozen=True, slots=True)
class Source:
    """An article reporting an incident, with the story (copy group) it belongs to."""

    document: str
    story: str  # document id of the story's earliest copy (itself when it is the origin)
    outlet: str | None = None
    published: dt.date | None = None
    wire_agency: str | None = None


@dataclass(slots=True)
class Incident:
    id: str
    type: str
    mentions: list[str]
    articles: list[str]
    suicide: bool = False
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    place: Place | None = None
    killed: Count | None = None
    wounded: Count | None = None
    weapons: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    ledger: list[LedgerEntry] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    background: list[str] = field(default_factory=list)  # mentions referring back to it
    victims: list[Victim] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        """Whether some article reports it as news; False when every article that names it
        only recalls it in passing (a background mention: "the 2019 Pulwama bombing" in a
        story about something else); an incident of no mention (made by hand) counts as
        reported."""
        recalled = set(self.background)
        return not self.mentions or any(m not in recalled for m in self.mentions)
