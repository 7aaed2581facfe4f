"""Incidents: the merged set, replaced whole by each rebuild, and read back."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select

from newsblotter.records import Incident
from newsblotter.store import schema as t
from newsblotter.store.base import StoreBase
from newsblotter.store.codec import from_dict
from newsblotter.store.rows import incident_row

_MAX_HOPS = 64  # redirects followed at most (a loop cannot hang a read)


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

    def incidents(self) -> list[Incident]:
        """Every incident, by date (undated last) then id. Filters are newsblotter.query's,
        the one definition the CLI, API, pages, exports and alerts share."""
        c = t.incidents.c
        stmt = select(c.data).order_by(c.date.is_(None), c.date, c.id)
        with self._read() as conn:
            return [from_dict(Incident, data) for data in conn.execute(stmt).scalars()]

    def incident(self, incident: str) -> Incident | None:
        with self._read() as conn:
            data = conn.execute(
                select(t.incidents.c.data).where(t.incidents.c.id == incident)
            ).scalar_one_or_none()
        if data is None:  # an id merged into another redirects to it
            moved = self.redirected(incident)
            return None if moved is None else self.incident(moved)
        return from_dict(Incident, data)

    def redirected(self, incident: str) -> str | None:
        """The id ``incident`` redirects to now (following merges; ``store/incident_ids``
        records them), or None when it was never an incident id or leads nowhere."""
        c = t.incident_ids.c
        current = incident
        with self._read() as conn:
            for _ in range(_MAX_HOPS):
                target = conn.execute(
                    select(c.redirect_to).where(c.id == current)
                ).scalar_one_or_none()
                if target is None:
                    return None if current == incident else current
                current = target
        return None
