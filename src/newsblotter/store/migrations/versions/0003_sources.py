"""Sources: where a document was read (WARC offset), feeds and their items, the HTTP cache
validators per URL, and run progress so an interrupted ingest resumes.

Revision ID: 0003_sources
Revises: 0003_alerts
Create Date: 2025-01-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_sources"
down_revision: str | None = "0003_alerts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOC_ID = 64


def _at(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    # A nullable column without default: a plain ALTER TABLE ADD COLUMN on both dialects.
    op.add_column("documents", sa.Column("origin", sa.Text))
    op.add_column("ingest_log", sa.Column("origin", sa.Text))
    op.create_table(
        "feeds",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("interval_s", sa.Integer, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        _at("added_at", nullable=False),
        _at("polled_at"),
        _at("next_poll_at", nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
    )
    op.create_index("ix_feeds_next_poll_at", "feeds", ["next_poll_at"])
    op.create_table(
        "feed_items",
        sa.Column(
            "feed", sa.Text, sa.ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("document", sa.String(DOC_ID)),
        _at("seen_at", nullable=False),
    )
    op.create_index("ix_feed_items_state", "feed_items", ["state"])
    op.create_table(
        "url_cache",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("document", sa.String(DOC_ID)),
        _at("fetched_at", nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.String(DOC_ID), primary_key=True),
        sa.Column("inputs", sa.Text, nullable=False),
        _at("started_at", nullable=False),
        _at("finished_at"),
    )
    op.create_table(
        "run_items",
        sa.Column(
            "run", sa.String(DOC_ID), sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("item", sa.Text, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("document", sa.String(DOC_ID)),
    )
    op.create_index("ix_run_items_source", "run_items", ["run", "source"])


def downgrade() -> None:
    for table in ("run_items", "runs", "url_cache", "feed_items", "feeds"):
        op.drop_table(table)
    with op.batch_alter_table("ingest_log") as batch:  # SQLite < 3.35 cannot DROP COLUMN
        batch.drop_column("origin")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("origin")
