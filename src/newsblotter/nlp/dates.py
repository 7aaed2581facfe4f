"""Time expressions in news text, resolved against the publication date.

Conventions (relied on downstream when dates are compared):

- A weekday name is the most recent such day on or before publication: in a story published
  on Saturday 2024-01-06, "Wednesday" is 2024-01-03 and "Saturday" is 2024-01-06 itself.
  "last Wednesday" is strictly before publication; "next Monday" strictly after.
- ``precision`` says how much of ``date`` is known; a month-precision date is the first of
  its month and a year-precision date is 1 January ("in 2020" -> 2020-01-01, year).
- Week-sized expressions ("last week", "over the weekend") have no week precision to map to,
  so they resolve to the month that holds the day they most likely mean, at month precision.
- Durations ("two weeks", "24 hours") and ages ("a 20-year-old") are not dates and are never
  matched. Without a publication date only absolute dates (those that carry a year) resolve.

Candidates are found by regular expressions: they are exact about spans and cheap, whereas
spaCy's DATE entities also cover durations and ages. Absolute day/month strings go to
dateparser (which handles "Sept.", "3rd of January" and infers the missing year, preferring
the past); weekday and relative words are computed here because dateparser puts a weekday
that equals the publication day a week earlier.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dateparser.date import DateDataParser

from newsblotter.lang import SPACES, alternation, phrases
from newsblotter.nlp.numbers import WORDS_PATTERN, WORDS_RE, words_to_int
from newsblotter.records import DatePrecision, TimeExpression

WEEKDAYS = phrases("nlp.weekdays")
MONTHS = phrases("dates.months")
_MONTH_FULL = alternation("dates.months")
_MONTH_ABBR = alternation("dates.month_abbreviations")
# Abbreviations only with a following day or year, so "Jan" the person and "may" the verb stay out.
MONTH = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = alternation("nlp.weekdays")
_PREFIX_WEEKDAY = rf"(?:(?:{_WEEKDAY}),?\s+)?"
_DAY_RANGE = r"(?:\s*[-–]\s*(?:[12]\d|3[01]|0?[1-9])\b)?"
_SEASONAL = r"(?:(?:early|late|mid)[- ]|the\s+(?:start|end|middle)\s+of\s+)?"

# Named days that are not "the most recent Friday".
_NAMED_DAY = re.compile(rf"{alternation('dates.named_day_words')}\s+$")
_NEWSPAPER_AFTER = re.compile(rf"^\s+{alternation('dates.newspaper_words')}\b")
# "during Friday prayers" names a weekly rite, not the most recent Friday.
_RITE_AFTER = re.compile(r"^\s+(?:prayers?|sermons?)\b", re.IGNORECASE)

# Kinds of expression, each with one regular expression; earlier kinds win on equal spans.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b")),
    (
        "mdy",
        re.compile(
            rf"\b{_PREFIX_WEEKDAY}{MONTH}\s+{_DAY}\b{_DAY_RANGE}(?:,?\s+{_YEAR}\b)?(?![-/]\d)"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b{_PREFIX_WEEKDAY}{_DAY}(?:\s+of)?\s+{MONTH}(?:,?\s+{_YEAR}\b)?"
            r"(?![\w-])"
        ),
    ),
    ("my", re.compile(rf"\b{_SEASONAL}{MONTH}(?:,|\s+of)?\s+{_YEAR}\b")),
    # "in March last year": a month of the year before (or of this or the next) the anchor's
    (
        "monthrel",
        re.compile(rf"\b{_SEASONAL}(?:{_MONTH_FULL})(?:,|\s+of)?\s+(?:last|this|next)\s+year\b"),
    ),
    (
        "month",
        re.compile(
            rf"(?:(?<=\b(?i:in)\s)|(?<=\b(?i:since)\s)|(?<=\b(?i:during)\s)"
            rf"|(?<=\b(?i:until)\s)|(?<=\b(?i:by)\s)|(?<=\b(?i:from)\s)|(?<=\b(?i:through)\s)"
            rf"|(?<=\bof\s)|(?<=\b(?i:before)\s)|(?<=\b(?i:after)\s)"
            rf"|\b(?i:(?:early|late|mid)[- ]|last\s+|this\s+|earlier\s+this\s+))"
            rf"(?:{_MONTH_FULL})\b(?![-\s]+\d)"
        ),
    ),
    (
        "year",
        re.compile(
            rf"(?:(?<=\b(?i:in)\s)|(?<=\b(?i:since)\s)|(?<=\b(?i:during)\s)"
            rf"|(?<=\b(?i:until)\s)|(?<=\b(?i:by)\s)|(?<=\b(?i:from)\s)|(?<=\b(?i:through)\s)"
            rf"|(?<=\b(?i:before)\s)|(?<=\b(?i:after)\s)"
            rf"|\b(?i:(?:early|late|mid)[- ]|the\s+(?:start|end|middle)\s+of\s+))"
            rf"{_YEAR}\b(?![-,.]\d|\s*(?:%|percent|per\s+cent))"
        ),
    ),
    (
        "weekday",
        re.compile(rf"\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast)\s+)?(?:{_WEEKDAY})\b"),
    ),
    (
        "relday",
        re.compile(
            rf"\b{alternation('dates.relative_days', space=SPACES)}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?:{WORDS_PATTERN}|\d+|an?)\s+{alternation('nlp.time_units')}s?\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    (
        "relperiod",
        re.compile(
            rf"\b{alternation('dates.period_determiners', space=SPACES)}"
            rf"\s+({alternation('dates.periods')})\b(?![-\s]+(?:old|long))",
            re.IGNORECASE,
        ),
    ),
)


# A four-digit number read as a clock time, not a year: "at 1830", "2030 hours", "1830 GMT".
_CLOCK_BEFORE = re.compile(rf"\b{alternation('dates.clock_prepositions')}\s+$", re.I)
_CLOCK_AFTER = re.compile(rf"\s*{alternation('dates.clock_units', space=SPACES)}\b", re.I)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A time expression found in text, not yet resolved."""

    start: int
    end: int
    kind: str


def candidates(text: str, hints: Iterable[tuple[int, int]] = ()) -> list[Candidate]:
    """Non-overlapping time expressions in ``text`` (longest wins), resolved or not.

    ``hints`` are spans (e.g. spaCy DATE entities) inside which a bare year such as
    "the 2020 attack" also counts; outside them a year needs a cue ("in 2020").
    """
    found: list[tuple[int, int, int, str]] = []
    for rank, (kind, pattern) in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            if kind == "weekday" and _is_named_day(text, match.start(), match.end()):
                continue
            found.append((match.start(), match.end(), rank, kind))
    for start, end in hints:
        for match in re.finditer(rf"\b{_YEAR}\b(?![-,.]\d)", text[start:end]):
            if _CLOCK_BEFORE.search(text, 0, start + match.start()) or _CLOCK_AFTER.match(
                text, start + match.end()
            ):
                continue  # "at 1830", "2030 hours": a time of day in military notation
            found.append((start + match.start(), start + match.end(), len(_PATTERNS), "year"))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    chosen: list[Candidate] = []
    for start, end, _rank, kind in found:
        if all(end <= c.start or start >= c.end for c in chosen):
            chosen.append(Candidate(start, end, kind))
    return sorted(chosen, key=lambda c: c.start)


def _is_named_day(text: str, start: int, end: int) -> bool:
    return bool(
        _NAMED_DAY.search(text[max(0, start - 12) : start])
        or _NEWSPAPER_AFTER.match(text[end : end + 12])
        or _RITE_AFTER.match(text[end : end + 12])
        or text[max(0, start - 8) : start].endswith("Mail on ")
    )


def resolve(
    text: str, anchor: dt.date | None, hints: Iterable[tuple[int, int]] = ()
) -> list[TimeExpression]:
    """Time expressions of ``text`` with their dates, relative ones resolved against ``anchor``."""
    return resolve_candidates(text, candidates(text, hints), anchor)


def resolve_candidates(
    text: str, found: Iterable[Candidate], anchor: dt.date | None
) -> list[TimeExpression]:
    """Dates of already found candidates (lets a caller reuse one :func:`candidates` scan)."""
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    parser = _parser(anchor)
    out: list[TimeExpression] = []
    for cand in found:
        surface = text[cand.start : cand.end]
        resolved = _resolve_one(cand.kind, surface, anchor, parser)
        if resolved is not None:
            out.append(TimeExpression(cand.start, cand.end, surface, *resolved))
    return out


def _parser(anchor: dt.date | None) -> DateDataParser:
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


_Resolved = tuple[dt.date, DatePrecision]


def _resolve_one(
    kind: str, surface: str, anchor: dt.date | None, parser: DateDataParser
) -> _Resolved | None:
    has_year = re.search(rf"\b{_YEAR}\b", surface) is not None
    if anchor is None and not (has_year and kind in ("iso", "mdy", "dmy", "my", "year")):
        return None
    if kind == "iso":
        try:
            return dt.date.fromisoformat(surface), "day"
        except ValueError:
            return None
    if kind in ("mdy", "dmy"):
        return _absolute(surface, parser, "day")
    if kind == "my":
        return _absolute(surface, parser, "month")
    if kind == "year":
        return dt.date(int(re.findall(r"\d{4}", surface)[-1]), 1, 1), "year"
    assert anchor is not None
    if kind == "month":
        return _month(surface, anchor)
    if kind == "monthrel":
        return _month_of_year(surface, anchor)
    if kind == "weekday":
        return _weekday(surface, anchor), "day"
    if kind == "relday":
        return _relday(surface.lower(), anchor), "day"
    if kind == "ago":
        return _ago(surface.lower(), anchor)
    if kind == "relperiod":
        return _relperiod(surface.lower(), anchor)
    raise AssertionError(kind)


def _absolute(surface: str, parser: DateDataParser, precision: DatePrecision) -> _Resolved | None:
    # dateparser reads neither a leading weekday beside a date nor "early"/"the end of".
    cleaned = re.sub(rf"^(?:{_WEEKDAY}),?\s+|^the\s+", "", surface)
    cleaned = re.sub(r"^(?:(?:early|late|mid)[- ]|the\s+(?:start|end|middle)\s+of\s+)", "", cleaned)
    cleaned = re.sub(r"\s*[-–]\s*\d{1,2}\b", "", cleaned)  # "Jan. 3-5" -> its first day
    found = parser.get_date_data(cleaned).date_obj
    if found is None:
        return None
    day = found.date()
    return (day if precision == "day" else day.replace(day=1)), precision


def _month_number(surface: str) -> int:
    name = re.search(_MONTH_FULL, surface)
    assert name is not None
    return MONTHS.index(name.group()) + 1


def _month(surface: str, anchor: dt.date) -> _Resolved:
    month = _month_number(surface)
    year = anchor.year if month <= anchor.month else anchor.year - 1
    return dt.date(year, month, 1), "month"


def _month_of_year(surface: str, anchor: dt.date) -> _Resolved:
    month = _month_number(surface)
    which = surface.lower().split()[-2]
    year = anchor.year + {"last": -1, "this": 0, "next": 1}[which]
    return dt.date(year, month, 1), "month"


def _weekday(surface: str, anchor: dt.date) -> dt.date:
    words = surface.lower().split()
    target = [w.lower() for w in WEEKDAYS].index(words[-1])
    back = (anchor.weekday() - target) % 7
    if words[0] == "next":
        return anchor + dt.timedelta(days=(7 - back) % 7 or 7)
    if words[0] == "last" and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back)


def _relday(surface: str, anchor: dt.date) -> dt.date:
    if "before yesterday" in surface:
        return anchor - dt.timedelta(days=2)
    if surface == "yesterday" or surface.startswith("last"):
        return anchor - dt.timedelta(days=1)
    if surface == "tomorrow":
        return anchor + dt.timedelta(days=1)
    return anchor


def _ago(surface: str, anchor: dt.date) -> _Resolved | None:
    match = re.fullmatch(rf"(.+?)\s+({alternation('nlp.time_units')})s?\s+ago", surface)
    amount = _amount(match.group(1)) if match else None
    if match is None or amount is None:
        return None
    unit = match.group(2)
    if unit == "day":
        return anchor - dt.timedelta(days=amount), "day"
    if unit == "week":
        return anchor - dt.timedelta(weeks=amount), "day"
    if unit == "month":
        total = anchor.year * 12 + anchor.month - 1 - amount
        return dt.date(total // 12, total % 12 + 1, 1), "month"
    return dt.date(anchor.year - amount, 1, 1), "year"


def _amount(text: str) -> int | None:
    text = text.strip()
    if text in ("a", "an"):
        return 1
    if text.isdigit():
        return int(text)
    if WORDS_RE.fullmatch(text):
        return words_to_int(text)
    return None


def _relperiod(surface: str, anchor: dt.date) -> _Resolved:
    unit = surface.split()[-1]
    words = surface.split()
    step = 1 if words[0] == "next" else -1 if words[0] in ("last", "the") else 0
    if unit == "week":
        # The Thursday of the meant ISO week decides its month.
        thursday = anchor + dt.timedelta(days=3 - anchor.weekday() + 7 * step)
        return thursday.replace(day=1), "month"
    if unit == "weekend":
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
        if step == 1 or (step == -1 and anchor.weekday() >= 5):
            saturday += dt.timedelta(days=7 * step)
        return saturday.replace(day=1), "month"
    if unit == "month":
        total = anchor.year * 12 + anchor.month - 1 + step
        return dt.date(total // 12, total % 12 + 1, 1), "month"
    return dt.date(anchor.year + step, 1, 1), "year"
