"""Incidents: the merged set, replaced whole by each rebuild, and read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from sqlalchemy import ColumnElement, delete, insert, select

from newsblotter.records import Incident
from newsblotter.store import schema as t
from newsblotter.store.base import StoreBase
from newsblotter.store.codec import from_dict
from newsblotter.store.rows import incident_row


class Incidents(StoreBase):
    """The incident set and its links to mentions and ledger actors."""

    def replace_incidents(self, incidents: Iterable[Incident]) -> None:
        """Swap the whole incident set, in one transaction (overrides are kept)."""
        items = list(incidents)
        with self._write() as conn:
            conn.execute(delete(t.incident_actors))
            conn.execute(delete(t.incident_mentions))
            conn.execute(delete(t.incidents))
            if not items:
                return
            conn.execute(insert(t.incidents), [incident_row(i) for i in items])
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
        return None if data is None else from_dict(Incident, data)
