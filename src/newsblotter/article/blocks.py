"""A page's text blocks: what a reader sees as separate paragraphs, with the markup around them.

One pass over the parsed tree (lxml's C-level ``iterwalk``) cuts the visible text at block-level
elements, the way browsers lay it out: a ``<p>``, ``<li>``, ``<h2>`` or ``<div>`` starts a new
block, inline elements (``<a>``, ``<b>``, ``<span>``) stay inside it. Each block keeps its tag,
the chain of block-level elements above it (as a frame index), cues read from their class and
id attributes, and how much of its text sits in links: the raw material of the block features
the extraction model reads. Hand-written because the extractors we use (trafilatura,
readability) do not expose their segmentation, and html-text's keeps no markup context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.etree import _Element, iterwalk

# Elements that start a block of their own; everything else is inline.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "td", "th", "tr", "ul",
    "caption", "legend", "menu",
})  # fmt: skip
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Cues in class and id attributes, one bit each; a block carries the union over its frames.
# Each cue: substrings of the lower-cased attribute, and whole tokens (split at non-letters).
CUES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("content", ("article", "content", "story", "body", "post", "entry", "text", "main", "read",
        "copy", "prose", "detail"), ()),
    ("comment", ("comment", "disqus", "respon", "reply", "discuss"), ()),
    ("related", ("related", "recommend", "more", "teaser", "trending", "popular", "readnext",
        "read-next", "also", "outbrain", "taboola"), ()),
    ("share", ("share", "social", "sharing", "facebook", "twitter", "whatsapp", "print", "tool"),
        ()),
    ("nav", ("nav", "menu", "breadcrumb", "crumb", "pagination", "pager", "topbar", "masthead",
        "skip"), ()),
    ("footer", ("foot", "copyright", "legal", "colophon", "imprint", "bottom"), ()),
    ("side", ("side", "widget", "rail", "column", "aside", "box"), ()),
    ("ad", ("advert", "promo", "sponsor", "banner", "commercial", "anzeige", "paid", "partner"),
        ("ad", "ads")),
    ("signup", ("newsletter", "subscri", "signup", "sign-up", "regist", "login", "paywall",
        "premium", "plus", "abo"), ()),
    ("media", ("caption", "credit", "figure", "photo", "image", "media", "gallery", "video",
        "embed", "slide"), ()),
    ("meta", ("byline", "author", "meta", "date", "time", "info", "dateline", "publish",
        "source"), ()),
    ("tags", ("topic", "keyword", "categor", "label", "rubric", "subject"), ("tag", "tags")),
    ("head", ("head", "title", "kicker", "lead", "intro", "summary", "standfirst", "subtitle",
        "deck"), ()),
    # "hidden" alone is a utility class that breakpoints undo ("hidden md:block"): not a cue
    ("hidden", ("invisible", "sr-only", "visually-hidden", "screen-reader", "offscreen",
        "modal"), ()),
)  # fmt: skip
# one pattern per cue of its literal substrings (a search finds any of them, as ``in`` would)
_CUE_MATCHERS = tuple(
    (re.compile("|".join(map(re.escape, parts))), frozenset(words)) for _, parts, words in CUES
)
_ATTRIBUTE_TOKEN = re.compile(r"[a-z]+")
_CACHE_LIMIT = 50_000  # distinct class names and ids remembered
_cue_cache: dict[str, int] = {}
_names_cache: dict[str, int] = {}
# Tags whose presence among a block's frames is a feature, one bit each (after the cue bits).
PATH_TAGS = ("article", "main", "section", "header", "figure", "li", "table", "form", "blockquote")
_PATH_BITS = {tag: 1 << (len(CUES) + i) for i, tag in enumerate(PATH_TAGS)}


@dataclass(slots=True)
class Frame:
    """One block-level element on the path from the root: its parent frame and cue bits."""

    tag: str
    parent: int
    depth: int
    bits: int  # own cue bits | the parent's


@dataclass(slots=True)
class Block:
    """A run of text between two block boundaries, in page order."""

    text: str
    frame: int  # index of the innermost block-level element holding the text
    link_chars: int
    chars: int = field(init=False)

    def __post_init__(self) -> None:
        self.chars = len(self.text)


_HIDDEN_BIT = 1 << next(i for i, (name, _, _) in enumerate(CUES) if name == "hidden")
_NO_DISPLAY = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _name_cues(name: str) -> int:
    """The cue bits of one class name or id (remembered: frameworks reuse their names)."""
    cues = _cue_cache.get(name)
    if cues is None:
        lowered = name.lower()
        tokens = set(_ATTRIBUTE_TOKEN.findall(lowered))
        cues = 0
        for index, (parts, words) in enumerate(_CUE_MATCHERS):
            if parts.search(lowered) or not tokens.isdisjoint(words):
                cues |= 1 << index
        if len(_cue_cache) >= _CACHE_LIMIT:
            _cue_cache.clear()
        _cue_cache[name] = cues
    return cues


def _names_cues(names: str) -> int:
    """The cue bits of a class attribute and an id, space-separated (remembered as a whole:
    a page repeats its class lists)."""
    cues = _names_cache.get(names)
    if cues is None:
        cues = 0
        for name in names.split():
            cues |= _name_cues(name)
        if len(_names_cache) >= _CACHE_LIMIT:
            _names_cache.clear()
        _names_cache[names] = cues
    return cues


def _own_bits(element: _Element, tag: str) -> int:
    bits = _PATH_BITS.get(tag, 0)
    get = element.get
    style = get("style")
    if (style and _NO_DISPLAY.search(style)) or get("aria-hidden") == "true":
        bits |= _HIDDEN_BIT
    classes, ident = get("class"), get("id")
    if classes or ident:
        bits |= _names_cues(f"{classes or ''} {ident or ''}")
    return bits


def _clean(text: str) -> str:
    """Whitespace runs as one space, lines kept; str.split() knows Unicode spaces."""
    if "\n" not in text:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def page_blocks(root: _Element) -> tuple[list[Block], list[Frame]]:
    """The text blocks of a parsed page in reading order, and the block-level frames.

    One loop over lxml's events, the block cut written out where it happens (this runs for
    every element of every page): a block boundary with text pending makes a block of it."""
    frames: list[Frame] = [Frame("#root", -1, 0, 0)]
    stack = [0]  # open frames
    blocks: list[Block] = []
    parts: list[str] = []
    add = parts.append
    link_chars = 0
    in_link = 0

    for event, element in iterwalk(root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):  # a processing instruction or entity: only its tail
            if event == "end" and element.tail:
                add(element.tail)
            continue
        tag = tag.lower()
        if tag in BLOCK_TAGS:
            if parts:
                raw = "".join(parts)
                if not raw.isspace() and (text := _clean(raw.replace("\u200b", ""))):
                    blocks.append(Block(text, stack[-1], min(link_chars, len(text))))
                parts.clear()
                link_chars = 0
            if event == "start":
                parent = frames[stack[-1]]
                bits = parent.bits | _own_bits(element, tag)
                stack.append(len(frames))
                frames.append(Frame(tag, stack[-2], parent.depth + 1, bits))
                if element.text:
                    add(element.text)
                    if in_link:
                        link_chars += len(element.text.strip())
            else:
                if len(stack) > 1:
                    stack.pop()
                if element.tail:
                    add(element.tail)
                    if in_link:
                        link_chars += len(element.tail.strip())
            continue
        if event == "start":
            if tag == "br":
                add("\n")
            elif tag == "a":
                in_link += 1
            text = element.text
        else:
            if tag == "a":
                in_link = max(0, in_link - 1)
            text = element.tail
        if text:
            add(text)
            if in_link:
                link_chars += len(text.strip())
    if parts:
        raw = "".join(parts)
        if not raw.isspace() and (text := _clean(raw.replace("\u200b", ""))):
            blocks.append(Block(text, stack[-1], min(link_chars, len(text))))
    return blocks, frames
