"""Table definitions used by queries. Migrations spell out their own DDL (they must not change
when this file does); tests check that the migrated schema equals this metadata.

Portable types only (SQLite and PostgreSQL). Columns are the fields queries filter on; ``data``
holds the whole record as codec JSON, so a record can be rebuilt without a schema change when
records.py grows a field.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeEngine

ID = 255
DOC_ID = 64  # sha256 hex


def json_type() -> TypeEngine[Any]:
    return JSON().with_variant(postgresql.JSONB(), "postgresql")


metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(DOC_ID), primary_key=True),
    Column("uri", Text, nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("size", Integer, nullable=False),  # of the payload, before compression
    Column("content", LargeBinary, nullable=False),  # zlib-compressed payload
    Column("origin", Text),  # where the bytes were read when not at uri: "<warc file>#<offset>"
    Index("ix_documents_status", "status"),
)

# Every input seen, in order, with what became of it: the audit trail of where documents
# came from (one document may arrive under several URIs).
ingest_log = Table(
    "ingest_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uri", Text, nullable=False),
    Column("document", String(DOC_ID)),
    Column("outcome", String(16), nullable=False),  # added, duplicate, failed
    Column("error", Text),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("origin", Text),
)

# Inputs that are failing now: one row per URI, cleared when the URI later ingests cleanly.
failures = Table(
    "failures",
    metadata,
    Column("uri", Text, primary_key=True),
    Column("document", String(DOC_ID)),
    Column("error", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column(
        "document",
        String(DOC_ID),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("title", Text),
    Column("url", Text),
    Column("canonical_url", Text),
    Column("outlet", String(ID)),
    Column("wire_agency", String(ID)),
    Column("published", Date),
    Column("published_precision", String(8)),
    Column("byline", Text),
    Column("dateline", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("extractor", String(ID), nullable=False),
    Column("data", json_type(), nullable=False),  # the Article without its text
    # False: triage skipped the NLP stages (migration 0005)
    Column("analysed", Boolean, nullable=False, server_default=true()),
    # the digest of the story's words: one stored copy per story (migration 0008)
    Column("story_key", String(DOC_ID)),
    Column("title_key", String(DOC_ID)),  # the digest of the headline's words
    Index("ix_articles_published", "published"),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_story_key", "story_key"),
    Index("ix_articles_title_key", "title_key"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column(
        "document", String(DOC_ID), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("type", String(32), nullable=False),
    Column("date", Date),
    Column("country", String(2)),
    Column("killed", Integer),
    Column("wounded", Integer),
    Column("is_main", Boolean, nullable=False),
    Column("data", json_type(), nullable=False),
    Index("ix_mentions_document", "document"),
    Index("ix_mentions_date", "date"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column(
        "document", String(DOC_ID), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("kind", String(32), nullable=False),
    Column("speaker_kind", String(32), nullable=False),
    Column("responsible", String(ID)),  # actor id
    Column("incident_mention", String(ID)),
    Column("said_on", Date),
    Column("data", json_type(), nullable=False),
    Index("ix_statements_document", "document"),
    Index("ix_statements_incident_mention", "incident_mention"),
    Index("ix_statements_responsible", "responsible"),
)

# The general attribution layer: every reported statement of an article (who said what),
# not only those bearing on responsibility; what a fact-checker searches for "who said so".
attributions = Table(
    "attributions",
    metadata,
    Column("id", String(ID), primary_key=True),  # "<document>:<cue start>"
    Column(
        "document", String(DOC_ID), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("source_kind", String(32), nullable=False),
    Column("source_text", Text),
    Column("cue_text", Text, nullable=False),
    Column("data", json_type(), nullable=False),
    Index("ix_attributions_document", "document"),
    Index("ix_attributions_source_kind", "source_kind"),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent", String(ID)),
    Column("country", String(2)),
    Column("introduced_by", String(DOC_ID)),  # document where the actor was first met, if any
    Column("data", json_type(), nullable=False),
    Index("ix_actors_introduced_by", "introduced_by"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("date", Date),
    Column("date_precision", String(8)),
    Column("country", String(2)),
    Column("killed", Integer),
    Column("wounded", Integer),
    Column("data", json_type(), nullable=False),
    Index("ix_incidents_date", "date"),
    Index("ix_incidents_country", "country"),
    Index("ix_incidents_type", "type"),
)

incident_mentions = Table(
    "incident_mentions",
    metadata,
    Column(
        "incident", String(ID), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("mention", String(ID), primary_key=True),
    Index("ix_incident_mentions_mention", "mention"),
)

# The ledger flattened, so "incidents involving actor X" is an indexed lookup.
incident_actors = Table(
    "incident_actors",
    metadata,
    Column(
        "incident", String(ID), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("position", Integer, primary_key=True),
    Column("actor", String(ID)),  # resolved actor id, when known
    Column("name", Text, nullable=False),
    Column("assessment", String(32), nullable=False),
    Index("ix_incident_actors_actor", "actor"),
)

# Reserved for analyst decisions (merge/split incidents, fix an attribution) that must survive
# re-running the pipeline.
overrides = Table(
    "overrides",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("target", String(ID), nullable=False),
    Column("data", json_type(), nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Alerts delivered, one row per alert and channel, so each is delivered once, also across
# restarts; ``key`` is a digest of the rule, the subject and the subject's revision.
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("key", String(DOC_ID), primary_key=True),
    Column("channel", String(ID), primary_key=True),
    Column("rule", Text, nullable=False),
    Column("subject", String(ID), nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=False),
    Index("ix_alert_deliveries_subject", "subject"),
)

# -- sources (migration 0003_sources) ---------------------------------------------------------

# Followed feeds (RSS/Atom/JSON Feed or news sitemaps) with their HTTP validators and schedule.
feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("title", Text),
    Column("interval_s", Integer, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("polled_at", DateTime(timezone=True)),
    Column("next_poll_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text),
    Column("failures", Integer, nullable=False),  # consecutive failed polls (backoff)
    Index("ix_feeds_next_poll_at", "next_poll_at"),
)

# Items seen in a feed: "pending" until ingested, so an interrupted watch resumes them even
# when the next poll of the feed answers 304.
feed_items = Table(
    "feed_items",
    metadata,
    Column("feed", Text, ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),  # guid, else link
    Column("url", Text, nullable=False),
    Column("state", String(16), nullable=False),  # pending, done, failed
    Column("document", String(DOC_ID)),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_feed_items_state", "state"),
)

# Conditional GET: the validators of the last good response per URL.
url_cache = Table(
    "url_cache",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("document", String(DOC_ID)),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
)

# An ingest run over a list of inputs, keyed by the inputs, so the same command resumes it.
runs = Table(
    "runs",
    metadata,
    Column("id", String(DOC_ID), primary_key=True),
    Column("inputs", Text, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

run_items = Table(
    "run_items",
    metadata,
    Column("run", String(DOC_ID), ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("item", Text, primary_key=True),  # a path, URL or "<warc>#<offset>"
    Column("source", Text, nullable=False),  # the input it came from (folder, WARC, URL list)
    Column("outcome", String(16), nullable=False),  # ingested, unchanged, failed, skipped
    Column("document", String(DOC_ID)),
    Index("ix_run_items_source", "run", "source"),
)

# -- run recovery (migration 0006_store_state) ------------------------------------------------

# Small named facts about the store; "incidents": the mark of the data the incident set was
# last rebuilt from (newsblotter.recovery), so an interrupted rebuild is detected.
store_state = Table(
    "store_state",
    metadata,
    Column("key", String(ID), primary_key=True),
    Column("value", json_type(), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Every incident id ever shown (migration 0007_incident_ids): an id merged into another
# redirects to it, so a link to it keeps working (newsblotter.merge.ids).
incident_ids = Table(
    "incident_ids",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("redirect_to", String(ID)),
)

# Other places a stored story was found (migration 0008_story_copies): the same story in other
# bytes (page chrome, encoding) is one document; ``raw`` is the digest of the bytes found.
document_copies = Table(
    "document_copies",
    metadata,
    Column("raw", String(DOC_ID), primary_key=True),
    Column(
        "document", String(DOC_ID), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("uri", Text, nullable=False),
    Column("origin", Text),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_document_copies_document", "document"),
)
