"""Merging incident mentions across articles into incidents.

Two mentions are one incident when their types are compatible, their date ranges (each
widened by its precision; an undated mention spans the week before its article) lie within
the merge window, and their places agree (same country; same city when both name one).
Mentions are blocked by country so the cost stays near-linear in the number of mentions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from newsblotter.records import Article, Count, Incident, IncidentMention

VERSION = "merge/1"
UNDATED_DAYS = 7
COMPATIBLE_TYPES = {
    frozenset({"bombing", "facility_attack"}),
    frozenset({"armed_assault", "hostage_taking"}),
    frozenset({"armed_assault", "assassination"}),
    frozenset({"bombing", "assassination"}),
    frozenset({"armed_assault", "bombing"}),
}


@dataclass
class _Cluster:
    members: list[tuple[IncidentMention, Article]]
    lo: dt.date | None
    hi: dt.date | None


def date_range(
    m: IncidentMention, published: dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    d = m.date
    if d is None:
        if published is None:
            return None, None
        return published - dt.timedelta(days=UNDATED_DAYS), published
    if m.date_precision == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    if m.date_precision == "month":
        return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])
    return d, d


def _types_ok(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in COMPATIBLE_TYPES


def _places_ok(a: IncidentMention, b: IncidentMention) -> bool:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return True
    if pa.country and pb.country and pa.country != pb.country:
        return False
    if pa.precision == "city" and pb.precision == "city":
        return pa.geonameid == pb.geonameid or pa.name == pb.name
    return True


def _overlap(lo: dt.date | None, hi: dt.date | None, c: _Cluster, window: int) -> bool:
    if lo is None or hi is None or c.lo is None or c.hi is None:
        return True
    gap = dt.timedelta(days=window)
    return lo <= c.hi + gap and c.lo <= hi + gap


def merge_mentions(
    items: list[tuple[IncidentMention, Article]], window_days: int = 3
) -> list[Incident]:
    """Cluster mentions (each with its article) into incidents, oldest article first."""
    ordered = sorted(items, key=lambda it: (it[1].published or dt.date.max, it[0].id))
    blocks: dict[str, list[_Cluster]] = defaultdict(list)
    clusters: list[_Cluster] = []
    for mention, article in ordered:
        lo, hi = date_range(mention, article.published)
        country = mention.place.country if mention.place and mention.place.country else "?"
        pool = blocks[country] + (
            blocks["?"] if country != "?" else [c for cs in blocks.values() for c in cs]
        )
        target = next(
            (
                c
                for c in pool
                if _overlap(lo, hi, c, window_days)
                and all(
                    _types_ok(mention.type, m.type) and _places_ok(mention, m) for m, _ in c.members
                )
                and mention.is_main == c.members[0][0].is_main
            ),
            None,
        )
        if target is None:
            target = _Cluster([], lo, hi)
            clusters.append(target)
            blocks[country].append(target)
        target.members.append((mention, article))
        if lo is not None and hi is not None and _narrower(lo, hi, target):
            target.lo, target.hi = lo, hi  # the most precise range seen wins
        if country != "?" and target not in blocks[country]:
            blocks[country].append(target)
    return [_incident(c) for c in clusters]


def _narrower(lo: dt.date, hi: dt.date, c: _Cluster) -> bool:
    if c.lo is None or c.hi is None:
        return True
    return (hi - lo) < (c.hi - c.lo)


def _latest(counts: list[tuple[Count, dt.date | None]]) -> Count | None:
    """The figure of the latest report (tolls rise); the highest among same-day reports."""
    if not counts:
        return None
    return max(counts, key=lambda c: (c[1] or dt.date.min, c[0].value))[0]


def _incident(c: _Cluster) -> Incident:
    mentions = [m for m, _ in c.members]
    first = mentions[0]  # the earliest report: later articles do not change the id
    types = Counter(m.type for m in mentions)
    itype = types.most_common(1)[0][0]
    dated = [m for m in mentions if m.date is not None]
    order = {"day": 0, "month": 1, "year": 2}
    best = min(dated, key=lambda m: order.get(m.date_precision or "year", 3)) if dated else None
    day_votes = Counter(
        m.date for m in dated if m.date_precision == (best.date_precision if best else None)
    )
    places = [m.place for m in mentions if m.place is not None]
    rank = {"city": 0, "admin1": 1, "region": 2, "country": 3}
    place = min(places, key=lambda p: rank.get(p.precision, 4)) if places else None
    articles = list(dict.fromkeys(a.document for _, a in c.members))
    return Incident(
        id="inc-" + hashlib.sha1(first.id.encode()).hexdigest()[:12],
        type=itype,
        mentions=[m.id for m in mentions],
        articles=articles,
        suicide=any(m.suicide for m in mentions),
        date=day_votes.most_common(1)[0][0] if day_votes else None,
        date_precision=best.date_precision if best else None,
        place=place,
        killed=_latest([(m.killed, a.published) for m, a in c.members if m.killed]),
        wounded=_latest([(m.wounded, a.published) for m, a in c.members if m.wounded]),
        weapons=list(dict.fromkeys(w for m in mentions for w in m.weapons)),
        targets=list(dict.fromkeys(t for m in mentions for t in m.targets)),
    )
