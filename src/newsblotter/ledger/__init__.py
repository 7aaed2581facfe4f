"""The attribution ledger: per incident and candidate perpetrator, the statements and a verdict.

A claim by a group and an attribution to its branch (or parent) support each other: they
are checked with the actor hierarchy, not by name. Statements are counted per independent
source (the same speaker relayed by several copies counts once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from newsblotter.records import Actor, ActorRef, LedgerEntry, Statement

VERSION = "ledger/1"
CANDIDATE_KINDS = frozenset({"claim", "attribution", "denial", "confirmation"})
STRENGTH = {
    "claimed_corroborated": 6,
    "claimed": 5,
    "attributed": 4,
    "contested": 3,
    "suspected": 2,
    "denied": 1,
    "unknown": 0,
}


class ActorRelations(Protocol):
    def get(self, id: str) -> Actor | None: ...
    def related(self, a: str, b: str) -> bool: ...
    def ancestors(self, id: str) -> list[str]: ...


def _key(ref: ActorRef) -> str:
    return ref.id or ref.name.casefold()


def default_source_key(st: Statement) -> str:
    """Who stands behind a statement: the resolved speaker, or its description."""
    sp = st.speaker
    return sp.actor_id or (sp.name or "unknown").casefold()


def build_ledger(
    statements: Iterable[Statement],
    actors: ActorRelations,
    source_key: Callable[[Statement], str] = default_source_key,
) -> list[LedgerEntry]:
    stmts = [s for s in statements if s.kind in CANDIDATE_KINDS and s.responsible is not None]
    candidates: dict[str, ActorRef] = {}
    for st in stmts:
        assert st.responsible is not None
        candidates.setdefault(_key(st.responsible), st.responsible)
    entries = [_entry(ref, stmts, candidates, actors, source_key) for ref in candidates.values()]
    entries.sort(key=lambda e: (-STRENGTH[e.assessment], -len(e.statements), e.actor.name))
    return entries


def _related(a: ActorRef, b: ActorRef, actors: ActorRelations) -> bool:
    if a.id and b.id:
        return actors.related(a.id, b.id)
    return _key(a) == _key(b)


def _entry(
    ref: ActorRef,
    stmts: list[Statement],
    candidates: dict[str, ActorRef],
    actors: ActorRelations,
    source_key: Callable[[Statement], str],
) -> LedgerEntry:
    key = _key(ref)

    def about(st: Statement) -> bool:
        return st.responsible is not None and _key(st.responsible) == key

    own = [s for s in stmts if about(s)]
    claims = [s for s in own if s.kind == "claim"]
    attributions = [s for s in own if s.kind in {"attribution", "confirmation"}]
    denials = [s for s in own if s.kind == "denial"]
    kin = [
        s
        for s in stmts
        if not about(s)
        and s.kind in {"claim", "attribution", "confirmation"}
        and s.responsible is not None
        and _related(s.responsible, ref, actors)
    ]
    rivals = sorted(
        {
            c.name
            for k, c in candidates.items()
            if k != key
            and not _related(c, ref, actors)
            and any(
                s.kind in {"claim", "attribution"}
                and s.responsible is not None
                and _key(s.responsible) == k
                for s in stmts
            )
        }
    )
    sources = {source_key(s) for s in attributions if s.speaker.kind != "group"}
    name = ref.name
    parts: list[str] = []
    if claims:
        parts.append(f"{name} claimed it ({_n(claims, source_key)})")
    if attributions:
        parts.append(f"attributed to {name} by {_speakers(attributions)}")
    if denials:
        parts.append(f"{name} denied involvement ({_n(denials, source_key)})")
    for s in kin:
        assert s.responsible is not None
        rel = _relation(s.responsible, ref, actors)
        verb = "claim" if s.kind == "claim" else "attribution to it"
        parts.append(
            f"consistent with {s.responsible.name}'s {verb} ({s.responsible.name} is {rel})"
        )
    if rivals:
        parts.append("competing candidates: " + ", ".join(rivals))

    if denials and (claims or attributions or kin):
        assessment = "contested"
    elif denials:
        assessment = "denied"
    elif rivals and (claims or attributions):
        assessment = "contested"
    elif claims and sources:
        assessment = "claimed_corroborated"
    elif claims:
        assessment = "claimed"
    elif attributions:
        weak = all(s.hedge_level == "possible" for s in attributions)
        assessment = "suspected" if weak else "attributed"
    else:
        assessment = "unknown"
    ids = list(dict.fromkeys(s.id for s in own))
    reason = "; ".join(dict.fromkeys(parts)) or "no statement"
    return LedgerEntry(ref, assessment, reason, ids)


def _n(stmts: list[Statement], source_key: Callable[[Statement], str]) -> str:
    n = len({source_key(s) for s in stmts})
    return f"{n} independent source" + ("s" if n != 1 else "")


def _speakers(stmts: list[Statement]) -> str:
    """One description per speaker, with the union of its evidence and its firmest hedge."""
    order = {"certain": 0, "probable": 1, "possible": 2}
    grouped: dict[str, list[Statement]] = {}
    for s in stmts:
        grouped.setdefault(s.speaker.name or "an unidentified speaker", []).append(s)
    out: list[str] = []
    for name, group in grouped.items():
        sp = group[0].speaker
        extras = [sp.kind] + (["anonymous"] if sp.anonymous else [])
        evidence = list(dict.fromkeys(e for s in group for e in s.evidence))
        if evidence:
            extras.append("evidence: " + ", ".join(evidence))
        levels = sorted({s.hedge_level for s in group if s.hedge_level}, key=order.__getitem__)
        if levels:
            extras.append(f"hedge: {levels[0]}")
        out.append(f"{name} ({'; '.join(extras)})")
    return ", ".join(out)


def _relation(other: ActorRef, ref: ActorRef, actors: ActorRelations) -> str:
    if other.id and ref.id:
        if other.id in actors.ancestors(ref.id):
            return "its parent group"
        if ref.id in actors.ancestors(other.id):
            return "its branch"
    return "the same actor"
