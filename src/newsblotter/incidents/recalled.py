"""Whether a trigger tells of an event the article recalls rather than reports: one told in
an undated era ("the pandemic that killed millions in the 14th century"), remembered on an
anniversary, or counted from ("ten years after the attack"). Read by ``events`` when it
decides what is background.

Hand-written over the dependency parse, like ``newsworthy``; the words are data
(``newsworthy.anniversary_words``, ``recall_preps``, ``recall_spans``,
``newsworthy_text.past_cue_patterns``).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from newsblotter.lang import alternation, words

ANNIVERSARY_WORDS = words("newsworthy.anniversary_words")
RECALL_PREPS = words("newsworthy.recall_preps")
RECALL_SPANS = words("newsworthy.recall_spans")
_PAST_CUE = re.compile(
    rf"\b{alternation('newsworthy_text.past_cue_patterns')}\b",
    re.I,
)


def told_as_past(tok: Any) -> bool:
    """ "the pandemic that killed millions in the 14th century", "the anniversary of the
    bombing": an era the parser does not date, within two edges of the trigger."""
    sent = tok.sent
    for m in _PAST_CUE.finditer(sent.text):
        span = tok.doc.char_span(
            sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
        )
        if span is not None and _edges(span.root, tok) <= 2:
            return True
    return False


def remembered(tok: Any) -> bool:
    """ "the tenth anniversary of the archbishop's assassination": an event remembered on its
    anniversary is at least a year old, whatever date the sentence gives."""
    return any(t.lemma_.lower() in ANNIVERSARY_WORDS for t in itertools.islice(tok.ancestors, 3))


def told_after(tok: Any) -> bool:
    """ "Ten years after the attack", "a decade since the massacre", "two weeks after gunmen
    killed 26 tourists": an event the sentence counts a span of time from is that old (read
    when the event has no date of its own)."""
    if tok.pos_ == "VERB":
        marked = any(c.dep_ == "mark" and c.lower_ in RECALL_PREPS for c in tok.children)
        spans = [c for c in tok.children if c.dep_ == "npadvmod"]
        return marked and any(t.lemma_.lower() in RECALL_SPANS for t in spans)
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in RECALL_PREPS:
        return False
    spans = [c for c in prep.children if c.dep_ == "npadvmod"] + [prep.head]
    return any(t.lemma_.lower() in RECALL_SPANS for t in spans)  # "a decade since the massacre"


def _edges(a: Any, b: Any) -> int:
    """Edges between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in index:
            return index[t.i] + n
    return 99
