"""Responsibility statements: what a statement carries besides its kind, speaker and actor.

The kind, speaker, actor, incident and hedge of each passage are asserted whole in
tests/test_statements_exact.py; here the evidence, counts, dates, spans, ids, introduced
actors and the general attribution layer, each test asserting the whole list it gets.
"""

from __future__ import annotations

import datetime as dt

from newsblotter.pipeline import analyze_text
from newsblotter.records import Statement

FRI = dt.date(2023, 3, 24)  # a Friday


def statements(text: str, published: dt.date = FRI) -> list[Statement]:
    return analyze_text(text, published).statements


def test_anonymous_sources_with_evidence_count_and_spans() -> None:
    text = (
        "A bomb killed 12 people at a market in Kabul on Wednesday. Three U.S. officials, "
        "speaking on condition of anonymity, said intercepted communications showed the "
        "Islamic State's Afghanistan-based branch had likely carried out the bombing."
    )
    [st] = statements(text)
    assert (st.kind, st.responsible and st.responsible.id) == (
        "attribution",
        "islamic-state-khorasan",
    )
    sp = st.speaker
    assert (sp.name, sp.kind, sp.anonymous, sp.count) == (
        "Three U.S. officials",
        "unnamed_official",
        True,
        3,
    )
    assert st.evidence == ["intercepts"]
    assert (st.hedge, st.hedge_level) == ("likely", "probable")
    sentence = text[st.provenance.start : st.provenance.end]
    assert sentence.startswith("Three U.S. officials") and sentence.endswith("bombing.")
    assert st.attribution is not None
    assert text[st.attribution.cue.start : st.attribution.cue.end] == "said"


def test_claim_date_is_the_day_it_was_made_and_evidence_the_statement() -> None:
    [claim] = statements(
        "A suicide bomber struck a mosque in Peshawar on Monday, killing 84 people. "
        "Jamaat-ul-Ahrar claimed responsibility for the bombing on Tuesday in a statement."
    )
    assert (claim.kind, claim.said_on, claim.evidence) == (
        "claim",
        dt.date(2023, 3, 21),
        ["statement"],
    )


def test_a_statement_said_again_is_one_with_the_day_it_was_said() -> None:
    found = statements(
        "A car bomb killed 12 people outside a court in Mogadishu on Monday. The interior "
        "minister said al-Shabaab had carried out the bombing. On Tuesday the interior "
        "minister said the group had planned the bombing for weeks."
    )
    assert [(s.kind, s.said_on) for s in found] == [("attribution", dt.date(2023, 3, 21))]


def test_a_group_the_text_introduces_becomes_an_actor() -> None:
    ex = analyze_text(
        "A bomb exploded at a checkpoint in the north on Sunday, killing two soldiers. "
        "A previously unknown group calling itself the Eastern Sun Legion claimed "
        "responsibility for the attack.",
        dt.date(2023, 3, 20),
    )
    assert [(a.id, a.name, a.kind) for a in ex.new_actors] == [
        ("eastern-sun-legion", "Eastern Sun Legion", "armed_group")
    ]
    prov = ex.new_actors[0].introduced_by
    assert prov is not None and ex.article.text[prov.start : prov.end] == "Eastern Sun Legion"


def test_statement_ids_are_unique_and_spans_point_into_the_text() -> None:
    text = (
        "Two bombs exploded at a fish market in Maiduguri on Sunday, killing 19 people. Boko "
        "Haram and Islamic State West Africa Province both claimed the bombings. Officials "
        "blamed Boko Haram and Ansaru for the attack."
    )
    found = statements(text)
    assert len({s.id for s in found}) == len(found) == 4
    for st in found:
        assert 0 <= st.provenance.start < st.provenance.end <= len(text)
        assert st.responsible is not None and st.responsible.provenance is not None
        p = st.responsible.provenance
        assert text[p.start : p.end] in {
            "Boko Haram",
            "Boko\nHaram",
            "Islamic State West Africa Province",
            "Ansaru",
        }


def test_the_attribution_layer_types_every_source() -> None:
    ex = analyze_text(
        "The ministry said the talks would resume next week. According to two diplomats "
        "familiar with the negotiations, the draft was nearly complete. Reuters reported that "
        "a deal could be signed in May. Hamas said it had not received the proposal.",
        FRI,
    )
    text = ex.article.text
    typed = sorted(
        (a.cue_text, a.source_text, a.source_kind, a.source_count) for a in ex.attributions
    )
    assert typed == [
        ("According to", "two diplomats familiar with the negotiations", "anonymous", 2),
        ("reported", "Reuters", "media", None),
        ("said", "Hamas", "group", None),
        ("said", "The ministry", "government", None),
    ]
    for a in ex.attributions:  # every span points into the article text
        assert 0 <= a.cue.start < a.cue.end <= len(text)
    assert ex.statements == []


def test_statements_name_no_incident_when_the_article_reports_none() -> None:
    """A claim in a story with no incident mention is kept, bearing on no incident (no
    ledger takes it); a no-comment or an arrest with no incident is dropped."""
    ex = analyze_text(
        "Islamic State claimed responsibility for the attack. The Taliban did not comment.",
        FRI,
    )
    assert ex.mentions == []
    assert [(s.kind, s.incident) for s in ex.statements] == [("claim", None)]


def test_only_a_cue_of_words_thoughts_or_findings_carries_responsibility() -> None:
    """The attribution model also marks verbs that tell of something else a group did ("had
    experienced a surge in support after soldiers killed 13"); responsibility is read only
    where the cue tells of words, thoughts or findings ("we are convinced" through its
    complement), or is no verb at all ("according to", a colon)."""
    from newsblotter.config import load_settings
    from newsblotter.pipeline import Pipeline
    from newsblotter.statements.reading import _speech_act

    nlp = Pipeline(load_settings(env={}, db="")).analyzer.annotator.nlp
    cases = {
        "The group had experienced a surge in support after soldiers killed 13 marchers.": False,
        "Police said soldiers killed 13 marchers.": True,
        "We are convinced that soldiers killed 13 marchers.": True,
        "We are tired because soldiers killed 13 marchers.": False,
        "The army issued a statement blaming the rebels.": True,
    }
    cue_words = {"experienced", "said", "are", "issued"}
    for text, expected in cases.items():
        cue = next(t for t in nlp(text) if t.text in cue_words)
        assert _speech_act(cue) is expected, text
    according = next(
        t for t in nlp("According to police, rebels did it.") if t.lower_ == "according"
    )
    assert according.pos_ not in {"VERB", "AUX"} or _speech_act(according)


def test_an_empty_text_gives_an_empty_result() -> None:
    """The attribution model's arrays of an empty document are empty booleans (they were
    floats, and the whole analysis of an empty story failed)."""
    ex = analyze_text("", FRI)
    assert (ex.mentions, ex.statements, ex.attributions) == ([], [], [])
