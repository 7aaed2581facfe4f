"""Bookkeeping of the sources: followed feeds and their items, HTTP validators per URL, and
run progress. Kept apart from :class:`Database` (pipeline records) but on the same engine and
schema, so SQLite and PostgreSQL both work and every write is one short transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from newsblotter.store import schema as t
from newsblotter.store.db import Database


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    title: str | None
    interval_s: int
    etag: str | None
    last_modified: str | None
    added_at: dt.datetime
    polled_at: dt.datetime | None
    next_poll_at: dt.datetime
    last_error: str | None
    failures: int


@dataclass(frozen=True, slots=True)
class PendingItem:
    feed: str
    key: str
    url: str


class SourceStore:
    """Feeds, URL validators and run progress in a newsblotter database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # the same transactions as the rest of the store (one place turns errors into lines)
        self._write = db._write
        self._read = db._read

    @staticmethod
    def _insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
        """Insert rows whose key is new; returns how many were inserted."""
        if not rows:
            return 0
        dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        keys = list(table.primary_key.columns)
        stmt = dialect_insert(table).on_conflict_do_nothing(index_elements=keys)
        # RETURNING counts what was inserted; rowcount is -1 for this insert under psycopg.
        result = conn.execute(stmt.returning(*keys), list(rows))
        return len(result.all())

    # -- feeds ------------------------------------------------------------------------------

    def add_feed(self, url: str, interval_s: int) -> bool:
        """Follow ``url``; False when it is followed already. It is due at once."""
        now = _now()
        row = {
            "url": url,
            "interval_s": interval_s,
            "added_at": now,
            "next_poll_at": now,
            "failures": 0,
        }
        with self._write() as conn:
            return self._insert_ignore(conn, t.feeds, [row]) == 1

    def remove_feed(self, url: str) -> bool:
        with self._write() as conn:
            conn.execute(delete(t.feed_items).where(t.feed_items.c.feed == url))
            return conn.execute(delete(t.feeds).where(t.feeds.c.url == url)).rowcount == 1

    def feeds(self) -> list[Feed]:
        with self._read() as conn:
            rows = conn.execute(select(t.feeds).order_by(t.feeds.c.url)).all()
        return [_feed(row) for row in rows]

    def feed(self, url: str) -> Feed | None:
        with self._read() as conn:
            row = conn.execute(select(t.feeds).where(t.feeds.c.url == url)).first()
        return None if row is None else _feed(row)

    def due_feeds(self, now: dt.datetime | None = None) -> list[Feed]:
        """Feeds whose next poll is due, the most overdue first."""
        moment = _utc(now or _now())
        with self._read() as conn:
            rows = conn.execute(
                select(t.feeds)
                .where(t.feeds.c.next_poll_at <= moment)
                .order_by(t.feeds.c.next_poll_at, t.feeds.c.url)
            ).all()
        return [_feed(row) for row in rows]

    def next_due(self) -> dt.datetime | None:
        with self._read() as conn:
            found = conn.execute(select(func.min(t.feeds.c.next_poll_at))).scalar_one_or_none()
        return None if found is None else _utc(found)

    def feed_polled(
        self,
        url: str,
        *,
        next_poll_at: dt.datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        title: str | None = None,
        error: str | None = None,
        items: Iterable[tuple[str, str]] = (),
    ) -> int:
        """Record a poll and queue its new ``(key, url)`` items as pending, in one transaction.

        Validators and title are only replaced when given (a 304 keeps them). Returns the
        number of items never seen before.
        """
        now = _now()
        values: dict[str, Any] = {"polled_at": now, "next_poll_at": _utc(next_poll_at)}
        if error is None:
            values.update(last_error=None, failures=0)
            if etag is not None or last_modified is not None:
                values.update(etag=etag, last_modified=last_modified)
            if title:
                values["title"] = title
        else:
            values.update(last_error=" ".join(error.split()), failures=t.feeds.c.failures + 1)
        rows = [
            {"feed": url, "key": key, "url": link, "state": "pending", "seen_at": now}
            for key, link in dict(items).items()
        ]
        with self._write() as conn:
            conn.execute(update(t.feeds).where(t.feeds.c.url == url).values(**values))
            if conn.execute(select(t.feeds.c.url).where(t.feeds.c.url == url)).first() is None:
                return 0  # removed meanwhile
            return self._insert_ignore(conn, t.feed_items, rows)

    def pending_items(self, feed: str | None = None) -> list[PendingItem]:
        stmt = select(t.feed_items.c.feed, t.feed_items.c.key, t.feed_items.c.url).where(
            t.feed_items.c.state == "pending"
        )
        if feed is not None:
            stmt = stmt.where(t.feed_items.c.feed == feed)
        with self._read() as conn:
            rows = conn.execute(stmt.order_by(t.feed_items.c.seen_at, t.feed_items.c.key))
            return [PendingItem(r.feed, r.key, r.url) for r in rows]

    def finish_item(self, item: PendingItem, state: str, document: str | None) -> None:
        with self._write() as conn:
            conn.execute(
                update(t.feed_items)
                .where(t.feed_items.c.feed == item.feed, t.feed_items.c.key == item.key)
                .values(state=state, document=document)
            )

    def item_states(self, feed: str) -> dict[str, str]:
        with self._read() as conn:
            rows = conn.execute(
                select(t.feed_items.c.key, t.feed_items.c.state).where(t.feed_items.c.feed == feed)
            )
            return {r.key: r.state for r in rows}

    # -- conditional GET --------------------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None, str | None] | None:
        """``(etag, last_modified, document)`` of the last good response from ``url``."""
        with self._read() as conn:
            row = conn.execute(select(t.url_cache).where(t.url_cache.c.url == url)).first()
        return None if row is None else (row.etag, row.last_modified, row.document)

    def remember(
        self, url: str, etag: str | None, last_modified: str | None, document: str | None
    ) -> None:
        row = {
            "url": url,
            "etag": etag,
            "last_modified": last_modified,
            "document": document,
            "fetched_at": _now(),
        }
        with self._write() as conn:
            conn.execute(delete(t.url_cache).where(t.url_cache.c.url == url))
            conn.execute(insert(t.url_cache).values(**row))

    # -- runs -------------------------------------------------------------------------------

    def start_run(self, inputs: Sequence[str]) -> tuple[str, bool]:
        """The run over ``inputs``: ``(id, resumed)``. An unfinished run of the same inputs is
        resumed; a finished one is started afresh (its progress dropped)."""
        text = json.dumps(list(inputs), ensure_ascii=False)
        run = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self._write() as conn:
            row = conn.execute(select(t.runs).where(t.runs.c.id == run)).first()
            if row is not None and row.finished_at is None:
                return run, True
            conn.execute(delete(t.run_items).where(t.run_items.c.run == run))
            conn.execute(delete(t.runs).where(t.runs.c.id == run))
            conn.execute(insert(t.runs).values(id=run, inputs=text, started_at=_now()))
        return run, False

    def done_items(self, run: str, source: str) -> set[str]:
        with self._read() as conn:
            rows = conn.execute(
                select(t.run_items.c.item).where(
                    t.run_items.c.run == run, t.run_items.c.source == source
                )
            ).scalars()
            return set(rows)

    def record_items(self, run: str, rows: Iterable[tuple[str, str, str, str | None]]) -> None:
        """Mark ``(source, item, outcome, document)`` rows done in ``run``."""
        values = [
            {"run": run, "source": s, "item": i, "outcome": o, "document": d} for s, i, o, d in rows
        ]
        if values:
            with self._write() as conn:
                self._insert_ignore(conn, t.run_items, values)

    def finish_run(self, run: str) -> None:
        with self._write() as conn:
            conn.execute(update(t.runs).where(t.runs.c.id == run).values(finished_at=_now()))

    def run_outcomes(self, run: str) -> dict[str, int]:
        with self._read() as conn:
            rows = conn.execute(
                select(t.run_items.c.outcome, func.count())
                .where(t.run_items.c.run == run)
                .group_by(t.run_items.c.outcome)
            ).all()
        return {outcome: count for outcome, count in rows}


def _feed(row: Any) -> Feed:
    return Feed(
        url=row.url,
        title=row.title,
        interval_s=row.interval_s,
        etag=row.etag,
        last_modified=row.last_modified,
        added_at=_utc(row.added_at),
        polled_at=_utc(row.polled_at) if row.polled_at else None,
        next_poll_at=_utc(row.next_poll_at),
        last_error=row.last_error,
        failures=row.failures,
    )
