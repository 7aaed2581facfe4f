"""The trigger filter (incidents/newsworthy) and the article gate (incidents/gate)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import numpy as np
import pytest

from newsblotter import load_settings
from newsblotter.incidents import gate as gt
from newsblotter.incidents import newsworthy as nw
from newsblotter.incidents.extract import analyse
from newsblotter.pipeline import Pipeline
from newsblotter.records import Annotated
from newsblotter.train import incident_gate as ig
from newsblotter.train.gate_data import article

DAY = dt.date(2024, 3, 14)


@pytest.fixture(scope="module")
def annotate() -> Any:
    annotator = Pipeline(load_settings(env={}, db="")).annotator

    def run(text: str, title: str | None = None) -> Annotated:
        return annotator.annotate(article("t" * 64, text, title, DAY, "test"))

    return run


@pytest.mark.parametrize(
    ("sentence", "word", "reason"),
    [
        ("A man was charged after he threatened to kill the mayor.", "kill", "irrealis"),
        ("No one was killed in the fire at the depot.", "killed", "negated"),
        ("An air strike on the plant could delay the programme.", "strike", "modal"),
        ("Pupils hid in a drill simulating a shooting at the school.", "shooting", "irrealis"),
        ("An officer played the role of the gunman during the exercise.", "gunman", "exercise"),
        ("The war has killed more than 30,000 people.", "killed", "war total"),
        ("He killed and ate a wild rabbit on the trip.", "killed", "not a person"),
        ("A gas explosion at the chemical plant injured two workers.", "explosion", "accident"),
        ("Two militants died when the bomb they planted went off by accident.", "bomb", "accident"),
        ("Explosives the insurgents were handling accidentally exploded.", "exploded", "accident"),
        ("Police seized rifles, grenades and explosives at a farm.", "grenades", "weapon held"),
        ("The striker shot wide twice in the first half.", "shot", "sport or film"),
        ("The senator attacked the budget plan on Tuesday.", "attacked", "figurative"),
        ("In the film, a sniper shoots officers from a rooftop.", "shoots", "sport or film"),
        ("In the novel, a gang kidnaps a banker's daughter.", "kidnaps", "fiction"),
        ("Was it an attack on the embassy?", "attack", "asked"),
    ],
)
def test_trigger_words_that_tell_of_no_violent_event(
    annotate: Any, sentence: str, word: str, reason: str
) -> None:
    doc = annotate(sentence).doc
    tok = next(t for t in doc if t.text == word)
    assert nw.dropped(tok) == reason


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Gunmen killed 14 villagers in an attack on Sunday, police said.", "killed"),
        ("A bomb exploded at a market in Kabul, killing five people.", "exploded"),
        ("Police said the attack on the mosque was claimed by the group.", "attack"),
        ("Militants may have killed the two hostages, officials said.", "killed"),
        ("The group denied responsibility for the bombing of the bus.", "bombing"),
        ("The blast that killed five people at the market was no accident.", "blast"),
    ],
)
def test_trigger_words_of_real_events_are_kept(annotate: Any, sentence: str, word: str) -> None:
    doc = annotate(sentence).doc
    tok = next(t for t in doc if t.text == word)
    assert nw.dropped(tok) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Guards exchanged fire with two gunmen outside the plant.",
            [("fire", "armed_assault"), ("gunmen", "armed_assault")],
        ),
        (
            "Rebel units inflicted more than 150 casualties on army troops.",
            [("inflicted", "armed_assault")],
        ),
        ("Two men were wounded in a shoot-out near the station.", [("out", "armed_assault")]),
        ("The offices were shaken by explosives.", [("explosives", "bombing")]),
        ("Two of its members blew themselves up among the crowd.", [("blew", "bombing")]),
        (
            "A faction of the group seized more than 100 girls from a school in Dapchi.",
            [("seized", "hostage_taking")],
        ),
        ("Police seized 20 people at a protest in the capital.", []),
        (
            "Fighters besieged the Hayat Hotel in Mogadishu for 30 hours.",
            [("besieged", "armed_assault")],
        ),
        ("The minister was besieged by reporters on Monday.", []),
        ("The campus was besieged by police on Sunday.", []),
        ("Police seized explosives in a raid on a house.", []),
        ("The storm inflicted heavy losses on farmers.", []),
        ("The candidates exchanged fire over taxes in the debate.", []),
    ],
)
def test_the_trigger_words_an_article_keeps(
    annotate: Any, sentence: str, expected: list[tuple[str, str]]
) -> None:
    """Words of shooting and bombing the tokenizer splits or the verb "fire" tells, before
    the gate; a police raid, a storm's losses and a debate's "fire" are none."""
    found = analyse(annotate(sentence)).triggers
    assert [(t.token.text, t.type) for t in found] == expected


def test_court_words_make_a_legal_reference(annotate: Any) -> None:
    doc = annotate("A man was convicted of kidnapping the girl in May.").doc
    tok = next(t for t in doc if t.text == "kidnapping")
    assert nw.is_legal(tok)


def test_shipped_model_matches_the_features() -> None:
    raw = json.loads(gt.MODEL.read_text(encoding="utf-8"))
    model = gt.model()
    assert model is not None
    assert model.names == gt.FEATURES
    assert len(model.weights) == len(model.mean) == len(model.scale) == len(gt.FEATURES)
    assert 0 < model.threshold < 1
    assert raw["meta"]["command"] == "python -m newsblotter.train.incident_gate"
    assert set(raw["meta"]["data"]) == {"muc4", "ecbplus", "gun-violence"}
    assert gt.MODEL.stat().st_size < 20_000


def test_gate_below_threshold_keeps_mentions_as_background(
    annotate: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = annotate(
        "KABUL — A suicide bomber killed 12 people at a market in Kabul on Tuesday, police said."
    )
    found = analyse(ann)
    assert [m.is_main for m in found.mentions] == [True]
    shipped = gt.model()
    assert shipped is not None
    closed = dataclasses.replace(shipped, threshold=1.0)
    monkeypatch.setattr(gt, "model", lambda: closed)
    demoted = gt.apply(ann, found)
    first = found.mentions[0]
    assert [(m.id, m.type, m.is_main) for m in demoted] == [(first.id, first.type, False)]
    opened = dataclasses.replace(shipped, threshold=0.0)
    monkeypatch.setattr(gt, "model", lambda: opened)
    assert gt.apply(ann, found) == found.mentions


def test_features_of_a_wire_report(annotate: Any) -> None:
    ann = annotate(
        "A suicide bomber killed 12 people at a market in Kabul on Tuesday, police said. The "
        "Taliban denied any role.",
        title="Suicide bomber kills 12 in Kabul market",
    )
    f = gt.features(ann, analyse(ann))
    assert set(f) == set(gt.FEATURES)
    assert (f["first_sentence"], f["title_trigger"], f["counted"], f["recent_date"]) == (
        1.0,
        1.0,
        1.0,
        1.0,
    )
    assert f["dropped_share"] == 0.0


def test_fit_is_deterministic_and_separates() -> None:
    x = np.array([[0.0, 1.0], [0.2, 0.9], [1.0, 0.1], [0.9, 0.0], [0.1, 0.8], [0.8, 0.2]])
    y = np.array([0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    w1, b1 = ig.fit(x, y)
    w2, b2 = ig.fit(x, y)
    assert np.array_equal(w1, w2) and b1 == b2
    prob = 1 / (1 + np.exp(-(x @ w1 + b1)))
    assert list(prob >= 0.5) == [bool(v) for v in y]
    assert ig.best_threshold(y.astype(bool), prob) > 0


def test_how_the_main_events_are_told(annotate: Any) -> None:
    """A report of one dated attack against a speech about attacks in general."""
    report = annotate("Gunmen attacked a bank in Lima on Tuesday, killing two guards.")
    f = gt.features(report, analyse(report))
    # two main triggers, "Gunmen" (a bare plural: counted as generic) and "attacked"
    assert (f["generic_share"], f["reaction_share"], f["lede_share"]) == (0.5, 0.0, 1.0)
    assert f["age_days"] == pytest.approx(np.log1p(2))
    speech = annotate(
        "The minister spoke about security at length. She condemned the bombings and said "
        "attacks on schools must end."
    )
    g = gt.features(speech, analyse(speech))
    if g["main_events"] > 0:  # the speech may read no main event at all
        assert g["generic_share"] > 0 and g["age_days"] == 0.0


def test_muc_answer_keys_give_news_labels(tmp_path: Any) -> None:
    """A template of an act carried out within a month of the message is news; a threat, or
    an act months before, is not."""
    key = tmp_path / "key-dev-0001"
    slots = [
        ("DEV-MUC3-0001", "02 JAN 90", "ACCOMPLISHED"),
        ("DEV-MUC3-0002", "- 15 AUG 89", "ACCOMPLISHED"),
        ("DEV-MUC3-0003", "03 JAN 90", "THREATENED"),
        ("DEV-MUC3-0004", "*", "*"),
    ]
    key.write_text(
        "\n".join(
            f"0.  MESSAGE: ID                     {doc} (NCCOSC)\n"
            f"1.  MESSAGE: TEMPLATE               1\n"
            f"2.  INCIDENT: DATE                  {date}\n"
            f"3.  INCIDENT: LOCATION              *\n"
            f"4.  INCIDENT: TYPE                  ATTACK\n"
            f"5.  INCIDENT: STAGE OF EXECUTION    {stage}\n"
            for doc, date, stage in slots
        ),
        encoding="latin-1",
    )
    from newsblotter.train import gate_data

    found = gate_data._muc_news([key])
    published = dt.date(1990, 1, 4)
    news = {
        doc
        for doc, templates in found.items()
        if any(gate_data._is_news(t, published) for t in templates)
    }
    assert news == {"DEV-MUC3-0001"}
    assert set(found) == {"DEV-MUC3-0001", "DEV-MUC3-0002", "DEV-MUC3-0003"}


def test_our_reading_replaces_the_key_labels_where_given(tmp_path: Any) -> None:
    """Under "mixed" a MUC-4 message takes our reading where it has one and its answer key's
    label elsewhere; under "ours" a MUC-4 message without our reading is left out of the fit;
    ECB+ and gun-violence documents keep their labels whatever the setting."""
    from newsblotter.train import gate_data

    labels = tmp_path / "muc4_train.tsv"
    labels.write_text(
        "id\tincident\tdoubt\treason\n"
        "DEV-MUC3-0001\t0\t1\tan interview naming an attack\n"
        "DEV-MUC3-0002\t1\t0\tan army-rebel clash today\n",
        encoding="utf-8",
    )
    ours = gate_data.our_labels(labels)
    assert ours == {"DEV-MUC3-0001": False, "DEV-MUC3-0002": True}
    assert gate_data.our_labels(tmp_path / "none.tsv") == {}

    def example(doc_id: str, source: str, key: bool) -> gate_data.Example:
        return gate_data.Example(doc_id, source, "text", None, None, key, ours.get(doc_id))

    examples = [
        example("DEV-MUC3-0001", "muc4", True),
        example("DEV-MUC3-0002", "muc4", False),
        example("DEV-MUC3-0003", "muc4", True),
        example("1_1ecb", "ecbplus", False),
        example("gv-1", "gun-violence", True),
    ]
    found = {
        setting: [(bool(y), bool(u)) for y, u in zip(*ig.targets(examples, setting), strict=True)]
        for setting in ig.LABELS
    }
    assert found == {
        "keys": [(True, True), (False, True), (True, True), (False, True), (True, True)],
        "mixed": [(False, True), (True, True), (True, True), (False, True), (True, True)],
        "ours": [(False, True), (True, True), (True, False), (False, True), (True, True)],
    }
    with pytest.raises(ValueError):
        ig.targets(examples, "answer keys")
