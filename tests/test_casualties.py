"""Casualty counts from how local news words them: victims counted, not only digits."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.incidents import headline as hl
from newsblotter.pipeline import analyze_text
from newsblotter.records import IncidentMention

SAT = dt.date(2023, 6, 10)  # a Saturday


def main(text: str) -> IncidentMention:
    mentions = [m for m in analyze_text(text, SAT).mentions if m.is_main]
    assert mentions, f"no incident found in {text!r}"
    return mentions[0]


def figures(text: str) -> tuple[int | None, int | None]:
    m = main(text)
    return (
        m.killed.value if m.killed else None,
        m.wounded.value if m.wounded else None,
    )


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("A 23-year-old man was shot and killed late Friday outside a corner store.", 1, None),
        ("A teenager was fatally shot Thursday evening near a city park.", 1, None),
        (
            "A man was shot on Thursday night on the 900 block of Birch Street. He died at a "
            "local hospital a few hours later.",
            1,
            None,
        ),
        (
            "Officers responding to a call about gunfire found a man lying in the street. The "
            "victim, Darnell Price, 29, was pronounced dead at the scene.",
            1,
            None,
        ),
        ("Police say a woman and her son were fatally shot inside their apartment.", 2, None),
        ("Detectives are investigating a double homicide on the east side of town.", 2, None),
        ("Two men were wounded in a shooting at a gas station early Sunday.", None, 2),
        ("Three people were shot, one fatally, at a party early Saturday.", 1, 2),
        (
            "A 31-year-old woman was shot in the leg on Friday. She is expected to survive with "
            "non-life-threatening injuries.",
            None,
            1,
        ),
        (
            "A man was shot Friday afternoon. He was taken to a hospital in critical condition.",
            None,
            1,
        ),
        ("The shooting Friday left one man dead and two others wounded.", 1, 2),
        ("A shooting outside a skating rink on Friday left four people wounded.", None, 4),
        (
            "Police are looking into a shooting on Friday, leaving three people injured and "
            "one person dead.",
            1,
            3,
        ),
        ("A 19-year-old was killed in a shooting near the high school on Friday.", 1, None),
        (
            "The victims, Lena Ortiz, 22, and Paul Brandt, 40, were shot Friday and taken to a "
            "hospital in stable condition.",
            None,
            2,
        ),
    ],
)
def test_casualties_counted_from_words(text: str, killed: int | None, wounded: int | None) -> None:
    assert figures(text) == (killed, wounded)


def test_shooting_without_a_named_shooter_is_an_incident_with_date() -> None:
    m = main("A man was shot Tuesday night on the 1200 block of Maple Avenue in Dayton, Ohio.")
    assert m.type == "armed_assault"
    assert m.date == dt.date(2023, 6, 6)
    assert m.place is not None and m.place.name == "Dayton"


def test_count_keeps_its_span_and_version() -> None:
    text = "Police said the woman and her son were fatally shot inside their home on Friday."
    m = main(text)
    assert m.killed is not None and m.killed.provenance is not None
    prov = m.killed.provenance
    assert text[prov.start : prov.end] == "the woman and her son"
    from newsblotter.incidents import VERSION

    assert prov.extractor == VERSION


def test_hedged_death_is_not_exact() -> None:
    m = main("A man was reportedly killed in a shooting in the parking lot on Friday.")
    assert m.killed is not None
    assert (m.killed.value, m.killed.qualifier) == (1, "about")


def test_murder_suicide_counts_the_shooter() -> None:
    m = main("Police said Friday's shooting at the house on Oak Lane was a murder-suicide.")
    assert m.killed is not None
    assert (m.killed.value, m.killed.qualifier) == (2, "at_least")


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "A man shot and killed his wife and their son on Friday, then turned the gun on "
            "himself, police said.",
            3,
        ),
        (
            "A 4-year-old boy accidentally shot and killed himself at a relative's home on Friday.",
            1,
        ),
        (
            "Police said the gunman killed two coworkers on Friday and then tried to kill himself.",
            2,
        ),
    ],
)
def test_the_attackers_own_death_after_the_victims_counts(text: str, killed: int) -> None:
    assert figures(text)[0] == killed


def test_another_victim_adds_to_the_count() -> None:
    text = (
        "A man was shot and killed outside a bar on Friday night. Another man was shot and "
        "killed a block away minutes later."
    )
    assert figures(text)[0] == 2


@pytest.mark.parametrize(
    "text",
    [
        "A woman was killed in a car crash on the interstate on Friday.",
        "Three soldiers were killed when their truck crashed into a river near the base.",
        "The man died of cancer on Friday, his family said.",
        "Authorities said the suspect tried to kill his neighbor on Friday but missed.",
    ],
)
def test_no_violent_death_counted(text: str) -> None:
    killed = [m.killed for m in analyze_text(text, SAT).mentions if m.killed]
    assert killed == []


def test_uncounted_plural_gives_no_figure() -> None:
    m = main("Several people were shot near the stadium on Friday night, police said.")
    assert m.killed is None
    assert m.wounded is None or m.wounded.qualifier != "exact"


def test_age_beside_a_name_is_no_count() -> None:
    from newsblotter.nlp import quantities

    found = quantities.find("Rita Moss, 34, died at the scene; the blast killed 12, police said.")
    assert [q.value for q in found] == [12]
    assert figures("Police said Rita Moss, 34, was shot and killed on Friday.") == (1, None)


def test_a_later_death_toll_replaces_the_first_figure() -> None:
    text = (
        "Gunmen opened fire at a wedding hall on Friday, killing at least 20 people. By "
        "Saturday the number of people killed in the attack had risen to 31, officials said."
    )
    assert figures(text)[0] == 31


def test_a_round_up_of_shootings_is_not_the_toll() -> None:
    text = (
        "Four people were killed and at least 20 others wounded in shootings across the city "
        "over the weekend. A 30-year-old man was shot and killed on Saturday night outside "
        "a laundromat."
    )
    assert figures(text)[0] == 1


def test_a_tally_is_not_the_toll() -> None:
    text = (
        "A 20-year-old man was shot and killed on Friday night outside a bakery. More than "
        "400 people have been killed in the city so far this year."
    )
    assert figures(text) == (1, None)


def test_a_tally_that_points_back_to_a_tally_is_not_the_toll() -> None:
    text = (
        "Jon Ray, 15, was shot and killed at his home on Friday, police said. Police have "
        "logged 1,900 shooting incidents in the city through mid-November. Over 2,100 people "
        "were wounded in those shootings, a figure that leaves out the 150 who died after "
        "being shot."
    )
    [mine] = [m for m in analyze_text(text, dt.date(2024, 11, 18)).mentions if m.is_main]
    assert mine.killed is not None and mine.killed.value == 1
    assert mine.wounded is None


@pytest.mark.parametrize(
    ("headline", "killed", "wounded"),
    [
        ("3 dead, 2 hurt after gunfire at a backyard cookout", 3, 2),
        ("Gunman kills 2, wounds 4 at a bowling alley", 2, 4),
        ("Six shot, two fatally, outside a nightclub", 2, 4),
        ("8 shot, 1 dead near a riverside park", 1, 7),
        ("Girl, 12, fatally shot while sitting on a porch", 1, None),
        ("Teen shot, killed outside a convenience store", 1, None),
        ("Man shot on the freeway expected to survive", None, 1),
        ("Police investigate double homicide in quiet suburb", 2, None),
        ("Arrest made in weekend murder at a motel", 1, None),
        ("Man charged with attempted murder after a road-rage shooting", None, None),
        ("Police: no one killed when shots were fired at a house", None, None),
        ("Gunman kills 3 coworkers, then himself", 4, None),
        ("Grandfather, boy found dead in farmhouse", 2, None),
        ("Mother of 3 killed in drive-by", 1, None),
        ("Four found dead in apartment, police say", 4, None),
        ("Hunting trip proves fatal for retired teacher", 1, None),
        ("Man hospitalized with non-fatal gunshot wound", None, 1),
        ("City council approves a budget for new parks", None, None),
        ("3 dead, 19 wounded in weekend shootings", None, None),
        ("Violent night in the city leaves 2 dead, 6 hurt", None, None),
        ("4 dead in murder-suicide at a lakeside home", 4, None),
        ("Father, two sons found dead in apparent murder-suicide", 3, None),
        ("3 adults, 2 children dead after shooting at a farmhouse", 5, None),
        ("Investigators call deaths of couple a murder-suicide", 2, None),
        ("Third victim dies after shooting at a bus stop", 3, None),
        ("4 killed at a warehouse; suspect dead", 5, None),
        ("Gunman kills wife, stepson, then himself", 3, None),
        ("Gunman kills 2, barricades himself in a motel", 2, None),
        ("Sheriff: family of five found dead in ranch house", 5, None),
        ("Police find 2 bodies in burned-out car", 2, None),
        ("Gunfire leaves 2 men, 1 woman wounded", None, 3),
        ("Drive-by shooting kills teen girl, injures 3", 1, 3),
        ("Man charged in killing of two brothers in June", 2, None),
        ("Man charged in the shooting death of neighbor in May", 1, None),
        ("Woman kills 5-year-old son in apparent murder-suicide", 2, None),
        ("Man accused of killing mother, step-dad and uncle", 3, None),
        ("Student takes own life in school parking lot", 1, None),
        ("Family says deadly backyard shooting was an accident", 1, None),
        ("Man charged with assault with a deadly weapon in shooting", None, None),
        ("Teen shot in leg, suspect turns himself in", None, 1),
        ("Boy accidentally shoots himself with father's handgun", None, None),
        ("Man charged in non-fatal shooting of neighbor", None, None),
        ("Family of 6-year-old shot at park demands answers", None, 1),
        ("", None, None),
    ],
)
def test_headline_toll(headline: str, killed: int | None, wounded: int | None) -> None:
    toll = hl.read(headline)
    assert (toll.killed, toll.wounded) == (killed, wounded)


def test_headline_toll_where_the_page_lost_its_story() -> None:
    text = "Subscribe to our newsletter. Read our privacy policy and terms of use."
    found = analyze_text(text, SAT, title="Two men killed, one hurt in shooting at car wash")
    mains = [m for m in found.mentions if m.is_main]
    assert len(mains) == 1
    assert mains[0].killed is not None and mains[0].killed.value == 2
    assert mains[0].wounded is not None and mains[0].wounded.value == 1
    assert not analyze_text(text, SAT, title="Our newsletter, now weekly").mentions


def test_a_death_the_headline_only_implies_leaves_the_text_count() -> None:
    text = "Two brothers were shot and killed Friday night outside their home, police said."
    found = analyze_text(text, SAT, title="Teen killed outside his home")
    mention = next(m for m in found.mentions if m.is_main)
    assert mention.killed is not None and mention.killed.value == 2


def test_an_implied_headline_toll_raises_a_lower_text_count() -> None:
    text = "Police said a man shot and killed his wife at their home on Friday."
    assert figures(text)[0] == 1
    found = analyze_text(text, SAT, title="Deaths at riverside home ruled a murder-suicide")
    mention = next(m for m in found.mentions if m.is_main)
    assert mention.killed is not None and mention.killed.value == 2


def test_headline_toll_beats_a_partial_figure_in_the_text() -> None:
    text = (
        "Gunfire broke out at a birthday party on Friday night. A 20-year-old man was "
        "pronounced dead at the scene, police said."
    )
    assert figures(text) == (1, None)
    found = analyze_text(text, SAT, title="2 dead, 5 wounded in shooting at birthday party")
    mention = next(m for m in found.mentions if m.is_main)
    assert mention.killed is not None and mention.killed.value == 2
    assert mention.wounded is not None and mention.wounded.value == 5


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # people of an insurgency counted like local news counts its victims
        ("A policeman and two civilians were killed when rebels attacked a bus near Lima.", 3),
        ("Rebels killed five soldiers and a peasant in an ambush near San Miguel.", 6),
        ("Gunmen dynamited the house of a judge. The judge died in the attack.", 1),
        # "shot to death", and one more told with "also"
        (
            "A teacher was shot to death in her car on the road to Pereira. The person "
            "driving the car was also killed.",
            2,
        ),
        ("The government blamed the rebels for the assassination of minister Jose Rodas.", 1),
        # a list of people with ranks and trades among them ("captain", "lawyer")
        ("One army captain, three soldiers, and two civilians were killed in the raid.", 6),
        ("Gunmen shot and killed a lawyer and two clerks at the courthouse.", 3),
        # one killing told of two people, each with its own "of"
        (
            "The party demanded an inquiry into the killing of party leader Juan Perez and of "
            "lawyer Rosa Diaz in the capital.",
            2,
        ),
        # a blast in a sentence naming a bomb is the attack, not an accident
        ("Police inspector Juan Perez died in the explosion of a car bomb in the capital.", 1),
        ("The radio denounced the death of many civilians in the bombings of the capital.", 2),
    ],
)
def test_counts_of_an_insurgency(text: str, killed: int) -> None:
    assert figures(text)[0] == killed


def test_not_victims_are_the_suspects_and_the_remembered(pipeline_factory: object) -> None:
    from newsblotter.incidents.victims import not_victims
    from newsblotter.records import Article

    pipe = pipeline_factory("victims")  # type: ignore[operator]
    text = (
        "A gunman killed Dana Whitcombe at a bar in Tulsa on Saturday. Police arrested Royce "
        "Palmquist, 33. Friends had gathered there to mark the anniversary of Hal Brenner's "
        "death."
    )
    ann = pipe.annotator.annotate(Article("d", text, published=SAT))
    assert not_victims(ann.doc) == {"palmquist", "brenner"}


@pytest.mark.parametrize(
    "text",
    [
        "Two workers died in an explosion at the gas plant on Monday, firefighters said.",
        "A gas explosion killed two workers at the plant.",
        "Police are investigating the death of a man found in his apartment after a fire.",
    ],
)
def test_a_blast_without_a_bomb_stays_an_accident(text: str) -> None:
    assert [m for m in analyze_text(text, SAT).mentions if m.killed] == []


def test_a_list_with_a_thing_in_it_counts_no_people() -> None:
    assert figures("Gunmen shot four people and two cars outside the bar on Friday.") == (
        None,
        None,
    )
