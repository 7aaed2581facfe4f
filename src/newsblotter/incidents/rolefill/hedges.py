"""A hedge the story puts on the doer it names: "alleged members of the XLF", "the attack
was presumably carried out by XLF guerrillas", "apparently the work of the XLF".

A group the story states as the doer without any statement about it is told as fact; one
the story names as the doer with a hedge of its own words is only suspected (MUC-4's slot
guide files such a group under SUSPECTED OR ACCUSED: "presumably", "apparently", "alleged",
"suspected"). The role filler reads the hedge off the parse and keeps its word in the
incident record (``IncidentMention.spans["hedge:N"]`` for ``perpetrators[N]``), so the
record tells a hedged doer from a stated one.

The hedge must bear on the doer: a modifier of the words that name it ("alleged members
of"), or an adverb of the clause it is the doer of ("presumably carried out by", "X
guerrillas apparently blew up", "was apparently the work of"). The path from the doer's
head goes up through the noun phrase ("members of", compounds, appositions) to the first
verb and stops there, so a hedge of another clause ("the attacks are apparently
continuing") or of a reporting verb ("police suspected") is not the doer's.
"""

from __future__ import annotations

from typing import Any

from newsblotter.incidents import roles as rl
from newsblotter.lang import words

HEDGE_WORDS = words("roles.hedges") | words("casualties.hedge_adverbs")
# the edges a doer's words climb up to their clause: within a noun phrase, through "of" and
# "by", and from the phrase to its verb (as subject, agent or predicate noun)
_UP_DEPS = frozenset(
    {"compound", "pobj", "prep", "agent", "appos", "nmod", "attr", "nsubj", "nsubjpass", "conj"}
)
_MOD_DEPS = frozenset({"amod", "advmod", "compound", "acomp"})
MAX_STEPS = 8


def hedge_of(head: Any) -> Any | None:
    """The hedge word bearing on the doer headed by ``head``, or None."""
    tok = head
    for _ in range(MAX_STEPS):
        found = _hedge_child(tok)
        if found is not None:
            return found
        if tok.pos_ in {"VERB", "AUX"} or tok.dep_ not in _UP_DEPS or tok.head is tok:
            return None
        if tok.dep_ == "prep" and tok.lower_ not in {"of", "by"}:
            return None
        tok = tok.head
    return None


def _hedge_child(tok: Any) -> Any | None:
    for child in tok.children:
        if child.dep_ in _MOD_DEPS and _is_hedge(child):
            return child
    if tok.pos_ in {"NOUN", "PROPN"}:
        # the words of the noun phrase before the noun, and the word just before the
        # phrase, whatever the parse made of them ("Suspected" as a compound of a name,
        # "alleged" of "alleged Shining Path members" read as a verb)
        doc, first = tok.doc, tok.left_edge.i
        start = first - 1 if first > tok.sent.start else first
        for i in range(start, tok.i):
            if doc[i].dep_ not in {"det", "punct"} and _is_hedge(doc[i]):
                return doc[i]
    return None


def _is_hedge(tok: Any) -> bool:
    return tok.lower_ in HEDGE_WORDS or rl.lemma(tok) in HEDGE_WORDS
