"""Casualties from what local news says of its victims, not only from its digits.

"A man was shot and killed", "the victim, Jane Roe, 24, was pronounced dead", "two men were
wounded", "a double homicide": most reports of a shooting count their dead and wounded in
words. Each death or injury word (a verb, "pronounced dead", "in critical condition", a
"double homicide") is read from the parse together with the people it is said of, and those
people are counted: "a man" is one, "a woman and her son" two, "the victims, A and B" two,
"three people" three; a plural left uncounted ("people were hurt") is at least two.

Three outcomes: ``killed``; ``injured``; and ``shot``, a person hit whose fate the sentence
leaves open ("a man was shot Tuesday"): the incident turns shots into injuries once its
deaths are known (two shot, one of them killed: one injured).

Hand-written over the dependency parse: no library reads casualty reports, and the phrasing
of local crime news is regular enough for a few dozen rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from newsblotter.incidents import headcount as hc
from newsblotter.incidents import roles as rl
from newsblotter.lang import SPACES, alternation, counts, words
from newsblotter.records import Qualifier, Quantity

Outcome = Literal["killed", "injured", "shot"]

VIOLENCE_CUES = words("casualties.violence_cues")
# Tallies: "this year", "so far", "homicides", "nationwide", a round-up's "weekend shootings".
STATISTIC = re.compile(
    rf"\b{alternation('casualties.tally_years')} year\b|\b{alternation('casualties.tally_words')}\b"
    r"|\bacross the (?:country|nation)\b"
    # round-ups of several incidents: "in shootings across the city", "two separate shootings"
    rf"|\bshootings\s+{alternation('casualties.tally_spread', space=SPACES)}\b"
    r"|\b(?:weekend|overnight|holiday)\s+(?:of\s+)?(?:shootings|violence)\b"
    rf"|\b(?:{alternation('casualties.tally_counts', space=SPACES)}|\d+)"
    r"\s+(?:separate\s+|different\s+|unrelated\s+)?(?:shootings|shooting\s+incidents|incidents)\b"
    # pointing back to a tally: "2,100 people were wounded in those shootings"
    rf"|\b(?:those|these)\s+{alternation('casualties.tally_incidents')}\b",
    re.IGNORECASE,
)

KILL_LEMMAS = hc.KILL_LEMMAS
SHOOT_LEMMAS = words("casualties.shoot_verbs")
WOUND_LEMMAS = words("casualties.wound_verbs")
FATAL_ADVERBS = words("casualties.fatal_adverbs")
DEAD_WORDS = words("casualties.dead_words")
SURVIVE_LEMMAS = words("casualties.survive_verbs")
CONDITION_WORDS = words("casualties.condition_words")
INJURY_NOUNS = words("casualties.injury_nouns")
INJURY_VERBS = words("casualties.injury_verbs")
UNREAL_HEADS = words("casualties.unreal_heads")
UNREAL_AUX = words("casualties.unreal_auxiliaries")
HEDGE_WORDS = words("casualties.hedge_adverbs")
ACCIDENT_WORDS = words("casualties.accident_words")
BLAST_WORDS = words("casualties.blast_words")
BOMB_WORDS = words("casualties.bomb_words")
MULTIPLIERS = counts("casualties.multipliers")
HOMICIDE_NOUNS = words("casualties.homicide_nouns")
SHOOTING_NOUNS = words("casualties.shooting_nouns")

_STATE_DEPS = frozenset({"oprd", "amod", "acomp", "ccomp", "xcomp"})


@dataclass(frozen=True, slots=True)
class Casualty:
    """A death, injury or shooting said of counted people; ``quantity`` spans the people
    counted ("the woman and her son") in the article's text, ``word`` is the harm word."""

    outcome: Outcome
    quantity: Quantity
    word: Any  # the harm word's spaCy Token: the count attaches to the event nearest to it
    violent: bool  # the harm word itself tells of an attack ("shot", "killed", not "died")
    additive: bool = False  # "another man", "a second victim": one more than those told before
    guessed: bool = False  # "people were hurt": at least two, the number unsaid


def find(doc: Any, text: str) -> list[Casualty]:
    """Every casualty report of a parsed article, in text order, less those in sentences of
    statistics ("more than 700 people have been killed this year") and deaths or injuries
    told with nothing violent or medical around them ("whose mother died")."""
    out: list[Casualty] = []
    for sent in doc.sents:
        if is_statistic(sent.text):
            continue
        cued = any(t.lemma_.lower() in VIOLENCE_CUES or t.lower_ in VIOLENCE_CUES for t in sent)
        for tok in sent:
            out.extend(c for c in _read(tok, text) if c.violent or cued)
    return out


def is_statistic(sentence: str) -> bool:
    """A sentence of tallies over time or place rather than of one incident."""
    return STATISTIC.search(sentence) is not None


def _read(tok: Any, text: str) -> list[Casualty]:
    low = tok.lemma_.lower()
    if tok.pos_ in {"NOUN", "PROPN"}:
        found = _noun(tok, low, text)
        return [found] if found is not None else []
    if low == "leave" and tok.pos_ == "VERB" and not _unreal(tok):
        return _left(tok, text)
    one = _verb(tok, low, text)
    if one is None:
        return []
    fatal = _fatal_part(tok, text) if one.outcome == "shot" else None
    return [one] if fatal is None else [one, fatal]


def _verb(tok: Any, low: str, text: str) -> Casualty | None:
    if tok.pos_ not in {"VERB", "ADJ", "AUX"} or _unreal(tok):
        return None
    outcome: Outcome | None = None
    violent = False
    if low in KILL_LEMMAS:
        outcome, violent = "killed", True
        if _in_accident(tok):
            return None
    elif low in SHOOT_LEMMAS:
        violent = True
        outcome = "killed" if _fatal(tok) else "shot"
        if any(c.dep_ == "conj" and c.lemma_.lower() in KILL_LEMMAS for c in tok.children):
            return None  # "shot and killed": the killing counts them
    elif low in WOUND_LEMMAS:
        outcome = "killed" if _fatal(tok) else "injured"
        violent = low in {"wound", "injure"} and _fatal(tok)
    elif (low == "die" and not _in_accident(tok)) or (
        low in {"pronounce", "find", "lie", "lay", "declare"} and _dead_complement(tok)
    ):
        outcome = "killed"
    elif low in SURVIVE_LEMMAS:
        outcome = "injured"
    elif low == "be" and _dead_complement(tok):
        outcome = "killed"
    elif _condition(tok):
        outcome = "injured"
    if outcome is None:
        return None
    if low == "shoot" and tok.dep_ == "amod":
        return None  # "a shot man" is rare; "shot" as an adjective is mostly a noun's kind
    victims = hc.people(_subject(tok), tok)
    if victims is None:
        return None
    value, qualifier, start, end, additive = victims
    # "the driver was also killed": one more than those told before
    additive = additive or any(c.dep_ == "advmod" and c.lower_ == "also" for c in tok.children)
    guessed = qualifier == "at_least"  # only an uncounted plural gives "at least" here
    if _hedged(tok):
        qualifier = "about"
    # the span is the people counted: the count's own words, as for a number
    q = _quantity(text, start, end, value, qualifier)
    return Casualty(outcome, q, tok, violent, additive, guessed)


def _quantity(text: str, start: int, end: int, value: int, qualifier: Qualifier) -> Quantity:
    low = value if qualifier in {"exact", "at_least"} else None
    high = value if qualifier == "exact" else None
    return Quantity(start, end, text[start:end], value, qualifier, low, high)


def _left(tok: Any, text: str) -> list[Casualty]:
    """ "the shooting left a man dead and two others wounded"."""
    out: list[Casualty] = []
    states = DEAD_WORDS | {"wounded", "injured", "hurt"}
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        for member in rl.coordinated(obj):
            near = [*member.children, *tok.children]
            state = next((c for c in near if c.dep_ in _STATE_DEPS and c.lower_ in states), None)
            if state is None:
                continue
            n = hc.count_one(member)
            if n is None:
                continue
            words = hc.np_tokens(member)
            start = min(w.idx for w in words)
            end = max(start, state.idx + len(state), max(w.idx + len(w) for w in words))
            outcome: Outcome = "killed" if state.lower_ in DEAD_WORDS else "injured"
            q = _quantity(text, start, end, n[0], n[1])
            out.append(Casualty(outcome, q, tok, False))
    return out


def _noun(tok: Any, low: str, text: str) -> Casualty | None:
    """ "a double homicide" (two dead), "a triple shooting" (three hit), "a murder-suicide"
    (at least two dead: the victim and the shooter)."""
    if tok.dep_ == "compound":
        return None  # "homicide detectives"
    words = [c for c in tok.children if c.dep_ in {"amod", "compound", "nmod"}]
    mult = next((MULTIPLIERS[c.lower_] for c in words if c.lower_ in MULTIPLIERS), None)
    value: int | None = None
    outcome: Outcome | None = None
    qualifier: Qualifier = "exact"
    start = tok.idx
    if low in HOMICIDE_NOUNS and mult:
        value, outcome = mult, "killed"
    elif low in SHOOTING_NOUNS and mult:
        value, outcome = mult, "shot"
    elif _murder_suicide(tok):
        value, outcome, qualifier = 2, "killed", "at_least"
    elif low in HOMICIDE_NOUNS | SHOOTING_NOUNS | {"death"}:
        return _of_victims(tok, low, text)
    if value is None or outcome is None:
        return None
    first = min([tok, *words], key=lambda t: t.i)
    start = first.idx
    end = tok.idx + len(tok)
    q = Quantity(
        start,
        end,
        text[start:end],
        value,
        qualifier,
        value,
        value if qualifier == "exact" else None,
    )
    return Casualty(outcome, q, tok, True)


def _of_victims(tok: Any, low: str, text: str) -> Casualty | None:
    """ "the killing of a man", "the shooting death of two teens", "the shooting of a woman",
    "the murder of A and of B"."""
    victims = _of_people(tok)
    if victims is None:
        return None
    dying = low != "shooting" or any(
        c.lower_ in {"fatal", "deadly"} for c in tok.children if c.dep_ == "amod"
    )
    # "the death of a man" may be any death; "the shooting death" is not, nor "the death of
    # many civilians in the bombings"
    how = SHOOTING_NOUNS | {"gunshot", "stabbing"}
    told = any(c.dep_ == "compound" and c.lemma_.lower() in how for c in tok.children)
    if low == "death" and not told and not _bombed(tok):
        return None
    value, qualifier, start, end, additive = victims
    start = min(start, tok.left_edge.idx if tok.left_edge.dep_ == "compound" else tok.idx)
    q = _quantity(text, min(start, tok.idx), end, value, qualifier)
    return Casualty("killed" if dying else "shot", q, tok, True, additive)


def _of_people(tok: Any) -> tuple[int, Qualifier, int, int, bool] | None:
    """The people of every "of" phrase of an event noun, summed: "the murder of A and of B"
    (the parse hangs the second "of" on the noun or joins it to the first)."""
    ofs = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
    ofs += [c for of in ofs for c in of.children if c.dep_ == "conj" and c.lower_ == "of"]
    found = [hc.people(next((c for c in of.children if c.dep_ == "pobj"), None), tok) for of in ofs]
    if not found or found[0] is None:
        return None
    counted = [f for f in found if f is not None]
    value = sum(f[0] for f in counted)
    qualifier = next((f[1] for f in counted if f[1] != "exact"), counted[0][1])
    start = min(f[2] for f in counted)
    end = max(f[3] for f in counted)
    return value, qualifier, start, end, counted[0][4] and len(counted) == 1


def _murder_suicide(tok: Any) -> bool:
    """ "murder-suicide" is one token or three ("murder", "-", "suicide")."""
    low = tok.lower_
    if low in {"murder-suicide", "murder-suicides"}:
        return True
    if low != "suicide" or tok.i < 2:
        return False
    doc = tok.doc
    return doc[tok.i - 1].text in {"-", "–"} and doc[tok.i - 2].lower_ in {"murder", "homicide"}


def _unreal(tok: Any) -> bool:
    """ "tried to kill", "could have died", "was not hurt": no harm reported."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in UNREAL_AUX for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ in {"xcomp", "ccomp"} and head.lemma_.lower() in UNREAL_HEADS


def _hedged(tok: Any) -> bool:
    """ "reportedly killed", "believed to have died"."""
    if any(c.lower_ in HEDGE_WORDS for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in {"believe", "think", "fear"}


def _in_accident(tok: Any) -> bool:
    """ "killed in a crash", "died of cancer", "died after a fall", "killed when their
    helicopter crashed"."""
    # a blast or a fire in a sentence naming a bomb is the attack itself
    accidents = ACCIDENT_WORDS - BLAST_WORDS if _bombed(tok) else ACCIDENT_WORDS
    for prep in tok.children:
        if prep.dep_ == "advcl" and prep.lemma_.lower() in accidents:
            return True
        if prep.dep_ not in {"prep", "agent"}:
            continue
        for obj in prep.children:
            if obj.lemma_.lower() in accidents or any(
                c.lemma_.lower() in accidents for c in obj.children if c.dep_ == "compound"
            ):
                return True
    return False


def _bombed(tok: Any) -> bool:
    """Whether the word's sentence names a bomb or a bombing."""
    return any(t.lower_ in BOMB_WORDS or t.lemma_.lower() in BOMB_WORDS for t in tok.sent)


def _fatal(tok: Any) -> bool:
    """ "fatally shot", "shot dead", "mortally wounded", "shot to death"."""
    for c in tok.children:
        if c.lower_ in FATAL_ADVERBS:
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children):
            return True
        if c.lower_ in DEAD_WORDS and c.dep_ in {"oprd", "acomp", "advmod", "xcomp", "dep"}:
            return True
    return False


def _dead_complement(tok: Any) -> bool:
    """ "pronounced dead", "found dead", "is dead"."""
    return any(c.lower_ in DEAD_WORDS and c.dep_ in {"oprd", "acomp", "attr"} for c in tok.children)


def _condition(tok: Any) -> bool:
    """ "was taken to a hospital in critical condition", "suffered non-life-threatening
    injuries", "is in stable condition"."""
    low = tok.lemma_.lower()
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.lemma_.lower() == "condition" and any(
                c.lower_ in CONDITION_WORDS for c in obj.children
            ):
                return True
            if prep.lower_ in {"with", "for", "from"} and obj.lemma_.lower() in INJURY_NOUNS:
                return True
    if low in INJURY_VERBS:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in INJURY_NOUNS for c in tok.children)
    return False


def _fatal_part(tok: Any, text: str) -> Casualty | None:
    """ "three people were shot, one fatally": ``one`` died."""
    for c in tok.children:
        if c.pos_ != "NUM" or c.dep_ not in {"npadvmod", "appos", "dep", "advmod"}:
            continue
        if not any(g.lower_ in FATAL_ADVERBS for g in c.children):
            continue
        value = hc.number(c)
        if value is None:
            continue
        end = max(g.idx + len(g) for g in [c, *c.children] if g.lower_ in FATAL_ADVERBS)
        q = Quantity(c.idx, end, text[c.idx : end], value, "exact", value, value)
        return Casualty("killed", q, tok, True)
    return None


def _subject(tok: Any) -> Any | None:
    """The word the harm is said of: the passive subject, the object of an active killing
    verb, or, for a verb joined to another ("was shot and died"), the first verb's."""
    seen = 0
    verb = tok
    while verb is not None and seen < 4:
        seen += 1
        active_kill = verb.lemma_.lower() in KILL_LEMMAS | SHOOT_LEMMAS | WOUND_LEMMAS
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                return c
        if active_kill and verb is tok:
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and hc.count_one(obj) is not None:
                return obj
            if any(c.dep_ == "nsubj" for c in verb.children):
                return None  # "the gunman shot at the car": the subject is no victim
        for c in verb.children:
            if c.dep_ == "nsubj":
                return c
        if verb.dep_ in {"conj", "xcomp"}:
            verb = verb.head
            continue
        if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            return verb.head  # "a man killed in the shooting", "a woman who died"
        return None
    return None
