"""Case restoration for caseless copy: only letter case changes, names come back."""

from __future__ import annotations

import pytest

from newsblotter.config import Settings
from newsblotter.nlp import Annotator
from newsblotter.nlp.truecase import Truecaser, is_caseless, pattern_names, place_names
from newsblotter.records import Article

# A small English vocabulary stands in for the lemmatizer's: enough for these sentences.
COMMON = {
    "the", "a", "an", "of", "in", "on", "at", "to", "and", "was", "were", "by", "said", "say",
    "police", "bomb", "explode", "market", "kill", "two", "people", "mayor", "general",
    "attack", "front", "popular", "liberation", "national", "claim", "it", "later", "he",
    "visit", "may", "march", "hector", "carlos", "friday", "town", "long", "beach",
    "shot", "dead", "near", "his", "home", "rebel", "blame", "for", "i", "saw", "smoke",
}  # fmt: skip


@pytest.fixture(scope="module")
def caser() -> Truecaser:
    return Truecaser(
        COMMON,
        names=["Red Dawn Command", "FARC"],
        trusted=["Peru", "Peruvian"],
        guarded=["Lima", "Police", "Long Beach"],
    )


def test_caseless_is_told_from_ordinary_copy() -> None:
    assert is_caseless("A BOMB EXPLODED IN A MARKET IN LIMA ON FRIDAY, POLICE SAID.")
    assert is_caseless("a bomb exploded in a market in lima on friday. police said two died.")
    assert not is_caseless("A bomb exploded in a market in Lima on Friday. Police said so.")
    assert not is_caseless("SHORT HEADLINE")  # too little text to judge


@pytest.mark.parametrize(
    "text",
    [
        "A BOMB EXPLODED IN LIMA. POLICE SAID THE FARC CLAIMED IT.",
        "straße and İstanbul: letters whose case changes their length stay put",
        "",
        "(FMLN) (AB) ... 12 MAY, U.S. (NOTHING)",
    ],
)
def test_only_case_changes(caser: Truecaser, text: str) -> None:
    out = caser.restore(text)
    assert len(out) == len(text)
    assert all(a.lower() == b.lower() or a == b for a, b in zip(out, text, strict=True))


def test_names_sentence_starts_and_guarded_places(caser: Truecaser) -> None:
    out = caser.restore(
        "A BOMB EXPLODED IN A MARKET IN LIMA ON FRIDAY. POLICE SAID THE RED DAWN COMMAND "
        "AND THE FARC CLAIMED IT. TWO PERUVIAN PEOPLE WERE KILLED IN PERU."
    )
    assert out == (
        "A bomb exploded in a market in Lima on Friday. Police said the Red Dawn Command "
        "and the FARC claimed it. Two Peruvian people were killed in Peru."
    )
    # "police" is a town's name too, but in caseless text the common word wins
    assert caser.restore("the police said.") == "The police said."


def test_unknown_words_are_names_and_acronyms_are_learned(caser: Truecaser) -> None:
    out = caser.restore(
        "members of the zuxan popular liberation front (zplf) shot dead mayor hector quarvo "
        "near his home. the zplf later blamed general carlos ortunez."
    )
    assert "the Zuxan Popular Liberation Front (ZPLF)" in out
    assert "The ZPLF later" in out  # the acronym, defined once, is known further on
    assert "mayor Hector Quarvo" in out  # a common first name after a title
    assert "general Carlos Ortunez" in out
    assert caser.restore("i saw it on 2 may, then smoke in may.").startswith("I saw it on 2 May")
    assert caser.restore("i saw it on 2 may, then smoke in may.").endswith("in may.")


def test_vowelless_words_are_acronyms_and_datelines_end(caser: Truecaser) -> None:
    assert caser.restore("the mnr said it.") == "The MNR said it."
    assert caser.restore("LIMA, 9 MAR 90 -- THE BOMB") == "Lima, 9 Mar 90 -- The bomb"


def test_pattern_names_read_entity_ruler_patterns() -> None:
    patterns = [
        {"label": "ACTOR", "pattern": "Red Dawn Command"},
        {"label": "ACTOR", "pattern": [{"LOWER": "shining"}, {"LOWER": "path"}]},
        {"label": "ACTOR", "pattern": [{"ORTH": {"IN": ["Hamas", "HAMAS"]}}]},
        {"label": "ACTOR", "pattern": [{"ORTH": "ELN"}]},
        {"label": "ACTOR", "pattern": [{"IS_DIGIT": True}]},  # no name in it
    ]
    assert pattern_names(patterns) == ["Red Dawn Command", "shining path", "Hamas", "ELN"]


def test_gazetteer_places_include_countries_demonyms_and_cities() -> None:
    trusted, cities = place_names()
    assert {"Peru", "El Salvador", "Colombian", "Salvadoran"} <= set(trusted)
    assert "Medellín" in cities or "Medellin" in cities


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    patterns = [{"label": "ACTOR", "pattern": "Shining Path", "id": "shining-path"}]
    return Annotator(Settings(), patterns)


def test_annotator_finds_names_in_all_caps_copy(annotator: Annotator) -> None:
    text = (
        "LIMA, 4 MAR 90 -- SHINING PATH GUERRILLAS SHOT DEAD MAYOR TOMAS QUARVO ZELADA IN "
        "AYACUCHO YESTERDAY, THE PERUVIAN ARMY REPORTED."
    )
    ann = annotator.annotate(Article("caps", text))
    by_label = {(e.label, e.text) for e in ann.entities}
    assert ("ACTOR", "SHINING PATH") in by_label  # the article's spelling, not the model's
    assert any(label == "PERSON" and "QUARVO" in name for label, name in by_label)
    for e in ann.entities:
        assert text[e.start : e.end] == e.text
    assert ann.doc.text.lower() == text.lower()
