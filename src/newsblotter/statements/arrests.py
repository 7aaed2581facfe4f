"""Arrests tied to an incident's perpetrators.

An arrest is an event the text reports ("Police arrested a man, NAME, at the scene"; "the
army said soldiers had detained three men suspected of helping the gunmen"; "a court charged
three men with committing a terrorist act"), not an attribution: it is read wherever an
arrest verb is, and said by the attribution that relays it, else by whoever made it. It
counts only when the words tie the people held to the attack (suspects, "in connection
with", "at the scene", charged with murder or terrorism, the gunman himself), not arrests
for rioting, disorder or protest after it, and not "charged with defending the country".
"""

from __future__ import annotations

from typing import Any

from newsblotter.lang import words
from newsblotter.records import ActorRef, Speaker
from newsblotter.statements import lexicon as lx
from newsblotter.statements.actors import kind_of, ref_from_entity
from newsblotter.statements.attribution import RawAttribution
from newsblotter.statements.clauses import agent_of, conditional, irrealis
from newsblotter.statements.context import Context
from newsblotter.statements.reading import Reading
from newsblotter.statements.speakers import key, type_source

ARREST_VERBS = words("statements.arrest_verbs")
NAMING = words("statements.naming_participles")
PERSONS = words("casualties.person_words")


def read_arrests(
    ctx: Context, raws: list[RawAttribution], speakers: dict[tuple[int, int], Speaker]
) -> list[Reading]:
    out: list[Reading] = []
    for tok in ctx.doc:
        if not _arrests(tok):
            continue
        if any(c.dep_ == "neg" for c in tok.children) or conditional(tok) or irrealis(tok):
            continue
        if "?" in tok.sent.text or not tied(tok) or _nobody_or_anybody(tok):
            continue
        raw, speaker = _said_by(ctx, tok, raws, speakers)
        out.append(Reading("arrest", held(ctx, tok), raw, speaker, tok))
    return out


def _arrests(tok: Any) -> bool:
    """An arrest verb, or "taken into custody"."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    if tok.lemma_.lower() in ARREST_VERBS:
        return True
    return tok.lemma_.lower() == "take" and any(
        c.dep_ == "prep" and c.lower_ == "into" and any(g.lower_ == "custody" for g in c.children)
        for c in tok.children
    )


def _nobody_or_anybody(tok: Any) -> bool:
    """ "no one has been arrested", "police, who detain people ...": no arrest made."""
    who = _held_token(tok)
    if who is not None and (
        who.lower_ in {"nobody", "none"} or any(c.lower_ == "no" for c in who.children)
    ):
        return True
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lower_ in {"who", "which", "that"}


def tied(tok: Any) -> bool:
    """Whether the words around an arrest verb tie those held to the attack."""
    words = " ".join(t.text for t in tok.subtree)
    if tok.lemma_.lower() == "charge" and not _charged_with_crime(tok):
        return False  # "officers charged with defending the city"
    if lx.UNTIED_ARREST.search(words):
        return False
    if lx.TIED_ARREST.search(words) or tok.lemma_.lower() == "charge":
        return True
    who = _held_token(tok)
    return who is not None and who.lemma_.lower() in lx.ATTACKER_NOUNS


def _charged_with_crime(tok: Any) -> bool:
    """ "charged three men with committing a terrorist act", "charged X, 19, with murder"."""
    with_ = [
        c
        for t in (tok, _held_token(tok))
        if t is not None
        for c in t.children
        if c.dep_ == "prep" and c.lower_ == "with"
    ]
    words = " ".join(t.lower_ for w in with_ for t in w.subtree)
    return bool(lx.CRIME.search(words))


def held(ctx: Context, tok: Any) -> ActorRef | None:
    """ "arrested a 41-year-old man, John Doe": the person named as held, unresolved (not one
    named only to say whose kin he is: "X's brother, Y"); "five suspected Boko Haram
    fighters": the armed group they are held as members of."""
    who = _held_token(tok)
    if who is None:
        return None
    words = [t for t in who.subtree if not any(a.dep_ == "poss" for a in [t, *t.ancestors])]
    for t in words:
        if _in_clause_of(t, who):
            continue  # "a woman suspected of helping plan the strike on X": X is not held
        ent = ctx.entity_at(t.idx)
        if ent is None or ent.start < who.left_edge.idx:
            continue
        if ent.label == "PERSON" or _named_person(ctx, ent, t, who):
            return ActorRef(ent.text, None, ctx.prov(ent.start, ent.end))
    for t in words:
        ent = ctx.entity_at(t.idx)
        ref = ref_from_entity(ctx, ent) if ent is not None else None
        if ref is not None and ref.id and kind_of(ctx, ref) == "armed_group":
            return ref
    return None


def _named_person(ctx: Context, ent: Any, tok: Any, who: Any) -> bool:
    """ "a suspect, Marcus Hill, 19": a name in apposition to a person held, which the
    entity tagger took for an organisation, and no actor the gazetteer knows."""
    if ent.label != "ORG" or tok.dep_ != "appos" or tok.head != who or who.pos_ != "NOUN":
        return False
    if who.lemma_.lower() not in lx.ATTACKER_NOUNS | PERSONS:
        return False
    ref = ref_from_entity(ctx, ent)
    return ref is None or not ref.id


def _in_clause_of(tok: Any, who: Any) -> bool:
    """The word stands in a clause or phrase that tells about ``who`` (a relative clause,
    a participle, a prepositional phrase), not in the name, the apposition or the participle
    naming him ("named as", "identified as": ``NAMING``)."""
    cur = tok
    while cur != who and cur.head is not cur:
        naming = cur.lemma_ in NAMING or (cur.dep_ == "prep" and cur.head.lemma_ in NAMING)
        if cur.dep_ in {"acl", "relcl", "prep", "advcl"} and not naming:
            return True
        cur = cur.head
    return False


def _held_token(tok: Any) -> Any | None:
    who = next((c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if who is not None and who.lower_ in {"who", "that", "whom"} and tok.dep_ == "relcl":
        return tok.head  # "Gareth Jones, 27, who was arrested at the scene"
    if tok.dep_ == "conj" and (who is None or who.lower_ in {"him", "her", "them"}):
        # "was arrested ... and charged with murder", "arrested X and charged him"
        return _held_token(tok.head) or who
    return who


def _agent(tok: Any) -> Any | None:
    """ "detained by police", "arrested by police hours later" (the parse making "police" a
    modifier of "hours")."""
    by = next((c for c in tok.children if c.dep_ == "agent"), None)
    if by is None:
        return None
    after = by.nbor(1) if by.i + 1 < len(by.doc) else None
    return agent_of(tok) or (
        after if after is not None and after.pos_ in {"NOUN", "PROPN"} else None
    )


def _passive(tok: Any) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children)


def _said_by(
    ctx: Context,
    tok: Any,
    raws: list[RawAttribution],
    speakers: dict[tuple[int, int], Speaker],
) -> tuple[RawAttribution, Speaker]:
    """The attribution relaying the arrest ("the army said soldiers detained ...", its words
    holding the arrest or its cue governing it in the parse), else the arrest's own subject
    ("Police arrested ...", "a court charged ...")."""
    enclosing = [
        r
        for r in raws
        if r.cue.i != tok.i
        and r.source is not None
        and r.content is not None
        and r.content.start <= tok.i < r.content.end
    ]
    if enclosing:
        raw = min(enclosing, key=lambda r: len(r.content or ()))
        return raw, speakers[key(raw)]
    above = {a.i: n for n, a in enumerate(tok.ancestors)}
    governing = [r for r in raws if r.source is not None and r.cue.i in above]
    if governing:  # "X was arrested ..., a spokesman said", the layer's content cut short
        raw = min(governing, key=lambda r: above[r.cue.i])
        return raw, speakers[key(raw)]
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) or _agent(tok)
    if subj is None and tok.dep_ == "conj" and not _passive(tok):
        # "Police arrested X and charged him"; not "X turned himself in and was charged"
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    source = ctx.doc[subj.left_edge.i : subj.right_edge.i + 1] if subj is not None else None
    raw = RawAttribution(
        cue=tok, source=source, content=None, sentence=tok.sent, negated=False, cue_span=None
    )
    if source is None:
        return raw, Speaker(None, "unknown")
    prov = ctx.prov(source.start_char, source.end_char)
    return raw, type_source(ctx, source, source.text.strip(), prov)
