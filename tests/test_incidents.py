"""Incident mentions on invented but realistic story texts."""

from __future__ import annotations

import datetime as dt

from newsblotter.pipeline import analyze_text
from newsblotter.records import IncidentMention

SAT = dt.date(2023, 6, 10)  # a Saturday


def main(text: str, published: dt.date = SAT) -> list[IncidentMention]:
    return [m for m in analyze_text(text, published).mentions if m.is_main]


def test_suicide_bombing_with_hedged_counts_and_weekday() -> None:
    [m] = main(
        "KABUL, Afghanistan (AP) — A suicide bomber detonated explosives outside a mosque in "
        "Kabul on Friday, killing at least 11 worshippers and wounding more than 30, police said."
    )
    assert (m.type, m.suicide) == ("bombing", True)
    assert m.date == dt.date(2023, 6, 9) and m.date_precision == "day"
    assert m.place is not None and (m.place.name, m.place.country) == ("Kabul", "AF")
    assert m.killed is not None and (m.killed.value, m.killed.qualifier) == (11, "at_least")
    assert m.wounded is not None and (m.wounded.value, m.wounded.qualifier) == (30, "more_than")
    assert "explosives" in m.weapons
    assert any("mosque" in t for t in m.targets)
    assert m.killed.provenance is not None
    assert m.killed.provenance.extractor.startswith("incidents/")


def test_kidnapping_is_a_hostage_taking() -> None:
    [m] = main(
        "Gunmen on motorcycles abducted 20 students from a boarding school in the northern "
        "Nigerian town of Kankara on Thursday night, officials said."
    )
    assert m.type == "hostage_taking"
    assert m.date == dt.date(2023, 6, 8)
    assert m.place is not None and m.place.country == "NG"


def test_named_killing_is_an_assassination() -> None:
    [m] = main(
        "TOKYO — Former minister Kenji Sato died on Wednesday after being shot twice while "
        "giving a speech outside a railway station in Osaka, police said."
    )
    assert m.type == "assassination"
    assert "firearms" in m.weapons or m.weapons == []
    assert m.place is not None and m.place.country == "JP"


def test_air_strike_by_a_state() -> None:
    [m] = main(
        "An Israeli air strike on a residential building in Damascus on Monday killed seven "
        "people, Syrian state media reported."
    )
    assert m.type == "air_strike"
    assert m.place is not None and m.place.name == "Damascus"  # not Israel: who struck
    assert m.killed is not None and m.killed.value == 7


def test_background_reference_is_kept_apart() -> None:
    mentions = analyze_text(
        "A car bomb exploded near a police checkpoint in Mogadishu on Friday, killing at least "
        "eight people. The city suffered its deadliest attack in October 2017, when a truck bomb "
        "killed more than 500 people at a busy junction.",
        SAT,
    ).mentions
    news = [m for m in mentions if m.is_main]
    old = [m for m in mentions if not m.is_main]
    assert len(news) == 1 and news[0].killed is not None and news[0].killed.value == 8
    assert len(old) == 1 and old[0].date is not None and old[0].date.year == 2017
    assert old[0].killed is not None and old[0].killed.value == 500


def test_no_incident_in_a_sports_report() -> None:
    ex = analyze_text(
        "The visitors fired three shots on target in the first half and the striker claimed a "
        "hat-trick as the home side were bombed out of the cup on Saturday.",
        SAT,
    )
    assert [m for m in ex.mentions if m.is_main and (m.killed or m.date)] == []
    assert [s for s in ex.statements if s.kind in {"claim", "attribution"}] == []
