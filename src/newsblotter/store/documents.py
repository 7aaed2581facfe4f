"""Documents: the stored inputs (bytes kept zlib-compressed), the ingest log and failures."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import cast

from sqlalchemy import Connection, Executable, bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from newsblotter.records import DocStatus, RawDocument
from newsblotter.store import schema as t
from newsblotter.store.base import StoreBase, now, utc

_BATCH = 64  # documents per read in iter_documents: bounds memory on big pages
# zlib's fastest level: a news page costs the writer about 1.4 ms instead of 3.5 ms at the
# default level 6, for a store about a tenth larger (bench/writer.py, the bench mix)
_ZLIB_LEVEL = 1


# Statements the writer runs for every document, built once (building one costs about three
# times what running it does).
_LOG = insert(t.ingest_log)
_CLEARED = delete(t.failures).where(t.failures.c.uri == bindparam("uri"))
_NEW_DOCUMENT: dict[str, Executable] = {}


def _new_document(dialect: str) -> Executable:
    """Insert a document unless those bytes are stored: RETURNING its id when it was added
    (not rowcount: psycopg under SQLAlchemy 2.1 reports -1 for this insert)."""
    stmt = _NEW_DOCUMENT.get(dialect)
    if stmt is None:
        dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = _NEW_DOCUMENT[dialect] = (
            dialect_insert(t.documents)
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(t.documents.c.id)
        )
    return stmt


class Documents(StoreBase):
    """Stored documents and the inputs that failed."""

    # -- documents --------------------------------------------------------------------------

    def add_document(self, raw: RawDocument) -> bool:
        """Store ``raw``; False when those bytes are already stored or ``raw`` failed.

        A failed document is recorded in failures only; stored data is never touched by it.
        """
        if raw.status != "ok":
            self.record_failure(raw.uri, raw.error or f"{raw.uri}: failed", raw.id or None)
            return False
        with self._write() as conn:
            return self._insert_document(conn, raw)

    def _insert_document(self, conn: Connection, raw: RawDocument) -> bool:
        moment = now()
        row = {
            "id": raw.id,
            "uri": raw.uri,
            "media_type": raw.media_type,
            "fetched_at": utc(raw.fetched_at),
            "status": raw.status,
            "error": raw.error,
            "size": len(raw.content),
            "content": zlib.compress(raw.content, _ZLIB_LEVEL),
            "origin": raw.origin,
        }
        added = conn.execute(_new_document(conn.dialect.name), row).first() is not None
        conn.execute(
            _LOG,
            {
                "uri": raw.uri,
                "document": raw.id,
                "outcome": "added" if added else "duplicate",
                "error": None,
                "at": moment,
                "origin": raw.origin,
            },
        )
        conn.execute(_CLEARED, {"uri": raw.uri})
        return added

    def record_failure(self, uri: str, error: str, document: str | None = None) -> None:
        """Remember that ``uri`` failed (latest reason wins) and log it."""
        error = " ".join(error.split())
        moment = now()
        with self._write() as conn:
            self._upsert(
                conn, t.failures, [{"uri": uri, "document": document, "error": error, "at": moment}]
            )
            conn.execute(
                insert(t.ingest_log).values(
                    uri=uri, document=document, outcome="failed", error=error, at=moment
                )
            )

    def document_status(self, document: str) -> DocStatus | None:
        with self._read() as conn:
            found = conn.execute(
                select(t.documents.c.status).where(t.documents.c.id == document)
            ).scalar_one_or_none()
        return cast(DocStatus | None, found)

    def iter_documents(self, status: DocStatus = "ok") -> Iterator[RawDocument]:
        """Stored documents in id order, decompressed, fetched a batch at a time.

        Each batch is its own short read, so the caller may write (save_extraction) between
        items without holding a read transaction open across the whole loop.
        """
        last = ""
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(t.documents)
                    .where(t.documents.c.status == status, t.documents.c.id > last)
                    .order_by(t.documents.c.id)
                    .limit(_BATCH)
                ).all()
            for row in rows:
                yield RawDocument(
                    id=row.id,
                    uri=row.uri,
                    content=zlib.decompress(row.content),
                    media_type=row.media_type,
                    fetched_at=utc(row.fetched_at),
                    status=row.status,
                    error=row.error,
                    origin=row.origin,
                )
            if len(rows) < _BATCH:
                return
            last = rows[-1].id

    def failures(self) -> list[tuple[str, str]]:
        """``(uri, error)`` for inputs failing now, by uri."""
        with self._read() as conn:
            rows = conn.execute(
                select(t.failures.c.uri, t.failures.c.error).order_by(t.failures.c.uri)
            )
            return [(row.uri, row.error) for row in rows]
