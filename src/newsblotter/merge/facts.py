"""Facts across sources: every reported figure kept with who reported it and when.

The killed figure of an incident is a history, not a value: 84 from one outlet, 95 from a
later one. Each report is kept; the range, the latest and the most cited value are derived
from them. "Most cited" counts stories, not articles, so twenty wire copies of one figure
are one citation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from newsblotter.records import Count, Fact, ReportedValue

_FIRM = {"exact": 0, "at_least": 1, "more_than": 1, "about": 2, "at_most": 3, "fewer_than": 3}


def build_fact(name: str, values: Iterable[ReportedValue]) -> Fact | None:
    ordered = sorted(values, key=lambda v: (v.reported or dt.date.min, v.value, v.document))
    if not ordered:
        return None
    numbers = [v.value for v in ordered]
    cited = Counter(value for _, value in {(v.story, v.value) for v in ordered})
    most = max(cited.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return Fact(name, ordered, min(numbers), max(numbers), latest(ordered).value, most)


def latest(values: list[ReportedValue]) -> ReportedValue:
    """The latest report (tolls rise as victims die); among same-day reports the highest
    firm figure, so "at least 60" in one copy does not undercut "62 dead" in another."""
    day = max(v.reported or dt.date.min for v in values)
    same = [v for v in values if (v.reported or dt.date.min) == day]
    return max(same, key=lambda v: (v.value, -_FIRM.get(v.qualifier, 4)))


def headline(values: list[ReportedValue]) -> ReportedValue:
    """The figure most stories give (a wrong figure, a round-up's or another incident's, is
    seldom repeated by independent stories; on the gun-violence dev set it beats the latest
    report), among figures cited equally the highest (a toll seldom falls: a lower figure
    beside it is mostly a story about one of the victims, "the man killed Saturday"); but a
    higher figure reported on a later day than the most cited is an update (a victim died)
    and replaces it."""
    cited = Counter(value for _, value in {(v.story, v.value) for v in values})
    top = max(cited.values())
    chosen = _highest([v for v in values if cited[v.value] == top])
    day = max(v.reported or dt.date.min for v in values if v.value == chosen.value)
    later = [v for v in values if (v.reported or dt.date.min) > day and v.value > chosen.value]
    return latest(later) if later else chosen


def _highest(values: list[ReportedValue]) -> ReportedValue:
    """The highest figure; among its reports the latest, firmest."""
    top = max(v.value for v in values)
    return latest([v for v in values if v.value == top])


def as_count(fact: Fact | None, counts: dict[str, Count]) -> Count | None:
    """The incident's figure: the ``headline`` report's own Count (with its span)."""
    if fact is None or not fact.values:
        return None
    chosen = headline(fact.values)
    if chosen.mention and chosen.mention in counts:
        return counts[chosen.mention]
    return Count(chosen.value, chosen.qualifier, None, None)
