"""Victims an article names away from the words of the attack.

Local news tells the shooting in one sentence and who was hit in others: "The victim was
identified as A", "B, 21, was pronounced dead at the scene", "the victims were C and D",
"the killing of E". Role filling around an event word (``roles``) sees none of these, so
without them most local stories carry no victim at all, and a victim's name is what tells
two shootings in one city apart, or ties a follow-up to its shooting months later.

The rules read the dependency parse; no library does this for English news, so they are
written here. Each name comes with its span in the text. A person the article also tells
was arrested, charged or sought is the suspect, not a victim ("A, 25, was shot by police
after he killed B" keeps B).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsblotter.incidents import roles as rl
from newsblotter.lang import words

VICTIM_NOUNS = words("roles.victim_nouns")
# The attacker, never the victim, whatever else the sentence says ("man" is either).
SUSPECT_NOUNS = (rl.ATTACKER_NOUNS - {"man", "men"}) | {"killer", "robber", "perpetrator"}
DEATH_VERBS = words("roles.death_verbs")
HARM_ACTIVE = words("roles.harm_active")
HARM_PASSIVE = HARM_ACTIVE | words("roles.harm_passive_only")
HARM_NOUNS = words("roles.harm_nouns")
WOUNDS = words("casualties.injury_nouns")
POSSESSED_HARM = words("roles.possessed_harm_nouns")
REMEMBRANCE = words("roles.remembrance")
SUSPECT_VERBS = words("roles.suspect_verbs")


@dataclass(frozen=True, slots=True)
class NamedVictim:
    """A person named as harmed: the name's span, and the span of the words that tell the
    harm ("killed in Beirut in December"), where the caller looks for another time or place."""

    start: int
    end: int
    said_start: int
    said_end: int


def named_victims(doc: Any, skip: Iterable[tuple[int, int]] = ()) -> list[NamedVictim]:
    """The people the article names as harmed, in text order.

    ``skip``: character ranges (sentences of background events) whose names belong to
    another incident."""
    ranges = list(skip)
    suspects = {surname(e.text) for e in _people(doc) if _suspect(e)}
    out: dict[str, NamedVictim] = {}
    for ent in _people(doc):
        if any(s <= ent.start_char < e for s, e in ranges):
            continue
        key = surname(ent.text)
        if key in suspects or key in out:
            continue
        harm = _harmed(ent)
        if harm is not None and not _remembered(harm):
            out[key] = _told(ent, harm)
    return sorted(out.values(), key=lambda v: v.start)


def not_victims(doc: Any) -> set[str]:
    """Surnames (as :func:`surname` gives them) of the people the article tells were
    arrested, charged or sought, or calls the suspect, and of those whose every harm it
    tells is remembered ("the anniversary of A's death"): no victim of its news."""
    out = {surname(e.text) for e in _people(doc) if _suspect(e)}
    harms: dict[str, list[bool]] = {}
    for ent in _people(doc):
        harm = _harmed(ent)
        if harm is not None:
            harms.setdefault(surname(ent.text), []).append(_remembered(harm))
    return out | {name for name, remembered in harms.items() if all(remembered)}


def harms_told(doc: Any, name: str) -> list[NamedVictim]:
    """Every passage telling harm to a person of this name's surname, remembered deaths
    included: where a caller checks that a victim found otherwise belongs here."""
    key = surname(name)
    found = ((ent, _harmed(ent)) for ent in _people(doc) if surname(ent.text) == key)
    return [_told(ent, harm) for ent, harm in found if harm is not None]


def speaks_or_acts(tok: Any) -> bool:
    """Whether the sentence makes this word (a name or a noun, lifted from a coordination)
    the doer of a verb that harms no one of it: a speaker ("the president said"), a source
    ("according to the commander"), someone who acts ("the minister visited"). Such a person
    is no victim unless another passage tells the harm. Dying, suffering and being found
    are no acts ("the mayor died", "the guard suffered wounds")."""
    while tok.dep_ == "conj" and tok.head.pos_ in {"NOUN", "PROPN"}:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True
    if tok.dep_ != "nsubj" or head.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = _lemma(head)
    if lemma in DEATH_VERBS | {"be", "suffer", "remain", "lie", "become", "get"}:
        return False
    return not any(c.dep_ in {"auxpass", "nsubjpass"} for c in head.children)


def surname(name: str) -> str:
    """A person by surname, casefolded: "Officer Jane Roe", "Roe's" and "Roe" are one."""
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha()]
    last = (words[-1] if words else name).casefold()
    return last[:-2] if last.endswith(("'s", "’s")) else last


def _told(ent: Any, harm: Any) -> NamedVictim:
    """The name's span (without a possessive "'s") and the span of the words telling the harm."""
    end = ent.end_char
    if ent.text.endswith(("'s", "’s")):
        end -= 2  # "A's death"
    said = list(harm.subtree)
    first = min(ent.start_char, said[0].idx)
    return NamedVictim(ent.start_char, end, first, max(end, said[-1].idx + len(said[-1])))


def _remembered(harm: Any) -> bool:
    """ "the anniversary of A's death": an old death, remembered."""
    return any(_lemma(a) in REMEMBRANCE for a in list(harm.ancestors)[:3])


def _people(doc: Any) -> list[Any]:
    return [e for e in doc.ents if e.label_ == "PERSON" and len(e.text) > 2]


def _lemma(tok: Any) -> str:
    return str(tok.lemma_).lower()


def _root(ent: Any) -> Any:
    """The name's head, lifted from a coordination ("A and B were killed": B's head is A)."""
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.ent_type_ == "PERSON":
        tok = tok.head
    return tok


def _harmed(ent: Any) -> Any | None:
    """The word that tells ``ent`` was harmed (a verb, or a noun: "the killing of A"), or None."""
    tok = _root(ent)
    head = tok.head
    dep = tok.dep_
    # "A died", "A was killed", "A was pronounced dead", "A was shot in the chest"
    if dep == "nsubj" and _lemma(head) in DEATH_VERBS:
        return head
    if dep == "nsubjpass" and _lemma(head) in HARM_PASSIVE:
        return head
    if dep == "dobj" and _lemma(head) in HARM_ACTIVE:  # "a strike killed A"
        return head
    # "A was found dead", "A suffered a gunshot wound"
    if dep == "nsubjpass" and _lemma(head) == "find":
        return _if(head, any(c.lower_ in {"dead", "shot", "unresponsive"} for c in head.children))
    if dep == "nsubj" and _lemma(head) == "suffer":
        return _if(head, any(c.dep_ == "dobj" and _lemma(c) in WOUNDS for c in head.children))
    # "identified the victim as A", "the child has been identified as A"
    if dep == "pobj" and head.lower_ == "as" and _lemma(head.head) in {"identify", "name"}:
        return _if(head.head, _identified_is_victim(head.head))
    # "A was identified as the victim"
    if dep == "nsubjpass" and _lemma(head) == "identify":
        return _if(
            head,
            any(
                c.lower_ == "as" and any(_lemma(g) == "victim" for g in c.children)
                for c in head.children
            ),
        )
    # "the victim, A," / "A, the victim," / "shooting victim A"
    if dep == "appos" and _noun(head) == "victim":
        return head
    if any(c.dep_ == "appos" and _noun(c) == "victim" for c in tok.children):
        return tok
    if any(c.dep_ == "compound" and _lemma(c) == "victim" for c in ent.root.children):
        return tok
    # "the victims were A and B"
    if dep == "attr" and _lemma(head) == "be":
        return _if(head, any(c.dep_ == "nsubj" and _noun(c) == "victim" for c in head.children))
    # "the killing of A", "the shooting death of A"
    if dep == "pobj" and head.lower_ == "of" and _lemma(head.head) in HARM_NOUNS:
        return head.head
    return _if(head, dep == "poss" and _lemma(head) in POSSESSED_HARM)  # "A's death"


def _if(tok: Any, condition: bool) -> Any | None:
    return tok if condition else None


def _noun(tok: Any) -> str:
    return _lemma(tok) if tok.pos_ in {"NOUN", "PROPN"} else ""


def _identified_is_victim(verb: Any) -> bool:
    """Whom "identified ... as A" names: the object (or, passive, the subject) must be a
    word for the person harmed, or be described by a harm ("the man killed", "the man who
    was shot")."""
    for c in verb.children:
        if c.dep_ in {"dobj", "nsubjpass"}:
            noun = _lemma(c)
            if noun in SUSPECT_NOUNS:
                return False
            if noun in VICTIM_NOUNS:
                return True
            return any(_lemma(d) in HARM_PASSIVE | DEATH_VERBS for d in c.subtree)
    return False


def _suspect(ent: Any) -> bool:
    """Whether the article tells this person was arrested, charged or sought, or calls
    them the suspect."""
    tok = _root(ent)
    head = tok.head
    if tok.dep_ == "nsubjpass" and _lemma(head) in SUSPECT_VERBS:
        return True
    if tok.dep_ == "dobj" and _lemma(head) in SUSPECT_VERBS:
        return True
    if tok.dep_ == "appos" and _lemma(head) in SUSPECT_NOUNS:
        return True
    if any(c.dep_ == "appos" and _lemma(c) in SUSPECT_NOUNS for c in tok.children):
        return True
    if any(c.dep_ == "compound" and _lemma(c) in SUSPECT_NOUNS for c in ent.root.children):
        return True
    if tok.dep_ == "pobj" and head.lower_ == "as" and _lemma(head.head) in {"identify", "name"}:
        verb = head.head
        return any(
            c.dep_ in {"dobj", "nsubjpass"} and _lemma(c) in SUSPECT_NOUNS for c in verb.children
        )
    return False
