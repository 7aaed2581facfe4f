"""The attributions the statement reader reads, and the words each one governs.

The general attribution layer (``attribution.find_attributions``) gives every reported
statement. Verbs that bear on responsibility ("blamed", "implicate", "denied", "claimed",
"declined to comment") are added where the layer did not mark them, so that a reported
accusation inside a quote ("India falsely tried to implicate Pakistan") is read with its own
speaker whichever model finds the outer one. Coordinated sources ("Iran and Syria blamed
Israel") become one attribution each. Every content word belongs to the nearest cue above it,
so "Officials said JNIM claimed it" is JNIM's claim, not the officials'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from newsblotter.lang import words
from newsblotter.statements import lexicon as lx
from newsblotter.statements.attribution import RawAttribution
from newsblotter.statements.clauses import (
    ADMIT_VERBS,
    falls_on,
    places_blame,
    takes_responsibility,
)

EVIDENTIAL = words("statements.evidential_verbs")
EVIDENCE_KINDS = words("statements.confirming_evidence")
RESPONSIBILITY_CUES = words("statements.responsibility_cues")
IMPERSONAL = words("statements.impersonal_passives")
COMMENT_GIVING = words("statements.comment_giving_verbs")
NO_COMMENT_CUES = words("statements.no_comment_cues")
HELD_PROOF = words("statements.held_proof_nouns")


def with_responsibility_cues(doc: Any, raws: list[RawAttribution]) -> list[RawAttribution]:
    """The layer's attributions, plus a responsibility verb it did not mark as a cue."""
    have = {r.cue.i for r in raws}
    extra = []
    for tok in doc:
        if tok.i in have or tok.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.lemma_.lower() not in RESPONSIBILITY_CUES and not (
            takes_responsibility(tok) or places_blame(tok) or falls_on(tok) is not None
        ):
            continue
        subj = None if falls_on(tok) is not None else _subject(tok)  # suspicion speaks not
        source = doc[subj.left_edge.i : subj.i + 1] if subj is not None else None
        right = tok.right_edge.i + 1
        content = doc[tok.i + 1 : right] if right > tok.i + 1 else None
        negated = any(c.dep_ == "neg" for c in tok.children)
        extra.append(
            RawAttribution(
                cue=tok,
                source=source,
                content=content,
                sentence=tok.sent,
                negated=negated,
                cue_span=doc[tok.i : tok.i + 1],
            )
        )
    return sorted([*raws, *extra], key=lambda r: r.cue.i)


def with_no_comment_nouns(doc: Any, raws: list[RawAttribution]) -> list[RawAttribution]:
    """ "There was no immediate comment from X", "X had no comment", "X could not be reached
    for comment", "X did not return a request for comment": a no-comment told around the
    noun, which no reporting verb carries. The noun is the cue; X (the one who gave no
    comment) is the source. Added unless an attribution already has a verb of declining to
    comment there ("declined" in "declined requests for comment")."""
    have = {r.cue.i for r in raws if r.cue.lemma_.lower() in NO_COMMENT_CUES}
    have |= {r.cue.i for r in raws if r.cue.lower_ == "comment"}
    extra = []
    for tok in doc:
        if tok.lower_ != "comment" or tok.pos_ != "NOUN":
            continue
        found = _no_comment_giver(tok)
        if found is None:
            continue
        verb, giver = found
        if verb.i in have or tok.i in have:
            continue
        # "a spokesman for the army": the body a spokesman speaks for is part of the giver
        own = [c for c in giver.children if c.dep_ == "prep" and c.lower_ in {"for", "of", "at"}]
        end = max([giver.i, *(c.right_edge.i for c in own)]) + 1
        extra.append(
            RawAttribution(
                cue=tok,
                source=doc[giver.left_edge.i : end],
                content=None,
                sentence=tok.sent,
                negated=False,
                cue_span=doc[tok.i : tok.i + 1],
            )
        )
    return sorted([*raws, *extra], key=lambda r: r.cue.i)


def _no_comment_giver(noun: Any) -> tuple[Any, Any] | None:
    """The verb and the one who gave no comment, for the noun "comment" of a no-comment."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        verb = noun.head
        if verb.pos_ == "ADJ":  # "no comment was available from X"
            verb = verb.head
        for t in (noun, *[c for c in noun.head.children if c.pos_ == "ADJ"], noun.head):
            for prep in t.children:
                if prep.dep_ == "prep" and prep.lower_ == "from":
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return verb, pobj
        if noun.dep_ == "dobj" and verb.lemma_.lower() in COMMENT_GIVING:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return (verb, subj) if subj is not None else None
        return None
    if noun.dep_ != "pobj" or noun.head.lower_ != "for":
        return None
    up = noun.head.head  # "reached for comment", "available for comment", "a request for..."
    while up.pos_ in {"NOUN", "ADP", "ADJ"} and up.head is not up:
        up = up.head
    if not any(c.dep_ == "neg" for c in up.children):
        return None
    subj = next((c for c in up.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return (up, subj) if subj is not None else None


def _subject(tok: Any) -> Any | None:
    """The subject of a verb; of the verb it depends on for "tried to implicate"; the agent
    of a passive (an agentless passive has none); the antecedent of "which"."""
    for child in tok.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    for child in tok.children:
        if child.dep_ == "nsubjpass":  # what was blamed, not who blamed ("which was blamed")
            return None
        if child.dep_ == "nsubj":
            if _relative(child) and tok.dep_ == "relcl":
                return tok.head
            return child
    if tok.dep_ in {"xcomp", "conj", "advcl"} and tok.head is not tok:
        return _subject(tok.head)
    return None


def split_coordinated(raws: Iterable[RawAttribution]) -> list[RawAttribution]:
    """ "Boko Haram and ISWAP claimed the bombings": one attribution per source named."""
    out: list[RawAttribution] = []
    for raw in raws:
        src = raw.source
        if src is None:
            out.append(raw)
            continue
        root = src.root
        conjuncts = [c for c in root.conjuncts if c.i > root.i]
        if not conjuncts or not any(_named(t) for t in [root, *conjuncts]):
            out.append(raw)
            continue
        doc = root.doc
        first_end = min([c.left_edge.i for c in conjuncts] + [src.end])
        cc = next((c for c in root.children if c.dep_ in {"cc", "punct"} and c.i > root.i), None)
        if cc is not None:
            first_end = min(first_end, cc.i)
        spans = [doc[src.start : first_end]] + [doc[c.left_edge.i : _own_end(c)] for c in conjuncts]
        out += [_with_source(raw, span) for span in spans]
    return out


def _named(head: Any) -> bool:
    """A name, or a noun owned by a name ("Afghanistan's Taliban government"): a coordination
    of such is of several speakers, not one body ("the group and Afghanistan's Taliban
    government both denied involvement")."""
    return _is_name(head) or any(
        c.dep_ in {"poss", "compound"} and _is_name(c) for c in head.children
    )


def _is_name(tok: Any) -> bool:
    return bool(tok.pos_ == "PROPN" or tok.ent_type_ != "")


def _own_end(conj: Any) -> int:
    """Where a conjunct's own words end (before a further ", and Z")."""
    nested = [c.i for c in conj.children if c.dep_ in {"cc", "conj", "punct"}]
    return int(min(nested) if nested else conj.right_edge.i + 1)


def governed(raw: RawAttribution, raws: list[RawAttribution]) -> list[Any]:
    """The content words this attribution's cue governs: those whose nearest cue above them
    is this one (or none, for "according to"). A cue in a relative clause governs only its
    own clause: in "X carried out strikes against targets it says are linked to Y", "it
    says" is about the targets, not about who carried out the strikes. Only a quotation
    speaks for its source beyond the cue's sentence."""
    if raw.content is None:
        return []
    cues = {r.cue.i for r in raws if not transparent(r, raws)}
    relative = raw.cue.dep_ in {"relcl", "acl"}
    sent = raw.cue.sent
    quoted = _quoted(raw.content)
    out = []
    for tok in raw.content:
        if not quoted and not sent.start <= tok.i < sent.end:
            continue  # unquoted words of other sentences are the writer's, not the source's
        above = [tok, *tok.ancestors]
        if relative and raw.cue not in above:
            continue
        owner = next((t.i for t in above if t.i in cues), None)
        if owner is None or owner == raw.cue.i:
            out.append(tok)
    return out


def _quoted(content: Any) -> bool:
    """Whether a content is a quotation (it opens with a quote mark, or one just before it):
    only then may it run over several sentences."""
    first = content[0]
    before = first.nbor(-1) if first.i > 0 else None
    return bool(first.is_quote or (before is not None and before.is_quote))


def transparent(raw: RawAttribution, raws: list[RawAttribution]) -> bool:
    """ "officials said intercepts showed X did it": evidence cited inside someone's words
    is theirs, not a speaker of its own."""
    lemma = raw.cue.lemma_.lower()
    evidence = lemma in EVIDENTIAL or (lemma == "confirm" and _evidence(raw))
    return (evidence or _not_speech(raw)) and any(o is not raw and _within(raw, o) for o in raws)


def _not_speech(raw: RawAttribution) -> bool:
    """ "officials said X was believed to be behind it", "prosecutors said the killing was
    ordered by X": an impersonal passive, or a deed with no words of its own, told inside
    someone's words is part of them."""
    cue = raw.cue
    lemma = cue.lemma_.lower()
    passive = any(c.dep_ == "auxpass" for c in cue.children)
    if lemma in IMPERSONAL and passive and not any(c.dep_ == "agent" for c in cue.children):
        return True
    if falls_on(cue) is not None:
        return True  # "officials said suspicion fell on X": the officials' words
    if lemma in ADMIT_VERBS | lx.HARM_VERBS and not any(c.dep_ == "ccomp" for c in cue.children):
        return True  # "the Houthis said they had attacked a ship": the deed they told of
    return raw.content is None and lemma in lx.RESPONSIBILITY_VERBS


def _within(raw: RawAttribution, other: RawAttribution) -> bool:
    """Whether ``raw`` is cited in ``other``'s words: its cue inside the other's content, or
    (a layer that gives both the innermost content) the two sharing their content."""
    content = other.content
    if content is None:
        return False
    if content.start <= raw.cue.i < content.end:
        return True
    own = raw.content
    return own is not None and other.cue.i > raw.cue.i and content.start <= own.start < content.end


def _evidence(raw: RawAttribution) -> bool:
    """ "intercepts confirmed ...", "the footage confirms ...": a source that is evidence
    (its head word names a kind of evidence), not a person or a body."""
    root = raw.source.root if raw.source is not None else None
    return root is not None and any(
        kind in EVIDENCE_KINDS and pattern.fullmatch(root.text) is not None
        for kind, pattern in lx.EVIDENCE.items()
    )


def repair_sources(raws: list[RawAttribution]) -> list[RawAttribution]:
    """Sources the layer gives in a form no speaker can be read from:

    - "X said the order had been given in Kobani, and blamed Y": a cue joined to a passive
      verb by "and" borrows that verb's patient as its source; the speaker is the subject of
      the reporting verb above both;
    - "the group, which claimed the attack": a relative pronoun stands for the noun phrase
      the clause hangs from, unless it is what a passive says something of ("a strike that
      was attributed to X"), which names no speaker;
    - "X blamed Y for the strike, saying ...": a source span that holds another cue (the
      whole clause before a participle) is that cue's source;
    - "Police detained 12 suspects, the minister said": a source span that runs over a
      clause of its own as well as the cue's subject is that subject;
    - "X claimed the attack but later distanced itself from it": a joined cue with no
      source and no subject of its own shares the subject of the verb it is joined to;
    - "investigators said they had evidence linking the gunmen to X": what a piece of
      evidence shows, told inside someone's words, is theirs."""
    out = []
    for raw in raws:
        src = raw.source
        if src is not None and _patient(raw.cue, src):
            out.append(_with_source(raw, None))  # "a strike that was blamed on X": nobody
            continue
        better = (
            _antecedent(raw)
            or _outer_source(raw, raws)
            or _own_subject(raw)
            or _shared(raw)
            or _holder(raw, raws)
        )
        if better is not None:
            raw = _with_source(raw, better)
            src = better
        own = next((c for c in raw.cue.children if c.dep_ == "nsubj"), None)
        if (
            own is not None
            and src is not None
            and raw.cue.dep_ == "conj"
            and own.lower_ not in {"which", "who", "that"}
            and not src.start <= own.i < src.end
        ):
            # "The army blamed X, and police said ...": the joined cue's own subject
            src = own.doc[own.left_edge.i : own.right_edge.i + 1]
            raw = _with_source(raw, src)
        if src is not None and src.root.dep_ == "nsubjpass" and raw.cue.dep_ == "conj":
            above = next(
                (
                    r
                    for r in raws
                    for a in raw.cue.ancestors
                    if r.cue.i == a.i and r.source is not None and r.source.root.dep_ == "nsubj"
                ),
                None,
            )
            if above is not None and above.source is not None:
                raw = _with_source(raw, above.source)
        out.append(raw)
    return out


def _patient(cue: Any, src: Any) -> bool:
    """The source span holds what an agentless passive cue says something of (its subject,
    or the noun a relative "that was blamed" stands for), so it names no speaker."""
    if any(c.dep_ == "agent" for c in cue.children):
        return False
    said_of = [c for c in cue.children if c.dep_ == "nsubjpass"]
    if not said_of:
        return False
    spots = {t.i for t in said_of}
    if cue.dep_ == "relcl" and _relative(said_of[0]):
        spots.add(cue.head.i)
    return any(src.start <= i < src.end for i in spots)


def _relative(tok: Any) -> bool:
    return bool(tok.lower_ in {"which", "who", "that"})


def _with_source(raw: RawAttribution, source: Any | None) -> RawAttribution:
    return replace(raw, source=source)


def _antecedent(raw: RawAttribution) -> Any | None:
    """The noun phrase a relative pronoun source stands for ("the group, which claimed")."""
    src, cue = raw.source, raw.cue
    if src is None or len(src) != 1 or not _relative(src[0]):
        return None
    if cue.dep_ != "relcl" or cue.head.pos_ not in {"NOUN", "PROPN"}:
        return None
    head = cue.head
    return head.doc[head.left_edge.i : head.i + 1]


def _own_subject(raw: RawAttribution) -> Any | None:
    """The cue's subject, when the source span holds it and a verb outside it, or when the
    span is only a clause inside it ("the group, which has pledged allegiance to X,
    claimed": the group, not the clause)."""
    src = raw.source
    own = next((c for c in raw.cue.children if c.dep_ == "nsubj"), None)
    if src is None or own is None or _relative(own):
        return None
    lo, hi = own.left_edge.i, own.right_edge.i
    if not src.start <= own.i < src.end:
        inside = lo <= src.start and src.end - 1 <= hi
        return own.doc[lo : own.i + 1] if inside and own.i < src.start else None
    if not any(t.pos_ == "VERB" and not lo <= t.i <= hi for t in src):
        return None
    return own.doc[lo : hi + 1]


def _holder(raw: RawAttribution, raws: list[RawAttribution]) -> Any | None:
    """ "investigators said they had evidence linking the gunmen to X": a cue with no source
    that tells what a piece of evidence shows, inside someone's words, is theirs."""
    cue = raw.cue
    if raw.source is not None or cue.dep_ != "acl" or cue.head.lemma_.lower() not in HELD_PROOF:
        return None
    holders = [
        other
        for other in raws
        if other is not raw
        and other.source is not None
        and other.content is not None
        and other.content.start <= cue.i < other.content.end
    ]
    inner = min(holders, key=lambda o: len(o.content or ()), default=None)  # whose words
    return inner.source if inner is not None else None


def _shared(raw: RawAttribution) -> Any | None:
    cue = raw.cue
    if raw.source is not None or cue.dep_ != "conj" or cue.head.pos_ not in {"VERB", "AUX"}:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in cue.children):
        return None
    subj = next((c for c in cue.head.children if c.dep_ == "nsubj"), None)
    if subj is None or _relative(subj):
        return None
    return subj.doc[subj.left_edge.i : subj.right_edge.i + 1]


def _outer_source(raw: RawAttribution, raws: list[RawAttribution]) -> Any | None:
    """The source of the cue this one hangs from ("blamed ..., saying"), when that cue lies
    inside this one's source span."""
    src = raw.source
    if src is None:
        return None
    for other in raws:
        if other is raw or other.source is None or other.cue.i != raw.cue.head.i:
            continue
        if not src.start <= other.cue.i < src.end:
            continue
        if not (src.start <= other.source.start and other.source.end <= src.end):
            continue
        return other.source
    return None
