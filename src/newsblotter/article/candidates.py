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
from contextlib import suppress
from copy import copy, deepcopy
from dataclasses import dataclass, field

import html_text
from lxml.etree import _Element, strip_elements, strip_tags
from lxml.html import HtmlElement
from readability import Document as ReadabilityDocument
from trafilatura.baseline import _BLOCK_ELEMS, baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
    _recall_retry,
)
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import _elem_text, recover_wild_text
from trafilatura.settings import MIN_DUPLICATE_LENGTH, Extractor
from trafilatura.utils import SPACING_PROTECTED, text_chars_test
from trafilatura.xml import delete_element, xmltotxt

from newsblotter.article.body import normalise_line
from newsblotter.article.chrome import chrome_reason, is_section_break
from newsblotter.article.elementfilters import extract as _extract
from newsblotter.article.elementfilters import raw_prune
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


# bare_extraction(tree, fast=True, include_comments=False, with_metadata=False,
# output_format="xml") builds these options anew for every page (a config read, a date).
_FAST = Extractor(output_format="xml", fast=True, comments=False)


def _page_text_at_most(page: HtmlElement) -> int:
    """An upper bound on ``len(html2txt(tree))`` for the page's pruned tree, without the
    copy and cleaning of the page that html2txt makes.

    The prunes and html2txt's cleaning delete elements (their text, never their tails),
    which neither adds characters nor splits words; html2txt then spaces the text and tail
    of each block element (splitting at most one word each) and joins the words with
    single spaces."""
    body = page.find(".//body")
    if body is None:
        body = page
    added = 2 * sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    return len(" ".join("".join(body.itertext()).split())) + 1 + added


def _raw_pruned(page: HtmlElement) -> HtmlElement:
    """trafilatura_sequence's tree: the page's copy less comment sections and lists (its
    XPath prunes answered by ``article.elementfilters``)."""
    tree = copy(page)
    return raw_prune(tree, _forum_thread_page(tree))


def _converted(page: HtmlElement) -> HtmlElement:
    """trafilatura's cleaned and converted tree of the page (a new tree each call)."""
    return convert_tags(tree_cleaning(_raw_pruned(page), _FAST), _FAST, None)


def _extract_content(page: HtmlElement) -> tuple[_Element, str]:
    """trafilatura's extract_content on the page's converted tree, whose backup copy (read
    only when the main pass finds little) is built again from the page when it is read."""
    options = _FAST
    cleaned = _converted(page)
    order = list(cleaned.iter())
    body, text, potential_tags = _extract(cleaned, options)
    if len(body) == 0 or len(text) < options.min_extracted_size:
        backup = _converted(page)
        consumed = {
            twin for elem, twin in zip(order, backup.iter(), strict=True) if elem.tag == "done"
        }
        body = recover_wild_text(backup, body, options, potential_tags, consumed)
        text = " ".join(body.itertext()).strip()
    previous = None
    for element in list(body):
        current = _elem_text(element)
        if current and current == previous and len(current) > MIN_DUPLICATE_LENGTH:
            delete_element(element, keep_tail=False)
        else:
            previous = current
    strip_elements(body, "done")
    strip_tags(body, "div")
    for linebreak in body.iter("lb"):
        if (
            linebreak.tail
            and not text_chars_test(linebreak.tail)
            and not any(a.tag in SPACING_PROTECTED for a in linebreak.iterancestors())
        ):
            linebreak.tail = None
    return body, text


def _trafilatura_body(page: HtmlElement) -> _Element | None:
    """The body tree of bare_extraction with the options above (trafilatura 2.3.1's
    ``trafilatura_sequence`` for fast mode without comments), less three of its costs: the
    copies of the tree kept for later stages, built again here only when a stage reads
    them (the pre-conversion backup is read only by the comparison and comment stages,
    which these options never run), and the page text (``html2txt``) for the recall check
    where a bound shows the extraction is not short next to it. Same output (tested against
    bare_extraction)."""
    options = _FAST
    body, text = _extract_content(page)
    raw: HtmlElement | None = None
    if len(text) < options.min_extracted_size:
        raw = _raw_pruned(page)
        b_body, b_text, b_len = baseline(raw)
        if b_len > len(text):
            body, text = b_body, b_text
    short = 0 < len(text) < ESCALATION_MAX_LENGTH
    if short and len(text) < ESCALATION_PAGE_SHARE * _page_text_at_most(page):
        if raw is None:
            raw = _raw_pruned(page)
        if len(text) < ESCALATION_PAGE_SHARE * len(html2txt(raw)):
            retry = copy(options)
            retry.focus = "recall"
            r_text = ""
            with suppress(Exception):
                r_body, r_text = _recall_retry(raw, retry, None)
            accept = ESCALATION_ACCEPT_RATIO * len(text)
            if len(r_text) >= options.min_extracted_size and len(r_text) > accept:
                body, text = r_body, r_text
    if len(text) < options.min_output_size:
        return None
    return body


def _trafilatura_blocks(tree: HtmlElement) -> list[tuple[str, str]]:
    try:
        body = _trafilatura_body(tree)
    except Exception:
        return []
    if body is None:
        return []
    return [block for child in body for block in _element_paragraphs(child)]


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
