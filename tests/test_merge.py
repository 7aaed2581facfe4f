"""Merging mentions across articles, on records built in code."""

from __future__ import annotations

import datetime as dt

from newsblotter.merge import facts, merge_mentions
from newsblotter.records import Article, Count, IncidentMention, Place, Provenance, ReportedValue

KABUL = Place("Kabul", "AF", None, 34.53, 69.17, 1138958, "city")
KANDAHAR = Place("Kandahar", "AF", None, 31.61, 65.71, 1138336, "city")
AFGHANISTAN = Place("Afghanistan", "AF", None, 33.0, 65.0, 1149361, "country")


def article(doc: str, published: dt.date, text: str = "...") -> Article:
    return Article(document=doc, text=text, published=published)


AIRPORT = (
    "A suicide bomber struck the crowds outside the Abbey Gate of Kabul airport on {day}, "
    "where families waited to board evacuation flights; {n} people were killed."
)


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
    later = day + dt.timedelta(days=1), day + dt.timedelta(days=2)
    items = [
        (
            mention("a", "bombing", day, KABUL, 60),
            article("a", day, AIRPORT.format(day="Thursday", n="at least 60")),
        ),
        (
            mention("b", "bombing", day, AFGHANISTAN, 95),
            article("b", later[0], AIRPORT.format(day="Thursday", n="95")),
        ),
        (
            mention("c", "bombing", None, KABUL, 170),
            article("c", later[1], AIRPORT.format(day="last week", n="about 170")),
        ),
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


# -- facts across sources, confusable incidents, background references -------------------------

SPRINGDALE = Place("Springdale", "US", "AR", 36.19, -94.13, 4132093, "city")
NEAR_SPRINGDALE = Place("Bethel Heights", "US", "AR", 36.21, -94.12, 4101241, "city")


def shooting(
    doc: str,
    published: dt.date,
    text: str,
    killed: int | None,
    day: dt.date | None,
    victims: list[str] | None = None,
    place: Place = SPRINGDALE,
) -> tuple:  # type: ignore[type-arg]
    m = mention(doc, "armed_assault", day, place, killed)
    m.killed = Count(killed, "exact", killed, killed) if killed is not None else None
    m.victims = victims or []
    return m, article(doc, published, text)


def test_rising_toll_is_an_update_with_every_figure_kept() -> None:
    day = dt.date(2021, 8, 26)
    items = [
        (
            mention("a", "bombing", day, KABUL, 60),
            article("a", day, AIRPORT.format(day="Thursday", n="at least 60")),
        ),
        (
            mention("b", "bombing", day, KABUL, 95),
            article("b", day + dt.timedelta(days=1), AIRPORT.format(day="Thursday", n="95")),
        ),
        (
            mention("c", "bombing", day, KABUL, 95),
            article(
                "c",
                day + dt.timedelta(days=1),
                "Health officials in Kabul said 95 people died in Thursday's suicide bombing at "
                "the airport gate, where crowds had gathered hoping for evacuation flights.",
            ),
        ),
        (  # a wire copy of b: the same figure again, but the same story, so cited once more
            mention("e", "bombing", day, KABUL, 60),
            article(
                "e", day + dt.timedelta(days=1), AIRPORT.format(day="Thursday", n="at least 60")
            ),
        ),
        (
            mention("d", "bombing", day, KABUL, 170),
            article("d", day + dt.timedelta(days=3), AIRPORT.format(day="Thursday", n="170")),
        ),
    ]
    [inc] = merge_mentions(items)
    [killed] = [f for f in inc.facts if f.name == "killed"]
    assert [(v.value, v.document) for v in killed.values] == [
        (60, "a"),
        (60, "e"),
        (95, "b"),
        (95, "c"),
        (170, "d"),
    ]
    # 60 is in two articles of one story (e copies a), 95 in two stories: 95 is most cited
    assert {v.document: v.story for v in killed.values}["e"] == "a"
    assert (killed.low, killed.high, killed.latest, killed.most_cited) == (60, 170, 170, 95)
    assert killed.values[0].reported == day
    assert inc.killed is not None and inc.killed.value == 170


def test_two_shootings_in_one_city_in_one_month_stay_apart() -> None:
    first = (
        "Police identified the man killed Saturday night outside a tire shop on Emma Avenue "
        "as Dorian Welch, 24. Officers found Welch with gunshot wounds near the shop's "
        "loading bay; a second man was treated for a wound to the leg."
    )
    first_follow = (
        "A 19-year-old was charged Monday with murder in the Emma Avenue tire shop shooting "
        "that killed Dorian Welch. Detectives said Welch and the suspect had argued."
    )
    second = (
        "A woman was killed and her brother wounded when shots were fired into their home on "
        "Quandt Street early Thursday, police said. Neighbors named the woman as Leticia "
        "Ambrose, 31, a nurse at the county hospital."
    )
    items = [
        shooting("w1", dt.date(2016, 3, 6), first, 1, dt.date(2016, 3, 5), ["Dorian Welch"]),
        shooting(
            "w2", dt.date(2016, 3, 8), first_follow, 1, None, ["Dorian Welch"], NEAR_SPRINGDALE
        ),
        shooting("q1", dt.date(2016, 3, 18), second, 1, dt.date(2016, 3, 17), ["Leticia Ambrose"]),
    ]
    incidents = merge_mentions(items)
    homes = {a: inc.id for inc in incidents for a in inc.articles}
    assert homes["w1"] == homes["w2"] != homes["q1"]
    assert len(incidents) == 2


def test_background_reference_links_to_the_earlier_incident() -> None:
    attack = (
        "A car bomb exploded outside the central post office in Zamora on Friday, killing "
        "eleven people, the interior ministry said. The blast shattered windows across the "
        "square and set fire to parked cars."
    )
    later = (
        "Thousands marched through Zamora on Sunday to demand safer streets. The car bomb at "
        "the central post office in Zamora in March killed eleven people. Organisers said the "
        "march was the largest in the city in years."
    )
    zamora = Place("Zamora", "ES", None, 41.5, -5.75, 3104342, "city")
    bomb = mention("x", "bombing", dt.date(2019, 3, 15), zamora, 11)
    bomb.text = attack
    ref = IncidentMention(
        id="y:120",
        provenance=Provenance("y", 120, 190, "test"),
        type="bombing",
        date=dt.date(2019, 3, 1),
        date_precision="month",
        place=zamora,
        killed=Count(11, "exact", 11, 11),
        is_main=False,
        text="The car bomb at the central post office in Zamora in March killed eleven people.",
    )
    items = [
        (bomb, article("x", dt.date(2019, 3, 15), attack)),
        (ref, article("y", dt.date(2019, 6, 2), later)),
    ]
    [inc] = merge_mentions(items)
    assert inc.mentions == ["x:0", "y:120"] and inc.background == ["y:120"]
    assert inc.date == dt.date(2019, 3, 15) and inc.date_precision == "day"


def _value(value: int, story: str, day: dt.date) -> ReportedValue:
    return ReportedValue(value, "exact", story, story, reported=day)


def test_incident_figure_is_the_most_cited_unless_raised_later() -> None:
    day = dt.date(2022, 3, 5)
    # a round-up gives a different figure the same day: two stories outweigh it
    values = [_value(1, "a", day), _value(1, "b", day), _value(4, "c", day)]
    assert facts.headline(values).value == 1
    # a later, higher figure is an update: a victim died
    values.append(_value(2, "d", day + dt.timedelta(days=2)))
    assert facts.headline(values).value == 2
    # a later, lower figure is not
    assert facts.headline([*values[:3], _value(0, "e", day + dt.timedelta(days=1))]).value == 1


def test_a_sentencing_months_later_joins_the_shooting_it_is_about() -> None:
    """An undated follow-up (arrest, court date, funeral) may be about any day in the year
    before it; a new, undated shooting published as late is still held to its own week."""
    shot = (
        "Police identified the man killed Saturday night outside a tire shop on Emma Avenue "
        "as Dorian Welch, 24. Officers found Welch with gunshot wounds near the shop's "
        "loading bay; a second man was treated for a wound to the leg."
    )
    sentenced = (
        "A 19-year-old was sentenced Wednesday to 25 years in prison for the Emma Avenue tire "
        "shop shooting that killed Dorian Welch outside the shop's loading bay in March."
    )
    again = (
        "A man was killed late Tuesday outside a tire shop on Emma Avenue, near the loading "
        "bay where officers found Dorian Welch in March. Police gave no name."
    )
    items = [
        shooting("w1", dt.date(2016, 3, 6), shot, 1, dt.date(2016, 3, 5), ["Dorian Welch"]),
        shooting("w2", dt.date(2016, 6, 9), sentenced, 1, None, ["Dorian Welch"]),
        shooting("w3", dt.date(2016, 6, 9), again, 1, None),
    ]
    items[1][1].title = "Man sentenced in Emma Avenue shooting"
    items[2][1].title = "Man shot outside Emma Avenue tire shop"
    homes = {a: inc.id for inc in merge_mentions(items) for a in inc.articles}
    assert homes["w1"] == homes["w2"]
    assert homes["w3"] != homes["w1"]


def test_victims_named_across_reports_are_one_record_a_person() -> None:
    day = dt.date(2016, 3, 5)
    text = (
        "Two sisters were shot dead on Saturday night outside a laundromat on Pine Street in "
        "Toledo, police said; a neighbour who ran to help them was wounded in the leg and taken "
        "to a hospital in fair condition."
    )

    def named(doc: str, *victims: str) -> IncidentMention:
        m = mention(doc, "armed_assault", day, KABUL)
        m.victims.extend(victims)
        return m

    items = [
        (named("a", "Rosa Delgado", "Marta Delgado"), article("a", day, text)),
        (named("b", "Delgado"), article("b", day, text)),  # a wire copy of a
        (
            named("c", "R. Delgado", "Dwayne Ortiz"),
            article(
                "c",
                day,
                "Police in Toledo said two sisters died and a neighbour was hurt when a gunman "
                "fired on them outside a Pine Street laundromat on Saturday night.",
            ),
        ),
    ]
    [inc] = merge_mentions(items)
    people = {v.name: v for v in inc.victims}
    assert set(people) == {"Rosa Delgado", "Marta Delgado", "Dwayne Ortiz"}
    # "Delgado" alone and "R. Delgado" are the first sister, never the second
    assert people["Rosa Delgado"].mentions == ["a:0", "b:0", "c:0"]
    assert people["Rosa Delgado"].stories == 2  # the copy is not a second source
    assert (people["Marta Delgado"].stories, people["Dwayne Ortiz"].stories) == (1, 1)
