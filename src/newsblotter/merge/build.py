"""Clusters of reports into Incident records: facts, sources, the stable id."""

from __future__ import annotations

import hashlib
from collections import Counter

from newsblotter.merge import compat
from newsblotter.merge.cluster import Cluster
from newsblotter.merge.facts import as_count, build_fact
from newsblotter.merge.reports import Report
from newsblotter.records import Count, Fact, Incident, ReportedValue, Source, Victim

_PRECISION = {"day": 0, "month": 1, "year": 2}


def incident_id(first_mention: str) -> str:
    """Derived from the earliest report, so later reports never change it."""
    return "inc-" + hashlib.sha1(first_mention.encode()).hexdigest()[:12]


def to_incident(c: Cluster) -> Incident | None:
    """An incident when the cluster holds at least one incident mention."""
    typed = [r for r in c.reports if r.mention is not None]
    if not typed:
        return None
    main = [r for r in typed if not r.background] or typed
    mentions = [r.mention for r in typed if r.mention is not None]
    types = Counter({t: n for t, n in c.types.items()})
    dated = [r.mention for r in main if r.mention is not None and r.mention.date is not None]
    best = min(
        (m.date_precision or "year" for m in dated), key=_PRECISION.__getitem__, default=None
    )
    days = Counter(m.date for m in dated if (m.date_precision or "year") == best)
    places = [r.place for r in main if r.place is not None]
    top = max((compat.place_weight(p) for p in places), default=0)
    place_votes = Counter(p for p in places if compat.place_weight(p) == top)
    killed = _fact("killed", typed)
    wounded = _fact("wounded", typed)
    counts = _counts(typed)
    return Incident(
        id=incident_id(typed[0].id),
        type=types.most_common(1)[0][0],
        mentions=[m.id for m in mentions],
        articles=list(dict.fromkeys(r.document for r in c.reports)),
        suicide=any(m.suicide for m in mentions if m.is_main) or all(m.suicide for m in mentions),
        date=days.most_common(1)[0][0] if days else None,
        date_precision=best,
        place=place_votes.most_common(1)[0][0] if place_votes else None,
        killed=as_count(killed, counts["killed"]),
        wounded=as_count(wounded, counts["wounded"]),
        weapons=list(dict.fromkeys(w for m in mentions for w in m.weapons)),
        targets=list(dict.fromkeys(t for m in mentions for t in m.targets)),
        facts=[f for f in (killed, wounded) if f is not None],
        sources=_sources(c.reports),
        background=[r.id for r in typed if r.background],
        victims=_victims(typed),
    )


def _story(r: Report) -> str:
    return r.copy.story if r.copy is not None else r.document


def _fact(name: str, reports: list[Report]) -> Fact | None:
    values = []
    for r in reports:
        count: Count | None = getattr(r, name)
        if count is not None:
            values.append(
                ReportedValue(
                    count.value, count.qualifier, r.document, _story(r), r.outlet, r.published, r.id
                )
            )
    return build_fact(name, values)


def _counts(reports: list[Report]) -> dict[str, dict[str, Count]]:
    out: dict[str, dict[str, Count]] = {"killed": {}, "wounded": {}}
    for r in reports:
        if r.killed is not None:
            out["killed"][r.id] = r.killed
        if r.wounded is not None:
            out["wounded"][r.id] = r.wounded
    return out


def _sources(reports: list[Report]) -> list[Source]:
    seen: dict[str, Source] = {}
    for r in reports:
        if r.document not in seen:
            agency = r.copy.wire_agency if r.copy is not None else None
            seen[r.document] = Source(r.document, _story(r), r.outlet, r.published, agency)
    return list(seen.values())


def _victims(reports: list[Report]) -> list[Victim]:
    """The people the reports name, one record a person: "Okafor" and "Daniel Okafor" are
    one, "Rosa Delgado" and her sister "Marta Delgado" two."""
    found: list[tuple[Victim, set[str]]] = []
    for r in reports:
        if r.mention is None:
            continue
        for name in r.mention.victims:
            match = next((pair for pair in found if same_person(pair[0].name, name)), None)
            if match is None:
                match = (Victim(name), set())
                found.append(match)
            victim, stories = match
            if len(name.split()) > len(victim.name.split()):
                victim.name = name
            if r.mention.id not in victim.mentions:
                victim.mentions.append(r.mention.id)
            stories.add(_story(r))
    for victim, stories in found:
        victim.stories = len(stories)
    return [v for v, _ in found]


def same_person(a: str, b: str) -> bool:
    """Two written names of one person: the same surname, and first names that agree where
    both give one (an initial agrees with any name it begins)."""
    wa, wb = a.casefold().replace(".", " ").split(), b.casefold().replace(".", " ").split()
    if not wa or not wb or wa[-1] != wb[-1]:
        return False
    if len(wa) == 1 or len(wb) == 1:
        return True
    fa, fb = wa[0], wb[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))
