"""Queries behind both the JSON API and the web pages: filters, search, sorting, cursors.

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
from newsblotter.api.catalogue import ActorIndex, load_index
from newsblotter.pipeline import Pipeline
from newsblotter.records import Actor, Article, Incident, IncidentMention, Statement

T = TypeVar("T")
SortKey = tuple[Any, ...]

INCIDENT_SORTS: dict[str, str] = {
    "date": "date, oldest first",
    "-date": "date, newest first (default)",
    "killed": "killed, fewest first",
    "-killed": "killed, most first",
    "reports": "number of articles, fewest first",
    "-reports": "number of articles, most first",
}
MAX_LIMIT = 500


class BadQuery(ValueError):
    """A query parameter the server cannot use (a malformed cursor, an unknown sort)."""


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(slots=True)
class IncidentQuery:
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    actor: str | None = None
    type: str | None = None
    assessment: str | None = None
    min_killed: int | None = None
    q: str | None = None


@dataclass(slots=True)
class StatementQuery:
    kind: str | None = None
    speaker_kind: str | None = None
    actor: str | None = None
    incident: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None


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


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query of quoted terms (all must occur): never a syntax error."""
    # SQLite ends a string at NUL: control characters never reach the query
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    terms = [term.replace('"', '""') for term in printable.split()]
    terms = [term for term in terms if any(ch.isalnum() for ch in term)]
    return " ".join(f'"{term}"' for term in terms) or None


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


def _incident_key(sort: str) -> tuple[Callable[[Incident], SortKey], bool]:
    field_name = sort.lstrip("-")
    descending = sort.startswith("-")

    def value(inc: Incident) -> int | None:
        if field_name == "date":
            return inc.date.toordinal() if inc.date else None
        if field_name == "killed":
            return inc.killed.value if inc.killed else None
        return len(inc.articles)

    def key(inc: Incident) -> SortKey:
        v = value(inc)
        # Missing values sort last in both directions.
        present = (1 if descending else 0) if v is not None else (0 if descending else 1)
        return (present, v if v is not None else 0, inc.id)

    return key, descending


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

    def actor_ids(self, name: str) -> set[str] | None:
        """An actor and its branches, by id, name or alias; None when unknown."""
        found = self.actors.get(name) or self.actors.resolve(name)
        return None if found is None else self.actors.family(found.id)

    def search_documents(self, text: str) -> set[str] | None:
        """Documents whose article matches ``text``; None when the text has no terms."""
        query = fts_query(text)
        if query is None:
            return None
        return set(self.pipeline.db.search(query, limit=1_000_000))

    # -- incidents ---------------------------------------------------------------------------

    def filter_incidents(self, q: IncidentQuery) -> list[Incident]:
        items = self._fresh().incidents
        family = self.actor_ids(q.actor) if q.actor else None
        docs = self.search_documents(q.q) if q.q else None
        out = []
        for inc in items:
            if q.since and (inc.date is None or inc.date < q.since):
                continue
            if q.until and (inc.date is None or inc.date > q.until):
                continue
            if q.country and (inc.place is None or inc.place.country != q.country.upper()):
                continue
            if q.type and inc.type != q.type:
                continue
            if q.min_killed is not None and (inc.killed is None or inc.killed.value < q.min_killed):
                continue
            if docs is not None and not docs.intersection(inc.articles):
                continue
            entries = inc.ledger
            if q.actor:
                name = q.actor.strip().casefold()
                entries = [
                    e
                    for e in entries
                    if (family is not None and e.actor.id in family)
                    or (e.actor.id is None and e.actor.name.casefold() == name)
                ]
                if not entries:
                    continue
            if q.assessment and not any(e.assessment == q.assessment for e in entries):
                continue
            out.append(inc)
        return out

    def incidents(
        self, q: IncidentQuery, sort: str = "-date", cursor: str | None = None, limit: int = 50
    ) -> Page[Incident]:
        if sort not in INCIDENT_SORTS:
            raise BadQuery(f"sort must be one of {', '.join(INCIDENT_SORTS)}")
        key, descending = _incident_key(sort)
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
        incident_of = self.incident_of()
        family = self.actor_ids(q.actor) if q.actor else None
        docs = self.search_documents(q.q) if q.q else None
        out = []
        for st in self.pipeline.db.statements():
            if q.kind and st.kind != q.kind:
                continue
            if q.speaker_kind and st.speaker.kind != q.speaker_kind:
                continue
            if q.incident and incident_of.get(st.incident or "") != q.incident:
                continue
            if q.since and (st.said_on is None or st.said_on < q.since):
                continue
            if q.until and (st.said_on is None or st.said_on > q.until):
                continue
            if docs is not None and st.provenance.document not in docs:
                continue
            if q.actor and not _names_actor(st, family, q.actor):
                continue
            out.append(st)
        return out

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
        needle = q.casefold() if q else None
        return [
            a
            for a in self.actors.all()
            if (kind is None or a.kind == kind)
            and (needle is None or any(needle in n.casefold() for n in (a.id, a.name, *a.aliases)))
        ]

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


def _names_actor(st: Statement, family: set[str] | None, name: str) -> bool:
    ref = st.responsible
    if ref is None:
        return False
    if family is not None and ref.id in family:
        return True
    return ref.id is None and ref.name.casefold() == name.strip().casefold()


def _statement_key(st: Statement) -> SortKey:
    return (st.provenance.document, st.provenance.start, st.id)


def _statement_order(st: Statement) -> tuple[dt.date, str, int]:
    return (st.said_on or dt.date.min, st.provenance.document, st.provenance.start)
