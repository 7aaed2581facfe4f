"""The incident's figure across reports that disagree."""

from __future__ import annotations

import datetime as dt

from newsblotter.merge import facts
from newsblotter.records import Qualifier, ReportedValue

DAY = dt.date(2022, 3, 5)


def _value(value: int, story: str, day: dt.date, qualifier: Qualifier = "exact") -> ReportedValue:
    return ReportedValue(value, qualifier, story, story, reported=day)


def test_among_figures_cited_equally_the_highest() -> None:
    # the first story gives the toll, a later one is about one of the victims
    values = [_value(3, "a", DAY), _value(1, "b", DAY + dt.timedelta(days=2))]
    assert facts.headline(values).value == 3


def test_a_figure_more_stories_give_beats_a_higher_one() -> None:
    values = [_value(1, "a", DAY), _value(1, "b", DAY), _value(4, "c", DAY)]
    assert facts.headline(values).value == 1


def test_the_chosen_figure_is_its_latest_firmest_report() -> None:
    values = [
        _value(3, "a", DAY, "at_least"),
        _value(3, "b", DAY + dt.timedelta(days=1)),
        _value(2, "c", DAY),
    ]
    chosen = facts.headline(values)
    assert (chosen.value, chosen.document) == (3, "b")
