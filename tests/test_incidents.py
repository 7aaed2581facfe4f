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


def test_the_doer_word_gives_the_kind_of_a_killing() -> None:
    """A harm verb is typed by its doer's word when that word names a kind of attack."""
    [bombing] = main("A suicide bomber killed 14 people at a bus stop in Mosul on Friday.")
    [shooting] = main("Gunmen killed 14 people at a bus stop in Mosul on Friday.")
    assert (bombing.type, bombing.suicide) == ("bombing", True)
    assert (shooting.type, shooting.suicide) == ("armed_assault", False)


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


# --- participants: who did what to whom, with what -------------------------------------


def test_passive_agent_and_named_victim() -> None:
    [m] = main(
        "Judge Marta Olvido Brenes was shot dead by two gunmen outside her office in Cali on "
        "Tuesday, police said. Brenes had received threats."
    )
    assert "Marta Olvido Brenes" in m.victims
    assert "Brenes" not in m.victims  # the short name is the same person
    assert [p.name for p in m.perpetrators] == ["two gunmen"]


def test_shared_subject_and_physical_targets() -> None:
    [m] = main(
        "Rebels stormed a village in northern Mali on Monday, killed a farmer and burned "
        "three trucks and a grain warehouse, officials said."
    )
    assert "Rebels" in [p.name for p in m.perpetrators]
    assert {"trucks", "grain warehouse"} <= set(m.targets)  # no count in the target
    assert m.victims == []  # a farmer is counted, not named


def test_group_named_beside_its_fighters_and_the_weapon_word() -> None:
    [m] = main(
        "Suspected Red Dawn Command militants hurled grenades at a police station in Tunis on "
        "Sunday, wounding four officers."
    )
    names = [p.name for p in m.perpetrators]
    assert "militants" in names  # the band, without the hedge and its group's name
    assert "Red Dawn Command" in names  # the group, on its own
    assert "grenade" in m.weapons
    assert any("police station" in t for t in m.targets)


def test_all_caps_wire_copy_gets_its_participants() -> None:
    ex = analyze_text(
        "URBAN GUERRILLAS DYNAMITED A POWER SUBSTATION AND KILLED MAYOR JULIAN OTERMIN "
        "QUISBERT IN THE TOWN OF HUANTA YESTERDAY, THE ARMY REPORTED.",
        dt.date(1990, 3, 9),
    )
    [m] = [m for m in ex.mentions if m.is_main]
    assert m.type in {"bombing", "assassination"}
    assert "URBAN GUERRILLAS" in [p.name for p in m.perpetrators]  # the article's spelling
    assert any(v.lower() == "julian otermin quisbert" for v in m.victims)
    assert any(t.lower() == "power substation" for t in m.targets)
    assert "explosives" in m.weapons


def test_figurative_killing_is_no_incident() -> None:
    ex = analyze_text(
        "The ferry operator killed off its loss-making winter route last year, and the "
        "council burned through its reserves, auditors said on Friday.",
        SAT,
    )
    assert ex.mentions == []


def test_weapon_words_are_the_story_words() -> None:
    from newsblotter.incidents.lexicon import weapon_words

    text = "A car bomb went off, then gunmen threw two grenades and a grenade at the crowd."
    assert weapon_words(text, ["car bomb", "explosives", "grenade"]) == ["car bomb", "grenades"]
    assert weapon_words(text, ["firearms"]) == []  # "gunmen" implies a gun, names none
    assert weapon_words("", ["explosives", "pipe bomb"]) == ["explosives", "pipe bomb"]


def test_every_fact_points_at_the_words_it_was_read_from() -> None:
    text = (
        "A car bomb exploded outside a hotel in Mogadishu on Friday, killing at least "
        "nine people, police said."
    )
    [m] = main(text)
    assert text[m.spans["trigger"].start : m.spans["trigger"].end].lower() in {"bomb", "exploded"}
    assert text[m.spans["date"].start : m.spans["date"].end] == "Friday"
    assert text[m.spans["place"].start : m.spans["place"].end] == "Mogadishu"
    assert m.killed is not None and m.killed.provenance is not None
    assert "nine" in text[m.killed.provenance.start : m.killed.provenance.end]
    assert all(p.extractor.startswith("incidents/") for p in m.spans.values())
