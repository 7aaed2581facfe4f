"""Attributions: every reported statement of an article (source, cue, content), stored.

Revision ID: 0004_attributions
Revises: 0003_sources
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004_attributions"
down_revision: str | None = "0003_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 255
DOC_ID = 64


def upgrade() -> None:
    # Articles stored before this revision have no rows here until re-analysed
    # (`newsblotter reprocess`); nothing else depends on the table.
    op.create_table(
        "attributions",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column(
            "document",
            sa.String(DOC_ID),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("source_kind", sa.String(32), nullable=False),
        sa.Column("source_text", sa.Text),
        sa.Column("cue_text", sa.Text, nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
    )
    op.create_index("ix_attributions_document", "attributions", ["document"])
    op.create_index("ix_attributions_source_kind", "attributions", ["source_kind"])


def downgrade() -> None:
    op.drop_table("attributions")
