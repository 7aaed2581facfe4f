"""Who did what to whom, with what: the participants of an event word, from the parse.

The subject of an active attack verb and the agent of a passive one ("was shot by gunmen")
are perpetrators; its object (or passive subject) is a victim when it is a named person and
a target when it is a physical thing ("burned a tank truck"); "with dynamite" is the weapon,
and so is the subject of "exploded". Event nouns take "by X" for the perpetrator and "of X",
"on X", "against X" for the victim or target ("the murder of X", "an attack on a bus").
Objects that are neither a person nor a known kind of physical target are left out: an
attack on "positions" or "the peace process" names no target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsblotter.incidents import lexicon as lx
from newsblotter.lang import table, words

HARM_VERBS = words("roles.harm_verbs")
WEAPON_VERBS = words("roles.weapon_verbs")
EXPLODE_VERBS = words("roles.explode_verbs")
EVENT_NOUNS = words("roles.event_nouns")
CARRY_OUT = words("roles.carry_out")
_BLASTS = words("roles.blast_nouns")
PATIENT_PREPS = words("roles.patient_preps")
PLACE_PREPS = words("roles.place_preps")

ATTACKER_NOUNS = words("roles.attacker_nouns")
# Heads that name a band of people who did the harm: the attacker nouns and the wider words.
PERP_HEADS = ATTACKER_NOUNS | words("roles.other_perpetrator_heads")
ORG_HEADS = words("roles.org_heads")
PARTITIVE_HEADS = words("roles.partitive_heads")
PERSON_HEADS = words("roles.person_heads")
_SKIP_DEPS = frozenset({"det", "predet", "punct", "cc", "case", "prep", "poss", "npadvmod"})
_CUT_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"})


@dataclass(slots=True)
class Roles:
    """Participants found around one event word; spans are token index ranges."""

    perpetrators: list[tuple[int, int]] = field(default_factory=list)
    victims: list[tuple[int, int]] = field(default_factory=list)  # named people (entities)
    targets: list[tuple[int, int]] = field(default_factory=list)
    weapons: list[tuple[int, int]] = field(default_factory=list)

    def extend(self, other: Roles) -> None:
        for name in ("perpetrators", "victims", "targets", "weapons"):
            mine = getattr(self, name)
            mine.extend(s for s in getattr(other, name) if s not in mine)


def lemma(tok: Any) -> str:
    return str(tok.lemma_).lower()


def is_event_word(tok: Any) -> bool:
    """A verb or noun that can carry participants."""
    low = lemma(tok)
    if tok.pos_ == "VERB":
        return low in HARM_VERBS or low in WEAPON_VERBS or low in EXPLODE_VERBS or low == "die"
    return tok.pos_ in {"NOUN", "PROPN"} and (low in EVENT_NOUNS or low in lx.TRIGGERS)


def is_perpetrator_head(tok: Any) -> bool:
    if tok.ent_type_ in {"ORG", "NORP", "ACTOR"}:
        return True
    return lemma(tok) in PERP_HEADS | ORG_HEADS or tok.lower_ in PERP_HEADS | ORG_HEADS


def is_person(tok: Any) -> bool:
    return tok.ent_type_ == "PERSON" and lemma(tok) not in PERP_HEADS | PERSON_HEADS


def is_target_head(tok: Any) -> bool:
    return tok.pos_ in {"NOUN", "PROPN"} and lx.PHYSICAL_TARGET.fullmatch(tok.lower_) is not None


def weapon_head(tok: Any) -> bool:
    """ "bomb", "dynamite"; "device" and "charge" only as "explosive device", "dynamite
    charge"."""
    if lx.WEAPON_WORD.fullmatch(tok.text):
        return True
    return lx.WEAPON_NEEDS_MODIFIER.fullmatch(tok.text) is not None and any(
        c.dep_ in {"amod", "compound"}
        and (lx.WEAPON_WORD.fullmatch(c.text) or c.lower_ in {"explosive", "incendiary", "molotov"})
        for c in tok.children
    )


def participants(word: Any) -> Roles:
    """The roles filled around one event word (verb or noun)."""
    roles = Roles()
    low = lemma(word)
    if word.pos_ == "VERB":
        subjects = [c for c in word.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}]
        if not subjects and word.dep_ in {"conj", "xcomp"} and word.head.pos_ in {"VERB", "AUX"}:
            # "guerrillas attacked the farm and burned a truck", "X was seized and killed
            # by ...": the subject is shared
            subjects = [c for c in word.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        agents = [g for c in word.children if c.dep_ == "agent" for g in c.children]
        passive = bool(agents) or any(
            c.dep_ in {"nsubjpass", "auxpass"} for c in [*word.children, *subjects]
        )
        objects = [c for c in word.children if c.dep_ == "dobj"]
        if passive:
            objects += subjects
        elif low == "die":
            objects, subjects = subjects, []  # "X died in the attack"
        for subj in subjects if not passive else []:
            if low in EXPLODE_VERBS or weapon_head(subj):
                _add(roles.weapons, _np(subj))
            else:
                _perpetrator(roles, subj)
        for agent in agents:
            _perpetrator(roles, agent)
        for obj in objects:
            if low in WEAPON_VERBS and (weapon_head(obj) or low != "leave"):
                if weapon_head(obj):
                    _add(roles.weapons, _np(obj))
            else:
                _patient(roles, obj)
        for prep in word.children:
            if prep.dep_ != "prep":
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if low == "identify" and prep.lower_ == "as":
                    _patient(roles, pobj)  # "the dead were identified as X and Y"
                elif prep.lower_ == "with" and weapon_head(pobj):
                    _add(roles.weapons, _np(pobj))
                elif _hits(low, prep.lower_) and is_target_head(pobj):
                    _patient(roles, pobj)
    else:
        head = word.head
        if word.dep_ == "dobj" and lemma(head) in CARRY_OUT:
            # "a group of subversives carried out an attack"
            for child in head.children:
                if child.dep_ == "nsubj":
                    _perpetrator(roles, child)
                elif child.dep_ == "agent":
                    for g in child.children:
                        _perpetrator(roles, g)
        for child in word.children:
            if child.dep_ == "poss":
                if low in {"attack", "assault", "bombing", "raid", "ambush"}:
                    _perpetrator(roles, child)
                else:
                    _patient(roles, child)  # "Galan's assassination"
            elif child.dep_ == "prep":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if child.lower_ == "by":
                        _perpetrator(roles, pobj)
                    elif child.lower_ in PATIENT_PREPS:
                        _patient(roles, pobj)
                    elif child.lower_ == "with" and weapon_head(pobj):
                        _add(roles.weapons, _np(pobj))
                    elif child.lower_ in PLACE_PREPS and low in _BLASTS and is_target_head(pobj):
                        _patient(roles, pobj)
        if weapon_head(word):
            _add(roles.weapons, _np(word))
    return roles


def _hits(verb: str, prep: str) -> bool:
    """ "attacked on/against X" names the target; "exploded outside X" does too."""
    return prep in PATIENT_PREPS or (prep in PLACE_PREPS and verb in EXPLODE_VERBS)


def noun_phrase(
    head: Any, keep_of: bool = False, counted: bool = True, bare: bool = False
) -> tuple[int, int] | None:
    """Token range of ``head``'s noun phrase (see :func:`_np`)."""
    return _np(head, keep_of, counted, bare)


def entity_bounds(tok: Any) -> tuple[int, int] | None:
    """Token range of the named entity ``tok`` is in, read from the IOB tags (cheaper than
    searching ``doc.ents``, which spaCy builds anew on every access)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _add(spans: list[tuple[int, int]], span: tuple[int, int] | None) -> None:
    if span is not None and span not in spans:
        spans.append(span)


def coordinated(tok: Any) -> list[Any]:
    """The token and those joined to it by "and" ("killed X and Y")."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj":
            out.extend(coordinated(child))
    return out


# pronoun -> whether it is plural
_PRONOUNS = {w: n == "plural" for w, n in table("roles.group_pronouns").items()}


def _antecedent(pronoun: Any) -> Any | None:
    """ "The Front said it attacked ...": the nearest group (or, for "they", band of attackers)
    named before the pronoun in its sentence or the one before. A plain recency rule: no
    coreference model ships with the spaCy pipeline in use."""
    doc = pronoun.doc
    plural = _PRONOUNS[pronoun.lower_]
    sent = pronoun.sent
    floor = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for j in range(pronoun.i - 1, floor - 1, -1):
        tok = doc[j]
        if tok.dep_ == "compound" or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        if tok.ent_type_ in {"ORG", "ACTOR"} or lemma(tok) in ORG_HEADS:
            return tok
        if plural and lemma(tok) in PERP_HEADS and tok.tag_ in {"NNS", "NNPS"}:
            return tok
    return None


def _perpetrator(roles: Roles, tok: Any) -> None:
    if tok.lower_ in _PRONOUNS:
        tok = _antecedent(tok)
        if tok is None:
            return
    for t in coordinated(tok):
        if is_perpetrator_head(t) or (t.ent_type_ == "PERSON" and t.pos_ == "PROPN"):
            _add(roles.perpetrators, _np(t, keep_of=lemma(t) in PARTITIVE_HEADS, bare=True))
            # "members of the FMLN": the organisation is a perpetrator too
            for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if pobj.ent_type_ in {"ORG", "ACTOR"} or lemma(pobj) in ORG_HEADS:
                        _add(roles.perpetrators, _np(pobj))
            # "FMLN guerrillas", "Shining Path militants": the group named before them
            for mod in t.children:
                if mod.dep_ in {"compound", "nmod"} and mod.ent_type_ in {"ORG", "ACTOR"}:
                    _add(roles.perpetrators, entity_span(mod))


def _patient(roles: Roles, tok: Any) -> None:
    for t in coordinated(tok):
        person = _named_person(t)
        if person is not None:
            _add(roles.victims, person)
        elif is_target_head(t):
            _add(roles.targets, _np(t, keep_of=True, counted=False))


def _named_person(tok: Any) -> tuple[int, int] | None:
    """The name in "Galan", "candidate Luis Galan", "the mayor, Ricardo Castellar"."""
    candidates = [tok, *(c for c in tok.children if c.dep_ in {"appos", "compound"})]
    for t in candidates:
        if is_person(t):
            doc = t.doc
            ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
            if ent is not None:
                return ent.start, ent.end
    return None


def _names_group(tok: Any) -> bool:
    """ "XLF" in "XLF gunmen": a group's name before the band that belongs to it."""
    return (
        tok.ent_type_ in {"ORG", "ACTOR"}
        and tok.dep_ in {"compound", "nmod"}
        and tok.pos_ == "PROPN"
    )


def entity_span(tok: Any) -> tuple[int, int] | None:
    """The named entity ``tok`` is in, without determiners and hedges ("Suspected XLF" as
    NER has it is "XLF")."""
    bounds = entity_bounds(tok)
    if bounds is None:
        return None
    start, end = bounds
    while start < end and tok.doc[start].lower_ in _HEDGES:
        start += 1
    return _strip(tok.doc, start, end)


def _np(
    head: Any, keep_of: bool = False, counted: bool = True, bare: bool = False
) -> tuple[int, int] | None:
    """The noun phrase of ``head`` without determiners, relative clauses or appositions;
    with its "of" phrase when ``keep_of`` ("offices of the union"), without its number
    unless ``counted`` ("two buses" is the target "buses"). ``bare`` leaves out hedges and
    the group a band belongs to ("suspected XLF gunmen" -> "gunmen"; the group is reported
    on its own)."""
    entity = entity_bounds(head)
    named = entity is not None and head.ent_type_ in {"PERSON", "ORG", "ACTOR", "NORP", "GPE"}
    if entity is not None and named and (entity[1] - entity[0] > 1 or head.dep_ != "compound"):
        return _strip(head.doc, entity[0], entity[1])
    start = head.i
    for child in sorted(head.lefts, key=lambda c: -c.i):
        if child.dep_ in _SKIP_DEPS or (not counted and child.dep_ in {"nummod", "quantmod"}):
            break
        if not counted and child.lower_ in _QUANTIFIERS:
            break
        if bare and (child.lower_ in _HEDGES or _names_group(child)):
            break
        start = child.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and keep_of:
            end = _without_conj(child)
            continue
        if child.dep_ in _CUT_DEPS:
            break
        end = child.right_edge.i + 1
    return _strip(head.doc, start, end)


_HEDGES = words("roles.hedges")
_QUANTIFIERS = words("roles.quantifiers")


def _without_conj(prep: Any) -> int:
    """End of an "of" phrase, before any "and ..." that joins another noun to its object."""
    end: int = prep.i + 1
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        end = pobj.i + 1
        for child in pobj.rights:
            if child.dep_ in {"cc", "conj", "punct", "relcl", "acl", "appos"}:
                break
            end = int(child.right_edge.i) + 1
    return end


def _strip(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (doc[start].dep_ in _SKIP_DEPS or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in {")", '"'}:
        end -= 1
    return (start, end) if end > start else None
