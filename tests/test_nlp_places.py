"""Offline geocoding: names, aliases, demonyms and context-driven disambiguation."""

from __future__ import annotations

import pytest

from newsblotter.nlp.places import Geocoder, normalise


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder()


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("Kermān") == normalise("KERMAN") == "kerman"
    assert normalise("Al-Qa'im") == "al qaim"
    assert normalise("Saint-Étienne") == normalise("St. Etienne") == "st etienne"
    assert normalise("Łódź") == "lodz"
    assert normalise("the Hague") == "hague"


def test_kerman_resolves_to_the_iranian_city(geo: Geocoder) -> None:
    place = geo.resolve("Kerman", ["IR"])
    assert place is not None
    assert (place.name, place.country, place.precision, place.geonameid) == (
        "Kerman",
        "IR",
        "city",
        128234,
    )
    assert place.lat == pytest.approx(30.28, abs=0.05)
    assert place.lon == pytest.approx(57.08, abs=0.05)
    assert geo.resolve("KERMAN") == place


@pytest.mark.parametrize(
    ("name", "context", "nearby", "within", "country", "admin1"),
    [
        ("Paris", [], [], None, "FR", None),
        # A US story is not enough to move Paris to a Texan town 86 times smaller...
        ("Paris", ["US"], ["US"], None, "FR", None),
        # ...but "Paris, Texas" or Texas named in the story is.
        ("Paris", [], [], "US.TX", "US", "TX"),
        ("Paris", ["US", "US.TX"], [], None, "US", "TX"),
        ("Hyderabad", [], [], None, "IN", None),
        ("Hyderabad", ["PK"], [], None, "PK", None),
        ("Hyderabad", ["IN", "PK"], ["PK"], None, "PK", None),
        ("Tripoli", [], [], None, "LY", None),
        ("Tripoli", ["LB"], [], None, "LB", None),
        ("Tripoli", ["LY", "LB"], ["LY"], None, "LY", None),
        ("Georgia", [], [], None, "GE", None),
        ("Georgia", ["US"], [], None, "US", "GA"),
    ],
)
def test_ambiguous_names_follow_context(
    geo: Geocoder,
    name: str,
    context: list[str],
    nearby: list[str],
    within: str | None,
    country: str,
    admin1: str | None,
) -> None:
    place = geo.resolve(name, context, nearby=nearby, within=within)
    assert place is not None
    assert place.country == country
    if admin1 is not None:
        assert place.admin1 == admin1


def test_countries_aliases_and_demonyms(geo: Geocoder) -> None:
    iran = geo.resolve("Iran")
    assert iran is not None and iran.precision == "country" and iran.country == "IR"
    assert iran.lat is not None and iran.lon is not None  # Tehran, the capital
    assert geo.resolve("Iranian") == iran
    assert geo.resolve("Iranians") == iran
    assert geo.country_of("Afghan") == "AF"
    assert geo.country_of("U.S.") == geo.country_of("United States") == "US"
    assert geo.country_of("Britain") == "GB"
    assert geo.country_of("Kerman") is None


def test_country_beats_same_named_city(geo: Geocoder) -> None:
    for name, code in [("Mexico", "MX"), ("Kuwait", "KW"), ("Lebanon", "LB")]:
        place = geo.resolve(name)
        assert place is not None and (place.precision, place.country) == ("country", code)


def test_cities_named_like_states_and_capitals(geo: Geocoder) -> None:
    washington = geo.resolve("Washington")
    assert washington is not None and (washington.country, washington.admin1) == ("US", "DC")
    new_york = geo.resolve("New York")
    assert new_york is not None and new_york.name == "New York City"
    state = geo.resolve("Washington state")
    assert state is not None and state.precision == "admin1" and state.admin1 == "WA"
    texas = geo.resolve("Texas")
    assert texas is not None and texas.precision == "admin1" and texas.population > 10_000_000


def test_containers(geo: Geocoder) -> None:
    assert geo.container_of("Texas") == "US.TX"
    assert geo.container_of("Tex.") == "US.TX"
    assert geo.container_of("Afghanistan") == "AF"
    assert geo.container_of("Iranian") is None
    assert geo.container_of("Iranian", demonyms=True) == "IR"
    container = geo.container("US.TX")
    assert container is not None and container.name == "Texas"


def test_within_excludes_other_countries(geo: Geocoder) -> None:
    assert geo.resolve("Kerman", within="AF") is None
    kabul = geo.resolve("Kabul", within="AF")
    assert kabul is not None and kabul.country == "AF"


def test_alternate_names_are_not_used_for_facility_names(geo: Geocoder) -> None:
    # "White House" is a translated alternate name of Casablanca in GeoNames.
    assert geo.resolve("White House", primary_only=True) is None
    assert geo.resolve("Mogadishu", primary_only=True) is not None


def test_continents_are_regions(geo: Geocoder) -> None:
    africa = geo.resolve("Africa")
    assert africa is not None and africa.precision == "region" and africa.country is None


def test_unknown_names(geo: Geocoder) -> None:
    assert geo.resolve("Zzyzxq") is None
    assert geo.resolve("") is None
