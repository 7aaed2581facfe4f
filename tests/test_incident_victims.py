"""Victims named in sentences of their own, on invented local-news texts."""

from __future__ import annotations

import dataclasses
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


def test_a_remembered_death_is_not_this_event_s_victim() -> None:
    m = main(
        "KERMAN, Iran — Two bombs exploded on Wednesday among crowds marking the anniversary "
        "of General Hadi Farrokhzad's death, killing at least 80 people, officials said."
    )
    assert not any("Farrokhzad" in v for v in m.victims)


def test_a_death_told_in_another_city_or_long_ago_is_told_elsewhere() -> None:
    from newsblotter.incidents.extract import _told_elsewhere
    from newsblotter.incidents.victims import named_victims
    from newsblotter.pipeline import Pipeline, load_settings
    from newsblotter.records import Article

    annotator = Pipeline(load_settings(env={}, db="")).annotator
    text = "Tomas Rivera died in Chicago on Friday. Andrea Martinez died in 2019."
    ann = annotator.annotate(Article(document="d", text=text, published=MON))
    found = {text[v.start : v.end]: v for v in named_victims(ann.doc)}
    assert set(found) == {"Tomas Rivera", "Andrea Martinez"}
    chicago = next(pm.place for pm in ann.places if pm.text == "Chicago")
    fresno = dataclasses.replace(chicago, name="Fresno", geonameid=5350937)
    assert _told_elsewhere(ann, found["Tomas Rivera"], fresno)
    assert not _told_elsewhere(ann, found["Tomas Rivera"], chicago)
    assert _told_elsewhere(ann, found["Andrea Martinez"], chicago)  # five years before publication


def test_a_victim_of_a_strike_in_another_country_is_dropped_from_this_event() -> None:
    m = main(
        "TEHRAN — A senior commander, Karim Nadiri, was killed in an air strike on a "
        "guesthouse in Tehran on Sunday, officials said. The strike came a day after the "
        "killing of militia leader Rami Haddad in Beirut."
    )
    assert "Karim Nadiri" in m.victims
    assert not any("Haddad" in v for v in m.victims)
