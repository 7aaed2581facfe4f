"""Where an incident happened: the scene, not the reference point or the dateline."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.pipeline import analyze_text
from newsblotter.records import IncidentMention

MON = dt.date(2024, 3, 25)


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
