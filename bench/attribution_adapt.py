"""newsblotter's output as attribution relations in the offsets of the benchmark's text.

Two views, both mapped back to the input file's offsets (the pipeline may trim the text):

* **layer** (the default of ``bench/attribution.py``): ``Extraction.attributions``, the
  general attribution layer as stored. Source, cue and content are its spans; a content span
  that encloses its own cue or source (a quote split by its cue: ``"X," she said, "Y."``) is
  the content less those (``content_fragments``), so it can match a discontinuous gold
  content.
* **statements**: the responsibility statements. Source = the speaker's span, cue = the
  statement's cue found in its sentence, content = the longer stretch of the sentence on
  either side of source and cue (statements carry no content span: a heuristic of this
  adapter, so judge content by overlap).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsblotter.statements.attribution.raw import content_fragments
from newsblotter.train.brat import Fragment, clean_spans
from newsblotter.train.brat import GoldAttribution as Attribution

if TYPE_CHECKING:
    from newsblotter.records import Extraction, Provenance, Statement

_TRIM = " \t\r\n,.;:!?\"'“”‘’«»()[]—–-"


class OffsetMap:
    """Character offsets of the pipeline's article text -> offsets of the input file."""

    def __init__(self, article: str, original: str) -> None:
        self.shift: int | None = None
        self.table: list[int] = []
        if article == original:
            self.shift = 0
        elif article and (found := original.find(article)) >= 0:
            self.shift = found
        else:
            # The extractor may have re-spaced or trimmed the text: align character by
            # character (difflib), unmatched characters map to nothing.
            self.table = [-1] * len(article)
            matcher = difflib.SequenceMatcher(None, article, original, autojunk=False)
            for i, j, n in matcher.get_matching_blocks():
                self.table[i : i + n] = range(j, j + n)

    def span(self, start: int, end: int) -> Fragment | None:
        if self.shift is not None:
            return start + self.shift, end + self.shift
        mapped = [self.table[i] for i in range(max(0, start), min(end, len(self.table)))]
        mapped = [m for m in mapped if m >= 0]
        return (mapped[0], mapped[-1] + 1) if mapped else None

    def spans(self, fragments: Iterable[Fragment], original: str) -> tuple[Fragment, ...]:
        found = [self.span(s, e) for s, e in fragments]
        return clean_spans((f for f in found if f is not None), original)


def _find(needle: str, hay: str, offset: int, near: int | None) -> Fragment | None:
    """Case-insensitive whole-word match of ``needle`` in ``hay`` nearest to ``near``."""
    words = needle.split()
    if not words:
        return None
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    hits = [(m.start() + offset, m.end() + offset) for m in pattern.finditer(hay)]
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h[0] - near)) if near is not None else hits[0]


def statement_attribution(statement: Statement, article: str) -> Attribution | None:
    """One statement as (source, cue, content) spans in article coordinates; None without cue."""
    s_start, s_end = statement.provenance.start, statement.provenance.end
    sentence = article[s_start:s_end]
    source: Fragment | None = None
    sp = statement.speaker.provenance
    if sp is not None and s_start <= sp.start < sp.end <= s_end:
        source = (sp.start, sp.end)
    elif statement.speaker.name:
        source = _find(statement.speaker.name, sentence, s_start, None)
    if not statement.cue:
        return None
    cue = _find(statement.cue, sentence, s_start, source[0] if source else None)
    if cue is None:
        return None
    block = (min(cue[0], source[0]), max(cue[1], source[1])) if source else cue
    # Quoted speech is the content wherever it stands; otherwise the longer side is.
    sides = [(s_start, block[0]), (block[1], s_end)]
    content: list[Fragment] = []
    for start, end in sorted(sides, key=lambda se: _content_rank(article[se[0] : se[1]])):
        piece = _trim(article, start, end)
        if piece:
            content = [piece]
            break
    return Attribution((cue,), (source,) if source else (), tuple(content))


def _content_rank(side: str) -> tuple[bool, int]:
    quoted = any(q in side for q in '"“”')
    return (not quoted, -len(side.strip()))


def _trim(text: str, start: int, end: int) -> Fragment | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if text[start:end].lower().startswith("that "):
        start += 5
    return (start, end) if start < end else None


def predict_attributions(extraction: Extraction, original: str) -> tuple[list[Attribution], int]:
    """newsblotter's statements as attributions in ``original``'s offsets, and how many of
    them could not be placed (no cue found in the sentence, or text that did not align)."""
    article = extraction.article.text
    mapping = OffsetMap(article, original)
    out: list[Attribution] = []
    lost = 0
    for statement in extraction.statements:
        found = statement_attribution(statement, article)
        if found is None:
            lost += 1
            continue
        cue = mapping.spans(found.cue, original)
        if not cue:
            lost += 1
            continue
        source = mapping.spans(found.source, original)
        attribution = Attribution(cue, source, mapping.spans(found.content, original))
        if attribution not in out:
            out.append(attribution)
    return out, lost


def _fragment(p: Provenance | None) -> list[Fragment]:
    return [(p.start, p.end)] if p is not None else []


def layer_attributions(extraction: Extraction, original: str) -> list[Attribution]:
    """The stored general attribution layer, in ``original``'s offsets (see module doc)."""
    mapping = OffsetMap(extraction.article.text, original)
    out: list[Attribution] = []
    for att in extraction.attributions:
        cue, source = _fragment(att.cue), _fragment(att.source)
        content = [
            piece
            for frag in _fragment(att.content)
            for piece in content_fragments(extraction.article.text, frag, cue + source)
        ]
        spans = {
            "cue": mapping.spans(cue, original),
            "source": mapping.spans(source, original),
            "content": mapping.spans(content, original),
        }
        if spans["cue"]:
            out.append(Attribution(**spans))
    return out
