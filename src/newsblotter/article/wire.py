"""Wire agencies and datelines: who syndicated a story, and where it was filed from.

Hand-written: no maintained library parses news datelines. The agency table is the single
place to add an agency; every alias maps to one canonical short name so that syndicated
copies of one story group together downstream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsblotter.lang import alternation, groups, words

AGENCIES = groups("article.wire_agencies")

_ALIAS = {alias.lower(): name for name, aliases in AGENCIES.items() for alias in aliases}
_ALIAS_ALT = "|".join(
    re.escape(a) for a in sorted({a for v in AGENCIES.values() for a in v}, key=len, reverse=True)
)

_DASH = r"(?:--|[-–—])"
# A place in a dateline: capitalised words, optionally ", Region" parts ("KABUL, Afghanistan").
_PLACE = r"[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,4}"
_MONTH = (
    rf"(?:{alternation('dates.month_abbreviations')}|May)[a-z]*\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
)
_DATELINE = re.compile(
    rf"""^\W{{0,3}}
    (?P<place>{_PLACE}(?:,\s*{_PLACE}){{0,2}}?)
    (?:,\s*{_MONTH})?
    \s*(?:\((?P<agency>[^()]{{2,40}})\)\s*)?
    (?:{_DASH}|:)\s+""",
    re.VERBOSE,
)
_AGENCY_PAREN = re.compile(rf"\(\s*(?P<agency>{_ALIAS_ALT})\s*\)")
_CREDIT_AGENCY = re.compile(
    rf"""(?:
        ^\W*(?:\(|—|--)?\s*(?P<a>{_ALIAS_ALT})\s*(?:\)|$)
      | \b(?:copyright|©)\s*(?:\d{{4}}\s+)?(?:the\s+)?(?P<b>{_ALIAS_ALT})\b
      | \b(?P<c>{_ALIAS_ALT})\s+contributed\s+to\s+this\s+(?:report|story)
      | ^\W*(?:source|via|by)\s*:?\s*(?P<d>{_ALIAS_ALT})\W*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_REPORTING_CREDIT = re.compile(
    r"^\W*\((?:additional\s+)?reporting\s+by\b[^)]*(?:editing|writing)\s+by\b", re.I
)
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z.'’\-]+\b")
_NOT_PLACES = words("article.not_places")


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    agency: str | None
    end: int  # offset just past the dateline's dash in the paragraph


def canonical_agency(name: str) -> str | None:
    """The canonical name of an agency alias, or None if it names no agency."""
    return _ALIAS.get(" ".join(name.split()).lower())


def _title_place(place: str) -> str:
    # Datelines set the city in capitals ("KABUL, Afghanistan"); store it as a name.
    return _UPPER_WORD.sub(lambda m: m.group(0).capitalize(), place).strip()


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a paragraph: "WASHINGTON (Reuters) -", "KABUL, Afghanistan (AP) —"."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place")
    agency_text = match.group("agency")
    agency = None
    if agency_text:
        agency = canonical_agency(agency_text.split("/")[0])
        if agency is None:
            return None  # "(pictured) -": a parenthesis that names no agency is no dateline
    first = place.split(",")[0].split()
    if " ".join(first).lower() in _NOT_PLACES or first[0].lower() in _NOT_PLACES:
        return None
    # Without an agency only a capitals place is a dateline; "The President -" is prose.
    if agency is None and not all(w.isupper() for w in first if any(c.isalpha() for c in w)):
        return None
    return Dateline(_title_place(place), agency, match.end())


def wire_agency(text: str) -> str | None:
    """The agency that syndicated a story, from its dateline or credit lines, or None."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        dateline = parse_dateline(line)
        if dateline and dateline.agency:
            return dateline.agency
    head = text[:2000]
    match = _AGENCY_PAREN.search(head)
    if match:
        return canonical_agency(match.group("agency"))
    # Credit lines are short; scanning only those keeps long bodies cheap.
    for line in lines:
        if len(line) > 200:
            continue
        credit = _CREDIT_AGENCY.search(line)
        if credit:
            agency = canonical_agency(next(g for g in credit.groups() if g))
            if agency:
                return agency
        if _REPORTING_CREDIT.search(line):
            return "Reuters"  # Reuters' house style: "(Reporting by ...; Editing by ...)"
    return None
