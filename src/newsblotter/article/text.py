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
from itertools import pairwise
from typing import Literal

from newsblotter.article.body import assemble, normalise_line
from newsblotter.article.chrome import chrome_reason, is_caption, names_story_credit
from newsblotter.article.dates import FoundDate, date_line
from newsblotter.article.errors import NoArticle
from newsblotter.article.lines import Line
from newsblotter.article.wire import parse_dateline, wire_agency
from newsblotter.records import Article

EXTRACTOR = "article.text/1"

Kind = Literal["section", "chrome", "ad", "date", "byline", "caption", "label", "story"]

_BYLINE = re.compile(
    r"^\W*(?:by|written\ by|words\ by|von|par|por|di)\s+(?-i:[A-Z])[^!?]{2,120}$",
    re.IGNORECASE | re.X,
)
_STAMP = re.compile(
    r"^\W*(?:updated|posted|published|last\ updated|modified)\b.{0,40}\d", re.IGNORECASE | re.X
)
_BAR = re.compile(r"\s+[|•·]\s+")
_BAR_CHARS = 160
# A line ending in a comma runs on (CJK text has no case to tell it otherwise).
_CONTINUING = (",", "、", "，")
_ENDS_SENTENCE = re.compile(r"""[.!?:;。！？]["'”’)\]]*$""")
_BULLET_LABEL = re.compile(r"^\s*[•·▪►|>/]+\s*")
# Section choice: the first run with this share of the best score is the story...
_FIRST_RUN_SHARE = 0.5
_ANCHORED_SHARE = 0.25  # a run right below the repeated headline wins with this share
# An inline box inside a story: at most this many rows, then prose this dense resumes.
_BOX_ROWS = 16
_GAP_ROWS = 16
_RESUME_SCORE = 4.0
_RESUME_DENSITY = 0.6
_STRETCH_BREAK = 2  # non-prose rows in a row that end a resumed stretch of story
_PROMO_GAP_ROWS = 3  # a sign-up pitch or ad slot inside a story: a few chrome lines
_RESUME_AFTER_PROMO = 1.5
_DATELINE_BONUS = 3.0  # "KABUL, Afghanistan (AP) —" opens a story, nothing else
_HEADER_WINDOW = 12  # rows above the story searched for its headline, date and byline
_STANDFIRST_ROWS = 6  # a byline/date this close to the run's start closes a standfirst
_MIN_LIST_ITEMS = 4  # a data list after the story has at least this many alike items
_LIST_ITEM_WORDS = 25
_LIST_ITEM = re.compile(
    r"""^\s*(?:(?P<number>\d{1,3}(?:[.)]|(?:st|nd|rd|th|a|º)?\b))
    |(?P<month>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b)
    |(?P<bullet>[-•*·▪►◦–—]\s))""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_WORDS = 12  # a bare credit line is short
_CREDIT_ONLY = re.compile(r"^[(\[]\s*(?:image|photo|picture|video)?\s*(?:credit|courtesy)\b", re.I)
_CAPTION_WORDS = 60
_TOKEN = re.compile(r"\w+")


@dataclass(slots=True)
class _Row:
    """One non-empty line of the page."""

    number: int  # line number in the page
    line: Line
    kind: Kind
    score: float
    gap_before: bool  # a blank line separates it from the previous row
    date: FoundDate | None = None


def _stamp_date(text: str) -> FoundDate | None:
    """The date of a date-stamp line, or of one segment of a "Source | date | Editor" bar."""
    text = _BULLET_LABEL.sub("", text)
    found = date_line(text)
    if found is None and _BAR.search(text) and len(text) <= _BAR_CHARS:
        found = next((f for part in _BAR.split(text) if (f := date_line(part))), None)
    return found


def _kind(line: Line) -> tuple[Kind, FoundDate | None]:
    text = line.text
    reason = chrome_reason(text)
    if reason == "section":
        return "section", None
    if reason == "ad":
        return "ad", None
    if reason:
        return "chrome", None
    found = _stamp_date(text)
    if _BYLINE.match(text) and line.n_words <= 20 and (found or not line.prose):
        return "byline", found  # "By Monday, the toll had risen." is a sentence, not a byline
    if found is None and _STAMP.match(text) and line.n_words <= 16:
        return "date", None  # "Updated Nov 19, 9:41 AM": a time stamp without a year
    if found:
        return "date", found
    if is_caption(text):
        return "caption", None
    if line.shouted and line.n_words >= 5 and not line.terminal:
        return "chrome", None  # "CLICK HERE FOR ...", "STAR QUITS SHOW AMID ROW": a link
    if _BULLET_LABEL.match(text) and line.n_words <= 4:
        return "label", None  # "• World": a section label of the site
    return "story", None


def _score(line: Line, kind: Kind) -> float:
    if kind in ("section", "chrome"):
        return -3.0
    if kind in ("date", "byline", "label"):
        return -0.5
    if kind == "ad":
        return -0.3  # an ad slot interrupts a story without ending it
    if kind == "caption":
        return 0.0
    if line.teaser:
        return -0.5  # "Headline In Title Case A summary sentence...": a link to another story
    if line.prose:
        bonus = _DATELINE_BONUS if parse_dateline(line.text) else 0.0
        return min(3.0, 1.0 + line.n_words / 20) + bonus
    if line.headline_like:
        return -1.0 if line.n_words <= 12 else -0.5
    return 0.2 if line.terminal and line.n_words >= 4 else -0.2


def _logical_lines(text: str) -> list[tuple[int, str, bool]]:
    """(line number, text, blank line before) with hard-wrapped lines joined back up.

    A line that does not end a sentence, followed directly by one that starts in lower
    case (or, after a comma, in a script without case), is the same sentence wrapped by a
    fixed-width scraper or mail client; menus and headline lists start every line with a
    capital and stay apart.
    """
    lines: list[tuple[int, str, bool]] = []
    gap = True
    for number, raw in enumerate(text.splitlines()):
        cleaned = normalise_line(raw)
        if not cleaned:
            gap = True
            continue
        previous = lines[-1][1] if lines else ""
        continues = (cleaned[0].islower() and not _ENDS_SENTENCE.search(previous)) or (
            previous.endswith(_CONTINUING) and not cleaned[0].isupper()
        )
        if lines and not gap and continues:
            first, joined, before = lines[-1]
            lines[-1] = (first, f"{joined} {cleaned}", before)
        else:
            lines.append((number, cleaned, gap))
        gap = False
    return lines


def _rows(text: str) -> list[_Row]:
    rows: list[_Row] = []
    for number, cleaned, gap in _logical_lines(text):
        line = Line(cleaned)
        kind, found = _kind(line)
        rows.append(_Row(number, line, kind, _score(line, kind), gap, found))
    _captions_before_credits(rows)
    return rows


def _captions_before_credits(rows: list[_Row]) -> None:
    """A bracketed credit on its own line ("(Image credit: X)") makes the line above a caption.

    Only the bracketed form: a bare "Image copyright X" line opens the *next* caption.
    """
    for above, row in pairwise(rows):
        if (
            row.kind == "caption"
            and row.line.n_words <= _CREDIT_WORDS
            and _CREDIT_ONLY.match(row.line.text)
            and above.kind == "story"
            and above.line.n_words <= _CAPTION_WORDS
        ):
            above.kind, above.score = "caption", 0.0


def _best_run(rows: list[_Row], start: int, end: int) -> tuple[float, int, int]:
    """Maximum-sum contiguous run of rows[start:end] (Kadane): (score, first, last)."""
    best = (0.0, start, start - 1)
    total, first = 0.0, start
    for index in range(start, end):
        if total <= 0:
            total, first = 0.0, index
        total += rows[index].score
        if total > best[0]:
            best = (total, first, index)
    return best


def _density(rows: list[_Row], first: int, last: int) -> float:
    """Share of the rows of a run that are prose: a story continues densely, teasers do not."""
    span = rows[first : last + 1]
    return sum(1 for r in span if r.kind == "story" and r.line.prose) / max(1, len(span))


def _resume_score(gap: list[_Row]) -> float:
    """How much story must resume after a gap: little after a lone promo or ad slot."""
    if len(gap) <= _PROMO_GAP_ROWS and all(r.kind in ("chrome", "ad") for r in gap):
        return _RESUME_AFTER_PROMO
    return _RESUME_SCORE


def _next_prose(rows: list[_Row], order: range) -> int | None:
    """The first story paragraph along ``order`` within a gap of _GAP_ROWS rows.

    Photo captions do not count toward the gap: a gallery of many pictures is one gap.
    """
    gap = 0
    for index in order:
        row = rows[index]
        if row.kind == "story" and row.line.prose:
            return index
        if row.kind != "caption":
            gap += 1
            if gap > _GAP_ROWS:
                return None
    return None


def _prose_stretch(rows: list[_Row], start: int, end: int) -> int:
    """Last row of the stretch of story from ``start``: it ends at two non-prose rows in a row."""
    last, misses = start, 0
    for index in range(start, end):
        row = rows[index]
        if row.kind in ("caption", "ad"):
            continue
        if row.kind == "story" and row.line.prose:
            last, misses = index, 0
        else:
            misses += 1
            if misses >= _STRETCH_BREAK:
                break
    return last


def _bridge_forward(rows: list[_Row], last: int, bounds: list[int]) -> list[tuple[int, int]]:
    """Runs of story after a gap (a photo gallery, a sign-up box, a "Related" box) in it.

    The gap is short, and after it dense prose resumes and goes on: the story continuing.
    Teasers and comments alternate with title and metadata lines and are never this dense.
    """
    more: list[tuple[int, int]] = []
    while True:
        resume = _next_prose(rows, range(last + 1, len(rows)))
        if resume is None or parse_dateline(rows[resume].line.text):
            return more  # a dateline opens a story: another one, not this one going on
        headers = [b for b in bounds if last < b < resume]
        if headers and resume - headers[-1] > _BOX_ROWS:
            return more
        end = next((b for b in bounds if b > resume), len(rows))
        needed = _resume_score(rows[last + 1 : resume])
        # The best run from there, or failing that (it may run on into later junk) the
        # stretch of prose up to the next two non-prose rows.
        score, first, run_last = _best_run(rows, resume, end)
        if not (
            first - resume <= _BOX_ROWS // 2
            and score >= needed
            and _density(rows, resume, run_last) >= _RESUME_DENSITY
        ):
            run_last = _prose_stretch(rows, resume, end)
            score = sum(r.score for r in rows[resume : run_last + 1])
            if score < needed or _density(rows, resume, run_last) < _RESUME_DENSITY:
                return more
        more.append((resume, run_last))
        last = run_last


def _bridge_backward(rows: list[_Row], first: int, bounds: list[int]) -> list[tuple[int, int]]:
    """The opening of a story cut off from the rest by a gallery or box (mirror of forward)."""
    earlier: list[tuple[int, int]] = []
    while True:
        found = _next_prose(rows, range(first - 1, -1, -1))
        if found is None:
            return earlier
        headers = [b for b in bounds if found < b < first]
        if headers and first - headers[0] > _BOX_ROWS:
            return earlier
        end = found
        floor = max((b for b in bounds if b < end), default=-1) + 1
        if headers:
            floor = max(floor, max((b for b in bounds if b < headers[0]), default=-1) + 1)
        # Best run ending at ``end``: Kadane over the reversed rows.
        best, total, begin = 0.0, 0.0, end
        for index in range(end, floor - 1, -1):
            if rows[index].kind in ("date", "byline"):
                break  # a story does not reach above its own byline
            total += rows[index].score
            if total < best - _RESUME_SCORE:
                break  # fallen well below the best start: no story further up
            if total > best:
                best, begin = total, index
        needed = _resume_score(rows[end + 1 : first])
        if any(r.kind in ("date", "byline") for r in rows[max(0, begin - 2) : begin]):
            needed = _RESUME_AFTER_PROMO  # it opens right under the byline: the story's start
        if best < needed or _density(rows, begin, end) < _RESUME_DENSITY:
            return earlier
        earlier.insert(0, (begin, end))
        first = begin


def _list_shape(row: _Row) -> str | None:
    """The opening-token class of a data-list item: number, month or bullet."""
    match = _LIST_ITEM.match(row.line.text)
    if not match or row.kind != "story" or row.line.n_words > _LIST_ITEM_WORDS:
        return None
    return next(name for name, value in match.groupdict().items() if value)


def _trailing_list(rows: list[_Row], last: int, bounds: list[int]) -> tuple[int, int] | None:
    """A uniform data list (schedule, ranking, numbered items) right after the story.

    Items of one list open alike (numbers, dates, bullets); headlines of other stories do
    not, and a section header in between ends the story anyway.
    """
    start = last + 1
    if start < len(rows) and _list_shape(rows[start]) is None:
        start += 1  # one introducing line: "Tour dates:", "The five are:"
    end = next((b for b in bounds if b >= last + 1), len(rows))
    shape = _list_shape(rows[start]) if start < end else None
    if shape is None:
        return None
    stop = start
    while stop + 1 < end and _list_shape(rows[stop + 1]) == shape:
        stop += 1
    if stop - start + 1 < _MIN_LIST_ITEMS:
        return None
    return last + 1, stop


def _after_headline_repeat(rows: list[_Row], bounds: list[int]) -> tuple[float, int, int] | None:
    """The best run just below the headline, when the page title is repeated as one.

    Saved pages often open with the page title; the story's headline repeats it (without
    the site suffix) right above the story, which pins down where the story starts.
    """
    if len(rows) < 2 or rows[0].line.n_words < 3:
        return None
    page_title = rows[0].line.text
    repeat = next(
        (
            i
            for i in range(1, len(rows))
            if len(rows[i].line.text) >= 15 and rows[i].line.text in page_title
        ),
        None,
    )
    if repeat is None:
        return None
    end = next((b for b in bounds if b > repeat), len(rows))
    score, first, last = _best_run(rows, repeat + 1, end)
    if last < first or first - repeat > _HEADER_WINDOW:
        return None
    return score, first, last


def _story_spans(rows: list[_Row]) -> list[tuple[int, int]]:
    """First and last row of each part of the story; empty when no run of prose stands out.

    The best run of each section competes, but the story comes before what follows it
    (comments, teasers of other stories can outscore a short story): the first run with at
    least half the best score wins, unless a run sits right below the repeated headline.
    The run is then extended over galleries and boxes inside the story, and over a data
    list that directly follows it.
    """
    bounds = [i for i, row in enumerate(rows) if row.kind == "section"]
    sections = zip([-1, *bounds], [*bounds, len(rows)], strict=True)
    runs = [_best_run(rows, a + 1, b) for a, b in sections]
    top = max(score for score, _, _ in runs)
    if top <= 0:
        return []
    _, first, last = next(r for r in runs if r[0] >= _FIRST_RUN_SHARE * top)
    anchored = _after_headline_repeat(rows, bounds)
    if anchored is not None and anchored[0] >= _ANCHORED_SHARE * top:
        _, first, last = anchored
    spans = [*_bridge_backward(rows, first, bounds), (first, last)]
    while True:
        spans.extend(_bridge_forward(rows, spans[-1][1], bounds))
        data = _trailing_list(rows, spans[-1][1], bounds)
        if data is None:
            return spans
        spans.append(data)


def _title(rows: list[_Row], story_first: int) -> tuple[int, str] | None:
    """The headline, looked for in the lines just above the story.

    Headlines sit right above the byline or date stamp; when a line there also appears
    elsewhere on the page (the page title, a repeat) it is preferred over a standfirst.
    """

    def candidate(row: _Row) -> bool:
        line = row.line
        return (
            row.kind == "story"
            and (line.n_words >= 3 or line.cjk)
            and line.n_words <= 40
            and not line.bullet
            and not line.teaser
        )

    window = range(max(0, story_first - _HEADER_WINDOW), story_first)
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


def _published(rows: list[_Row], story_first: int, story_last: int) -> FoundDate | None:
    before = [r.date for r in rows[max(0, story_first - _HEADER_WINDOW) : story_first] if r.date]
    if before:
        return before[0]
    early = [r.date for r in rows[story_first : min(story_last + 1, story_first + 5)] if r.date]
    if early:
        return early[0]
    anywhere = [r.date for r in rows[:story_first] if r.date]
    return anywhere[0] if anywhere else None


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text)).lower()


def _body_rows(rows: list[_Row], spans: list[tuple[int, int]], title: str | None) -> list[_Row]:
    """Story rows of the spans, less the headline, the standfirst and repeated link lines."""
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

    return [rows[i] for i in indices if not link_like(i)]


def _paragraphs(rows: list[_Row]) -> list[str]:
    """Body rows as paragraphs; a hard-wrapped line continues into the next one."""
    paragraphs: list[list[str]] = []
    for row in rows:
        previous = paragraphs[-1][-1] if paragraphs else None
        continues = (
            previous is not None
            and not row.gap_before
            and not Line(previous).terminal
            and row.line.text[:1].islower()
        )
        if continues:
            paragraphs[-1].append(row.line.text)
        else:
            paragraphs.append([row.line.text])
    return [" ".join(p) for p in paragraphs]


def extract_text(text: str, document: str) -> Article:
    """The story of a page saved as plain text, its headline, date, dateline and captions."""
    rows = _rows(text)
    if not rows:
        raise NoArticle(f"{document}: the text is empty")
    spans = _story_spans(rows)
    if not spans:
        raise NoArticle(f"{document}: no run of story text found")
    first, last = spans[0][0], spans[-1][1]
    title = _title(rows, first)
    title_index = title[0] if title else -1
    body_rows = _body_rows(rows, spans, title[1] if title else None)
    captions = [
        r.line.text
        for i, r in enumerate(rows)
        if r.kind == "caption" and first - _HEADER_WINDOW <= i <= last
    ]
    body_numbers = {r.number for r in body_rows}
    chrome = [
        r.line.text
        for i, r in enumerate(rows)
        if r.number not in body_numbers and i != title_index and r.line.text not in captions
    ]
    paragraphs = _paragraphs(body_rows)
    body, offsets = assemble(paragraphs)
    if not body:
        raise NoArticle(f"{document}: no story text left after removing page chrome")
    dateline = parse_dateline(paragraphs[0]) if paragraphs else None
    agency = dateline.agency if dateline else None
    if agency is None:
        ends = "\n".join([*paragraphs[:3], *paragraphs[-3:]])
        credits = "\n".join(line for line in chrome if names_story_credit(line))
        agency = wire_agency(ends) or wire_agency(credits)
    bylines = [
        r.line.text for r in rows[max(0, first - _HEADER_WINDOW) : last + 1] if r.kind == "byline"
    ]
    published = _published(rows, first, last)
    return Article(
        document=document,
        text=body,
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
