"""HTML mode: candidate extractions, then a trained block model keeps what is story.

1. The page is made safe for every parser (``markup.safe_markup``), parsed once, its metadata,
   captions and JSON-LD ``articleBody`` read, and its scripts, menus and footers removed.
2. Candidates: the rule-built one (trafilatura's fast mode, cleaned, readability on doubt;
   ``article.candidates``), trafilatura's raw output, and the JSON-LD body.
3. The page is cut into text blocks (``article.blocks``); each block's features
   (``article.features``), among them which candidates keep it, go through a small
   gradient-boosted model (``article.forest``, trained on two dev sets with folds grouped by
   publisher: ``python -m newsblotter.train.article``) that says which blocks are story.
4. Never lose the story (``article.guard``): when the kept blocks are short or link-dense
   next to what another candidate offers, the better candidate is taken; a result that is
   mostly navigation is never returned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from lxml.etree import Comment, XPath, strip_elements
from lxml.html import HtmlElement

from newsblotter.article.blocks import Block, Frame, page_blocks
from newsblotter.article.body import assemble, normalise_line
from newsblotter.article.candidates import RuleCandidates, rule_candidates
from newsblotter.article.chrome import names_story_credit
from newsblotter.article.errors import NoArticle
from newsblotter.article.features import (
    CLAIM_SHARE,
    FEATURES,
    block_features,
    kept_alone,
    kept_between,
)
from newsblotter.article.forest import load
from newsblotter.article.guard import Story, guarded
from newsblotter.article.markup import json_ld_body, parse_page
from newsblotter.article.metadata import PageMeta, read_metadata
from newsblotter.article.wire import parse_dateline, wire_agency
from newsblotter.records import Article

EXTRACTOR = "article.html/5"
_PROSE = FEATURES.index("prose")
_RULES = FEATURES.index("rules_share")
_TRAFILATURA = FEATURES.index("trafilatura_share")
_CHROME = [FEATURES.index(name) for name in ("chrome_section", "chrome_promo", "chrome_ad")]
_AGREED = 0.3  # see keep_blocks
_ALONE_P, _ALONE_REACH = 0.7, 2  # a block kept with none kept this near needs this probability
_BETWEEN = 0.3  # a block between two kept ones is kept from this probability

# Captions of figures only: a page-wide class search costs three times as much and mostly
# finds gallery and video-player captions of other stories.
_CAPTION_XPATH = XPath('//figcaption | //figure//*[contains(@class, "caption")]')
_NEVER_TEXT = (
    "script", "style", "svg", "template", "iframe", "link", "meta", "noscript", "head",
    "button", "select", "input", "textarea", "canvas", "video", "audio", "object", "embed",
    "picture", "nav", "aside", "footer", "menu", Comment,
)  # fmt: skip


@dataclass(slots=True)
class PageAnalysis:
    """Everything the block model and the guard read about one page."""

    meta: PageMeta
    captions: list[str]
    rules: RuleCandidates
    jsonld: str
    blocks: list[Block]
    frames: list[Frame]
    rows: npt.NDArray[np.float32]


def _captions(tree: HtmlElement) -> list[str]:
    seen: dict[str, None] = {}
    for element in _CAPTION_XPATH(tree):
        text = normalise_line(element.text_content())
        if 0 < len(text) <= 500:
            seen.setdefault(text, None)
    return list(seen)


def analyse_html(html: str, url: str | None = None) -> PageAnalysis | None:
    """Parse a page and compute its candidates and block features; None if not HTML."""
    tree = parse_page(html)
    if tree is None:
        return None
    meta = read_metadata(tree, url)
    captions = _captions(tree)
    jsonld = json_ld_body(tree)
    # Metadata read, the scripts and styles can go: every extractor below would copy and
    # walk them only to throw them away (removing them first leaves the output unchanged).
    strip_elements(tree, *_NEVER_TEXT, with_tail=True)
    rules = rule_candidates(tree, meta.title)
    blocks, frames = page_blocks(tree)
    references = {
        "rules": "\n".join(rules.chosen.texts()),
        "trafilatura": rules.trafilatura,
        "readability": rules.readability,
        "jsonld": jsonld,
    }
    rows = block_features(blocks, frames, references, meta.title)
    return PageAnalysis(meta, captions, rules, jsonld, blocks, frames, rows)


def keep_blocks(
    page: PageAnalysis, probability: npt.NDArray[np.float64], threshold: float
) -> npt.NDArray[np.bool_]:
    """The blocks the model keeps. A prose block that trafilatura and the rule candidate both
    keep is dropped only when the model is fairly sure (losing story costs more than keeping
    a stray paragraph; cross-validated F1 +.001 ScrapingHub, -.0007 fundus: a wash).

    A block kept with no other kept block within two blocks either side needs a surer
    probability (``_ALONE_P``): a lone block amid dropped ones is more often a teaser or a
    promo than story (cross-validated by publisher, two LightGBM seeds: ScrapingHub +.0014
    both, fundus +.0011 / +.0001).

    Then a block whose neighbours on both sides are kept needs only ``_BETWEEN``: a short
    paragraph, quote or subheading amid the story is more often story than not
    (``article.html/5``, with the model refitted on half the features per tree and 450 trees:
    cross-validated by publisher, five LightGBM seeds, ScrapingHub +.0024 and fundus +.0018
    on the mean, a gain on both sets with every seed; docs/models/article-extraction.md).
    Never so a block that is a chrome cue (a sign-up pitch, an ad marker, a section header
    amid the story): same cross-validated figures, kept as a guarantee."""
    rows = page.rows
    agreed = (rows[:, _RULES] >= CLAIM_SHARE) & (rows[:, _TRAFILATURA] >= CLAIM_SHARE)
    agreed &= rows[:, _PROSE] > 0
    keep: npt.NDArray[np.bool_] = (probability >= threshold) | (agreed & (probability >= _AGREED))
    keep &= ~kept_alone(keep, _ALONE_REACH) | (probability >= max(threshold, _ALONE_P))
    chrome = (rows[:, _CHROME] > 0).any(axis=1)
    return keep | (kept_between(keep) & (probability >= _BETWEEN) & ~chrome)


def decide(page: PageAnalysis, keep: npt.NDArray[np.bool_]) -> Story:
    """The story from the blocks the model keeps, checked against the other candidates."""
    prose = page.rows[:, _PROSE] > 0
    kept = [i for i, k in enumerate(keep) if k]
    return guarded([page.blocks[i] for i in kept], prose[kept].tolist(), page.rules, page.jsonld)


def extract_html(html: str, document: str, url: str | None = None) -> Article:
    """The story of an HTML page, with its metadata, captions and the chrome removed."""
    page = analyse_html(html, url)
    if page is None:
        raise NoArticle(f"{document}: not parseable as HTML")
    model = load("html", FEATURES)
    story = decide(page, keep_blocks(page, model.probability(page.rows), model.threshold_p))
    if story.navigation:
        raise NoArticle(f"{document}: only navigation found, no story text")
    meta = page.meta
    text, spans = assemble(story.paragraphs)
    if not text:
        raise NoArticle(f"{document}: no story text found in the page")
    first = text[: spans[0][1]] if spans else ""
    dateline = parse_dateline(first)
    chrome = page.rules.chosen.chrome
    # Only credit-like chrome lines: a teaser's "LONDON (Reuters) -" is another story's wire.
    chrome_text = "\n".join(line for line in chrome if names_story_credit(line))
    # Datelines open a story and credits close it: look at both ends only.
    ends = "\n".join([*story.paragraphs[:3], *story.paragraphs[-3:]])
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
        captions=page.captions,
        chrome=chrome,
        extractor=EXTRACTOR,
    )
