"""Rows of a scraped text page: logical lines with a kind (chrome, section header, date stamp,
byline, caption, story) and a score (running prose positive, title/menu-like lines and chrome
negative). Hand-written cues: no maintained tool labels lines of text once the markup is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from newsblotter.article.body import normalise_line
from newsblotter.article.chrome import chrome_reason, is_caption
from newsblotter.article.dates import FoundDate, date_line
from newsblotter.article.lines import Line
from newsblotter.article.wire import parse_dateline
from newsblotter.lang import alternation

Kind = Literal["section", "chrome", "ad", "date", "byline", "caption", "label", "story"]

_BYLINE = re.compile(
    rf"^\W*{alternation('page.byline_openers')}\s+(?-i:[A-Z])[^!?]{{2,120}}$",
    re.IGNORECASE | re.X,
)
_STAMP = re.compile(rf"^\W*{alternation('page.stamp_openers')}\b.{{0,40}}\d", re.IGNORECASE | re.X)
_BAR = re.compile(r"\s+[|•·]\s+")
_BAR_CHARS = 160
# A line ending in a comma runs on (CJK text has no case to tell it otherwise).
_CONTINUING = (",", "、", "，")
_ENDS_SENTENCE = re.compile(r"""[.!?:;。！？]["'”’)\]]*$""")
_BULLET_LABEL = re.compile(r"^\s*[•·▪►|>/]+\s*")
_DATELINE_BONUS = 3.0  # "KABUL, Afghanistan (AP) —" opens a story, nothing else
HEADER_WINDOW = 12  # rows above the story searched for its headline, date and byline
_CREDIT_WORDS = 12  # a bare credit line is short
_CREDIT_ONLY = re.compile(
    rf"^[(\[]\s*{alternation('page.credit_media')}?\s*(?:credit|courtesy)\b", re.I
)
_CAPTION_WORDS = 60
_READ_CACHE = 16384  # distinct lines remembered (a few MB): several sites' chrome


@dataclass(slots=True)
class Row:
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


@lru_cache(maxsize=_READ_CACHE)
def _read(cleaned: str) -> tuple[Line, Kind, FoundDate | None, float]:
    """A line's cues, kind, date and score: read once for each distinct line.

    A page repeats many of its lines (menus, share buttons, teasers: a quarter of the dev
    pages' rows) and pages of one site share their chrome (half of the dev pages' rows are
    a line met before). ``Line`` and ``FoundDate`` are never changed once made."""
    line = Line(cleaned)
    kind, found = _kind(line)
    return line, kind, found, _score(line, kind)


def page_rows(text: str) -> list[Row]:
    rows: list[Row] = []
    for number, cleaned, gap in _logical_lines(text):
        line, kind, found, score = _read(cleaned)
        rows.append(Row(number, line, kind, score, gap, found))
    _captions_before_credits(rows)
    return rows


def _captions_before_credits(rows: list[Row]) -> None:
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
