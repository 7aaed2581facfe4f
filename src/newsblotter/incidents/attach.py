"""Facts to triggers: dates, places, counts, weapons, targets and casualties.

Each fact attaches to the trigger nearest to it in the dependency tree of its sentence (a
speech verb on the path counts as a long edge, so "on Thursday claimed" does not date the
bombing); a casualty told in a sentence of its own goes to the event told before it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from newsblotter.incidents import casualties as cs
from newsblotter.incidents import lexicon as lx
from newsblotter.incidents import roles as rl
from newsblotter.incidents import triggers as tg
from newsblotter.incidents.newsworthy import LEGAL_HEADS
from newsblotter.lang import counts, words
from newsblotter.records import Annotated, Quantity, TimeExpression

STATE_VOICE = words("incidents.state_voice_nouns")
ANSWER_VERBS = words("incidents.answer_verbs")


def nearest(triggers: list[tg.Trigger], doc: Any, start: int, end: int) -> tg.Trigger | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    same_sent = [t for t in triggers if t.sent[0] <= start < t.sent[1]]
    if not same_sent:
        return None
    root = span.root
    return min(same_sent, key=lambda t: (tg.tree_distance(root, t.token), abs(t.token.i - root.i)))


def attach(ann: Annotated, triggers: list[tg.Trigger]) -> None:
    doc, text = ann.doc, ann.article.text
    for tx in ann.times:
        trig = nearest(triggers, doc, tx.start, tx.end)
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        root = span.root if span is not None else None
        if (
            trig is not None
            and root is not None
            and tg.tree_distance(root, trig.token) <= 4
            and not _other_predicate(root, trig.token)
        ):
            trig.dates.append(tx)
    for trig in triggers:
        _shift_by_offset(doc, trig, ann.times)
    dateline = lx.DATELINE.match(text)
    for pm in ann.places:
        if dateline and pm.start < dateline.end():
            continue  # where the reporter filed from, not where it happened
        trig = nearest(triggers, doc, pm.start, pm.end)
        if (
            trig is not None
            and not _is_nationality(doc, pm.start, pm.end, triggers)
            and not _is_actor_or_destination(doc, pm.start, pm.end)
        ):
            near = lx.REFERENCE_POINT.search(text[max(0, pm.start - 40) : pm.start])
            (trig.landmarks if near else trig.places).append(pm.place)
            span = doc.char_span(pm.start, pm.end, alignment_mode="expand")
            edges = tg.tree_distance(span.root, trig.token) if span is not None else 99
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
        if bucket is None or _in_statistic(doc, q.start, q.end) or lx.TOLL_FROM.search(before):
            continue
        trig = nearest(triggers, doc, q.start, q.end)
        if trig is None:
            trig = next((t for t in triggers if t.sent[0] <= q.start < t.sent[1]), None)
        toll = bucket == "killed" and lx.TOLL_BEFORE.search(before) is not None
        if trig is None and toll:
            # "Authorities revised the death toll down to 84": a toll told in a sentence of
            # its own is of the attack told last before it
            trig = next((t for t in reversed(triggers) if t.token.idx < q.start), None)
        if trig is not None:
            getattr(trig, bucket).append(q)
            if toll:
                trig.tolls.append(q)
    for start, end in sorted({t.sent for t in triggers}):
        sentence = text[start:end]
        for weapon, rx in lx.WEAPONS.items():
            for m in rx.finditer(sentence):
                trig = nearest(triggers, doc, start + m.start(), start + m.end())
                if trig is not None and weapon not in trig.weapons:
                    trig.weapons.append(weapon)
        for m in lx.SUICIDE.finditer(sentence):
            trig = nearest(triggers, doc, start + m.start(), start + m.end())
            if trig is not None:
                trig.suicide = True
        for m in lx.TARGET_PATTERNS.finditer(sentence):
            np = m.group("np").strip()
            if not lx.TARGET_HEADS.search(np):
                continue
            trig = nearest(triggers, doc, start + m.start("np"), start + m.end("np"))
            np = _target_phrase(doc, text, start + m.start("np"), start + m.end("np"))
            if trig is not None and np and np.lower() not in (t.lower() for t in trig.targets):
                trig.targets.append(np)


_OFFSET_UNITS = counts("incidents.offset_units")


_SMALL_NUMBERS = counts("nlp.small_counts")


def _offset_days(trig: tg.Trigger) -> tuple[int, Any, Any] | None:
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


def _shift_by_offset(doc: Any, trig: tg.Trigger, times: list[TimeExpression]) -> None:
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
        (tg.tree_distance(span.root, trig.token), tx)
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


def _other_predicate(date: Any, trigger: Any) -> bool:
    """Whether a date belongs to a verb coordinated with the one that governs a noun trigger:
    "called the assault an act of terror and declared Sunday a day of mourning" dates the
    mourning, not the assault. (A verb trigger keeps the date of its coordinated verbs:
    "stormed the hall and opened fire on Friday".) Or to a verb of answering the attack
    above it ("vowed on Tuesday to answer an air strike"), or of a court judging it."""
    above = {t.i for t in trigger.ancestors}
    verb = next((t for t in date.ancestors if t.pos_ == "VERB"), None)
    if verb is not None and verb.i in above and verb.lemma_.lower() in ANSWER_VERBS:
        return True  # "vowed on Tuesday to answer an air strike": the vow's day
    if verb is not None and verb.i in above and verb.lemma_.lower() in LEGAL_HEADS:
        return True  # "a man who killed his neighbour was jailed on Friday": the court's day
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    for tok in [date, *date.ancestors]:
        if tok.i in above or tok.i == trigger.i:
            return False
        if tok.dep_ == "conj" and tok.pos_ in {"VERB", "AUX"} and tok.head.i in above:
            return True
    return False


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


def attach_casualties(triggers: list[tg.Trigger], found: list[cs.Casualty]) -> None:
    """Each casualty goes to the trigger nearest its harm word in the same sentence, else to
    the last trigger before it ("He died at the hospital" follows the shooting), else the
    first after it."""
    for casualty in found:
        word = casualty.word
        same = [t for t in triggers if t.sent[0] <= word.idx < t.sent[1]]
        if same:
            trig = min(
                same, key=lambda t: (tg.tree_distance(word, t.token), abs(t.token.i - word.i))
            )
        else:
            before = [t for t in triggers if t.token.i < word.i]
            trig = before[-1] if before else triggers[0]
        trig.casualties.append(casualty)


def hedged(casualty: cs.Casualty, counts: list[Quantity]) -> cs.Casualty:
    """ "killed at least 50 people": the count read from the parse takes the hedge that the
    number patterns found around its figure."""
    q = casualty.quantity
    for c in counts:
        if q.start <= c.start and c.end <= q.end and c.value == q.value:
            moved = Quantity(q.start, q.end, q.text, q.value, c.qualifier, c.min, c.max)
            return dataclasses.replace(casualty, quantity=moved)
    return casualty


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


def _is_actor_or_destination(doc: Any, start: int, end: int) -> bool:
    """ "India launched strikes", "Pakistan denied any link": a state acting or speaking is
    the subject of its verb, not the scene; so is one owning its words or forces ("dismissed
    Moscow's denial"), though not a place owning a building ("Kabul's airport"), and so is
    where someone was taken after ("the suspects were flown to Moscow")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "poss":
        return root.head.lemma_.lower() in STATE_VOICE
    if root.dep_ == "pobj" and root.head.lower_ in {"to", "towards", "toward"}:
        # "the suspects were flown to Moscow", "taken to Kabul": where someone went after
        return root.head.head.pos_ == "VERB" and not rl.is_event_word(root.head.head)
    return root.dep_ == "nsubj" and root.head.pos_ in {"VERB", "AUX"}


def _is_nationality(doc: Any, start: int, end: int, triggers: list[tg.Trigger]) -> bool:
    """ "a U.S. drone strike", "Israeli air strikes": who struck, not where."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.root.dep_ not in {"compound", "amod", "nmod", "poss"}:
        return False
    heads = {t.token.i for t in triggers} | {t.token.head.i for t in triggers}
    head = span.root.head
    return head.i in heads or any(a.i in heads for a in list(head.ancestors)[:1])
