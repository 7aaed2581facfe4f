"""Main events and background references: which triggers tell the article's news.

Triggers dated well before publication are background references, and so are the undated
ones told beside them; the rest are clustered into the article's main event(s), one per
compatible date and country.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsblotter.incidents import lexicon as lx
from newsblotter.incidents import recalled as rc
from newsblotter.incidents import triggers as tg
from newsblotter.lang import words
from newsblotter.records import Annotated, TimeExpression

BACKGROUND_DAYS = 30
RECENT_DAYS = 7


def _demonstrative(trig: tg.Trigger, triggers: list[tg.Trigger]) -> bool:
    return any(tg.pointing_back(t.token) for t in triggers if t.sent == trig.sent)


def is_old(tx: TimeExpression, published: dt.date) -> bool:
    if tx.precision == "year":
        return tx.date.year < published.year
    if tx.precision == "month":
        return (published.year, published.month) > (tx.date.year, tx.date.month) and (
            published - tx.date
        ).days > BACKGROUND_DAYS
    return (published - tx.date).days > BACKGROUND_DAYS


def is_background(trig: tg.Trigger, published: dt.date | None, text: str) -> bool:
    """Dated well before publication, or told of an era ("in the 14th century", "decades
    ago") with no date of its own. The dates within the trigger's own phrase outweigh those
    beside it ("the attack on 6 December had been planned since September" is recent; "was
    sentenced on Wednesday for the murder of a shop owner in 2019" is old). An event
    remembered on its anniversary is old whatever the date; one the sentence counts a span of
    time from ("two weeks after gunmen killed 26") is old unless its own phrase dates it."""
    own = [tx for tx in trig.dates if _within(trig.token, tx)]
    if rc.remembered(trig.token) or (not own and rc.told_after(trig.token)):
        return True
    if published is not None and trig.dates:
        return any(is_old(tx, published) for tx in own or trig.dates)
    return not trig.dates and rc.told_as_past(trig.token)


def _within(token: Any, tx: TimeExpression) -> bool:
    """Whether a date is said within the phrase a trigger heads."""
    subtree = list(token.subtree)
    first: int = subtree[0].idx
    last: int = subtree[-1].idx + len(subtree[-1])
    return first <= tx.start and tx.end <= last


def spread_background(triggers: list[tg.Trigger], ann: Annotated) -> None:
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
            if dates and all(is_old(t, published) for t in dates):
                trig.background = True
                continue
        for other in triggers:
            near = other.sent == trig.sent and tg.tree_distance(trig.token, other.token) <= 2
            if other.background and near:
                trig.background = True
                break


def _compatible(a: list[tg.Trigger], trig: tg.Trigger) -> bool:
    """One event: dates within two days, the same country, and, where both name their own
    different days, the same kind ("killed on Sunday ... set fire to a market on Tuesday"
    are an attack and a reprisal)."""
    dates = [d.date for t in a for d in t.dates if d.precision == "day"]
    mine = {d.date for d in trig.dates if d.precision == "day"}
    if mine and dates and not mine & set(dates) and trig.named and trig.type != lx.GENERIC:
        kinds = {t.type for t in a if t.named and t.type != lx.GENERIC}
        if kinds and trig.type not in kinds:
            return False
    if trig.dates and dates and not mine & set(dates) and _other_cities(a, trig):
        # "... in Peshawar on Monday. On Tuesday, gunmen killed four in Quetta"; "Last
        # week, a bombing in Kunduz killed 30" (a date of its own, not the event's day)
        return False
    for d in trig.dates:
        if d.precision == "day" and dates and min(abs((d.date - x).days) for x in dates) > 2:
            return False
    countries = {p.country for t in a for p in t.places if p.country}
    own = {p.country for p in trig.places if p.country}
    return not (countries and own and not countries & own)


def _other_cities(a: list[tg.Trigger], trig: tg.Trigger) -> bool:
    """The trigger names a city and the event names cities, none of them the same."""
    own = {p.geonameid for p in trig.places if p.precision == "city"}
    theirs = {p.geonameid for t in a for p in t.places if p.precision == "city"}
    return bool(own) and bool(theirs) and not own & theirs


def demote_older(
    clusters: list[tuple[bool, list[tg.Trigger]]], published: dt.date | None
) -> list[tuple[bool, list[tg.Trigger]]]:
    """When the article reports an event of the last days, a main event it dates weeks
    before is a reference to an earlier one ("the strikes answered the massacre of April
    22"), however recent by the background threshold."""
    if published is None:
        return clusters

    def ages(members: list[tg.Trigger]) -> list[int]:
        return [(published - d.date).days for t in members for d in t.dates if d.precision == "day"]

    if not any(0 <= a <= RECENT_DAYS for bg, m in clusters if not bg for a in ages(m)):
        return clusters
    out = []
    for bg, members in clusters:
        days = ages(members)
        if not bg and days and min(days) > RECENT_DAYS:
            for t in members:
                t.background = True
            bg = True
        out.append((bg, members))
    return out


_APART = words("incidents.apart_words")
_APART_AFTER_IN = _APART | words("incidents.apart_after_in")


def told_apart(trig: tg.Trigger) -> bool:
    """The trigger's sentence says its event is another one: "In a separate attack on
    Tuesday, bandits killed ...", "A separate bombing ...", "In another incident, ..."."""
    tok = trig.token
    for word in tok.sent:
        if word.dep_ not in {"amod", "det"}:
            continue
        head = word.head
        after_in = (
            head.dep_ == "pobj" and head.head.lower_ == "in" and head.head.head == tok.sent.root
        )
        if (word.lower_ in _APART and head == tok) or (word.lower_ in _APART_AFTER_IN and after_in):
            return True
    return False


def cluster(triggers: list[tg.Trigger]) -> list[tuple[bool, list[tg.Trigger]]]:
    clusters: list[tuple[bool, list[tg.Trigger]]] = []
    apart: dict[tuple[int, int], list[tg.Trigger]] = {}  # sentence -> the event it tells apart
    for trig in triggers:
        if not trig.background and (opened := apart.get(trig.sent)) is not None:
            opened.append(trig)
            continue
        if not trig.background and any(not bg for bg, _ in clusters) and told_apart(trig):
            apart[trig.sent] = [trig]
            clusters.append((False, apart[trig.sent]))
            continue
        if trig.legal and not trig.dates and not trig.background:
            # "convicted of kidnapping the girl": the event a court judged is the news only
            # where the article reports it otherwise; alone it is a reference
            main = next((m for bg, m in clusters if not bg), None)
            if main is not None:
                trig.places.clear()
                main.append(trig)
                continue
            trig.background = True
        told = _told_before(clusters, trig)
        if told is None and (told := _same_old_event(clusters, trig)) is not None:
            trig.background = True
        if told is not None:  # "... in February 2019. That attack was claimed by ..."
            told.append(trig)
            continue
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
                if _another_kind(trig, main) or _placed_elsewhere(trig, main):
                    # "Hours later, Hamas fired rockets at Tel Aviv, wounding two": an attack
                    # of another kind with a place or a toll of its own is another event
                    clusters.append((False, [trig]))
                    continue
                if _another_victim(trig, main):
                    # "the killing of Hezbollah commander Fuad Shukr in Beirut" in a story
                    # of Haniyeh's: another person's killing, told in passing
                    trig.background = True
                    clusters.append((True, [trig]))
                    continue
                # "Moscow blamed Ukraine for the attack": an undated reference to the news
                # is the news, and the place beside it is not where it happened.
                trig.places.clear()
                main.append(trig)
            else:
                clusters.append((trig.background, [trig]))
    return _with_their_sentence(clusters)


def _with_their_sentence(
    clusters: list[tuple[bool, list[tg.Trigger]]],
) -> list[tuple[bool, list[tg.Trigger]]]:
    """An undated, unplaced trigger joined the first event before its sentence's dated one
    opened another ("On Tuesday, gunmen killed four policemen in Quetta": "gunmen" came
    first): alone of its event in its sentence, it moves to the one other event with triggers
    in that sentence, when it names no other kind."""
    mains = [members for bg, members in clusters if not bg]
    for members in mains:
        for trig in list(members):
            if trig.dates or trig.places or len(members) == 1:
                continue
            if any(t is not trig and t.sent == trig.sent for t in members):
                continue
            homes = [o for o in mains if o is not members and any(t.sent == trig.sent for t in o)]
            if len(homes) != 1:
                continue
            home = homes[0]
            if trig.type != lx.GENERIC and trig.type not in {t.type for t in home}:
                continue  # a word of another kind may tell the first event again
            members.remove(trig)
            home.append(trig)
            home.sort(key=lambda t: t.token.i)
    return [(bg, members) for bg, members in clusters if members]


def _another_kind(trig: tg.Trigger, main: list[tg.Trigger]) -> bool:
    """The undated trigger names a kind of attack the main event's words do not, and has a
    place or a toll of its own."""
    if not trig.named or trig.type == lx.GENERIC:
        return False
    kinds = {t.type for t in main if t.type != lx.GENERIC}
    own = bool(trig.places or trig.killed or trig.wounded)
    return own and bool(kinds) and trig.type not in kinds


def _placed_elsewhere(trig: tg.Trigger, main: list[tg.Trigger]) -> bool:
    """The undated trigger is a clause of its own (a verb with its subject) that says where
    it happened, in another country than the main event ("Hours later, Ukrainian drones hit
    an oil refinery in Russia's Volgograd region" after a strike on Dnipro); not a reference
    with a party's place beside it ("Moscow blamed Ukraine for the attack")."""
    tok = trig.token
    if tok.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in tok.children):
        return False
    located = any(
        t.dep_ == "pobj"
        and t.head.lower_ in {"in", "at", "near", "on"}
        and any(w.ent_type_ in {"GPE", "LOC", "FAC"} for w in t.subtree)
        for t in tok.subtree
    )
    theirs = {p.country for t in main for p in t.places if p.country}
    own = {p.country for p in trig.places if p.country}
    return located and bool(theirs) and bool(own) and not theirs & own


def _another_victim(trig: tg.Trigger, main: list[tg.Trigger]) -> bool:
    """The undated trigger names a victim, and the main event names victims, none of them
    that one (compared by the last word of the name)."""
    doc = trig.token.doc
    mine = {doc[a:b].text.split()[-1].lower() for a, b in trig.roles.victims if b > a}
    theirs = {doc[a:b].text.split()[-1].lower() for m in main for a, b in m.roles.victims if b > a}
    return bool(mine) and bool(theirs) and not mine & theirs


def _told_before(
    clusters: list[tuple[bool, list[tg.Trigger]]], trig: tg.Trigger
) -> list[tg.Trigger] | None:
    """The background event an undated "that attack" names: the one told last, in the
    sentence just before."""
    if not trig.background or trig.dates or not tg.pointing_back(trig.token):
        return None
    told = [
        (m.token.i, members)
        for is_bg, members in clusters
        if is_bg
        for m in members
        if m.token.i < trig.token.i and 0 <= trig.sent[0] - m.sent[1] <= 2
    ]
    return max(told, key=lambda found: found[0])[1] if told else None


def _same_old_event(
    clusters: list[tuple[bool, list[tg.Trigger]]], trig: tg.Trigger
) -> list[tg.Trigger] | None:
    """ "... linked him to the March 1980 assassination of the archbishop. The list of
    plotters of the assassination ...": before the article tells any news, "the" event of a
    kind it told as old (or "the attack", of any kind), undated, with no place finer than a
    country nor a toll of its own, is that old event."""
    if trig.background or trig.dates or trig.killed or trig.wounded:
        return None
    if any(p.precision != "country" for p in trig.places):
        return None  # a country alone is often a party's ("Argentine prosecutors")
    tok = trig.token
    definite = any(
        (c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in tok.children
    )
    if tok.pos_ != "NOUN" or not definite or any(not bg for bg, _ in clusters):
        return None
    same = [
        members
        for bg, members in clusters
        if bg and any(m.type == trig.type or trig.type == lx.GENERIC for m in members)
    ]
    return same[-1] if same else None


def _same_background(members: list[tg.Trigger], trig: tg.Trigger) -> bool:
    """One old event: close in the same sentence's tree, or the same date and country."""
    if any(m.sent == trig.sent and tg.tree_distance(m.token, trig.token) <= 3 for m in members):
        return True
    same_day = {d.date for m in members for d in m.dates} & {d.date for d in trig.dates}
    return bool(same_day) and _compatible(members, trig)
