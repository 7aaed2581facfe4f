"""One incident mention from a cluster of triggers: its type, date, place and counts.

The type is the one most triggers vote for, the date the most precise one attached, the
place the most precise one (the dateline city when the text names only its country), the
counts the lead's figures unless a toll is reported; a headline's toll beats the body's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from newsblotter.incidents import casualties as cs
from newsblotter.incidents import headline as hl
from newsblotter.incidents import lexicon as lx
from newsblotter.incidents import triggers as tg
from newsblotter.records import (
    ActorRef,
    Annotated,
    Count,
    IncidentMention,
    Place,
    Provenance,
    Quantity,
)

VERSION = "incidents/21"


@dataclass(frozen=True, slots=True)
class Participants:
    """Who and what an event involved, as role filling read them around its triggers."""

    victims: list[str]
    perpetrators: list[ActorRef]
    targets: list[str]
    weapons: list[str]  # weapon kinds the roles name, beyond the lexicon's
    named_targets: bool  # whether role filling found a physical target


def to_mention(
    ann: Annotated, cluster: tuple[bool, list[tg.Trigger]], who: Participants
) -> IncidentMention | None:
    """The mention of one event, or None when the text says nothing specific of it."""
    is_bg, members = cluster
    article = ann.article
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
    many = any(lx.MULTI_SITE.search(article.text[m.sent[0] : m.sent[1]]) for m in members)
    place = _place(members, dateline_place(ann) if not is_bg else None, many)
    weapons += [w for w in who.weapons if w not in weapons]
    specific = who.victims or who.perpetrators or who.named_targets
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
        targets=who.targets,
        victims=who.victims,
        perpetrators=who.perpetrators,
        is_main=not is_bg,
        text=article.text[sent_start:sent_end],
        spans=spans,
    )


def weapon_kind(words: str) -> str | None:
    for weapon, rx in lx.WEAPONS.items():
        if rx.search(words):
            return weapon
    return None


def dateline_place(ann: Annotated) -> Place | None:
    dateline = lx.DATELINE.match(ann.article.text)
    if dateline is None:
        return None
    start = dateline.end("label") if dateline.group("label") else 0
    for pm in ann.places:
        if start <= pm.start < dateline.end():
            return pm.place
    return None


def _resolve_type(members: list[tg.Trigger], weapons: list[str]) -> str | None:
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


def _pick_date(members: list[tg.Trigger]) -> tuple[dt.date | None, Any]:
    dated = [d for m in members for d in m.dates]
    if not dated:
        return None, None
    order = {"day": 0, "month": 1, "year": 2}
    best = min(dated, key=lambda d: order[d.precision])
    return best.date, best.precision


def _pick_casualties(document: str, members: list[tg.Trigger]) -> tuple[Count | None, Count | None]:
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


def _with_attacker_death(killed: Count | None, members: list[tg.Trigger]) -> Count | None:
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
    document: str, members: list[tg.Trigger], bucket: str, said: list[cs.Casualty]
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
    q = _named_again(q, [c.quantity for c in said if c.outcome == outcome and not c.additive])
    tolls = [t for m in members for t in m.tolls] if bucket == "killed" else []
    if tolls:
        q = max(tolls, key=lambda t: t.start)  # the toll as last revised
    if more:
        return Count(
            q.value + more, q.qualifier, None, None, Provenance(document, q.start, q.end, VERSION)
        )
    return Count(q.value, q.qualifier, q.min, q.max, Provenance(document, q.start, q.end, VERSION))


def _named_again(q: Quantity, people: list[Quantity]) -> Quantity:
    """ "Haniyeh was killed ... Haniyeh and one of his bodyguards had been killed": a later
    count of people that takes in the people first counted, by name, counts them all."""
    words = q.text.lower().split()
    if not any(p is q for p in people) or not words:
        return q
    name = words[-1]  # "Ismail Haniyeh" ... "Haniyeh and one of his bodyguards"
    wider = [
        p
        for p in people
        if p.start > q.start
        and p.value > q.value
        and p.qualifier == "exact"
        and name in p.text.lower().split()
    ]
    return max(wider, key=lambda p: p.value) if wider else q


def _guessed(q: Quantity, said: list[cs.Casualty]) -> bool:
    return any(c.quantity is q and c.guessed for c in said)


def _place(
    members: list[tg.Trigger], dateline: Place | None = None, many_sites: bool = False
) -> Place | None:
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
    # a country named as the scene of an event of many places stays ("strikes on nine sites
    # in Pakistan" filed from Islamabad did not hit Islamabad)
    if best is not None and best.precision == "country" and many_sites:
        return best
    if best is not None and best.precision != "city":
        # "in Indian-administered Kashmir ... the attack near Pahalgam", filed from Delhi: a
        # town the story names in the scene's country, even as a reference point, is nearer
        # the scene than the city it is filed from
        towns = [
            p
            for m in members
            for p in (*m.places, *m.landmarks)
            if p.precision == "city" and p.country == best.country and p != dateline
        ]
        if towns:
            return towns[0]
    if best is None or (best.precision != "city" and best.country == dateline.country):
        return dateline
    if best.precision != "city" and not (members[0].places or members[0].landmarks):
        # the lede names no place; a country told later ("avenged the killing of its leader
        # in Afghanistan") is less likely the scene than the city the story is filed from
        return dateline
    return best


def _headline_count(document: str, value: int | None) -> Count | None:
    if value is None:
        return None
    return Count(value, "exact", value, value, Provenance(document, 0, 0, VERSION + "/headline"))


def with_headline_toll(
    mentions: list[IncidentMention],
    toll: hl.HeadlineToll,
    document: str,
    title: str | None = None,
) -> list[IncidentMention]:
    """The headline's toll for the article's own incident: a page often keeps its headline
    ("2 dead, 3 hurt in ...") but loses its story, and where both give a toll the headline's
    is the more reliable on the dev data (the body's first figure is more often another
    incident's or a part of the toll); a death the headline only implies ("teen killed")
    does not replace a higher count in the text. With several main events the toll goes to
    the one whose trigger word the headline repeats ("... shelling kills 12"), else to none."""
    mains = [k for k, m in enumerate(mentions) if m.is_main]
    if len(mains) > 1:
        named = [k for k in mains if _named_in(mentions[k], title or "")]
        mains = named if len(named) == 1 else []
    if not mains:
        return mentions
    main = mains[0]
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


def _named_in(m: IncidentMention, title: str) -> bool:
    """Whether the headline repeats the stem of the mention's trigger word."""
    span = m.spans.get("trigger")
    if span is None or span.end <= span.start:
        return False
    start = m.provenance.start
    word = m.text[span.start - start : span.end - start].lower()
    stem = word[: max(4, len(word) - 3)]
    return bool(stem) and stem in title.lower()


def from_headline(ann: Annotated, toll: hl.HeadlineToll) -> list[IncidentMention]:
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
            place=dateline_place(ann),
            killed=_headline_count(doc_id, toll.killed),
            wounded=_headline_count(doc_id, toll.wounded),
            text=article.title or "",
        )
    ]
