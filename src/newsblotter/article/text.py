"""Scraped plain-text mode: find the story in a page saved as text, chrome and all.

No maintained tool separates a story from page chrome once the markup is gone, so this is
hand-written, from layout-independent signals only:

1. Every line gets a kind (chrome cue, section header, date stamp, byline, caption, story)
   and a score: running prose scores positive, title/menu-like lines and chrome negative.
2. Section headers ("Related", "Next In World", "Comments") split the page into sections;
   the story is the best-scoring contiguous run of lines (maximum-sum segment) in the best
   section. Anything after a section header that follows the story is therefore chrome.
3. Inside the run, chrome, captions, dates and bylines are set aside; the rest is the body.
   Headline, date, dateline and wire agency are read from the lines around the story start.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from newsblotter.article.body import assemble
from newsblotter.article.chrome import names_story_credit
from newsblotter.article.dates import FoundDate
from newsblotter.article.errors import NoArticle
from newsblotter.article.features import kept_alone, kept_between
from newsblotter.article.forest import load
from newsblotter.article.linefeatures import LINE_FEATURES, line_features
from newsblotter.article.lines import Line
from newsblotter.article.markup import safe_markup
from newsblotter.article.region import story_spans
from newsblotter.article.rows import HEADER_WINDOW, Row, page_rows
from newsblotter.article.wire import parse_dateline, wire_agency
from newsblotter.records import Article

EXTRACTOR = "article.text/7"

_ALONE_P = 0.6  # a row kept with no kept row beside it needs this probability
_BETWEEN_P = 0.4  # a row between two kept rows is kept from this probability
_STANDFIRST_ROWS = 6  # a byline/date this close to the run's start closes a standfirst
_TOKEN = re.compile(r"\w+")


def _title(rows: list[Row], story_first: int) -> tuple[int, str] | None:
    """The headline, looked for in the lines just above the story.

    Headlines sit right above the byline or date stamp; when a line there also appears
    elsewhere on the page (the page title, a repeat) it is preferred over a standfirst.
    """

    def candidate(row: Row) -> bool:
        line = row.line
        return (
            row.kind == "story"
            and (line.n_words >= 3 or line.cjk)
            and line.n_words <= 40
            and not line.bullet
            and not line.teaser
        )

    window = range(max(0, story_first - HEADER_WINDOW), story_first)
    stamp = next((i for i in window if rows[i].kind in ("date", "byline")), story_first)
    near = [i for i in window if i < stamp and candidate(rows[i])]
    texts = [r.line.text for r in rows]
    # The page title (first line) repeated as the headline: the nearest such line wins.
    repeated = [
        i
        for i in range(1, stamp)
        if candidate(rows[i]) and not rows[i].line.prose and rows[i].line.text in texts[0]
    ]
    if repeated:
        return repeated[-1], rows[repeated[-1]].line.text
    if near:
        return near[-1], rows[near[-1]].line.text
    first = next((i for i, r in enumerate(rows[:story_first]) if candidate(r)), None)
    if first is not None:
        return first, rows[first].line.text
    # No header at all: a short unpunctuated opening line of the story is its headline.
    if rows and rows[0].line.headline_like and rows[0].line.n_words >= 3:
        return 0, rows[0].line.text
    return None


def _published(rows: list[Row], story_first: int, story_last: int) -> FoundDate | None:
    before = [r.date for r in rows[max(0, story_first - HEADER_WINDOW) : story_first] if r.date]
    if before:
        return before[0]
    early = [r.date for r in rows[story_first : min(story_last + 1, story_first + 5)] if r.date]
    if early:
        return early[0]
    anywhere = [r.date for r in rows[:story_first] if r.date]
    return anywhere[0] if anywhere else None


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text)).lower()


def _body_rows(rows: list[Row], spans: list[tuple[int, int]], title: str | None) -> list[int]:
    """Story rows of the spans (indices), less the headline, the standfirst and repeated
    link lines."""
    indices = [i for a, b in spans for i in range(a, b + 1) if rows[i].kind == "story"]
    # A standfirst sits between headline and byline/date: story rows before a byline or
    # date stamp that closes the opening few rows are not the body (unless a dateline).
    first, last = spans[0]
    head = range(first, min(first + _STANDFIRST_ROWS, last))
    stamps = [i for i in head if rows[i].kind in ("date", "byline")]
    if stamps:
        before = [i for i in indices if i < stamps[-1]]
        after = [i for i in indices if i > stamps[-1]]
        if len(before) <= 2 < len(after) and not any(
            parse_dateline(rows[i].line.text) for i in before
        ):
            indices = after
    inside = set(indices)
    keys = {i: _norm(rows[i].line.text) for i in indices}
    outside = {_norm(r.line.text) for i, r in enumerate(rows) if i not in inside}
    if title:
        outside.add(_norm(title))
    counts = Counter(keys.values())

    def link_like(i: int) -> bool:
        # A non-sentence said twice in the story or also shown elsewhere on the page (the
        # headline, a teaser) is a headline or link, not story. (Sentences may repeat: an
        # interview's recurring question, a pull quote.)
        return not rows[i].line.prose and (counts[keys[i]] > 1 or keys[i] in outside)

    return [i for i in indices if not link_like(i)]


def _paragraphs(rows: list[Row]) -> list[str]:
    """Body rows as paragraphs; a hard-wrapped line continues into the next one."""
    paragraphs: list[list[str]] = []
    previous: Line | None = None
    for row in rows:
        continues = (
            previous is not None
            and not row.gap_before
            and not previous.terminal
            and row.line.text[:1].islower()
        )
        if continues:
            paragraphs[-1].append(row.line.text)
        else:
            paragraphs.append([row.line.text])
        previous = row.line
    return [" ".join(p) for p in paragraphs]


@dataclass(slots=True)
class TextAnalysis:
    """A text page's rows, what the hand-written region finder makes of them, and features."""

    rows: list[Row]
    spans: list[tuple[int, int]]
    title: tuple[int, str] | None
    rule_body: list[int]  # row indices of the region finder's body
    features: npt.NDArray[np.float32]


def analyse_text(text: str) -> TextAnalysis:
    """Rows, the rule-found story and the line features of a scraped page."""
    rows = page_rows(text)
    spans = story_spans(rows) if rows else []
    title = _title(rows, spans[0][0]) if spans else None
    rule_body = _body_rows(rows, spans, title[1] if title else None) if spans else []
    region = (spans[0][0], spans[-1][1]) if spans else None
    features = line_features(rows, set(rule_body), region, title[0] if title else -1)
    return TextAnalysis(rows, spans, title, rule_body, features)


def keep_lines(
    page: TextAnalysis, probability: npt.NDArray[np.float64], threshold: float
) -> npt.NDArray[np.bool_]:
    """The rows the model keeps, never a chrome cue, ad marker or section header (a line
    that *is* a sign-up pitch is not story; cross-validated F1 +.0003 / -.0001: neutral,
    kept as a guarantee).

    A row kept alone, with neither the row above nor the one below kept, needs a surer
    probability (``_ALONE_P``): a lone line amid dropped ones is more often a teaser, a
    pull-out or a stray sentence of the chrome than story (cross-validated by publisher,
    three LightGBM seeds: ScrapingHub +.002 to +.0035, fundus +.0002 to +.0012).

    Then a row not kept whose neighbours on both sides are kept is kept from ``_BETWEEN_P``
    (a short line inside the story: a list item, a subheading, a one-line quote), as HTML
    mode does with blocks from 0.3 (``article.text/7``; cross-validated by publisher, four
    LightGBM seeds: ScrapingHub +.0008 to +.0016, fundus -.0011 to +.0002; from 0.3 ScrapingHub
    gains more and fundus loses more)."""
    never = np.array([row.kind in ("chrome", "ad", "section") for row in page.rows], dtype=bool)
    keep: npt.NDArray[np.bool_] = (probability >= threshold) & ~never
    keep &= ~kept_alone(keep, 1) | (probability >= max(threshold, _ALONE_P))
    keep |= kept_between(keep) & (probability >= min(threshold, _BETWEEN_P)) & ~never
    # The same at the story's end: the region finder's last body row, right below a kept
    # row and with none kept after it (the last paragraph of a short story; four seeds:
    # ScrapingHub -.0002 to +.0001, fundus +.0001 to +.0005).
    last = page.rule_body[-1] if page.rule_body else -1
    if (
        last > 0
        and not keep[last]
        and keep[last - 1]
        and (last + 1 == len(keep) or not keep[last + 1])
        and probability[last] >= min(threshold, _BETWEEN_P)
    ):
        keep[last] = True
    return keep


def body_rows(page: TextAnalysis, keep: npt.NDArray[np.bool_]) -> list[int]:
    """The rows kept as body: the model's, or the region finder's where it keeps none; never
    the headline."""
    kept = [i for i, k in enumerate(keep) if k] or page.rule_body
    title_index = page.title[0] if page.title else -1
    return [i for i in kept if i != title_index]


def text_paragraphs(page: TextAnalysis, keep: npt.NDArray[np.bool_]) -> list[str]:
    """The story's paragraphs from the rows the model keeps."""
    return _paragraphs([page.rows[i] for i in body_rows(page, keep)])


def extract_text(text: str, document: str) -> Article:
    """The story of a page saved as plain text, its headline, date, dateline and captions."""
    page = analyse_text(safe_markup(text))
    rows = page.rows
    if not rows:
        raise NoArticle(f"{document}: the text is empty")
    model = load("text", LINE_FEATURES)
    kept = body_rows(page, keep_lines(page, model.probability(page.features), model.threshold_p))
    if not kept:
        raise NoArticle(f"{document}: no run of story text found")
    first, last = (page.spans[0][0], page.spans[-1][1]) if page.spans else (kept[0], kept[-1])
    title = page.title if page.title else _title(rows, first)
    title_index = title[0] if title else -1
    body = [rows[i] for i in kept if i != title_index]
    captions = [
        r.line.text
        for i, r in enumerate(rows)
        if r.kind == "caption" and first - HEADER_WINDOW <= i <= last
    ]
    body_numbers = {r.number for r in body}
    chrome = [
        r.line.text
        for i, r in enumerate(rows)
        if r.number not in body_numbers and i != title_index and r.line.text not in captions
    ]
    paragraphs = _paragraphs(body)
    story, offsets = assemble(paragraphs)
    if not story:
        raise NoArticle(f"{document}: no story text left after removing page chrome")
    dateline = parse_dateline(paragraphs[0]) if paragraphs else None
    agency = dateline.agency if dateline else None
    if agency is None:
        ends = "\n".join([*paragraphs[:3], *paragraphs[-3:]])
        credits = "\n".join(line for line in chrome if names_story_credit(line))
        agency = wire_agency(ends) or wire_agency(credits)
    bylines = [
        r.line.text for r in rows[max(0, first - HEADER_WINDOW) : last + 1] if r.kind == "byline"
    ]
    published = _published(rows, first, last)
    return Article(
        document=document,
        text=story,
        title=title[1] if title else None,
        wire_agency=agency,
        published=published.date if published else None,
        published_precision=published.precision if published else None,
        byline=re.sub(r"^\W*(?:by|written by|words by)\s+", "", bylines[0], flags=re.I)
        if bylines
        else None,
        dateline=dateline.place if dateline else None,
        paragraphs=offsets,
        captions=captions,
        chrome=chrome,
        extractor=EXTRACTOR,
    )
