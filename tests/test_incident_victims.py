"""Victims named in sentences of their own, on invented local-news texts."""

from __future__ import annotations

import datetime as dt

from newsblotter.pipeline import analyze_text
from newsblotter.records import IncidentMention

MON = dt.date(2024, 3, 11)


def main(text: str) -> IncidentMention:
    [m] = [m for m in analyze_text(text, MON).mentions if m.is_main]
    return m


def test_identified_victim_in_a_later_sentence() -> None:
    text = (
        "A man was shot and killed Saturday night outside a convenience store on Elm Street in "
        "Dayton, police said. The coroner identified the victim as 24-year-old Marcus Delane "
        "Whitfield of Riverside."
    )
    m = main(text)
    assert "Marcus Delane Whitfield" in m.victims
    span = m.spans[f"victim:{m.victims.index('Marcus Delane Whitfield')}"]
    assert text[span.start : span.end] == "Marcus Delane Whitfield"
    assert span.extractor.startswith("incidents/")


def test_pronounced_dead_and_a_list_of_victims() -> None:
    m = main(
        "Two people were shot early Sunday at a house party in Toledo, police said. "
        "Tavion Brooks, 19, was pronounced dead at the scene. "
        "The victims were Tavion Brooks and Keisha Morgan, police said."
    )
    assert {"Tavion Brooks", "Keisha Morgan"} <= set(m.victims)


def test_the_suspect_is_not_a_victim() -> None:
    m = main(
        "A woman was shot and killed Friday in an apartment in Fresno, police said. "
        "Police identified the woman as Alma Quintanar, 41. "
        "Her neighbor, Dwight Kessler, 52, was arrested and charged with murder."
    )
    assert "Alma Quintanar" in m.victims
    assert not any("Kessler" in v for v in m.victims)


def test_identified_shooter_is_not_a_victim() -> None:
    m = main(
        "A gunman opened fire at a bar in Tulsa on Saturday, wounding three people, police "
        "said. Police identified the gunman as Royce Palmquist, 33."
    )
    assert not any("Palmquist" in v for v in m.victims)


def test_background_victim_stays_with_its_own_event() -> None:
    m = main(
        "A teenager was shot and wounded Sunday in Peoria, police said. "
        "The shooting came two years after the 2022 killing of Lonnie Fairbanks on the same "
        "block."
    )
    assert not any("Fairbanks" in v for v in m.victims)
