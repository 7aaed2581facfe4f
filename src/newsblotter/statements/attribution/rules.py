"""Hand-written attribution rules: every reported statement as (source, cue, content).

The layer before the trained model (``model.py``), kept to compare with it. Built on
spaCy's dependency parse: a reporting verb is the cue, its subject the source and
its clausal complement (or fronted quote) the content; "according to X" is handled apart.
Hand-written because no maintained library extracts attribution relations from English news.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from newsblotter.lang import words
from newsblotter.statements.attribution.raw import RawAttribution

REPORTING = words("statements.reporting_verbs")
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "advcl", "prep", "attr", "oprd"})


def find_rule_attributions(doc: Any) -> list[RawAttribution]:
    out: list[RawAttribution] = []
    sents = list(doc.sents)
    starts = [sent.start for sent in sents]
    for i in _tokens_with_lemma(doc, REPORTING | {"accord"}):
        tok = doc[i]
        sent = sents[bisect.bisect_right(starts, i) - 1]
        lemma = tok.lemma_.lower()
        if lemma == "accord" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            out.append(_according_to(doc, tok, sent))
        elif lemma in REPORTING and tok.pos_ in {"VERB", "AUX"}:
            att = _verbal(doc, tok, sent)
            if att is not None:
                out.append(att)
    return out


def _tokens_with_lemma(doc: Any, lemmas: frozenset[str] | set[str]) -> list[int]:
    """Indices of the tokens whose lower-cased lemma is one of ``lemmas`` (read from the
    lemma column: a Token object per token would cost more than the rules)."""
    if not len(doc):
        return []
    keys = doc.to_array(["LEMMA"]).reshape(-1)
    store = doc.vocab.strings
    unique = np.unique(keys)
    wanted = [k for k in unique.tolist() if k and store[k].lower() in lemmas]
    return np.flatnonzero(np.isin(keys, wanted)).tolist()


def _span(doc: Any, tok: Any) -> Any:
    return doc[tok.left_edge.i : tok.right_edge.i + 1]


def _subject(tok: Any) -> Any | None:
    # passive: "the attack was claimed by X", "an attack claimed by X": the agent speaks
    agent = _agent(tok)
    if agent is not None:
        return agent
    for child in tok.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.lower_ in {"which", "that", "who"} and tok.dep_ == "relcl":
                return tok.head  # "al-Shabaab, which claimed ...": the antecedent
            return child
    # "..., saying ..." / "declined to comment": the subject of the governing verb
    if tok.dep_ in {"advcl", "xcomp", "conj"} and tok.head is not tok:
        return _subject(tok.head)
    return _after_fronted_place(tok)


def _after_fronted_place(tok: Any) -> Any | None:
    """ "In Kyiv, Mykhailo Podolyak, an adviser ..., said": the small model reads the name as
    a second place joined to "Kyiv" and leaves the verb without a subject. A proper noun
    conjoined to a fronted place without "and" is the speaker."""
    for child in tok.children:
        if child.dep_ != "prep" or child.i > tok.i:
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is None or any(c.dep_ == "cc" for c in pobj.children):
            continue
        conj = next((c for c in pobj.children if c.dep_ == "conj" and c.pos_ == "PROPN"), None)
        if conj is not None:
            return conj
    return None


def _agent(tok: Any) -> Any | None:
    """The "by X" of a passive verb, or None."""
    for child in tok.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _verbal(doc: Any, tok: Any, sent: Any) -> RawAttribution | None:
    subj = _subject(tok)
    if subj is None and tok.dep_ not in {"ROOT", "advcl", "xcomp"}:
        return None
    negated = any(c.dep_ == "neg" for c in tok.children)
    content = None
    for child in tok.children:
        # what was said follows the cue ("In Kyiv, X said ..." does not say "In Kyiv"),
        # or is a fronted clause ("Intercepts confirmed that ..., two sources told Reuters")
        if child.dep_ == "advcl" and any(c.dep_ == "mark" for c in child.children):
            continue  # "..., although officials said ...": a clause beside, not what was said
        if child.dep_ in CONTENT_DEPS and (child.i > tok.i or child.dep_ == "ccomp"):
            content = (
                _span(doc, child)
                if content is None
                else doc[
                    min(content.start, child.left_edge.i) : max(content.end, child.right_edge.i + 1)
                ]
            )
    if content is None and tok.dep_ in {"ROOT"}:
        fronted = [c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i]
        if fronted:
            content = _span(doc, fronted[0])
    source = _source_span(doc, subj) if subj is not None else None
    return RawAttribution(tok, source, content, sent, negated, doc[tok.i : tok.i + 1])


def _source_span(doc: Any, subj: Any) -> Any:
    """The subject noun phrase, cut before a comma-delimited relative clause."""
    start = subj.left_edge.i
    end = subj.right_edge.i + 1
    for t in doc[subj.i + 1 : end]:
        if t.text == "," or t.dep_ == "relcl":
            end = t.i
            break
    return doc[start:end]


def _according_to(doc: Any, tok: Any, sent: Any) -> RawAttribution:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    source = _source_span(doc, pobj) if pobj is not None else None
    cue = doc[tok.i : tok.i + 2]
    before = doc[sent.start : tok.i]
    after = doc[(source.end if source is not None else to.i + 1) : sent.end]
    content = before if len(before) > len(after) else after
    return RawAttribution(tok, source, content, sent, False, cue)


_DASHES = frozenset({"—", "―", "–", "--"})
_CLOSING = frozenset({"”", '"', "’’", "''"})
_DASH_WORDS = _DASHES | {q + d for q in '”"' for d in "—―–"}


def find_dash_quotes(doc: Any) -> list[RawAttribution]:
    """A quotation signed with a dash and a name: ``"We will rebuild." — Ana Lima``.

    The dash is the cue, the name after it the source, the quotation before it the content
    (from its opening mark, in the same paragraph)."""
    out = []
    for i in _tokens_with_word(doc, _DASH_WORDS):
        tok = doc[i]
        text = tok.text
        glued = text not in _DASHES  # '”―' as one token
        before = _previous_word(doc, tok.i)
        if not glued and (before is None or before.text not in _CLOSING):
            continue
        name_start = tok.i + 1
        while (
            name_start < len(doc) and doc[name_start].is_space and "\n" not in doc[name_start].text
        ):
            name_start += 1
        name_end = name_start
        while name_end < len(doc) and doc[name_end].pos_ == "PROPN":
            name_end += 1
        if name_end == name_start:
            continue
        close = tok.i if glued else before.i  # type: ignore[union-attr]
        opening = _opening_quote(doc, close)
        if opening is None:
            continue
        content = doc[opening : close + 1] if not glued else doc[opening:close]
        sentence = doc[tok.i].sent
        out.append(
            RawAttribution(
                tok, doc[name_start:name_end], content, sentence, False, doc[tok.i : tok.i + 1]
            )
        )
    return out


def _tokens_with_word(doc: Any, texts: frozenset[str]) -> list[int]:
    """Indices of the tokens whose lower-cased text is one of ``texts``."""
    if not len(doc):
        return []
    keys = doc.to_array(["LOWER"]).reshape(-1)
    return np.flatnonzero(np.isin(keys, [doc.vocab.strings[t] for t in texts])).tolist()


def _previous_word(doc: Any, i: int) -> Any | None:
    j = i - 1
    while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1
    return doc[j] if j >= 0 and not doc[j].is_space else None


def _opening_quote(doc: Any, close: int) -> int | None:
    """The opening quote mark of the quotation that ends at token ``close``, in its paragraph."""
    j = close - 1
    while j >= 0:
        tok = doc[j]
        if tok.is_space and "\n" in tok.text:
            return None
        if tok.text in {"“", '"'}:
            return j
        j -= 1
    return None
