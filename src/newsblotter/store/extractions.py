"""Extractions: what analysing one document yields (article, mentions, statements, the
attribution layer, the actors it introduced), written in one transaction, and read back."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import Connection, bindparam, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from newsblotter.records import Actor, Article, Extraction, IncidentMention, RawDocument
from newsblotter.store import schema as t
from newsblotter.store import search as fts
from newsblotter.store.base import one_line
from newsblotter.store.codec import from_dict
from newsblotter.store.documents import Documents
from newsblotter.store.errors import StoreError
from newsblotter.store.rows import (
    actor_row,
    article_from,
    article_row,
    attribution_row,
    mention_row,
    statement_row,
)

# Statements the writer runs for every document, built once (building one costs about three
# times what running it does).
_ARTICLE = insert(t.articles)
_MENTION = insert(t.mentions)
_STATEMENT = insert(t.statements)
_ATTRIBUTION = insert(t.attributions)
_INTRODUCED = select(t.actors.c.id).where(t.actors.c.introduced_by == bindparam("document"))


class Extractions(Documents):
    """Articles, mentions, statements, attributions and actors, per document."""

    def save_document(self, raw: RawDocument, extraction: Extraction) -> bool:
        """Store a document and what was extracted from it in one transaction.

        A crash can therefore never leave a stored document without its extraction (which a
        later run would skip as unchanged). Returns whether the bytes were new.
        """
        with self._write() as conn:
            added = self._insert_document(conn, raw)
            self._write_extraction(conn, extraction, fresh=added)
        return added

    def save_extraction(self, extraction: Extraction) -> None:
        """Replace everything derived from the article's document, in one transaction.

        Actors that this document introduced earlier but no longer does are removed.
        """
        with self._write() as conn:
            self._write_extraction(conn, extraction)

    def _write_extraction(
        self, conn: Connection, extraction: Extraction, fresh: bool = False
    ) -> None:
        """``fresh``: the document row was inserted in this transaction, so no row that
        references it by foreign key can exist yet, and clearing them is skipped (five of an
        ingest's statements per document)."""
        article = extraction.article
        doc = article.document
        if not fresh:
            # FOR UPDATE (PostgreSQL; SQLite's write lock already serialises): two workers
            # writing the same document (a page seen twice) take turns instead of deadlocking.
            known = conn.execute(
                select(t.documents.c.id).where(t.documents.c.id == doc).with_for_update()
            ).first()
            if known is None:
                raise StoreError(f"{self.name}: document {doc} is not stored; add it first")
            conn.execute(delete(t.statements).where(t.statements.c.document == doc))
            conn.execute(delete(t.attributions).where(t.attributions.c.document == doc))
            conn.execute(delete(t.mentions).where(t.mentions.c.document == doc))
            conn.execute(delete(t.articles).where(t.articles.c.document == doc))
        if self._fts:  # keyed by a rowid, not a foreign key: cleared whatever came before
            fts.unindex_article(conn, doc)
        conn.execute(_ARTICLE, [article_row(article, extraction.analysed)])
        if self._fts:
            fts.index_article(conn, doc, article.title, article.text)
        if extraction.mentions:
            conn.execute(_MENTION, [mention_row(doc, m) for m in extraction.mentions])
        if extraction.statements:
            conn.execute(_STATEMENT, [statement_row(doc, s) for s in extraction.statements])
        if extraction.attributions:
            rows = {r["id"]: r for r in (attribution_row(doc, a) for a in extraction.attributions)}
            conn.execute(_ATTRIBUTION, list(rows.values()))
        before = set(conn.execute(_INTRODUCED, {"document": doc}).scalars())
        new_rows = [actor_row(a, default_document=doc) for a in extraction.new_actors]
        self._upsert(conn, t.actors, new_rows)
        stale = before - {row["id"] for row in new_rows}
        if stale:
            conn.execute(delete(t.actors).where(t.actors.c.id.in_(stale)))

    def save_actors(self, actors: Iterable[Actor]) -> None:
        """Insert or update actors by id."""
        rows = [actor_row(a) for a in actors]
        with self._write() as conn:
            self._upsert(conn, t.actors, rows)

    def articles(
        self, ids: Collection[str] | None = None, analysed: bool | None = None
    ) -> list[Article]:
        """Articles in document order; ``analysed`` True keeps those the NLP stages read
        (False: those triage passed over)."""
        stmt = select(t.articles).order_by(t.articles.c.document)
        if ids is not None:
            stmt = stmt.where(t.articles.c.document.in_(list(ids)))
        if analysed is not None:
            stmt = stmt.where(t.articles.c.analysed == analysed)
        with self._read() as conn:
            return [article_from(row) for row in conn.execute(stmt)]

    def analysed(self, document: str) -> bool | None:
        """Whether the NLP stages read the article (False: triage passed it over); None when
        no article is stored for ``document``."""
        with self._read() as conn:
            found = conn.execute(
                select(t.articles.c.analysed).where(t.articles.c.document == document)
            ).scalar_one_or_none()
        return None if found is None else bool(found)

    def article(self, document: str) -> Article | None:
        found = self.articles([document])
        return found[0] if found else None

    def load_articles(self, analysed: bool | None = None) -> list[Article]:
        return self.articles(analysed=analysed)

    def load_mentions(self) -> list[IncidentMention]:
        with self._read() as conn:
            rows = conn.execute(select(t.mentions.c.data).order_by(t.mentions.c.id)).scalars()
            return [from_dict(IncidentMention, data) for data in rows]

    def actors(self) -> list[Actor]:
        with self._read() as conn:
            rows = conn.execute(select(t.actors.c.data).order_by(t.actors.c.id)).scalars()
            return [from_dict(Actor, data) for data in rows]

    def search(self, query: str, limit: int = 20) -> list[str]:
        """Document ids of articles matching ``query`` (FTS5 syntax on SQLite), best first."""
        try:
            with self._engine.connect() as conn:
                return fts.search(conn, query, limit, self._fts)
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: search {query!r}: {one_line(exc)}") from exc
