"""The story's region in a page of rows: the best-scoring run of lines, bridged over boxes.

Section headers ("Related", "Next In World", "Comments") split the page into sections; the
story is the best-scoring contiguous run of rows (maximum-sum segment) in the best section,
extended over galleries and boxes inside the story and over a data list right after it.
"""

from __future__ import annotations

import re

from newsblotter.article.rows import HEADER_WINDOW, Row
from newsblotter.article.wire import parse_dateline
from newsblotter.lang import alternation

# Section choice: the first run with this share of the best score is the story...
_FIRST_RUN_SHARE = 0.5
# A run right below the repeated headline wins with this share of the best score (0.25 until
# article.text/5; 0.10 chosen from 0, 0.10, 0.15 by cross-validation: docs/models)
_ANCHORED_SHARE = 0.10
# An inline box inside a story: at most this many rows, then prose this dense resumes.
_BOX_ROWS = 16
_GAP_ROWS = 16
_RESUME_SCORE = 4.0
_RESUME_DENSITY = 0.6
_STRETCH_BREAK = 2  # non-prose rows in a row that end a resumed stretch of story
_PROMO_GAP_ROWS = 3  # a sign-up pitch or ad slot inside a story: a few chrome lines
_RESUME_AFTER_PROMO = 1.5
_MIN_LIST_ITEMS = 4  # a data list after the story has at least this many alike items
_LIST_ITEM_WORDS = 25
_LIST_ITEM = re.compile(
    rf"""^\s*(?:(?P<number>\d{{1,3}}(?:[.)]|(?:st|nd|rd|th|a|º)?\b))
    |(?P<month>(?:{alternation("dates.month_abbreviations")}|may)[a-z]*\.?\s+\d{{1,2}}\b)
    |(?P<bullet>[-•*·▪►◦–—]\s))""",
    re.IGNORECASE | re.VERBOSE,
)


def _best_run(rows: list[Row], start: int, end: int) -> tuple[float, int, int]:
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


def _density(rows: list[Row], first: int, last: int) -> float:
    """Share of the rows of a run that are prose: a story continues densely, teasers do not."""
    span = rows[first : last + 1]
    return sum(1 for r in span if r.kind == "story" and r.line.prose) / max(1, len(span))


def _resume_score(gap: list[Row]) -> float:
    """How much story must resume after a gap: little after a lone promo or ad slot."""
    if len(gap) <= _PROMO_GAP_ROWS and all(r.kind in ("chrome", "ad") for r in gap):
        return _RESUME_AFTER_PROMO
    return _RESUME_SCORE


def _next_prose(rows: list[Row], order: range) -> int | None:
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


def _prose_stretch(rows: list[Row], start: int, end: int) -> int:
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


def _bridge_forward(rows: list[Row], last: int, bounds: list[int]) -> list[tuple[int, int]]:
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


def _bridge_backward(rows: list[Row], first: int, bounds: list[int]) -> list[tuple[int, int]]:
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


def _list_shape(row: Row) -> str | None:
    """The opening-token class of a data-list item: number, month or bullet."""
    match = _LIST_ITEM.match(row.line.text)
    if not match or row.kind != "story" or row.line.n_words > _LIST_ITEM_WORDS:
        return None
    return next(name for name, value in match.groupdict().items() if value)


def _trailing_list(rows: list[Row], last: int, bounds: list[int]) -> tuple[int, int] | None:
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


_TITLE_LIKE = 0.8  # share of a line's character pairs found in the page title: a headline


def _pairs(text: str) -> set[str]:
    """The character pairs of a text, lower case, runs of white space as one space."""
    text = re.sub(r"\s+", " ", text.lower())
    return {text[k : k + 2] for k in range(len(text) - 1)}


def _repeats_title(text: str, title_pairs: set[str]) -> bool:
    """The page title's headline again, lightly edited (a name shortened, a word swapped:
    sites edit the headline apart from the ``<title>``); ``title_pairs`` are the title's."""
    pairs = _pairs(text)
    return bool(pairs) and len(pairs & title_pairs) / len(pairs) >= _TITLE_LIKE


def _best_run_from(rows: list[Row], starts: range, end: int) -> tuple[float, int, int] | None:
    """The best-scoring run of rows up to ``end`` that starts at one of ``starts``."""
    best: tuple[float, int, int] | None = None
    for start in starts:
        total = 0.0
        for index in range(start, end):
            total += rows[index].score
            if best is None or total > best[0]:
                best = (total, start, index)
    return best


def _after_headline_repeat(rows: list[Row], bounds: list[int]) -> tuple[float, int, int] | None:
    """The best run starting just below the headline, when the page title is repeated as one.

    Saved pages often open with the page title; the story's headline repeats it (without
    the site suffix, sometimes lightly edited) right above the story, which pins down where
    the story starts. The run must start within ``HEADER_WINDOW`` rows of the headline (the
    best run of the whole section may be a footer of one-sentence blurbs further down).
    """
    if len(rows) < 2 or rows[0].line.n_words < 3:
        return None
    page_title = rows[0].line.text
    long_rows = [i for i in range(1, len(rows)) if len(rows[i].line.text) >= 15]
    repeat = next((i for i in long_rows if rows[i].line.text in page_title), None)
    if repeat is None:
        pairs = _pairs(page_title)
        repeat = next((i for i in long_rows if _repeats_title(rows[i].line.text, pairs)), None)
    if repeat is None:
        return None
    end = next((b for b in bounds if b > repeat), len(rows))
    found = _best_run_from(rows, range(repeat + 1, min(end, repeat + 1 + HEADER_WINDOW)), end)
    if found is None or found[0] <= 0:
        return None
    return found


def story_spans(rows: list[Row]) -> list[tuple[int, int]]:
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
