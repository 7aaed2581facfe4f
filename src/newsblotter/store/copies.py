"""Story copies in the store: look a story up by its key, record another location of it.

See ``newsblotter.ingest.stories`` for what makes two documents one story. ``store_once`` is
what every ingest path (the engines' per-item routine, ``Pipeline.ingest_raw``) calls instead
of ``Database.save_document``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from sqlalchemy import Connection, bindparam, delete, insert, select

from newsblotter.ingest.stories import adds_nothing, same_headline, title_key
from newsblotter.records import Article, DocStatus, Extraction, RawDocument
from newsblotter.store import schema as t
from newsblotter.store.rows import text_key

if TYPE_CHECKING:
    from newsblotter.store.db import Database


@dataclass(frozen=True, slots=True)
class Location:
    """Another place a stored document's story was found."""

    uri: str
    origin: str | None
    raw: str  # the digest of the bytes found there
    seen_at: dt.datetime


# The writer's look-ups, run for every page: built once (building a statement costs about
# three times what running it does).
_a = t.articles.c
_SAME_WORDS = (
    select(_a.document, _a.title)
    .where(_a.story_key == bindparam("key"), _a.document != bindparam("document"))
    .order_by(_a.document)
)
_SAME_HEADLINE = select(_a.document, _a.text).where(
    _a.title_key == bindparam("headline"), _a.document != bindparam("document")
)
_UNDATED = _SAME_HEADLINE.where(_a.published.is_(None)).order_by(_a.document)
_DATED = _SAME_HEADLINE.where(_a.published == bindparam("day")).order_by(_a.document)
_COPY_OF = select(t.document_copies.c.document).where(t.document_copies.c.raw == bindparam("raw"))
_STATUS = select(t.documents.c.status).where(t.documents.c.id == bindparam("raw"))


def find_story(db: Database, article: Article) -> str | None:
    """The stored document holding ``article``'s story, other than its own, or None: the same
    words under an agreeing headline, or, under the same headline and date, a story the
    article adds nothing to."""
    document = article.document
    with db.engine.connect() as conn:
        found = {"key": text_key(article.text), "document": document}
        rows = conn.execute(_SAME_WORDS, found).all()
        same = next((r.document for r in rows if same_headline(r.title, article.title)), None)
        headline = title_key(article.title)
        if same is not None or headline is None:
            return same
        day = article.published
        same_day = {"headline": headline, "document": document, "day": day}
        near = conn.execute(_UNDATED if day is None else _DATED, same_day).all()
    return next((r.document for r in near if adds_nothing(article.text, r.text)), None)


def known_copy(db: Database, raw: str) -> str | None:
    """The stored document whose story the bytes ``raw`` (their digest) were found to hold."""
    with db.engine.connect() as conn:
        return _copy_of(conn, raw)


def _copy_of(conn: Connection, raw: str) -> str | None:
    found: str | None = conn.execute(_COPY_OF, {"raw": raw}).scalar_one_or_none()
    return found


def stored_as(db: Database, raw: str) -> tuple[DocStatus | None, str | None]:
    """What the store holds of the bytes ``raw`` (their digest), in one read: the status of
    the document of those bytes, and, when none is stored whole, the stored document whose
    story they were found to hold (``known_copy``)."""
    with db.engine.connect() as conn:
        status = conn.execute(_STATUS, {"raw": raw}).scalar_one_or_none()
        return cast(DocStatus | None, status), None if status == "ok" else _copy_of(conn, raw)


def record_copy(db: Database, document: str, raw: RawDocument) -> None:
    """Remember ``raw`` as another location of ``document`` (and that its uri is fine now)."""
    row = {
        "raw": raw.id,
        "document": document,
        "uri": raw.uri,
        "origin": raw.origin,
        "seen_at": dt.datetime.now(dt.UTC),
    }
    with db._write() as conn:
        conn.execute(delete(t.document_copies).where(t.document_copies.c.raw == raw.id))
        conn.execute(insert(t.document_copies).values(**row))
        conn.execute(delete(t.failures).where(t.failures.c.uri == raw.uri))


def locations(db: Database, document: str) -> list[Location]:
    """The other places ``document``'s story was found, oldest first."""
    c = t.document_copies.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(c.uri, c.origin, c.raw, c.seen_at)
            .where(c.document == document)
            .order_by(c.seen_at, c.raw)
        ).all()
    return [Location(r.uri, r.origin, r.raw, r.seen_at) for r in rows]


def store_once(db: Database, raw: RawDocument, extraction: Extraction) -> tuple[bool, str]:
    """Store ``raw`` with its extraction unless its story is stored already, in which case
    record it as another location. Returns (whether the document was added, the stored
    document that holds the story)."""
    same = find_story(db, extraction.article)
    if same is not None:
        record_copy(db, same, raw)
        return False, same
    return db.save_document(raw, extraction), raw.id
