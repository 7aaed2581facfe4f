"""Delivered alerts: one row per alert and channel, so an alert is delivered once.

Revision ID: 0003_alerts
Revises: 0002
Create Date: 2025-01-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_alerts"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_deliveries",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(255), primary_key=True),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_alert_deliveries_subject", "alert_deliveries", ["subject"])


def downgrade() -> None:
    op.drop_index("ix_alert_deliveries_subject", "alert_deliveries")
    op.drop_table("alert_deliveries")
