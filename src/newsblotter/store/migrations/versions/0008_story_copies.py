"""One stored copy per story: articles carry the key of their story's words and of their
headline's, and the other places a stored story was found are kept in ``document_copies``.

Existing articles get their key here (the same digest as ``newsblotter.ingest.stories``
computes, spelled out so this revision never changes).

Revision ID: 0008_story_copies
Revises: 0007_incident_ids
Create Date: 2026-12-07
"""

import hashlib
import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0008_story_copies"
down_revision: str | None = "0007_incident_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOC_ID = 64
_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _key(words: str) -> str:
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_key", sa.String(DOC_ID)))
        batch.add_column(sa.Column("title_key", sa.String(DOC_ID)))
    op.create_index("ix_articles_story_key", "articles", ["story_key"])
    op.create_index("ix_articles_title_key", "articles", ["title_key"])
    op.create_table(
        "document_copies",
        sa.Column("raw", sa.String(DOC_ID), primary_key=True),
        sa.Column(
            "document",
            sa.String(DOC_ID),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("uri", sa.Text, nullable=False),
        sa.Column("origin", sa.Text),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_document_copies_document", "document_copies", ["document"])
    if context.is_offline_mode():  # SQL rendered for review: no rows to key
        return
    conn = op.get_bind()
    articles = sa.table(
        "articles",
        sa.column("document", sa.String),
        sa.column("title", sa.Text),
        sa.column("text", sa.Text),
        sa.column("story_key", sa.String),
        sa.column("title_key", sa.String),
    )
    rows = conn.execute(sa.select(articles.c.document, articles.c.title, articles.c.text)).all()
    for document, title, text in rows:
        headline = _words(title or "")
        conn.execute(
            sa.update(articles)
            .where(articles.c.document == document)
            .values(story_key=_key(_words(text)), title_key=_key(headline) if headline else None)
        )


def downgrade() -> None:
    op.drop_table("document_copies")
    op.drop_index("ix_articles_story_key", "articles")
    op.drop_index("ix_articles_title_key", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("story_key")
        batch.drop_column("title_key")
