"""Engine creation: URL handling, SQLite pragmas and real transactions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

from newsblotter.store.errors import StoreError

WRITE = {"sqlite_begin": "IMMEDIATE"}


def to_url(url_or_path: str) -> URL:
    """An SQLAlchemy URL from a URL or a bare file path (SQLite)."""
    if "://" not in url_or_path:
        if url_or_path in ("", ":memory:"):
            return make_url("sqlite://")
        return make_url("sqlite:///" + url_or_path)
    url = make_url(url_or_path)
    if url.drivername in ("postgresql", "postgres"):
        # A plain postgresql:// URL means psycopg 3 here (SQLAlchemy would pick psycopg2).
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe(url: URL) -> str:
    """The URL for messages, password hidden."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    memory = url.database in (None, "", ":memory:")
    if not memory:
        parent = Path(url.database or "").absolute().parent
        if not parent.is_dir():
            raise StoreError(f"directory {parent} does not exist")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 30}}
    if memory:  # one shared connection, else every checkout would see a new empty database
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling never wraps DDL and begins lazily; turn it off and
    # issue BEGIN ourselves (SQLAlchemy's documented recipe) so every block is atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across process crashes
    finally:
        cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock up front: a deferred transaction that reads then writes can
    # fail with SQLITE_BUSY at once instead of waiting out the busy timeout.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
