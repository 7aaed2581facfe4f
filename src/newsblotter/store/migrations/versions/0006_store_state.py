"""Store state: what the incident set was last rebuilt from (run recovery).

A rebuild records the mark of the data it read (``recovery``); incidents are current when the
mark equals the store's. A database that holds incidents already is taken to be current (they
were rebuilt by the ingest that stored its documents); one that holds documents and no
incidents (an ingest killed before its rebuild) is not, and the next ingest rebuilds it.

Revision ID: 0006_store_state
Revises: 0005_articles_analysed
Create Date: 2026-12-07
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "0006_store_state"
down_revision: str | None = "0005_articles_analysed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 255


def upgrade() -> None:
    table = op.create_table(
        "store_state",
        sa.Column("key", sa.String(ID), primary_key=True),
        sa.Column(
            "value", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    if context.is_offline_mode():  # SQL rendered for review: no data to look at
        return
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM incidents")).scalar():
        log = conn.execute(
            sa.text(
                "SELECT id FROM ingest_log WHERE outcome IN ('added', 'duplicate') "
                "ORDER BY id DESC LIMIT 1"
            )
        ).scalar()
        decisions = conn.execute(sa.text("SELECT max(id), count(*) FROM overrides")).one()
        mark = {"log": log or 0, "decision": decisions[0] or 0, "decisions": decisions[1]}
        op.bulk_insert(
            table,
            [{"key": "incidents", "value": mark, "updated_at": dt.datetime.now(dt.UTC)}],
        )


def downgrade() -> None:
    op.drop_table("store_state")
