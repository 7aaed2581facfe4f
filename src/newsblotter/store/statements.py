"""Statements and the attribution layer, read back by document or by incident."""

from __future__ import annotations

from sqlalchemy import or_, select

from newsblotter.records import Attribution, Statement
from newsblotter.store import schema as t
from newsblotter.store.codec import from_dict
from newsblotter.store.incidents import Incidents


class Statements(Incidents):
    """Statements (all, or those bearing on one incident) and one article's attributions."""

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
