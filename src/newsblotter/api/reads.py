"""Read queries the Database API does not offer, over its documented read engine.

They select only the columns a listing needs (an article list must not load every article's
text) and fetch one document's extracted values by index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from newsblotter.records import IncidentMention, Statement
from newsblotter.store import Database
from newsblotter.store import schema as t
from newsblotter.store.codec import from_dict


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: str
    uri: str
    media_type: str
    fetched_at: dt.datetime
    status: str
    error: str | None
    size: int
    has_article: bool


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    document: str
    title: str | None
    url: str | None
    outlet: str | None
    wire_agency: str | None
    published: dt.date | None
    chars: int


def data_version(db: Database) -> tuple[Any, ...]:
    """Changes whenever a document is ingested or incidents are rebuilt (cache key)."""
    with db.engine.connect() as conn:
        log = conn.execute(select(func.max(t.ingest_log.c.id))).scalar()
        incidents = conn.execute(select(func.count()).select_from(t.incidents)).scalar()
        newest = conn.execute(select(func.max(t.incidents.c.id))).scalar()
        actors = conn.execute(select(func.count()).select_from(t.actors)).scalar()
    return (log, incidents, newest, actors)


def documents(db: Database) -> list[DocumentInfo]:
    d = t.documents.c
    has_article = select(t.articles.c.document).where(t.articles.c.document == d.id).exists()
    stmt = select(
        d.id, d.uri, d.media_type, d.fetched_at, d.status, d.error, d.size, has_article
    ).order_by(d.id)
    with db.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    # SQLite keeps no offset; the store writes UTC, so say so.
    return [
        DocumentInfo(
            r.id, r.uri, r.media_type, as_utc(r.fetched_at), r.status, r.error, r.size, r[7]
        )
        for r in rows
    ]


def as_utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def column_moment(db: Database, moment: dt.datetime) -> dt.datetime:
    """``moment`` as the database compares it: naive UTC on SQLite, aware elsewhere."""
    utc = as_utc(moment)
    return utc.replace(tzinfo=None) if db.engine.dialect.name == "sqlite" else utc


def articles(db: Database) -> list[ArticleInfo]:
    a = t.articles.c
    stmt = select(
        a.document,
        a.title,
        func.coalesce(a.canonical_url, a.url),
        a.outlet,
        a.wire_agency,
        a.published,
        func.length(a.text),
    ).order_by(a.document)
    with db.engine.connect() as conn:
        return [ArticleInfo(*row) for row in conn.execute(stmt)]


def mentions_of(db: Database, document: str) -> list[IncidentMention]:
    stmt = select(t.mentions.c.data).where(t.mentions.c.document == document)
    with db.engine.connect() as conn:
        found = [from_dict(IncidentMention, data) for data in conn.execute(stmt).scalars()]
    return sorted(found, key=lambda m: m.provenance.start)


def mentions_by_id(db: Database, ids: list[str]) -> list[IncidentMention]:
    stmt = select(t.mentions.c.data).where(t.mentions.c.id.in_(ids))
    with db.engine.connect() as conn:
        return [from_dict(IncidentMention, data) for data in conn.execute(stmt).scalars()]


def statements_of(db: Database, document: str) -> list[Statement]:
    stmt = select(t.statements.c.data).where(t.statements.c.document == document)
    with db.engine.connect() as conn:
        found = [from_dict(Statement, data) for data in conn.execute(stmt).scalars()]
    return sorted(found, key=lambda s: s.provenance.start)


def statement(db: Database, id: str) -> Statement | None:
    stmt = select(t.statements.c.data).where(t.statements.c.id == id)
    with db.engine.connect() as conn:
        data = conn.execute(stmt).scalar_one_or_none()
    return None if data is None else from_dict(Statement, data)
