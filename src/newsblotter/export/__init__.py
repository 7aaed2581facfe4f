"""Exports: the JSON document described by the shipped JSON Schema (``schema.json``)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsblotter.records import Actor, ActorRef, Article, Count, Incident, Place, Statement

if TYPE_CHECKING:
    from newsblotter.ledger import ActorRelations
    from newsblotter.store import Database

SCHEMA_VERSION = 1


def schema() -> dict[str, Any]:
    text = resources.files("newsblotter.export").joinpath("schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _place(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p.name,
        "country": p.country,
        "admin1": p.admin1,
        "lat": p.lat,
        "lon": p.lon,
        "precision": p.precision,
        "geonameid": p.geonameid,
    }


def _count(c: Count | None) -> dict[str, Any] | None:
    if c is None:
        return None
    prov = c.provenance
    return {
        "value": c.value,
        "qualifier": c.qualifier,
        "min": c.min,
        "max": c.max,
        "document": prov.document if prov else None,
        "span": [prov.start, prov.end] if prov else None,
    }


def _ref(r: ActorRef | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"id": r.id, "name": r.name, "described": r.described}


def incident_json(inc: Incident) -> dict[str, Any]:
    return {
        "id": inc.id,
        "type": inc.type,
        "suicide": inc.suicide,
        "date": inc.date.isoformat() if inc.date else None,
        "date_precision": inc.date_precision,
        "place": _place(inc.place),
        "killed": _count(inc.killed),
        "wounded": _count(inc.wounded),
        "weapons": inc.weapons,
        "targets": inc.targets,
        "victims": [
            {"name": v.name, "mentions": v.mentions, "stories": v.stories} for v in inc.victims
        ],
        "articles": inc.articles,
        "mentions": inc.mentions,
        "ledger": [
            {
                "actor": _ref(e.actor),
                "assessment": e.assessment,
                "reason": e.reason,
                "statements": e.statements,
                "contested": e.contested,
                "first_seen": _day(e.first_seen),
                "sources": [
                    {
                        "key": s.key,
                        "kind": s.kind,
                        "statements": s.statements,
                        "outlets": s.outlets,
                        "first_seen": _day(s.first_seen),
                    }
                    for s in e.sources
                ],
            }
            for e in inc.ledger
        ],
        "facts": [
            {
                "name": f.name,
                "low": f.low,
                "high": f.high,
                "latest": f.latest,
                "most_cited": f.most_cited,
                "values": [
                    {
                        "value": v.value,
                        "qualifier": v.qualifier,
                        "document": v.document,
                        "story": v.story,
                        "outlet": v.outlet,
                        "reported": _day(v.reported),
                        "mention": v.mention,
                    }
                    for v in f.values
                ],
            }
            for f in inc.facts
        ],
        "sources": [
            {
                "document": s.document,
                "story": s.story,
                "outlet": s.outlet,
                "published": _day(s.published),
                "wire_agency": s.wire_agency,
            }
            for s in inc.sources
        ],
        "background": inc.background,
        "reported": inc.reported,
    }


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def statement_json(st: Statement, incident_of: dict[str, str]) -> dict[str, Any]:
    sp = st.speaker
    return {
        "id": st.id,
        "kind": st.kind,
        "speaker": {
            "name": sp.name,
            "kind": sp.kind,
            "actor_id": sp.actor_id,
            "anonymous": sp.anonymous,
            "count": sp.count,
            "span": [sp.provenance.start, sp.provenance.end] if sp.provenance else None,
        },
        "responsible": _ref(st.responsible),
        "incident": incident_of.get(st.incident) if st.incident else None,
        "evidence": st.evidence,
        "hedge": st.hedge,
        "hedge_level": st.hedge_level,
        "said_on": st.said_on.isoformat() if st.said_on else None,
        "outlet": st.outlet,
        "cue": st.cue,
        "article": st.provenance.document,
        "span": [st.provenance.start, st.provenance.end],
        "text": st.text,
        "extractor": st.provenance.extractor,
    }


def article_json(a: Article) -> dict[str, Any]:
    return {
        "id": a.document,
        "document": a.document,
        "url": a.canonical_url or a.url,
        "outlet": a.outlet,
        "wire_agency": a.wire_agency,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "dateline": a.dateline,
        "language": a.language,
        "text": a.text,
        "captions": a.captions,
        "extractor": a.extractor,
    }


def actor_json(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "aliases": a.aliases,
        "kind": a.kind,
        "parent": a.parent,
        "country": a.country,
    }


def export_json(
    db: Database, actors: ActorRelations, incidents: list[Incident] | None = None
) -> dict[str, Any]:
    """The whole database (or the given incidents) as one JSON-ready document."""
    from newsblotter import __version__  # the package imports the pipeline, which imports this

    incs = db.incidents() if incidents is None else incidents
    incident_of = {m: inc.id for inc in incs for m in inc.mentions}
    wanted = {d for inc in incs for d in inc.articles}
    statements = [s for s in db.statements() if incidents is None or s.incident in incident_of]
    articles = [a for a in db.articles() if incidents is None or a.document in wanted]
    actor_ids: set[str] = set()
    for st in statements:
        for ref_id in (st.speaker.actor_id, st.responsible.id if st.responsible else None):
            if ref_id:
                actor_ids.update([ref_id, *actors.ancestors(ref_id)])
    for inc in incs:
        for e in inc.ledger:
            if e.actor.id:
                actor_ids.update([e.actor.id, *actors.ancestors(e.actor.id)])
    found = [actors.get(i) for i in sorted(actor_ids)]
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"newsblotter {__version__}",
        "incidents": [incident_json(i) for i in incs],
        "statements": [statement_json(s, incident_of) for s in statements],
        "articles": [article_json(a) for a in articles],
        "actors": [actor_json(a) for a in found if a is not None],
    }
