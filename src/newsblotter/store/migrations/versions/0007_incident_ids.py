"""Incident ids: every id ever shown, when it was first shown, and where it redirects.

A rebuild keeps an incident's id (``merge.ids``); an id merged into another redirects to it,
so links to it keep working. Ids of a database built before this revision are registered by
the first rebuild after it (as the oldest, since they were shown first).

Revision ID: 0007_incident_ids
Revises: 0006_store_state
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_incident_ids"
down_revision: str | None = "0006_store_state"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 255


def upgrade() -> None:
    op.create_table(
        "incident_ids",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("redirect_to", sa.String(ID)),
    )


def downgrade() -> None:
    op.drop_table("incident_ids")
