"""Which statements and incidents each rule matches, as alerts with stable keys.

An alert's key digests the rule, the subject and the subject's revision: a statement has one
revision; an incident's revision is its facts and ledger verdicts, so an incident that gains
victims or a new verdict alerts again (as "updated"), and an unchanged one never does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from newsblotter.alerts.rules import Rule, Rules
from newsblotter.api.reads import column_moment
from newsblotter.export import incident_json, statement_json
from newsblotter.query import (
    ActorIndex,
    IncidentQuery,
    StatementQuery,
    incident_filter,
    statement_filter,
)
from newsblotter.records import Incident
from newsblotter.store import Database
from newsblotter.store import schema as t


@dataclass(frozen=True, slots=True)
class Alert:
    rule: str
    event: str  # statement, incident
    subject: str  # statement or incident id
    revision: str
    channels: tuple[str, ...]
    payload: dict[str, Any]

    @property
    def key(self) -> str:
        raw = json.dumps([self.rule, self.subject, self.revision]).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()

    def summary(self) -> str:
        """One line for a mail subject or a console."""
        if self.event == "statement":
            st = self.payload["statement"]
            who = st["speaker"]["name"] or st["speaker"]["kind"]
            whom = (st["responsible"] or {}).get("name") or "no actor"
            return f"{self.rule}: {st['kind']} by {who} naming {whom}"
        inc = self.payload["incident"]
        place = (inc["place"] or {}).get("name") or "unknown place"
        killed = (inc["killed"] or {}).get("value")
        tally = f", {killed} killed" if killed is not None else ""
        return f"{self.rule}: {self.payload['change']} {inc['type']} in {place}{tally}"


def revision(inc: Incident) -> str:
    facts = [
        inc.type,
        inc.place.country if inc.place else None,
        inc.killed.value if inc.killed else None,
        inc.wounded.value if inc.wounded else None,
        sorted([e.actor.id or e.actor.name, e.assessment] for e in inc.ledger),
    ]
    return hashlib.sha256(json.dumps(facts).encode("utf-8")).hexdigest()[:16]


def _fetched_since(db: Database, since: dt.datetime) -> set[str]:
    """Documents stored at or after ``since``: what counts as new."""
    moment = column_moment(db, since)
    stmt = select(t.documents.c.id).where(t.documents.c.fetched_at >= moment)
    with db.engine.connect() as conn:
        return set(conn.execute(stmt).scalars())


def statement_query(rule: Rule) -> StatementQuery:
    """What a statement rule matches, as a query."""
    return StatementQuery(kinds=rule.kinds, speaker_kinds=rule.speaker_kinds, actor=rule.actor)


def incident_query(rule: Rule) -> IncidentQuery:
    """What an incident rule matches, as a query."""
    return IncidentQuery(
        countries=rule.countries, types=rule.types, min_killed=rule.killed_at_least
    )


def find_alerts(
    db: Database, rules: Rules, actors: ActorIndex, since: dt.datetime | None = None
) -> list[Alert]:
    """Every alert the rules raise on the database now (delivered or not), in a stable order.

    ``since`` restricts them to statements from documents stored since then and incidents
    reported by at least one such document.
    """
    fresh = _fetched_since(db, since) if since is not None else None
    statement_rules = [
        (r, statement_filter(statement_query(r), actors))
        for r in rules.rules
        if r.on == "statement"
    ]
    incident_rules = [
        (r, incident_filter(incident_query(r), actors)) for r in rules.rules if r.on == "incident"
    ]
    incidents = db.incidents()
    incident_of = {m: i.id for i in incidents for m in i.mentions}
    out: list[Alert] = []
    if statement_rules:
        for st in db.statements():
            if fresh is not None and st.provenance.document not in fresh:
                continue
            for rule, matches in statement_rules:
                if matches(st):
                    payload = {
                        "alert": rule.name,
                        "event": "statement",
                        "statement": statement_json(st, incident_of),
                    }
                    out.append(Alert(rule.name, "statement", st.id, "1", rule.channels, payload))
    for inc in incidents:
        if fresh is not None and not fresh.intersection(inc.articles):
            continue
        for rule, keep in incident_rules:
            if keep(inc):
                payload = {"alert": rule.name, "event": "incident", "incident": incident_json(inc)}
                out.append(
                    Alert(rule.name, "incident", inc.id, revision(inc), rule.channels, payload)
                )
    return out
