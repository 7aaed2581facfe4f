"""How many people a noun phrase names: "a man" one, "a woman and her son" two, "the victims,
A and B" two, "three people" three, "one army captain, three soldiers and two civilians" six;
a plural left uncounted ("people were hurt") is at least two.

Hand-written over the dependency parse, for the casualty counts (``incidents/casualties``).
"""

from __future__ import annotations

from typing import Any

from newsblotter.incidents import roles as rl
from newsblotter.lang import words
from newsblotter.nlp.numbers import words_to_int
from newsblotter.records import Qualifier

# Counts of people in one report stay small; a bare number this large is a tally or a year.
MAX_SPELLED = 100
KILL_LEMMAS = words("casualties.kill_verbs")
# People a victim may be called when not named, with role filling's words for a person's kind.
PERSON_WORDS = words("casualties.person_words") | rl.PERSON_HEADS
PAIRS = words("casualties.pair_nouns")
SINGULAR_PRONOUNS = words("casualties.singular_pronouns")


def people(head: Any | None, tok: Any) -> tuple[int, Qualifier, int, int, bool] | None:
    """(count, qualifier, start char, end char, additive) of the people ``head`` names as
    those the harm word ``tok`` is said of; None when they are not people or not counted."""
    if head is None:
        return None
    if head.tag_ == "WP" or head.lower_ in {"who", "that", "which"}:
        if tok.dep_ == "relcl" and tok.head.pos_ in {"NOUN", "PROPN"}:
            head = tok.head  # "a man who was shot"
        else:
            return None
    total = 0
    additive = False
    qualifier: Qualifier = "exact"
    members = rl.coordinated(head)
    for member in members:
        n = count_one(member)
        if n is None:
            return None
        total += n[0]
        if n[1] != "exact":
            qualifier = n[1]
        additive = additive or _is_additive(member)
    if total <= 0:
        return None
    words = [w for m in members for w in np_tokens(m)]
    start = min(w.idx for w in words)
    end = max(w.idx + len(w) for w in words)
    return total, qualifier, start, end, additive and len(members) == 1


def np_tokens(head: Any) -> list[Any]:
    """The noun phrase's words, without relative clauses and trailing appositions."""
    keep = [head]
    for c in head.children:
        if c.dep_ in {"det", "nummod", "amod", "compound", "poss", "quantmod", "predet"}:
            keep.extend(c.subtree)
    return keep


def count_one(head: Any) -> tuple[int, Qualifier] | None:
    """How many people one conjunct names: "a man" 1, "two teens" 2, "Jane Roe" 1, "the
    victims, A and B" 2, "he" 1; None for things and uncounted plurals."""
    low = head.lower_
    lem = head.lemma_.lower()
    if head.pos_ == "PRON":
        return (1, "exact") if low in SINGULAR_PRONOUNS else None
    if head.pos_ == "NUM":
        value = number(head)  # "one died", "two were wounded" (not "the homicide of 2014")
        return (value, "exact") if value and value < MAX_SPELLED else None
    named = [a for a in head.children if a.dep_ == "appos" and _is_name(a)]
    if named:
        # "the victims, A, 20, and B, 31": the names listed count them
        return sum(len(rl.coordinated(a)) for a in named), "exact"
    if head.ent_type_ == "PERSON" and head.pos_ == "PROPN":
        return 1, "exact"
    if not _is_person_word(head):
        return None
    counted = _nummod(head)
    if counted is not None:
        return counted or None
    if lem in PAIRS:
        return 2, "exact"
    plural = head.tag_ in {"NNS", "NNPS"} or low in {"people", "men", "women", "children"}
    if any(c.lower_ == "both" for c in head.children):
        return 2, "exact"
    if plural:
        return 2, "at_least"  # "people were hurt": more than one, how many unsaid
    return 1, "exact"


def _nummod(head: Any) -> tuple[int, Qualifier] | tuple[()] | None:
    """The count a noun's number gives ("three clerks": 3), () for a number unread; None
    without a number."""
    word = next((c for c in head.children if c.dep_ == "nummod"), None)
    if word is None:
        return None
    value = number(word)
    return (value, "exact") if value else ()


def _is_name(tok: Any) -> bool:
    """A person's name, or a proper noun the model left untyped ("Ana Ruiz" often is)."""
    return tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and not tok.ent_type_)


def _is_person_word(head: Any) -> bool:
    low, lem = head.lower_, head.lemma_.lower()
    if low in PERSON_WORDS or lem in PERSON_WORDS:
        return True
    # "a 19-year-old", "the 24-year-old": an age standing for the person
    if lem in {"old", "year-old"} or low.endswith("-year-old") or low.endswith("-year-olds"):
        return True
    if head.pos_ == "PROPN" and not head.ent_type_ and head.dep_ == "nsubjpass":
        return bool(head.head.lemma_.lower() in KILL_LEMMAS)  # "Leal was murdered", untyped
    return bool(head.pos_ == "PROPN" and head.ent_type_ == "PERSON")


def _is_additive(head: Any) -> bool:
    """ "another man", "a second victim": one more than the people counted before."""
    return any(c.lower_ in {"another", "second", "third", "fourth", "other"} for c in head.children)


def number(tok: Any) -> int | None:
    text = tok.text.replace(",", "")
    if text.isdigit():
        return int(text)
    return words_to_int(tok.lower_)
