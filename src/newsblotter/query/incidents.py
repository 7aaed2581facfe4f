"""The incident filters and orders, defined once for the CLI, the API, the web pages, the
exports and the alert rules.

A query is plain data (:class:`IncidentQuery`); :func:`select_incidents` resolves its actor
against an actor index (an actor matches with its branches; a name no actor answers to
matches ledger entries of that name that were never resolved) and its full text against the
store, then keeps the incidents that pass every given filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsblotter.query.actors import ActorLookup, actor_family
from newsblotter.query.search import Search, documents_matching, text_filter
from newsblotter.records import Incident, LedgerEntry

if TYPE_CHECKING:
    from newsblotter.store import Database

SortKey = tuple[Any, ...]

INCIDENT_SORTS: dict[str, str] = {
    "date": "date, oldest first",
    "-date": "date, newest first (default)",
    "killed": "killed, fewest first",
    "-killed": "killed, most first",
    "reports": "number of articles, fewest first",
    "-reports": "number of articles, most first",
}


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    """Incidents matching every filter given (an empty set or None filters nothing)."""

    since: dt.date | None = None  # on or after; undated incidents never match
    until: dt.date | None = None  # on or before; undated incidents never match
    countries: frozenset[str] = frozenset()  # ISO 3166-1 alpha-2, any case
    actor: str | None = None  # id, name or alias; branches included
    types: frozenset[str] = frozenset()
    assessment: str | None = None  # a ledger entry (of ``actor``, if given) with it
    min_killed: int | None = None
    q: str | None = None  # full text of the reporting articles
    # also incidents that articles only recall in passing (see Incident.reported)
    background: bool = False

    @classmethod
    def of(
        cls,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        country: str | None = None,
        actor: str | None = None,
        type: str | None = None,
        assessment: str | None = None,
        min_killed: int | None = None,
        q: str | None = None,
        background: bool = False,
    ) -> IncidentQuery:
        """The query of single-valued filters, as the CLI, the API and the pages take them."""
        return cls(
            since=since,
            until=until,
            countries=frozenset([country.upper()]) if country else frozenset(),
            actor=actor or None,
            types=frozenset([type]) if type else frozenset(),
            assessment=assessment or None,
            min_killed=min_killed,
            q=q or None,
            background=background,
        )


def _ledger_match(
    query: IncidentQuery, family: set[str] | None
) -> Callable[[list[LedgerEntry]], bool]:
    name = (query.actor or "").strip().casefold()

    def entries_of_actor(entries: list[LedgerEntry]) -> list[LedgerEntry]:
        if query.actor is None:
            return entries
        return [
            e
            for e in entries
            if (family is not None and e.actor.id in family)
            or (e.actor.id is None and e.actor.name.casefold() == name)
        ]

    def match(entries: list[LedgerEntry]) -> bool:
        kept = entries_of_actor(entries)
        if query.actor is not None and not kept:
            return False
        return query.assessment is None or any(e.assessment == query.assessment for e in kept)

    return match


def incident_filter(
    query: IncidentQuery, actors: ActorLookup, search: Search | None = None
) -> Callable[[Incident], bool]:
    """The predicate of ``query``, its actor and full text resolved once."""
    family = actor_family(actors, query.actor) if query.actor else None
    documents = text_filter(query.q, search)
    countries = {c.upper() for c in query.countries}
    ledger = _ledger_match(query, family)

    def keep(inc: Incident) -> bool:
        if not query.background and not inc.reported:
            return False
        if query.since and (inc.date is None or inc.date < query.since):
            return False
        if query.until and (inc.date is None or inc.date > query.until):
            return False
        if countries and (inc.place is None or (inc.place.country or "").upper() not in countries):
            return False
        if query.types and inc.type not in query.types:
            return False
        if query.min_killed is not None and (
            inc.killed is None or inc.killed.value < query.min_killed
        ):
            return False
        if documents is not None and not documents.intersection(inc.articles):
            return False
        return ledger(inc.ledger)

    return keep


def select_incidents(
    incidents: Iterable[Incident],
    query: IncidentQuery,
    actors: ActorLookup,
    search: Search | None = None,
) -> list[Incident]:
    """The incidents that pass ``query``, in the order given."""
    keep = incident_filter(query, actors, search)
    return [inc for inc in incidents if keep(inc)]


def find_incidents(db: Database, query: IncidentQuery, actors: ActorLookup) -> list[Incident]:
    """The stored incidents that pass ``query``, by date (undated last) then id."""
    return select_incidents(db.incidents(), query, actors, lambda q: documents_matching(db, q))


def most_reported(incidents: Iterable[Incident]) -> list[Incident]:
    """Most articles first; ties: the earlier date first (undated ones first), then as given."""
    return sorted(incidents, key=lambda i: (-len(i.articles), i.date or dt.date.min))


def sort_key(sort: str) -> tuple[Callable[[Incident], SortKey], bool]:
    """The key and direction of one of :data:`INCIDENT_SORTS` (missing values sort last)."""
    if sort not in INCIDENT_SORTS:
        raise ValueError(f"sort must be one of {', '.join(INCIDENT_SORTS)}")
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
        present = (1 if descending else 0) if v is not None else (0 if descending else 1)
        return (present, v if v is not None else 0, inc.id)

    return key, descending
