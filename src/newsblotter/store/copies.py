"""Story copies in the store: look a story up by its key, record another location of it.

See ``newsblotter.ingest.stories`` for what makes two documents one story. ``store_once`` is
what every ingest path (the engines' per-item routine, ``Pipeline.ingest_raw``) calls instead
of ``Database.save_document``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from newsblotter.ingest.stories import adds_nothing, same_headline, story_key, title_key
from newsblotter.records import Article, Extraction, RawDocument
from newsblotter.store import schema as t

if TYPE_CHECKING:
    from newsblotter.store.db import Database


@dataclass(frozen=True, slots=True)
class Location:
    """Another place a stored document's story was found."""

    uri: str
    origin: str | None
    raw: str  # the digest of the bytes found there
    seen_at: dt.datetime


def find_story(db: Database, article: Article) -> str | None:
    """The stored document holding ``article``'s story, other than its own, or None: the same
    words under an agreeing headline, or, under the same headline and date, a story the
    article adds nothing to."""
    c = t.articles.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(c.document, c.title)
            .where(c.story_key == story_key(article.text), c.document != article.document)
            .order_by(c.document)
        ).all()
        same = next((r.document for r in rows if same_headline(r.title, article.title)), None)
        headline = title_key(article.title)
        if same is not None or headline is None:
            return same
        day = article.published
        same_day = c.published.is_(None) if day is None else c.published == day
        near = conn.execute(
            select(c.document, c.text)
            .where(c.title_key == headline, same_day, c.document != article.document)
            .order_by(c.document)
        ).all()
    return next((r.document for r in near if adds_nothing(article.text, r.text)), None)


def known_copy(db: Database, raw: str) -> str | None:
    """The stored document whose story the bytes ``raw`` (their digest) were found to hold."""
    c = t.document_copies.c
    with db.engine.connect() as conn:
        found: str | None = conn.execute(
            select(c.document).where(c.raw == raw)
        ).scalar_one_or_none()
    return found


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
