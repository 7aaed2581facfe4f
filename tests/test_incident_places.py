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
