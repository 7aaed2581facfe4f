"""The Database: every read and write of pipeline records goes through here."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    Table,
    delete,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from newsblotter.ingest.stories import story_key, title_key
from newsblotter.records import (
    Actor,
    Article,
    Attribution,
    DocStatus,
    Extraction,
    Incident,
    IncidentMention,
    RawDocument,
    Statement,
)
from newsblotter.store import schema as t
from newsblotter.store import search as fts
from newsblotter.store.codec import from_dict, to_dict
from newsblotter.store.engine import WRITE
from newsblotter.store.errors import StoreError

_BATCH = 64  # documents per read in iter_documents: bounds memory on big pages
_ZLIB_LEVEL = 6


def one_line(exc: BaseException) -> str:
    """A database error as one line: the driver's message, not SQLAlchemy's SQL dump."""
    message = str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)
    return " ".join(message.split()) or type(exc).__name__


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Database:
    """A newsblotter database; obtain one with :func:`newsblotter.store.open_db`."""

    def __init__(self, engine: Engine, name: str, migrated: bool) -> None:
        self.name = name
        self.migrated = migrated  # whether opening it ran migrations
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)
        with engine.connect() as conn:
            self._fts = fts.has_fts(conn)

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """For ad-hoc read queries (exports, reports); writes should go through methods."""
        return self._engine

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction: all of the block is committed, or none of it."""
        try:
            with self._writer.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: {one_line(exc)}") from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: {one_line(exc)}") from exc

    def _upsert(self, conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        keys = [c.name for c in table.primary_key.columns]
        # Concurrent writers (PostgreSQL, several workers) lock rows in key order, so two
        # transactions upserting overlapping rows cannot deadlock.
        rows = sorted(rows, key=lambda row: tuple(str(row[k]) for k in keys))
        if conn.dialect.name not in ("sqlite", "postgresql"):
            for row in rows:  # portable fallback; both supported dialects take the branch below
                conn.execute(delete(table).where(*(table.c[k] == row[k] for k in keys)))
            conn.execute(insert(table), list(rows))
            return
        dialect_insert = sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert
        stmt = dialect_insert(table)
        update = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
        conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update), list(rows))

    # -- documents --------------------------------------------------------------------------

    def add_document(self, raw: RawDocument) -> bool:
        """Store ``raw``; False when those bytes are already stored or ``raw`` failed.

        A failed document is recorded in failures only; stored data is never touched by it.
        """
        if raw.status != "ok":
            self.record_failure(raw.uri, raw.error or f"{raw.uri}: failed", raw.id or None)
            return False
        with self._write() as conn:
            return self._insert_document(conn, raw)

    def _insert_document(self, conn: Connection, raw: RawDocument) -> bool:
        now = _now()
        dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        result = conn.execute(
            dialect_insert(t.documents)
            .values(
                id=raw.id,
                uri=raw.uri,
                media_type=raw.media_type,
                fetched_at=_utc(raw.fetched_at),
                status=raw.status,
                error=raw.error,
                size=len(raw.content),
                content=zlib.compress(raw.content, _ZLIB_LEVEL),
                origin=raw.origin,
            )
            .on_conflict_do_nothing(index_elements=["id"])
            # RETURNING, not rowcount: psycopg under SQLAlchemy 2.1 reports -1 for this insert
            .returning(t.documents.c.id)
        )
        added = result.first() is not None
        conn.execute(
            insert(t.ingest_log).values(
                uri=raw.uri,
                document=raw.id,
                outcome="added" if added else "duplicate",
                at=now,
                origin=raw.origin,
            )
        )
        conn.execute(delete(t.failures).where(t.failures.c.uri == raw.uri))
        return added

    def save_document(self, raw: RawDocument, extraction: Extraction) -> bool:
        """Store a document and what was extracted from it in one transaction.

        A crash can therefore never leave a stored document without its extraction (which a
        later run would skip as unchanged). Returns whether the bytes were new.
        """
        with self._write() as conn:
            added = self._insert_document(conn, raw)
            self._write_extraction(conn, extraction, fresh=added)
        return added

    def record_failure(self, uri: str, error: str, document: str | None = None) -> None:
        """Remember that ``uri`` failed (latest reason wins) and log it."""
        error = " ".join(error.split())
        now = _now()
        with self._write() as conn:
            self._upsert(
                conn, t.failures, [{"uri": uri, "document": document, "error": error, "at": now}]
            )
            conn.execute(
                insert(t.ingest_log).values(
                    uri=uri, document=document, outcome="failed", error=error, at=now
                )
            )

    def document_status(self, document: str) -> DocStatus | None:
        with self._read() as conn:
            found = conn.execute(
                select(t.documents.c.status).where(t.documents.c.id == document)
            ).scalar_one_or_none()
        return cast(DocStatus | None, found)

    def iter_documents(self, status: DocStatus = "ok") -> Iterator[RawDocument]:
        """Stored documents in id order, decompressed, fetched a batch at a time.

        Each batch is its own short read, so the caller may write (save_extraction) between
        items without holding a read transaction open across the whole loop.
        """
        last = ""
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(t.documents)
                    .where(t.documents.c.status == status, t.documents.c.id > last)
                    .order_by(t.documents.c.id)
                    .limit(_BATCH)
                ).all()
            for row in rows:
                yield RawDocument(
                    id=row.id,
                    uri=row.uri,
                    content=zlib.decompress(row.content),
                    media_type=row.media_type,
                    fetched_at=_utc(row.fetched_at),
                    status=row.status,
                    error=row.error,
                    origin=row.origin,
                )
            if len(rows) < _BATCH:
                return
            last = rows[-1].id

    # -- extraction results -----------------------------------------------------------------

    def save_extraction(self, extraction: Extraction) -> None:
        """Replace everything derived from the article's document, in one transaction.

        Actors that this document introduced earlier but no longer does are removed.
        """
        with self._write() as conn:
            self._write_extraction(conn, extraction)

    def _write_extraction(
        self, conn: Connection, extraction: Extraction, fresh: bool = False
    ) -> None:
        """``fresh``: the document row was inserted in this transaction, so no row that
        references it by foreign key can exist yet, and clearing them is skipped (five of an
        ingest's statements per document)."""
        article = extraction.article
        doc = article.document
        if not fresh:
            # FOR UPDATE (PostgreSQL; SQLite's write lock already serialises): two workers
            # writing the same document (a page seen twice) take turns instead of deadlocking.
            known = conn.execute(
                select(t.documents.c.id).where(t.documents.c.id == doc).with_for_update()
            ).first()
            if known is None:
                raise StoreError(f"{self.name}: document {doc} is not stored; add it first")
            conn.execute(delete(t.statements).where(t.statements.c.document == doc))
            conn.execute(delete(t.attributions).where(t.attributions.c.document == doc))
            conn.execute(delete(t.mentions).where(t.mentions.c.document == doc))
            conn.execute(delete(t.articles).where(t.articles.c.document == doc))
        if self._fts:  # keyed by a rowid, not a foreign key: cleared whatever came before
            fts.unindex_article(conn, doc)
        conn.execute(insert(t.articles), [_article_row(article, extraction.analysed)])
        if self._fts:
            fts.index_article(conn, doc, article.title, article.text)
        if extraction.mentions:
            conn.execute(insert(t.mentions), [_mention_row(doc, m) for m in extraction.mentions])
        if extraction.statements:
            conn.execute(
                insert(t.statements), [_statement_row(doc, s) for s in extraction.statements]
            )
        if extraction.attributions:
            rows = {r["id"]: r for r in (_attribution_row(doc, a) for a in extraction.attributions)}
            conn.execute(insert(t.attributions), list(rows.values()))
        before = set(
            conn.execute(select(t.actors.c.id).where(t.actors.c.introduced_by == doc)).scalars()
        )
        new_rows = [_actor_row(a, default_document=doc) for a in extraction.new_actors]
        self._upsert(conn, t.actors, new_rows)
        stale = before - {row["id"] for row in new_rows}
        if stale:
            conn.execute(delete(t.actors).where(t.actors.c.id.in_(stale)))

    def save_actors(self, actors: Iterable[Actor]) -> None:
        """Insert or update actors by id."""
        rows = [_actor_row(a) for a in actors]
        with self._write() as conn:
            self._upsert(conn, t.actors, rows)

    def articles(
        self, ids: Collection[str] | None = None, analysed: bool | None = None
    ) -> list[Article]:
        """Articles in document order; ``analysed`` True keeps those the NLP stages read
        (False: those triage passed over)."""
        stmt = select(t.articles).order_by(t.articles.c.document)
        if ids is not None:
            stmt = stmt.where(t.articles.c.document.in_(list(ids)))
        if analysed is not None:
            stmt = stmt.where(t.articles.c.analysed == analysed)
        with self._read() as conn:
            return [_article(row) for row in conn.execute(stmt)]

    def analysed(self, document: str) -> bool | None:
        """Whether the NLP stages read the article (False: triage passed it over); None when
        no article is stored for ``document``."""
        with self._read() as conn:
            found = conn.execute(
                select(t.articles.c.analysed).where(t.articles.c.document == document)
            ).scalar_one_or_none()
        return None if found is None else bool(found)

    def article(self, document: str) -> Article | None:
        found = self.articles([document])
        return found[0] if found else None

    def load_articles(self, analysed: bool | None = None) -> list[Article]:
        return self.articles(analysed=analysed)

    def load_mentions(self) -> list[IncidentMention]:
        with self._read() as conn:
            rows = conn.execute(select(t.mentions.c.data).order_by(t.mentions.c.id)).scalars()
            return [from_dict(IncidentMention, data) for data in rows]

    def attributions(self, document: str) -> list[Attribution]:
        """Every reported statement of one article (who said what), in text order."""
        stmt = select(t.attributions.c.data).where(t.attributions.c.document == document)
        with self._read() as conn:
            found = [from_dict(Attribution, data) for data in conn.execute(stmt).scalars()]
        return sorted(found, key=lambda a: a.cue.start)

    def load_statements(self) -> list[Statement]:
        return self.statements()

    def statements(self, incident: str | None = None) -> list[Statement]:
        """All statements, or those bearing on one incident: about one of its mentions or
        cited by its ledger."""
        stmt = select(t.statements.c.data).order_by(t.statements.c.id)
        if incident is not None:
            found = self.incident(incident)
            if found is None:
                return []
            cited = {s for entry in found.ledger for s in entry.statements}
            mentions = select(t.incident_mentions.c.mention).where(
                t.incident_mentions.c.incident == found.id
            )
            stmt = stmt.where(
                or_(t.statements.c.incident_mention.in_(mentions), t.statements.c.id.in_(cited))
            )
        with self._read() as conn:
            return [from_dict(Statement, data) for data in conn.execute(stmt).scalars()]

    def actors(self) -> list[Actor]:
        with self._read() as conn:
            rows = conn.execute(select(t.actors.c.data).order_by(t.actors.c.id)).scalars()
            return [from_dict(Actor, data) for data in rows]

    # -- incidents --------------------------------------------------------------------------

    def replace_incidents(self, incidents: Iterable[Incident]) -> None:
        """Swap the whole incident set, in one transaction (overrides are kept)."""
        items = list(incidents)
        with self._write() as conn:
            conn.execute(delete(t.incident_actors))
            conn.execute(delete(t.incident_mentions))
            conn.execute(delete(t.incidents))
            if not items:
                return
            conn.execute(insert(t.incidents), [_incident_row(i) for i in items])
            links = [
                {"incident": i.id, "mention": m} for i in items for m in dict.fromkeys(i.mentions)
            ]
            if links:
                conn.execute(insert(t.incident_mentions), links)
            ledger = [
                {
                    "incident": i.id,
                    "position": n,
                    "actor": e.actor.id,
                    "name": e.actor.name,
                    "assessment": e.assessment,
                }
                for i in items
                for n, e in enumerate(i.ledger)
            ]
            if ledger:
                conn.execute(insert(t.incident_actors), ledger)

    def incidents(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        country: str | None = None,
        actor: str | Collection[str] | None = None,
        type: str | None = None,
    ) -> list[Incident]:
        """Incidents matching every given filter, by date (undated last) then id.

        ``since``/``until`` are inclusive and exclude undated incidents. ``actor`` is an actor
        id or a set of ids (the caller expands an actor to its branches): incidents whose
        ledger names any of them.
        """
        c = t.incidents.c
        where: list[ColumnElement[bool]] = []
        if since is not None:
            where.append(c.date >= since)
        if until is not None:
            where.append(c.date <= until)
        if country is not None:
            where.append(c.country == country.upper())
        if type is not None:
            where.append(c.type == type)
        if actor is not None:
            ids = [actor] if isinstance(actor, str) else list(actor)
            where.append(
                c.id.in_(
                    select(t.incident_actors.c.incident).where(t.incident_actors.c.actor.in_(ids))
                )
            )
        stmt = select(c.data).where(*where).order_by(c.date.is_(None), c.date, c.id)
        with self._read() as conn:
            return [from_dict(Incident, data) for data in conn.execute(stmt).scalars()]

    def incident(self, incident: str) -> Incident | None:
        with self._read() as conn:
            data = conn.execute(
                select(t.incidents.c.data).where(t.incidents.c.id == incident)
            ).scalar_one_or_none()
        if data is None:  # an id merged into another redirects to it
            from newsblotter.store.incident_ids import resolve

            moved = resolve(self, incident)
            return None if moved is None else self.incident(moved)
        return from_dict(Incident, data)

    # -- analyst decisions ------------------------------------------------------------------

    def add_override(
        self, kind: str, target: str, data: dict[str, Any], note: str | None = None
    ) -> int:
        """Record an analyst's decision (merge, split, ...); rebuilds replay them in order."""
        with self._write() as conn:
            result = conn.execute(
                insert(t.overrides).values(
                    kind=kind, target=target, data=data, note=note, created_at=_now()
                )
            )
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def overrides(
        self, kinds: Collection[str] | None = None
    ) -> list[tuple[int, str, str, dict[str, Any], str | None, dt.datetime]]:
        """``(id, kind, target, data, note, created_at)`` in the order they were made."""
        o = t.overrides.c
        stmt = select(o.id, o.kind, o.target, o.data, o.note, o.created_at).order_by(o.id)
        if kinds is not None:
            stmt = stmt.where(o.kind.in_(list(kinds)))
        with self._read() as conn:
            return [
                (r.id, r.kind, r.target, r.data, r.note, _utc(r.created_at))
                for r in conn.execute(stmt)
            ]

    # -- alerts -----------------------------------------------------------------------------

    def alert_deliveries(self, subjects: Collection[str]) -> list[tuple[str, str, str, str]]:
        """``(key, channel, rule, subject)`` of the alerts delivered about ``subjects``."""
        c = t.alert_deliveries.c
        with self._read() as conn:
            rows = conn.execute(
                select(c.key, c.channel, c.rule, c.subject).where(c.subject.in_(list(subjects)))
            )
            return [(row.key, row.channel, row.rule, row.subject) for row in rows]

    def record_alert(self, key: str, channel: str, rule: str, subject: str) -> None:
        """Remember that alert ``key`` reached ``channel`` (recording it twice is harmless)."""
        row = {
            "key": key,
            "channel": channel,
            "rule": rule,
            "subject": subject,
            "delivered_at": _now(),
        }
        with self._write() as conn:
            self._upsert(conn, t.alert_deliveries, [row])

    # -- reporting --------------------------------------------------------------------------

    def failures(self) -> list[tuple[str, str]]:
        """``(uri, error)`` for inputs failing now, by uri."""
        with self._read() as conn:
            rows = conn.execute(
                select(t.failures.c.uri, t.failures.c.error).order_by(t.failures.c.uri)
            )
            return [(row.uri, row.error) for row in rows]

    def search(self, query: str, limit: int = 20) -> list[str]:
        """Document ids of articles matching ``query`` (FTS5 syntax on SQLite), best first."""
        try:
            with self._engine.connect() as conn:
                return fts.search(conn, query, limit, self._fts)
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.name}: search {query!r}: {one_line(exc)}") from exc

    def stats(self) -> dict[str, int]:
        counted = {
            "documents": t.documents,
            "articles": t.articles,
            "mentions": t.mentions,
            "statements": t.statements,
            "actors": t.actors,
            "incidents": t.incidents,
            "failures": t.failures,
            "overrides": t.overrides,
        }
        with self._read() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in counted.items()
            }


# -- record <-> row ---------------------------------------------------------------------------


def _article_row(article: Article, analysed: bool = True) -> dict[str, Any]:
    data = to_dict(article)
    body = data.pop("text")
    return {
        "document": article.document,
        "title": article.title,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "outlet": article.outlet,
        "wire_agency": article.wire_agency,
        "published": article.published,
        "published_precision": article.published_precision,
        "byline": article.byline,
        "dateline": article.dateline,
        "language": article.language,
        "text": body,
        "extractor": article.extractor,
        "analysed": analysed,
        "story_key": story_key(article.text),  # one stored copy per story (store.copies)
        "title_key": title_key(article.title),
        "data": data,
    }


def _article(row: Row[Any]) -> Article:
    return from_dict(Article, {**row.data, "text": row.text})


def _mention_row(document: str, mention: IncidentMention) -> dict[str, Any]:
    return {
        "id": mention.id,
        "document": document,
        "type": mention.type,
        "date": mention.date,
        "country": mention.place.country if mention.place else None,
        "killed": mention.killed.value if mention.killed else None,
        "wounded": mention.wounded.value if mention.wounded else None,
        "is_main": mention.is_main,
        "data": to_dict(mention),
    }


def _statement_row(document: str, statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "document": document,
        "kind": statement.kind,
        "speaker_kind": statement.speaker.kind,
        "responsible": statement.responsible.id if statement.responsible else None,
        "incident_mention": statement.incident,
        "said_on": statement.said_on,
        "data": to_dict(statement),
    }


def _attribution_row(document: str, attribution: Attribution) -> dict[str, Any]:
    return {
        "id": f"{document}:{attribution.cue.start}",
        "document": document,
        "source_kind": attribution.source_kind,
        "source_text": attribution.source_text,
        "cue_text": attribution.cue_text,
        "data": to_dict(attribution),
    }


def _actor_row(actor: Actor, default_document: str | None = None) -> dict[str, Any]:
    introduced = actor.introduced_by.document if actor.introduced_by else default_document
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "parent": actor.parent,
        "country": actor.country,
        "introduced_by": introduced,
        "data": to_dict(actor),
    }


def _incident_row(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "type": incident.type,
        "date": incident.date,
        "date_precision": incident.date_precision,
        "country": incident.place.country if incident.place else None,
        "killed": incident.killed.value if incident.killed else None,
        "wounded": incident.wounded.value if incident.wounded else None,
        "data": to_dict(incident),
    }
