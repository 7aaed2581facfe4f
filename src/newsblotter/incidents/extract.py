"""Incident mentions: which violent events an article reports, and their facts.

Each trigger word ("bombings", "opened fire", "drone strike") is a candidate event. Dates,
places and casualty counts attach to the trigger nearest to them in the dependency tree
(a speech verb on the path counts as a long edge, so "on Thursday claimed" does not date
the bombing). Triggers dated well before publication are background references; the rest
are clustered into the article's main event(s).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsblotter.incidents import casualties as cs
from newsblotter.incidents import headline as hl
from newsblotter.incidents import lexicon as lx
from newsblotter.incidents import roles as rl
from newsblotter.incidents import victims as vc
from newsblotter.incidents.rolefill import fill_roles
from newsblotter.records import (
    ActorRef,
    Annotated,
    Count,
    IncidentMention,
    Place,
    Provenance,
    Quantity,
    TimeExpression,
)

VERSION = "incidents/10"
BACKGROUND_DAYS = 30
SPEECH_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "claim",
        "announce",
        "confirm",
        "deny",
        "arrest",
        "decline",
        "report",
        "state",
        "add",
        "accuse",
        "blame",
        "believe",
        "suspect",
    }
)
KILL_VERBS = frozenset({"kill", "murder", "shoot", "gun"})
HARM_TRIGGERS = {
    "kill": "armed_assault",
    "murder": "armed_assault",
    "slay": "armed_assault",
    "shoot": "armed_assault",
    "wound": "armed_assault",
    "injure": "armed_assault",
    "burn": "facility_attack",
    "destroy": "attack",
    "damage": "attack",
    "blow": "bombing",
    "riddle": "armed_assault",
    "execute": "armed_assault",
}
CARRY_OUT = frozenset({"carry", "conduct", "stage", "launch", "perpetrate", "execute", "mount"})


@dataclass
class _Trigger:
    token: Any  # spaCy Token
    type: str
    sent: tuple[int, int]
    dates: list[TimeExpression] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    landmarks: list[Place] = field(default_factory=list)  # "outside Moscow": a reference point
    reach: dict[Place, int] = field(default_factory=dict)  # edges from the trigger to a place
    killed: list[Quantity] = field(default_factory=list)
    wounded: list[Quantity] = field(default_factory=list)
    casualties: list[cs.Casualty] = field(default_factory=list)
    tolls: list[Quantity] = field(default_factory=list)  # "the death toll rose to 115"
    weapons: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    suicide: bool = False
    background: bool = False
    roles: rl.Roles = field(default_factory=rl.Roles)


RoleFiller = Callable[[Annotated, list[IncidentMention], list[list[Any]]], None]


def find_mentions(ann: Annotated, roles: RoleFiller = fill_roles) -> list[IncidentMention]:
    """All incident mentions of an article; ``is_main`` marks the article's own news.

    ``roles`` decides each mention's participants from the rules' proposals and the trigger
    tokens of each mention (the trained role filler; the training command passes its own)."""
    doc = ann.doc
    if doc is None:
        return []
    found = cs.find(doc, ann.article.text)
    triggers = _find_triggers(ann)
    triggers = _add_casualty_triggers(triggers, found)
    toll = hl.read(ann.article.title)
    if not triggers:
        return _from_headline(ann, toll)
    _attach(ann, triggers)
    _attach_casualties(triggers, [_hedged(c, ann.quantities) for c in found])
    _attach_roles(doc, triggers)
    published = ann.article.published
    for trig in triggers:
        trig.background = _is_background(trig, published, ann.article.text)
    _spread_background(triggers, ann)
    clusters = _cluster(triggers)
    built = [(m, c) for c in clusters if (m := _to_mention(ann, c)) is not None]
    mentions = [m for m, _ in built]
    if not mentions:
        return _from_headline(ann, toll)
    _add_named_victims(ann, mentions)
    roles(ann, mentions, [[t.token for t in c[1]] for _, c in built])
    return _with_headline_toll(mentions, toll, ann.article.document)


def _add_named_victims(ann: Annotated, mentions: list[IncidentMention]) -> None:
    """The victims the article names in sentences of their own ("The victim was identified
    as A") join its one main event, unless the words that tell the harm give an old date or
    another place ("the killing of B in Beirut" in a story from Tehran). Every mention's
    victims get their spans (``spans["victim:N"]``). With several main events (a round-up)
    whose victim is whose is left unsaid."""
    text = ann.article.text
    mains = [m for m in mentions if m.is_main]
    for m in mains:  # a person the article says was harmed only at another time or place
        m.victims[:] = [v for v in m.victims if not _only_elsewhere(ann, v, m.place)]
    spans: dict[str, tuple[int, int]] = {}
    if len(mains) == 1:
        main = mains[0]
        others = [(m.provenance.start, m.provenance.end) for m in mentions if not m.is_main]
        known = {vc.surname(v) for v in main.victims}
        for found in vc.named_victims(ann.doc, skip=others):
            if _told_elsewhere(ann, found, main.place):
                continue
            name = _full_name(ann.doc, text, text[found.start : found.end])
            if name and vc.surname(name) not in known:
                known.add(vc.surname(name))
                main.victims.append(name)
                spans[name] = (found.start, found.end)
    for m in mentions:
        for n, name in enumerate(m.victims):
            at = text.find(name)
            start, end = (at, at + len(name)) if at >= 0 else spans.get(name, (-1, -1))
            if start >= 0:
                m.spans[f"victim:{n}"] = Provenance(ann.article.document, start, end, VERSION)


def _only_elsewhere(ann: Annotated, name: str, place: Place | None) -> bool:
    """Whether every passage telling this person's harm is told of another time or place
    ("the killing of B in Beirut", in a story of an assassination in Tehran)."""
    told = vc.harms_told(ann.doc, name)
    return bool(told) and all(_told_elsewhere(ann, t, place) for t in told)


def _told_elsewhere(ann: Annotated, found: vc.NamedVictim, place: Place | None) -> bool:
    """Whether the words telling the harm date it well before publication, or put it in
    another country or another city than the main event."""
    start, end = found.said_start, found.said_end
    published = ann.article.published
    if published is not None and any(
        start <= tx.start < end and _old(tx, published) for tx in ann.times
    ):
        return True
    if place is None:
        return False
    for pm in ann.places:
        if start <= pm.start < end:
            there = pm.place
            if there.country and place.country and there.country != place.country:
                return True
            if (there.precision, place.precision) == ("city", "city") and there != place:
                return True
    return False


def _headline_count(document: str, value: int | None) -> Count | None:
    if value is None:
        return None
    return Count(value, "exact", value, value, Provenance(document, 0, 0, VERSION + "/headline"))


def _with_headline_toll(
    mentions: list[IncidentMention], toll: hl.HeadlineToll, document: str
) -> list[IncidentMention]:
    """The headline's toll for the article's own incident: a page often keeps its headline
    ("2 dead, 3 hurt in ...") but loses its story, and where both give a toll the headline's
    is the more reliable on the dev data (the body's first figure is more often another
    incident's or a part of the toll); a death the headline only implies ("teen killed")
    does not replace a higher count in the text."""
    main = next((k for k, m in enumerate(mentions) if m.is_main), None)
    if main is None:
        return mentions
    m = mentions[main]
    killed, wounded = m.killed, m.wounded
    # an implied toll is a least number ("a murder-suicide": two or more), so it replaces
    # only a lower count
    if toll.killed is not None and (killed is None or toll.counted or killed.value < toll.killed):
        killed = _headline_count(document, toll.killed)
    if toll.wounded is not None:
        wounded = _headline_count(document, toll.wounded)
    if (killed, wounded) == (m.killed, m.wounded):
        return mentions
    out = list(mentions)
    out[main] = dataclasses.replace(m, killed=killed, wounded=wounded)
    return out


def _from_headline(ann: Annotated, toll: hl.HeadlineToll) -> list[IncidentMention]:
    """A page whose text tells of no attack but whose headline gives a toll: the headline
    is the report (its story was lost to the page's furniture)."""
    if toll.killed is None and toll.wounded is None:
        return []
    article = ann.article
    doc_id = article.document
    return [
        IncidentMention(
            id=f"{doc_id}:0",
            provenance=Provenance(doc_id, 0, 0, VERSION + "/headline"),
            type="armed_assault",
            place=_dateline_place(ann),
            killed=_headline_count(doc_id, toll.killed),
            wounded=_headline_count(doc_id, toll.wounded),
            text=article.title or "",
        )
    ]


def _find_triggers(ann: Annotated) -> list[_Trigger]:
    doc = ann.doc
    found: list[_Trigger] = []
    for sent in doc.sents:
        span = (sent.start_char, sent.end_char)
        skip_next = False
        for i, tok in enumerate(sent):
            if skip_next:
                skip_next = False
                continue
            nxt = sent[i + 1] if i + 1 < len(sent) else None
            pair = f"{tok.lower_} {nxt.lower_}" if nxt is not None else ""
            pair_lemma = f"{tok.lemma_.lower()} {nxt.lemma_.lower()}" if nxt is not None else ""
            kind = lx.TRIGGERS.get(pair) or lx.TRIGGERS.get(pair_lemma)
            if kind:
                assert nxt is not None
                found.append(_Trigger(nxt, kind, span))
                skip_next = True
                continue
            kind = lx.TRIGGERS.get(tok.lemma_.lower()) or lx.TRIGGERS.get(tok.lower_)
            if kind and _is_real_trigger(tok, kind):
                found.append(_Trigger(tok, kind, span))
            elif _named_killing(tok):
                found.append(_Trigger(tok, "assassination", span))
            elif _harm_by_perpetrator(tok):
                # "guerrillas killed a peasant", "rebels burned a truck": harm done by
                # someone named as a perpetrator is an attack even without an attack word
                found.append(_Trigger(tok, HARM_TRIGGERS[tok.lemma_.lower()], span))
    return found


def _add_casualty_triggers(triggers: list[_Trigger], found: list[cs.Casualty]) -> list[_Trigger]:
    """ "A man was shot Tuesday on Elm Street": a violent harm done to counted people is an
    attack, though no attack word or attacker is named. One per sentence, and none in a
    sentence that already has a trigger (the casualty attaches to that one)."""
    taken = {t.sent for t in triggers}
    out = list(triggers)
    for casualty in found:
        if not casualty.violent:
            continue
        sent = casualty.word.sent
        span = (sent.start_char, sent.end_char)
        if span in taken:
            continue
        taken.add(span)
        kind = "unarmed_assault" if casualty.word.lemma_.lower() == "stab" else "armed_assault"
        out.append(_Trigger(casualty.word, kind, span))
    return sorted(out, key=lambda t: t.token.i)


def _attach_casualties(triggers: list[_Trigger], found: list[cs.Casualty]) -> None:
    """Each casualty goes to the trigger nearest its harm word in the same sentence, else to
    the last trigger before it ("He died at the hospital" follows the shooting), else the
    first after it."""
    for casualty in found:
        word = casualty.word
        same = [t for t in triggers if t.sent[0] <= word.idx < t.sent[1]]
        if same:
            trig = min(same, key=lambda t: (_tree_distance(word, t.token), abs(t.token.i - word.i)))
        else:
            before = [t for t in triggers if t.token.i < word.i]
            trig = before[-1] if before else triggers[0]
        trig.casualties.append(casualty)


def _hedged(casualty: cs.Casualty, counts: list[Quantity]) -> cs.Casualty:
    """ "killed at least 50 people": the count read from the parse takes the hedge that the
    number patterns found around its figure."""
    q = casualty.quantity
    for c in counts:
        if q.start <= c.start and c.end <= q.end and c.value == q.value:
            moved = Quantity(q.start, q.end, q.text, q.value, c.qualifier, c.min, c.max)
            return dataclasses.replace(casualty, quantity=moved)
    return casualty


def _named_killing(tok: Any) -> bool:
    """ "a gunman shot Abe", "the murder of Judge X"."""
    low = tok.lemma_.lower()
    if low in KILL_VERBS and _named_victim(tok) is not None:
        return True
    return (
        tok.pos_ == "NOUN" and low in {"murder", "killing"} and bool(rl.participants(tok).victims)
    )


def _harm_by_perpetrator(tok: Any) -> bool:
    """ "guerrillas killed a peasant", not "the company killed off the route": the doer is a
    known armed group or a word for attackers, and the verb is literal."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in HARM_TRIGGERS:
        return False
    if any(c.dep_ == "prt" and c.lower_ in {"off", "out"} for c in tok.children):
        return False
    doc = tok.doc
    for start, end in rl.participants(tok).perpetrators:
        head = doc[start:end].root
        if head.ent_type_ == "ACTOR" or rl.lemma(head) in rl.PERP_HEADS:
            return True
    return False


def _named_victim(tok: Any) -> Any | None:
    """ "Haniyeh was killed", "a gunman shot Abe": the killing of a named person."""
    if tok.pos_ != "VERB":
        return None
    for child in tok.children:
        if child.dep_ in {"nsubjpass", "dobj"} and child.ent_type_ == "PERSON":
            return child
    # "Abe died on Friday after being shot"
    for anc in list(tok.ancestors)[:3]:
        if anc.lemma_.lower() in {"die", "kill"}:
            for child in anc.children:
                if child.dep_ in {"nsubj", "nsubjpass"} and child.ent_type_ == "PERSON":
                    return child
    return None


def _is_real_trigger(tok: Any, kind: str) -> bool:
    low = tok.lower_
    if tok.pos_ not in {"NOUN", "VERB", "PROPN", "ADJ"}:
        return False
    if kind == "shelling" and tok.pos_ == "NOUN" and low == "shell":
        return False  # "shell company"
    if tok.lemma_.lower() == "storm" and tok.pos_ != "VERB":
        return False  # weather
    if tok.pos_ == "VERB" and any(
        c.dep_ in {"prt", "prep"} and c.lower_ in {"out", "off"} for c in tok.children
    ):
        return False  # "bombed out of the cup", "shelled out"
    if kind == "hostage_taking" and tok.lemma_.lower() == "hostage":
        # "took 250 hostages" is an event; "the release of hostages" only refers to one
        head = tok.head.lemma_.lower()
        return head in {"take", "hold", "seize", "keep", "capture"} or any(
            c.lower_ in {"taking", "crisis", "siege"} for c in [*tok.children, tok.head]
        )
    if low in {"attack", "attacks"}:
        prev = tok.nbor(-1).lower_ if tok.i > 0 else ""
        if prev in {"heart", "panic", "asthma", "cyber", "verbal"}:
            return False
    return not (kind == "armed_assault" and tok.lemma_.lower() == "raid" and _is_police_raid(tok))


def _is_police_raid(tok: Any) -> bool:
    return any(c.lower_ in {"police", "security", "anti-terror"} for c in tok.children)


def _tree_distance(a: Any, b: Any) -> int:
    """Edges between two tokens; speech verbs on the path count extra."""
    path_a = [a, *a.ancestors]
    index_a = {t.i: n for n, t in enumerate(path_a)}
    for n_b, t in enumerate([b, *b.ancestors]):
        if t.i in index_a:
            cut = index_a[t.i]
            path = path_a[1:cut] + [b, *b.ancestors][1:n_b]
            penalty = sum(3 for p in path if p.lemma_ in SPEECH_LEMMAS)
            return cut + n_b + penalty
    return 99


def _nearest(triggers: list[_Trigger], doc: Any, start: int, end: int) -> _Trigger | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    same_sent = [t for t in triggers if t.sent[0] <= start < t.sent[1]]
    if not same_sent:
        return None
    root = span.root
    return min(same_sent, key=lambda t: (_tree_distance(root, t.token), abs(t.token.i - root.i)))


def _attach(ann: Annotated, triggers: list[_Trigger]) -> None:
    doc, text = ann.doc, ann.article.text
    for tx in ann.times:
        trig = _nearest(triggers, doc, tx.start, tx.end)
        if (
            trig is not None
            and _tree_distance(
                doc.char_span(tx.start, tx.end, alignment_mode="expand").root, trig.token
            )
            <= 4
        ):
            trig.dates.append(tx)
    for trig in triggers:
        _shift_by_offset(doc, trig, ann.times)
    dateline = lx.DATELINE.match(text)
    for pm in ann.places:
        if dateline and pm.start < dateline.end():
            continue  # where the reporter filed from, not where it happened
        trig = _nearest(triggers, doc, pm.start, pm.end)
        if trig is not None and not _is_nationality(doc, pm.start, pm.end, triggers):
            near = lx.REFERENCE_POINT.search(text[max(0, pm.start - 40) : pm.start])
            (trig.landmarks if near else trig.places).append(pm.place)
            span = doc.char_span(pm.start, pm.end, alignment_mode="expand")
            edges = _tree_distance(span.root, trig.token) if span is not None else 99
            trig.reach[pm.place] = min(edges, trig.reach.get(pm.place, edges))
    for q in ann.quantities:
        before = text[max(0, q.start - 60) : q.start]
        after = text[q.end : q.end + 60]
        bucket = None
        if lx.LEFT_BEFORE.search(before):
            state = lx.LEFT_STATE.match(after)
            if state is not None:
                bucket = "killed" if state.group("dead") else "wounded"
        elif lx.KILLED_AFTER.match(after) or lx.KILLED_BEFORE.search(before):
            bucket = "killed"
        elif lx.WOUNDED_AFTER.match(after) or lx.WOUNDED_BEFORE.search(before):
            bucket = "wounded"
        elif lx.TOLL_BEFORE.search(before) and lx.DEATH_WORDS.search(_sentence_before(doc, q)):
            bucket = "killed"  # "the number of people killed ... rose to 115"
        if bucket is None or _in_statistic(doc, q.start, q.end):
            continue
        trig = _nearest(triggers, doc, q.start, q.end)
        if trig is None:
            trig = next((t for t in triggers if t.sent[0] <= q.start < t.sent[1]), None)
        if trig is not None:
            getattr(trig, bucket).append(q)
            if bucket == "killed" and lx.TOLL_BEFORE.search(before):
                trig.tolls.append(q)
    for start, end in sorted({t.sent for t in triggers}):
        sentence = text[start:end]
        for weapon, rx in lx.WEAPONS.items():
            for m in rx.finditer(sentence):
                trig = _nearest(triggers, doc, start + m.start(), start + m.end())
                if trig is not None and weapon not in trig.weapons:
                    trig.weapons.append(weapon)
        for m in lx.SUICIDE.finditer(sentence):
            trig = _nearest(triggers, doc, start + m.start(), start + m.end())
            if trig is not None:
                trig.suicide = True
        for m in lx.TARGET_PATTERNS.finditer(sentence):
            np = m.group("np").strip()
            if not lx.TARGET_HEADS.search(np):
                continue
            trig = _nearest(triggers, doc, start + m.start("np"), start + m.end("np"))
            np = _target_phrase(doc, text, start + m.start("np"), start + m.end("np"))
            if trig is not None and np and np.lower() not in (t.lower() for t in trig.targets):
                trig.targets.append(np)


_OFFSET_UNITS = {"day": 1, "days": 1, "hour": 0, "hours": 0}
_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _offset_days(trig: _Trigger) -> tuple[int, Any, Any] | None:
    """Days from an attack to the sentence's own day in "two days after he was killed" or
    "a day after the bombing", with the duration word and "after" for the span."""
    tok = trig.token
    after = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ == "after"), None)
    holder = tok  # the verb itself ("days after he was killed"), or "after" before a noun
    if after is None and tok.dep_ == "pobj" and tok.head.lower_ == "after":
        after = holder = tok.head
    if after is None:
        return None
    for unit in holder.children:
        if unit.dep_ == "npadvmod" and unit.lower_ in _OFFSET_UNITS:
            count = next((c for c in unit.children if c.dep_ in {"nummod", "det"}), None)
            if count is None:
                return None
            n = int(count.text) if count.text.isdigit() else _SMALL_NUMBERS.get(count.lower_)
            if n is None or n > 31:
                return None
            return n * _OFFSET_UNITS[unit.lower_], count, after
    return None


def _shift_by_offset(doc: Any, trig: _Trigger, times: list[TimeExpression]) -> None:
    """An attack told as "two days after" a dated event happened that many days earlier:
    its date is the sentence's day minus the offset (the funeral was on Friday; the killing
    on Wednesday), unless the attack's own clause gives a day of its own."""
    found = _offset_days(trig)
    if found is None:
        return
    days, first, after = found
    own = {t.i for t in trig.token.subtree}
    if any(_in_tokens(doc, d, own) for d in trig.dates):
        return
    outside = [
        (_tree_distance(span.root, trig.token), tx)
        for tx in times
        if trig.sent[0] <= tx.start < trig.sent[1] and tx.precision == "day"
        for span in [doc.char_span(tx.start, tx.end, alignment_mode="expand")]
        if span is not None and span.root.i not in own
    ]
    if not outside:
        return
    anchor = min(outside, key=lambda pair: pair[0])[1]
    start, end = first.idx, after.idx + len(after)
    shifted = TimeExpression(
        start, end, doc.text[start:end], anchor.date - dt.timedelta(days=days), "day"
    )
    trig.dates = [shifted]


def _in_tokens(doc: Any, tx: TimeExpression, tokens: set[int]) -> bool:
    span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
    return span is not None and span.root.i in tokens


def _sentence_before(doc: Any, q: Quantity) -> str:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return ""
    return str(doc.text[span.sent.start_char : q.start])


def _in_statistic(doc: Any, start: int, end: int) -> bool:
    """ "More than 700 people have been killed in the city this year": a tally, not a toll."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and cs.is_statistic(span.sent.text)


def _attach_roles(doc: Any, triggers: list[_Trigger]) -> None:
    """Participants of every event word go to the trigger nearest to it in the tree."""
    for start, end in sorted({t.sent for t in triggers}):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            if not rl.is_event_word(tok):
                continue
            same = [t for t in triggers if t.sent == (start, end)]
            trig = min(same, key=lambda t: (_tree_distance(tok, t.token), abs(t.token.i - tok.i)))
            if _tree_distance(tok, trig.token) <= 4 or tok.i == trig.token.i:
                trig.roles.extend(rl.participants(tok))
    _attach_follow_ups(doc, triggers)


FOLLOW_UP_SENTENCES = 2


def _attach_follow_ups(doc: Any, triggers: list[_Trigger]) -> None:
    """ "... a bomb exploded at the bank. The dead were identified as X and Y.": the victims
    and targets of a sentence without a trigger belong to the event told just before it."""
    with_trigger = {t.sent for t in triggers}
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        if (sent.start_char, sent.end_char) in with_trigger:
            continue
        earlier = [
            t
            for t in triggers
            if any(
                (s.start_char, s.end_char) == t.sent
                for s in sents[max(0, k - FOLLOW_UP_SENTENCES) : k]
            )
        ]
        if not earlier:
            continue
        trig = max(earlier, key=lambda t: t.token.i)
        for tok in sent:
            if rl.is_event_word(tok) or rl.lemma(tok) == "identify":
                found = rl.participants(tok)
                trig.roles.extend(rl.Roles(victims=found.victims, targets=found.targets))


def _target_phrase(doc: Any, text: str, start: int, end: int) -> str | None:
    """ "a checkpoint at approximately 0900": the noun phrase the parse gives the target
    ("checkpoint"), not all the words up to the next comma."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.root.pos_ not in {"NOUN", "PROPN"}:
        return None
    np = rl.noun_phrase(span.root, keep_of=True, counted=False)
    if np is None:
        return None
    return text[doc[np[0]].idx : doc[np[1] - 1].idx + len(doc[np[1] - 1])]


def _is_nationality(doc: Any, start: int, end: int, triggers: list[_Trigger]) -> bool:
    """ "a U.S. drone strike", "Israeli air strikes": who struck, not where."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.root.dep_ not in {"compound", "amod", "nmod", "poss"}:
        return False
    heads = {t.token.i for t in triggers} | {t.token.head.i for t in triggers}
    head = span.root.head
    return head.i in heads or any(a.i in heads for a in list(head.ancestors)[:1])


def _demonstrative(trig: _Trigger, triggers: list[_Trigger]) -> bool:
    same = [t for t in triggers if t.sent == trig.sent]
    return any(
        c.dep_ == "det" and c.lower_ in {"that", "those"} for t in same for c in t.token.children
    )


def _old(tx: TimeExpression, published: dt.date) -> bool:
    if tx.precision == "year":
        return tx.date.year < published.year
    if tx.precision == "month":
        return (published.year, published.month) > (tx.date.year, tx.date.month) and (
            published - tx.date
        ).days > BACKGROUND_DAYS
    return (published - tx.date).days > BACKGROUND_DAYS


def _is_background(trig: _Trigger, published: dt.date | None, text: str) -> bool:
    return published is not None and any(_old(tx, published) for tx in trig.dates)


def _spread_background(triggers: list[_Trigger], ann: Annotated) -> None:
    """An undated trigger beside a background one is the same old event; so is one in a
    sentence whose only dates are old ("The last attack ... came in February 2019")."""
    published = ann.article.published
    previous_bg = False
    last_sent: tuple[int, int] | None = None
    for trig in triggers:
        if trig.sent != last_sent and last_sent is not None:
            group = [t for t in triggers if t.sent == last_sent]
            previous_bg = all(t.background for t in group)
        last_sent = trig.sent
        if trig.background or trig.dates:
            continue
        if previous_bg and _demonstrative(trig, triggers):
            trig.background = True  # "That attack was claimed by ..." after an old one
            continue
        if published is not None:
            dates = [t for t in ann.times if trig.sent[0] <= t.start < trig.sent[1]]
            if dates and all(_old(t, published) for t in dates):
                trig.background = True
                continue
        for other in triggers:
            near = other.sent == trig.sent and _tree_distance(trig.token, other.token) <= 2
            if other.background and near:
                trig.background = True
                break


def _compatible(a: list[_Trigger], trig: _Trigger) -> bool:
    dates = [d.date for t in a for d in t.dates if d.precision == "day"]
    for d in trig.dates:
        if d.precision == "day" and dates and min(abs((d.date - x).days) for x in dates) > 2:
            return False
    countries = {p.country for t in a for p in t.places if p.country}
    mine = {p.country for p in trig.places if p.country}
    return not (countries and mine and not countries & mine)


def _cluster(triggers: list[_Trigger]) -> list[tuple[bool, list[_Trigger]]]:
    clusters: list[tuple[bool, list[_Trigger]]] = []
    for trig in triggers:
        for is_bg, members in clusters:
            if is_bg != trig.background:
                continue
            if is_bg and _same_background(members, trig):
                members.append(trig)
                break
            if not is_bg and _compatible(members, trig):
                members.append(trig)
                break
        else:
            main = next((m for bg, m in clusters if not bg), None)
            if main is not None and not trig.background and not trig.dates:
                # "Moscow blamed Ukraine for the attack": an undated reference to the news
                # is the news, and the place beside it is not where it happened.
                trig.places.clear()
                main.append(trig)
            else:
                clusters.append((trig.background, [trig]))
    return clusters


def _same_background(members: list[_Trigger], trig: _Trigger) -> bool:
    """One old event: close in the same sentence's tree, or the same date and country."""
    if any(m.sent == trig.sent and _tree_distance(m.token, trig.token) <= 3 for m in members):
        return True
    same_day = {d.date for m in members for d in m.dates} & {d.date for d in trig.dates}
    return bool(same_day) and _compatible(members, trig)


def _to_mention(ann: Annotated, cluster: tuple[bool, list[_Trigger]]) -> IncidentMention | None:
    is_bg, members = cluster
    article, doc = ann.article, ann.doc
    first = members[0]
    sent_start, sent_end = first.sent
    prov = Provenance(article.document, sent_start, sent_end, VERSION)
    weapons = list(dict.fromkeys(w for m in members for w in m.weapons))
    if "suicide belt" in weapons or "car bomb" in weapons:
        weapons = [w for w in weapons if w != "explosives"] + ["explosives"]
    itype = _resolve_type(members, weapons)
    if itype is None:
        return None
    date, precision = _pick_date(members)
    killed, wounded = _pick_casualties(article.document, members)
    place = _place(members, _dateline_place(ann) if not is_bg else None)
    victims = _victims(doc, members, article.text)
    perpetrators = _perpetrators(ann, members)
    targets = _targets(doc, members, article.text)
    for m in members:
        for start, end in m.roles.weapons:
            weapon = _weapon_kind(doc[start:end].text)
            if weapon is not None and weapon not in weapons:
                weapons.append(weapon)
    specific = victims or perpetrators or any(m.roles.targets for m in members)
    if not (killed or wounded or date or place or specific):
        return None  # "bombings kill civilians" in general: no when, where, whom or who
    spans = {
        "trigger": Provenance(
            article.document, first.token.idx, first.token.idx + len(first.token), VERSION
        )
    }
    dated = [d for m in members for d in m.dates if d.date == date]
    if dated:
        spans["date"] = Provenance(article.document, dated[0].start, dated[0].end, VERSION)
    named = next((pm for pm in ann.places if place is not None and pm.place == place), None)
    if named is not None:
        spans["place"] = Provenance(article.document, named.start, named.end, VERSION)
    return IncidentMention(
        id=f"{article.document}:{first.token.idx}",
        provenance=prov,
        type=itype,
        suicide=any(m.suicide for m in members),
        date=date,
        date_precision=precision,
        place=place,
        killed=killed,
        wounded=wounded,
        weapons=weapons,
        targets=targets,
        victims=victims,
        perpetrators=perpetrators,
        is_main=not is_bg,
        text=article.text[sent_start:sent_end],
        spans=spans,
    )


def _weapon_kind(words: str) -> str | None:
    for weapon, rx in lx.WEAPONS.items():
        if rx.search(words):
            return weapon
    return None


def _targets(doc: Any, members: list[_Trigger], text: str) -> list[str]:
    out = [t for m in members for t in m.targets]
    for m in members:
        out.extend(_written(text, doc[start:end]) for start, end in m.roles.targets)
    unique: dict[str, str] = {}
    for t in out:
        unique.setdefault(t.lower(), t)
    return list(unique.values())


def _dateline_place(ann: Annotated) -> Place | None:
    dateline = lx.DATELINE.match(ann.article.text)
    end = dateline.end() if dateline else 0
    for pm in ann.places:
        if pm.start < end:
            return pm.place
    return None


def _resolve_type(members: list[_Trigger], weapons: list[str]) -> str | None:
    """The type most triggers vote for (dated or counted ones weigh more)."""
    votes: dict[str, int] = {}
    for m in members:
        if m.type != lx.GENERIC:
            weight = 1 + 2 * bool(m.dates or m.killed or m.wounded or m.casualties)
            votes[m.type] = votes.get(m.type, 0) + weight
    if votes:
        # GTD's hierarchy decides among the types with real support: an abduction by
        # gunmen is a hostage taking, the shooting of a named leader an assassination.
        strong = [k for k, v in votes.items() if v >= 2]
        if strong:
            return max(strong, key=lambda k: lx.TYPE_PRIORITY[k])
        return max(votes, key=lambda k: (votes[k], lx.TYPE_PRIORITY[k]))
    if "explosives" in weapons:
        return "bombing"
    if "knife" in weapons:
        return "unarmed_assault"
    return "armed_assault"


def _pick_date(members: list[_Trigger]) -> tuple[dt.date | None, Any]:
    dated = [d for m in members for d in m.dates]
    if not dated:
        return None, None
    order = {"day": 0, "month": 1, "year": 2}
    best = min(dated, key=lambda d: order[d.precision])
    return best.date, best.precision


def _pick_casualties(document: str, members: list[_Trigger]) -> tuple[Count | None, Count | None]:
    """(killed, wounded). Each is the article's highest figure (a toll rises as the story
    is updated, and one victim is told of several times: "a man was shot ... the victim,
    24, died"), plus one for each victim told of as another ("a second man was wounded").
    People shot whose death the article does not report are wounded: three shot and one
    killed leave two wounded."""
    said = [c for m in members for c in m.casualties]
    killed = _with_attacker_death(_pick_count(document, members, "killed", said), members)
    wounded = _pick_count(document, members, "wounded", said)
    shot = _pick_count(document, members, "shot", said)
    if shot is not None:
        dead = killed.value if killed is not None else 0
        hit = shot.value - dead
        if hit > 0 and (wounded is None or wounded.value < hit):
            wounded = Count(hit, shot.qualifier, None, None, shot.provenance)
    return killed, wounded


def _with_attacker_death(killed: Count | None, members: list[_Trigger]) -> Count | None:
    """ "shot and killed his wife and son, then turned the gun on himself": the victims
    counted and one more, as tallies of gun deaths count the attacker who died by his own
    hand; only when the sentence of the count tells of it after the victims."""
    prov = killed.provenance if killed is not None else None
    if killed is None or prov is None or killed.qualifier != "exact" or prov.end <= prov.start:
        return killed
    doc = members[0].token.doc
    span = doc.char_span(prov.start, prov.end, alignment_mode="expand")
    if span is None:
        return killed
    sentence = span.sent
    after = doc.text[prov.end : sentence.end_char]
    died = lx.SELF_DEATH.search(after)
    if died is None or lx.SELF_SURVIVED.search(sentence.text):
        return killed
    self_word = doc.char_span(prov.end + died.start(), prov.end + died.end(), "expand")
    subject = _doer(self_word.root) if self_word is not None else None
    if subject is not None and prov.start <= subject.idx < prov.end:
        return killed  # "the boy accidentally shot and killed himself": he is the one counted
    value = killed.value + 1
    return Count(value, "exact", value, value, prov)


def _doer(tok: Any) -> Any | None:
    """The subject of the verb a word belongs to, through joined verbs ("shot X and then
    killed himself": the subject of "shot")."""
    verb = tok
    while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
        verb = verb.head
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            return subject
        if verb.dep_ not in {"conj", "advcl", "xcomp", "pcomp"} or verb.head is verb:
            return None
        verb = verb.head
    return None


def _pick_count(
    document: str, members: list[_Trigger], bucket: str, said: list[cs.Casualty]
) -> Count | None:
    outcome = "injured" if bucket == "wounded" else bucket
    found: list[Quantity] = [q for m in members for q in getattr(m, bucket, [])]
    found += [c.quantity for c in said if c.outcome == outcome and not c.additive]
    # a figure given beats a plural left uncounted ("people were killed") or a vague word
    firm = [q for q in found if q.qualifier != "vague" and not _guessed(q, said)]
    found = firm or found
    more = sum(c.quantity.value for c in said if c.outcome == outcome and c.additive)
    if not found and not more:
        return None
    if not found:
        q = next(c.quantity for c in said if c.outcome == outcome and c.additive)
        return Count(more, q.qualifier, q.min, q.max, Provenance(document, q.start, q.end, VERSION))
    # The first figure the article gives (its lead; later figures are more often tallies
    # and other incidents), unless the article reports a death toll: then the last one.
    first = min(q.start for q in found)
    q = max((q for q in found if q.start == first), key=lambda q: q.value)
    tolls = [t for m in members for t in m.tolls] if bucket == "killed" else []
    if tolls:
        q = max(tolls, key=lambda t: t.start)  # the toll as last revised
    if more:
        return Count(
            q.value + more, q.qualifier, None, None, Provenance(document, q.start, q.end, VERSION)
        )
    return Count(q.value, q.qualifier, q.min, q.max, Provenance(document, q.start, q.end, VERSION))


def _guessed(q: Quantity, said: list[cs.Casualty]) -> bool:
    return any(c.quantity is q and c.guessed for c in said)


def _place(members: list[_Trigger], dateline: Place | None = None) -> Place | None:
    """The most precise place; the dateline city when the text names only its country.

    A place named as a reference point ("in Krasnogorsk, outside Moscow") is used only when
    the story names no other.
    """
    # (rank, trigger, edges to it): the most precise; of two cities, the first trigger's, and
    # of its own the nearer in the parse ("buried in Doha ... after he was killed in the
    # Iranian capital")
    rank = {"city": 0, "admin1": 1, "region": 2, "country": 3}
    found = [(n, p, m.reach.get(p, 99)) for n, m in enumerate(members) for p in m.places] or [
        (n, p, m.reach.get(p, 99)) for n, m in enumerate(members) for p in m.landmarks
    ]
    best = min(found, key=lambda f: (rank.get(f[1].precision, 4), f[0], f[2]))[1] if found else None
    if dateline is None or dateline.precision != "city":
        return best
    if best is None or (best.precision != "city" and best.country == dateline.country):
        return dateline
    return best


def _written(text: str, span: Any) -> str:
    """A span as the article spells it (the model may have seen it with case restored)."""
    return text[span.start_char : span.end_char]


def _victims(doc: Any, members: list[_Trigger], text: str) -> list[str]:
    out: list[str] = []
    for m in members:
        for tok in [m.token, *m.token.children]:
            if tok.ent_type_ == "PERSON" and tok.ent_iob_ in {"B", "I"}:
                ent = next(e for e in doc.ents if e.start <= tok.i < e.end)
                if _written(text, ent) not in out:
                    out.append(_written(text, ent))
        head = m.token.head
        if m.token.dep_ in {"acl", "relcl"} and head.dep_ == "appos":
            head = head.head  # "Suleimani, a commander assassinated in ..."
        if m.token.dep_ in {"acl", "relcl"} and head.ent_type_ == "PERSON":
            ent = next(e for e in doc.ents if e.start <= head.i < e.end)
            if _written(text, ent) not in out:
                out.append(_written(text, ent))
        for start, end in m.roles.victims:
            name = _written(text, doc[start:end])
            if name not in out:
                out.append(name)
    full = [_full_name(doc, text, name) for name in out]
    return list(dict.fromkeys(n for n in full if n))


# Words of address that NER often takes into a name ("Msgr Romero", "Gen. Alvarez").
TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "msgr", "monsignor", "father", "sister", "gen", "general", "col"}
    | {"colonel", "maj", "major", "capt", "captain", "lt", "lieutenant", "sgt", "sergeant"}
    | {"president", "minister", "mayor", "judge", "senator", "deputy", "governor"}
    | {"archbishop", "bishop", "former", "retired"}
)


def _full_name(doc: Any, text: str, name: str) -> str:
    """A person's name as the article gives it in full: "Galan" -> "Luis Carlos Galan"."""
    words = name.replace(".", " ").split()
    while words and words[0].lower() in TITLES:
        words = words[1:]
    if not words:
        return ""
    mine = [w.lower() for w in words]
    best = words
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        written = _written(text, ent)
        theirs = [w.lower() for w in written.replace(".", " ").split()]
        while theirs and theirs[0] in TITLES:
            theirs = theirs[1:]
        if len(theirs) > len(best) and _contains(theirs, mine):
            best = written.replace(".", " ").split()[-len(theirs) :]
    return " ".join(best)


def _contains(words: list[str], part: list[str]) -> bool:
    """ "jaramillo" in "bernardo jaramillo ossa": a run of the name (Spanish usage names a
    person by the first surname)."""
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _perpetrators(ann: Annotated, members: list[_Trigger]) -> list[ActorRef]:
    doc, article = ann.doc, ann.article
    refs: list[ActorRef] = []
    for m in members:
        verbs = [m.token]
        if m.token.dep_ in {"dobj", "pobj"} and m.token.head.lemma_ in CARRY_OUT:
            verbs.append(m.token.head)
        for verb in verbs:
            for child in verb.children:
                if child.dep_ not in {"nsubj", "agent"}:
                    continue
                subj = child if child.dep_ == "nsubj" else next(iter(child.children), child)
                ent = next((e for e in ann.entities if e.start <= subj.idx < e.end), None)
                if ent is not None and ent.label in {"ACTOR", "ORG", "NORP", "PERSON"}:
                    prov = Provenance(article.document, ent.start, ent.end, VERSION)
                    refs.append(ActorRef(ent.text, ent.actor_id, prov))
                elif subj.lemma_.lower() in rl.ATTACKER_NOUNS or subj.lower_ in rl.ATTACKER_NOUNS:
                    span = doc[subj.left_edge.i : subj.i + 1]
                    prov = Provenance(article.document, span.start_char, span.end_char, VERSION)
                    refs.append(ActorRef(_written(article.text, span), None, prov))
        for start, end in m.roles.perpetrators:
            span = doc[start:end]
            ent = next(
                (
                    e
                    for e in ann.entities
                    if e.start <= span.root.idx < e.end and e.label in {"ACTOR", "ORG", "NORP"}
                ),
                None,
            )
            if ent is not None and ent.start >= span.start_char and ent.end <= span.end_char:
                prov = Provenance(article.document, ent.start, ent.end, VERSION)
                refs.append(ActorRef(ent.text, ent.actor_id, prov))
            else:
                prov = Provenance(article.document, span.start_char, span.end_char, VERSION)
                refs.append(ActorRef(_written(article.text, span), None, prov))
    unique: dict[str, ActorRef] = {}
    for ref in refs:
        unique.setdefault(ref.name.lower(), ref)
    return list(unique.values())
