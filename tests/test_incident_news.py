"""Incidents only where the text reports one as news; each event of an article once.

Every text here is our own writing. The no-incident articles (``no_incident_articles``) must
yield no main incident mention; the multi-event stories must yield exactly the listed events,
each with its own type, date, place and toll, and background references as background.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.pipeline import analyze_text
from newsblotter.records import IncidentMention
from no_incident_articles import ARTICLES


def _row(m: IncidentMention) -> tuple[object, ...]:
    return (
        m.type,
        m.date,
        m.place.name if m.place is not None else None,
        m.killed.value if m.killed is not None else None,
        m.wounded.value if m.wounded is not None else None,
        m.is_main,
    )


def mentions(text: str, published: dt.date, title: str | None = None) -> list[tuple[object, ...]]:
    return [_row(m) for m in analyze_text(text, published, title).mentions]


@pytest.mark.parametrize(
    ("title", "published", "text"),
    [pytest.param(title, day, text, id=name) for name, title, day, text in ARTICLES],
)
def test_no_violent_incident_reported(title: str, published: dt.date, text: str) -> None:
    found = analyze_text(text, published, title).mentions
    assert [_row(m) for m in found if m.is_main] == []


def test_enough_no_incident_articles() -> None:
    assert len(ARTICLES) >= 40
    assert len({name for name, *_ in ARTICLES}) == len(ARTICLES)


def test_strikes_an_earlier_massacre_and_the_shelling_after() -> None:
    """Missile strikes, the massacre they answered (background, its own date) and shelling
    the next day: three events, each once, none taking another's date or place."""
    text = (
        "ISLAMABAD (AP) — India launched missile strikes on nine sites in Pakistan early "
        "Wednesday, killing 26 people, Pakistani officials said. India said the strikes "
        "answered the massacre of 26 tourists in Srinagar on April 22, which it blamed on "
        "militants based in Pakistan. Pakistan denied any link to the April 22 attack. On "
        "Thursday, Pakistani troops shelled villages in Poonch, killing 12 civilians, Indian "
        "officials said."
    )
    assert mentions(text, dt.date(2025, 5, 8), "India strikes Pakistan; shelling kills 12") == [
        ("air_strike", dt.date(2025, 5, 7), "Pakistan", 26, None, True),
        ("armed_assault", dt.date(2025, 4, 22), "Srinagar", None, None, False),
        ("shelling", dt.date(2025, 5, 8), "Pūnch", 12, None, True),
    ]


def test_attack_and_reprisal_are_two_events() -> None:
    text = (
        "KADUNA, Nigeria — Gunmen killed 14 villagers in an attack on a village near Zaria on "
        "Sunday, police said. On Tuesday, armed youths set fire to a market in Kaduna in what "
        "residents called a reprisal, injuring six traders."
    )
    assert mentions(text, dt.date(2024, 3, 13)) == [
        ("armed_assault", dt.date(2024, 3, 10), "Zaria", 14, None, True),
        ("facility_attack", dt.date(2024, 3, 12), "Kaduna", None, 6, True),
    ]


def test_old_attack_cited_as_context_stays_background() -> None:
    text = (
        "PARIS — A man stabbed two people outside a synagogue in Paris on Friday, police said. "
        "The attack came nine years after the 2015 attacks on a concert hall in the city, in "
        "which 90 people were killed."
    )
    assert mentions(text, dt.date(2024, 3, 16)) == [
        ("unarmed_assault", dt.date(2024, 3, 15), "Paris", None, 2, True),
        ("armed_assault", dt.date(2015, 1, 1), None, 90, None, False),
    ]


def test_follow_up_of_a_recent_attack_is_news() -> None:
    """Days after a bombing, the hunt for its suspect reports the bombing."""
    text = (
        "LYON, France — Police were hunting on Sunday for a man who left a parcel bomb "
        "outside a bakery on Friday, wounding 13 people. Prosecutors opened a terrorism "
        "investigation."
    )
    assert mentions(text, dt.date(2024, 3, 17)) == [
        ("bombing", dt.date(2024, 3, 15), "Lyon", None, 13, True),
    ]


def test_a_reaction_is_no_second_event() -> None:
    """A leader calling the attack an act of terror, and declaring a day of mourning for
    Sunday, speaks of the news: the day he names dates the mourning, not a new attack."""
    text = (
        "LISBON — Gunmen opened fire on diners at a restaurant in Lisbon on Friday night, "
        "killing nine people, police said. In a televised address, the president called the "
        "assault a cowardly act of terror and declared Sunday a national day of mourning."
    )
    assert mentions(text, dt.date(2024, 3, 16)) == [
        ("armed_assault", dt.date(2024, 3, 15), "Lisbon", 9, None, True),
    ]


def test_a_recent_day_outweighs_the_month_it_was_planned() -> None:
    """An attack dated two days before publication stays news when the sentence also says
    it was planned months before."""
    text = (
        "The truck bomb attack on 4 May which wrecked the customs office in Mombasa had been "
        "planned since last January, investigators said on Monday. Four guards were wounded."
    )
    [row] = [r for r in mentions(text, dt.date(2024, 5, 6)) if r[-1]]
    assert row[:3] == ("bombing", dt.date(2024, 5, 4), "Mombasa")


def test_a_pandemic_that_killed_millions_is_no_incident() -> None:
    """A disease told as the doer through a relative pronoun ("the plague, which killed")
    is a natural cause, as it is when it is the subject itself."""
    text = (
        "Researchers found traces of two bacteria in the teeth of skeletons dug up near the old "
        "city wall. Both germs are associated with the Great Plague pandemic that killed an "
        "estimated 2 million people in Asia alone in the 17th Century."
    )
    assert mentions(text, dt.date(2019, 11, 20)) == []


# (id, text, publication day, every mention it must yield): how wire copy words the events
# it tells, each a general case of a reading rule.
STORIES: list[tuple[str, str, dt.date, list[tuple[object, ...]]]] = [
    (
        "a clock time is no year",  # "at 1830" is no year 1830: the attack stays news
        "Rebel commando units staged simultaneous attacks on the army brigade headquarters "
        "and the police headquarters at 1830 on Thursday, 25 May. The shooting lasted two hours.",
        dt.date(1989, 5, 26),
        [("armed_assault", dt.date(1989, 5, 25), None, None, None, True)],
    ),
    (
        "a hyphenated trigger split by the tokenizer",
        "Two men were killed and a policeman was seriously wounded in a shoot-out early "
        "this morning near a service station in Lima.",
        dt.date(1989, 1, 19),
        [("armed_assault", dt.date(1989, 1, 19), "Lima", 2, 1, True)],
    ),
    (
        "offices shaken by explosives were bombed",
        "Today seven bank branch offices in Medellin were shaken by explosives that caused "
        "heavy damage but no fatalities.",
        dt.date(1989, 8, 27),
        [("bombing", dt.date(1989, 8, 27), "Medellín", None, None, True)],
    ),
    (
        "explosives seized in a police raid",
        "Police seized explosives and an explosive device in a raid on a house in Medellin.",
        dt.date(1989, 8, 27),
        [],
    ),
    (
        "police fired their guns at a demonstration",
        "Yesterday police agents fired their guns at a student demonstration in "
        "Tegucigalpa, wounding three students.",
        dt.date(1990, 4, 30),
        [("armed_assault", dt.date(1990, 4, 29), "Tegucigalpa", None, 3, True)],
    ),
    (
        "troops fired on the crowd",
        "Troops fired on the crowd in Yangon on Sunday.",
        dt.date(1990, 4, 30),
        [("armed_assault", dt.date(1990, 4, 29), "Yangon", None, None, True)],
    ),
    (
        "warning shots",
        "Police fired warning shots into the air to disperse the crowd in Lagos.",
        dt.date(1990, 4, 30),
        [],
    ),
    (
        "tear gas",
        "Police fired round after round of tear gas at protesters leaving the campus.",
        dt.date(1990, 4, 30),
        [],
    ),
    (
        "a coach fired",
        "The club fired its coach on Monday after a string of defeats.",
        dt.date(1990, 4, 30),
        [],
    ),
    (
        "a missile test",
        "North Korea fired a ballistic missile into the sea on Monday.",
        dt.date(1990, 4, 30),
        [],
    ),
    (
        "another person's killing told in passing",  # undated, not the news's victim
        "DOHA (Reuters) - Hamas leader Ismail Haniyeh was buried in Qatar on Friday, two days "
        "after he was killed in Tehran. Israel has not commented on the killing of Haniyeh, "
        "which came hours after the killing of Hezbollah commander Fuad Shukr in Beirut.",
        dt.date(2024, 8, 2),
        [
            ("assassination", dt.date(2024, 7, 31), "Tehran", 1, None, True),
            ("assassination", None, "Beirut", 1, None, False),
        ],
    ),
    (
        "a separate attack the next day",
        "Gunmen abducted 20 passengers from a bus near Gusau on Monday, police said. In a "
        "separate attack on Tuesday, bandits killed seven villagers in Katsina.",
        dt.date(2024, 5, 10),
        [
            ("hostage_taking", dt.date(2024, 5, 6), "Gusau", None, None, True),
            ("armed_assault", dt.date(2024, 5, 7), "Katsina", 7, None, True),
        ],
    ),
    (
        "another incident the same day",
        "A roadside bomb killed three soldiers near Kirkuk on Sunday, the army said. In "
        "another incident, gunmen shot dead a police officer in Mosul.",
        dt.date(2024, 5, 13),
        [
            ("bombing", dt.date(2024, 5, 12), "Kirkuk", 3, None, True),
            ("armed_assault", None, "Mosul", 1, None, True),
        ],
    ),
    (
        "air strikes, and rockets fired back hours later",
        "Israeli air strikes killed at least 20 people in Rafah on Tuesday, health officials "
        "said. Hours later, Hamas fired a barrage of rockets at Tel Aviv, wounding two people.",
        dt.date(2024, 5, 8),
        [
            ("air_strike", dt.date(2024, 5, 7), "Rafaḩ", 20, None, True),
            ("shelling", None, "Tel Aviv", None, 2, True),
        ],
    ),
    (
        "missiles fired into the sea",
        "The army said the North fired two short-range missiles into the sea off its east "
        "coast on Thursday, its third launch this month.",
        dt.date(2024, 5, 10),
        [],
    ),
    (
        "an arrest for a strike of last month",  # "plan" governs it, its clause tells it done
        "Ukraine's security service said on Tuesday it had detained a woman suspected of "
        "helping plan the missile strike on Kryvyi Rih that killed 20 people last month.",
        dt.date(2024, 5, 10),
        [("air_strike", dt.date(2024, 4, 1), "Kryvyy Rih", 20, None, False)],
    ),
    (
        "warplanes as the subject of 'struck'",
        "Israeli warplanes struck a weapons depot near Damascus airport on Monday, killing "
        "four soldiers, Syrian state media said.",
        dt.date(2024, 5, 7),
        [("air_strike", dt.date(2024, 5, 6), "Damascus", 4, None, True)],
    ),
    (
        "a striker hitting the post",
        "The striker hit the post twice in the first half before the visitors scored.",
        dt.date(2024, 5, 7),
        [],
    ),
    (
        "a second bomb of the same attack",
        "A bomb exploded at a market in Peshawar on Friday, killing four people. Another bomb "
        "went off minutes later as rescuers arrived, wounding nine.",
        dt.date(2024, 5, 11),
        [("bombing", dt.date(2024, 5, 10), "Peshawar", 4, 9, True)],
    ),
    (
        "strikes that kill are air strikes, a general strike is none",
        "Israeli strikes killed 12 people in Rafah on Sunday, health officials said. The "
        "general strike in the West Bank went on for a second day.",
        dt.date(2024, 5, 13),
        [("air_strike", dt.date(2024, 5, 12), "Rafaḩ", 12, None, True)],
    ),
    (
        "a missile that kills makes an air strike",
        "A Russian missile killed three people in Kharkiv on Friday, the governor said.",
        dt.date(2024, 5, 13),
        [("air_strike", dt.date(2024, 5, 10), "Kharkiv", 3, None, True)],
    ),
]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [pytest.param(text, day, rows, id=name) for name, text, day, rows in STORIES],
)
def test_the_events_a_story_yields(
    text: str, published: dt.date, expected: list[tuple[object, ...]]
) -> None:
    assert mentions(text, published) == expected


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "Gunmen killed nine people at a market in Kano on Friday. Police later revised the "
            "death toll down to seven from nine.",
            7,
        ),
        (
            "A suicide bomber killed scores of worshippers at a mosque in Peshawar on Monday. "
            "Provincial authorities revised the death toll down to 84 from 101 on Thursday.",
            84,
        ),
    ],
)
def test_a_revised_toll_in_a_sentence_of_its_own_is_the_toll(text: str, killed: int) -> None:
    """A toll told in a sentence without an attack word is the toll of the attack told
    before it, and the figure after "from" is the one it replaces."""
    [row] = [r for r in mentions(text, dt.date(2024, 3, 16)) if r[-1]]
    assert row[3] == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "Hamas leader Ismail Haniyeh was killed in Tehran on Wednesday, the group said. The "
            "Revolutionary Guards said Haniyeh and one of his bodyguards had been killed when "
            "the building was hit.",
            2,
        ),
        (
            "Opposition leader Ana Ruiz was shot dead in Cali on Wednesday, police said. Her "
            "driver and two guards were wounded in the attack.",
            1,
        ),
    ],
)
def test_a_later_count_that_takes_in_the_named_victim(text: str, killed: int) -> None:
    """A named victim counted again with others ("Haniyeh and one of his bodyguards") makes
    the toll theirs; people named without the first victim are not added to the dead."""
    [row] = [r for r in mentions(text, dt.date(2024, 7, 31)) if r[-1]]
    assert row[3] == killed


def test_members_who_blew_themselves_up_make_a_suicide_bombing() -> None:
    text = (
        "Two explosions tore through crowds at a memorial in Kerman on Wednesday, killing at "
        "least 84 people. The group said two of its members had blown themselves up with "
        "explosive belts among the crowd."
    )
    [main] = [m for m in analyze_text(text, dt.date(2024, 1, 4)).mentions if m.is_main]
    assert (main.type, main.suicide, main.killed.value if main.killed else None) == (
        "bombing",
        True,
        84,
    )
