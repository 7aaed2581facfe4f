"""Where an incident happened: the scene, not the reference point or the dateline."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.pipeline import analyze_text
from newsblotter.records import IncidentMention

MON = dt.date(2024, 3, 25)
TUE = dt.date(2024, 3, 26)


def main(text: str) -> IncidentMention:
    [mention] = [m for m in analyze_text(text, MON).mentions if m.is_main]
    return mention


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("A car bomb exploded in the Afghan capital on Monday, killing eight people.", "Kabul"),
        ("A car bomb exploded in Syria's capital on Monday, killing eight people.", "Damascus"),
    ],
)
def test_the_capital_of_a_country_named_by_its_people(text: str, city: str) -> None:
    place = main(text).place
    assert place is not None and place.name == city


def test_a_reference_point_is_not_the_scene() -> None:
    place = main(
        "Gunmen opened fire at a concert hall on the western edge of Moscow on Friday, killing "
        "40 people at the venue in Krasnogorsk."
    ).place
    assert place is not None and place.name == "Krasnogorsk"
    # named alone, the reference point is the best the story gives
    alone = main("Gunmen opened fire at a concert hall outside Moscow on Friday, killing 40.").place
    assert alone is not None and alone.name == "Moscow"


def test_a_colon_dateline_is_where_the_reporter_filed_from() -> None:
    place = main(
        "BEIRUT: An air strike destroyed a consular building in Damascus on Monday, killing "
        "at least seven people."
    ).place
    assert place is not None and (place.name, place.country) == ("Damascus", "SY")


def test_of_two_cities_in_one_sentence_the_one_tied_to_the_attack() -> None:
    place = main(
        "The militant leader was buried in Amman on Thursday after mourners gathered at the "
        "city's largest mosque, two days after he was killed in the Iraqi capital."
    ).place
    assert place is not None and place.name == "Baghdad"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (  # the killing two days before the burial
            "The militant leader was buried in Amman on Thursday after mourners gathered at "
            "the city's largest mosque, two days after he was killed in the Iraqi capital.",
            dt.date(2024, 3, 19),
        ),
        (  # "a day after" before a clause, then before a noun
            "Police said on Sunday, a day after a suicide bomber killed 40 people at a mosque in "
            "Peshawar, that three men had been arrested.",
            dt.date(2024, 3, 23),
        ),
        (
            "Schools reopened in Peshawar on Sunday, three days after the bombing of a mosque "
            "that killed 40 people.",
            dt.date(2024, 3, 21),
        ),
        (  # the attack's own day wins over the offset
            "Police said on Sunday that the gunmen who killed 40 people on Friday, two days "
            "after the ceasefire, had been arrested.",
            dt.date(2024, 3, 22),
        ),
    ],
)
def test_an_attack_told_as_days_after_a_dated_event(text: str, day: dt.date) -> None:
    mention = main(text)
    assert mention.date == day and mention.date_precision == "day"


def test_a_label_above_the_dateline_does_not_hide_it() -> None:
    """A page's section label ("Middle East") above "BEIRUT:" left the dateline unread, and
    the filing city became the scene."""
    text = (
        "Middle East\n\nBEIRUT: Tehran vowed on Tuesday to answer an air strike that levelled "
        "a consular annex in Damascus, killing at least seven people."
    )
    place = main(text).place
    assert place is not None and (place.name, place.country) == ("Damascus", "SY")


def test_the_strike_told_again_gives_its_day() -> None:
    """ "The strike on Monday": a bare "strike" after an air strike is that event again, so
    its day dates it; a hunger strike, or "the strikes" of a whole war, are not."""
    text = (
        "Tehran vowed on Tuesday to answer an air strike that levelled a consular annex in "
        "Damascus, killing at least seven people. The strike on Monday flattened the annex "
        "beside the embassy. Prisoners began a hunger strike on Sunday."
    )
    [mention] = [m for m in analyze_text(text, TUE).mentions if m.is_main]
    # Monday, not the Tuesday of the vow
    assert (mention.type, mention.date, mention.date_precision) == (
        "air_strike",
        dt.date(2024, 3, 25),
        "day",
    )
    many = main(
        "An air strike levelled a consular annex in Damascus, killing seven people. Since the "
        "war began in October, the strikes have grown more frequent."
    )
    assert many.date is None
    assert [
        m.is_main
        for m in analyze_text(
            "An air strike levelled a consular annex in Damascus, killing seven people. Since the "
            "war began in October, the strikes have grown more frequent.",
            MON,
        ).mentions
    ] == [True]


def test_a_state_owning_its_words_is_not_the_scene() -> None:
    """ "dismissed Moscow's denial": the capital stands for a government; the dateline city
    stays the scene."""
    place = main(
        "KRAMATORSK, Ukraine (AP) — A missile struck a crowded railway station in eastern "
        "Ukraine on Friday, killing at least 50 people. A US official said Russian forces had "
        "launched the strike and dismissed Moscow's denial."
    ).place
    assert place is not None and place.name == "Kramatorsk"


def test_a_town_near_the_scene_beats_the_city_filed_from() -> None:
    """A teaser line above the dateline, the region named as "Indian-administered Kashmir"
    and the town only as a reference point ("near Pahalgam"): the town, not Delhi."""
    text = (
        "Islamabad offers to join an inquiry as tensions rise\n\nNEW DELHI — A group that had "
        "claimed the killing of 26 tourists in Indian-administered Kashmir this week withdrew "
        "the claim on Saturday. It said it had nothing to do with Tuesday's attack in a meadow "
        "near Pahalgam."
    )
    [mention] = [m for m in analyze_text(text, dt.date(2025, 4, 26)).mentions if m.is_main]
    assert mention.place is not None and (mention.place.name, mention.place.country) == (
        "Pahalgam",
        "IN",
    )


def test_a_strike_on_a_named_place_is_an_attack_of_its_own() -> None:
    """ "killed X in a strike on Beirut's southern suburbs": an air strike, told inside the
    story of another killing, with its own day and place; a labour strike is none."""
    text = (
        "A senior commander of the movement was killed in Tehran early on Wednesday, the "
        "movement said. The killing came less than a day after the army said it had killed "
        "Fuad Shukr, a militia commander, in a strike on Beirut's southern suburbs on Tuesday "
        "evening. Dock workers in Haifa ended a strike on Monday."
    )
    mentions = analyze_text(text, dt.date(2024, 7, 31)).mentions
    assert sorted((m.type, m.date, m.place.name if m.place else None) for m in mentions) == [
        ("air_strike", dt.date(2024, 7, 30), "Beirut"),
        ("assassination", dt.date(2024, 7, 31), "Tehran"),
    ]


def test_where_the_suspects_were_taken_is_not_the_scene() -> None:
    """Filed from the scene, a story that names no place in its lede and later tells where
    the suspects were flown keeps the dateline city."""
    place = main(
        "KRASNOGORSK, Russia (Reuters) - Russia mourned on Sunday the victims of Friday's "
        "attack on a concert hall, as the number of dead rose to 137. The four men suspected "
        "of carrying out the shooting were flown to Moscow on Sunday."
    ).place
    assert place is not None and place.name == "Krasnogorsk"


def test_a_city_the_model_takes_for_an_organisation() -> None:
    # spaCy's model tags "Quetta" here as an organisation; after "in", a big city's name is
    # still the scene
    place = main("A bomb exploded at a bus station in Quetta on Thursday, killing seven people.")
    assert place_of(place) == ("Quetta", "PK")
    # an organisation after "in" that names no city stays no place
    other = main("Seven guards working in Chevron were killed by a bomb on Thursday.")
    assert other.place is None


def place_of(mention: IncidentMention) -> tuple[str, str | None] | None:
    return (mention.place.name, mention.place.country) if mention.place else None
