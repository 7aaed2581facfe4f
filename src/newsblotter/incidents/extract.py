"""Incident mentions: which violent events an article reports, and their facts.

The stage in order: trigger words (``triggers``), the facts attached to them (``attach``),
the participants around them (role filling, here), main events and background references
(``events``), and one mention per event (``mention``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsblotter.incidents import attach as at
from newsblotter.incidents import casualties as cs
from newsblotter.incidents import events as ev
from newsblotter.incidents import gate as gt
from newsblotter.incidents import headline as hl
from newsblotter.incidents import mention as mn
from newsblotter.incidents import newsworthy as nw
from newsblotter.incidents import roles as rl
from newsblotter.incidents import triggers as tg
from newsblotter.incidents import victims as vc
from newsblotter.incidents.mention import VERSION
from newsblotter.incidents.rolefill import fill_roles
from newsblotter.lang import words
from newsblotter.records import ActorRef, Annotated, IncidentMention, Place, Provenance

# role filling's verbs of carrying out an attack, less "commit", as this stage has always read them
CARRY_OUT = rl.CARRY_OUT - {"commit"}


RoleFiller = Callable[[Annotated, list[IncidentMention], list[list[Any]]], None]


def find_mentions(
    ann: Annotated, gate: bool = True, roles: RoleFiller = fill_roles
) -> list[IncidentMention]:
    """All incident mentions of an article; ``is_main`` marks the article's own news.

    With ``gate`` (the default) the article is first judged as a whole (``incidents/gate``):
    one that reports no violent incident as news keeps its mentions as background only.
    ``roles`` decides each mention's participants from the rules' proposals and the trigger
    tokens of each mention (the trained role filler; the training command passes its own).
    """
    found = analyse(ann, roles)
    return gt.apply(ann, found) if gate else found.mentions


def analyse(ann: Annotated, roles: RoleFiller = fill_roles) -> gt.Analysis:
    """The mentions of an article before the gate, with the triggers they came from and the
    trigger words dropped on the way (for the gate's features)."""
    doc = ann.doc
    if doc is None:
        return gt.Analysis([], [], [])
    found = cs.find(doc, ann.article.text)
    candidates = tg.add_casualty_triggers(tg.find_triggers(ann), found)
    dropped = [(t, why) for t in candidates if (why := nw.dropped(t.token)) is not None]
    dropped += nw.same_accident(candidates, dropped)
    triggers = [t for t in candidates if all(t is not d for d, _ in dropped)]
    toll = hl.read(ann.article.title)
    if nw.headline_not_violent(ann.article.title):
        toll = hl.HeadlineToll()  # "Three dead in motorway pile-up"
    if not triggers:
        # a story whose harm words were all found to be no attack: its headline is none
        return gt.Analysis([] if dropped else mn.from_headline(ann, toll), [], dropped)
    at.attach(ann, triggers)
    at.attach_casualties(triggers, [at.hedged(c, ann.quantities) for c in found])
    _attach_roles(doc, triggers)
    published = ann.article.published
    for trig in triggers:
        trig.background = ev.is_background(trig, published, ann.article.text)
        trig.legal = nw.is_legal(trig.token)
    ev.spread_background(triggers, ann)
    clusters = ev.demote_older(ev.cluster(triggers), published)
    built = [
        (m, c)
        for c in clusters
        if (m := mn.to_mention(ann, c, _participants(ann, c[1]))) is not None
    ]
    mentions = [m for m, _ in built]
    if not mentions:
        return gt.Analysis(mn.from_headline(ann, toll), triggers, dropped)
    _add_named_victims(ann, mentions)
    roles(ann, mentions, [[t.token for t in c[1]] for _, c in built])
    mentions = mn.with_headline_toll(mentions, toll, ann.article.document, ann.article.title)
    return gt.Analysis(mentions, triggers, dropped)


def _participants(ann: Annotated, members: list[tg.Trigger]) -> mn.Participants:
    """The participants role filling found around an event's triggers."""
    doc, text = ann.doc, ann.article.text
    weapons: list[str] = []
    for m in members:
        for start, end in m.roles.weapons:
            weapon = mn.weapon_kind(doc[start:end].text)
            if weapon is not None and weapon not in weapons:
                weapons.append(weapon)
    return mn.Participants(
        victims=_victims(doc, members, text),
        perpetrators=_perpetrators(ann, members),
        targets=_targets(doc, members, text),
        weapons=weapons,
        named_targets=any(m.roles.targets for m in members),
    )


def _add_named_victims(ann: Annotated, mentions: list[IncidentMention]) -> None:
    """The victims the article names in sentences of their own ("The victim was identified
    as A") join its one main event, unless the words that tell the harm give an old date or
    another place ("the killing of B in Beirut" in a story from Tehran). Every mention's
    victims get their spans (``spans["victim:N"]``). With several main events (a round-up)
    whose victim is whose is left unsaid."""
    text = ann.article.text
    mains = [m for m in mentions if m.is_main]
    for m in mains:  # a person the article says was harmed only at another time or place
        m.victims[:] = [v for v in m.victims if not _only_elsewhere(ann, v, m.place)]
    spans: dict[str, tuple[int, int]] = {}
    if len(mains) == 1:
        main = mains[0]
        others = [(m.provenance.start, m.provenance.end) for m in mentions if not m.is_main]
        known = {vc.surname(v) for v in main.victims}
        for found in vc.named_victims(ann.doc, skip=others):
            if _told_elsewhere(ann, found, main.place):
                continue
            name = _full_name(ann.doc, text, text[found.start : found.end])
            if name and vc.surname(name) not in known:
                known.add(vc.surname(name))
                main.victims.append(name)
                spans[name] = (found.start, found.end)
    for m in mentions:
        for n, name in enumerate(m.victims):
            at = text.find(name)
            start, end = (at, at + len(name)) if at >= 0 else spans.get(name, (-1, -1))
            if start >= 0:
                m.spans[f"victim:{n}"] = Provenance(ann.article.document, start, end, VERSION)


def _only_elsewhere(ann: Annotated, name: str, place: Place | None) -> bool:
    """Whether every passage telling this person's harm is told of another time or place
    ("the killing of B in Beirut", in a story of an assassination in Tehran)."""
    told = vc.harms_told(ann.doc, name)
    return bool(told) and all(_told_elsewhere(ann, t, place) for t in told)


def _told_elsewhere(ann: Annotated, found: vc.NamedVictim, place: Place | None) -> bool:
    """Whether the words telling the harm date it well before publication, or put it in
    another country or another city than the main event."""
    start, end = found.said_start, found.said_end
    published = ann.article.published
    if published is not None and any(
        start <= tx.start < end and ev.is_old(tx, published) for tx in ann.times
    ):
        return True
    if place is None:
        return False
    for pm in ann.places:
        if start <= pm.start < end:
            there = pm.place
            if there.country and place.country and there.country != place.country:
                return True
            if (there.precision, place.precision) == ("city", "city") and there != place:
                return True
    return False


def _attach_roles(doc: Any, triggers: list[tg.Trigger]) -> None:
    """Participants of every event word go to the trigger nearest to it in the tree."""
    for start, end in sorted({t.sent for t in triggers}):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            if not rl.is_event_word(tok):
                continue
            same = [t for t in triggers if t.sent == (start, end)]
            trig = min(same, key=lambda t: (tg.tree_distance(tok, t.token), abs(t.token.i - tok.i)))
            if tg.tree_distance(tok, trig.token) <= 4 or tok.i == trig.token.i:
                trig.roles.extend(rl.participants(tok))
    _attach_follow_ups(doc, triggers)


FOLLOW_UP_SENTENCES = 2


def _attach_follow_ups(doc: Any, triggers: list[tg.Trigger]) -> None:
    """ "... a bomb exploded at the bank. The dead were identified as X and Y.": the victims
    and targets of a sentence without a trigger belong to the event told just before it."""
    with_trigger = {t.sent for t in triggers}
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        if (sent.start_char, sent.end_char) in with_trigger:
            continue
        earlier = [
            t
            for t in triggers
            if any(
                (s.start_char, s.end_char) == t.sent
                for s in sents[max(0, k - FOLLOW_UP_SENTENCES) : k]
            )
        ]
        if not earlier:
            continue
        trig = max(earlier, key=lambda t: t.token.i)
        for tok in sent:
            if rl.is_event_word(tok) or rl.lemma(tok) == "identify":
                found = rl.participants(tok)
                trig.roles.extend(rl.Roles(victims=found.victims, targets=found.targets))


def _targets(doc: Any, members: list[tg.Trigger], text: str) -> list[str]:
    out = [t for m in members for t in m.targets]
    for m in members:
        out.extend(_written(text, doc[start:end]) for start, end in m.roles.targets)
    unique: dict[str, str] = {}
    for t in out:
        unique.setdefault(t.lower(), t)
    return list(unique.values())


def _written(text: str, span: Any) -> str:
    """A span as the article spells it (the model may have seen it with case restored)."""
    return text[span.start_char : span.end_char]


def _victims(doc: Any, members: list[tg.Trigger], text: str) -> list[str]:
    out: list[str] = []
    for m in members:
        for tok in [m.token, *m.token.children]:
            if tok.ent_type_ == "PERSON" and tok.ent_iob_ in {"B", "I"}:
                ent = next(e for e in doc.ents if e.start <= tok.i < e.end)
                if _written(text, ent) not in out:
                    out.append(_written(text, ent))
        head = m.token.head
        if m.token.dep_ in {"acl", "relcl"} and head.dep_ == "appos":
            head = head.head  # "Suleimani, a commander assassinated in ..."
        if m.token.dep_ in {"acl", "relcl"} and head.ent_type_ == "PERSON":
            ent = next(e for e in doc.ents if e.start <= head.i < e.end)
            if _written(text, ent) not in out:
                out.append(_written(text, ent))
        for start, end in m.roles.victims:
            name = _written(text, doc[start:end])
            if name not in out:
                out.append(name)
    full = [_full_name(doc, text, name) for name in out]
    return list(dict.fromkeys(n for n in full if n))


TITLES = words("incidents.titles_in_names")


def _full_name(doc: Any, text: str, name: str) -> str:
    """A person's name as the article gives it in full: "Galan" -> "Luis Carlos Galan"."""
    words = name.replace(".", " ").split()
    while words and words[0].lower() in TITLES:
        words = words[1:]
    if not words:
        return ""
    mine = [w.lower() for w in words]
    best = words
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        written = _written(text, ent)
        theirs = [w.lower() for w in written.replace(".", " ").split()]
        while theirs and theirs[0] in TITLES:
            theirs = theirs[1:]
        if len(theirs) > len(best) and _contains(theirs, mine):
            best = written.replace(".", " ").split()[-len(theirs) :]
    return " ".join(best)


def _contains(words: list[str], part: list[str]) -> bool:
    """ "jaramillo" in "bernardo jaramillo ossa": a run of the name (Spanish usage names a
    person by the first surname)."""
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _perpetrators(ann: Annotated, members: list[tg.Trigger]) -> list[ActorRef]:
    doc, article = ann.doc, ann.article
    refs: list[ActorRef] = []
    for m in members:
        verbs = [m.token]
        if m.token.dep_ in {"dobj", "pobj"} and m.token.head.lemma_ in CARRY_OUT:
            verbs.append(m.token.head)
        for verb in verbs:
            for child in verb.children:
                if child.dep_ not in {"nsubj", "agent"}:
                    continue
                subj = child if child.dep_ == "nsubj" else next(iter(child.children), child)
                ent = next((e for e in ann.entities if e.start <= subj.idx < e.end), None)
                if ent is not None and ent.label in {"ACTOR", "ORG", "NORP", "PERSON"}:
                    prov = Provenance(article.document, ent.start, ent.end, VERSION)
                    refs.append(ActorRef(ent.text, ent.actor_id, prov))
                elif subj.lemma_.lower() in rl.ATTACKER_NOUNS or subj.lower_ in rl.ATTACKER_NOUNS:
                    span = doc[subj.left_edge.i : subj.i + 1]
                    prov = Provenance(article.document, span.start_char, span.end_char, VERSION)
                    refs.append(ActorRef(_written(article.text, span), None, prov))
        for start, end in m.roles.perpetrators:
            span = doc[start:end]
            ent = next(
                (
                    e
                    for e in ann.entities
                    if e.start <= span.root.idx < e.end and e.label in {"ACTOR", "ORG", "NORP"}
                ),
                None,
            )
            if ent is not None and ent.start >= span.start_char and ent.end <= span.end_char:
                prov = Provenance(article.document, ent.start, ent.end, VERSION)
                refs.append(ActorRef(ent.text, ent.actor_id, prov))
            else:
                prov = Provenance(article.document, span.start_char, span.end_char, VERSION)
                refs.append(ActorRef(_written(article.text, span), None, prov))
    unique: dict[str, ActorRef] = {}
    for ref in refs:
        unique.setdefault(ref.name.lower(), ref)
    return list(unique.values())
