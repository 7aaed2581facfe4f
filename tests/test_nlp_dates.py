"""Time expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.nlp import dates
from newsblotter.records import TimeExpression

SAT = dt.date(2024, 1, 6)  # a Saturday, early in the year
MON = dt.date(2024, 3, 4)  # a Monday just after a leap day


def one(text: str, anchor: dt.date | None) -> TimeExpression:
    found = dates.resolve(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Gunmen stormed the market on Wednesday.", SAT, dt.date(2024, 1, 3)),
        ("The funeral was held on Saturday.", SAT, dt.date(2024, 1, 6)),  # the day itself
        ("Police said the convoy was hit on Sunday.", SAT, dt.date(2023, 12, 31)),
        ("The ministry announced arrests on Friday.", SAT, dt.date(2024, 1, 5)),
        ("Protesters gathered on Monday morning.", MON, dt.date(2024, 3, 4)),
        ("The checkpoint was attacked on Thursday night.", MON, dt.date(2024, 2, 29)),
        ("The blast happened on Tuesday.", MON, dt.date(2024, 2, 27)),
    ],
)
def test_weekday_is_most_recent_on_or_before_publication(
    text: str, anchor: dt.date, expected: dt.date
) -> None:
    found = one(text, anchor)
    assert found.date == expected
    assert found.precision == "day"
    assert found.text in text and found.text.split()[0] in dates.WEEKDAYS


def test_possessive_weekday_keeps_the_name_only() -> None:
    text = "Investigators examined the debris from Wednesday's bombings."
    found = one(text, SAT)
    assert (found.text, found.date) == ("Wednesday", dt.date(2024, 1, 3))
    assert text[found.start : found.end] == "Wednesday"


def test_last_and_next_weekday() -> None:
    wednesday = dt.date(2024, 1, 10)
    assert one("He was seen last Wednesday.", wednesday).date == dt.date(2024, 1, 3)
    assert one("He was seen Last Tuesday.", wednesday).date == dt.date(2024, 1, 9)
    assert one("Talks resume next Monday.", wednesday).date == dt.date(2024, 1, 15)


def test_named_days_are_not_weekdays() -> None:
    assert dates.resolve("Shoppers crowded stores on Black Friday.", SAT) == []
    assert dates.resolve("Services were held for Good Friday.", SAT) == []
    assert dates.resolve("The Sunday Times reported the raid.", SAT) == []
    # a weekly rite, not the most recent Friday
    assert dates.resolve("The bomber struck the mosque during Friday prayers.", SAT) == []


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Troops withdrew yesterday.", dt.date(2024, 3, 1), dt.date(2024, 2, 29)),
        ("The mayor spoke today.", SAT, SAT),
        ("Shots were heard last night.", SAT, dt.date(2024, 1, 5)),
        ("The vote is tomorrow.", dt.date(2023, 12, 31), dt.date(2024, 1, 1)),
        ("It began the day before yesterday.", SAT, dt.date(2024, 1, 4)),
        ("Villagers fled three days ago.", SAT, dt.date(2024, 1, 3)),
        ("The road was closed a week ago.", SAT, dt.date(2023, 12, 30)),
    ],
)
def test_relative_days(text: str, anchor: dt.date, expected: dt.date) -> None:
    found = one(text, anchor)
    assert (found.date, found.precision) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "anchor", "expected", "precision"),
    [
        ("The siege ended on 3 January 2024.", None, dt.date(2024, 1, 3), "day"),
        ("Rebels took the town on Jan. 3, 2024.", None, dt.date(2024, 1, 3), "day"),
        ("Rebels took the town on Jan. 3.", SAT, dt.date(2024, 1, 3), "day"),
        ("The ceasefire collapsed on Dec. 28.", SAT, dt.date(2023, 12, 28), "day"),
        ("A trial opened on the 2nd of February.", MON, dt.date(2024, 2, 2), "day"),
        ("The hostages were freed on Sept. 11.", SAT, dt.date(2023, 9, 11), "day"),
        ("The report is dated 2023-11-30.", None, dt.date(2023, 11, 30), "day"),
        ("Fighting began in March 2019.", None, dt.date(2019, 3, 1), "month"),
        ("The group was founded in 2020.", None, dt.date(2020, 1, 1), "year"),
        ("Attacks rose sharply in early 2016.", None, dt.date(2016, 1, 1), "year"),
        ("The clashes started in November.", SAT, dt.date(2023, 11, 1), "month"),
        ("The clashes started in January.", SAT, dt.date(2024, 1, 1), "month"),
    ],
)
def test_explicit_dates(
    text: str, anchor: dt.date | None, expected: dt.date, precision: str
) -> None:
    found = one(text, anchor)
    assert (found.date, found.precision) == (expected, precision)


def test_weekday_before_a_full_date_is_one_expression() -> None:
    found = one("The strike came on Wednesday, Jan. 3, 2024, before dawn.", None)
    assert found.text == "Wednesday, Jan. 3, 2024"
    assert found.date == dt.date(2024, 1, 3)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Earlier this month, two envoys met.", dt.date(2024, 1, 1), "month"),
        ("Last month, the border was sealed.", dt.date(2023, 12, 1), "month"),
        ("Last year the region saw record violence.", dt.date(2023, 1, 1), "year"),
        ("Earlier this year the talks stalled.", dt.date(2024, 1, 1), "year"),
        ("A similar attack took place last week.", dt.date(2023, 12, 1), "month"),
        # a named month of a relative year: the month, not the whole year
        ("In March last year, a bomber struck a mosque.", dt.date(2023, 3, 1), "month"),
        ("The talks resumed in early October of last year.", dt.date(2023, 10, 1), "month"),
        ("Elections are due in June this year.", dt.date(2024, 6, 1), "month"),
        ("Prices may next year rise again.", dt.date(2025, 1, 1), "year"),  # "may": no month
        # a sentence may open with the cue: "In December" is last December, "In 2019" a year
        ("In December, a drone hit the depot.", dt.date(2023, 12, 1), "month"),
        ("Since November the road has been shut.", dt.date(2023, 11, 1), "month"),
        ("Last October two envoys were expelled.", dt.date(2023, 10, 1), "month"),
        ("In 2019, gunmen raided the same village.", dt.date(2019, 1, 1), "year"),
    ],
)
def test_relative_periods(text: str, expected: dt.date, precision: str) -> None:
    found = one(text, SAT)
    assert (found.date, found.precision) == (expected, precision)


@pytest.mark.parametrize(
    "text",
    [
        "The curfew will last two weeks.",
        "Rescuers searched for 24 hours.",
        "A 20-year-old man was detained.",
        "The suspect, aged 19, was charged.",
        "A three-day mourning period was declared.",
        "Over the past decade the militia grew.",
        "The rally drew 2,000 people.",
        "May they rest in peace.",
        "In may be the word.",  # a month's name needs its capital
    ],
)
def test_durations_ages_and_plain_words_are_not_dates(text: str) -> None:
    assert dates.resolve(text, SAT) == []


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    text = "On Wednesday, a year after the 12 March 2022 raid, and in 2021 before that."
    found = dates.resolve(text, None)
    assert [(t.text, t.date) for t in found] == [
        ("12 March 2022", dt.date(2022, 3, 12)),
        ("2021", dt.date(2021, 1, 1)),
    ]
    assert dates.resolve(text, SAT)[0].text == "Wednesday"


def test_impossible_dates_are_dropped() -> None:
    assert dates.resolve("The letter is dated Feb. 30, 2023.", None) == []


def test_bare_year_needs_a_cue_or_a_hint() -> None:
    text = "Survivors of the 2015 attack returned."
    assert dates.resolve(text, SAT) == []
    start = text.index("2015")
    found = dates.resolve(text, SAT, hints=[(start, start + 4)])
    assert [(t.text, t.precision) for t in found] == [("2015", "year")]


@pytest.mark.parametrize(
    "text",
    ["Rebels fired on the post at 1830 on Friday.", "The blast came at about 2030 hours."],
)
def test_a_clock_time_in_military_notation_is_no_year(text: str) -> None:
    """ "at 1830" inside a DATE or TIME entity is a time of day, not the year 1830."""
    start = text.index("at ")
    found = dates.resolve(text, SAT, hints=[(start, len(text) - 1)])
    assert [t.text for t in found if t.precision == "year"] == []


def test_offsets_point_into_the_text() -> None:
    text = "On Friday, officials said. By Tuesday, nothing. Yesterday, more arrests."
    for found in dates.resolve(text, MON):
        assert text[found.start : found.end] == found.text
    assert [t.date for t in dates.resolve(text, MON)] == [
        dt.date(2024, 3, 1),
        dt.date(2024, 2, 27),
        dt.date(2024, 3, 3),
    ]


def test_datetime_anchor_gives_dates() -> None:
    found = one("The market was hit on Wednesday.", dt.datetime(2024, 1, 6, 18, 30))
    assert found.date == dt.date(2024, 1, 3) and type(found.date) is dt.date
