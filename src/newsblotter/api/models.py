"""Response models: the OpenAPI schema of the API. Shapes follow the JSON export (same field
names, same nesting), so a client reads both with one set of types."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Span = list[int]


class PlaceOut(BaseModel):
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: Literal["city", "admin1", "country", "region"]
    geonameid: int | None


class CountOut(BaseModel):
    value: int
    qualifier: str
    min: int | None
    max: int | None
    document: str | None
    span: Span | None


class ActorRefOut(BaseModel):
    id: str | None
    name: str
    described: bool = False  # a side described, not named ("Kurdish militants")


class LedgerEntryOut(BaseModel):
    actor: ActorRefOut
    assessment: str
    reason: str
    statements: list[str]


class VictimOut(BaseModel):
    name: str
    mentions: list[str] = Field(description="incident mentions naming them (with the span)")
    stories: int = Field(description="independent stories naming them")


class IncidentOut(BaseModel):
    id: str
    type: str
    suicide: bool
    date: dt.date | None
    date_precision: Literal["day", "month", "year"] | None
    place: PlaceOut | None
    killed: CountOut | None
    wounded: CountOut | None
    weapons: list[str]
    targets: list[str]
    victims: list[VictimOut]
    articles: list[str]
    mentions: list[str]
    ledger: list[LedgerEntryOut]
    reported: bool = Field(
        description="Whether some article reports it as news; false when every article only "
        "recalls it in passing"
    )


class SpeakerOut(BaseModel):
    name: str | None
    kind: str
    actor_id: str | None
    anonymous: bool
    count: int | None
    span: Span | None


class StatementOut(BaseModel):
    id: str
    kind: str
    speaker: SpeakerOut
    responsible: ActorRefOut | None
    incident: str | None
    evidence: list[str]
    hedge: str | None
    hedge_level: Literal["certain", "probable", "possible"] | None
    said_on: dt.date | None
    outlet: str | None
    cue: str | None
    article: str
    span: Span
    text: str
    extractor: str


class SourceOut(BaseModel):
    """One article's figures for an incident: the rows of the agreement table."""

    article: str
    outlet: str | None
    published: dt.date | None
    killed: int | None
    wounded: int | None
    mentions: list[str]


class IncidentDetailOut(BaseModel):
    incident: IncidentOut
    sources: list[SourceOut]
    killed_range: list[int] | None = Field(description="[lowest, highest] killed across sources")
    wounded_range: list[int] | None
    statements: list[StatementOut]


class ArticleSummaryOut(BaseModel):
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    wire_agency: str | None
    published: dt.date | None
    chars: int


class AnnotationOut(BaseModel):
    """An extracted value and the [start, end) span of Article.text it was read from."""

    kind: str
    label: str
    start: int
    end: int
    source: str


class ArticleOut(BaseModel):
    id: str
    document: str
    url: str | None
    outlet: str | None
    wire_agency: str | None
    title: str | None
    published: dt.date | None
    dateline: str | None
    language: str | None
    text: str
    captions: list[str]
    extractor: str
    chrome: list[str]
    paragraphs: list[Span]
    # False: triage found no violent incident, so the NLP never read it (no annotations)
    analysed: bool
    annotations: list[AnnotationOut]
    incidents: list[str]


class ActorOut(BaseModel):
    id: str
    name: str
    aliases: list[str]
    kind: str
    parent: str | None
    country: str | None


class ActorDetailOut(BaseModel):
    actor: ActorOut
    ancestors: list[str]
    branches: list[str]
    incidents: list[str]
    claims_made: list[str] = Field(description="statements spoken by the actor or a branch")
    attributed: list[str] = Field(description="statements naming the actor or a branch")


class DocumentOut(BaseModel):
    id: str
    uri: str
    media_type: str
    fetched_at: dt.datetime
    status: str
    error: str | None
    size: int
    has_article: bool


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    next_cursor: str | None


class StatementPage(BaseModel):
    items: list[StatementOut]
    next_cursor: str | None


class ArticlePage(BaseModel):
    items: list[ArticleSummaryOut]
    next_cursor: str | None


class ActorPage(BaseModel):
    items: list[ActorOut]
    next_cursor: str | None


class DocumentPage(BaseModel):
    items: list[DocumentOut]
    next_cursor: str | None


class IngestOut(BaseModel):
    ingested: int
    unchanged: int
    failed: int
    failures: list[str]


class ErrorOut(BaseModel):
    detail: str
