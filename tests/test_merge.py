"""Merging mentions across articles, on records built in code."""

from __future__ import annotations

import datetime as dt

from newsblotter.merge import merge_mentions
from newsblotter.records import Article, Count, IncidentMention, Place, Provenance

KABUL = Place("Kabul", "AF", None, 34.53, 69.17, 1138958, "city")
KANDAHAR = Place("Kandahar", "AF", None, 31.61, 65.71, 1138336, "city")
AFGHANISTAN = Place("Afghanistan", "AF", None, 33.0, 65.0, 1149361, "country")


def article(doc: str, published: dt.date) -> Article:
    return Article(document=doc, text="...", published=published)


def mention(
    doc: str,
    itype: str,
    date: dt.date | None,
    place: Place | None,
    killed: int | None = None,
    precision: str = "day",
    main: bool = True,
) -> IncidentMention:
    return IncidentMention(
        id=f"{doc}:0",
        provenance=Provenance(doc, 0, 3, "test"),
        type=itype,
        date=date,
        date_precision=precision if date else None,  # type: ignore[arg-type]
        place=place,
        killed=Count(killed, "at_least", killed, None) if killed else None,
        is_main=main,
    )


def test_reports_of_one_bombing_merge_and_keep_the_latest_toll() -> None:
    day = dt.date(2021, 8, 26)
    items = [
        (mention("a", "bombing", day, KABUL, 60), article("a", day)),
        (mention("b", "bombing", day, AFGHANISTAN, 95), article("b", day + dt.timedelta(days=1))),
        (mention("c", "bombing", None, KABUL, 170), article("c", day + dt.timedelta(days=2))),
    ]
    incidents = merge_mentions(items)
    assert len(incidents) == 1
    inc = incidents[0]
    assert inc.articles == ["a", "b", "c"]
    assert inc.killed is not None and inc.killed.value == 170
    assert inc.place == KABUL and inc.date == day


def test_same_day_attacks_in_two_cities_stay_apart() -> None:
    day = dt.date(2021, 8, 26)
    items = [
        (mention("a", "bombing", day, KABUL), article("a", day)),
        (mention("b", "bombing", day, KANDAHAR), article("b", day)),
    ]
    assert len(merge_mentions(items)) == 2


def test_same_city_weeks_apart_stay_apart() -> None:
    items = [
        (
            mention("a", "armed_assault", dt.date(2022, 3, 1), KABUL),
            article("a", dt.date(2022, 3, 1)),
        ),
        (
            mention("b", "armed_assault", dt.date(2022, 3, 20), KABUL),
            article("b", dt.date(2022, 3, 21)),
        ),
    ]
    assert len(merge_mentions(items)) == 2


def test_background_reference_is_not_merged_into_the_news() -> None:
    day = dt.date(2024, 1, 3)
    items = [
        (mention("a", "bombing", day, KABUL), article("a", day)),
        (
            mention("a2", "bombing", dt.date(2024, 1, 1), KABUL, precision="year", main=False),
            article("a", day),
        ),
    ]
    assert len(merge_mentions(items)) == 2


def test_incident_id_is_stable_when_later_reports_arrive() -> None:
    day = dt.date(2021, 8, 26)
    first = [(mention("z", "bombing", day, KABUL), article("z", day))]
    later = [
        *first,
        (mention("a", "bombing", day, KABUL), article("a", day + dt.timedelta(days=1))),
    ]
    assert merge_mentions(first)[0].id == merge_mentions(later)[0].id
