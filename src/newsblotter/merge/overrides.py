"""An analyst's merges and splits, replayed on top of every automatic merge.

A decision is recorded against what it names (mention ids and documents), not against
incident ids, which a rebuild may change: "these reports are one incident" survives any
re-clustering of the reports around them. Decisions are applied in the order they were
made, after the automatic pass, so a later decision can undo an earlier one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from newsblotter.merge.cluster import Cluster, Clusterer
from newsblotter.merge.reports import Report
from newsblotter.records import Incident

Kind = Literal["merge", "split"]


@dataclass(frozen=True)
class Override:
    """``merge``: every group in ``groups`` becomes one incident. ``split``: the reports of
    ``groups[0]`` leave their incident and form one of their own."""

    kind: Kind
    target: str  # the incident id the analyst acted on (for the record)
    groups: tuple[tuple[str, ...], ...]  # each a set of mention ids / "article:<doc>" ids
    note: str | None = None
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def data(self) -> dict[str, Any]:
        return {"groups": [list(g) for g in self.groups]}

    @classmethod
    def from_row(
        cls, kind: str, target: str, data: dict[str, Any], note: str | None, at: dt.datetime
    ) -> Override:
        if kind not in ("merge", "split"):
            raise ValueError(f"unknown override kind {kind!r}")
        groups = tuple(tuple(str(x) for x in g) for g in data.get("groups", []))
        return cls(kind, target, groups, note, at)  # type: ignore[arg-type]


def report_ids(incident: Incident) -> tuple[str, ...]:
    """What names an incident across rebuilds: its mentions, and the articles it holds
    without a mention (those are clustered as whole articles)."""
    with_mentions = {m.rsplit(":", 1)[0] for m in incident.mentions}
    bare = {f"article:{d}" for d in incident.articles if d not in with_mentions}
    return tuple(sorted({*incident.mentions, *bare}))


def merge_override(a: Incident, b: Incident, note: str | None = None) -> Override:
    return Override("merge", f"{a.id}+{b.id}", (report_ids(a), report_ids(b)), note)


def split_override(
    incident: Incident, documents: Sequence[str], mentions: Sequence[str], note: str | None = None
) -> Override:
    """Move the given articles' reports (and the given mentions) out of ``incident``."""
    docs = set(documents)
    named = {m for m in report_ids(incident) if m in set(mentions)}
    named |= {
        r for r in report_ids(incident) if r.removeprefix("article:").rsplit(":", 1)[0] in docs
    }
    if not named:
        raise ValueError(f"{incident.id}: none of the given articles or mentions belong to it")
    if set(report_ids(incident)) <= named:
        raise ValueError(f"{incident.id}: a split must leave something behind")
    return Override("split", incident.id, (tuple(sorted(named)),), note)


def _root(c: Cluster) -> Cluster:
    while c.merged_into is not None:
        c = c.merged_into
    return c


def _named(clusterer: Clusterer, ids: Iterable[str]) -> list[Report]:
    """The reports a group names (mention ids, and "article:<doc>" for bare articles)."""
    wanted = set(ids)
    return [r for c in clusterer.live() for r in c.reports if r.id in wanted]


def _owners(clusterer: Clusterer, ids: Iterable[str]) -> list[Cluster]:
    found = {
        _root(clusterer.home[r.id]).id: _root(clusterer.home[r.id]) for r in _named(clusterer, ids)
    }
    return sorted(found.values(), key=lambda c: c.id)


def apply(clusterer: Clusterer, overrides: Iterable[Override]) -> int:
    """Replay decisions on the clusters; returns how many changed anything."""
    changed = 0
    for o in sorted(overrides, key=lambda o: o.created_at):
        if o.kind == "merge":
            owners = sorted(
                {c.id: c for g in o.groups for c in _owners(clusterer, g)}.values(),
                key=lambda c: c.id,
            )
            if len(owners) > 1:
                for other in owners[1:]:
                    clusterer.fold(owners[0], other)
                changed += 1
        else:
            moving = _named(clusterer, o.groups[0] if o.groups else ())
            if not moving:
                continue
            clusterer.split_off(moving)
            changed += 1
    return changed
