"""Full-text search over articles (SQLite FTS5; other dialects search with LIKE).

The FTS table keeps its own copy of title and text keyed by a rowid derived from the document
id, so the store can replace one article's entry by rowid: an FTS5 "external content" table
would key on articles.rowid, which VACUUM may renumber for a table without an INTEGER key.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fts_rowid(document: str) -> int:
    # Same rule as newsblotter.store.search.fts_rowid, frozen here as of this revision.
    return int(hashlib.sha256(document.encode("utf-8")).hexdigest()[:15], 16)


def _has_fts5(bind: sa.Connection) -> bool:
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp._nb_fts5_probe USING fts5(x)")
    except sa.exc.OperationalError:
        return False
    bind.exec_driver_sql("DROP TABLE temp._nb_fts5_probe")
    return True


def upgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        return
    bind = op.get_bind()
    if not _has_fts5(bind):
        return
    bind.exec_driver_sql(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(document UNINDEXED, title, text, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Backfill in one streaming statement, with the rowid rule as an SQL function.
    bind.connection.driver_connection.create_function(  # type: ignore[union-attr]
        "nb_fts_rowid", 1, _fts_rowid, deterministic=True
    )
    bind.exec_driver_sql(
        "INSERT INTO articles_fts (rowid, document, title, text) "
        "SELECT nb_fts_rowid(document), document, coalesce(title, ''), text FROM articles"
    )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.get_bind().exec_driver_sql("DROP TABLE IF EXISTS articles_fts")
