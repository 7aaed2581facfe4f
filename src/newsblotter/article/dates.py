"""Publication-date lines of scraped pages: "Saturday, 06 Jan 2024", "Jan. 6, 2024 5:01 PM ET".

Hand-written rather than dateparser: here the question is first *whether a whole line is a
date stamp* (not a sentence that mentions a date), then which date it names; a strict
pattern over the line answers both, and never guesses a date out of ordinary words.
Numeric day/month orders are read only when unambiguous (ISO, or a day above 12).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsblotter.lang import alternation
from newsblotter.records import DatePrecision

_MONTH_NAMES = {
    1: "jan january janvier enero januar janeiro gennaio",
    2: "feb february février fevrier febrero februar fevereiro febbraio",
    3: "mar march mars marzo märz marz março",
    4: "apr april avril abril aprile",
    5: "may mai mayo maio maggio",
    6: "jun june juin junio juni junho giugno",
    7: "jul july juillet julio juli julho luglio",
    8: "aug august août aout agosto",
    9: "sep sept september septembre septiembre setembro settembre",
    10: "oct october octobre octubre oktober outubro ottobre",
    11: "nov november novembre noviembre novembro",
    12: "dec december décembre decembre diciembre dezember dezembro dicembre",
}
_MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
_MONTH = (
    "(?P<month>" + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|\.)?"
_OF = r"(?:of|de|del)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_YEAR_ANYWHERE = re.compile(r"(?:19|20)\d\d")
_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # Jan. 6, 2024
    re.compile(rf"\b{_DAY}\s+(?:{_OF}\s+)?{_MONTH},?\s+(?:{_OF}\s+)?{_YEAR}\b", re.I),  # 6 Jan 2024
    re.compile(rf"\b(?P<d1>[0-3]?\d)[./](?P<d2>[0-3]?\d)[./]{_YEAR}\b"),  # 06/01/2024
    re.compile(rf"\b{_YEAR}/(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)\b"),  # 2024/01/06
    re.compile(rf"\b{_MONTH}\s+(?:{_OF}\s+)?{_YEAR}\b", re.I),  # January 2024 (month precision)
]
# What may surround a date on a date-stamp line besides the date itself.
_STAMP_WORDS = re.compile(
    rf"""\b{alternation("page.stamp_word_patterns")}\b
    |\d{{1,2}}:\d\d(?::\d\d)?|\d+""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class FoundDate:
    date: dt.date
    precision: DatePrecision
    start: int
    end: int


def find_date(text: str) -> FoundDate | None:
    """The first date expression in ``text`` (earliest match), or None."""
    if not _YEAR_ANYWHERE.search(text):
        return None  # every pattern has a four-digit year: most lines are out at C speed
    best: FoundDate | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found = _to_date(match)
            if found is not None:
                if best is None or found.start < best.start:
                    best = found
                break
    return best


def _to_date(match: re.Match[str]) -> FoundDate | None:
    groups = match.groupdict()
    year = int(groups["year"])
    precision: DatePrecision = "day"
    if groups.get("d1"):
        first, second = int(groups["d1"]), int(groups["d2"])
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            day, month = second, first
        else:
            return None  # 03/04/2024: day-month or month-day? Not guessed.
    elif groups.get("mnum"):
        month, day = int(groups["mnum"]), int(groups["day"])
    else:
        month = _MONTHS[groups["month"].lower().rstrip(".")]
        if groups.get("day"):
            day = int(groups["day"])
        else:
            day, precision = 1, "month"
    try:
        return FoundDate(dt.date(year, month, day), precision, match.start(), match.end())
    except ValueError:
        return None


def date_line(line: str) -> FoundDate | None:
    """The date of a line that is a date stamp and little else, or None."""
    if len(line) > 120:
        return None
    found = find_date(line)
    if found is None:
        return None
    rest = line[: found.start] + " " + line[found.end :]
    rest = _STAMP_WORDS.sub(" ", rest)
    leftover = _WORD.findall(rest)
    return found if len(leftover) <= 2 else None
