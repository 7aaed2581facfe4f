"""Who speaks: the typed source of every attribution.

A source is an actor the gazetteer knows ("Pakistan", "the Pentagon", "Islamic State": its
name, and a kind from the actor's kind), a named person (named official, expert, witness or
person, by the title the text gives them), or a description ("Indian officials", "state
media", "court documents", "two people familiar with the investigation"), typed by its head
word. A person or description keeps the actor it speaks for ("Indian officials": India) as
``actor_id`` while its kind stays its own. Pronouns and "the source" look back to the
speakers before them: ``read_speakers`` makes one pass over the document in reading order,
its memory local to that pass.
"""

from __future__ import annotations

import re
from typing import Any

from newsblotter.nlp.numbers import words_to_int
from newsblotter.records import Actor, ActorRef, Provenance, Speaker
from newsblotter.statements import lexicon as lx
from newsblotter.statements.actors import (
    GROUP_NOUNS,
    PRONOUNS,
    actor_of_token,
    capital_state,
    path_up,
    phrase_words,
    ref_from_entity,
    sponsored,
    state_means,
)
from newsblotter.statements.attribution import RawAttribution
from newsblotter.statements.context import Context

PERSON_KINDS = frozenset({"named_official", "person", "expert", "witness"})
GROUP_VOICES = frozenset({"named_official", "unnamed_official", "person", "unknown"})


def key(raw: RawAttribution) -> tuple[int, int]:
    """An attribution's key: its cue and where its source starts (coordinated sources share
    a cue)."""
    return (raw.cue.i, raw.source.start if raw.source is not None else -1)


def read_speakers(ctx: Context, raws: list[RawAttribution]) -> dict[tuple[int, int], Speaker]:
    """The speaker of each attribution (by ``key``), in reading order."""
    out: dict[tuple[int, int], Speaker] = {}
    last_person: Speaker | None = None
    last_body: Speaker | None = None
    anonymous: Speaker | None = None
    for raw in sorted(raws, key=key):
        if key(raw) in out:
            continue
        src = raw.source
        if src is None or (src.root.dep_ == "nsubjpass" and src.root.head.i == raw.cue.i):
            out[key(raw)] = Speaker(None, "unknown")  # "the attack was blamed on X": no one
            continue
        text = _clean(src)
        prov = ctx.prov(src.start_char, src.end_char)
        low = text.lower()
        if low in PRONOUNS:
            previous = last_person if low in {"he", "she"} else last_body
            if previous is not None:
                out[key(raw)] = _again(previous, prov)
                continue
        if is_anonymous(text, raw.sentence.text):
            backref = lx.SOURCE_BACKREF.match(text) or not lx.ANONYMOUS.search(text)
            if backref and anonymous is not None:
                out[key(raw)] = _again(anonymous, prov)
                continue
            kind = "intelligence" if lx.INTEL.search(text) else "anonymous"
            if kind == "anonymous" and "official" in low:
                kind = "unnamed_official"
            anonymous = Speaker(text, kind, affiliation(ctx, src.root), True, _count(text), prov)
            out[key(raw)] = anonymous
            continue
        sp = type_source(ctx, src, text, prov)
        if sp.kind in GROUP_VOICES and _kind(ctx, sp.actor_id) == "armed_group":
            # "Sarbakaf Mohmand, a commander of Jamaat-ul-Ahrar": the group speaking
            sp = Speaker(sp.name, "group", sp.actor_id, False, sp.count, prov)
        out[key(raw)] = sp
        if sp.kind in PERSON_KINDS:
            last_person = sp
        elif sp.kind != "unknown" or sp.actor_id:
            last_body = sp
    return out


def type_source(ctx: Context, src: Any, text: str, prov: Provenance) -> Speaker:
    """A source that is neither a pronoun nor anonymous."""
    root = src.root
    voice = ctx.voice_before(ctx.sentence_start(src.start_char))
    if lx.GROUP_VOICE.match(text) and voice is not None:
        # "X distanced itself from the attack. Its spokesman said ...": the group speaks
        return Speaker(voice.name, "group", voice.id, False, 1, prov)
    named = _named_actor(ctx, root)
    if named is not None:
        return Speaker(named.name, actor_speaker_kind(named, text), named.id, False, None, prov)
    ent = ctx.entity_at(root.idx)
    if ent is not None and ent.label == "PERSON":
        around = " ".join(t.text for t in root.subtree) + " " + text
        if lx.OFFICIAL_TITLES.search(around) or _titled(ctx, ent.text):
            kind = "named_official"
        else:
            kind = _first_kind(around, PERSON_DESCRIPTIONS, "person")
        return Speaker(ent.text, kind, affiliation(ctx, root), False, 1, prov)
    # a name the model did not tag, with a title beside it: "X, an adviser to ...", whether
    # the source span holds the title (as the attribution model reads it) or not
    title = next((c for c in root.children if c.dep_ == "appos"), None)
    if (
        root.pos_ == "PROPN"
        and title is not None
        and lx.OFFICIAL_TITLES.search(" ".join(t.text for t in title.subtree))
    ):
        name = src.doc[src.start : title.left_edge.i].text.strip().strip(",;:—-–").strip()
        if descriptive_kind(root, name or text) == "unknown":
            return Speaker(name or text, "named_official", affiliation(ctx, root), False, 1, prov)
    kind = descriptive_kind(root, text)
    if kind == "unknown" and ent is not None and ent.label == "ORG":
        kind = "organisation"
    return Speaker(text, kind, affiliation(ctx, root), False, None, prov)


def _named_actor(ctx: Context, root: Any) -> Actor | None:
    """The actor a source names outright: "Pakistan", "The Pentagon", "Kyiv", and the group
    named before as "the affiliate" or "the group"."""
    ent = ctx.entity_at(root.idx)
    ref = ref_from_entity(ctx, ent) if ent is not None else None
    ref = ref if ref is not None and ref.id else None
    if ref is None and root.pos_ == "PROPN":
        return capital_state(ctx, root.text)
    if ref is None and root.lemma_.lower() in GROUP_NOUNS:
        ref = actor_of_token(ctx, root, deep=False)
        if ref is None:
            # "a group calling itself X", "the jihadist group Boko Haram", "the main
            # Pakistani Taliban group, Tehrik-e-Taliban Pakistan (TTP)"
            for t in root.subtree:
                if sponsored(t, root) or any(a.dep_ == "relcl" for a in path_up(t, root)):
                    continue  # not "al-Qaeda-linked", not "which pledged allegiance to X"
                e = ctx.entity_at(t.idx)
                r = ref_from_entity(ctx, e) if e is not None else None
                if r is not None and r.id and _kind(ctx, r.id) == "armed_group":
                    ref = r
                    break
    return ctx.actor(ref.id) if ref is not None else None


def _kind(ctx: Context, actor_id: str | None) -> str | None:
    actor = ctx.actor(actor_id)
    return actor.kind if actor is not None else None


def affiliation(ctx: Context, root: Any) -> str | None:
    """The actor a person or a description speaks for: "Indian officials" India, "the
    commander of the SDF" the SDF, "Officials in Moscow" Russia, "Israel's military" Israel."""
    means = state_means(ctx, root)
    if means is not None:
        return means.id
    # the title set beside a name first ("X, the spokesperson for the Taliban"), then the rest
    titled = [t for c in root.children if c.dep_ == "appos" for t in phrase_words(c, True)]
    seen = {t.i for t in titled}
    for t in titled + [w for w in phrase_words(root, places=True) if w.i not in seen]:
        if t.i == root.i:
            continue
        ent = ctx.entity_at(t.idx)
        ref = ref_from_entity(ctx, ent) if ent is not None else None
        if ref is not None and ref.id:
            return ref.id
        if t.dep_ in {"amod", "compound", "poss"} and t.text[:1].isupper():
            state = ctx.actors.state_for_demonym(t.text)
            if state is not None:
                return state.id
        if t.pos_ == "PROPN":
            state = capital_state(ctx, t.text)
            if state is not None:
                return state.id
    return None


def actor_speaker_kind(actor: Actor, text: str) -> str:
    if actor.kind == "armed_group":
        return "group"
    if actor.kind == "agency":
        return _first_kind(actor.name + " " + text, AGENCY_KINDS, "government")
    if actor.kind == "state":  # "Israel's military said": the state, speaking as its army
        return _first_kind(text, AGENCY_KINDS, "government")
    if actor.parent is not None and lx.GROUP_OUTLET.search(actor.name):
        return "group"  # the group's own outlet ("Amaq"): a claim it carries is the group's
    return _first_kind(actor.name, ((lx.MEDIA, "media"),), "organisation")


def descriptive_kind(root: Any, text: str) -> str:
    head = root.lemma_.lower()
    if head in lx.OFFICIAL_HEADS:
        return "unnamed_official"
    if head in lx.DOCUMENT_HEADS:
        return "document"
    return _first_kind(text, DESCRIPTION_KINDS, "unknown")


def is_anonymous(text: str, sentence: str) -> bool:
    if lx.SOURCE_BACKREF.match(text):
        return True
    return bool(lx.ANON_HEADS.search(text)) and bool(
        lx.ANONYMOUS.search(text) or lx.ANONYMOUS.search(sentence)
    )


def _again(sp: Speaker, prov: Provenance) -> Speaker:
    return Speaker(sp.name, sp.kind, sp.actor_id, sp.anonymous, sp.count, prov)


def _clean(src: Any) -> str:
    """A source's words, less the clauses that describe it ("documents filed on Thursday")."""
    root = src.root
    cut = {t.i for c in root.children if c.dep_ in {"acl", "relcl"} for t in c.subtree}
    words = [t for t in src if t.i not in cut]
    text = "".join(t.text_with_ws for t in words) if words else src.text
    return text.strip().strip(",;:—-–").strip()


def _titled(ctx: Context, name: str) -> bool:
    """Whether the article gives this person an official title anywhere near the name."""
    last = name.split()[-1]
    text = ctx.article.text
    for m in re.finditer(re.escape(last), text):
        if lx.OFFICIAL_TITLES.search(text[max(0, m.start() - 50) : m.end() + 50]):
            return True
    return False


def _count(text: str) -> int | None:
    """How many anonymous sources: "two sources" 2, "a source" 1, "sources" unknown."""
    first = text.split()[0].lower() if text.split() else ""
    if first in {"a", "an", "one"}:
        return 1
    return int(first) if first.isdigit() else words_to_int(first)


def _first_kind(text: str, table: tuple[tuple[re.Pattern[str], str], ...], default: str) -> str:
    return next((kind for rx, kind in table if rx.search(text)), default)


# Which kind of speaker a description names, first match wins (order matters: "state media"
# is media, "the army's intelligence unit" is intelligence).
AGENCY_KINDS = (
    (lx.INTEL, "intelligence"),
    (lx.INTEL_AGENCIES, "intelligence"),
    (lx.POLICE, "police"),
    (lx.MILITARY, "military"),
)
DESCRIPTION_KINDS = (
    (lx.MEDIA, "media"),
    (lx.WITNESS, "witness"),
    (lx.EXPERT, "expert"),
    (lx.POLICE, "police"),
    (lx.MILITARY, "military"),
    (lx.INTEL, "intelligence"),
    (lx.INTEL_AGENCIES, "intelligence"),  # "Ukraine's security service"
    (lx.OFFICIAL_TITLES, "unnamed_official"),  # "government officials" are people
    (lx.GOVERNMENT, "government"),
    (lx.COURT, "government"),
)
PERSON_DESCRIPTIONS = ((lx.EXPERT, "expert"), (lx.WITNESS, "witness"))


def speaker_ref(ctx: Context, speaker: Speaker) -> ActorRef | None:
    """The actor a speaker is or speaks for, as a reference."""
    if not speaker.actor_id:
        return None
    actor = ctx.actor(speaker.actor_id)
    return ActorRef(
        actor.name if actor else speaker.name or "", speaker.actor_id, speaker.provenance
    )
