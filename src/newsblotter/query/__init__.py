"""Queries: the one definition of the incident and statement filters and orders.

Contract:
- ``IncidentQuery`` (``IncidentQuery.of(since=, until=, country=, actor=, type=, assessment=,
  min_killed=, q=, background=)`` for single values; incidents only recalled in passing are
  left out unless ``background``); ``select_incidents(incidents, query, actors,
  search)``; ``find_incidents(db, query, actors)`` over the stored incidents;
  ``INCIDENT_SORTS``, ``sort_key(sort)`` and ``most_reported(incidents)``.
- ``StatementQuery`` (``StatementQuery.of(kind=, speaker_kind=, actor=, incident=, since=,
  until=, q=)``); ``select_statements(statements, query, actors, incident_of, search)``.
- ``ActorIndex`` (``load_index(pipeline)``, ``index_for_db(db)``): the actors a query
  resolves names against, an actor matching with its branches.
- ``documents_matching(db, text)``: user text as a full-text search that never fails.

The CLI, the API, the web pages, the exports and the alert rules all filter through here.
"""

from newsblotter.query.actors import ActorIndex, ActorLookup, index_for_db, load_index
from newsblotter.query.incidents import (
    INCIDENT_SORTS,
    IncidentQuery,
    find_incidents,
    incident_filter,
    most_reported,
    select_incidents,
    sort_key,
)
from newsblotter.query.search import documents_matching, fts_query
from newsblotter.query.statements import StatementQuery, select_statements, statement_filter

__all__ = [
    "INCIDENT_SORTS",
    "ActorIndex",
    "ActorLookup",
    "IncidentQuery",
    "StatementQuery",
    "documents_matching",
    "find_incidents",
    "fts_query",
    "incident_filter",
    "index_for_db",
    "load_index",
    "most_reported",
    "select_incidents",
    "select_statements",
    "sort_key",
    "statement_filter",
]
