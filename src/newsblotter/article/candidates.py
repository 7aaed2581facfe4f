"""The rule-built candidate: trafilatura's fast mode, cleaned, with readability on doubt.

trafilatura's fast mode (no fallback extractors) runs on every page. Its result is then
checked with cheap shape tests; only a page that fails one (most of the page's prose left
out, output made of menu-like lines, one giant layout-table line) also goes through
readability, and readability's result replaces trafilatura's only when the two agree on the
part they share (one contains the other). Trafilatura's default mode instead runs
readability and jusText on every page, which costs more and, on its own comparison rule,
helps less. Every extractor runs guarded: one that fails gives an empty candidate, never a
lost page. This candidate is one input of the block model (``article.html``).
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field

import html_text
from lxml.etree import _Element
from lxml.html import HtmlElement
from readability import Document as ReadabilityDocument
from trafilatura import bare_extraction
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.xml import xmltotxt

from newsblotter.article.body import normalise_line
from newsblotter.article.chrome import chrome_reason, is_section_break
from newsblotter.article.lines import Line, line_of

_TOKEN = re.compile(r"\w+")
_OUTSIDE_STORY = frozenset({"nav", "footer", "aside", "form", "header", "menu"})
# Shape thresholds for asking readability for a second opinion.
_MIN_COVERAGE = 0.6  # output length / length of the page's long paragraphs
_MIN_PROSE_SHARE = 0.3  # share of output characters in prose lines (menus, link lists)
_GIANT_LINE = 3000  # characters; a whole layout table flattened into one line
_AGREEMENT = 0.8  # share of the smaller candidate's shingles found in the larger one


@dataclass(slots=True)
class Candidate:
    """One extractor's story paragraphs (as lines) after cleaning, and the chrome it dropped."""

    paragraphs: list[list[Line]] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        return ["\n".join(line.text for line in p) for p in self.paragraphs]


@dataclass(frozen=True, slots=True)
class _Shape:
    chars: int
    prose_chars: int
    longest: int

    @classmethod
    def of(cls, candidate: Candidate) -> _Shape:
        lines = [line for p in candidate.paragraphs for line in p]
        return cls(
            chars=sum(len(line.text) for line in lines),
            prose_chars=sum(len(line.text) for line in lines if line.prose),
            longest=max((len(line.text) for line in lines), default=0),
        )


def _shingles(candidate: Candidate) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall("\n".join(candidate.texts()))
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(0, len(tokens) - 3)))


def _share_inside(part: Counter[tuple[str, ...]], whole: Counter[tuple[str, ...]]) -> float:
    """How much of ``part``'s text ``whole`` also holds (0..1)."""
    total = sum(part.values())
    if not total:
        return 0.0
    return sum(min(c, whole[k]) for k, c in part.items()) / total


def _element_paragraphs(element: _Element) -> list[tuple[str, str]]:
    """(kind, text) for one element of trafilatura's output body; list items are separate."""
    if element.tag == "list":
        items = [xmltotxt(item, False) for item in element]
        return [("item", t) for t in items if t.strip()]
    text = xmltotxt(element, False)
    return [(str(element.tag), text)] if text.strip() else []


def _trafilatura_blocks(tree: HtmlElement) -> list[tuple[str, str]]:
    try:
        # "xml": the body tree alone (the default "python" also renders it all as text)
        document = bare_extraction(
            tree, fast=True, include_comments=False, with_metadata=False, output_format="xml"
        )
    except Exception:
        return []
    if not isinstance(document, TrafilaturaDocument) or document.body is None:
        return []
    return [block for child in document.body for block in _element_paragraphs(child)]


def _readability_blocks(tree: HtmlElement) -> list[tuple[str, str]]:
    try:
        summary = ReadabilityDocument(deepcopy(tree)).summary(html_partial=True)
        text = html_text.extract_text(summary, guess_layout=True)
    except Exception:
        return []
    return [("p", block) for block in re.split(r"\n\s*\n", text) if block.strip()]


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text)).lower()


def clean(blocks: list[tuple[str, str]], title: str | None) -> Candidate:
    """Drop the headline block(s), chrome lines, and everything after a late section header."""
    start = 0
    while start < len(blocks) and blocks[start][0] == "head":
        start += 1  # headline and standfirst: kept as Article.title, not body
    blocks = blocks[start:]
    if title:
        # the headline, possibly under a section label ("Europe"), is the title, not body
        headline = _norm(title)
        for i, (_, text) in enumerate(blocks[:4]):
            if _norm(text) == headline:
                if all(len(b.strip()) < 40 and not b.rstrip().endswith(".") for _, b in blocks[:i]):
                    blocks = blocks[i + 1 :]
                break
    result = Candidate()
    prose_seen = 0
    for index, (_, text) in enumerate(blocks):
        lines = [line_of(t) for raw in text.split("\n") if (t := normalise_line(raw))]
        if not lines:
            continue
        if prose_seen and index >= len(blocks) // 2 and is_section_break(lines[0].text):
            rest = [
                line_of(t.strip()) for _, b in blocks[index:] for t in b.split("\n") if t.strip()
            ]
            if sum(1 for line in rest if line.prose) <= max(1, prose_seen // 4):
                result.chrome.extend(line.text for line in rest)
                break
        kept = []
        for line in lines:
            if chrome_reason(line.text):
                result.chrome.append(line.text)
            else:
                kept.append(line)
                prose_seen += line.prose
        if kept:
            result.paragraphs.append(kept)
    return result


def _prose_mass(tree: HtmlElement) -> int:
    """Characters in the page's long paragraphs outside navigation, header and footer."""
    mass = 0
    for element in tree.iter("p"):
        text = element.text_content()
        if len(text) < 150:
            continue
        if any(a.tag in _OUTSIDE_STORY for a in element.iterancestors()):
            continue
        mass += len(text.strip())
    return mass


def _needs_second_opinion(shape: _Shape, tree: HtmlElement) -> bool:
    if shape.longest > _GIANT_LINE:
        return True
    if shape.chars and shape.prose_chars < _MIN_PROSE_SHARE * shape.chars:
        return True
    mass = _prose_mass(tree)
    return bool(mass) and shape.chars < _MIN_COVERAGE * mass


def _choose(main: Candidate, alternative: Candidate) -> Candidate:
    """Take the alternative only when it is the better of two candidates that agree."""
    a, b = _Shape.of(main), _Shape.of(alternative)
    if not b.prose_chars or b.longest > _GIANT_LINE:
        return main
    if not a.chars:
        return alternative  # the main extractor found nothing (or failed): nothing to agree with
    a_bag, b_bag = _shingles(main), _shingles(alternative)
    # More story: the alternative holds nearly all of the main text and clearly more prose.
    if b.prose_chars > 1.2 * a.prose_chars and _share_inside(a_bag, b_bag) >= _AGREEMENT:
        return alternative
    # Less noise: the main output is chrome-heavy and the alternative is a clean part of it.
    noisy = a.longest > _GIANT_LINE or a.prose_chars < _MIN_PROSE_SHARE * a.chars
    if (
        noisy
        and _share_inside(b_bag, a_bag) >= _AGREEMENT
        and b.prose_chars >= 0.5 * a.prose_chars
        and b.prose_chars > 0.6 * b.chars
    ):
        return alternative
    return main


@dataclass(slots=True)
class RuleCandidates:
    """The rule-built candidate and the raw texts of the extractors that ran for it."""

    chosen: Candidate
    trafilatura: str
    readability: str | None  # None: not asked (trafilatura's result looked right)


def rule_candidates(tree: HtmlElement, title: str | None) -> RuleCandidates:
    """trafilatura's cleaned story, or readability's where the shape tests doubt it."""
    blocks = _trafilatura_blocks(tree)
    chosen = clean(blocks, title)
    second: str | None = None
    if _needs_second_opinion(_Shape.of(chosen), tree):
        other = _readability_blocks(tree)
        second = "\n".join(text for _, text in other)
        chosen = _choose(chosen, clean(other, title))
    return RuleCandidates(chosen, "\n".join(text for _, text in blocks), second)
