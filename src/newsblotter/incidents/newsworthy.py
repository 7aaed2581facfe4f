"""Whether a trigger tells of a violent event that happened, and how it is told.

A trigger word is not yet an incident. It is dropped when the parse around it says the event
did not happen or is no violence at all:

* irrealis: threatened, planned, feared, foiled, simulated in a drill, conditional, negated,
  asked about, or in the future ("threatened to kill", "a plot to bomb", "if petrol bombs are
  thrown", "no one was killed", "a drill simulating a bombing");
* another sense: a harm verb whose doer is a disease, a crash or the weather ("the pandemic
  killed millions", "the crash killed two"), or whose patient is an animal or a thing that
  cannot bleed ("killed a rabbit", "killed the bill"); an explosion told with the words of an
  industrial accident and none of an attack ("a gas explosion at the plant");
* figurative or sporting: a weak trigger word ("attack", "raid", "storm", "blast", "shoot",
  "bomb", "hostage", ...) with nothing violent around it: no weapon, casualty, armed actor or
  other trigger in its sentence or the next ("attacked the senator's record", "held hostage
  by the budget");
* fiction: told of a film, series, novel or game.

A trigger governed by the words of a court case ("convicted of kidnapping", "charged with
the murder of") is a legal reference: it tells of an event, but is no news of it by itself.

Hand-written over the dependency parse: no library tells realis from irrealis event mentions
for news English, and the few cue words here are the ones linguistics describes for modality
and negation (they are not tuned to documents). Whether the article as a whole reports an
incident is learned (``incidents/gate.py``).
"""

from __future__ import annotations

import re
from typing import Any

from newsblotter.incidents import lexicon as lx
from newsblotter.incidents import roles as rl
from newsblotter.incidents import triggers as tg
from newsblotter.lang import alternation, words

IRREALIS_HEADS = words("newsworthy.irrealis_heads")
IRREALIS_MODIFIERS = words("newsworthy.irrealis_modifiers")
DONE_RELATIVE_VERBS = words("newsworthy.done_relative_verbs")
REPORT_NOUNS = words("newsworthy.report_nouns")
DRILL_WORDS = words("newsworthy.drill_words")
MEASURES = words("newsworthy.measure_nouns")
FALSE_WORDS = words("newsworthy.false_words")
MODALS = words("newsworthy.modals")
LIGHT_VERBS = words("newsworthy.light_verbs")
IRREALIS_COMPLEMENT_HEADS = words("newsworthy.irrealis_complement_heads")
HOLDING_VERBS = words("newsworthy.holding_verbs")
GENERIC_ADVERBS = words("newsworthy.generic_adverbs")
_YES_NO = words("newsworthy.yes_no_auxiliaries")
CONDITIONAL_MARKS = words("newsworthy.conditional_marks")
LEGAL_HEADS = words("newsworthy.legal_heads")
NATURAL_CAUSES = words("newsworthy.natural_causes")
ACCIDENT_VERBS = words("newsworthy.accident_verbs")
EXPLOSIONS = words("newsworthy.explosion_words")
ANIMALS = words("newsworthy.animals")
THINGS_KILLED = words("newsworthy.things_killed")
AGGREGATES = words("newsworthy.aggregates")
WEAPON_NOUNS = words("newsworthy.weapon_nouns")
EVENT_HEADS = words("newsworthy.event_heads")
EXERCISE = re.compile(
    rf"\b{alternation('newsworthy_text.exercise_patterns')}\b",
    re.I,
)
SPORT = re.compile(
    rf"\b{alternation('newsworthy_text.sport_patterns')}\b",
    re.I,
)
# A headline that tells of an accident, a disease or a story, not of an attack.
NOT_VIOLENT_HEADLINE = re.compile(
    rf"\b{alternation('newsworthy_text.not_violent_headline_patterns')}\b",
    re.I,
)
WEAK_TRIGGERS = words("newsworthy.weak_triggers")
# "shooting" and "shot" in sport, film and photography.
SHOOT_SENSES = re.compile(
    rf"\b{alternation('newsworthy_text.shoot_sense_patterns')}\b",
    re.I,
)
FICTION = re.compile(
    rf"\b{alternation('newsworthy_text.fiction_patterns')}\b",
    re.I,
)
# "the bomb they were planting went off by accident"
EXPLICIT_ACCIDENT = re.compile(
    rf"\b{alternation('newsworthy_text.explicit_accident_patterns')}\b", re.I
)
ACCIDENT = re.compile(
    rf"\b{alternation('newsworthy_text.accident_patterns')}\b",
    re.I,
)
ATTACK_CUES = re.compile(
    rf"\b{alternation('newsworthy_text.attack_cue_patterns')}\b",
    re.I,
)
ARMED = re.compile(
    rf"\b{alternation('newsworthy_text.armed_patterns')}\b",
    re.I,
)


def dropped(tok: Any) -> str | None:
    """Why the trigger ``tok`` tells of no violent event that happened, or None."""
    for check in (_irrealis, _other_sense, _figurative, _fiction, _modifier, _drill, _career):
        reason = check(tok)
        if reason is not None:
            return reason
    return None


def same_accident(triggers: list[Any], dropped: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """ "A gas explosion destroyed a block of flats ... nothing to suggest the blast was
    deliberate": "the blast" after an explosion found an accident is that accident."""
    accidents = [t.token.i for t, why in dropped if why == "accident"]
    if not accidents:
        return []
    out = []
    for trig in triggers:
        tok = trig.token
        if tok.pos_ != "NOUN" or rl.lemma(tok) not in EXPLOSIONS:
            continue
        if any(trig is d for d, _ in dropped):
            continue
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "that"} for c in tok.children)
        if definite and any(i < tok.i for i in accidents):
            out.append((trig, "accident"))
    return out


def headline_not_violent(title: str | None) -> bool:
    """Whether a headline tells of an accident, a disease, a drill or a story."""
    return bool(title) and bool(NOT_VIOLENT_HEADLINE.search(title or ""))


def is_legal(tok: Any) -> bool:
    """ "convicted of kidnapping the girl", "charged with the murder of", "the trial over the
    shooting": the event is what a court's words take as their object; "a man who killed
    his neighbour was jailed": the deed that describes the one a court judged."""
    held = tok.head
    if (
        tok.dep_ == "relcl"
        and held.dep_ in {"nsubj", "nsubjpass", "dobj"}
        and rl.lemma(held.head) in LEGAL_HEADS
    ):
        return True
    cur = tok
    for _ in range(4):
        if cur.dep_ not in _ARGUMENT_DEPS or cur.head is cur:
            return False
        cur = cur.head
        if rl.lemma(cur) in LEGAL_HEADS:
            return True
    return False


_ARGUMENT_DEPS = frozenset({"pobj", "pcomp", "prep", "dobj", "xcomp", "compound", "nmod", "conj"})


def _governors(tok: Any, steps: int) -> list[Any]:
    """The words above ``tok`` in the tree, nearest first, up to its clause's verb and a few
    steps further through complements ("threatened to kill", "a plot to bomb")."""
    out = []
    cur = tok
    for _ in range(steps):
        if cur.head is cur:
            break
        cur = cur.head
        out.append(cur)
    return out


def _clause(tok: Any) -> Any | None:
    verb = tok
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    doc = tok.doc
    return doc[verb.left_edge.i : verb.right_edge.i + 1]


def _irrealis(tok: Any) -> str | None:
    sent = tok.sent
    if sent.text.rstrip().endswith("?") and sent[0].lower_ in _YES_NO:
        return "asked"  # "Was it an attack?"; "Who are the people killed?" presumes them
    if _done_by_its_clause(tok):
        return None
    chain = [tok, *_governors(tok, 3)]
    for n, t in enumerate(chain):
        if n and t.dep_ in {"ROOT"} and t.lemma_.lower() in {"say", "tell", "report", "add"}:
            break  # above the reporting verb, nothing changes what was reported
        own = n == 0 or (n == 1 and rl.lemma(t) in LIGHT_VERBS)  # the event's own verb
        if own and any(
            c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in t.children
        ):
            return "negated"
        modal = any(c.dep_ == "aux" and c.lower_ in MODALS for c in t.children)
        if own and modal and not _hedged_past(t):
            return "modal"
        if n <= 2 and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in t.children):
            return "conditional"
        if n and rl.lemma(t) in IRREALIS_HEADS and _governs_event(t, chain[n - 1]):
            return "irrealis"
        if (
            n
            and rl.lemma(t) in IRREALIS_COMPLEMENT_HEADS
            and chain[n - 1].dep_
            in {
                "xcomp",
                "ccomp",
            }
        ):
            return "irrealis"
        if n and t.pos_ == "VERB" and not (rl.is_event_word(t) or rl.lemma(t) in LIGHT_VERBS):
            break  # "vowed to retaliate for the strike": the vow is of the reprisal
    if _no_one(tok) or _report_called_false(_governors(tok, 6)):
        return "negated"
    if any(c.dep_ == "amod" and c.lower_ in IRREALIS_MODIFIERS for c in tok.children):
        return "irrealis"
    if tok.dep_ in {"nsubj", "nsubjpass"} and any(
        c.dep_ == "aux" and c.lower_ in MODALS for c in tok.head.children
    ):
        return "modal"  # "an air strike could delay the programme"
    clause = _clause(tok)
    if clause is not None and EXERCISE.search(clause.text):
        return "exercise"
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and _PREPARE.search(tok.sent.text):
        return "exercise"  # "police trained overnight at the centre for a terrorist attack"
    return None


def _done_by_its_clause(tok: Any) -> bool:
    """ "the missile strike on Kryvyi Rih that killed 20 people": an event noun whose own
    relative clause tells, in the past and unnegated, the harm it did has happened, whatever
    governs the noun ("helped plan", "feared", "foiled")."""
    return tok.pos_ == "NOUN" and any(
        c.dep_ == "relcl"
        and c.tag_ in {"VBD", "VBN"}
        and rl.lemma(c) in DONE_RELATIVE_VERBS
        and not any(a.dep_ == "neg" or (a.dep_ == "aux" and a.lower_ in MODALS) for a in c.children)
        for c in tok.children
    )


def _report_called_false(governors: list[Any]) -> bool:
    """ "The report that the girl was wounded is unfounded", "reports of an attack were
    false": the harm is the content of a report that the sentence calls false."""
    for t in governors:
        if t.lower_ not in REPORT_NOUNS or t.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        verb = t.head
        said = [c for c in verb.children if c.dep_ in {"acomp", "attr"}]
        if verb.lower_ in FALSE_WORDS or any(c.lower_ in FALSE_WORDS for c in said):
            return True
    return False


def _hedged_past(verb: Any) -> bool:
    """ "may have killed", "must have been shot": a hedge on a real event; "would have
    killed", "could have been killed" are counterfactuals, no event."""
    modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in MODALS), None)
    have = any(c.dep_ == "aux" and c.lower_ == "have" for c in verb.children)
    return have and modal is not None and modal.lower_ in {"may", "might", "must"}


def _governs_event(head: Any, child: Any) -> bool:
    """Whether ``head`` takes the event as its complement, not as a mere neighbour."""
    return child.dep_ in {"xcomp", "ccomp", "dobj", "pobj", "prep", "compound", "acl", "pcomp"}


def _no_one(tok: Any) -> bool:
    """ "no one was killed", "nobody was hurt", "none were injured"."""
    for c in tok.children:
        if c.dep_ in {"nsubjpass", "nsubj"} and (
            c.lower_ in {"nobody", "none"} or (c.lower_ == "one" and _has_no(c))
        ):
            return True
    return False


def _has_no(tok: Any) -> bool:
    return any(c.lower_ == "no" for c in tok.children) or (
        tok.i > 0 and tok.doc[tok.i - 1].lower_ == "no"
    )


def _other_sense(tok: Any) -> str | None:
    low = rl.lemma(tok)
    if tok.pos_ == "VERB" and low in {"kill", "murder", "slay", "injure", "wound", "shoot"}:
        for c in tok.children:
            if c.dep_ in {"nsubj", "agent"}:
                doer = c if c.dep_ == "nsubj" else next(iter(c.children), c)
                if doer.tag_ in {"WDT", "WP"} and tok.dep_ == "relcl":
                    doer = tok.head  # "the pandemic that killed 25 million"
                if rl.lemma(doer) in NATURAL_CAUSES and doer.ent_type_ == "":
                    return "natural cause"
                if rl.lemma(doer) in AGGREGATES:
                    return "war total"
        if any(_accident_clause(c) for t in (tok, *tok.conjuncts) for c in t.children):
            return "accident"  # "were killed when a bus collided with a lorry"
        for c in _patients(tok):
            if c.ent_type_ == "" and (
                rl.lemma(c) in ANIMALS or (low != "shoot" and rl.lemma(c) in THINGS_KILLED)
            ):
                return "not a person"
    if low in EXPLOSIONS | {"blow", "bomb"}:
        if tok.pos_ == "VERB" and _grew(tok):
            return "figurative"  # "shares exploded 40 percent"
        clause = _clause(tok)
        if clause is not None and EXPLICIT_ACCIDENT.search(clause.text):
            return "accident"
        window = _window(tok)
        if low != "bomb" and ACCIDENT.search(window) and not ATTACK_CUES.search(window):
            return "accident"
    return None


def _accident_clause(clause: Any) -> bool:
    """ "when a bus collided with a lorry", "after their boat capsized": a clause of time
    whose verb tells of an accident."""
    return (
        clause.dep_ == "advcl"
        and rl.lemma(clause) in ACCIDENT_VERBS
        and any(
            c.dep_ in {"mark", "advmod"} and c.lower_ in {"when", "after", "as"}
            for c in clause.children
        )
    )


def _grew(verb: Any) -> bool:
    """ "Shares exploded 40 percent", "demand has exploded": a measure that grew."""
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"} and rl.lemma(c) in MEASURES:
            return True
        if c.dep_ in {"dobj", "npadvmod"} and c.lemma_.lower() in {"percent", "%", "fold"}:
            return True
    return False


def _patients(verb: Any) -> list[Any]:
    """Who or what a harm verb acts on, through joined verbs ("killed and ate a rabbit")."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    return [c for v in verbs for c in v.children if c.dep_ in {"dobj", "nsubjpass"}]


def _figurative(tok: Any) -> str | None:
    low = rl.lemma(tok)
    if low in {"shoot", "shooting"}:
        clause = _clause(tok)
        sense = clause is not None and (
            SHOOT_SENSES.search(clause.text) or SPORT.search(clause.text)
        )
        return "sport or film" if sense else None
    if (low not in WEAK_TRIGGERS and tok.lower_ not in WEAK_TRIGGERS) or tg.blew_self_up(tok):
        return None
    if low in EXPLOSIONS:
        # "an explosion of interest"; a bare explosion is checked as an accident instead
        of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
        return "figurative" if of and not ATTACK_CUES.search(_window(tok)) else None
    if _physical_object(tok) or _definite_event(tok):
        return None
    window = _window(tok)
    if SPORT.search(window):
        return "sport"
    for weapon, rx in lx.WEAPONS.items():
        if weapon != "incendiary" and rx.search(window):
            return None
    if ARMED.search(window) or _other_trigger(tok):
        return None
    return "figurative"


ABSTRACT_TARGETS = words("newsworthy.abstract_targets")


def _definite_event(tok: Any) -> bool:
    """ "the attack", "that assault", "Wednesday's blast": a noun taking up an event the
    story tells, unless it is aimed at an idea ("the attack on the policy")."""
    if tok.pos_ != "NOUN":
        return False
    definite = any(
        (c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"})
        or c.dep_ == "poss"
        for c in tok.children
    )
    aimed = [
        o
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ in {"on", "against"}
        for o in prep.children
        if o.dep_ == "pobj"
    ]
    return definite and not any(rl.lemma(o) in ABSTRACT_TARGETS for o in aimed)


def _physical_object(tok: Any) -> bool:
    """ "attacked an ambulance", "an attack on the residence": a building or vehicle struck."""
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"on", "against"}):
        objects += [c for c in prep.children if c.dep_ == "pobj"]
    if tok.dep_ in {"pobj"} and tok.head.lower_ == "of" and tok.head.head.lemma_ == "target":
        objects.append(tok.head.head.head)  # "was (the) target of an attack"
    return any(lx.PHYSICAL_TARGET.fullmatch(o.lower_) for o in objects)


def _other_trigger(tok: Any) -> bool:
    """A strong trigger word beside this one in its sentence."""
    for t in tok.sent:
        if t.i == tok.i:
            continue
        kind = lx.TRIGGERS.get(rl.lemma(t)) or lx.TRIGGERS.get(t.lower_)
        if kind and rl.lemma(t) not in WEAK_TRIGGERS and t.lower_ not in WEAK_TRIGGERS:
            return True
    return False


def _window(tok: Any) -> str:
    """The trigger's sentence and the one after it, the trigger word itself blanked out."""
    sent = tok.sent
    doc = tok.doc
    end = sent.end_char
    if sent.end < len(doc):
        end = doc[sent.end].sent.end_char
    text = str(doc.text[sent.start_char : end])
    at = tok.idx - sent.start_char
    return text[:at] + " " * len(tok.text) + text[at + len(tok.text) :]


def _fiction(tok: Any) -> str | None:
    """Told of a film, a game or a book: in the trigger's sentence, unless the sentence puts
    the story in a real place where it was shown ("during a screening at a cinema")."""
    sentence = tok.sent.text
    if FICTION.search(sentence) and not _SCREENING.search(sentence):
        return "fiction"
    return None


def _drill(tok: Any) -> str | None:
    """ "Troops held live-fire exercises, firing artillery at targets": the firing of an
    exercise a clause above it is about (its object or subject), not an attack made during
    one ("attacked soldiers during a drill" stays)."""
    for t in [tok, *_governors(tok, 3)]:
        if t.pos_ not in {"VERB", "AUX"}:
            continue
        if any(c.dep_ in _DRILL_DEPS and rl.lemma(c) in DRILL_WORDS for c in t.children):
            return "exercise"
    return None


_DRILL_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr"})
_PREPARE = re.compile(r"\b(?:train(?:ed|s|ing)?|practi[cs]\w+|prepar\w+|braced?)\b", re.I)
_SCREENING = re.compile(r"\b(?:screening|cinema|theat(?:er|re)|premiere)\b", re.I)


def _career(tok: Any) -> str | None:
    """ "a correspondent who covered the bombing of Belgrade", "a photographer who survived
    the siege": an undated event a clause describing a person tells as part of that
    person's life (the verb is none of doing harm), not as news."""
    if tok.pos_ != "NOUN" or tok.dep_ not in {"dobj", "pobj"}:
        return None
    verb = tok.head if tok.dep_ == "dobj" else tok.head.head
    doing = rl.lemma(verb) in tg.HARM_TRIGGERS or rl.lemma(verb) in rl.CARRY_OUT
    if verb.pos_ != "VERB" or verb.dep_ != "relcl" or doing:
        return None
    if any(t.ent_type_ in {"DATE", "TIME"} for t in verb.subtree):
        return None  # "who survived the shooting on Tuesday": a dated event, news maybe
    person = verb.head
    if person.dep_ == "appos":
        person = person.head
    if person.ent_type_ == "PERSON" or verb.head.ent_type_ == "PERSON":
        return "a life described"
    return None


def _modifier(tok: Any) -> str | None:
    """ "artillery ammunition", "bomb disposal squad": a weapon word naming a thing; so is one
    in a list of weapons seized or carried ("seized rifles, grenades and explosives"); and
    an attack told as a habit ("militias who generally attack posts")."""
    habit = any(c.dep_ == "advmod" and c.lower_ in GENERIC_ADVERBS for c in tok.children)
    if tok.pos_ == "VERB" and tok.tag_ in {"VBP", "VBZ"} and habit:
        return "habitual"
    if rl.lemma(tok) not in WEAPON_NOUNS and tok.lower_ not in WEAPON_NOUNS:
        return None
    if tok.dep_ in {"compound", "amod", "nmod"} and rl.lemma(tok.head) not in EVENT_HEADS:
        return "weapon as modifier"
    head = tok
    for _ in range(4):  # up a list ("rifles, pistols, grenades") to the verb that takes it
        if head.dep_ not in {"conj", "appos", "compound", "dobj", "pobj", "prep", "nsubj"}:
            break
        head = head.head
        if head.pos_ == "VERB":
            return "weapon held" if rl.lemma(head) in HOLDING_VERBS else None
    return None
