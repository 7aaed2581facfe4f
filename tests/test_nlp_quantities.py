"""Counts with hedges, and the numbers that are not counts."""

from __future__ import annotations

import pytest

from newsblotter.nlp import quantities
from newsblotter.records import Quantity


def only(text: str) -> Quantity:
    found = quantities.find(text)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].text
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "qualifier", "low", "high"),
    [
        ("Nearly 100 people died in the stampede.", "Nearly 100", 100, "about", None, 99),
        ("The blast killed almost 40 worshippers.", "almost 40", 40, "about", None, 39),
        ("At least 11 soldiers were killed.", "At least 11", 11, "at_least", 11, None),
        ("More than 200 homes were destroyed.", "More than 200", 200, "more_than", 201, None),
        ("Police detained over 50 suspects.", "over 50", 50, "more_than", 51, None),
        ("About 30 gunmen attacked the post.", "About 30", 30, "about", None, None),
        ("Some 40 families fled the district.", "Some 40", 40, "about", None, None),
        ("Around 12 officers were wounded.", "Around 12", 12, "about", None, None),
        ("Up to 300 prisoners escaped.", "Up to 300", 300, "at_most", None, 300),
        ("Fewer than 10 bodies were recovered.", "Fewer than 10", 10, "fewer_than", None, 9),
        ("The raid left two guards dead.", "two", 2, "exact", 2, 2),
        ("Eleven miners were abducted.", "Eleven", 11, "exact", 11, 11),
        ("Rebels freed 11 hostages.", "11", 11, "exact", 11, 11),
        ("The camp sheltered 1,200 refugees.", "1,200", 1200, "exact", 1200, 1200),
        ("The shelling killed three people.", "three", 3, "exact", 3, 3),
        ("Twenty-three students were rescued.", "Twenty-three", 23, "exact", 23, 23),
        (
            "The flood displaced one hundred and five households.",
            "one hundred and five",
            105,
            "exact",
            105,
            105,
        ),
        ("Dozens were wounded in the crossfire.", "Dozens", 24, "vague", 24, None),
        ("Scores of villagers were missing.", "Scores", 40, "vague", 40, None),
        ("Hundreds attended the vigil.", "Hundreds", 200, "vague", 200, None),
        ("Tens of thousands marched downtown.", "Tens of thousands", 20000, "vague", 20000, None),
        ("Several guards were hurt.", "Several", 3, "vague", 3, None),
        ("A dozen vehicles burned.", "A dozen", 12, "about", None, None),
        ("Half a dozen shops were looted.", "Half a dozen", 6, "about", None, None),
        ("More than a dozen rockets landed.", "More than a dozen", 12, "more_than", 13, None),
        ("Nearly two dozen pilgrims drowned.", "Nearly two dozen", 24, "about", None, 23),
        ("A hundred mourners gathered.", "A hundred", 100, "about", None, None),
        ("Between 10 and 20 fighters died.", "Between 10 and 20", 10, "about", 10, 20),
        ("Two or three attackers escaped.", "Two or three", 2, "about", 2, 3),
        ("Militants seized 15-20 trucks.", "15-20", 15, "about", 15, 20),
        ("The clashes killed 40 or so civilians.", "40 or so", 40, "about", None, None),
        ("The fire killed 100 or more animals.", "100 or more", 100, "at_least", 100, None),
        (
            "Officials counted 1.2 million displaced people.",
            "1.2 million",
            1_200_000,
            "about",
            None,
            None,
        ),
        ("An estimated 5,000 people fled.", "An estimated 5,000", 5000, "about", None, None),
    ],
)
def test_counts_and_hedges(
    text: str, span: str, value: int, qualifier: str, low: int | None, high: int | None
) -> None:
    found = only(text)
    assert (found.text, found.value, found.qualifier, found.min, found.max) == (
        span,
        value,
        qualifier,
        low,
        high,
    )


def test_hedged_figure_is_never_exact() -> None:
    for found in quantities.find("nearly 100, about 50, some 7, roughly 9, almost 3"):
        assert found.qualifier == "about"


@pytest.mark.parametrize(
    "text",
    [
        "A 20-year-old was arrested.",
        "The suspect, aged 45, was charged.",
        "The driver was 34 years old.",
        "The militia was founded in 2020.",
        "The record of 2019 was broken.",
        "The bomb went off at 10 a.m. local time.",
        "The device exploded at 9:45.",
        "Turnout fell to 20% this year.",
        "Turnout fell 20 percent.",
        "The ransom was $5 million.",
        "Damage ran to 3 million dollars.",
        "He finished 2nd in the race.",
        "The attack on Jan. 3 shocked the city.",
        "They met on 14 February.",
        "The siege lasted two weeks.",
        "Rescuers worked for 24 hours.",
        "A three-day curfew began.",
        "The convoy drove 40 km north.",
        "The F-16 jets flew over.",
        "Passengers of Flight 17 were named.",
        "The unrest of the 1990s returned.",
        "One of the deadliest attacks in years.",
        "No one claimed the attack.",
        "A 12-member team arrived.",
        "The price rose 3.5 points.",
        "The building has three floors.",
        "The checkpoint on Route 9 was hit.",
        "They fired dozens of times.",
        "It cost thousands of dollars.",
        "The incident in his 20s haunted him.",
        "Dispatchers received 911 calls.",
        "Shots were fired in the 300 block of Elm Street.",
        "Police were called to 8600 North Lamar Boulevard.",
        "The crash closed Interstate 95.",
    ],
)
def test_not_counts(text: str) -> None:
    assert quantities.find(text) == []


def test_several_counts_in_one_sentence_keep_order_and_offsets() -> None:
    text = (
        "At least 11 people were killed and more than 200 wounded when two bombs exploded, "
        "and a 20-year-old was among nearly 100 detained in 2020."
    )
    found = quantities.find(text)
    assert [q.text for q in found] == ["At least 11", "more than 200", "two", "nearly 100"]
    for q in found:
        assert text[q.start : q.end] == q.text


def test_street_words_do_not_hide_real_counts() -> None:
    found = quantities.find("Police said 3 Main Street residents and 12 others were hurt.")
    assert [q.value for q in found] == [12]  # "3 Main Street" reads as an address
    found = quantities.find("Two men were shot on Elm Street.")
    assert [(q.text, q.value) for q in found] == [("Two", 2)]


def test_years_inside_a_range_are_not_counts() -> None:
    assert quantities.find("The war lasted from 2011 to 2019.") == []
    assert quantities.find("Attacks peaked between 2014 and 2017.") == []
