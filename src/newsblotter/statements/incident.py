"""Which incident a statement is about.

A statement bears on the incident mention its words name: an incident word of that mention
tied to the cue in the parse ("claimed the bombing at Kabul airport in 2021"), or the date,
place, kind of attack and definite objects its words give ("denied any role in the Pahalgam
attack", "claimed the March 3 raid", "denied striking the hall"), weighed against each
mention. Words that name nothing leave it on the incident in focus: the one told last before
the statement, the article's news first. A statement whose words contradict every mention
(another day, another city, another kind of attack) is about an incident the article does
not report as such: it bears on none (``None``), and no ledger takes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from newsblotter.incidents.lexicon import GENERIC, TRIGGERS
from newsblotter.incidents.triggers import pointing_back
from newsblotter.lang import words
from newsblotter.records import ActorRef, IncidentMention, Place
from newsblotter.statements import lexicon as lx
from newsblotter.statements.context import Context
from newsblotter.statements.doers import described

LINK_STEPS = 4
EVENT_NOUNS = words("statements.event_nouns")
BROAD = words("statements.broad_event_words")
DOINGS = lx.RESPONSIBILITY_VERBS | {"involve", "behind", "responsible", "die"}
LOCATIVE = words("statements.locative_preps")
# verbs an incident word may hang from and still be what the statement is about
PASSING = (
    DOINGS | lx.HARM_VERBS | words("statements.passing_verbs") | words("statements.blame_cues")
)


def attach(
    ctx: Context, cue: Any, clause: Any, source: Any | None, responsible: ActorRef | None = None
) -> str | None:
    """The id of the mention a statement read at ``cue`` is about, or None."""
    if not ctx.mentions:
        return None
    sent = cue.sent
    linked = _linked(ctx, sent, cue)
    if linked is not None:
        return linked.id
    if _untold(cue):
        return None
    about = [
        t
        for t in _about(cue, clause, source)
        if t.i == cue.i or not (described(t) or _through_another_event(t, cue))
    ]
    blamed = _phrase(ctx, responsible)
    if blamed is not None and cue.i not in {t.i for t in blamed.subtree}:
        # "Kurdish militants based in Syria": where the blamed are is not where it happened
        drop = {t.i for t in blamed.subtree}
        about = [t for t in about if t.i not in drop]
    dates = [tx for tx in ctx.ann.times if _inside(tx.start, about) and _of_event(ctx, tx, cue)]
    places = [
        pm.place
        for pm in ctx.ann.places
        if _inside(pm.start, about) and _locative(ctx, pm) and _of_event(ctx, pm, cue)
    ]
    types = _types(about)
    objects = _objects(about)
    featured = bool(dates or places or types or objects)
    if not featured and cue.dep_ == "conj" and cue.head.pos_ == "VERB" and cue.head.i != cue.i:
        # "claimed the Pahalgam attack but later denied involvement": the same incident as
        # the statement it is joined to, when its own words name none
        return attach(ctx, cue.head, cue.head, source, responsible)
    best: tuple[float, int] | None = None
    chosen: IncidentMention | None = None
    focus = _focus(ctx, sent.start_char)
    told_before = _told_before(ctx, sent.start_char) if _pointing(about) else None
    if told_before is not None:
        return told_before.id  # "blamed X for that bombing": the one just told
    for n, m in enumerate(ctx.mentions):
        score = 0.0
        score += sum(_date_score(m, tx.date, tx.precision) for tx in dates)
        score += sum(_place_score(m, p) for p in places)
        score += _type_score(m, types)
        score += 2.0 if objects & _mention_objects(ctx, m) else 0.0
        score += 0.5 if m is focus else 0.0
        score += 0.3 if m.is_main else 0.0
        score += 0.6 if not m.is_main and m.provenance.start == sent.start_char else 0.0
        if best is None or (score, -n) > best:
            best, chosen = (score, -n), m
    if chosen is None or best is None:
        return None
    if featured and best[0] < 0:
        return None  # another day, place or kind of attack than every mention's
    return chosen.id


def _phrase(ctx: Context, ref: ActorRef | None) -> Any | None:
    p = ref.provenance if ref is not None else None
    if p is None or p.document != ctx.article.document:
        return None
    span = ctx.doc.char_span(p.start, p.end, alignment_mode="expand")
    return span.root if span is not None else None


def _linked(ctx: Context, sent: Any, cue: Any) -> IncidentMention | None:
    """A mention whose incident word sits in this sentence a few arcs from the cue ("the
    affiliate claimed the suicide bombing at Kabul airport", "..., an attack claimed by X")."""
    best: tuple[int, IncidentMention] | None = None
    for m in ctx.mentions:
        trigger = m.spans.get("trigger")
        if trigger is None or not sent.start_char <= trigger.start < sent.end_char:
            continue
        span = ctx.doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
        if span is None:
            continue
        steps = _distance(span.root, cue)
        if steps is None or steps > LINK_STEPS or _through_another_event(span.root, cue):
            continue
        if best is None or steps < best[0]:
            best = (steps, m)
    return best[1] if best is not None else None


def _through_another_event(word: Any, cue: Any) -> bool:
    """The incident word is told as part of another event between it and the cue: "saying
    the bombing avenged the killing of its leader", "claimed by X, and India responded with
    air strikes" (a verb on the tree path below the two's common ancestor that is neither a
    doing, a harm nor a speech verb)."""
    up_cue = [cue, *cue.ancestors]
    at_cue = {t.i: k for k, t in enumerate(up_cue)}
    between: list[Any] = []
    for t in word.ancestors:
        if t.i in at_cue:  # the common ancestor: add the cue's way up to it, below it
            between += up_cue[1 : at_cue[t.i]]
            break
        between.append(t)
    return any(t.pos_ == "VERB" and t.lemma_.lower() not in PASSING for t in between)


def _untold(cue: Any) -> bool:
    """The cue describes an incident the article tells of only in passing, one no mention
    holds: "... killed in a strike in Beirut that was widely attributed to Israel" (an
    incident word with an indefinite article, the cue's clause hanging from it)."""
    head = cue.head
    word = head.lemma_.lower()
    if cue.dep_ not in {"relcl", "acl"} or not (word in TRIGGERS or word in EVENT_NOUNS):
        return False
    before = head.doc[head.left_edge.i - 1] if head.left_edge.i > 0 else None
    if head.dep_ in {"appos", "npadvmod", "ROOT"} or (before is not None and before.text == ","):
        return False  # "..., killing 12, an attack X blamed on Y": the event told before
    return any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in head.children)


def _distance(a: Any, b: Any) -> int | None:
    """Arcs between two tokens of one sentence's tree."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in index_b:
            return k + index_b[t.i]
    return None


def _about(cue: Any, clause: Any, source: Any | None) -> list[Any]:
    """The words a statement speaks with: the cue's phrase (and the noun a relative cue sums
    up), and the clause it was read from; not its speaker's words."""
    tokens = {t.i: t for t in cue.subtree}
    if cue.dep_ in {"relcl", "acl"}:
        tokens |= {t.i: t for t in cue.head.subtree}
    tokens |= {t.i: t for t in clause.subtree}
    if source is not None:
        said_by = {t.i for t in source.root.subtree}
        if cue.i in said_by:  # "al-Shabaab, which claimed ...": the cue hangs off its source
            said_by -= {t.i for t in cue.subtree}
        tokens = {
            i: t
            for i, t in tokens.items()
            if not source.start <= i < source.end and i not in said_by
        }
    return [tokens[i] for i in sorted(tokens)]


def _inside(char: int, tokens: list[Any]) -> bool:
    return any(t.idx <= char < t.idx + len(t) for t in tokens)


def _of_event(ctx: Context, found: Any, cue: Any) -> bool:
    """A date or place tells of the incident when it hangs from an incident word or a
    doing verb ("the March 3 raid", "shelling a dormitory in Luhansk on Sunday"), not from
    the cue or the statement's own words ("claimed it on Tuesday in a statement posted on
    Saturday")."""
    span = ctx.doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None:
        return False
    for anc in [span.root, *span.root.ancestors]:
        if anc.i == cue.i:
            return False
        low = anc.lemma_.lower()
        if low in TRIGGERS or low in EVENT_NOUNS or low in lx.HARM_VERBS or low in DOINGS:
            return True
        if anc.pos_ in {"VERB", "AUX"} and anc.i != span.root.i:
            return False  # "a statement posted on Saturday"
    return False


def attached_to(tok: Any, cue: Any) -> bool:
    """The time expression modifies the cue verb, not some other verb of the sentence."""
    for anc in [tok, *tok.ancestors]:
        if anc.i == cue.i:
            return True
        if anc.pos_ == "VERB" and anc.i != tok.i:
            return False
    return False


def _locative(ctx: Context, pm: Any) -> bool:
    """A place named as where something happened ("in Sumy", "the Pahalgam attack"), not an
    actor ("blamed Israel") or a speaker's home ("an analyst in Oslo")."""
    span = ctx.doc.char_span(pm.start, pm.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "pobj":
        return root.head.lower_ in LOCATIVE
    return root.dep_ in {"compound", "amod", "nmod", "poss"} and (
        root.head.lemma_.lower() in TRIGGERS or root.head.lemma_.lower() in {"strike", "attack"}
    )


def _types(tokens: list[Any]) -> set[str]:
    found: set[str] = set()
    for t in tokens:
        low = t.lemma_.lower()
        kind = TRIGGERS.get(low)
        if kind is not None and kind != GENERIC and low not in BROAD:
            found.add(kind)
    return found


def _type_score(m: IncidentMention, types: set[str]) -> float:
    if not types or m.type == GENERIC:
        return 0.0
    return 2.0 if m.type in types else -2.0


def _date_score(m: IncidentMention, date: dt.date, precision: str) -> float:
    if m.date is None:
        return 0.0
    coarse = {"day": 3, "month": 2, "year": 1}
    level = min(coarse.get(precision, 1), coarse.get(m.date_precision or "day", 3))
    same = date.year == m.date.year
    if level >= 2:
        same = same and date.month == m.date.month
    if level >= 3:
        same = same and date.day == m.date.day
    if same:
        return 3.0
    if level >= 3 and 0 < (date - m.date).days <= 7:
        return -0.5  # a day or a few after it: likely when it was said ("claimed it on Monday")
    return -1.5  # a date may tell when it was said ("claimed it on Tuesday")


def _place_score(m: IncidentMention, place: Place) -> float:
    mine = m.place
    if mine is None:
        return 0.0
    if place.name == mine.name or (place.geonameid and place.geonameid == mine.geonameid):
        return 2.0
    if place.name in mine.name or mine.name in place.name:
        return 1.0  # "Bagram Airfield" and "Bagram"
    if place.country and mine.country and place.country != mine.country:
        return -3.0
    if place.precision == "city" and mine.precision == "city":
        return -2.0
    return 0.0


def _objects(tokens: list[Any]) -> set[str]:
    """Definite objects a statement names ("the hall"), not the incident words themselves."""
    return {
        t.lemma_.lower()
        for t in tokens
        if t.dep_ in {"dobj", "pobj"}
        and t.pos_ == "NOUN"
        and any(c.lower_ == "the" for c in t.children)
        and not lx.INCIDENT_AT_STAKE.match(t.lemma_)
        and t.lemma_.lower() not in TRIGGERS
    } | {
        t.lower_  # "the Pahalgam attack": a name the incident goes by
        for t in tokens
        if t.pos_ == "PROPN"
        and t.dep_ in {"compound", "nmod", "poss"}
        and (t.head.lemma_.lower() in TRIGGERS or t.head.lemma_.lower() in {"strike", "attack"})
    }


def _mention_objects(ctx: Context, m: IncidentMention) -> set[str]:
    """Nouns of the sentence a mention was found in, less those every mention shares."""
    span = ctx.doc.char_span(m.provenance.start, m.provenance.end, alignment_mode="expand")
    mine = _nouns(span)
    others: set[str] = set()
    for o in ctx.mentions:
        if o is m:
            continue
        span = ctx.doc.char_span(o.provenance.start, o.provenance.end, alignment_mode="expand")
        others |= _nouns(span)
    return mine - others


def _nouns(span: Any | None) -> set[str]:
    """The common nouns (lemmas) and proper names (lower case) of a span."""
    if span is None:
        return set()
    return {
        t.lemma_.lower() if t.pos_ == "NOUN" else t.lower_
        for t in span
        if t.pos_ in {"NOUN", "PROPN"}
    }


def _pointing(tokens: list[Any]) -> bool:
    """The statement names its incident as "that bombing", "those attacks": the one just
    told, whatever its role."""
    return any(
        (t.lemma_.lower() in TRIGGERS or t.lemma_.lower() in EVENT_NOUNS) and pointing_back(t)
        for t in tokens
    )


def _latest(mentions: Sequence[IncidentMention], before: int) -> IncidentMention | None:
    """The mention told last before character ``before``."""
    told = [m for m in mentions if m.provenance.start < before]
    return max(told, key=lambda m: m.provenance.start) if told else None


def _told_before(ctx: Context, start: int) -> IncidentMention | None:
    """The mention told last before this sentence, main or background."""
    return _latest(ctx.mentions, start)


def _focus(ctx: Context, start: int) -> IncidentMention | None:
    """The article's news told last before this sentence (or in it)."""
    return _latest([m for m in ctx.mentions if m.is_main], start + 1)
