"""Trigger words: which words of an article name a violent event.

Each trigger ("bombings", "opened fire", "drone strike", "guerrillas killed a peasant", "a
man was shot") is a candidate event, with the facts that later attach to it. Hand-written
over the parse: no library maps news wording to GTD's attack types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsblotter.incidents import casualties as cs
from newsblotter.incidents import lexicon as lx
from newsblotter.incidents import roles as rl
from newsblotter.lang import table, words
from newsblotter.records import Annotated, Place, Quantity, TimeExpression

SPEECH_LEMMAS = words("incidents.speech_verbs")


KILL_VERBS = words("incidents.kill_verbs")


HARM_TRIGGERS = table("incidents.harm_triggers")


STRIKE_NOT_ATTACK = words("incidents.strike_not_attack")


@dataclass
class Trigger:
    token: Any  # spaCy Token
    type: str
    sent: tuple[int, int]
    dates: list[TimeExpression] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    landmarks: list[Place] = field(default_factory=list)  # "outside Moscow": a reference point
    reach: dict[Place, int] = field(default_factory=dict)  # edges from the trigger to a place
    killed: list[Quantity] = field(default_factory=list)
    wounded: list[Quantity] = field(default_factory=list)
    casualties: list[cs.Casualty] = field(default_factory=list)
    tolls: list[Quantity] = field(default_factory=list)  # "the death toll rose to 115"
    weapons: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    suicide: bool = False
    background: bool = False
    legal: bool = False  # the object of a court's words ("convicted of kidnapping")
    named: bool = False  # the kind is named by an attack word, not read from harm alone
    roles: rl.Roles = field(default_factory=rl.Roles)


def pointing_back(tok: Any) -> bool:
    """The noun is "that attack", "those bombings": one told before."""
    return any(c.dep_ == "det" and c.lower_ in {"that", "those"} for c in tok.children)


def tree_distance(a: Any, b: Any) -> int:
    """Edges between two tokens; speech verbs on the path count extra."""
    path_a = [a, *a.ancestors]
    index_a = {t.i: n for n, t in enumerate(path_a)}
    for n_b, t in enumerate([b, *b.ancestors]):
        if t.i in index_a:
            cut = index_a[t.i]
            path = path_a[1:cut] + [b, *b.ancestors][1:n_b]
            penalty = sum(3 for p in path if p.lemma_ in SPEECH_LEMMAS)
            return cut + n_b + penalty
    return 99


def find_triggers(ann: Annotated) -> list[Trigger]:
    doc = ann.doc
    found: list[Trigger] = []
    for sent in doc.sents:
        span = (sent.start_char, sent.end_char)
        skip = 0
        for i, tok in enumerate(sent):
            if skip:
                skip -= 1
                continue
            if (joined := _hyphenated(sent, i)) is not None:
                # "shoot-out", "car-bomb" split by the tokenizer: the trigger is the last part
                found.append(Trigger(sent[i + 2], joined, span, named=True))
                skip = 2
                continue
            nxt = sent[i + 1] if i + 1 < len(sent) else None
            pair = f"{tok.lower_} {nxt.lower_}" if nxt is not None else ""
            pair_lemma = f"{tok.lemma_.lower()} {nxt.lemma_.lower()}" if nxt is not None else ""
            kind = lx.TRIGGERS.get(pair) or lx.TRIGGERS.get(pair_lemma)
            if kind:
                assert nxt is not None
                found.append(Trigger(nxt, kind, span, named=True))
                skip = 1
                continue
            kind = lx.TRIGGERS.get(tok.lemma_.lower()) or lx.TRIGGERS.get(tok.lower_)
            if kind and _is_real_trigger(tok, kind):
                found.append(Trigger(tok, kind, span, named=True))
            elif _strike_on_place(tok):
                found.append(Trigger(tok, "air_strike", span, named=True))
            elif _strike_told_before(tok, found):
                found.append(Trigger(tok, lx.GENERIC, span, named=True))
            elif _named_killing(tok):
                found.append(Trigger(tok, "assassination", span))
            elif _fired_on(tok):
                found.append(Trigger(tok, "armed_assault", span, named=True))
            elif (kind := _fired_projectiles(tok) or _struck_by_weapon(tok)) is not None:
                found.append(Trigger(tok, kind, span, named=True))
            elif blew_self_up(tok):
                found.append(Trigger(tok, "bombing", span, named=True))
            elif _seized_people(tok):
                found.append(Trigger(tok, "hostage_taking", span, named=True))
            elif (harm := _harm_by_perpetrator(tok)) is not None:
                # "guerrillas killed a peasant", "rebels burned a truck": harm done by
                # someone named as a perpetrator is an attack even without an attack word;
                # "a suicide bomber killed 12": the doer's word gives the kind of attack
                found.append(Trigger(tok, harm, span))
    return found


def _hyphenated(sent: Any, i: int) -> str | None:
    """The incident type of a hyphenated trigger word the tokenizer split ("shoot - out")."""
    if i + 2 >= len(sent) or sent[i + 1].text != "-" or sent[i + 1].whitespace_:
        return None
    if sent[i].whitespace_:
        return None
    return lx.TRIGGERS.get(f"{sent[i].lower_}-{sent[i + 2].lower_}")


def add_casualty_triggers(triggers: list[Trigger], found: list[cs.Casualty]) -> list[Trigger]:
    """ "A man was shot Tuesday on Elm Street": a violent harm done to counted people is an
    attack, though no attack word or attacker is named. One per sentence, and none in a
    sentence that already has a trigger (the casualty attaches to that one)."""
    taken = {t.sent for t in triggers}
    out = list(triggers)
    for casualty in found:
        if not casualty.violent:
            continue
        sent = casualty.word.sent
        span = (sent.start_char, sent.end_char)
        if span in taken:
            continue
        taken.add(span)
        out.append(Trigger(casualty.word, _casualty_kind(casualty.word), span))
    return sorted(out, key=lambda t: t.token.i)


def _one_strike(tok: Any) -> bool:
    """A single "strike" noun that no modifier makes something else ("a hunger strike", "the
    general strike"); "the strikes" of a whole war are many."""
    return tok.tag_ == "NN" and _attack_strike(tok)


def _attack_strike(tok: Any) -> bool:
    """A "strike" noun that no modifier makes something else ("a hunger strike")."""
    return tok.lemma_.lower() == "strike" and not any(
        c.dep_ in {"compound", "amod", "nmod"} and c.lower_ in STRIKE_NOT_ATTACK
        for c in tok.children
    )


def _casualty_kind(word: Any) -> str:
    """The kind of attack a harm told without an attack word makes: a stabbing, or what the
    weapon that did it makes ("Israeli strikes killed 12", "rockets killed two", "killed
    in a Russian missile strike"), else an armed assault."""
    if word.lemma_.lower() == "stab":
        return "unarmed_assault"
    doers = [c for c in word.children if c.dep_ == "nsubj"]
    doers += [
        o
        for p in word.children
        if p.dep_ in {"prep", "agent"} and p.lower_ in {"in", "by"}
        for o in p.children
        if o.dep_ == "pobj"
    ]
    for doer in doers:
        kind = _weapon_kind([doer]) or _war_strike(doer)
        if kind is not None:
            return kind
    return "armed_assault"


def _war_strike(tok: Any) -> str | None:
    """ "Israeli strikes killed 12": strikes that harm people are air strikes ("a hunger
    strike" is none, and a labour strike kills no one)."""
    return "air_strike" if tok.pos_ == "NOUN" and _attack_strike(tok) else None


def _strike_on_place(tok: Any) -> bool:
    """ "killed in a strike on Beirut", "a strike on a town in Idlib": a strike on a named
    place is an attack (a labour strike is "at" a plant, "over" pay, "on" nothing named)."""
    if not _one_strike(tok):
        return False
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in {"on", "against"}:
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                if any(t.ent_type_ in {"GPE", "LOC", "FAC"} for t in obj.subtree):
                    return True  # "on Beirut", "on Beirut's southern suburbs"
    return False


def _strike_told_before(tok: Any, found: list[Trigger]) -> bool:
    """ "The strike on Monday flattened the building": "the strike" or "Monday's strike"
    after the article told of an air strike is that one again; "a strike" is not."""
    return (
        _one_strike(tok)
        and any(t.type == "air_strike" for t in found)
        and any(
            (c.dep_ == "det" and c.lower_ in {"the", "that", "this"}) or c.dep_ == "poss"
            for c in tok.children
        )
    )


def _named_killing(tok: Any) -> bool:
    """ "a gunman shot Abe", "the murder of Judge X"."""
    low = tok.lemma_.lower()
    if low in KILL_VERBS and _named_victim(tok) is not None:
        return True
    return (
        tok.pos_ == "NOUN" and low in {"murder", "killing"} and bool(rl.participants(tok).victims)
    )


_FIRED_ARMS = words("incidents.fired_arms")
_FIRED_AT = words("incidents.fired_at_objects")
_FIRED_NOT_ATTACK = words("incidents.fired_not_attack")
_INFLICTED = words("incidents.inflicted_harm")
_SEIZED = words("incidents.seized_people")


def _fired_on(tok: Any) -> bool:
    """ "police fired their guns at a demonstration", "a vessel which fired automatic
    weapons", "troops fired on the crowd": shooting told with the verb "fire"; "inflicted
    casualties on the troops": harm done in a fight."""
    if tok.pos_ != "VERB":
        return False
    if tok.lemma_.lower() == "inflict":  # "inflicted more than 150 casualties on the troops"
        return any(c.dep_ == "dobj" and c.lower_ in _INFLICTED for c in tok.children)
    if tok.lemma_.lower() != "fire":
        return False
    if any(t.lower_ in _FIRED_NOT_ATTACK for t in tok.subtree):
        return False  # "fired warning shots into the air", "a 21-gun salute"
    for c in tok.children:
        if c.dep_ == "dobj" and c.lower_ in _FIRED_ARMS:
            return True
        if (
            c.dep_ == "prep"
            and c.lower_ in {"at", "on", "into"}
            and any(o.dep_ == "pobj" and o.lower_ in _FIRED_AT for o in c.children)
        ):
            return True
    return False


_PROJECTILES = table("incidents.striking_weapons")
_STRIKE_VERBS = words("incidents.striking_verbs")
_HARM_PARTICIPLES = {"killing", "wounding", "injuring"}


def _fired_projectiles(tok: Any) -> str | None:
    """ "Hamas fired a barrage of rockets at Tel Aviv", "launched drones at the airport,
    wounding two": rockets, shells or missiles fired at a named place or at people, or with
    harm done in the same clause; fired "into the sea", "over Japan" or in a test, none."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in {"fire", "launch"}:
        return None
    kind = _weapon_kind([c for c in tok.children if c.dep_ == "dobj"])
    if kind is None or any(
        t.lower_ in _FIRED_NOT_ATTACK or t.lemma_.lower() == "test" for t in tok.subtree
    ):
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"at", "on"}:
            for o in (g for g in c.children if g.dep_ == "pobj"):
                if o.lower_ in _FIRED_AT or any(
                    t.ent_type_ in {"GPE", "LOC", "FAC"} for t in o.subtree
                ):
                    return kind
        if c.dep_ == "advcl" and c.lower_ in _HARM_PARTICIPLES:
            return kind
    return None


def _struck_by_weapon(tok: Any) -> str | None:
    """ "Israeli warplanes struck targets near Damascus", "a rocket hit a house in Sderot":
    an aircraft or a projectile as the subject of a striking verb with an object."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _STRIKE_VERBS:
        return None
    if not any(c.dep_ in {"dobj", "prep"} for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ == "nsubj" and (kind := _weapon_kind([c])) is not None:
            return kind
    return None


def _weapon_kind(nouns: list[Any]) -> str | None:
    """The kind of attack the first weapon among ``nouns`` makes (``incidents.striking_weapons``);
    in "a barrage of rockets" the word after "of" names the weapon, else the noun does."""
    named = [g for n in nouns for p in n.children if p.lower_ == "of" for g in p.children]
    kinds = (_PROJECTILES.get(w.lemma_.lower()) for w in (*named, *nouns))
    return next((k for k in kinds if k is not None), None)


def _seized_people(tok: Any) -> bool:
    """ "gunmen seized more than 100 girls from a school": people taken by force (by police
    or the authorities, an arrest)."""
    return (
        tok.pos_ == "VERB"
        and tok.lemma_.lower() in {"seize", "snatch", "grab"}
        and any(c.dep_ == "dobj" and c.lower_ in _SEIZED for c in tok.children)
        and not any(
            c.dep_ == "nsubj" and (c.lemma_.lower() in _POLICE or c.lower_ in _POLICE)
            for c in tok.children
        )
    )


def blew_self_up(tok: Any) -> bool:
    """ "two of its members had blown themselves up among the crowd": a suicide bombing."""
    return (
        tok.pos_ == "VERB"
        and tok.lemma_.lower() == "blow"
        and any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children)
        and any(c.lower_ in {"himself", "herself", "themselves"} for c in tok.children)
    )


def _harm_by_perpetrator(tok: Any) -> str | None:
    """The kind of attack when ``tok`` is harm done by a perpetrator ("guerrillas killed a
    peasant", not "the company killed off the route": the doer is a known armed group or a
    word for attackers, and the verb is literal): the harm verb's kind, or the doer's own
    when the doer's word names one ("a suicide bomber killed 12": a bombing); else None."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in HARM_TRIGGERS:
        return None
    if any(c.dep_ == "prt" and c.lower_ in {"off", "out"} for c in tok.children):
        return None
    doc = tok.doc
    for start, end in rl.participants(tok).perpetrators:
        head = doc[start:end].root
        if head.ent_type_ == "ACTOR" or rl.lemma(head) in rl.PERP_HEADS:
            own = lx.TRIGGERS.get(rl.lemma(head))
            return own if own is not None else str(HARM_TRIGGERS[tok.lemma_.lower()])
    return None


def _named_victim(tok: Any) -> Any | None:
    """ "Haniyeh was killed", "a gunman shot Abe": the killing of a named person."""
    if tok.pos_ != "VERB":
        return None
    for child in tok.children:
        if child.dep_ in {"nsubjpass", "dobj"} and child.ent_type_ == "PERSON":
            return child
    # "Abe died on Friday after being shot"
    for anc in list(tok.ancestors)[:3]:
        if anc.lemma_.lower() in {"die", "kill"}:
            for child in anc.children:
                if child.dep_ in {"nsubj", "nsubjpass"} and child.ent_type_ == "PERSON":
                    return child
    return None


def _is_real_trigger(tok: Any, kind: str) -> bool:
    low = tok.lower_
    if tok.pos_ not in {"NOUN", "VERB", "PROPN", "ADJ"}:
        return False
    if kind == "shelling" and tok.pos_ == "NOUN" and low == "shell":
        return False  # "shell company"
    if tok.lemma_.lower() == "explosive" and not _harm_done_with(tok):
        return False  # "an explosive device" names its noun; "explosives were seized"
    if tok.lemma_.lower() == "storm" and tok.pos_ != "VERB":
        return False  # weather
    if tok.pos_ == "VERB" and any(
        c.dep_ in {"prt", "prep"} and c.lower_ in {"out", "off"} for c in tok.children
    ):
        return False  # "bombed out of the cup", "shelled out"
    if kind == "hostage_taking" and tok.lemma_.lower() == "hostage":
        # "took 250 hostages" is an event; "the release of hostages" only refers to one
        head = tok.head.lemma_.lower()
        return head in {"take", "hold", "seize", "keep", "capture"} or any(
            c.lower_ in {"taking", "crisis", "siege"} for c in [*tok.children, tok.head]
        )
    if low in {"attack", "attacks"}:
        prev = tok.nbor(-1).lower_ if tok.i > 0 else ""
        if prev in {"heart", "panic", "asthma", "cyber", "verbal"}:
            return False
    if tok.lemma_.lower() == "besiege" and _police_doer(tok):
        return False  # "the campus was besieged by police": a police operation
    return not (kind == "armed_assault" and tok.lemma_.lower() == "raid" and _is_police_raid(tok))


def _harm_done_with(tok: Any) -> bool:
    """The noun is what a passive harm was done by or with ("offices were shaken by
    explosives", "the station was destroyed with explosives")."""
    head = tok.head
    return (
        tok.pos_ == "NOUN"
        and tok.dep_ == "pobj"
        and head.lower_ in {"by", "with"}
        and head.head.pos_ == "VERB"
        and any(c.dep_ == "auxpass" for c in head.head.children)
    )


_POLICE = words("incidents.raid_police")


def _police_doer(tok: Any) -> bool:
    """The police are the doer: the subject ("police besieged the campus"), the passive's
    agent ("besieged by police") or a modifier."""
    for c in tok.children:
        if c.dep_ in {"nsubj", "compound", "amod"} and c.lemma_.lower() in _POLICE:
            return True
        if c.dep_ == "agent" and any(o.lemma_.lower() in _POLICE for o in c.children):
            return True
    return False


def _is_police_raid(tok: Any) -> bool:
    """ "a police raid", "police seized explosives in a raid": a search, not an attack."""
    if any(c.lower_ in _POLICE for c in tok.children):
        return True
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in {"in", "during"}:
        return False
    verb = next((a for a in prep.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in _POLICE for c in verb.children
    )
