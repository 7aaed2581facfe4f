"""HTML mode: trafilatura finds the story, a second opinion is asked only when it looks wrong.

trafilatura's fast mode (no fallback extractors) runs on every page. Its result is then
checked with cheap shape tests; only a page that fails one (most of the page's prose left
out, output made of menu-like lines, one giant layout-table line) also goes through
readability, and readability's result replaces trafilatura's only when the two agree on the
part they share (one contains the other). Trafilatura's default mode instead runs
readability and jusText on every page, which costs more and, on its own comparison rule,
helps less.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field

import html_text
from lxml.etree import Comment, XPath, _Element, strip_elements
from lxml.html import HtmlElement
from readability import Document as ReadabilityDocument
from trafilatura import bare_extraction, load_html
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.xml import xmltotxt

from newsblotter.article.body import assemble, normalise_line
from newsblotter.article.chrome import chrome_reason, is_section_break, names_story_credit
from newsblotter.article.errors import NoArticle
from newsblotter.article.lines import Line
from newsblotter.article.metadata import read_metadata
from newsblotter.article.wire import parse_dateline, wire_agency
from newsblotter.records import Article

EXTRACTOR = "article.html/1"

_TOKEN = re.compile(r"\w+")
# Captions of figures only: a page-wide class search costs three times as much and mostly
# finds gallery and video-player captions of other stories.
_CAPTION_XPATH = XPath('//figcaption | //figure//*[contains(@class, "caption")]')
_NEVER_TEXT = (
    "script", "style", "svg", "template", "iframe", "link", "meta", "noscript", "head",
    "button", "select", "input", "textarea", "canvas", "video", "audio", "object", "embed",
    "picture", "nav", "aside", "footer", "menu", Comment,
)  # fmt: skip
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
    document = bare_extraction(tree, fast=True, include_comments=False, with_metadata=False)
    if not isinstance(document, TrafilaturaDocument) or document.body is None:
        return []
    return [block for child in document.body for block in _element_paragraphs(child)]


def _readability_blocks(tree: HtmlElement) -> list[tuple[str, str]]:
    summary = ReadabilityDocument(deepcopy(tree)).summary(html_partial=True)
    text = html_text.extract_text(summary, guess_layout=True)
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
        for i, (_, text) in enumerate(blocks[:4]):
            if _norm(text) == _norm(title):
                if all(len(b.strip()) < 40 and not b.rstrip().endswith(".") for _, b in blocks[:i]):
                    blocks = blocks[i + 1 :]
                break
    result = Candidate()
    prose_seen = 0
    for index, (_, text) in enumerate(blocks):
        lines = [Line(t) for raw in text.split("\n") if (t := normalise_line(raw))]
        if not lines:
            continue
        if prose_seen and index >= len(blocks) // 2 and is_section_break(lines[0].text):
            rest = [Line(t.strip()) for _, b in blocks[index:] for t in b.split("\n") if t.strip()]
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


def _captions(tree: HtmlElement) -> list[str]:
    seen: dict[str, None] = {}
    for element in _CAPTION_XPATH(tree):
        text = normalise_line(element.text_content())
        if 0 < len(text) <= 500:
            seen.setdefault(text, None)
    return list(seen)


def extract_html(html: str, document: str, url: str | None = None) -> Article:
    """The story of an HTML page, with its metadata, captions and the chrome removed."""
    tree = load_html(html)
    if tree is None:
        raise NoArticle(f"{document}: not parseable as HTML")
    meta = read_metadata(tree, url)
    captions = _captions(tree)
    # Metadata read, the scripts and styles can go: every extractor below would copy and
    # walk them only to throw them away (removing them first leaves the output unchanged).
    strip_elements(tree, *_NEVER_TEXT, with_tail=True)
    candidate = clean(_trafilatura_blocks(tree), meta.title)
    if _needs_second_opinion(_Shape.of(candidate), tree):
        candidate = _choose(candidate, clean(_readability_blocks(tree), meta.title))
    text, spans = assemble(candidate.texts())
    if not text:
        raise NoArticle(f"{document}: no story text found in the page")
    first = text[: spans[0][1]] if spans else ""
    dateline = parse_dateline(first)
    # Only credit-like chrome lines: a teaser's "LONDON (Reuters) -" is another story's wire.
    chrome_text = "\n".join(line for line in candidate.chrome if names_story_credit(line))
    # Datelines open a story and credits close it: look at both ends only.
    ends = "\n".join([*candidate.texts()[:3], *candidate.texts()[-3:]])
    agency = wire_agency(ends) or wire_agency(chrome_text)
    if agency is None and meta.author:
        agency = wire_agency(f"By {meta.author}")
    return Article(
        document=document,
        text=text,
        title=meta.title,
        url=url,
        canonical_url=meta.url,
        outlet=meta.sitename,
        wire_agency=agency,
        published=meta.published,
        published_precision="day" if meta.published else None,
        byline=meta.author,
        dateline=dateline.place if dateline else None,
        language=meta.language,
        paragraphs=spans,
        captions=captions,
        chrome=candidate.chrome,
        extractor=EXTRACTOR,
    )
