"""Store: SQLAlchemy Core over SQLite (default) or PostgreSQL, with versioned migrations.

Contract:
- ``open_db(url_or_path: str) -> Database``: creates or migrates the schema to head (alembic
  scripts shipped in ``store/migrations``, run in code: no alembic.ini). Raises StoreError with
  one line naming the database when it cannot be opened.
- ``Database.add_document(raw) -> bool`` (False when those bytes are already stored: idempotent;
  a failed RawDocument is only recorded in failures); ``record_failure(uri, error, document)``;
  ``document_status(id)``; ``iter_documents(status)`` yields stored RawDocuments for reprocess.
- ``Database.save_extraction(extraction)``: replaces all that was derived from that document, in
  one transaction, so a crash never leaves half a document.
- ``Database.save_actors(actors)``; ``load_mentions()``, ``load_statements()``, ``load_articles()``.
- ``Database.replace_incidents(incidents)``: one transaction.
- Reads: ``incidents()`` (all; the filters are ``newsblotter.query``'s), ``incident(id)``,
  ``statements(incident=)``, ``articles(ids=)``, ``article(document)``, ``actors()``,
  ``failures()``, ``search(query)``, ``stats()``. Database is a context manager (``close()``).
- Modules: ``db`` (Database), ``base`` (transactions), ``documents``, ``extractions``,
  ``statements``, ``incidents``, ``decisions``, ``rows``, ``sources`` (feeds, runs, caches).

SQLite runs in WAL mode with foreign keys on, every write in one ``BEGIN IMMEDIATE``
transaction. Document content is stored zlib-compressed.
"""

from __future__ import annotations

from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from newsblotter.store.db import Database, one_line
from newsblotter.store.engine import describe, make_engine, to_url
from newsblotter.store.errors import StoreError
from newsblotter.store.migrate import upgrade

__all__ = ["Database", "StoreError", "open_db"]


def open_db(url_or_path: str) -> Database:
    """Open (creating or migrating as needed) the database at a path or SQLAlchemy URL."""
    url = to_url(url_or_path)
    name = describe(url)
    try:
        engine = make_engine(url)
        migrated = upgrade(engine)
        return Database(engine, name, migrated)
    except StoreError as exc:
        raise StoreError(f"{name}: {exc}") from exc
    except (SQLAlchemyError, CommandError) as exc:
        raise StoreError(f"{name}: {one_line(exc)}") from exc
