"""Assemble story paragraphs into ``Article.text`` with their character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable

PARAGRAPH_SEPARATOR = "\n\n"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalise_line(line: str) -> str:
    """Collapse runs of horizontal whitespace; keep the characters themselves untouched."""
    return _SPACES.sub(" ", line).strip()


def assemble(paragraphs: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join non-empty paragraphs with a blank line; return the text and each [start, end)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in paragraphs:
        text = paragraph.strip()
        if not text:
            continue
        if parts:
            offset += len(PARAGRAPH_SEPARATOR)
        spans.append((offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return PARAGRAPH_SEPARATOR.join(parts), spans
