"""Reading a clause of the parse: its subject, whether it is negated, conditional or
irrealis, and whether its words tell of an incident (shared by the statement readers)."""

from __future__ import annotations

from typing import Any

from newsblotter.incidents.lexicon import TRIGGERS
from newsblotter.lang import words
from newsblotter.statements import lexicon as lx

ADMIT_VERBS = words("statements.admit_verbs") | lx.RESPONSIBILITY_VERBS
EVENT_WORDS = frozenset(TRIGGERS) | (words("statements.event_nouns") - {"death"})
INCIDENT_NOUNS = words("statements.responsibility_nouns")
OWN = words("statements.own_pronouns")
SELF_PRONOUNS = words("statements.self_pronouns")
MANY = words("statements.many_words")
TAKING_VERBS = words("statements.taking_verbs")
PLACING_VERBS = words("statements.blame_placing_verbs")


def subject_of(tok: Any) -> Any | None:
    subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None and tok.dep_ in {"acomp", "prep", "xcomp"} and tok.head is not tok:
        return subject_of(tok.head)
    if subj is None and tok.dep_ == "conj" and tok.pos_ in {"VERB", "AUX", "ADJ"}:
        # "had not been aware of or involved in it": a joined verb shares its subject
        return subject_of(tok.head)
    if subj is None and tok.dep_ == "amod" and tok.pos_ == "VERB" and tok.head.dep_ == "dobj":
        # "its strikes had targeted camps", parsed with "targeted" as an adjective
        return subject_of(tok.head.head)
    return subj


def is_self(tok: Any) -> bool:
    """ "it", "we", "its fighters", "his forces", "the group's men": the speaker's own side."""
    if tok.lower_ in SELF_PRONOUNS:
        return True
    return any(
        c.dep_ == "poss"
        and (
            c.lower_ in OWN
            or (c.lemma_.lower() == "group" and c.i > 0 and c.nbor(-1).lower_ == "the")
        )
        for c in tok.children
    )


def about_attack(tok: Any) -> bool:
    """Whether a clause speaks of doing an attack: a carrying-out or harm verb, "involved",
    "behind", "responsible", or an incident word."""
    for t in tok.subtree:
        low = t.lemma_.lower()
        if low in ADMIT_VERBS or low in lx.HARM_VERBS or low in EVENT_WORDS:
            return True
        if low in {"involve", "involved", "behind", "responsible", "orchestrate"}:
            return True
    return False


def does_attack(verb: Any) -> bool:
    """ "denied carrying out the strike", "denied that it was involved", "denied targeting
    civilians"; not "denied that its services had uncovered a plot to kill X"."""
    low = verb.lemma_.lower()
    if low in ADMIT_VERBS or low in lx.HARM_VERBS or low in {"involve", "involved"}:
        return True
    return any(
        c.lemma_.lower() in {"involved", "behind", "responsible"} and c.dep_ in {"acomp", "prep"}
        for c in verb.children
    )


def incidental(tok: Any) -> bool:
    """Whether a phrase names an incident ("the attack", "carrying out the bombing", "it")."""
    if tok.lower_ in {"it", "this", "them", "that"}:
        return True
    return any(
        t.lemma_.lower() in EVENT_WORDS
        or (t.lemma_.lower() in ADMIT_VERBS and t.pos_ == "VERB")  # not "a UN plan"
        or t.lemma_.lower() in lx.HARM_VERBS
        or t.lemma_.lower() in INCIDENT_NOUNS
        for t in tok.subtree
    )


def generic_prep(prep: Any) -> bool:
    """ "for several attacks abroad", "for attacks on shipping": incidents in general."""
    pobj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
    if pobj is None or pobj.tag_ not in {"NNS", "NNPS"}:
        return False
    if any(c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"} for c in pobj.children):
        return False  # a possessive noun makes it definite: "Wednesday's bombings"
    dets = {c.lower_ for c in pobj.children if c.dep_ in {"det", "amod", "nummod", "poss"}}
    return not dets & {"the", "these", "those", "its", "their", "both", "two", "three"}


def takes_responsibility(cue: Any) -> bool:
    """ "took responsibility for the attack", "accepted responsibility": a claim."""
    return cue.lemma_.lower() in TAKING_VERBS and any(
        c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in {"responsibility", "credit"}
        for c in cue.children
    )


def places_blame(cue: Any) -> bool:
    """ "pinned the blame on X", "laid the blame on X", "the attack was pinned on X"."""
    low = cue.lemma_.lower()
    if low not in PLACING_VERBS:
        return False
    thing = next((c for c in cue.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    return thing is not None and (thing.lemma_.lower() == "blame" or low == "pin")


def falls_on(cue: Any) -> Any | None:
    """ "suspicion fell on X", "responsibility lies with X", "blame rests on X": X."""
    if cue.lemma_.lower() not in {"fall", "lie", "rest"}:
        return None
    if not any(
        c.dep_ == "nsubj" and c.lemma_.lower() in {"suspicion", "blame", "responsibility"}
        for c in cue.children
    ):
        return None
    return prep_object(cue, "on") or prep_object(cue, "with")


def many_incidents(tok: Any) -> bool:
    """ "dozens of attacks", "several bombings", "many attacks": incidents in general."""
    if tok.lower_ in MANY:
        return True
    return any(c.dep_ in {"amod", "nummod"} and c.lower_ in MANY for c in tok.children)


def prep_object(tok: Any, word: str) -> Any | None:
    prep = next(
        (c for c in tok.children if c.dep_ in {"prep", "dative"} and c.lower_ == word), None
    )
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None


def agent_of(tok: Any) -> Any | None:
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def is_negated(tok: Any) -> bool:
    """ "did not carry out"; "had not been aware of or involved in" (the negation of the
    first conjunct covers the next)."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return tok.dep_ == "conj" and any(c.dep_ == "neg" for c in tok.head.children)


def conditional(tok: Any) -> bool:
    """Inside an "if"/"unless"/"whether" clause, up to the sentence's root."""
    for t in [tok, *tok.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in t.children):
            return True
    return False


def irrealis(cue: Any) -> bool:
    """ "would claim", "will attack", "expected X to claim", "threatened to"; not "may have
    carried out" (a hedge on a past deed)."""
    aux = {c.lower_ for c in cue.children if c.dep_ == "aux"}
    if aux & lx.MODALS and not (aux & {"may", "might", "could", "must"} and "have" in aux):
        return True
    if cue.dep_ == "conj" and cue.head is not cue:
        return irrealis(cue.head)  # "demand that they investigate and arrest ..."
    if cue.dep_ in {"xcomp", "ccomp"} and _naming(cue.head):
        return False  # "a group calling itself X claimed the attack", parsed as X's words
    return cue.dep_ in {"xcomp", "ccomp"} and cue.head.lemma_.lower() in lx.IRREALIS


def _naming(verb: Any) -> bool:
    """ "calling itself", "calling themselves": a name a group gives itself, not a call."""
    return verb.lemma_.lower() == "call" and any(
        c.dep_ == "dobj" and c.lower_ in {"itself", "themselves", "himself"} for c in verb.children
    )
