"""The statement filters, defined once for the API, the web pages and the alert rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from newsblotter.query.actors import ActorLookup, actor_family
from newsblotter.query.search import Search, text_filter
from newsblotter.records import Statement


@dataclass(frozen=True, slots=True)
class StatementQuery:
    """Statements matching every filter given (an empty set or None filters nothing)."""

    kinds: frozenset[str] = frozenset()
    speaker_kinds: frozenset[str] = frozenset()
    actor: str | None = None  # the actor named as responsible; branches included
    incident: str | None = None  # an incident id
    since: dt.date | None = None  # said on or after
    until: dt.date | None = None  # said on or before
    q: str | None = None  # full text of the article

    @classmethod
    def of(
        cls,
        *,
        kind: str | None = None,
        speaker_kind: str | None = None,
        actor: str | None = None,
        incident: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        q: str | None = None,
    ) -> StatementQuery:
        return cls(
            kinds=frozenset([kind]) if kind else frozenset(),
            speaker_kinds=frozenset([speaker_kind]) if speaker_kind else frozenset(),
            actor=actor or None,
            incident=incident or None,
            since=since,
            until=until,
            q=q or None,
        )


def names_actor(st: Statement, family: set[str] | None, name: str) -> bool:
    """Whether ``st`` names as responsible the actor ``family`` (an actor and its branches),
    or, unresolved, by the name ``name``."""
    ref = st.responsible
    if ref is None:
        return False
    if family is not None and ref.id in family:
        return True
    return ref.id is None and ref.name.casefold() == name.strip().casefold()


def statement_filter(
    query: StatementQuery,
    actors: ActorLookup,
    incident_of: Mapping[str, str] | None = None,
    search: Search | None = None,
) -> Callable[[Statement], bool]:
    """The predicate of ``query``; ``incident_of`` maps a mention id to its incident id (needed
    for the incident filter), ``search`` the store's full text (for ``q``)."""
    family = actor_family(actors, query.actor) if query.actor else None
    documents = text_filter(query.q, search)
    if query.incident and incident_of is None:
        raise ValueError("an incident filter needs the incidents' mentions")

    def keep(st: Statement) -> bool:
        if query.kinds and st.kind not in query.kinds:
            return False
        if query.speaker_kinds and st.speaker.kind not in query.speaker_kinds:
            return False
        if query.incident and (incident_of or {}).get(st.incident or "") != query.incident:
            return False
        if query.since and (st.said_on is None or st.said_on < query.since):
            return False
        if query.until and (st.said_on is None or st.said_on > query.until):
            return False
        if documents is not None and st.provenance.document not in documents:
            return False
        return query.actor is None or names_actor(st, family, query.actor)

    return keep


def select_statements(
    statements: Iterable[Statement],
    query: StatementQuery,
    actors: ActorLookup,
    incident_of: Mapping[str, str] | None = None,
    search: Search | None = None,
) -> list[Statement]:
    keep = statement_filter(query, actors, incident_of, search)
    return [st for st in statements if keep(st)]
