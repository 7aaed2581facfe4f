"""Learned role filling: who did it, to whom, to what and with what, per incident.

The rules (``incidents/roles.py`` and the incident stage) propose participants; the trained
role model (``model.py``, trained on the MUC-4 training split by ``python -m
newsblotter.train.roles``) scores every candidate span near each incident's trigger
(``candidates.py``), with the rules' proposals among its features, and its answers replace
the proposals: perpetrators (PerpInd and PerpOrg), named victims, physical targets and
weapons. A weapon's words are kept in ``spans["weapon:N"]``; ``weapons`` stays the list of
kinds: the rules' kinds and those of the words the model chose. A hedge the story puts on a
doer it names ("alleged members of", "presumably carried out by") is kept in
``spans["hedge:N"]`` for ``perpetrators[N]`` (``hedges.py``). Without a trained model the
rules' answers stand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsblotter.incidents import lexicon as lx
from newsblotter.incidents import victims as vc
from newsblotter.incidents.rolefill import model as md
from newsblotter.incidents.rolefill.candidates import Candidate, Proposals, candidates
from newsblotter.incidents.rolefill.hedges import hedge_of
from newsblotter.records import ActorRef, Annotated, IncidentMention, Provenance

__all__ = [
    "Candidate",
    "Choice",
    "Proposals",
    "candidates",
    "decide",
    "fill_roles",
    "proposals",
    "weapon_words",
]

VERSION = "incidents/roles/5"
ROLES = md.CLASSES[1:]
# A rule's own answer stands unless the model finds it unlikely: the model learned MUC-4's
# newswire of 1989-90, and a floor keeps what the rules read in today's news ("a bomber
# detonated explosives outside a mosque") where the model is unsure. Fixed by design; on
# MUC-4 dev it costs 1.8 points of model-only micro F1 (44.54 -> 42.76), and keeps the
# rules' groups and weapons in the tests' stories of today's news. A target the rules read
# always stands: MUC-4's targets are physical (buildings, vehicles, lines), while the
# product's include the gatherings struck ("a memorial service", "a wedding"), which the
# model never saw as targets.
RULE_FLOOR = 0.01
RULE_FLOORS = {"Target": 0.0}
_RULE_ROLES = {
    "rule=perp": ("PerpInd", "PerpOrg"),
    "rule=victim": ("Victim",),
    "rule=target": ("Target",),
    "rule=weapon": ("Weapon",),
}


@dataclass(frozen=True, slots=True)
class Choice:
    incident: int
    role: str
    start: int  # token range
    end: int
    score: float
    head: int = -1  # token index of the candidate's head
    proposed: bool = False  # the rules proposed this span for this role


def fill_roles(
    ann: Annotated,
    mentions: list[IncidentMention],
    triggers: list[list[Any]],
    model: md.RoleModel | None = None,
) -> None:
    """Replace each mention's participants with the role model's answers (in place)."""
    model = model or md.shipped()
    if model is None or ann.doc is None or not mentions:
        return
    doc = ann.doc
    found = [proposals(ann, m) for m in mentions]
    cands = candidates(doc, triggers, found)
    probs = model.probabilities([c.features for c in cands])
    unlikely = vc.not_victims(doc)
    chosen = [
        c
        for c in decide(doc, cands, probs, model.thresholds)
        if c.role != "Victim" or c.proposed or _harmed(doc, c, unlikely)
    ]
    for k, mention in enumerate(mentions):
        _apply(ann, mention, [c for c in chosen if c.incident == k])


def _harmed(doc: Any, choice: Choice, unlikely: set[str]) -> bool:
    """A victim the model chose and the rules did not: not one the article tells was
    arrested or sought, and not one it shows speaking or acting ("the president said", "a
    commander ordered"): a victim is harmed by the incident, not merely named near it."""
    if vc.surname(_words(doc, choice)) in unlikely:
        return False
    return choice.head < 0 or not vc.speaks_or_acts(doc[choice.head])


def proposals(ann: Annotated, mention: IncidentMention) -> Proposals:
    """The rules' answers for one mention as token ranges of the parse."""
    doc, text = ann.doc, ann.article.text
    out = Proposals()
    for ref in mention.perpetrators:
        p = ref.provenance
        if p is not None and p.end > p.start:
            _add_span(out.perpetrators, doc, p.start, p.end)
    for key, p in mention.spans.items():
        if key.startswith("victim:"):
            _add_span(out.victims, doc, p.start, p.end)
    for target in mention.targets:
        for m in re.finditer(re.escape(target), text):
            _add_span(out.targets, doc, m.start(), m.end())
    for word in lx.weapon_words(text, mention.weapons):
        for m in re.finditer(rf"\b{re.escape(word)}\b", text):
            _add_span(out.weapons, doc, m.start(), m.end())
    return out


def _add_span(spans: set[tuple[int, int]], doc: Any, start: int, end: int) -> None:
    """The token range, without a leading determiner ("a suicide bomber" is proposed as
    "suicide bomber", as the candidates are written)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return
    first = span.start
    while first < span.end and (doc[first].dep_ in {"det", "predet"} or doc[first].is_punct):
        first += 1
    if first < span.end:
        spans.add((first, span.end))


def decide(
    doc: Any, cands: Sequence[Candidate], probs: np.ndarray, thresholds: dict[str, float]
) -> list[Choice]:
    """The answers: each head's best span and role above that role's threshold, once per
    incident and role (by the words), and a name given in part dropped beside its full form
    ("Jaramillo" beside "Bernardo Jaramillo")."""
    return select(doc, ranked(cands, probs), thresholds)


def ranked(cands: Sequence[Candidate], probs: np.ndarray) -> list[Choice]:
    """Each candidate's likeliest role (NONE aside) and its probability; for a span the
    rules proposed, the likeliest of the roles they proposed it for."""
    if not len(cands):
        return []
    best = np.argmax(probs[:, 1:], axis=1) + 1
    out = []
    for c, r, row in zip(cands, best, probs, strict=True):
        proposed = [role for f in c.features if f in _RULE_ROLES for role in _RULE_ROLES[f]]
        if proposed:
            role = max(proposed, key=lambda x: row[md.CLASSES.index(x)])
            score = float(row[md.CLASSES.index(role)])
            out.append(Choice(c.incident, role, c.start, c.end, score, c.head, True))
        else:
            role = md.CLASSES[int(r)]
            out.append(Choice(c.incident, role, c.start, c.end, float(row[r]), c.head))
    return out


def select(doc: Any, choices: Sequence[Choice], thresholds: dict[str, float]) -> list[Choice]:
    """:func:`decide` on choices already ranked."""
    best: dict[tuple[int, int], Choice] = {}
    for choice in choices:
        if choice.proposed:
            floor = RULE_FLOORS.get(choice.role, RULE_FLOOR)
        else:
            floor = thresholds.get(choice.role, 1.0)
        if choice.score < floor:
            continue
        key = (choice.incident, choice.head)
        if key not in best or choice.score > best[key].score:
            best[key] = choice
    by_words: dict[tuple[int, str, str], Choice] = {}
    for choice in sorted(best.values(), key=lambda c: -c.score):
        by_words.setdefault((choice.incident, choice.role, _words(doc, choice)), choice)
    kept = list(by_words.values())
    out = []
    for choice in kept:
        words = _words(doc, choice).split()
        longer = any(
            other is not choice
            and other.incident == choice.incident
            and other.role == choice.role
            and len(other_words := _words(doc, other).split()) > len(words)
            and set(words) <= set(other_words)
            for other in kept
        )
        if not longer:
            out.append(choice)
    return sorted(out, key=lambda c: (c.incident, c.start))


def _words(doc: Any, choice: Choice) -> str:
    return " ".join(t.lower_ for t in doc[choice.start : choice.end] if not t.is_punct)


def _apply(ann: Annotated, mention: IncidentMention, chosen: list[Choice]) -> None:
    doc, text, document = ann.doc, ann.article.text, ann.article.document

    def prov(c: Choice) -> Provenance:
        span = doc[c.start : c.end]
        return Provenance(document, span.start_char, span.end_char, VERSION)

    def written(c: Choice) -> str:
        span = doc[c.start : c.end]
        return text[span.start_char : span.end_char]

    perps: list[ActorRef] = []
    hedged: dict[int, Provenance] = {}
    for c in chosen:
        if c.role not in {"PerpInd", "PerpOrg"}:
            continue
        p = prov(c)
        actor = _actor_of(ann, p)
        if all(written(c).casefold() != r.name.casefold() for r in perps):  # once a name
            hedge = hedge_of(doc[c.head]) if c.head >= 0 else None
            if hedge is not None:
                end = hedge.idx + len(hedge.text)
                hedged[len(perps)] = Provenance(document, hedge.idx, end, VERSION)
            perps.append(ActorRef(written(c), actor, p))
    mention.perpetrators[:] = perps
    for key in [k for k in mention.spans if k.startswith("hedge:")]:
        del mention.spans[key]
    for n, where in hedged.items():
        mention.spans[f"hedge:{n}"] = where
    mention.victims[:] = [written(c) for c in chosen if c.role == "Victim"]
    mention.targets[:] = [written(c) for c in chosen if c.role == "Target"]
    for key in [k for k in mention.spans if k.startswith(("victim:", "weapon:"))]:
        del mention.spans[key]
    victims = [c for c in chosen if c.role == "Victim"]
    for n, c in enumerate(victims):
        mention.spans[f"victim:{n}"] = prov(c)
    weapons = [c for c in chosen if c.role == "Weapon"]
    # The kinds the rules read stand ("suicide belt": a kind the 1989-90 newswire the model
    # learned from never names, and one the story may imply without a word for it, as in
    # "opened fire"); the model's words add their kinds. The words themselves, each with its
    # span, are the model's (``spans["weapon:N"]``).
    kinds = list(mention.weapons)
    for n, c in enumerate(weapons):
        mention.spans[f"weapon:{n}"] = prov(c)
        kind = next((k for k, rx in lx.WEAPONS.items() if rx.search(written(c))), None)
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    mention.weapons[:] = kinds
    trigger = mention.spans.get("trigger")
    if trigger is not None:  # the role model decided this mention's participants
        mention.spans["roles"] = Provenance(document, trigger.start, trigger.end, VERSION)


def _actor_of(ann: Annotated, p: Provenance) -> str | None:
    """The gazetteer's id of the actor a span names: an actor entity that is the span, or
    the span with an article or quotes around it ("Extraditables" in "The Extraditables"),
    so that a group the model chose joins the statements about it."""
    for e in ann.entities:
        if not e.actor_id or e.start > p.start or e.end < p.end:
            continue
        rest = ann.article.text[e.start : p.start] + " " + ann.article.text[p.end : e.end]
        if not rest.strip(" \"'").casefold().removeprefix("the").strip(" \"'"):
            return e.actor_id
    return None


def weapon_words(text: str, mention: IncidentMention) -> list[str]:
    """The words the story uses for the mention's weapons: those the role model chose
    (``spans["weapon:N"]``; ``spans["roles"]`` marks a mention it decided), else the
    story's words for each kind (``lexicon.weapon_words``)."""
    spans = [p for k, p in mention.spans.items() if k.startswith("weapon:")]
    if spans or "roles" in mention.spans:
        return list(dict.fromkeys(text[p.start : p.end] for p in spans))
    return lx.weapon_words(text, mention.weapons)
