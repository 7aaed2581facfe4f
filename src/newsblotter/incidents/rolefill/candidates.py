"""Candidate role fillers of an article and the features the role model reads.

A candidate is a span of the parse around a noun (its named entity, its noun phrase with or
without an "of" phrase or a count, its noun chunk, the proper nouns of a name before it,
the noun alone) or around an attacker adjective of the event ("terrorist" of "a terrorist
attack"), tied to the incident whose trigger is nearest. Its features are strings: the
head's word, lemma, tag, entity label and dependency; the word that governs it and the
preposition between them; the dependency path to the trigger and the distances to it;
where it stands in the article; the rules' own proposals (``incidents/roles.py``) it agrees
with; the span's shape; and what the other candidates with the same words show (pooled over
the article). The model weighs them per role (``model.py``); nothing here is learned.

Hand-written because the features join the pipeline's own parse and rules; no library
builds span candidates and features from a spaCy parse for a linear model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsblotter.incidents import lexicon as lx
from newsblotter.incidents import roles as rl

# How far from a trigger's sentence a candidate may stand (sentences after, before).
AFTER, BEFORE = 3, 1
MAX_WORDS = 12
_DETS = frozenset({"det", "predet", "punct", "cc", "case", "poss"})
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE", "ACTOR", "FAC", "LOC", "PRODUCT"})
_HEAD_POS = frozenset({"NOUN", "PROPN"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "agent", "attr", "appos"})
# Switches for the candidates and features added at incidents/roles/4 (kept so that their
# effect can be measured again; the shipped weights were trained with all three on):
# names as the proper nouns before a noun ("name" spans), attacker adjectives of the event
# ("a terrorist attack") as heads, and document-level evidence pooled over the candidates
# with the same words: the scorer asks whether an entity filled a role anywhere in the
# story, so each mention also reads what its other mentions near a trigger show (the
# rules' proposals, the argument slots) and how often it is mentioned.
NAMES = True
ADJECTIVES = True
POOLED = True


@dataclass(slots=True)
class Proposals:
    """The rules' answers for one incident, as token ranges, per role."""

    perpetrators: set[tuple[int, int]] = field(default_factory=set)
    victims: set[tuple[int, int]] = field(default_factory=set)
    targets: set[tuple[int, int]] = field(default_factory=set)
    weapons: set[tuple[int, int]] = field(default_factory=set)

    def items(self) -> Iterable[tuple[str, set[tuple[int, int]]]]:
        yield "perp", self.perpetrators
        yield "victim", self.victims
        yield "target", self.targets
        yield "weapon", self.weapons


class _Tokens:
    """The token attributes the spans and features read, taken from the parse once per
    article (reading them through spaCy's ``Doc[i]`` token by token cost most of the time)."""

    __slots__ = ("dep", "head", "lower", "num", "pos", "punct", "text")

    def __init__(self, doc: Any) -> None:
        self.lower = [t.lower_ for t in doc]
        self.text = [t.text for t in doc]
        self.punct = [t.is_punct for t in doc]
        self.dep = [t.dep_ for t in doc]
        self.pos = [t.pos_ for t in doc]
        self.num = [t.like_num for t in doc]
        self.head = [t.head.i for t in doc]


@dataclass(slots=True)
class Candidate:
    start: int  # token range of the span
    end: int
    head: int  # token index of its head
    kind: str  # which span of the head: "ent", "np", "np_of", "chunk", "head", ...
    incident: int  # index of the incident it is tied to
    features: list[str]
    sentences: int = 0  # its sentence less the nearest trigger's


def candidates(
    doc: Any,
    triggers: Sequence[Sequence[Any]],
    proposals: Sequence[Proposals],
    after: int = AFTER,
    before: int = BEFORE,
) -> list[Candidate]:
    """Every candidate of the article: ``triggers[k]`` are the trigger tokens of incident k,
    ``proposals[k]`` its rules' answers; candidates stand in a trigger's sentence, up to
    ``after`` sentences after it or ``before`` before it."""
    where = [(tok, k) for k, toks in enumerate(triggers) for tok in toks]
    if not where:
        return []
    sents = list(doc.sents)
    sent_of = {s.start: n for n, s in enumerate(sents)}
    trig_sent = [(sent_of[tok.sent.start], tok, k) for tok, k in where]
    toks = _Tokens(doc)
    counts = Counter(rl.lemma(t) for t in doc if t.pos_ in _HEAD_POS)
    chunks = _chunks(doc)
    out: list[Candidate] = []
    for n, sent in enumerate(sents):
        near = [(s, tok, k) for s, tok, k in trig_sent if -before <= n - s <= after]
        if not near:
            continue
        for head in sent:
            if head.pos_ not in _HEAD_POS and not _attacker_adjective(head):
                continue
            s, trig, k = min(near, key=lambda x: (abs(n - x[0]) + (n < x[0]), abs(x[1].i - head.i)))
            base = _head_features(head, trig, n - s, n, len(sents), counts)
            ent = rl.entity_bounds(head)
            for kind, (start, end) in _spans(head, chunks, toks, ent):
                feats = base + _span_features(toks, start, end, kind, head, ent)
                feats += _proposal_features(start, end, head.i, proposals[k])
                out.append(Candidate(start, end, head.i, kind, k, feats, n - s))
    if POOLED:
        _pool(toks, out)
    return out


_POOL_PREFIXES = ("rule=", "rule_in=", "voice=", "agent+gov=", "prep+gov=", "dep+trig=")


def _pool(toks: _Tokens, cands: list[Candidate]) -> None:
    groups: dict[str, list[Candidate]] = {}
    lower, punct = toks.lower, toks.punct
    for c in cands:
        words = " ".join(lower[i] for i in range(c.start, c.end) if not punct[i])
        groups.setdefault(words, []).append(c)
    for members in groups.values():
        heads = {c.head for c in members}
        shared = sorted(
            {f"any:{f}" for c in members for f in c.features if f.startswith(_POOL_PREFIXES)}
        )
        extra = [f"mentions={_bucket(len(heads), (1, 2, 3, 5))}", *shared]
        for c in members:
            c.features = c.features + extra


def _spans(
    head: Any,
    chunks: dict[int, tuple[int, int]],
    toks: _Tokens,
    ent: tuple[int, int] | None,
) -> list[tuple[str, tuple[int, int]]]:
    """The spans a filler headed by ``head`` may be written as, each once (``ent``: the
    bounds of its named entity, ``rl.entity_bounds``)."""
    found: list[tuple[str, tuple[int, int] | None]] = []
    if ent is not None:
        found.append(("ent", _strip(toks, *ent)))
        found.append(("ent", rl.entity_span(head)))  # without "Suspected" as NER has it
    found.append(("np", rl.noun_phrase(head)))
    found.append(("np_of", rl.noun_phrase(head, keep_of=True)))
    found.append(("np_of_bare", rl.noun_phrase(head, keep_of=True, counted=False)))
    found.append(("bare", rl.noun_phrase(head, bare=True)))
    chunk = chunks.get(head.i)
    found.append(("chunk", _strip(toks, *chunk) if chunk else None))
    left = head.left_edge.i
    right = head.right_edge.i + 1
    if right - left <= MAX_WORDS:
        found.append(("subtree", _strip(toks, left, right)))
    if NAMES:
        found.append(("name", _name_run(head, toks)))
    compounds = [c for c in head.lefts if c.dep_ == "compound"]
    found.append(("compound", (compounds[0].i if compounds else head.i, head.i + 1)))
    found.append(("head", (head.i, head.i + 1)))
    out: list[tuple[str, tuple[int, int]]] = []
    seen: set[tuple[int, int]] = set()
    for kind, span in found:
        if span is None or span in seen or span[1] - span[0] > MAX_WORDS:
            continue
        if not span[0] <= head.i < span[1]:
            continue
        seen.add(span)
        out.append((kind, span))
    return out


def _attacker_adjective(tok: Any) -> bool:
    """An attacker word written as an adjective of the event ("a terrorist attack",
    "guerrilla attacks"): MUC-4 files "terrorist" there as the perpetrator."""
    return (
        ADJECTIVES
        and tok.dep_ in {"amod", "compound"}
        and tok.pos_ in {"ADJ", "NOUN", "PROPN"}
        and (tok.lower_ in rl.PERP_HEADS or rl.lemma(tok) in rl.PERP_HEADS)
        and rl.is_event_word(tok.head)
    )


def _name_run(head: Any, toks: _Tokens) -> tuple[int, int] | None:
    """A name as the parse splits it after truecasing: the proper nouns next to ``head``
    in its sentence, and the noun they qualify ("Mario Lopez castro", without the
    "president" before it)."""
    pos, heads = toks.pos, toks.head
    i = head.i
    if pos[i] != "PROPN" and not (i > 0 and pos[i - 1] == "PROPN" and head.sent.start < i):
        return None
    sent = head.sent
    start = i
    while start > sent.start and pos[start - 1] == "PROPN":
        start -= 1
    end = i + 1
    while end < sent.end and (
        pos[end] == "PROPN" or (pos[end] == "NOUN" and heads[end - 1] == end)
    ):
        end += 1
        if pos[end - 1] == "NOUN":
            break
    return (start, end)


def _chunks(doc: Any) -> dict[int, tuple[int, int]]:
    """Token index -> the noun chunk it is in."""
    out: dict[int, tuple[int, int]] = {}
    for chunk in doc.noun_chunks:
        for i in range(chunk.start, chunk.end):
            out[i] = (chunk.start, chunk.end)
    return out


def _strip(toks: _Tokens, start: int, end: int) -> tuple[int, int] | None:
    dep, punct, text = toks.dep, toks.punct, toks.text
    while start < end and (dep[start] in _DETS or punct[start]):
        start += 1
    while end > start and punct[end - 1] and text[end - 1] != ")":
        end -= 1
    return (start, end) if end > start else None


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _lexicon(tok: Any) -> list[str]:
    low, lem = tok.lower_, rl.lemma(tok)
    out = []
    if lem in rl.PERP_HEADS or low in rl.PERP_HEADS:
        out.append("lex=perp")
    if lem in rl.ORG_HEADS or low in rl.ORG_HEADS:
        out.append("lex=org")
    if lem in rl.PERSON_HEADS or low in rl.PERSON_HEADS:
        out.append("lex=person")
    if rl.is_target_head(tok):
        out.append("lex=target")
    if rl.weapon_head(tok) or lx.WEAPON_WORD.fullmatch(tok.text):
        out.append("lex=weapon")
    if rl.is_event_word(tok):
        out.append("lex=event")
    return out


def _path(a: Any, b: Any) -> tuple[str, int]:
    """The dependency path from ``a`` up to the common ancestor and down to ``b``."""
    up = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(up)}
    down: list[Any] = []
    for t in [b, *b.ancestors]:
        if t.i in index:
            cut = index[t.i]
            labels = [x.dep_ for x in up[:cut]] + ["^"] + [x.dep_ for x in reversed(down)]
            return "/".join(labels), cut + len(down)
        down.append(t)
    return "none", 99


def _head_features(
    head: Any, trig: Any, sent_delta: int, sent_index: int, n_sents: int, counts: Counter[str]
) -> list[str]:
    lem = rl.lemma(head)
    gov = head.head
    feats = [
        "bias",
        f"hl={lem}",
        f"tag={head.tag_}",
        f"dep={head.dep_}",
        f"ent={head.ent_type_ or '-'}",
        f"gov={rl.lemma(gov)}",
        f"dep+gov={head.dep_}|{rl.lemma(gov)}",
        f"dep+govpos={head.dep_}|{gov.pos_}",
        f"sd={max(-2, min(4, sent_delta))}",
        f"si={_bucket(sent_index, (0, 1, 2, 4, 8))}",
        f"last={int(sent_index == n_sents - 1)}",
        f"freq={_bucket(counts[lem], (1, 2, 4))}",
        f"trig={rl.lemma(trig)}",
        f"dep+trig={head.dep_}|{rl.lemma(trig)}",
        f"side={'before' if head.i < trig.i else 'after'}",
        f"tokd={_bucket(abs(head.i - trig.i), (1, 3, 6, 10, 20))}",
    ]
    if head.dep_ == "pobj":
        feats.append(f"prep={gov.lower_}")
        feats.append(f"prep+gov={gov.lower_}|{rl.lemma(gov.head)}")
        feats.append(f"prep+ent={gov.lower_}|{head.ent_type_ or '-'}")
        if gov.dep_ == "agent":
            feats.append(f"agent+gov={rl.lemma(gov.head)}")
    if head.dep_ in _ARGUMENT_DEPS and gov.pos_ in {"VERB", "AUX"}:
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in gov.children)
        feats.append(f"voice={head.dep_}|{int(passive)}")
    if head.dep_ == "compound":
        feats.append(f"compound_of={rl.lemma(gov)}")
    feats.append(f"hl+dep+gov={lem}|{head.dep_}|{rl.lemma(gov)}")
    verb = next((a for a in head.ancestors if a.pos_ == "VERB"), None)
    if verb is not None:
        feats.append(f"verb={rl.lemma(verb)}")
        feats.append(f"verb+dep={rl.lemma(verb)}|{head.dep_}")
    if sent_delta == 0:
        path, length = _path(head, trig)
        feats.append(f"treed={_bucket(length, (0, 1, 2, 3, 4, 6))}")
        if length <= 4:
            feats.append(f"path={path}")
            feats.append(f"path+trig={path}|{rl.lemma(trig)}")
    lexicon = _lexicon(head)
    feats.extend(lexicon)
    feats.extend(f"{f}|ent={head.ent_type_ or '-'}" for f in lexicon[:1])
    return feats


def _span_features(
    toks: _Tokens, start: int, end: int, kind: str, head: Any, ent: tuple[int, int] | None
) -> list[str]:
    lower = toks.lower
    words = lower[start:end]
    size = end - start
    prev = lower[start - 1] if start > 0 else "<s>"
    after = lower[end] if end < len(lower) else "</s>"
    feats = [
        f"prev={prev}",
        f"next={after}",
        f"kind={kind}",
        f"len={_bucket(size, (1, 2, 3, 4, 6, 9))}",
        f"kind+len={kind}|{_bucket(size, (1, 2, 3, 4, 6, 9))}",
        f"first={words[0]}",
        f"lastw={words[-1]}",
        f"kind+hl={kind}|{rl.lemma(head)}",
    ]
    if "of" in words:
        feats.append("has_of")
    if any(toks.num[start:end]):
        feats.append("has_num")
    if "(" in words or ")" in words:
        feats.append("has_paren")
    if "," in words or "and" in words:
        feats.append("has_list")
    dep, heads, h = toks.dep, toks.head, head.i
    if any(dep[i] == "amod" and heads[i] == h for i in range(start, end)):
        feats.append("has_amod")
    if size <= 4:
        feats.append(f"text={' '.join(words)}")
    if ent is not None:
        exact = ent == (start, end) or _strip(toks, *ent) == (start, end)
        feats.append(f"entspan={head.ent_type_}|{int(exact)}")
    return feats


def _proposal_features(start: int, end: int, head: int, found: Proposals) -> list[str]:
    feats = []
    for role, spans in found.items():
        if (start, end) in spans:
            feats.append(f"rule={role}")
        elif any(s <= head < e for s, e in spans):
            feats.append(f"rule_in={role}")
    return feats
