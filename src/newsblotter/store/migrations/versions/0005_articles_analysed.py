"""Articles say whether the NLP stages read them (False: triage passed them over).

A rebuild merges only analysed articles. Articles stored before this revision count as
analysed, which is what every rebuild assumed until now.

Revision ID: 0005_articles_analysed
Revises: 0004_attributions
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_articles_analysed"
down_revision: str | None = "0004_attributions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(
            sa.Column("analysed", sa.Boolean, nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("analysed")
