"""The record the attribution layer hands to the statement stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RawAttribution:
    """Token-level attribution: spaCy tokens/spans for the statement stage to interpret.

    ``cue`` is the head token of the cue and ``cue_span`` the whole cue ("according to",
    "has said", a colon). ``content`` is one span; for a quote split by its cue ("X," she
    said, "Y.") it runs from the first to the last word said, so it encloses the cue and
    the source, which are not part of what was said."""

    cue: Any  # Token
    source: Any | None  # Span
    content: Any | None  # Span
    sentence: Any  # Span: the cue's sentence
    negated: bool
    cue_span: Any = None  # Span; None only in a record built by hand


_JOINERS = " \t\r\n,;:—–-"


def content_fragments(
    text: str, content: tuple[int, int], holes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The words said, as character ranges: ``content`` less the ``holes`` inside it (its
    cue and source), less the commas and spaces that join a hole to the words after it."""
    start, end = content
    out = []
    for h_start, h_end in sorted(holes):
        if h_end <= start or h_start >= end:
            continue
        out.append((start, h_start))
        start = h_end
        while start < end and text[start] in _JOINERS:
            start += 1
    out.append((start, end))
    return [(s, e) for s, e in out if text[s:e].strip()]
