"""Responsibility statements: claims, attributions, denials, confirmations, no-comments, arrests.

Read from the general attribution layer: every attribution's speaker is typed once
(``speakers``), each attribution is read on its own with the words its cue governs and the
document context passed in explicitly (``reading``), arrests are read where the text reports
them (``arrests``), and each statement is attached to the incident its words are about
(``incident``). Nothing read for one statement carries into the next; the same statement read
twice is kept once.
"""

from __future__ import annotations

from newsblotter.actors.normalise import slugify
from newsblotter.records import (
    Actor,
    ActorRef,
    Annotated,
    Attribution,
    IncidentMention,
    Provenance,
    Speaker,
    Statement,
)
from newsblotter.statements import enrich
from newsblotter.statements import lexicon as lx
from newsblotter.statements.actors import same_side
from newsblotter.statements.arrests import read_arrests
from newsblotter.statements.attribution import RawAttribution, layer_and_checked
from newsblotter.statements.context import VERSION, ActorIndex, Context, build
from newsblotter.statements.cues import (
    governed,
    repair_sources,
    split_coordinated,
    transparent,
    with_no_comment_nouns,
    with_responsibility_cues,
)
from newsblotter.statements.incident import attach
from newsblotter.statements.reading import BLAME_CUES, Reading, read
from newsblotter.statements.speakers import key, read_speakers

__all__ = ["VERSION", "ActorIndex", "find_statements"]


def find_statements(
    ann: Annotated, mentions: list[IncidentMention], actors: ActorIndex
) -> tuple[list[Statement], list[Actor], list[Attribution]]:
    """Statements of an article, the actors it introduces, and every attribution found."""
    if ann.doc is None:
        return [], [], []
    introduced = introduced_groups(ann, actors)
    ctx = build(ann, mentions, actors, introduced)
    layer, checked = layer_and_checked(ann.doc)
    cued = with_no_comment_nouns(ann.doc, with_responsibility_cues(ann.doc, checked))
    raws = split_coordinated(repair_sources(cued))
    speakers = read_speakers(ctx, raws)
    readings: list[Reading] = []
    commentary: list[tuple[str, str]] = []
    for raw in raws:
        if transparent(raw, raws):
            continue
        found = read(ctx, raw, speakers[key(raw)], governed(raw, raws))
        readings += found
        if not found and raw.source is not None and not raw.negated:
            commentary.append((speakers[key(raw)].name or "", raw.sentence.text))
    readings += reported_denials(ctx, raws, readings, speakers)
    readings += read_arrests(ctx, raws, speakers)
    statements, words = _records(ctx, readings)
    _accused_declining(ctx, statements)
    enrich.carry_over(statements, words, commentary)
    attributions = [_attribution(ctx, r, speakers) for r in layer]
    return statements, introduced, attributions


def reported_denials(
    ctx: Context,
    raws: list[RawAttribution],
    readings: list[Reading],
    speakers: dict[tuple[int, int], Speaker],
) -> list[Reading]:
    """ "X said Y falsely tried to implicate X": Y's accusation is read with Y as speaker;
    that X calls it false, or is the one accused, makes it X's denial too."""
    out: list[Reading] = []
    for inner in readings:
        cue = inner.raw.cue
        if inner.kind != "attribution" or cue.lemma_.lower() not in BLAME_CUES:
            continue
        for outer in raws:
            content = outer.content
            if outer.cue.i == cue.i or content is None or not content.start <= cue.i < content.end:
                continue
            speaker = speakers[key(outer)]
            false = any(c.lower_ in lx.FALSELY for t in (cue, cue.head) for c in t.children)
            own = inner.responsible is not None and same_side(
                ctx, speaker.actor_id, inner.responsible.id
            )
            if false or own:
                out.append(Reading("denial", inner.responsible, outer, speaker, cue))
    return out


def _records(ctx: Context, readings: list[Reading]) -> tuple[list[Statement], dict[str, str]]:
    """Statement records, the same statement once (same kind, speaker, actor and incident)."""
    out: list[Statement] = []
    words: dict[str, str] = {}
    seen: dict[tuple[str, str, str, str | None], Statement] = {}
    for r in sorted(readings, key=lambda r: (r.raw.sentence.start, r.raw.cue.i)):
        if r.kind in {"attribution", "denial", "confirmation", "claim"} and r.responsible is None:
            continue  # no actor: nothing for a ledger
        if r.kind == "claim" and not r.speaker.actor_id:
            continue
        incident = attach(ctx, r.raw.cue, r.clause, r.raw.source, r.responsible)
        if r.kind in {"no_comment", "arrest"} and incident is None:
            continue  # no incident in the article for it to bear on
        dedupe = (r.kind, _speaker_key(r.speaker), _ref_key(r.responsible), incident)
        sent = r.raw.sentence
        if dedupe in seen:  # the same statement again: what it adds joins the first
            kept = seen[dedupe]
            kept.said_on = kept.said_on or enrich.said_on(ctx, r.raw)
            kept.evidence += [e for e in enrich.evidence(sent.text) if e not in kept.evidence]
            continue
        sid = f"{ctx.article.document}:{r.raw.cue.idx}"
        n = 1
        while any(s.id == sid for s in out):
            sid, n = f"{ctx.article.document}:{r.raw.cue.idx}+{n}", n + 1
        statement = Statement(
            id=sid,
            kind=r.kind,
            provenance=ctx.prov(sent.start_char, sent.end_char),
            text=sent.text.strip(),
            speaker=r.speaker,
            cue=r.raw.cue.text,
            responsible=r.responsible,
            incident=incident,
            evidence=enrich.evidence(sent.text),
            said_on=enrich.said_on(ctx, r.raw),
            outlet=ctx.article.wire_agency or ctx.article.outlet,
            attribution=_attribution_of(ctx, r.raw, r.speaker),
        )
        words[sid] = enrich.own_words(r.raw.cue, r.clause)
        seen[dedupe] = statement
        out.append(statement)
    return out, words


def _speaker_key(sp: Speaker) -> str:
    return sp.actor_id or (sp.name or "").casefold()


def _ref_key(ref: ActorRef | None) -> str:
    return "" if ref is None else ref.id or ref.name.casefold()


def _accused_declining(ctx: Context, statements: list[Statement]) -> None:
    """ "Israel's military declined to comment": the accused (or its state) declining."""
    accused = {
        st.responsible.id: st.responsible
        for st in statements
        if st.kind in {"attribution", "claim", "denial"} and st.responsible and st.responsible.id
    }
    for st in statements:
        who = st.speaker.actor_id
        if st.kind == "no_comment" and st.responsible is None and who:
            for candidate in [who, *ctx.actors.ancestors(who)] if ctx.actors.get(who) else [who]:
                if candidate in accused:
                    st.responsible = accused[candidate]
                    break


def _attribution_of(ctx: Context, raw: RawAttribution, speaker: Speaker) -> Attribution:
    src, content = raw.source, raw.content
    cue = raw.cue_span if raw.cue_span is not None else raw.cue.doc[raw.cue.i : raw.cue.i + 1]
    return Attribution(
        source=ctx.prov(src.start_char, src.end_char) if src is not None else None,
        cue=ctx.prov(cue.start_char, cue.end_char),
        content=ctx.prov(content.start_char, content.end_char) if content is not None else None,
        source_text=src.text if src is not None else None,
        cue_text=cue.text,
        source_kind=speaker.kind,
        source_count=speaker.count,
    )


def _attribution(
    ctx: Context, raw: RawAttribution, speakers: dict[tuple[int, int], Speaker]
) -> Attribution:
    speaker = speakers.get(key(raw)) or Speaker(None, "unknown")
    return _attribution_of(ctx, raw, speaker)


def introduced_groups(ann: Annotated, actors: ActorIndex) -> list[Actor]:
    """ "A previously unknown group calling itself X": a new actor (the gazetteer passed in
    is not changed; the pipeline adds the new actors)."""
    out: list[Actor] = []
    for m in lx.INTRODUCED_GROUP.finditer(ann.article.text):
        name = m.group("name").strip()
        if name.lower().startswith("the "):
            name = name[4:]
        if actors.resolve(name) is not None or any(a.name == name for a in out):
            continue
        base = slugify(name)
        actor_id, n = base, 2
        while actors.get(actor_id) is not None:
            actor_id, n = f"{base}-{n}", n + 1
        prov = Provenance(ann.article.document, m.start("name"), m.end("name"), VERSION)
        out.append(Actor(id=actor_id, name=name, kind="armed_group", introduced_by=prov))
    return out
