"""Place mentions of a parsed article: which spans name places, and what each one is.

Only spaCy GPE/LOC/FAC/NORP entities (and other entities in "the city of X"), the city of a
local agency ("Detroit Police") and the dateline are looked up: a gazetteer of 34,000 cities
holds towns called "Of" and "Wednesday", so matching every capitalised word would be mostly
noise. Context comes first (countries and US states named in the article, in each sentence,
and as a container right beside a name: "Kabul, Afghanistan", "the southeastern Iranian city
of Kerman"), then from the cities resolved in a first round, whose states settle the rest.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from newsblotter.lang import SPACES, alternation, table, words
from newsblotter.nlp.place_names import US_STATE_ABBREVIATIONS
from newsblotter.nlp.places import Geocoder
from newsblotter.records import Place, PlaceMention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
# A city in a country (or US state) the article never names must be at least this big:
# small far-off towns are mostly people, streets or neighbourhoods spaCy took for places
# ("Barry" in a Michigan story, "Englewood" the Chicago neighbourhood as Englewood, Colorado).
MIN_FOREIGN_CITY = 100_000
_PLACE_NOUNS = alternation("locate.place_noun_patterns")
# "the southeastern Iranian city of", "Afghanistan's capital," "Syria's northern province of"
_CONTAINER_BEFORE = re.compile(
    rf"(?P<container>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*?)(?:['’]s)?"
    rf"(?:\s+[a-z-]+){{0,2}}?\s+(?:{_PLACE_NOUNS})(?:\s+of|,)\s+$"
)
_AREA_AFTER = re.compile(rf"^\s+(?:{alternation('locate.area_nouns')})\b", re.IGNORECASE)
_CALLED_PLACE = re.compile(rf"\b(?:{_PLACE_NOUNS})\s+of\s+$")
# ", Afghanistan" / ", Texas" / ", Tex." / ", TX" right after a name.
_CAPITAL_AFTER = re.compile(r"^(?:'s|’s)?\s+capital\b")
_CONTAINER_AFTER = re.compile(
    r"^,\s+(?P<container>[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*){0,3})(?=[\s,.;:)\"”]|$)"
)
# A dateline opens a line near the top: "KABUL, Afghanistan (Reuters) -", "IDAHO FALLS --".
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’ -]+[A-Z.])(?:,\s+(?P<container>[A-Z][\w.'’ ]*?))?"
    r"[ \t]*(?:\([^)]{1,40}\)[ \t]*)?[-—–:]",
    re.MULTILINE,
)
_DATELINE_REACH = 600
# Words that open agency names without naming a place ("Metro Police", "Capitol Police").
_NOT_AGENCY_PLACE = alternation("locate.not_agency_places")
_GENERIC = re.compile(_NOT_AGENCY_PLACE)
# "Detroit Police", "Gainesville Police Department", "Harris County Sheriff's Office"
_LOCAL_AGENCY = re.compile(
    rf"^(?:[Tt]he\s+)?(?!(?:{_NOT_AGENCY_PLACE})\b)"
    r"(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}?)\s+"
    rf"{alternation('locate.local_agencies', space=SPACES)}\b"
)


# A name spaCy took for an organisation, read as a city after "in", "near", "outside".
_ORG_PLACE = "ORG_PLACE"
_ORG_PLACE_PREPS = words("locate.org_place_preps")
_ATTACK_WORDS = frozenset(
    k.split()[-1] for k in table("incidents.triggers")
)  # "strike" of "air strike"
_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    text: str
    sentence: int
    within: str | None
    label: str
    capital: bool = False  # "the Iranian capital", "Syria's capital": the country's capital
    area: bool = False  # "Borno state": an administrative area, by its own name only


def locate(doc: Doc, geocoder: Geocoder, dateline: str | None = None) -> list[PlaceMention]:
    """Resolved place mentions of ``doc`` in text order; unresolvable names are left out."""
    text = doc.text
    starts = [s.start_char for s in doc.sents]
    candidates = _dateline_candidates(text, dateline, geocoder)
    for ent in doc.ents:
        sentence = _sentence_index(starts, ent.start_char)
        if _GENERIC.fullmatch(_clean(ent)[2]):
            continue  # "Metro" alone (metro area, Metro police) is no city (Metro, Indonesia)
        if ent.label_ in PLACE_LABELS or (
            ent.label_ not in _NOT_NAMES
            and _CALLED_PLACE.search(text[max(0, ent.start_char - 20) : ent.start_char])
        ):
            candidates.append(_candidate(ent, text, geocoder, sentence))
        elif ent.label_ == "ORG" and (agency := _LOCAL_AGENCY.match(ent.text)) is not None:
            candidates.append(_agency_candidate(ent, agency.group("place"), sentence))
        elif ent.label_ in {"ORG", "PERSON"} and _placed_name(ent):
            candidates.append(
                dataclasses.replace(_candidate(ent, text, geocoder, sentence), label=_ORG_PLACE)
            )
    candidates = _without_overlaps(candidates)

    # Countries and US states the article (and each sentence) names outright.
    article: set[str] = set()
    by_sentence: dict[int, set[str]] = {}
    for cand in candidates:
        own = geocoder.container_of(cand.text, demonyms=cand.label == "NORP")
        codes = {c for c in (own, cand.within) if c}
        codes |= {c.partition(".")[0] for c in codes}
        article |= codes
        by_sentence.setdefault(cand.sentence, set()).update(codes)
    if dateline:
        article |= _dateline_codes(dateline, geocoder)

    # Two rounds: the states of the cities found in the first ("Atlanta" -> Georgia) help
    # the second decide the rest ("Decatur" near Atlanta is Decatur, Georgia), each city
    # not counting its own vote.
    first = [_resolve(c, geocoder, article, by_sentence) for c in candidates]
    votes = Counter(a for a in (_admin1(p) for p in first if p is not None) if a)
    mentions: list[PlaceMention] = []
    for cand, earlier in zip(candidates, first, strict=True):
        own = _admin1(earlier) if earlier is not None else None
        states = {a for a, n in votes.items() if n - (a == own) > 0}
        context = article | states | {a.partition(".")[0] for a in states}
        place = _resolve(cand, geocoder, context, by_sentence)
        if cand.label == _ORG_PLACE and (
            place is None or place.precision != "city" or place.population < MIN_FOREIGN_CITY
        ):
            continue
        if place is not None and not _out_of_context(place, cand, context):
            mentions.append(PlaceMention(cand.start, cand.end, cand.text, place))
    return mentions


def _placed_name(ent: Span) -> bool:
    """A proper name spaCy took for an organisation (one or two words) or a person (two
    words: a one-word "Charlotte" is more often a person) that is the object of "in",
    "near" or "outside", or of "on" or "against" after an attack word ("the missile strike
    on Kryvyi Rih")."""
    if not 1 <= len(ent) <= 2 or (ent.label_ == "PERSON" and len(ent) != 2):
        return False
    if not all(t.pos_ == "PROPN" for t in ent) or ent.root.dep_ != "pobj":
        return False
    prep = ent.root.head
    if prep.lower_ in _ORG_PLACE_PREPS:
        return True
    return prep.lower_ in {"on", "against"} and prep.head.lemma_.lower() in _ATTACK_WORDS


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: c.start):  # stable: the dateline first
        if all(cand.end <= k.start or k.end <= cand.start for k in kept):
            kept.append(cand)
    return kept


def _resolve(
    cand: _Candidate, geocoder: Geocoder, article: set[str], by_sentence: dict[int, set[str]]
) -> Place | None:
    if cand.capital and (code := geocoder.container_of(cand.text, demonyms=True)):
        capital = geocoder.capital(code)
        if capital is not None:
            return capital
    if (state := US_STATE_ABBREVIATIONS.get(cand.text)) is not None:
        # "Pa." alone (AP style, after a town the model left out) is Pennsylvania, never a
        # city whose alternate names include "Pa" (Chongqing)
        return geocoder.container(f"US.{state}")
    if cand.label == "NORP":  # a people: "Iranian" is Iran or nothing ...
        code = geocoder.country_of(cand.text)
        if code or cand.within is None:
            return geocoder.container(code) if code else None
        # ... unless spaCy took a named city for a people: "the Iranian city of Kerman"
    place = geocoder.resolve(
        cand.text,
        article,
        nearby=by_sentence.get(cand.sentence, set()),
        within=cand.within,
        primary_only=cand.area or cand.label in ("LOC", "FAC", "ORG", _ORG_PLACE),
    )
    if place is None and cand.label == _ORG_PLACE:
        # another name of a city ("Kryvyi Rih" for Kryvyy Rih) only in a country the article
        # names: alternate names include many that are not places ("White House")
        other = geocoder.resolve(cand.text, article, within=cand.within)
        place = other if other is not None and other.country in article else None
    if place is None and cand.within is not None:
        place = geocoder.container(cand.within)  # "Smalltown, Texas": at least Texas
    return place


def _admin1(place: Place) -> str | None:
    if place.precision in ("city", "admin1") and place.admin1 and place.country == "US":
        return f"US.{place.admin1}"
    return None


def _out_of_context(place: Place, cand: _Candidate, context: set[str]) -> bool:
    """A small city far from everything else the article names is more likely a misreading."""
    if place.precision != "city" or cand.within is not None:
        return False
    if place.population >= MIN_FOREIGN_CITY:
        return False
    if context and place.country not in context:
        return True
    states = {c for c in context if c.startswith(f"{place.country}.")}
    return bool(states) and f"{place.country}.{place.admin1}" not in states


def _agency_candidate(ent: Span, place: str, sentence: int) -> _Candidate:
    start = ent.start_char + ent.text.find(place)
    return _Candidate(start, start + len(place), place, sentence, None, "ORG")


def _sentence_index(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1  # -1: before the first sentence


def _clean(ent: Span) -> tuple[int, int, str]:
    start, end, name = ent.start_char, ent.end_char, ent.text
    if name.lower().startswith("the "):
        start, name = start + 4, name[4:]
    if name.endswith(("'s", "’s")):
        end, name = end - 2, name[:-2]
    return start, end, name


def _candidate(ent: Span, text: str, geocoder: Geocoder, sentence: int) -> _Candidate:
    start, end, name = _clean(ent)
    within = None
    after = _CONTAINER_AFTER.match(text[end : end + 40])
    if after is not None:
        within = _container_code(after.group("container"), geocoder)
    if within is None:
        before = _CONTAINER_BEFORE.search(text[max(0, start - 80) : start])
        if before is not None:
            within = _container_code(before.group("container"), geocoder, demonyms=True)
    if within is not None and geocoder.container_of(name, demonyms=True) is not None:
        within = None  # "Iran, Iraq and Syria": a container is not inside the next one
    capital = _CAPITAL_AFTER.match(text[end : end + 20])
    if capital is not None and ent.label_ in {"NORP", "GPE"}:
        return _Candidate(start, end + capital.end(), name, sentence, None, ent.label_, True)
    area = _AREA_AFTER.match(text[end : end + 20]) is not None
    return _Candidate(start, end, name, sentence, within, ent.label_, area=area)


def _container_code(name: str, geocoder: Geocoder, *, demonyms: bool = False) -> str | None:
    name = name.strip()
    # Two-letter postal codes only in capitals, so "in" and "or" never read as states.
    if len(name.replace(".", "")) == 2 and not name.isupper():
        return None
    words = name.split()
    for size in range(len(words), 0, -1):  # "Iranian city" -> "Iranian"
        code = geocoder.container_of(" ".join(words[-size:]), demonyms=demonyms)
        if code is not None:
            return code
        code = geocoder.container_of(" ".join(words[:size]), demonyms=demonyms)
        if code is not None:
            return code
    return None


def _dateline_candidates(text: str, dateline: str | None, geocoder: Geocoder) -> list[_Candidate]:
    """The dateline where it heads the body text ("KABUL, Afghanistan (Reuters) -")."""
    head = text[:_DATELINE_REACH]
    match = _DATELINE.search(head)
    if match is None or (dateline and _upper(dateline) not in _upper(head)):
        return []
    container = match.group("container")
    within = _container_code(container, geocoder) if container else None
    name = match.group("place").strip()
    start = match.start("place")
    return [_Candidate(start, start + len(name), name, -1, within, "GPE")]


def _dateline_codes(dateline: str, geocoder: Geocoder) -> set[str]:
    head, _, tail = dateline.partition(",")
    within = _container_code(tail.split("(")[0], geocoder) if tail.strip() else None
    place = geocoder.resolve(head.strip(), within=within)
    if place is None or place.country is None:
        return set()
    return {place.country}


def _upper(text: str) -> str:
    return " ".join(text.upper().split())
