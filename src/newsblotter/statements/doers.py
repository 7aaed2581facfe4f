"""Who the words say did it: the doers of an incident named in what a source said, and
whom a blaming verb names (read by ``reading``)."""

from __future__ import annotations

from typing import Any

from newsblotter.lang import words
from newsblotter.records import ActorRef
from newsblotter.statements import lexicon as lx
from newsblotter.statements.actors import actors_at
from newsblotter.statements.clauses import (
    EVENT_WORDS,
    INCIDENT_NOUNS,
    agent_of,
    conditional,
    generic_prep,
    incidental,
    irrealis,
    is_negated,
    is_self,
    prep_object,
    subject_of,
)
from newsblotter.statements.context import Context

AGENT_VERBS = words("statements.agent_verbs")
BELONGERS = lx.ATTACKER_NOUNS - {"militant", "suspect", "cell"}
DOER_VERBS = lx.RESPONSIBILITY_VERBS | lx.HARM_VERBS
PRONOUNS = words("statements.object_pronouns")
WEAPONS = words("statements.weapon_nouns")
PLACING_VERBS = words("statements.blame_placing_verbs")
ANSWERS = words("statements.answer_nouns")
VICTIM_EVENTS = words("statements.victim_event_nouns")


def described(tok: Any) -> bool:
    """Whether ``tok`` sits in a participle or relative clause that describes a person or
    thing other than an incident or its doers ("a commander killed in a 2020 drone strike",
    "a road that the army built"): the writer's description of that noun, not what a
    statement says happened."""
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ not in {"acl", "relcl"} or anc.head.pos_ not in {"NOUN", "PROPN"}:
            continue
        if anc.tag_ not in {"VBN", "VBG"} and any(c.dep_ == "mark" for c in anc.children):
            continue  # "intel that X carried it out": what the intelligence says, not a description
        if anc.dep_ == "relcl" or anc.tag_ in {"VBN", "VBG"}:
            head = anc.head.lemma_.lower()
            return not (head in EVENT_WORDS or head in INCIDENT_NOUNS or head in lx.ATTACKER_NOUNS)
    return False


def answered(tok: Any) -> bool:
    """ "fired rockets in response to an Israeli strike", "in retaliation for the raid": the
    event answered is another than the one told."""
    for anc in tok.ancestors:
        if anc.lemma_.lower() in ANSWERS or (
            anc.dep_ == "prep" and anc.lower_ in {"after", "before"}
        ):
            return True
    return False


def doers(ctx: Context, scope: list[Any]) -> list[tuple[ActorRef, Any]]:
    """The actors the words say did it: the agent of a carrying-out or harm verb, the subject
    of a carrying-out verb, "behind", "responsible", "the work of", "the hallmarks of",
    "belonged to", "pointed to", "responsibility lay with"."""
    out: list[tuple[ActorRef, Any]] = []
    seen: set[str] = set()
    for tok in scope:
        if is_negated(tok) or conditional(tok) or irrealis(tok) or described(tok):
            continue
        if answered(tok):
            continue
        if tok.lemma_.lower() == "plan" and any(c.dep_ == "xcomp" for c in tok.children):
            continue  # "planning to unleash an offensive": a plan, not a deed
        for who in _doer_tokens(tok):
            for ref in _actors_of_doer(ctx, who):
                key = ref.id or ref.name.casefold()
                if key not in seen:
                    seen.add(key)
                    out.append((ref, tok))
    return out


def _actors_of_doer(ctx: Context, who: Any) -> list[ActorRef]:
    if who.pos_ == "ADJ":  # "an Israeli strike": the state its demonym names
        state = ctx.actors.state_for_demonym(who.text)
        prov = ctx.prov(who.idx, who.idx + len(who))
        return [ActorRef(state.name, state.id, prov)] if state is not None else []
    return actors_at(ctx, who)


def _done_to_an_incident(verb: Any) -> bool:
    """What a carrying-out verb did is an attack ("carried out the bombing", "the raid was
    planned by", "the bombers were trained by", "the blast was caused by", "carried it out");
    a verb with nothing done is taken as it is."""
    done = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if verb.dep_ in {"acl", "relcl"} and (done is None or done.lower_ in {"which", "that"}):
        done = verb.head  # "the attack, which was perpetrated by X"
    if done is None:
        return True
    # the thing done, not what it was for: "a rescue mission to free the hostages"
    purpose = {t.i for c in done.children if c.dep_ in {"acl", "relcl"} for t in c.subtree}
    words = {t.lemma_.lower() for t in done.subtree if t.i not in purpose}
    return bool(words & (EVENT_WORDS | INCIDENT_NOUNS | lx.ATTACKER_NOUNS | WEAPONS | PRONOUNS))


def _determined(tok: Any) -> bool:
    return any(c.dep_ in {"det", "poss", "nummod"} for c in tok.children)


def _named_outright(tok: Any) -> bool:
    return tok.pos_ == "PROPN" or tok.lemma_.lower() in lx.STATE_MEANS


def _doer_tokens(tok: Any) -> list[Any]:
    low = tok.lemma_.lower()
    if tok.pos_ in {"VERB", "AUX"} and (low in DOER_VERBS or low in AGENT_VERBS or low == "claim"):
        if low not in lx.HARM_VERBS and not _done_to_an_incident(tok):
            return []  # "the struggle against drug trafficking launched by the US"
        if "in the past" in " ".join(t.lower_ for t in tok.subtree):
            return []  # "has attacked foreign interests in the past": a habit, not this
        by = agent_of(tok)
        if by is not None:
            return [by]
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or is_self(subj) or low in AGENT_VERBS:
            return []
        if low in lx.HARM_VERBS and low not in lx.RESPONSIBILITY_VERBS:
            # "Russian forces fired", not "Hamas-led fighters attacked": a harm verb's doer
            # counts only when it is named outright or as a state's means
            return [subj] if _named_outright(subj) else []
        return [subj]
    if tok.pos_ == "NOUN" and low in EVENT_WORDS and tok.dep_ != "nsubj":
        # "died in an Israeli strike", "a Russian missile attack", "Israel's strike"
        if tok.tag_ == "NNS" and tok.head.lower_ == "against" and not _determined(tok):
            return []  # "protection against Russian airstrikes": strikes in general
        doing = {"amod", "compound"} | ({"poss"} if low not in VICTIM_EVENTS else set())
        return [c for c in tok.children if c.dep_ in doing and c.text[:1].isupper()]
    if low == "order" and tok.pos_ == "NOUN":
        # "on the orders of X", "following orders from X"
        source = prep_object(tok, "of") or prep_object(tok, "from")
        return [source] if source is not None else []
    if (low == "work" and tok.dep_ == "attr") or (
        low in {"hallmark", "member"} and tok.dep_ in {"attr", "dobj", "pobj"}
    ):
        of = prep_object(tok, "of")
        return [of] if of is not None else []
    if low in {"behind", "responsible"} and tok.head.lemma_ == "be":
        # "X was behind it", "X was believed to be behind it"
        subj = subject_of(tok.head)
        return [subj] if subj is not None and not is_self(subj) else []
    if low in {"belong", "loyal"}:
        # "the attackers belonged to X", "they were loyal to X"; not "a fighter who had
        # belonged to the navy"
        subj = subject_of(tok)
        to = prep_object(tok, "to")
        if subj is None or to is None:
            return []
        return [to] if subj.lemma_.lower() in BELONGERS or subj.lower_ == "they" else []
    if low in {"point", "trace"}:
        to = prep_object(tok, "to")
        return [to] if to is not None else []
    if tok.dep_ == "attr" and tok.head.lemma_ == "be" and tok.pos_ in {"NOUN", "PROPN"}:
        # "the attackers were al-Shabaab militants", "the gunmen were believed to be X"
        subj = subject_of(tok.head)
        return [tok] if subj is not None and subj.lemma_.lower() in BELONGERS else []
    if low in {"responsibility", "blame", "suspicion"} and tok.dep_ == "nsubj":
        # "responsibility for the attack lay with the United States", "suspicion fell on X"
        for prep in tok.head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"with", "on"}:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return [pobj]
    return []


def _blamed_on(ctx: Context, cue: Any, thing: Any | None, placing: bool) -> Any | None:
    """The X of "blamed it on X": the cue's "on", not a day ("blamed the group on Friday");
    else, where an incident or the blame is what is laid, an "on" parsed on a later word
    ("blamed the bombing on X", "put the blame for the shelling on X") that names an actor."""
    on = prep_object(cue, "on")
    if on is not None and on.ent_type_ not in {"DATE", "TIME"}:
        return on
    if thing is None or not (placing or (cue.lemma_.lower() == "blame" and incidental(thing))):
        return None
    for t in cue.subtree:
        o = prep_object(t, "on") if t.i > cue.i else None
        if o is not None and o.ent_type_ not in {"DATE", "TIME"} and actors_at(ctx, o):
            return o
    return None


def blamed(ctx: Context, cue: Any) -> list[ActorRef]:
    """Whom a blaming verb names, when what it blames them for is an incident: "blamed X for
    the attack", "blamed the attack on X", "accused X of carrying out", "linked the bombing
    to X", "held X responsible", "implicate X in the attack"."""
    lemma = cue.lemma_.lower()
    thing = next((c for c in cue.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    placing = lemma in PLACING_VERBS
    on = _blamed_on(ctx, cue, thing, placing)
    if placing:
        # "pinned the blame on X", "laid the blame on X", "the attack was pinned on X"
        if on is None or thing is None:
            return []
        if thing.lemma_.lower() != "blame" and (lemma != "pin" or not incidental(thing)):
            return []
        return actors_at(ctx, on)
    if lemma == "blame" and on is not None:
        if cue.dep_ == "relcl" and (thing is None or thing.lower_ in {"which", "that"}):
            thing = cue.head  # "an attack (which) the authorities blamed on X"
        if thing is not None and not incidental(thing):
            return []
        return actors_at(ctx, on)
    if lemma in {"attribute", "link"}:
        thing = next((c for c in cue.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if thing is not None and thing.lower_ in {"which", "that", "who"} and cue.dep_ == "relcl":
            thing = cue.head
        if thing is None or not (incidental(thing) or thing.lemma_.lower() in lx.ATTACKER_NOUNS):
            return []  # "al-Shabaab, which is linked to al-Qaeda": an affiliation
        to = prep_object(cue, "to")
        if to is None:
            return []
        people = _people_described(ctx, to)
        return actors_at(ctx, to) or ([people] if people is not None else [])
    who = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if who is None:  # "X was blamed (by officials) for the attack"
        who = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if who is None:
        return []
    if who.lower_ in {"which", "that", "who", "whom"} and cue.dep_ == "relcl":
        who = cue.head  # "an organisation that India blamed for the attacks"
        if who.dep_ == "appos":
            who = who.head  # "Lashkar-e-Taiba, a militant organisation that ..."
    preps = [
        c
        for t in (cue, who)
        for c in t.children
        if c.dep_ == "prep"
        and c.i > cue.i  # not "a communique in which he accused ..."
        and c.lower_ in {"for", "of", "in", "over"}
        and not any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children)  # "Party of Spain"
    ]
    if any(not incidental(p) or (p.lower_ in {"for", "of"} and generic_prep(p)) for p in preps):
        return []  # "blamed Israel for the collapse of the talks", "for several attacks"
    if (
        lemma == "accuse"
        and not preps
        and not any(c.dep_ in {"ccomp", "xcomp", "advcl"} for c in cue.children)
    ):
        return []  # "accused Hamas" of nothing said: no incident at stake
    if lemma == "hold" and not any(
        c.lower_ in {"responsible", "accountable"} for t in (cue, who) for c in t.children
    ):
        return []
    refs = actors_at(ctx, who)
    if not refs and (people := _people_described(ctx, who)) is not None:
        refs = [people]
    return refs


def _people_described(ctx: Context, tok: Any) -> ActorRef | None:
    """ "blamed Fulani herders", "accused armed settlers": people blamed by what they are
    (a plural noun with a people's name or "armed" before it), kept in the story's words."""
    if tok.tag_ != "NNS":
        return None
    mods = [
        c
        for c in tok.children
        if c.dep_ in {"amod", "compound"}
        and c.i < tok.i
        and (
            c.ent_type_ == "NORP"
            or (c.ent_type_ == "GPE" and c.tag_ == "JJ")
            or c.lower_ == "armed"
        )
    ]
    if not mods:
        return None
    span = tok.doc[min(m.left_edge.i for m in mods) : tok.i + 1]
    return ActorRef(span.text, None, ctx.prov(span.start_char, span.end_char), True)
