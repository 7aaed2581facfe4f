"""The attribution ledger: per incident and candidate perpetrator, the statements and a verdict.

A claim by a group and an attribution to its branch (or parent) support each other: they
are checked with the actor hierarchy, not by name. Statements are grouped by independent
source (``sources``): wire copies of one story count once, the same (anonymous) speaker
relayed by several outlets counts once, and an outlet quoting another outlet is no
corroboration. Competing claims, a claim and a denial, and attributions to unrelated groups
make an entry contested, and ``LedgerEntry.contested`` says why. Each source and entry
carries the date its statements first appeared.

Contract: ``build_ledger(statements, actors, source_key=None, context=None) ->
list[LedgerEntry]``; ``context`` (``sources.Context``) gives each document's story, outlet
and date, so copies collapse and first appearances are dated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Protocol

from newsblotter.ledger import sources as src
from newsblotter.ledger.sources import Context
from newsblotter.records import Actor, ActorRef, LedgerEntry, Statement

__all__ = ["ActorRelations", "Context", "build_ledger", "default_source_key"]

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
    return src.source_key(st)


def build_ledger(
    statements: Iterable[Statement],
    actors: ActorRelations,
    source_key: Callable[[Statement], str] | None = None,
    context: Context | None = None,
) -> list[LedgerEntry]:
    stmts = [s for s in statements if s.kind in CANDIDATE_KINDS and s.responsible is not None]
    stmts.sort(key=lambda s: (src.first_seen(s, context) or dt.date.max, s.id))
    key: Callable[[Statement], str] = source_key or (lambda s: src.source_key(s, context))
    candidates: dict[str, ActorRef] = {}
    for st in stmts:
        assert st.responsible is not None
        candidates.setdefault(_key(st.responsible), st.responsible)
    entries = [_entry(ref, stmts, candidates, actors, key, context) for ref in candidates.values()]
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
    context: Context | None = None,
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
    rival_stmts = [
        s
        for s in stmts
        if s.kind in {"claim", "attribution"}
        and s.responsible is not None
        and _key(s.responsible) != key
        and not _related(s.responsible, ref, actors)
        # "radical Islamists" may describe the group that claimed it: no competition
        and not s.responsible.described
        and not ref.described
    ]
    rivals = sorted({s.responsible.name for s in rival_stmts if s.responsible is not None})
    backers = src.independent(
        src.group([s for s in attributions if s.speaker.kind != "group"], source_key, context)
    )
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

    contested = _contested(name, claims, attributions, denials, kin, rival_stmts, context)
    if contested:
        assessment = "contested"
    elif denials:
        assessment = "denied"
    elif claims and backers:
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
    grouped = src.group(own, source_key, context)
    first = min((g.first_seen for g in grouped if g.first_seen), default=None)
    return LedgerEntry(ref, assessment, reason, ids, grouped, first, contested)


def _when(st: Statement, context: Context | None) -> str:
    day = src.first_seen(st, context)
    return f" on {day.isoformat()}" if day else ""


def _contested(
    name: str,
    claims: list[Statement],
    attributions: list[Statement],
    denials: list[Statement],
    kin: list[Statement],
    rivals: list[Statement],
    context: Context | None,
) -> str | None:
    """Why an entry is contested, in words; None when nothing contradicts it."""
    reasons: list[str] = []
    if denials and claims:
        c, d = claims[0], denials[0]
        order = (
            "then denied it"
            if (src.first_seen(d, context) or dt.date.max)
            >= (src.first_seen(c, context) or dt.date.min)
            else "after denying it"
        )
        same = {x.speaker.actor_id for x in claims} & {x.speaker.actor_id for x in denials}
        who = f"{name} claimed it" if same - {None} else f"a claim for {name}"
        reasons.append(f"{who}{_when(c, context)} {order}{_when(d, context)}")
    elif denials and (attributions or kin):
        backed = attributions or kin
        speaker = backed[0].speaker.name or "a source"
        what = "a claim" if backed[0].kind == "claim" else "an attribution"
        reasons.append(
            f"{name} denied involvement{_when(denials[0], context)} against {what}"
            f" by {speaker}{_when(backed[0], context)}"
        )
    if rivals and (claims or attributions):
        rival_claims = sorted(
            {s.responsible.name for s in rivals if s.kind == "claim" and s.responsible}
        )
        rival_attr = sorted(
            {s.responsible.name for s in rivals if s.kind != "claim" and s.responsible}
        )
        if claims and rival_claims:
            reasons.append(f"competing claims: {name} and {', '.join(rival_claims)}")
        others = sorted(set(rival_attr) | (set(rival_claims) if not claims else set()))
        if others:
            reasons.append(f"also blamed on {', '.join(others)}")
    return "; ".join(reasons) or None


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
