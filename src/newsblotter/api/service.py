"""The read side behind both the JSON API and the web pages: cached state, cursors, views.

The filters and orders themselves are newsblotter.query's, shared with the CLI, the exports
and the alerts.

One object per server process wraps the library's ``Pipeline``/``Database``; what is costly
to build (the actor index, the incident set) is cached per data version, so a database that
another process (``watch``) is writing to is picked up on the next request.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from newsblotter.api import reads
from newsblotter.api.annotate import Annotation, find_annotations
from newsblotter.pipeline import Pipeline
from newsblotter.query import (
    ActorIndex,
    IncidentQuery,
    StatementQuery,
    documents_matching,
    load_index,
    select_incidents,
    select_statements,
    sort_key,
)
from newsblotter.records import Actor, Article, Incident, IncidentMention, Statement

T = TypeVar("T")
SortKey = tuple[Any, ...]

MAX_LIMIT = 500


class BadQuery(ValueError):
    """A query parameter the server cannot use (a malformed cursor, an unknown sort)."""


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(slots=True)
class SourceFacts:
    """What one article says about an incident: the basis of the agreement table."""

    article: Article
    mentions: list[IncidentMention]

    @property
    def killed(self) -> int | None:
        values = [m.killed.value for m in self.mentions if m.killed]
        return max(values) if values else None

    @property
    def wounded(self) -> int | None:
        values = [m.wounded.value for m in self.mentions if m.wounded]
        return max(values) if values else None


@dataclass(slots=True)
class ActorView:
    actor: Actor
    ancestors: list[Actor]
    branches: list[Actor]
    incidents: list[Incident]
    claims_made: list[Statement]  # statements spoken by the actor (or a branch)
    attributed: list[Statement]  # statements naming the actor (or a branch) as responsible


@dataclass(slots=True)
class _Cache:
    version: tuple[Any, ...] | None = None
    index: ActorIndex | None = None
    incidents: list[Incident] = field(default_factory=list)
    incident_of: dict[str, str] = field(default_factory=dict)  # mention id -> incident id


def encode_cursor(key: SortKey) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> SortKey:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadQuery(f"cursor {cursor!r} is not one this server issued") from exc
    if not isinstance(key, list) or not all(isinstance(v, int | str) for v in key):
        raise BadQuery(f"cursor {cursor!r} is not one this server issued")
    return tuple(key)


def paginate(
    items: Sequence[T],
    key: Callable[[T], SortKey],
    descending: bool,
    cursor: str | None,
    limit: int,
) -> Page[T]:
    """Keyset pagination over ``items``: the cursor is the sort key of the last item served,
    so pages stay consistent while rows are added (ids are stable) and a cursor never skips."""
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
    ordered = sorted(items, key=key, reverse=descending)
    if cursor:
        after = decode_cursor(cursor)
        try:
            ordered = [i for i in ordered if (key(i) < after if descending else key(i) > after)]
        except TypeError as exc:
            raise BadQuery(f"cursor {cursor!r} does not fit this listing") from exc
    page = ordered[:limit]
    more = len(ordered) > limit
    return Page(page, encode_cursor(key(page[-1])) if more and page else None)


class Service:
    """The read side of the server (and ingest, for the token holder)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._cache = _Cache()
        self._lock = threading.Lock()
        self.ingest_lock = threading.Lock()  # one ingest at a time: the models are not shared

    # -- cached state ------------------------------------------------------------------------

    def _fresh(self) -> _Cache:
        version = reads.data_version(self.pipeline.db)
        with self._lock:
            if self._cache.version != version or self._cache.index is None:
                incidents = self.pipeline.db.incidents()
                self._cache = _Cache(
                    version=version,
                    index=load_index(self.pipeline),
                    incidents=incidents,
                    incident_of={m: i.id for i in incidents for m in i.mentions},
                )
            return self._cache

    @property
    def actors(self) -> ActorIndex:
        index = self._fresh().index
        assert index is not None
        return index

    def incident_of(self) -> dict[str, str]:
        return self._fresh().incident_of

    def search_documents(self, text: str) -> set[str] | None:
        """Documents whose article matches ``text``; None when the text has no terms."""
        return documents_matching(self.pipeline.db, text)

    # -- incidents ---------------------------------------------------------------------------

    def filter_incidents(self, q: IncidentQuery) -> list[Incident]:
        return select_incidents(self._fresh().incidents, q, self.actors, self.search_documents)

    def incidents(
        self, q: IncidentQuery, sort: str = "-date", cursor: str | None = None, limit: int = 50
    ) -> Page[Incident]:
        try:
            key, descending = sort_key(sort)
        except ValueError as exc:
            raise BadQuery(str(exc)) from exc
        return paginate(self.filter_incidents(q), key, descending, cursor, limit)

    def incident(self, id: str) -> Incident | None:
        result: Incident | None = self.pipeline.db.incident(id)
        return result

    def incident_statements(self, inc: Incident) -> list[Statement]:
        found: list[Statement] = self.pipeline.db.statements(incident=inc.id)
        return sorted(found, key=_statement_order)

    def sources(self, inc: Incident) -> list[SourceFacts]:
        """Per article: the mentions of this incident in it, for the agreement table."""
        mentions = reads.mentions_by_id(self.pipeline.db, list(inc.mentions))
        by_doc: dict[str, list[IncidentMention]] = {}
        for m in mentions:
            by_doc.setdefault(m.provenance.document, []).append(m)
        articles = self.articles_by_id(inc.articles)
        out = [SourceFacts(articles[d], by_doc.get(d, [])) for d in inc.articles if d in articles]
        out.sort(key=lambda s: (s.article.published or dt.date.min, s.article.document))
        return out

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        return {a.document: a for a in self.pipeline.db.articles(list(ids))}

    # -- statements --------------------------------------------------------------------------

    def filter_statements(self, q: StatementQuery) -> list[Statement]:
        return select_statements(
            self.pipeline.db.statements(),
            q,
            self.actors,
            self.incident_of(),
            self.search_documents,
        )

    def statements(
        self, q: StatementQuery, cursor: str | None = None, limit: int = 50
    ) -> Page[Statement]:
        return paginate(self.filter_statements(q), _statement_key, False, cursor, limit)

    def statement(self, id: str) -> Statement | None:
        return reads.statement(self.pipeline.db, id)

    # -- articles, documents, actors ---------------------------------------------------------

    def article_infos(
        self, q: str | None = None, outlet: str | None = None
    ) -> list[reads.ArticleInfo]:
        docs = self.search_documents(q) if q else None
        out = []
        for info in reads.articles(self.pipeline.db):
            if docs is not None and info.document not in docs:
                continue
            if outlet and (info.outlet or "").casefold() != outlet.casefold():
                continue
            out.append(info)
        return out

    def article(self, document: str) -> Article | None:
        found: Article | None = self.pipeline.db.article(document)
        return found

    def analysed(self, article: Article) -> bool:
        """False when triage passed the article over: it has no extracted values by design."""
        return self.pipeline.db.analysed(article.document) is not False

    def annotations(self, article: Article) -> list[Annotation]:
        """Every value extracted from ``article`` at its span: the API and the page list them."""
        db, document = self.pipeline.db, article.document
        return find_annotations(
            len(article.text),
            reads.mentions_of(db, document),
            reads.statements_of(db, document),
            db.attributions(document),
        )

    def documents(self, status: str | None = None) -> list[reads.DocumentInfo]:
        return [d for d in reads.documents(self.pipeline.db) if status in (None, d.status)]

    def incidents_of_document(self, document: str) -> list[Incident]:
        return [i for i in self._fresh().incidents if document in i.articles]

    def find_actors(self, q: str | None = None, kind: str | None = None) -> list[Actor]:
        return self.actors.find(q, kind)

    def actor_view(self, id: str) -> ActorView | None:
        index = self.actors
        actor = index.get(id)
        if actor is None:
            return None
        family = index.family(id)
        incidents = [
            i for i in self._fresh().incidents if any(e.actor.id in family for e in i.ledger)
        ]
        statements = self.pipeline.db.statements()
        made = [s for s in statements if s.speaker.actor_id in family]
        attributed = [s for s in statements if s.responsible and s.responsible.id in family]
        return ActorView(
            actor=actor,
            ancestors=[a for a in map(index.get, index.ancestors(id)) if a is not None],
            branches=[a for a in map(index.get, index.children(id)) if a is not None],
            incidents=incidents,
            claims_made=sorted(made, key=_statement_order),
            attributed=sorted(attributed, key=_statement_order),
        )


def _statement_key(st: Statement) -> SortKey:
    return (st.provenance.document, st.provenance.start, st.id)


def _statement_order(st: Statement) -> tuple[dt.date, str, int]:
    return (st.said_on or dt.date.min, st.provenance.document, st.provenance.start)
