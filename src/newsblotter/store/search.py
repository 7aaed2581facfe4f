"""Article full-text search: the FTS5 table on SQLite, PostgreSQL's own text search there,
LIKE elsewhere."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, func, select, text

from newsblotter.store.schema import articles

FTS_TABLE = "articles_fts"


def fts_rowid(document: str) -> int:
    """A stable 60-bit rowid for a document's FTS entry (see migration 0002 for why)."""
    return int(hashlib.sha256(document.encode("utf-8")).hexdigest()[:15], 16)


def has_fts(conn: Connection) -> bool:
    if conn.dialect.name != "sqlite":
        return False
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).first()
    return found is not None


_INDEX = text(f"INSERT INTO {FTS_TABLE} (rowid, document, title, text) VALUES (:r, :d, :t, :x)")
_UNINDEX = text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :r")


def index_article(conn: Connection, document: str, title: str | None, body: str) -> None:
    conn.execute(_INDEX, {"r": fts_rowid(document), "d": document, "t": title or "", "x": body})


def unindex_article(conn: Connection, document: str) -> None:
    conn.execute(_UNINDEX, {"r": fts_rowid(document)})


def search(conn: Connection, query: str, limit: int, fts: bool) -> list[str]:
    if fts:
        rows = conn.execute(
            text(
                f"SELECT document FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q "
                f"ORDER BY bm25({FTS_TABLE}) LIMIT :n"
            ),
            {"q": query, "n": limit},
        )
        return [row[0] for row in rows]
    if conn.dialect.name == "postgresql":
        return _postgresql(conn, query, limit)
    pattern = f"%{query.lower()}%"
    stmt = (
        select(articles.c.document)
        .where(func.lower(articles.c.text).like(pattern))
        .order_by(articles.c.document)
        .limit(limit)
    )
    return [row[0] for row in conn.execute(stmt)]


def _postgresql(conn: Connection, query: str, limit: int) -> list[str]:
    """tsvector match ranked by ts_rank. websearch_to_tsquery reads free text (quoted
    phrases, OR, -word) and never raises on odd input. The 'simple' configuration (no
    stemming, no stop words) keeps names and places as written, like FTS5's unicode61."""
    document = func.to_tsvector(
        "simple", func.coalesce(articles.c.title, "").concat(" ").concat(articles.c.text)
    )
    wanted = func.websearch_to_tsquery("simple", query)
    stmt = (
        select(articles.c.document)
        .where(document.bool_op("@@")(wanted))
        .order_by(func.ts_rank(document, wanted).desc(), articles.c.document)
        .limit(limit)
    )
    return [row[0] for row in conn.execute(stmt)]
