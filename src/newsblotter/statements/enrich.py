"""What a statement carries besides its kind and actor: evidence, hedge, the day it was said.

A statement's hedge is read in its own words (the clause it was read from, and the cue's
own modifiers), so "police detained a man suspected of ..." does not hedge the attribution
beside it; a speaker's hedges and evidence elsewhere in the article ("officials, who said
they believed ...") carry onto its statements, and so does the day it spoke.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsblotter.records import Statement
from newsblotter.statements import lexicon as lx
from newsblotter.statements.attribution import RawAttribution
from newsblotter.statements.clauses import subject_of
from newsblotter.statements.context import Context
from newsblotter.statements.incident import attached_to

HEDGED = frozenset({"attribution", "confirmation", "claim"})


def evidence(text: str) -> list[str]:
    return [name for name, rx in lx.EVIDENCE.items() if rx.search(text)]


def own_words(cue: Any, clause: Any) -> str:
    """The words of a statement: the clause it was read from, and the cue's own modifiers
    ("likely", "may have", "later confirmed")."""
    tokens = {t.i: t for t in clause.subtree}
    tokens = {i: t for i, t in tokens.items() if not _joined(t, clause)}
    subj = subject_of(clause.head if clause.dep_ == "attr" else clause)
    if subj is not None and subj.i not in tokens:  # "the suspected perpetrators were ..."
        tokens |= {t.i: t for t in subj.subtree}
    for anc in clause.ancestors:  # "was believed to be behind": the verbs up to the cue
        if anc.i == cue.i or anc.dep_ in {"ROOT", "conj"}:
            break
        tokens[anc.i] = anc
        for c in anc.children:
            if c.dep_ in {"advmod", "neg"}:
                tokens |= {t.i: t for t in c.subtree}
    for c in cue.children:
        if c.dep_ in {"advmod", "aux", "neg", "acomp"}:
            tokens |= {t.i: t for t in c.subtree}
    tokens[cue.i] = cue
    return " ".join(tokens[i].text for i in sorted(tokens))


def _joined(tok: Any, clause: Any) -> bool:
    """Whether ``tok`` lies in another clause joined to ``clause`` by "and" ("X blamed Y, and
    police said two men suspected of ..."): not the statement's words."""
    for anc in [tok, *tok.ancestors]:
        if anc.i == clause.i:
            return False
        if anc.dep_ == "conj" and anc.head.i == clause.i and anc.pos_ in {"VERB", "AUX"}:
            return True
    return False


def hedge(texts: list[str]) -> tuple[str | None, str | None]:
    phrases: list[str] = []
    level = None
    for lvl, rx in lx.HEDGES:
        for t in texts:
            for m in rx.finditer(t):
                if m.group(0).lower() not in (p.lower() for p in phrases):
                    phrases.append(m.group(0))
                level = level or lvl
    return (", ".join(phrases) or None), level


def said_on(ctx: Context, raw: RawAttribution) -> dt.date | None:
    sent = raw.sentence
    for tx in ctx.ann.times:
        if sent.start_char <= tx.start < sent.end_char and tx.precision == "day":
            span = ctx.doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is not None and attached_to(span.root, raw.cue):
                return tx.date
    return None


def carry_over(
    statements: list[Statement], words: dict[str, str], commentary: list[tuple[str, str]]
) -> None:
    """Hedges, evidence and the day said, from the same speaker's other words."""
    for st in statements:
        name = (st.speaker.name or "").casefold()
        same = [text for who, text in commentary if name and who.casefold() == name]
        if st.kind in HEDGED:
            phrase, level = hedge([words.get(st.id, st.text), *same])
            st.hedge = phrase
            st.hedge_level = level  # type: ignore[assignment]
        for text in same:
            for found in evidence(text):
                if found not in st.evidence:
                    st.evidence.append(found)
    dated = {(st.speaker.name or "").casefold(): st.said_on for st in statements if st.said_on}
    for st in statements:
        if st.said_on is None and st.speaker.name:
            st.said_on = dated.get(st.speaker.name.casefold())
