"""Responsibility readings of one attribution: a pure function of the parse and the context.

Given an attribution (cue, source, content), its typed speaker and the content tokens its cue
governs (not those of a cue nested in it, which are read with their own speaker), say which
responsibility statements it makes: a claim, an attribution, a denial, a confirmation or a
no-comment, each with the actor it names as responsible, one per actor named together.
Negated cues, questions, conditionals and what is only expected or threatened say nothing.
Arrests are read apart (``arrests``): they are events reported, not attributions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsblotter.incidents.lexicon import TRIGGERS
from newsblotter.lang import words
from newsblotter.records import ActorRef, Speaker
from newsblotter.statements import lexicon as lx
from newsblotter.statements.actors import actor_of_token, actors_at, kind_of, same_side
from newsblotter.statements.attribution import RawAttribution
from newsblotter.statements.context import Context
from newsblotter.statements.speakers import speaker_ref

NO_COMMENT_CUES = words("statements.no_comment_cues")
DENY_CUES = words("statements.deny_cues")
CLAIM_CUES = words("statements.claim_cues")
BLAME_CUES = words("statements.blame_cues")
ADMIT_VERBS = words("statements.admit_verbs") | lx.RESPONSIBILITY_VERBS
DOER_VERBS = lx.RESPONSIBILITY_VERBS | lx.HARM_VERBS
AGENT_VERBS = words("statements.agent_verbs")
OWN = words("statements.own_pronouns")
SELF_PRONOUNS = words("statements.self_pronouns")
# an incident trigger or event noun; "death" alone is an outcome here, not an event
EVENT_WORDS = frozenset(TRIGGERS) | (words("statements.event_nouns") - {"death"})
WEAPONS = words("statements.weapon_nouns")
PRONOUNS = words("statements.object_pronouns")
BELONGERS = lx.ATTACKER_NOUNS - {"militant", "suspect", "cell"}
DENIED_DEPS = frozenset({"dobj", "xcomp", "ccomp", "nsubjpass", "npadvmod"})
DISAVOWED = words("statements.disavowed_nouns")
INCIDENT_NOUNS = words("statements.responsibility_nouns")


@dataclass(frozen=True)
class Reading:
    """One responsibility statement read from the text, before it becomes a record."""

    kind: str
    responsible: ActorRef | None
    raw: RawAttribution
    speaker: Speaker
    clause: Any  # the token whose subtree holds the statement's words (hedges are read there)


def read(ctx: Context, raw: RawAttribution, speaker: Speaker, scope: list[Any]) -> list[Reading]:
    """The statements one attribution makes about responsibility for an incident."""
    cue = raw.cue
    lemma = cue.lemma_.lower()
    if "?" in raw.sentence.text or conditional(cue) or irrealis(cue):
        return []
    if lemma in NO_COMMENT_CUES and _declines(raw):
        return _no_comment(ctx, raw, speaker)
    if raw.negated or _no_one(raw):
        return []
    if lemma in DENY_CUES:
        return _denial(ctx, raw, speaker)
    if lemma in CLAIM_CUES and not _asserts(cue) and _claims_attack(raw):
        mine = _own_refs(ctx, speaker)
        if mine and speaker.kind == "group":
            return [Reading("claim", ref, raw, speaker, cue) for ref in mine]
    if lemma in BLAME_CUES:
        return [Reading("attribution", ref, raw, speaker, cue) for ref in blamed(ctx, cue)]
    if lemma == "confirm":
        claimant = _confirmed_claim(ctx, scope)
        if claimant is not None:
            return [Reading("confirmation", claimant, raw, speaker, cue)]
    return _from_content(ctx, raw, speaker, scope)


def _from_content(
    ctx: Context, raw: RawAttribution, speaker: Speaker, scope: list[Any]
) -> list[Reading]:
    """ "X said it carried out the attack" (a claim), "X said it had nothing to do with it"
    (a denial), "X said Y was behind it" (an attribution)."""
    root = raw.source.root if raw.source is not None else None
    if (
        speaker.kind == "unknown"
        and not speaker.actor_id
        and (root is None or root.pos_ != "PROPN")
    ):
        return []  # words of no one in particular ("a confession inside the boat that said")
    mine = _own_refs(ctx, speaker)
    out: list[Reading] = []
    for tok in _disavowals(scope):
        subj = _subject_of(tok)
        refs = mine if subj is None or _is_self(subj) else actors_at(ctx, subj)
        refs = [r for r in refs if not mine or any(same_side(ctx, r.id, m.id) for m in mine)]
        refs = refs or ([] if subj is None or not _is_self(subj) else mine)
        out += [Reading("denial", ref, raw, speaker, tok) for ref in refs]
    if out:
        return out
    for tok in scope:
        if tok.lemma_.lower() in ADMIT_VERBS and not (
            _negated(tok) or conditional(tok) or irrealis(tok)
        ):
            subj = _subject_of(tok)
            if subj is not None and _is_self(subj) and mine:
                return [Reading("claim", ref, raw, speaker, tok) for ref in mine]
    for ref, tok in doers(ctx, scope):
        if mine and any(same_side(ctx, ref.id, m.id) for m in mine):
            out.append(Reading("claim", ref, raw, speaker, tok))
        else:
            out.append(Reading("attribution", ref, raw, speaker, tok))
    return out


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


def doers(ctx: Context, scope: list[Any]) -> list[tuple[ActorRef, Any]]:
    """The actors the words say did it: the agent of a carrying-out or harm verb, the subject
    of a carrying-out verb, "behind", "responsible", "the work of", "the hallmarks of",
    "belonged to", "pointed to", "responsibility lay with"."""
    out: list[tuple[ActorRef, Any]] = []
    seen: set[str] = set()
    for tok in scope:
        if _negated(tok) or conditional(tok) or irrealis(tok) or described(tok):
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
    words = {t.lemma_.lower() for t in done.subtree}
    return bool(words & (EVENT_WORDS | INCIDENT_NOUNS | lx.ATTACKER_NOUNS | WEAPONS | PRONOUNS))


def _named_outright(tok: Any) -> bool:
    return tok.pos_ == "PROPN" or tok.lemma_.lower() in lx.STATE_MEANS


def _doer_tokens(tok: Any) -> list[Any]:
    low = tok.lemma_.lower()
    if tok.pos_ in {"VERB", "AUX"} and (low in DOER_VERBS or low in AGENT_VERBS or low == "claim"):
        if low not in lx.HARM_VERBS and not _done_to_an_incident(tok):
            return []  # "the struggle against drug trafficking launched by the US"
        if "in the past" in " ".join(t.lower_ for t in tok.subtree):
            return []  # "has attacked foreign interests in the past": a habit, not this
        by = _agent(tok)
        if by is not None:
            return [by]
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or _is_self(subj) or low in AGENT_VERBS:
            return []
        if low in lx.HARM_VERBS and low not in lx.RESPONSIBILITY_VERBS:
            # "Russian forces fired", not "Hamas-led fighters attacked": a harm verb's doer
            # counts only when it is named outright or as a state's means
            return [subj] if _named_outright(subj) else []
        return [subj]
    if tok.pos_ == "NOUN" and low in EVENT_WORDS and tok.dep_ != "nsubj":
        # "died in an Israeli strike", "a Russian missile attack", "Israel's strike"
        return [
            c
            for c in tok.children
            if c.dep_ in {"amod", "poss", "compound"} and c.text[:1].isupper()
        ]
    if low == "order" and tok.pos_ == "NOUN":
        # "on the orders of X", "following orders from X"
        source = _prep(tok, "of") or _prep(tok, "from")
        return [source] if source is not None else []
    if (low == "work" and tok.dep_ == "attr") or (
        low in {"hallmark", "member"} and tok.dep_ in {"attr", "dobj", "pobj"}
    ):
        of = _prep(tok, "of")
        return [of] if of is not None else []
    if low in {"behind", "responsible"} and tok.head.lemma_ == "be":
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        return [subj] if subj is not None and not _is_self(subj) else []
    if low in {"belong", "loyal"}:
        # "the attackers belonged to X", "they were loyal to X"; not "a fighter who had
        # belonged to the navy"
        subj = _subject_of(tok)
        to = _prep(tok, "to")
        if subj is None or to is None:
            return []
        return [to] if subj.lemma_.lower() in BELONGERS or subj.lower_ == "they" else []
    if low in {"point", "trace"}:
        to = _prep(tok, "to")
        return [to] if to is not None else []
    if low in {"responsibility", "blame"} and tok.dep_ == "nsubj":
        # "responsibility for the attack lay with the United States"
        for prep in tok.head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"with", "on"}:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return [pobj]
    return []


def blamed(ctx: Context, cue: Any) -> list[ActorRef]:
    """Whom a blaming verb names, when what it blames them for is an incident: "blamed X for
    the attack", "blamed the attack on X", "accused X of carrying out", "linked the bombing
    to X", "held X responsible", "implicate X in the attack"."""
    lemma = cue.lemma_.lower()
    on = _prep(cue, "on")
    if lemma == "blame" and on is not None:
        thing = next((c for c in cue.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if thing is None and cue.dep_ == "relcl":
            thing = cue.head  # "an attack the authorities blamed on X"
        if thing is not None and not _incidental(thing):
            return []
        return actors_at(ctx, on)
    if lemma in {"attribute", "link"}:
        thing = next((c for c in cue.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if thing is not None and thing.lower_ in {"which", "that", "who"} and cue.dep_ == "relcl":
            thing = cue.head
        if thing is None or not _incidental(thing):
            return []  # "al-Shabaab, which is linked to al-Qaeda": an affiliation
        to = _prep(cue, "to")
        return actors_at(ctx, to) if to is not None else []
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
    if any(not _incidental(p) or (p.lower_ in {"for", "of"} and _generic(p)) for p in preps):
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
    return actors_at(ctx, who)


def _denial(ctx: Context, raw: RawAttribution, speaker: Speaker) -> list[Reading]:
    """ "denied any involvement", "rejected the accusation", "denied carrying out the strike",
    "rejected any suggestion that it was involved"; not "rejected the court case"."""
    cue = raw.cue
    things = [c for c in cue.children if c.dep_ in DENIED_DEPS]
    thing = next((c for c in things if c.dep_ != "npadvmod"), None) or next(
        (c for c in things if c.lemma_.lower() in lx.DENIED_NOUNS), None
    )  # "denied today, in a call to a radio station, any responsibility": parsed adverbial
    mine = _denier_refs(ctx, speaker)
    if cue.lemma_.lower() == "distance":
        # "distanced itself from the bombing"
        away = _prep(cue, "from")
        if away is None or thing is None or thing.lower_ not in {"itself", "themselves"}:
            return []
        thing = away
    if thing is None:
        return []
    if thing.pos_ in {"NOUN", "PROPN"} and thing.lemma_.lower() in lx.DENIED_NOUNS:
        clause = next((c for c in thing.children if c.dep_ in {"acl", "ccomp", "relcl"}), None)
        if clause is not None and not _about_attack(clause):
            return []
        owner = next((c for c in thing.children if c.dep_ == "poss"), None)
        if (
            owner is not None
            and owner.lower_ not in OWN
            and thing.lemma_.lower()
            in {
                "involvement",
                "role",
                "responsibility",
            }
        ):
            return [Reading("denial", r, raw, speaker, cue) for r in actors_at(ctx, owner)]
        named = _clause_subject_actor(ctx, clause) if clause is not None else None
        refs = [named] if named is not None else mine
        return [Reading("denial", r, raw, speaker, cue) for r in refs]
    if thing.pos_ in {"NOUN", "PROPN"} and thing.lemma_.lower() in EVENT_WORDS:
        return [Reading("denial", r, raw, speaker, cue) for r in mine]  # "denied the strike"
    if thing.pos_ in {"VERB", "AUX"} and _does_attack(thing):
        subj = _subject_of(thing)
        if subj is not None and not _is_self(subj):
            # "denied that guerrillas attacked the farm": that the attack happened, or that
            # someone else did it, is no denial of the speaker's own part
            named = _clause_subject_actor(ctx, thing)
            return [Reading("denial", named, raw, speaker, cue)] if named is not None else []
        return [Reading("denial", r, raw, speaker, cue) for r in mine]
    return []


def _no_comment(ctx: Context, raw: RawAttribution, speaker: Speaker) -> list[Reading]:
    """A no-comment bears on responsibility when it is about a claim, an accusation or
    involvement (naming the actor at stake), or when the speaker is an actor that could be
    responsible; "declined to comment on a possible motive" is no ledger matter."""
    topic = _comment_topic(raw.cue)
    named: ActorRef | None = None
    if topic is not None:
        words = list(topic.subtree)
        if not lx.COMMENT_TOPICS.search(" ".join(t.text for t in words)) and not any(
            t.lemma_.lower() in EVENT_WORDS | INCIDENT_NOUNS for t in words
        ):
            return []
        for t in topic.subtree:
            ent = ctx.entity_at(t.idx)
            ref = actor_of_token(ctx, t, deep=False) if ent is not None else None
            if ref is not None and ref.id:
                named = ref
                break
    if named is None and not speaker.actor_id:
        return []
    if named is None and kind_of(ctx, speaker_ref(ctx, speaker)) == "armed_group":
        named = speaker_ref(ctx, speaker)  # a group silent on its own role
    return [Reading("no_comment", named, raw, speaker, raw.cue)]


def _declines(raw: RawAttribution) -> bool:
    """ "declined to comment", "did not respond to requests for comment", "would not say",
    with the cue inside those words (not "..., saying the inquiry goes on")."""
    sent = raw.sentence
    at = raw.cue.idx - sent.start_char
    return any(m.start() <= at < m.end() for m in lx.NO_COMMENT.finditer(sent.text))


def _comment_topic(cue: Any) -> Any | None:
    """ "declined to comment on X": X."""
    for tok in cue.subtree:
        if tok.lower_ in {"on", "about"} and tok.head.lemma_.lower() in NO_COMMENT_CUES:
            return next((c for c in tok.children if c.dep_ == "pobj"), None)
    return None


def _confirmed_claim(ctx: Context, scope: list[Any]) -> ActorRef | None:
    """ "confirmed the group's claim": the claimant."""
    for tok in scope:
        if tok.lemma_.lower() == "claim" and tok.pos_ == "NOUN":
            for t in tok.subtree:
                ref = actor_of_token(ctx, t, deep=False)
                if ref is not None and ref.id:
                    return ref
    return None


def _own_refs(ctx: Context, speaker: Speaker) -> list[ActorRef]:
    """The actor a speaker speaks for; a group's outlet speaks for the group."""
    ref = speaker_ref(ctx, speaker)
    if ref is None or ref.id is None:
        return []
    actor = ctx.actor(ref.id)
    if (
        actor is not None
        and actor.kind == "organisation"
        and actor.parent
        and speaker.kind == "group"
    ):
        parent = ctx.actor(actor.parent)
        if parent is not None:
            return [ActorRef(parent.name, parent.id, ref.provenance)]
    return [ref]


def _denier_refs(ctx: Context, speaker: Speaker) -> list[ActorRef]:
    """Who denies: the speaker's actor, or an organisation the gazetteer does not know ("the
    PCE denied involvement"), kept in its own words."""
    mine = _own_refs(ctx, speaker)
    if not mine and speaker.kind == "organisation" and speaker.name:
        return [ActorRef(speaker.name, None, speaker.provenance)]
    return mine


def _asserts(cue: Any) -> bool:
    """ "X claims that ...": an assertion, read like "said", not a claim of an attack."""
    return any(c.dep_ == "ccomp" for c in cue.children) and not any(
        c.dep_ in {"dobj", "nsubjpass"} for c in cue.children
    )


def _claims_attack(raw: RawAttribution) -> bool:
    cue = raw.cue
    claimed = [c for t in (cue, *cue.children) for c in t.children if c.lower_ == "for"]
    if any(_generic(c) for c in claimed):
        return False  # "claimed responsibility for attacks on important targets"
    objs = {c.lemma_.lower() for c in cue.children if c.dep_ in {"dobj", "attr", "nsubjpass"}}
    if cue.dep_ in {"acl", "relcl"}:  # "an attack claimed by X"
        objs.add(cue.head.lemma_.lower())
    if objs & (lx.CLAIM_OBJECTS | EVENT_WORDS | {"it", "them", "this"}):
        return True
    content = raw.content.text.lower() if raw.content is not None else ""
    return any(w in content for w in ("carried out", "responsib", "attack", "bomb", "behind"))


def _disavowals(scope: list[Any]) -> list[Any]:
    """Tokens saying someone did not do it: "had nothing to do with", "was not behind",
    "were not involved", "did not carry out", "played no part"."""
    out = []
    for tok in scope:
        low = tok.lemma_.lower()
        if low == "nothing" and tok.head.lemma_ == "have" and tok.dep_ == "dobj":
            if "do with" in " ".join(t.lower_ for t in tok.subtree):
                out.append(tok.head)
        elif low in {"behind", "responsible", "involved", "involve"} and (
            _negated(tok) or _negated(tok.head)
        ):
            out.append(tok if low in {"involved", "involve"} else tok.head)
        elif low in DOER_VERBS and _negated(tok) and _subject_of(tok) is not None:
            out.append(tok)
        elif low in DISAVOWED and any(c.lower_ == "no" for c in tok.children):
            out.append(tok.head)  # "had no connection with", "played no part in"
    return [t for t in out if not conditional(t)]


def _subject_of(tok: Any) -> Any | None:
    subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None and tok.dep_ in {"acomp", "prep", "xcomp"} and tok.head is not tok:
        return _subject_of(tok.head)
    if subj is None and tok.dep_ == "amod" and tok.pos_ == "VERB" and tok.head.dep_ == "dobj":
        # "its strikes had targeted camps", parsed with "targeted" as an adjective
        return _subject_of(tok.head.head)
    return subj


def _is_self(tok: Any) -> bool:
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


def _clause_subject_actor(ctx: Context, clause: Any) -> ActorRef | None:
    subj = _subject_of(clause)
    if subj is None or _is_self(subj) or subj.lower_ in {"he", "she"}:
        return None
    return actor_of_token(ctx, subj)


def _about_attack(tok: Any) -> bool:
    """Whether a clause speaks of doing an attack: a carrying-out or harm verb, "involved",
    "behind", "responsible", or an incident word."""
    for t in tok.subtree:
        low = t.lemma_.lower()
        if low in ADMIT_VERBS or low in lx.HARM_VERBS or low in EVENT_WORDS:
            return True
        if low in {"involve", "involved", "behind", "responsible", "orchestrate"}:
            return True
    return False


def _does_attack(verb: Any) -> bool:
    """ "denied carrying out the strike", "denied that it was involved", "denied targeting
    civilians"; not "denied that its services had uncovered a plot to kill X"."""
    low = verb.lemma_.lower()
    if low in ADMIT_VERBS or low in lx.HARM_VERBS or low in {"involve", "involved"}:
        return True
    return any(
        c.lemma_.lower() in {"involved", "behind", "responsible"} and c.dep_ in {"acomp", "prep"}
        for c in verb.children
    )


def _incidental(tok: Any) -> bool:
    """Whether a phrase names an incident ("the attack", "carrying out the bombing", "it")."""
    if tok.lower_ in {"it", "this", "them", "that"}:
        return True
    return any(
        t.lemma_.lower() in EVENT_WORDS
        or t.lemma_.lower() in ADMIT_VERBS
        or t.lemma_.lower() in lx.HARM_VERBS
        or t.lemma_.lower() in INCIDENT_NOUNS
        for t in tok.subtree
    )


def _generic(prep: Any) -> bool:
    """ "for several attacks abroad", "for attacks on shipping": incidents in general."""
    pobj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
    if pobj is None or pobj.tag_ not in {"NNS", "NNPS"}:
        return False
    if any(c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"} for c in pobj.children):
        return False  # a possessive noun makes it definite: "Wednesday's bombings"
    dets = {c.lower_ for c in pobj.children if c.dep_ in {"det", "amod", "nummod", "poss"}}
    return not dets & {"the", "these", "those", "its", "their", "both", "two", "three"}


def _prep(tok: Any, word: str) -> Any | None:
    prep = next(
        (c for c in tok.children if c.dep_ in {"prep", "dative"} and c.lower_ == word), None
    )
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None


def _agent(tok: Any) -> Any | None:
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _negated(tok: Any) -> bool:
    """ "did not carry out"; "had not been aware of or involved in" (the negation of the
    first conjunct covers the next)."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return tok.dep_ == "conj" and any(c.dep_ == "neg" for c in tok.head.children)


def _no_one(raw: RawAttribution) -> bool:
    """ "No group has claimed", "any group that claims": nobody in particular speaks."""
    root = raw.source.root if raw.source is not None else None
    return root is not None and any(c.lower_ in {"no", "any"} for c in root.children)


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
    return cue.dep_ in {"xcomp", "ccomp"} and cue.head.lemma_.lower() in lx.IRREALIS
