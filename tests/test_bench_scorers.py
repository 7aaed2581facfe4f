"""Scorers of the benches (bench/*.py) on small hand-made cases with known answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import attribution  # noqa: E402
import brat  # noqa: E402
import ceaf  # noqa: E402
import incident_detection  # noqa: E402
import muc4  # noqa: E402
import wikievents  # noqa: E402
from attribution import Attribution  # noqa: E402
from ceaf import Score  # noqa: E402
from newsblotter import records  # noqa: E402
from newsblotter.records import (  # noqa: E402
    INCIDENT_TYPES,
    ActorRef,
    Article,
    Extraction,
    IncidentMention,
    Provenance,
    Speaker,
    Statement,
)

SHARED = Path(os.environ.get("NEWSBLOTTER_SHARED") or ROOT.parent / "shared")


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NEWSBLOTTER_SHARED": str(SHARED)}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def last_json(out: str) -> Any:
    return json.loads(out.strip().splitlines()[-1])


def pipeline_available() -> bool:
    try:
        from newsblotter.pipeline import analyze_text  # noqa: F401
    except ImportError:
        return False
    return True


# --- CEAF-REE ------------------------------------------------------------------------------


def test_normalize_drops_case_punctuation_articles_and_spacing() -> None:
    assert ceaf.normalize("The  F.M.L.N. rebels, an army") == "fmln rebels army"
    assert ceaf.normalize('"La Palma" bakery') == "la palma bakery"
    assert ceaf.normalize("theatre") == "theatre"  # only whole words are articles


def test_ceaf_perfect_prediction_matches_every_entity() -> None:
    gold = [["red dawn command", "rdc"], ["bakery"]]
    matched, pairs = ceaf.ceaf_ree(gold, gold)
    assert matched == 2 and sorted(pairs) == [(0, 0), (1, 1)]


def test_ceaf_phi_subset_needs_every_predicted_mention_in_the_gold_entity() -> None:
    gold = [["red dawn command", "rdc"]]
    assert ceaf.ceaf_ree([["The RDC"]], gold)[0] == 1  # one mention is enough, normalised
    assert ceaf.ceaf_ree([["rdc", "red dawn"]], gold)[0] == 0  # "red dawn" is not a mention


def test_ceaf_empty_sides() -> None:
    assert ceaf.ceaf_ree([], [["x"]]) == (0.0, [])
    assert ceaf.ceaf_ree([["x"]], []) == (0.0, [])
    assert ceaf.ceaf_ree([], []) == (0.0, [])


def test_ceaf_assignment_beats_greedy() -> None:
    # Greedy pairs pred 0 with gold 0 and leaves pred 1 alone (1 match); the best
    # one-to-one assignment pairs pred 0 with gold 1 and pred 1 with gold 0 (2 matches).
    pred = [["x"], ["y"]]
    gold = [["x", "y"], ["x"]]
    matched, pairs = ceaf.ceaf_ree(pred, gold)
    assert matched == 2
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_duplicate_prediction_is_a_false_positive() -> None:
    preds = {"d": {"PerpOrg": [["fmln"], ["FMLN"]]}}
    golds = {"d": {"PerpOrg": [["farabundo marti front", "fmln"]]}}
    report = ceaf.score_roles(preds, golds, ["PerpOrg"])
    assert (report.micro.precision, report.micro.recall) == (0.5, 1.0)
    assert report.spurious == {("PerpOrg", "fmln"): 1}


def test_score_roles_micro_sums_counts_over_roles_and_documents() -> None:
    golds: dict[str, dict[str, list[list[str]]]] = {
        "d1": {"Target": [["bakery"], ["bus"]], "Weapon": [["bomb"]]},
        "d2": {"Target": [["bridge"]], "Weapon": []},
        "d3": {"Target": [], "Weapon": []},  # no prediction file for it at all
    }
    preds = {
        "d1": {"Target": [["bakery"], ["car"]], "Weapon": [["bomb"]]},
        "d2": {"Target": [], "Weapon": [["grenade"]]},
    }
    report = ceaf.score_roles(preds, golds, ["Target", "Weapon"])
    target, weapon = report.per_role["Target"], report.per_role["Weapon"]
    assert (target.p_num, target.p_den, target.r_den) == (1, 2, 3)
    assert (weapon.p_num, weapon.p_den, weapon.r_den) == (1, 2, 1)
    assert report.micro.precision == pytest.approx(2 / 4)
    assert report.micro.recall == pytest.approx(2 / 4)
    assert report.micro.f1 == pytest.approx(0.5)
    assert report.documents == 3
    assert report.missed == {("Target", "bus"): 1, ("Target", "bridge"): 1}
    assert report.spurious == {("Target", "car"): 1, ("Weapon", "grenade"): 1}


def test_score_conventions_for_empty_counts() -> None:
    empty = Score()
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    only_gold = Score.of(0, 0, 4)
    assert (only_gold.precision, only_gold.recall) == (0.0, 0.0)
    half = Score(1, 2, 1, 4)
    assert half.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


# --- MUC-4 answer keys ---------------------------------------------------------------------

KEY = r"""
;;; hand-written example in the MUC-4 key format
0.  MESSAGE: ID                     TST9-MUC4-0001 (XYZ)
1.  MESSAGE: TEMPLATE               1
2.  INCIDENT: DATE                  12 MAR 90
3.  INCIDENT: LOCATION              PERU: LIMA (CITY)
4.  INCIDENT: TYPE                  BOMBING
6.  INCIDENT: INSTRUMENT ID         "PARCEL BOMB" / "BOMB"
9.  PERP: INDIVIDUAL ID             "TWO MASKED YOUTHS" / "YOUTHS"
10. PERP: ORGANIZATION ID           "RED DAWN" / "RDC"
11. PERP: ORGANIZATION CONFIDENCE   CLAIMED OR ADMITTED / REPORTED AS FACT: "RED DAWN" / "RDC"
12. PHYS TGT: ID                    "\"LA PALMA\" BAKERY" / "BAKERY"
16. PHYS TGT: EFFECT OF INCIDENT    SOME DAMAGE: "\"LA PALMA\" BAKERY" / "BAKERY"
18. HUM TGT: NAME                   "ANA QUISPE"
19. HUM TGT: DESCRIPTION            "BAKER": "ANA QUISPE"
                                    "CUSTOMERS"
                                    "CUSTOMERS"
21. HUM TGT: NUMBER                 1: "ANA QUISPE"
                                    3: "CUSTOMERS"
                                    5-: "CUSTOMERS"
23. HUM TGT: EFFECT OF INCIDENT     DEATH: "ANA QUISPE"
                                    DEATH: "CUSTOMERS"
                                    INJURY: "CUSTOMERS"
24. HUM TGT: TOTAL NUMBER           -

0.  MESSAGE: ID                     TST9-MUC4-0001
1.  MESSAGE: TEMPLATE               2 (OPTIONAL)
4.  INCIDENT: TYPE                  ATTACK
9.  PERP: INDIVIDUAL ID             -
10. PERP: ORGANIZATION ID           "RDC"
11. PERP: ORGANIZATION CONFIDENCE   ? POSSIBLE: "RDC"
19. HUM TGT: DESCRIPTION            "VILLAGERS"
21. HUM TGT: NUMBER                 ~20: "VILLAGERS"
23. HUM TGT: EFFECT OF INCIDENT     ? DEATH: "VILLAGERS"
                                    INJURY / NO INJURY: "-"

0.  MESSAGE: ID                     TST9-MUC4-0002
1.  MESSAGE: TEMPLATE               *
4.  INCIDENT: TYPE                  *
"""

RAW_TEXT = """TST9-MUC4-0001

   LIMA, 13 MAR 90 (RADIO X) -- [TEXT] A PARCEL BOMB WRECKED A BAKERY
IN CENTRAL LIMA YESTERDAY.

   THE RED DAWN COMMAND SAID IT HAD PLANTED IT.


TST9-MUC4-0002

   QUITO, NO DATE -- [TEXT] THE FAIR OPENED ON TIME.
"""


@pytest.fixture(scope="module")
def key_templates() -> list[muc4.KeyTemplate]:
    return muc4.parse_keys(KEY, "example")


def test_parse_keys_reads_templates_fills_and_cross_references(
    key_templates: list[muc4.KeyTemplate],
) -> None:
    first, second, irrelevant = key_templates
    assert first.docid == "TST9-MUC4-0001" and first.number == "1" and not first.optional
    assert second.optional and second.number == "2"
    assert irrelevant.irrelevant and irrelevant.docid == "TST9-MUC4-0002"
    assert first.types == ("BOMBING",)
    assert first.entities(12) == [['"LA PALMA" BAKERY', "BAKERY"]]  # escaped quotes undone
    assert first.entities(9, 10) == [["TWO MASKED YOUTHS", "YOUTHS"], ["RED DAWN", "RDC"]]
    assert first.fills(19)[0] == muc4.Fill(("BAKER",), ("ANA QUISPE",))
    assert first.unnamed_victims() == [["CUSTOMERS"], ["CUSTOMERS"]]
    (conf,) = first.confidences()
    assert conf.values == ("CLAIMED OR ADMITTED", "REPORTED AS FACT")
    assert conf.refs == ("RED DAWN", "RDC")
    assert second.confidences()[0].optional
    assert 9 not in second.slots and 24 not in first.slots  # null fills are not kept


def test_templates_by_doc_keeps_irrelevant_messages_empty(
    key_templates: list[muc4.KeyTemplate],
) -> None:
    by_doc = muc4.templates_by_doc(key_templates)
    assert [len(v) for v in by_doc.values()] == [2, 0]


def test_casualties_from_effect_and_number_slots(key_templates: list[muc4.KeyTemplate]) -> None:
    first, second, _ = key_templates
    # Ana Quispe (1) and the first "CUSTOMERS" line (3) died; the second (5 or more) was hurt.
    assert first.casualties("DEATH") == (4, 4)
    assert first.casualties("INJURY") == (5, math.inf)
    # "? DEATH" of about 20 villagers: none to 22 dead; "INJURY / NO INJURY" of nobody named.
    assert second.casualties("DEATH") == (0, 22)
    assert second.casualties("INJURY") == (0, math.inf)


@pytest.mark.parametrize(
    ("value", "interval"),
    [
        ("7", (7, 7)),
        ("7-", (7, math.inf)),
        ("6-8", (6, 8)),
        ("-9", (1, 9)),
        ("~100", (90, 110)),
        ("PLURAL", (2, math.inf)),
        ("SOME", None),
    ],
)
def test_number_fill_intervals(value: str, interval: tuple[float, float] | None) -> None:
    assert muc4._number(value) == interval


def test_parse_keys_rejects_other_files_with_the_line() -> None:
    with pytest.raises(muc4.KeyFormatError, match=r"k:2: unknown slot"):
        muc4.parse_keys("0.  MESSAGE: ID    X-1\n3.  WHATEVER: SLOT  1\n", "k")
    with pytest.raises(muc4.KeyFormatError, match="no templates"):
        muc4.parse_keys("\n\n", "k")
    with pytest.raises(muc4.KeyFormatError, match=r"k:1: not a template line"):
        muc4.parse_keys("hello\n", "k")


def test_parse_texts_reads_dateline_date_and_lowercases_the_body() -> None:
    texts = muc4.parse_texts(RAW_TEXT)
    first = texts["TST9-MUC4-0001"]
    assert first.published is not None and first.published.isoformat() == "1990-03-13"
    assert first.text.startswith("a parcel bomb wrecked a bakery in central lima yesterday.")
    assert "\n\nthe red dawn command said" in first.text
    assert texts["TST9-MUC4-0002"].published is None
    assert muc4.parse_texts("not a muc file\n") == {}


def test_template_alignment_type_counts_and_confidence(
    key_templates: list[muc4.KeyTemplate],
) -> None:
    golds = muc4.templates_by_doc(key_templates)["TST9-MUC4-0001"]
    pred = muc4.PredTemplate(
        "BOMBING",
        killed=4,
        wounded=2,
        fillers={"Perp": ["the RDC"], "Target": ["bakery"], "Victim": [], "Weapon": ["bomb"]},
    )
    report = muc4.TemplateReport()
    muc4.score_document(report, [pred], golds, [("RDC", muc4.CLAIMED)])
    # aligned with the bombing; the OPTIONAL attack left unaligned is not a miss
    assert (report.incidents.p_num, report.incidents.p_den, report.incidents.r_den) == (1, 1, 1)
    assert report.type_aligned.f1 == 1.0
    assert (report.killed.correct, report.killed.n) == (1, 1)
    assert (report.wounded.correct, report.wounded.n) == (0, 1)
    assert report.count_errors == {"INJURY 5+ -> 2": 1}
    assert (report.confidence_exact.correct, report.confidence_gold) == (1, 1)
    assert report.relevance.f1 == 1.0


def test_template_scoring_of_a_wrong_type_and_an_irrelevant_message(
    key_templates: list[muc4.KeyTemplate],
) -> None:
    golds = muc4.templates_by_doc(key_templates)["TST9-MUC4-0001"]
    wrong = muc4.PredTemplate("KIDNAPPING", fillers={"Target": ["bakery"]})
    report = muc4.TemplateReport()
    muc4.score_document(report, [wrong], golds, [("rdc", muc4.SUSPECTED_AUTH)])
    assert report.type_aligned.p_num == 0 and report.type_errors == {"BOMBING -> KIDNAPPING": 1}
    assert (report.confidence_exact.correct, report.confidence_coarse.correct) == (0, 0)
    muc4.score_document(report, [wrong], [], [])  # a story with no incident in the key
    assert (report.relevance.p_num, report.relevance.p_den, report.relevance.r_den) == (1, 2, 1)
    assert report.type_doc.p_den == 2 and report.type_doc.p_num == 0


def test_every_newsblotter_type_maps_to_a_muc_type() -> None:
    muc_types = {"ARSON", "BOMBING", "KIDNAPPING", "HIJACKING", "ROBBERY", "ATTACK"}
    assert set(muc4.MUC_TYPE) == set(INCIDENT_TYPES)
    assert set(muc4.MUC_TYPE.values()) <= muc_types


# --- MUC-4 adapters ------------------------------------------------------------------------

STORY = (
    "Masked gunmen from the Red Dawn Command bombed a bakery in Lima on Monday, killing "
    "the baker Ana Quispe and three customers. Police said the RDC used a parcel bomb."
)


def prov(text: str, part: str, doc: str = "doc") -> Provenance:
    start = text.index(part)
    return Provenance(doc, start, start + len(part), "test")


def sentence_of(text: str, part: str) -> Provenance:
    start = text.index(part)
    end = text.find(". ", start)
    end = len(text) if end < 0 else end + 1
    return Provenance("doc", start, end, "test")


def statement(
    kind: str,
    speaker_kind: str,
    responsible: ActorRef | None,
    hedge_level: str | None = None,
    text: str = STORY,
    sentence: str = "Police said",
    speaker: str = "Police",
    cue: str | None = "said",
) -> Statement:
    return Statement(
        id=f"doc:{kind}",
        kind=kind,
        provenance=sentence_of(text, sentence),
        text=sentence,
        speaker=Speaker(speaker, speaker_kind, provenance=prov(text, speaker)),
        cue=cue,
        responsible=responsible,
        hedge_level=hedge_level,  # type: ignore[arg-type]
    )


RDC = ActorRef("Red Dawn Command", id="rdc", provenance=prov(STORY, "Red Dawn Command"))


def story_extraction(statements: list[Statement] | None = None) -> Extraction:
    mention = IncidentMention(
        id="doc:0",
        provenance=Provenance("doc", 0, 115, "test"),
        type="bombing",
        perpetrators=[RDC, ActorRef("gunmen", provenance=prov(STORY, "gunmen"))],
        targets=["a bakery"],
        victims=["Ana Quispe", "three customers"],
        weapons=["parcel bomb"],
    )
    if statements is None:
        statements = [statement("attribution", "police", ActorRef("RDC", id="rdc"))]
    return Extraction(Article("doc", STORY), [mention], statements)


def test_predict_roles_splits_perpetrators_and_keeps_named_victims() -> None:
    roles = muc4.predict_roles(story_extraction())
    assert roles == {
        "PerpInd": ["gunmen"],
        "PerpOrg": ["Red Dawn Command"],  # the attribution's "RDC" is the same actor id
        "Target": ["a bakery"],
        "Victim": ["Ana Quispe"],
        "Weapon": ["parcel bomb"],
    }


def test_claims_add_their_group_to_perp_org() -> None:
    claim = statement("claim", "group", ActorRef("Black Hand"), sentence="Police said")
    roles = muc4.predict_roles(story_extraction([claim]))
    assert roles["PerpOrg"] == ["Red Dawn Command", "Black Hand"]


@pytest.mark.parametrize(
    ("name", "org"),
    [
        ("members of the red dawn command", False),
        ("armed men", False),
        ("the national army", True),
        ("Black Hand Command", True),
        ("paramilitary groups", False),
    ],
)
def test_is_organisation_heuristic(name: str, org: bool) -> None:
    assert muc4.is_organisation(ActorRef(name), story_extraction([])) is org


def test_resolved_actor_is_organisation_unless_introduced_as_a_person() -> None:
    from newsblotter.records import Actor

    extraction = story_extraction([])
    assert muc4.is_organisation(ActorRef("Juan Ramos", id="new:1"), extraction)
    extraction.new_actors.append(Actor("new:1", "Juan Ramos", "person"))
    assert not muc4.is_organisation(ActorRef("Juan Ramos", id="new:1"), extraction)


class NoRelations:
    """No actor hierarchy: every actor stands alone."""

    def get(self, id: str) -> None:
        return None

    def related(self, a: str, b: str) -> bool:
        return a == b

    def ancestors(self, id: str) -> list[str]:
        return []


@pytest.mark.parametrize(
    ("kinds", "narrated", "label"),
    [
        ([("claim", "group", None)], False, muc4.CLAIMED),
        ([("claim", "group", None), ("attribution", "police", None)], False, muc4.CLAIMED),
        ([("attribution", "police", None)], False, muc4.SUSPECTED_AUTH),  # an accusation
        ([("attribution", "media", None)], False, muc4.FACT),
        ([("attribution", "police", "possible")], False, muc4.SUSPECTED_AUTH),
        ([("attribution", "media", "possible")], False, muc4.SUSPECTED),
        (
            [("attribution", "military", None), ("denial", "group", None)],
            False,
            muc4.SUSPECTED_AUTH,
        ),
        ([("denial", "group", None)], True, muc4.POSSIBLE),
        ([("denial", "group", None)], False, None),  # only denied: no perpetrator named
        ([], True, muc4.FACT),
    ],
)
def test_confidence_from_the_ledger(
    kinds: list[tuple[str, str, str | None]], narrated: bool, label: str | None
) -> None:
    found = [statement(k, sk, RDC, hl) for k, sk, hl in kinds]
    for n, st in enumerate(found):
        st.id, st.incident = f"doc:{n}", "doc:0"
    extraction = story_extraction(found)
    if not narrated:
        extraction.mentions[0].perpetrators = [extraction.mentions[0].perpetrators[1]]
    confidences = dict(muc4.predict_confidence(extraction, NoRelations()))
    assert confidences == ({"Red Dawn Command": label} if label else {})


def test_a_doer_the_story_names_with_a_hedge_is_suspected() -> None:
    """A group stated as the doer with no statement about it: fact, unless the incident
    record holds a hedge of the story's own on it ("alleged members of"; the role filler's
    ``spans["hedge:N"]``), and then suspected, in every mention that names it."""
    extraction = story_extraction([])
    assert muc4.predict_confidence(extraction) == [("Red Dawn Command", muc4.FACT)]
    extraction.mentions[0].spans["hedge:0"] = Provenance("doc", 0, 7, "test")
    assert muc4.predict_confidence(extraction) == [("Red Dawn Command", muc4.SUSPECTED)]
    stated = dataclasses.replace(extraction.mentions[0], id="doc:1", spans={})
    extraction.mentions.append(stated)
    assert muc4.predict_confidence(extraction) == [("Red Dawn Command", muc4.FACT)]


def test_predict_confidence_gives_every_name_of_an_organisation() -> None:
    ref = ActorRef("Red Dawn Command", provenance=prov(STORY2, "the Red Dawn Command (RDC)"))
    extraction = Extraction(
        Article("doc", STORY2),
        [IncidentMention("doc:0", Provenance("doc", 0, 60, "test"), "bombing", perpetrators=[ref])],
        [],
    )
    assert muc4.predict_confidence(extraction, NoRelations()) == [
        ("the Red Dawn Command (RDC)", muc4.FACT),
        ("the Red Dawn Command", muc4.FACT),  # "Red Dawn Command" is the same words
        ("RDC", muc4.FACT),
    ]


STORY2 = "Gunmen of the Red Dawn Command (RDC) bombed a bakery in Lima on Monday."


def test_predict_confidence_names_each_organisation_once() -> None:
    claim = statement("claim", "group", ActorRef("RDC", id="rdc"))
    assert muc4.predict_confidence(story_extraction([claim])) == [
        ("Red Dawn Command", muc4.CLAIMED)
    ]
    assert muc4.predict_confidence(story_extraction([])) == [("Red Dawn Command", muc4.FACT)]


def test_missing_pipeline_gives_a_one_line_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "newsblotter.pipeline", None)
    with pytest.raises(SystemExit) as exc:
        ceaf.load_analyze_text()
    message = str(exc.value.code)
    assert message.startswith("error: newsblotter.pipeline.analyze_text is not available")
    assert "\n" not in message


def test_run_pipeline_feeds_text_and_date_and_reports_failures(
    key_templates: list[muc4.KeyTemplate],
) -> None:
    texts = muc4.parse_texts(RAW_TEXT)
    data = muc4.Dataset({}, muc4.templates_by_doc(key_templates), texts)
    seen: list[tuple[str, object]] = []

    def fake(text: str, published: object = None, title: object = None) -> Extraction:
        seen.append((text, published))
        if "fair" in text:
            raise RuntimeError("boom")
        return story_extraction()

    preds = muc4.run_pipeline(data, data.docids(), fake)
    assert seen[0] == (texts["TST9-MUC4-0001"].text, texts["TST9-MUC4-0001"].published)
    assert preds.failed == ["TST9-MUC4-0002"]
    assert preds.roles["TST9-MUC4-0001"]["PerpOrg"] == [["Red Dawn Command"]]
    (template,) = preds.templates["TST9-MUC4-0001"]
    assert template.type == "BOMBING" and template.fillers["Perp"] == ["Red Dawn Command", "gunmen"]


# --- MUC-4 command line --------------------------------------------------------------------


def test_muc4_oracle_on_a_folder_of_hand_made_files(tmp_path: Path) -> None:
    (tmp_path / "key-tst9").write_text(KEY)
    (tmp_path / "tst9-muc4").write_text(RAW_TEXT)
    ree = {
        "docid": "TST9-MUC4-0001",
        "doctext": "a parcel bomb wrecked a bakery.",
        "extracts": {
            "PerpInd": [[["two masked youths", 0], ["youths", 0]]],
            "PerpOrg": [[["red dawn", 0], ["rdc", 0]]],
            "Target": [[["bakery", 0]]],
            "Victim": [[["ana quispe", 0]]],
            "Weapon": [],
        },
    }
    (tmp_path / "dev.jsonl").write_text(json.dumps(ree) + "\n")
    done = run_script("bench/muc4.py", "--data", str(tmp_path), "--oracle", "gold", "--json")
    assert done.returncode == 0, done.stderr
    metrics = last_json(done.stdout)
    assert metrics["ree"]["micro"]["f1"] == 1.0 and metrics["ree"]["micro"]["r_den"] == 4
    assert metrics["keys"]["incidents"]["f1"] == 1.0
    assert metrics["keys"]["killed"]["accuracy"] == 1.0
    # through newsblotter records and the adapters: same fillers, counts and type
    done = run_script("bench/muc4.py", "--data", str(tmp_path), "--oracle", "adapter", "--json")
    assert done.returncode == 0, done.stderr
    metrics = last_json(done.stdout)
    assert metrics["ree"]["PerpInd"]["f1"] == 1.0 and metrics["ree"]["PerpOrg"]["f1"] == 1.0
    assert metrics["ree"]["micro"]["f1"] == 1.0
    assert metrics["keys"]["type"]["f1"] == 1.0 and metrics["keys"]["killed"]["accuracy"] == 1.0
    # no statements are made up, so the organisation is reported as fact (one gold option)
    assert metrics["keys"]["confidence"]["exact"]["accuracy"] == 1.0


def test_muc4_bad_data_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "key-bad"
    bad.write_text("this is not a key\n")
    done = run_script("bench/muc4.py", "--data", str(bad), "--oracle", "gold")
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: {bad}:1: not a template line: 'this is not a key'"


needs_muc4 = pytest.mark.skipif(
    not (SHARED / "bench" / "muc4" / "ree" / "dev.jsonl").is_file(), reason="no MUC-4 data"
)


@needs_muc4
def test_muc4_oracle_on_shared_dev_scores_one() -> None:
    done = run_script("bench/muc4.py", "--oracle", "gold", "--limit", "20", "--json")
    assert done.returncode == 0, done.stderr
    metrics = last_json(done.stdout)
    assert metrics["documents"] == 20
    assert metrics["ree"]["micro"]["f1"] == 1.0
    assert metrics["keys"]["type"]["f1"] == 1.0


@needs_muc4
def test_muc4_smoke_with_pipeline() -> None:
    if not pipeline_available():
        pytest.skip("newsblotter.pipeline.analyze_text does not exist yet")
    done = run_script("bench/muc4.py", "--limit", "2", "--json")
    assert done.returncode == 0, done.stderr
    metrics = last_json(done.stdout)
    assert metrics["documents"] == 2 and 0.0 <= metrics["ree"]["micro"]["f1"] <= 1.0


# --- WikiEvents ----------------------------------------------------------------------------


def wikievents_record() -> dict[str, Any]:
    sentences = [
        ["Gunmen", "attacked", "the", "crowded", "market", "in", "Harbor", "Town", "."],
        ["The", "attackers", "fled", "and", "two", "traders", "died", "."],
    ]
    text = (
        "Gunmen attacked the crowded market in Harbor Town.The attackers fled and two traders died."
    )
    rows, pos = [], 0
    for words in sentences:
        row = []
        for w in words:
            start = text.index(w, pos)
            row.append([w, start, start + len(w)])
            pos = start + len(w)
        rows.append([row, " ".join(words)])
    tokens = [w for words in sentences for w in words]

    def ment(mid: str, start: int, end: int) -> dict[str, Any]:
        return {"id": mid, "start": start, "end": end, "text": " ".join(tokens[start:end])}

    return {
        "doc_id": "we1",
        "tokens": tokens,
        "text": text,
        "sentences": rows,
        "entity_mentions": [
            ment("T1", 0, 1),
            ment("T2", 3, 5),
            ment("T3", 6, 8),
            ment("T4", 9, 11),
            ment("T5", 13, 15),
        ],
        "event_mentions": [
            {
                "event_type": "Conflict.Attack.Unspecified",
                "arguments": [
                    {"entity_id": "T1", "role": "Attacker"},
                    {"entity_id": "T2", "role": "Target"},
                    {"entity_id": "T3", "role": "Place"},
                ],
            },
            {
                "event_type": "Conflict.Attack.DetonateExplode",
                "arguments": [{"entity_id": "T4", "role": "Attacker"}],
            },
            {
                "event_type": "Life.Die.Unspecified",
                "arguments": [
                    {"entity_id": "T5", "role": "Victim"},
                    {"entity_id": "T1", "role": "Killer"},
                ],
            },
        ],
    }


def test_kairos_roles_map_to_bench_roles() -> None:
    assert wikievents.bench_role("Conflict.Attack.DetonateExplode", "ExplosiveDevice") == (
        "Instrument"
    )
    assert wikievents.bench_role("Conflict.Attack.Unspecified", "Instrument") == "Instrument"
    assert wikievents.bench_role("Life.Injure.Unspecified", "Victim") == "Victim"
    assert wikievents.bench_role("Life.Die.Unspecified", "Killer") is None
    assert wikievents.bench_role("Justice.ArrestJailDetain.Unspecified", "Detainee") is None


def test_wikievents_gold_groups_arguments_by_coreference() -> None:
    doc = wikievents._document(wikievents_record(), [["T1", "T4"], ["T9"]])
    assert doc.text == (
        "Gunmen attacked the crowded market in Harbor Town.\n"
        "The attackers fled and two traders died."
    )
    assert doc.arguments == {
        "Attacker": ["T1"],
        "Target": ["T2"],
        "Place": ["T3"],
        "Victim": ["T5"],
    }
    heads = {"T1": "Gunmen", "T2": "market", "T3": "Town", "T4": "attackers", "T5": "traders"}
    gold = wikievents.gold_entities(doc, heads)
    assert gold["Attacker"] == [["Gunmen", "attackers"]]
    assert gold["Instrument"] == []
    preds = {"we1": {"Attacker": [["attackers"]], "Target": [["market"]], "Place": [["Lima"]]}}
    report = ceaf.score_roles(preds, {"we1": gold}, wikievents.ROLES)
    assert (report.micro.p_num, report.micro.p_den, report.micro.r_den) == (2, 3, 4)


@pytest.fixture(scope="session")
def heads() -> wikievents.Heads:
    return wikievents.Heads()


def test_head_words_in_context_and_of_predicted_strings(heads: wikievents.Heads) -> None:
    doc = wikievents._document(wikievents_record(), [])
    mention_heads = heads.of_mentions(doc)
    assert mention_heads["T2"] == "market"  # "crowded market"
    assert mention_heads["T3"] == "Town"  # "Harbor Town"
    table = heads.of_strings(["the crowded market", "a roadside bomb"])
    assert table == {"the crowded market": "market", "a roadside bomb": "bomb"}
    entities = wikievents.head_entities({"Instrument": ["a roadside bomb", "the bomb"]}, heads)
    assert entities == {"Instrument": [["bomb"]]}  # one answer per head word


def test_wikievents_adapter_reads_incident_slots() -> None:
    roles = wikievents.predict_roles(story_extraction())
    assert roles["Attacker"] == ["Red Dawn Command", "gunmen"]  # "RDC" is the same actor
    assert roles["Victim"] == ["Ana Quispe", "three customers"]
    assert roles["Instrument"] == ["parcel bomb"] and roles["Place"] == []


def test_wikievents_predictions_through_a_fake_pipeline(heads: wikievents.Heads) -> None:
    doc = wikievents._document(wikievents_record(), [["T1", "T4"]])
    golds = {"we1": wikievents.gold_entities(doc, heads.of_mentions(doc))}

    def fake(text: str, published: object = None, title: object = None) -> Extraction:
        assert text == doc.text
        mention = IncidentMention(
            id="we1:0",
            provenance=Provenance("we1", 0, 0, "test"),
            type="armed_assault",
            perpetrators=[ActorRef("the gunmen")],
            targets=["a busy market", "the market"],
            victims=["two traders"],
        )
        return Extraction(Article("we1", text), [mention], [])

    failed: list[str] = []
    preds = wikievents.predictions([doc], golds, heads, None, fake, failed)
    assert preds["we1"]["Target"] == [["market"]]
    report = ceaf.score_roles(preds, golds, wikievents.ROLES)
    assert report.per_role["Attacker"].f1 == 1.0 and report.per_role["Victim"].f1 == 1.0
    assert report.per_role["Place"].r_den == 1 and report.per_role["Place"].r_num == 0
    assert failed == []


@pytest.mark.skipif(
    not (SHARED / "bench" / "wikievents" / "dev.jsonl").is_file(), reason="no WikiEvents data"
)
def test_wikievents_oracle_on_shared_dev_scores_one() -> None:
    done = run_script("bench/wikievents.py", "--oracle", "entities", "--limit", "2", "--json")
    assert done.returncode == 0, done.stderr
    metrics = last_json(done.stdout)
    assert metrics["documents"] == 2 and metrics["ree"]["micro"]["f1"] == 1.0
    if pipeline_available():
        done = run_script("bench/wikievents.py", "--limit", "2", "--json")
        assert done.returncode == 0, done.stderr
        assert 0.0 <= last_json(done.stdout)["ree"]["micro"]["f1"] <= 1.0


# --- brat and attribution ------------------------------------------------------------------

TEXT = (
    "Officials said the fire started at noon. "
    '"The bridge," the mayor said, "will reopen in May." '
    "It rained."
)


def at(part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def gold_ann() -> str:
    def t(ident: str, label: str, *parts: tuple[int, int]) -> str:
        return brat.format_textbound(ident, label, parts, TEXT)

    lines = [
        t("T1", "Source", at("Officials")),
        t("T2", "Cue", at("said")),
        t("T3", "Content", at("the fire started at noon")),
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        t("T4", "Source", at("the mayor")),
        t("T5", "Cue", at("said", 1)),
        t("T6", "Content", at("The bridge")),
        t("T7", "Content", at("will reopen in May")),
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6 Content2:T7",
        "#1\tAnnotatorNotes E2\tquote split by the cue",
        t("T8", "Cue", at("rained")),
        t("T9", "Content", at("It")),
        "E3\tAttribution-no-source:T8 Cue:T8 Content:T9",
        "A1\tDiscard E3",
    ]
    return "\n".join(lines) + "\n"


def gold_attributions() -> list[Attribution]:
    return attribution.attributions_from_ann(brat.parse_ann(gold_ann()), TEXT)


def test_parse_ann_reads_discontinuous_spans_events_flags_and_notes() -> None:
    ann = brat.parse_ann(
        "T1\tContent 0 4;10 14\tOffi the\nE1\tAttribution:T1 Content:T1\nA1\tDiscuss E1\n"
        "#1\tAnnotatorNotes T1\tcheck\nN1\tReference T1 Wiki:1\tX\n"
    )
    assert ann.textbounds["T1"].fragments == ((0, 4), (10, 14))
    assert ann.events["E1"].args == (("Content", "T1"),)
    assert ann.flags("E1") == {"Discuss"}
    assert ann.notes == ["AnnotatorNotes T1\tcheck"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("T1\tSource 5\tx", "bad offsets"),
        ("T1\tSource 9 5\tx", "span ends before it starts"),
        ("E1\tAttribution:T1 Source", "bad argument"),
        ("hello world", "not a brat standoff line"),
    ],
)
def test_parse_ann_errors_name_the_line(line: str, problem: str) -> None:
    with pytest.raises(brat.BratError, match=rf"f.ann:2: {problem}"):
        brat.parse_ann("T9\tCue 0 4\tOffi\n" + line + "\n", "f.ann")


def test_gold_attributions_join_content_parts_and_drop_discarded() -> None:
    first, second = gold_attributions()
    assert first == Attribution(
        (at("said"),), (at("Officials"),), (at("the fire started at noon"),)
    )
    assert second.content == (at("The bridge"), at("will reopen in May"))
    assert second.source == (at("the mayor"),)


def test_clean_spans_trims_and_joins_fragments_split_by_whitespace() -> None:
    text = "  alpha   beta gamma"
    assert attribution.clean_spans([(9, 14), (0, 8)], text) == ((2, 14),)
    assert attribution.clean_spans([(2, 7), (10, 14)], text) == ((2, 14),)
    assert attribution.clean_spans([(2, 7), (15, 20)], text) == ((2, 7), (15, 20))
    assert attribution.clean_spans([(0, 2)], text) == ()


def scored(pred: list[Attribution], gold: list[Attribution]) -> attribution.AttributionReport:
    report = attribution.AttributionReport()
    attribution.score_document(report, pred, gold, TEXT)
    return report


def test_attribution_perfect_prediction() -> None:
    report = scored(gold_attributions(), gold_attributions())
    for role in attribution.ROLES:
        assert report.exact[role].f1 == 1.0 and report.overlap[role].f1 == 1.0
    assert report.relation_exact.f1 == 1.0 and report.relation_overlap.f1 == 1.0


def test_attribution_empty_sides() -> None:
    no_pred = scored([], gold_attributions())
    assert no_pred.relation_exact.r_den == 2 and no_pred.relation_exact.p_den == 0
    assert no_pred.overlap["content"].r_den == 11 and no_pred.overlap["content"].recall == 0.0
    no_gold = scored(gold_attributions(), [])
    assert no_gold.exact["cue"].p_den == 2 and no_gold.exact["cue"].precision == 0.0
    neither = scored([], [])
    assert neither.relation_overlap.as_dict()["f1"] == 0.0
    assert (neither.relation_overlap.p_den, neither.relation_overlap.r_den) == (0, 0)


def test_attribution_partial_content_scores_by_token_overlap() -> None:
    first, second = gold_attributions()
    short = Attribution(first.cue, first.source, (at("the fire started"),))
    report = scored([short, second], [first, second])
    content = report.overlap["content"]
    # predicted tokens: 3 + 2 + 4 ("The bridge", "will reopen in May"); gold: 5 + 2 + 4.
    assert (content.p_num, content.p_den, content.r_den) == (9, 9, 11)
    assert report.exact["content"].p_num == 1 and report.exact["source"].p_num == 2
    assert report.relation_exact.p_num == 1 and report.relation_overlap.p_num == 2


def test_discontinuous_content_must_match_fragment_for_fragment() -> None:
    _, second = gold_attributions()
    whole = Attribution(second.cue, second.source, ((at("The bridge")[0], at("in May")[1]),))
    report = scored([whole], [second])
    assert report.exact["content"].p_num == 0
    assert report.overlap["content"].r_num == 6  # all gold tokens are covered
    # 13 tokens: the 6 gold ones, `," the mayor said, "` in between are extra
    assert report.overlap["content"].p_den == 13
    assert report.relation_overlap.p_num == 1


def test_relation_overlap_is_one_to_one() -> None:
    first, _ = gold_attributions()
    twin = Attribution(first.cue, (), (at("started at noon"),))
    report = scored([first, twin], [first])
    assert (report.relation_overlap.p_num, report.relation_overlap.p_den) == (1, 2)
    assert report.spurious_cues == {} and report.missed_cues == {}


def test_format_ann_round_trips() -> None:
    original = gold_attributions()
    again = attribution.attributions_from_ann(
        brat.parse_ann(attribution.format_ann(original, TEXT)), TEXT
    )
    assert again == original


def test_statement_adapter_places_source_cue_and_content() -> None:
    text = 'Police said the group planted the device. "We did it," the group said in a note.'
    police = statement(
        "attribution", "police", None, text=text, sentence="Police said", speaker="Police"
    )
    found = attribution.statement_attribution(police, text)
    assert found is not None
    spans = {r: text[s:e] for r in attribution.ROLES for s, e in found.role(r)}
    assert spans == {"source": "Police", "cue": "said", "content": "the group planted the device"}
    group = statement(
        "claim", "group", None, text=text, sentence='"We did', speaker="the group", cue="said"
    )
    found = attribution.statement_attribution(group, text)
    assert found is not None
    assert [text[s:e] for s, e in found.content] == ["We did it"]  # the quote, not the tail
    assert [text[s:e] for s, e in found.cue] == ["said"]
    assert (
        attribution.statement_attribution(
            statement("claim", "group", None, text=text, cue="announced"), text
        )
        is None
    )


def test_predictions_map_back_to_the_input_offsets() -> None:
    original = "Headline\n\nPolice   said the group planted the device."
    article = "Police said the group planted the device."
    police = statement("attribution", "police", None, text=article, sentence="Police said")
    extraction = Extraction(Article("doc", article), [], [police, police])
    pred, lost = attribution.predict_attributions(extraction, original)
    assert lost == 0 and len(pred) == 1  # the duplicate statement is one relation
    spans = {r: original[s:e] for r in attribution.ROLES for s, e in pred[0].role(r)}
    assert spans == {"source": "Police", "cue": "said", "content": "the group planted the device"}


def test_layer_adapter_takes_the_cue_and_source_out_of_a_split_quote() -> None:
    original = 'Headline\n\n"The bridge," the mayor said, "will reopen in May." Officials agreed.'
    article = original[len("Headline\n\n") :]
    quote = (article.index("The bridge"), article.index("May.") + len("May"))
    layer = [
        records.Attribution(
            source=prov(article, "the mayor"),
            cue=prov(article, "said"),
            content=Provenance("doc", *quote, "test"),
        ),
        records.Attribution(
            source=prov(article, "Officials"), cue=prov(article, "agreed"), content=None
        ),
    ]
    extraction = Extraction(Article("doc", article), [], [], attributions=layer)
    first, second = attribution.layer_attributions(extraction, original)
    words = {r: [original[s:e] for s, e in first.role(r)] for r in attribution.ROLES}
    assert words == {
        "source": ["the mayor"],
        "cue": ["said"],
        "content": ['The bridge,"', '"will reopen in May'],
    }
    assert second == Attribution((at_in(original, "agreed"),), (at_in(original, "Officials"),), ())


def at_in(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_attribution_cli_scores_a_prediction_folder(tmp_path: Path) -> None:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    (gold_dir / "story.txt").write_text(TEXT)
    (gold_dir / "story_annotator2.ann").write_text(gold_ann())
    (gold_dir / "other.txt").write_text("No attribution here.")
    (gold_dir / "other.ann").write_text("")
    first, _ = gold_attributions()
    (pred_dir / "story.ann").write_text(attribution.format_ann([first], TEXT))
    done = run_script(
        "bench/attribution.py", "--data", str(gold_dir), "--pred", str(pred_dir), "--json"
    )
    assert done.returncode == 0, done.stderr
    metrics = last_json(done.stdout)
    assert metrics["documents"] == 2 and metrics["missing_predictions"] == 1
    assert metrics["relation_exact"]["p"] == 1.0 and metrics["relation_exact"]["r"] == 0.5
    assert metrics["exact"]["cue"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert "missed cues: 'said' x1" in done.stdout


def test_attribution_cli_bad_gold_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text.")
    (tmp_path / "a.ann").write_text("T1\tCue 0 x\tSome\n")
    done = run_script("bench/attribution.py", "--data", str(tmp_path), "--pred", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: {tmp_path / 'a.ann'}:1: bad offsets '0 x'"


def test_parse_ann_reads_a_span_text_over_two_lines() -> None:
    ann = brat.parse_ann(
        "T1\tContent 0 9\tLine\nnext\nT2\tCue 10 14\tsaid\nE1\tAttribution:T2 Cue:T2\n"
    )
    assert set(ann.textbounds) == {"T1", "T2"} and ann.textbounds["T1"].text == "Line"
    assert ann.events["E1"].args == (("Cue", "T2"),)


def test_incident_detection_reads_the_publication_date_of_a_voa_document_id() -> None:
    """A Voice of America document's id carries the day it was published; other WikiEvents
    ids (Wikipedia pages, scenarios) and impossible days give none."""
    ids = [
        "65_VOA_EN_NW_2014.07.21.1962165",
        "wiki_ied_bombings_9",
        "scenario_en_kairos_60",
        "3_VOA_EN_NW_2014.02.30.1",
    ]
    assert [incident_detection._voa_date(i) for i in ids] == [
        dt.date(2014, 7, 21),
        None,
        None,
        None,
    ]
