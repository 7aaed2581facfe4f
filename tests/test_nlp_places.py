"""Offline geocoding: names, aliases, demonyms and context-driven disambiguation."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsblotter.nlp.locate import locate
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


# Place mentions from a Doc whose entities are set by hand, so these tests do not depend on
# what the statistical NER happens to tag.


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def doc_with(blank: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    doc = blank.make_doc(text)
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


def test_place_syntax_rescues_a_mislabelled_name(blank: Language, geo: Geocoder) -> None:
    text = "Blasts hit the southeastern Iranian city of Kerman."
    doc = doc_with(blank, text, [("Iranian", "NORP"), ("Kerman", "PERSON")])
    found = {m.text: m.place for m in locate(doc, geo)}
    assert found["Kerman"].country == "IR" and found["Iranian"].precision == "country"


def test_person_entities_are_not_looked_up(blank: Language, geo: Geocoder) -> None:
    doc = doc_with(blank, "Kerman spoke to reporters.", [("Kerman", "PERSON")])
    assert locate(doc, geo) == []


def test_small_foreign_town_is_dropped(blank: Language, geo: Geocoder) -> None:
    text = "Police in Michigan said the body was found near Barry. Officers sealed Detroit."
    doc = doc_with(blank, text, [("Michigan", "GPE"), ("Barry", "GPE"), ("Detroit", "GPE")])
    assert [m.text for m in locate(doc, geo)] == ["Michigan", "Detroit"]


def test_norp_is_a_country_or_nothing(blank: Language, geo: Geocoder) -> None:
    text = "Shiite and Afghan leaders met."
    doc = doc_with(blank, text, [("Shiite", "NORP"), ("Afghan", "NORP")])
    assert [(m.text, m.place.country) for m in locate(doc, geo)] == [("Afghan", "AF")]


def test_dateline_in_the_body_is_a_mention_and_context(blank: Language, geo: Geocoder) -> None:
    text = "TRIPOLI, Lebanon (Reuters) - Clashes broke out overnight. Tripoli was calm later."
    doc = doc_with(blank, text, [("Lebanon", "GPE")])
    doc.ents = [*doc.ents, doc.char_span(text.rindex("Tripoli"), text.rindex("Tripoli") + 7, "GPE")]
    found = locate(doc, geo, dateline="TRIPOLI, Lebanon")
    assert [(m.text, m.start, m.place.country) for m in found] == [
        ("TRIPOLI", 0, "LB"),
        ("Lebanon", text.index("Lebanon"), "LB"),
        ("Tripoli", text.rindex("Tripoli"), "LB"),
    ]


def test_list_of_countries_is_not_read_as_containers(blank: Language, geo: Geocoder) -> None:
    text = "Strikes hit Iran, Iraq and Syria."
    doc = doc_with(blank, text, [("Iran", "GPE"), ("Iraq", "GPE"), ("Syria", "GPE")])
    assert [m.place.country for m in locate(doc, geo)] == ["IR", "IQ", "SY"]


def test_cities_found_lend_their_state_to_the_rest(blank: Language, geo: Geocoder) -> None:
    text = "The boy was flown to Atlanta. His family lives in Decatur."
    doc = doc_with(blank, text, [("Atlanta", "GPE"), ("Decatur", "GPE")])
    found = {m.text: m.place for m in locate(doc, geo)}
    assert (found["Atlanta"].admin1, found["Decatur"].admin1) == ("GA", "GA")
    alone = locate(doc_with(blank, "His family lives in Decatur.", [("Decatur", "GPE")]), geo)
    assert alone[0].place.admin1 != "GA"  # without Atlanta, the biggest Decatur


def test_small_town_in_another_state_is_dropped(blank: Language, geo: Geocoder) -> None:
    # Englewood is also a Chicago neighbourhood (in GeoNames too); Medford is not in Illinois.
    text = "CHICAGO -- A boy was shot in Englewood. The gun was bought near Medford."
    doc = doc_with(blank, text, [("Englewood", "GPE"), ("Medford", "GPE")])
    found = [(m.text, m.place.admin1) for m in locate(doc, geo)]
    assert found == [("CHICAGO", "IL"), ("Englewood", "IL")]


def test_dateline_below_a_caption(blank: Language, geo: Geocoder) -> None:
    text = "Officers at the scene (file photo)\n\nMEDFORD, Ore. (KDRV) -- Two men were hurt."
    found = locate(doc_with(blank, text, []), geo)
    assert [(m.text, m.place.precision, m.place.admin1) for m in found] == [
        ("MEDFORD", "city", "OR")
    ]
    assert text[found[0].start : found[0].end] == "MEDFORD"


def test_local_agency_names_its_city(blank: Language, geo: Geocoder) -> None:
    text = "The Gainesville Police Department and Capitol Police said two men were held in Florida."
    doc = doc_with(
        blank,
        text,
        [
            ("The Gainesville Police Department", "ORG"),
            ("Capitol Police", "ORG"),
            ("Florida", "GPE"),
        ],
    )
    found = [(m.text, m.place.admin1) for m in locate(doc, geo)]
    assert found == [("Gainesville", "FL"), ("Florida", "FL")]


def test_state_named_beside_its_city_stays_a_state(blank: Language, geo: Geocoder) -> None:
    text = "Police in Tulsa and across Oklahoma searched for the driver."
    doc = doc_with(blank, text, [("Tulsa", "GPE"), ("Oklahoma", "GPE")])
    found = [(m.text, m.place.precision) for m in locate(doc, geo)]
    assert found == [("Tulsa", "city"), ("Oklahoma", "admin1")]


def test_a_state_abbreviation_alone_is_the_state(blank: Language, geo: Geocoder) -> None:
    """ "Pa." after a town the model did not tag is Pennsylvania, not a city whose alternate
    names include "Pa"."""
    text = "A girl was shot in Smallburg, Pa. on Monday. Police in Ill. are searching."
    doc = doc_with(blank, text, [("Pa.", "GPE"), ("Ill.", "GPE")])
    found = [(m.text, m.place.name, m.place.country, m.place.precision) for m in locate(doc, geo)]
    assert found == [
        ("Pa.", "Pennsylvania", "US", "admin1"),
        ("Ill.", "Illinois", "US", "admin1"),
    ]


def test_a_generic_word_alone_is_no_place(blank: Language, geo: Geocoder) -> None:
    text = "Metro detectives said the victim was found in Detroit."
    doc = doc_with(blank, text, [("Metro", "GPE"), ("Detroit", "GPE")])
    assert [m.text for m in locate(doc, geo)] == ["Detroit"]


def test_towns_of_five_thousand_by_their_own_name(geo: Geocoder) -> None:
    """Attacks happen in small towns (the Pahalgam massacre, the Kankara school abduction):
    GeoNames' towns of 5,000 to 15,000 people answer to their own Latin name, never to an
    alternate one, and never for a facility name or over a bigger place of the same name."""
    pahalgam, kankara = geo.resolve("Pahalgam"), geo.resolve("Kankara")
    assert pahalgam is not None and (pahalgam.country, pahalgam.admin1) == ("IN", "12")
    assert kankara is not None and kankara.country == "NG"
    assert geo.resolve("Pahalgam", primary_only=True) is None  # a facility name never
    assert geo.resolve("White House", primary_only=True) is None  # not the Tennessee town


def test_an_area_is_read_by_its_own_name_only(blank: Language, geo: Geocoder) -> None:
    # "Borno" is an alternate name of Borna, a German town: "Borno state" is not that town,
    # and with no area table it is left unresolved; "Kano state" keeps Kano by its own name.
    text = "A bomb went off in Borno state. Gunmen struck in Kano State."
    doc = doc_with(blank, text, [("Borno", "GPE"), ("Kano", "GPE")])
    assert [(m.text, m.place.name, m.place.country) for m in locate(doc, geo)] == [
        ("Kano", "Kano", "NG")
    ]
