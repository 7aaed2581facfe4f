"""Initial schema: documents, ingest log, failures, extraction results, actors, incidents.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 255
DOC_ID = 64


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _doc_fk(primary_key: bool = False, nullable: bool = True) -> sa.Column[str]:
    return sa.Column(
        "document",
        sa.String(DOC_ID),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=nullable,
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(DOC_ID), primary_key=True),
        sa.Column("uri", sa.Text, nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_documents_status", "documents", ["status"])
    op.create_table(
        "ingest_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uri", sa.Text, nullable=False),
        sa.Column("document", sa.String(DOC_ID)),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "failures",
        sa.Column("uri", sa.Text, primary_key=True),
        sa.Column("document", sa.String(DOC_ID)),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "articles",
        _doc_fk(primary_key=True, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("outlet", sa.String(ID)),
        sa.Column("wire_agency", sa.String(ID)),
        sa.Column("published", sa.Date),
        sa.Column("published_precision", sa.String(8)),
        sa.Column("byline", sa.Text),
        sa.Column("dateline", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("extractor", sa.String(ID), nullable=False),
        sa.Column("data", _json(), nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(ID), primary_key=True),
        _doc_fk(nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("country", sa.String(2)),
        sa.Column("killed", sa.Integer),
        sa.Column("wounded", sa.Integer),
        sa.Column("is_main", sa.Boolean, nullable=False),
        sa.Column("data", _json(), nullable=False),
    )
    op.create_index("ix_mentions_document", "mentions", ["document"])
    op.create_index("ix_mentions_date", "mentions", ["date"])
    op.create_table(
        "statements",
        sa.Column("id", sa.String(ID), primary_key=True),
        _doc_fk(nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("speaker_kind", sa.String(32), nullable=False),
        sa.Column("responsible", sa.String(ID)),
        sa.Column("incident_mention", sa.String(ID)),
        sa.Column("said_on", sa.Date),
        sa.Column("data", _json(), nullable=False),
    )
    op.create_index("ix_statements_document", "statements", ["document"])
    op.create_index("ix_statements_incident_mention", "statements", ["incident_mention"])
    op.create_index("ix_statements_responsible", "statements", ["responsible"])
    op.create_table(
        "actors",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("parent", sa.String(ID)),
        sa.Column("country", sa.String(2)),
        sa.Column("introduced_by", sa.String(DOC_ID)),
        sa.Column("data", _json(), nullable=False),
    )
    op.create_index("ix_actors_introduced_by", "actors", ["introduced_by"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("country", sa.String(2)),
        sa.Column("killed", sa.Integer),
        sa.Column("wounded", sa.Integer),
        sa.Column("data", _json(), nullable=False),
    )
    op.create_index("ix_incidents_date", "incidents", ["date"])
    op.create_index("ix_incidents_country", "incidents", ["country"])
    op.create_index("ix_incidents_type", "incidents", ["type"])
    op.create_table(
        "incident_mentions",
        sa.Column(
            "incident",
            sa.String(ID),
            sa.ForeignKey("incidents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("mention", sa.String(ID), primary_key=True),
    )
    op.create_index("ix_incident_mentions_mention", "incident_mentions", ["mention"])
    op.create_table(
        "incident_actors",
        sa.Column(
            "incident",
            sa.String(ID),
            sa.ForeignKey("incidents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("actor", sa.String(ID)),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("assessment", sa.String(32), nullable=False),
    )
    op.create_index("ix_incident_actors_actor", "incident_actors", ["actor"])
    op.create_table(
        "overrides",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("target", sa.String(ID), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "overrides",
        "incident_actors",
        "incident_mentions",
        "incidents",
        "actors",
        "statements",
        "mentions",
        "articles",
        "failures",
        "ingest_log",
        "documents",
    ):
        op.drop_table(table)
