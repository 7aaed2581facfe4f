"""Responsibility statements on invented but realistic story texts."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.pipeline import analyze_text
from newsblotter.records import Statement

FRI = dt.date(2023, 3, 24)  # a Friday


def statements(text: str) -> list[Statement]:
    return analyze_text(text, FRI).statements


def kinds(text: str) -> set[tuple[str, str | None]]:
    return {(s.kind, s.responsible.id if s.responsible else None) for s in statements(text)}


def test_claim_and_a_denial_by_an_accused_state() -> None:
    found = kinds(
        "Gunmen opened fire on a concert hall near the capital on Thursday, killing 60 people. "
        "Islamic State claimed responsibility for the attack in a statement on Telegram. "
        "Officials in Moscow blamed Ukraine for the attack. "
        "Ukraine denied any involvement in the shooting."
    )
    assert ("claim", "islamic-state") in found
    assert ("attribution", "ukraine") in found
    assert ("denial", "ukraine") in found


@pytest.mark.parametrize(
    ("speaker", "kind"),
    [
        ("Provincial officials", "unnamed_official"),  # named in the plural, still officials
        ("Two regional governors", "unnamed_official"),
        ("Local residents", "witness"),
        ("The government", "government"),
        ("The Northfield Gazette", "media"),  # a paper by the last word of its name
        ("Government officials", "unnamed_official"),
    ],
)
def test_a_described_speaker_by_kind(speaker: str, kind: str) -> None:
    [st] = [
        s
        for s in statements(
            "Gunmen seized 40 passengers from a bus near Gusau on Tuesday. "
            f"{speaker} said the raid was carried out by Boko Haram."
        )
        if s.kind == "attribution"
    ]
    assert st.speaker.kind == kind


def test_anonymous_sources_with_evidence_and_hedge() -> None:
    [st] = [
        s
        for s in statements(
            "A bomb killed 12 people at a market in Kabul on Wednesday. Three U.S. officials, "
            "speaking on condition of anonymity, said intercepted communications showed the "
            "Islamic State's Afghanistan-based branch had likely carried out the bombing."
        )
        if s.kind == "attribution"
    ]
    assert st.responsible is not None and st.responsible.id == "islamic-state-khorasan"
    assert st.speaker.anonymous and st.speaker.count == 3
    assert st.speaker.kind == "unnamed_official"
    assert "intercepts" in st.evidence
    assert st.hedge_level == "probable" and st.hedge is not None and "likely" in st.hedge
    start, end = st.provenance.start, st.provenance.end
    assert st.attribution is not None and st.attribution.cue.start >= start
    assert st.attribution.cue.end <= end


def test_no_comment_and_arrest() -> None:
    found = statements(
        "A car bomb exploded outside a police station in Diyarbakir on Tuesday, wounding nine "
        "officers. The Turkish interior ministry said police had detained four people suspected "
        "of involvement in the attack. The PKK did not respond to a request for comment."
    )
    by_kind = {s.kind: s for s in found}
    assert "arrest" in by_kind and "no_comment" in by_kind
    assert by_kind["no_comment"].speaker.actor_id == "pkk"
    assert by_kind["arrest"].said_on is None or by_kind["arrest"].said_on <= FRI


def test_negated_claim_is_not_a_claim() -> None:
    found = kinds(
        "Two explosions hit a bus station in the city on Monday, killing five. "
        "Al-Shabaab did not claim the attack, and no other group has said it was behind it."
    )
    assert not any(kind == "claim" for kind, _ in found)


def test_claim_date_is_the_day_it_was_made() -> None:
    [claim] = [
        s
        for s in statements(
            "A suicide bomber struck a mosque in Peshawar on Monday, killing 84 people. "
            "Jamaat-ul-Ahrar claimed responsibility for the bombing on Tuesday."
        )
        if s.kind == "claim"
    ]
    assert claim.said_on == dt.date(2023, 3, 21)
    assert claim.speaker.kind == "group" and claim.responsible is not None


def test_a_group_the_text_introduces_becomes_an_actor() -> None:
    ex = analyze_text(
        "A bomb exploded at a checkpoint in the north on Sunday, killing two soldiers. "
        "A previously unknown group calling itself the Northern Dawn Brigade claimed "
        "responsibility for the attack.",
        FRI,
    )
    names = [a.name for a in ex.new_actors]
    assert any("Northern Dawn Brigade" in n for n in names)
    introduced = ex.new_actors[0]
    assert introduced.introduced_by is not None


def test_the_attribution_layer_types_every_source() -> None:
    ex = analyze_text(
        "The ministry said the talks would resume next week. According to two diplomats "
        "familiar with the negotiations, the draft was nearly complete. Reuters reported that "
        "a deal could be signed in May. Hamas said it had not received the proposal.",
        FRI,
    )
    text = ex.article.text
    by_cue = {a.cue_text.lower(): a for a in ex.attributions}
    assert {"said", "according to", "reported"} <= set(by_cue)
    according = by_cue["according to"]
    assert according.source is not None and according.content is not None
    assert text[according.source.start : according.source.end].startswith("two diplomats")
    assert (according.source_kind, according.source_count) == ("anonymous", 2)
    assert by_cue["reported"].source_kind == "media"
    hamas = next(a for a in ex.attributions if a.source_text == "Hamas")
    assert hamas.source_kind == "group"
    for a in ex.attributions:  # every span points into the article text
        assert 0 <= a.cue.start < a.cue.end <= len(text)


def test_admission_capital_metonymy_and_an_accused_declining() -> None:
    found = kinds(
        "A missile strike hit a car in Beirut on Tuesday, killing a senior commander. "
        "Israel's military said it had killed the commander in a targeted strike. "
        "Tehran blamed Israel for the killing. Israel's military declined to comment on "
        "reports that it had used a drone. Kyiv rejected any suggestion that it was involved."
    )
    assert ("claim", "israel") in found  # a state saying it did it
    assert ("attribution", "israel") in found  # "Tehran" speaks for Iran
    assert ("no_comment", "israel") in found  # the accused declining
    assert ("denial", "ukraine") in found


def test_passive_claim_names_the_group_as_claimant() -> None:
    found = kinds(
        "A bomb tore through a crowded mosque in Quetta on Monday, killing 31 worshippers. "
        "The attack was claimed by Jaish-e-Mohammed."
    )
    assert ("claim", "jaish-e-mohammed") in found


def test_reported_passive_agent_is_the_one_blamed_not_the_attack() -> None:
    found = kinds(
        "A suicide bomber struck a police compound in Bannu on Tuesday, killing 23 officers. "
        "Provincial police said the attack was carried out by the Pakistani Taliban."
    )
    assert ("attribution", "ttp") in found
    fired = kinds(
        "A missile hit a bus depot in Donetsk on Thursday, killing 9 people. The defence "
        "ministry said the missile had been fired by Ukrainian troops."
    )
    assert ("attribution", "ukraine") in fired


def test_blamed_on_in_a_relative_clause() -> None:
    found = kinds(
        "A car bomb exploded near a market in Ankara on Sunday, killing 12 people, an attack "
        "the Turkish authorities blamed on the PKK."
    )
    assert ("attribution", "pkk") in found


def test_described_side_is_kept_unresolved() -> None:
    [st] = [
        s
        for s in statements(
            "A bomb went off at a bus stop in Izmir on Sunday, killing four people. The "
            "interior minister said separatist militants were behind the bombing."
        )
        if s.kind == "attribution"
    ]
    assert st.responsible is not None and st.responsible.id is None
    assert st.responsible.name == "separatist militants"
    # gunmen describe the act, not a side: nothing to put in a ledger
    assert not [
        s
        for s in statements(
            "Shots were fired at a wedding in Mardin on Sunday, killing four people. "
            "Police said the shooting was carried out by two gunmen."
        )
        if s.kind == "attribution"
    ]


def test_no_comment_on_a_claim_bears_on_the_claimant() -> None:
    [st] = [
        s
        for s in statements(
            "Gunmen attacked a theatre in Samara on Friday, killing 40 people. A Kremlin "
            "spokesman declined to comment on the Islamic State group's claim of responsibility."
        )
        if s.kind == "no_comment"
    ]
    assert st.responsible is not None and st.responsible.id == "islamic-state"


def test_affiliation_and_general_accusations_are_not_attributions() -> None:
    found = kinds(
        "A bomb hit a hotel in Mogadishu on Monday, killing 15 people. Al-Shabaab, which is "
        "linked to al-Qaeda, claimed responsibility. India has long accused Pakistan of "
        "supporting militancy."
    )
    assert ("claim", "al-shabaab") in found
    assert ("attribution", "al-qaeda") not in found
    assert ("attribution", "pakistan") not in found


def test_denials_in_plain_words() -> None:
    found = kinds(
        "A drone strike hit a house in Erbil on Monday, killing two people. US officials said "
        "Washington had not been involved."
    )
    assert ("denial", "united-states") in found


def test_arrest_names_the_person_held_and_ignores_duties() -> None:
    found = statements(
        "A gunman opened fire on a campaign rally in Osaka on Friday, killing a candidate. "
        "Police arrested a 38-year-old man, Kenji Morita, at the scene."
    )
    [arrest] = [s for s in found if s.kind == "arrest"]
    assert arrest.responsible is not None and arrest.responsible.name == "Kenji Morita"
    duty = statements(
        "A suicide bomber killed 30 officers at a police mosque in Peshawar on Monday. The "
        "prime minister said the attackers wanted to frighten those charged with defending "
        "the country."
    )
    assert not [s for s in duty if s.kind == "arrest"]


def test_attribution_in_a_contrasting_clause_and_the_work_of() -> None:
    assert any(
        s.kind == "attribution" and s.responsible and s.responsible.name == "bandits"
        for s in statements(
            "Gunmen seized 80 pupils from a school in Zamfara on Friday. Officials said the "
            "raid was the work of bandits."
        )
    )
    [st] = [
        s
        for s in statements(
            "Gunmen seized 80 pupils from a school in Zamfara on Friday. An armed group claimed "
            "responsibility on Sunday, although officials said the raid was carried out by "
            "criminal gangs."
        )
        if s.kind == "attribution"
    ]
    assert st.responsible is not None and st.responsible.name == "criminal gangs"


def test_blame_and_arrest_in_one_sentence_are_two_statements() -> None:
    found = statements(
        "A bomb killed six people on a shopping street in Ankara on Sunday. The interior "
        "minister said on Monday that radical Islamists were behind the bombing and that "
        "police had detained a man suspected of planting the bomb."
    )
    by_kind = {s.kind: s for s in found}
    assert "arrest" in by_kind and "attribution" in by_kind
    blamed = by_kind["attribution"].responsible
    assert blamed is not None and blamed.name == "radical Islamists" and blamed.id is None


def test_a_court_charging_suspects_is_an_arrest() -> None:
    found = statements(
        "Gunmen killed 40 people at a concert hall in Kazan on Friday. A district court on "
        "Sunday charged three men with committing a terrorist act."
    )
    assert [s for s in found if s.kind == "arrest"]


def test_a_commander_denying_for_his_forces_and_an_ambiguous_acronym() -> None:
    # "SDF" is also Japan's Self-Defense Forces: the Syrian context decides
    found = kinds(
        "A bomb exploded on a shopping street in Istanbul on Sunday, killing six people. "
        "Turkey blamed Kurdish militants based in Syria. Ilham Rashid, the commander of the "
        "SDF, said his forces had nothing to do with the attack."
    )
    assert ("denial", "syrian-democratic-forces") in found


def test_the_affiliate_is_the_group_just_named() -> None:
    found = kinds(
        "Gunmen killed 40 people at a concert hall in Kazan on Friday. Islamic State Khorasan "
        "Province, the group's regional branch, has been blamed for several attacks abroad. The "
        "affiliate claimed the attack in a statement on Saturday."
    )
    assert ("claim", "islamic-state-khorasan") in found


def test_a_claim_of_an_earlier_attack_bears_on_that_attack() -> None:
    found = analyze_text(
        "Gunmen killed 40 people at a concert hall in Kazan on Friday. Islamic State Khorasan "
        "Province was blamed by officials. The affiliate claimed the suicide bombing at Kabul "
        "airport in August 2021 that killed more than 170 people.",
        FRI,
    )
    [old] = [m for m in found.mentions if not m.is_main]
    [claim] = [s for s in found.statements if s.kind == "claim"]
    assert claim.incident == old.id


def test_an_earlier_attack_summed_up_as_claimed_bears_the_claim() -> None:
    """ "..., an attack claimed by X" claims the earlier attack, not the article's news."""
    ex = analyze_text(
        "A car bomb killed nine people outside a hotel in Mogadishu on Wednesday, police said. "
        "In March last year, a suicide bomber killed more than 20 people at a restaurant in the "
        "city during Friday prayers, an attack claimed by al-Shabaab.",
        FRI,
    )
    [main] = [m for m in ex.mentions if m.is_main]
    [earlier] = [m for m in ex.mentions if not m.is_main and m.date == dt.date(2022, 3, 1)]
    [claim] = [s for s in ex.statements if s.kind == "claim"]
    assert claim.responsible is not None and claim.responsible.id == "al-shabaab"
    assert claim.incident == earlier.id != main.id


def test_a_statement_about_an_object_only_an_earlier_attack_names_bears_on_it() -> None:
    ex = analyze_text(
        "A missile struck a bus depot in Kharkiv on Thursday, killing six people, officials "
        "said. Last month, officials blamed a Russian air strike for the destruction of a "
        "concert hall in Sumy where hundreds had sheltered. Russia denied striking the hall. "
        "Russia also denied carrying out the strike on the depot.",
        FRI,
    )
    [main] = [m for m in ex.mentions if m.is_main]
    [earlier] = [m for m in ex.mentions if not m.is_main]
    denials = [s.incident for s in ex.statements if s.kind == "denial"]
    assert denials == [earlier.id, main.id]


def test_a_speaker_after_a_fronted_place() -> None:
    """ "In Lviv, NAME, an adviser to ..., said": the small model joins the name to the place
    and leaves the verb without a subject."""
    [st] = [
        s
        for s in statements(
            "A drone struck an apartment block in Lviv on Tuesday, killing three people. "
            "In Lviv, Taras Hnatenko, an adviser to the regional governor, said Russia had "
            "carried out the strike."
        )
        if s.kind == "attribution"
    ]
    assert st.speaker.name == "Taras Hnatenko" and st.speaker.kind == "named_official"
    assert st.responsible is not None and st.responsible.id == "russia"


def test_a_state_speaking_through_its_army_is_the_military() -> None:
    found = statements(
        "An air strike killed four people in a car near Tyre on Tuesday. Israel's military "
        "said it had struck a commander of Hezbollah. Lebanon's government said the strike "
        "was carried out by Israel."
    )
    kinds = {(s.kind, s.speaker.kind) for s in found}
    assert ("claim", "military") in kinds
    assert ("attribution", "government") in kinds


def test_its_spokesman_after_a_group_as_subject_is_the_group_speaking() -> None:
    found = statements(
        "A bomb killed 11 people at a bus station in Quetta on Thursday. Tehrik-i-Taliban "
        "Pakistan distanced itself from the blast. Its spokesman said in a statement that the "
        "group had nothing to do with the attack."
    )
    [denial] = [s for s in found if s.kind == "denial"]
    assert denial.speaker.kind == "group" and denial.speaker.actor_id == "ttp"


def test_its_spokesman_after_another_subject_is_not_the_group() -> None:
    """ "its" follows the subject: the army's spokesman, though a group was named."""
    found = statements(
        "A bomb killed 11 people at a market in Kismayo on Thursday. The army said it had "
        "killed 20 al-Shabaab fighters in a raid that night. Its spokesman said the "
        "bombing was carried out by al-Shabaab."
    )
    speakers = [s.speaker for s in found if s.kind == "attribution"]
    assert speakers and all(sp.kind != "group" for sp in speakers)


def test_a_group_saying_its_fighters_did_it_is_a_claim() -> None:
    found = kinds(
        "Gunmen stormed a hotel in Mogadishu on Thursday, killing 12 guests. "
        "Al-Shabaab said its fighters carried out the attack on the hotel."
    )
    assert ("claim", "al-shabaab") in found
    not_theirs = kinds(
        "Gunmen stormed a hotel in Mogadishu on Thursday, killing 12 guests. "
        "Al-Shabaab said its fighters did not carry out the attack on the hotel."
    )
    assert ("claim", "al-shabaab") not in not_theirs
