"""The Database's plumbing: its engine, one-transaction writes, reads, upserts, error lines.

Every part of the Database (documents, extractions, statements, incidents, decisions) builds
on :class:`StoreBase`; ``store/db.py`` puts them together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Engine, Table, delete, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from newsblotter.store import search as fts
from newsblotter.store.engine import WRITE
from newsblotter.store.errors import StoreError


def one_line(exc: BaseException) -> str:
    """A database error as one line: the driver's message, not SQLAlchemy's SQL dump."""
    message = str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)
    return " ".join(message.split()) or type(exc).__name__


def utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StoreBase:
    """Engine, transactions and upserts shared by every part of the Database."""

    def __init__(self, engine: Engine, name: str, migrated: bool) -> None:
        self.name = name
        self.migrated = migrated  # whether opening it ran migrations
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)
        with engine.connect() as conn:
            self._fts = fts.has_fts(conn)

    @property
    def engine(self) -> Engine:
        """For ad-hoc read queries (exports, reports); writes should go through methods."""
        return self._engine

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction: all of the block is committed, or none of it."""
        try:
            with self._writer.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: {one_line(exc)}") from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: {one_line(exc)}") from exc

    def _upsert(self, conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        keys = [c.name for c in table.primary_key.columns]
        # Concurrent writers (PostgreSQL, several workers) lock rows in key order, so two
        # transactions upserting overlapping rows cannot deadlock.
        rows = sorted(rows, key=lambda row: tuple(str(row[k]) for k in keys))
        if conn.dialect.name not in ("sqlite", "postgresql"):
            for row in rows:  # portable fallback; both supported dialects take the branch below
                conn.execute(delete(table).where(*(table.c[k] == row[k] for k in keys)))
            conn.execute(insert(table), list(rows))
            return
        dialect_insert = sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert
        stmt = dialect_insert(table)
        update = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
        conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update), list(rows))
