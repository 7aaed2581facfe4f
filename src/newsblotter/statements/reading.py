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

from newsblotter.lang import words
from newsblotter.records import ActorRef, Speaker
from newsblotter.statements import lexicon as lx
from newsblotter.statements.actors import actor_of_token, actors_at, kind_of, same_side
from newsblotter.statements.attribution import RawAttribution
from newsblotter.statements.clauses import (
    ADMIT_VERBS,
    EVENT_WORDS,
    INCIDENT_NOUNS,
    OWN,
    about_attack,
    conditional,
    does_attack,
    falls_on,
    generic_prep,
    incidental,
    irrealis,
    is_negated,
    is_self,
    many_incidents,
    places_blame,
    prep_object,
    subject_of,
    takes_responsibility,
)
from newsblotter.statements.context import Context
from newsblotter.statements.doers import (
    DOER_VERBS,
    PRONOUNS,
    WEAPONS,
    blamed,
    doers,
)
from newsblotter.statements.speakers import speaker_ref

NO_COMMENT_CUES = words("statements.no_comment_cues")
DENY_CUES = words("statements.deny_cues")
CLAIM_CUES = words("statements.claim_cues")
BLAME_CUES = words("statements.blame_cues")
# an incident trigger or event noun; "death" alone is an outcome here, not an event
DENIED_DEPS = frozenset({"dobj", "xcomp", "ccomp", "nsubjpass", "npadvmod"})
DISAVOWED = words("statements.disavowed_nouns")
HABITUAL = words("statements.habitual_adverbs")
SPEECH_ACTS = (
    words("statements.speech_act_verbs")
    | words("statements.reporting_verbs")
    | words("statements.responsibility_cues")
    | words("statements.evidential_verbs")
    | words("statements.impersonal_passives")
)


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
        denied = _denial(ctx, raw, speaker)
        return denied + _blamed_instead(ctx, raw, speaker, scope) if denied else []
    if (
        (lemma in CLAIM_CUES or takes_responsibility(cue))
        and not _asserts(cue)
        and _claims_attack(raw)
    ):
        mine = _own_refs(ctx, speaker)
        if mine and speaker.kind == "group":
            return [Reading("claim", ref, raw, speaker, cue) for ref in mine]
    on = falls_on(cue)
    if on is not None:  # "suspicion fell on X", told by no one in particular
        return [Reading("attribution", ref, raw, speaker, cue) for ref in actors_at(ctx, on)]
    if lemma in BLAME_CUES or places_blame(cue):
        refs = blamed(ctx, cue)
        if refs or not any(c.dep_ == "ccomp" for c in cue.children):
            return [Reading("attribution", ref, raw, speaker, cue) for ref in refs]
        # "police suspect X carried out the attack": what the clause says, as for "said"
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
    if not _speech_act(raw.cue):
        return []  # "the IRA had experienced a boost after soldiers killed 13": no one's words
    mine = _own_refs(ctx, speaker)
    out: list[Reading] = []
    for tok in _disavowals(scope):
        subj = subject_of(tok)
        refs = mine if subj is None or is_self(subj) else actors_at(ctx, subj)
        refs = [r for r in refs if not mine or any(same_side(ctx, r.id, m.id) for m in mine)]
        refs = refs or ([] if subj is None or not is_self(subj) else mine)
        out += [Reading("denial", ref, raw, speaker, tok) for ref in refs]
    if out:
        return out
    for tok in scope:
        low = tok.lemma_.lower()
        owned = low in {"behind", "responsible"} and tok.head.lemma_ == "be"  # "it was behind"
        fired = low == "fire" and any(  # "it fired a missile at the ship"
            c.dep_ == "dobj" and c.lemma_.lower() in WEAPONS for c in tok.children
        )
        if (low in ADMIT_VERBS or owned or fired) and not (
            is_negated(tok) or is_negated(tok.head) or conditional(tok) or irrealis(tok)
        ):
            subj = subject_of(tok)
            if subj is not None and subj.dep_ == "nsubjpass" and not owned:
                continue  # "it was detonated remotely": the device, not the speaker, is "it"
            if tok.tag_ in {"VBZ", "VBP"} and not owned:
                continue  # "it carries out such attacks to ...": a habit or a stance, no deed
            if subj is not None and is_self(subj) and mine:
                return [Reading("claim", ref, raw, speaker, tok) for ref in mine]
    for ref, tok in doers(ctx, scope):
        if mine and any(same_side(ctx, ref.id, m.id) for m in mine):
            out.append(Reading("claim", ref, raw, speaker, tok))
        else:
            out.append(Reading("attribution", ref, raw, speaker, tok))
    return out


def _speech_act(cue: Any) -> bool:
    """Whether a cue tells of someone's words, thoughts or findings ("said", "according to",
    a colon; "we are convinced" through its complement), not of something else they did."""
    if cue.pos_ not in {"VERB", "AUX"}:
        return True
    if cue.lemma_.lower() == "be":
        return any(c.dep_ == "acomp" and c.lemma_.lower() in SPEECH_ACTS for c in cue.children)
    return cue.lemma_.lower() in SPEECH_ACTS


def _denial(ctx: Context, raw: RawAttribution, speaker: Speaker) -> list[Reading]:
    """ "denied any involvement", "rejected the accusation", "denied carrying out the strike",
    "rejected any suggestion that it was involved"; not "rejected the court case"."""
    cue = raw.cue
    things = [c for c in cue.children if c.dep_ in DENIED_DEPS]
    thing = next((c for c in things if c.dep_ != "npadvmod"), None) or next(
        (c for c in things if c.lemma_.lower() in lx.DENIED_NOUNS), None
    )  # "denied today, in a call to a radio station, any responsibility": parsed adverbial
    mine = _denier_refs(ctx, speaker)
    named = next((c for c in thing.children if c.dep_ == "oprd"), None) if thing else None
    if thing is not None and thing.lemma_.lower() == "call" and named is not None:
        thing = named  # "rejected what it called baseless allegations"
    if cue.lemma_.lower() == "distance":
        # "distanced itself from the bombing"
        away = prep_object(cue, "from")
        if away is None or thing is None or thing.lower_ not in {"itself", "themselves"}:
            return []
        if away.lower_ in PRONOUNS:  # "distanced itself from it": the attack told before
            return [Reading("denial", r, raw, speaker, cue) for r in mine]
        thing = away
    if thing is None:
        return []
    if thing.pos_ in {"NOUN", "PROPN"} and thing.lemma_.lower() in lx.DENIED_NOUNS:
        clause = next((c for c in thing.children if c.dep_ in {"acl", "ccomp", "relcl"}), None)
        if clause is not None and not about_attack(clause):
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
    if thing.pos_ in {"VERB", "AUX"} and does_attack(thing):
        subj = subject_of(thing)
        if subj is not None and not is_self(subj):
            # "denied that guerrillas attacked the farm": that the attack happened, or that
            # someone else did it, is no denial of the speaker's own part
            named = _clause_subject_actor(ctx, thing)
            return [Reading("denial", named, raw, speaker, cue)] if named is not None else []
        return [Reading("denial", r, raw, speaker, cue) for r in mine]
    return []


def _blamed_instead(
    ctx: Context, raw: RawAttribution, speaker: Speaker, scope: list[Any]
) -> list[Reading]:
    """ "denied involvement, saying Y was behind it", "distanced itself from it, saying it
    was the work of Y": the doers a denier names in the words it adds, other than its own
    side (not what it denies: "denied that guerrillas attacked the farm")."""
    saying = next(
        (
            c
            for c in raw.cue.children
            if c.dep_ in {"advcl", "xcomp", "conj"} and c.tag_ == "VBG" and c.lemma_ == "say"
        ),
        None,
    )
    if saying is None:
        return []
    added = [t for t in scope if saying in t.ancestors]
    mine = _own_refs(ctx, speaker)
    return [
        Reading("attribution", ref, raw, speaker, tok)
        for ref, tok in doers(ctx, added)
        if all(ref.id != m.id for m in mine)  # a branch it names is another than itself
    ]


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


def _habitual(cue: Any, things: list[Any]) -> bool:
    """ "frequently claims attacks", "claims attacks on troops" (a present tense and a bare
    plural): what a group does, not a claim of this attack; "claims the attack" (a headline's
    present) is one."""
    if any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in cue.children):
        return True
    bare = [
        t
        for t in things
        if t.tag_ in {"NNS", "NNPS"}
        and not any(c.dep_ in {"det", "poss", "nummod"} for c in t.children)
    ]
    return cue.tag_ in {"VBZ", "VBP"} and bool(bare)


def _claims_attack(raw: RawAttribution) -> bool:
    cue = raw.cue
    # "claimed responsibility for ...", not the speaker's "a spokesman for al-Shabaab"
    held = [c for c in cue.children if c.dep_ in {"dobj", "attr", "nsubjpass"}]
    claimed = [c for t in (cue, *held) for c in t.children if c.lower_ == "for"]
    if any(generic_prep(c) for c in claimed):
        return False  # "claimed responsibility for attacks on important targets"
    if claimed and not any(
        incidental(c) or any(t.lemma_.lower() in lx.CLAIM_OBJECTS for t in c.subtree)
        for c in claimed
    ):
        return False  # "took responsibility for the error"
    things = [c for c in cue.children if c.dep_ in {"dobj", "attr", "nsubjpass"}]
    if any(many_incidents(t) for t in things) or _habitual(cue, things):
        return False  # "has claimed dozens of attacks in the region", "often claims attacks"
    objs = {c.lemma_.lower() for c in things}
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
            is_negated(tok) or is_negated(tok.head)
        ):
            out.append(tok if low in {"involved", "involve"} else tok.head)
        elif low in DOER_VERBS and is_negated(tok) and subject_of(tok) is not None:
            out.append(tok)
        elif low in DISAVOWED and any(c.lower_ == "no" for c in tok.children):
            out.append(tok.head)  # "had no connection with", "played no part in"
    return [t for t in out if not conditional(t)]


def _clause_subject_actor(ctx: Context, clause: Any) -> ActorRef | None:
    subj = subject_of(clause)
    if subj is None or is_self(subj) or subj.lower_ in {"he", "she"}:
        return None
    return actor_of_token(ctx, subj)


def _no_one(raw: RawAttribution) -> bool:
    """ "No group has claimed", "any group that claims": nobody in particular speaks."""
    root = raw.source.root if raw.source is not None else None
    return root is not None and any(c.lower_ in {"no", "any"} for c in root.children)
