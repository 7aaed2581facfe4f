"""Article text as HTML with spans highlighted: every character is escaped, marks are ours.

Annotations may nest or overlap (a casualty figure inside a statement's sentence), so the
text is cut at every span boundary and each piece carries the classes of all spans over it;
this keeps the markup well formed whatever the spans are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from newsblotter.records import Article


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str  # becomes the CSS class k-<kind>
    label: str  # becomes the title (tooltip)


def highlight(text: str, marks: Sequence[Mark], offset: int = 0) -> Markup:
    """``text`` (which starts at ``offset`` of the article) with ``marks`` as <mark> elements."""
    end_of_text = offset + len(text)
    inside = [m for m in marks if m.start < end_of_text and m.end > offset and m.end > m.start]
    cuts = sorted(
        {offset, end_of_text}
        | {max(offset, min(m.start, end_of_text)) for m in inside}
        | {max(offset, min(m.end, end_of_text)) for m in inside}
    )
    out: list[str] = []
    for lo, hi in pairwise(cuts):
        piece = escape(text[lo - offset : hi - offset])
        over = [m for m in inside if m.start <= lo and m.end >= hi]
        if not over:
            out.append(piece)
            continue
        classes = " ".join(sorted({f"k-{m.kind}" for m in over}))
        title = "; ".join(dict.fromkeys(m.label for m in over))
        out.append(f'<mark class="{escape(classes)}" title="{escape(title)}">{piece}</mark>')
    return Markup("".join(out))


def paragraph_of(article: Article, start: int, end: int) -> tuple[int, int]:
    """The paragraph holding [start, end): from the article's paragraph spans, else blank
    lines; widened to cover the whole span when it crosses a paragraph break."""
    spans = article.paragraphs or _blank_line_paragraphs(article.text)
    lo, hi = start, end
    for p_start, p_end in spans:
        if p_start <= start < p_end or (p_start < end <= p_end):
            lo, hi = min(lo, p_start), max(hi, p_end)
    return lo, hi


def _blank_line_paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def quote(article: Article, start: int, end: int, kind: str = "quote") -> Markup:
    """The paragraph around [start, end) with that span highlighted."""
    lo, hi = paragraph_of(article, start, end)
    return highlight(article.text[lo:hi], [Mark(start, end, kind, "quoted sentence")], lo)
