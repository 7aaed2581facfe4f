"""Stable incident ids: an id, once shown, names its incident for ever.

Every rebuild clusters all reports afresh, and a cluster's provisional id derives from its
earliest report, which a later-arriving, earlier-dated report (or a near-copy) would change.
So ids are settled against the previous incident set instead:

- each previous incident's heir is the new incident holding most of its reports (mention ids
  and bare articles; documents when no report survives, e.g. after ``reprocess``);
- a new incident that is the heir of previous incidents keeps the id of the oldest of them
  (first shown first); the others redirect to it (a merge keeps one id, redirects the other);
- a new incident that inherits nothing gets its provisional id, or, when that id now
  redirects elsewhere (merged away), a fresh one derived from it: an id is never given to
  another incident. (A registered id that is neither live nor redirected names the same
  earliest report, so the incident it is derived from may take it back: a rebuild stopped
  after the registry was written and before the incident set was.)

``settle`` is pure; ``store.incident_ids`` keeps the registry (every id shown, when, and
where it redirects) and applies it in each rebuild.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from newsblotter.merge.overrides import report_ids
from newsblotter.records import Incident


@dataclass(frozen=True, slots=True)
class Shown:
    """A previous incident as the registry knows it."""

    id: str
    reports: frozenset[str]
    documents: frozenset[str]


@dataclass
class Settled:
    ids: dict[int, str]  # position in the new list -> its id
    redirects: dict[str, str] = field(default_factory=dict)  # old id -> id it now lives on


def _overlap(old: Shown, reports: frozenset[str], documents: frozenset[str]) -> tuple[int, int]:
    return len(old.reports & reports), len(old.documents & documents)


def settle(
    incidents: Sequence[Incident],
    previous: Sequence[Shown],
    seen: Mapping[str, int],
    moved: Collection[str] = (),
) -> Settled:
    """Ids for ``incidents`` given the ``previous`` set, ``seen`` (every id ever shown ->
    the order it was first shown; smaller is older) and ``moved`` (ids that redirect)."""
    reports = [frozenset(report_ids(i)) for i in incidents]
    documents = [frozenset(i.articles) for i in incidents]
    claims: dict[int, list[Shown]] = {}
    for old in previous:  # one whose reports are all gone has no heir, so no redirect
        pairs = enumerate(zip(reports, documents, strict=True))
        scores = [(_overlap(old, r, d), -n) for n, (r, d) in pairs]
        best = max(scores, default=None)
        if best is not None and best[0] != (0, 0):
            claims.setdefault(-best[1], []).append(old)

    def age(shown: Shown) -> tuple[int, str]:
        return seen.get(shown.id, len(seen)), shown.id

    settled = Settled({})
    taken: set[str] = set()
    moved = set(moved)
    for n, heirs in sorted(claims.items()):
        keeper, *rest = sorted(heirs, key=age)
        settled.ids[n] = keeper.id
        taken.add(keeper.id)
        for other in rest:
            settled.redirects[other.id] = keeper.id
    for n, inc in enumerate(incidents):
        if n in settled.ids:
            continue
        candidate, k = inc.id, 1
        while candidate in taken or candidate in moved:
            k += 1
            candidate = "inc-" + hashlib.sha1(f"{inc.id}/{k}".encode()).hexdigest()[:12]
        settled.ids[n] = candidate
        taken.add(candidate)
    return settled


def shown(incident: Incident) -> Shown:
    return Shown(incident.id, frozenset(report_ids(incident)), frozenset(incident.articles))
