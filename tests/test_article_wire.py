"""Datelines, wire agencies and date stamps."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.article.dates import date_line
from newsblotter.article.wire import parse_dateline, wire_agency


@pytest.mark.parametrize(
    ("opening", "place", "agency"),
    [
        ("WASHINGTON (Reuters) - Officials said", "Washington", "Reuters"),
        ("KABUL, Afghanistan (AP) — A bomb", "Kabul, Afghanistan", "AP"),
        ("PARIS (AFP) - France said", "Paris", "AFP"),
        ("BEIJING, Jan. 5 (Xinhua) -- China", "Beijing", "Xinhua"),
        ("ANKARA (AA) - Turkish forces", "Ankara", "Anadolu"),
        ("New Delhi, Jan 5 (PTI) - The court", "New Delhi", "PTI"),
        ("Berlin (dpa) - Bei einem", "Berlin", "dpa"),
        ("NEW YORK — The mayor said", "New York", None),
        ("SRINAGAR: Militants attacked", "Srinagar", None),
    ],
)
def test_datelines(opening: str, place: str, agency: str | None) -> None:
    dateline = parse_dateline(opening)
    assert dateline is not None
    assert (dateline.place, dateline.agency) == (place, agency)


@pytest.mark.parametrize(
    "opening",
    [
        "The President - who spoke first - said",
        "Gunmen (pictured) - seen on camera",
        "BREAKING: Three killed",
        "FILE - In this photo",
        "Police said on Monday that",
    ],
)
def test_not_datelines(opening: str) -> None:
    assert parse_dateline(opening) is None


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("Story text.\n(Reporting by Ana Ruiz; Editing by Tom Lee)", "Reuters"),
        ("Story text.\nCopyright 2024 The Associated Press. All rights reserved.", "AP"),
        ("Story text.\nAgence France-Presse contributed to this report.", "AFP"),
        ("Story text.\n— Xinhua", "Xinhua"),
        ("By Reuters", "Reuters"),
        ("Officials met (Bernama) on Monday to discuss the plan.", "Bernama"),
        ("Police said three people were hurt. (AP Photo/Kim Lee)", None),
        ("A local reporter wrote this story about the town council.", None),
    ],
)
def test_wire_agency_from_credits(text: str, agency: str | None) -> None:
    assert wire_agency(text) == agency


@pytest.mark.parametrize(
    ("line", "date", "precision"),
    [
        ("  • Saturday, 06 Jan 2024", dt.date(2024, 1, 6), "day"),
        ("Jan. 6, 2024 5:01 PM ET", dt.date(2024, 1, 6), "day"),
        ("Published: 2024-01-06T10:00:00Z", dt.date(2024, 1, 6), "day"),
        ("Updated 13:05, 5 March 2023", dt.date(2023, 3, 5), "day"),
        ("Montag, 3. Juni 2024", dt.date(2024, 6, 3), "day"),
        ("3 de enero de 2024", dt.date(2024, 1, 3), "day"),
        ("January 2024", dt.date(2024, 1, 1), "month"),
        ("25/12/2023", dt.date(2023, 12, 25), "day"),
    ],
)
def test_date_stamp_lines(line: str, date: dt.date, precision: str) -> None:
    found = date_line(line)
    assert found is not None
    assert (found.date, found.precision) == (date, precision)


@pytest.mark.parametrize(
    "line",
    [
        "The attack on January 5, 2024 killed many people in the city.",
        "03/04/2024",  # day-month order unknown
        "Mayor said the market would reopen",
        "February 30, 2024",
    ],
)
def test_not_date_stamps(line: str) -> None:
    assert date_line(line) is None
