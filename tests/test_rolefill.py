"""The learned role filler: candidates, decisions, the model file and the training helpers,
on invented sentences and hand-made weights."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsblotter.incidents import find_mentions
from newsblotter.incidents.rolefill import Candidate, Proposals, candidates, decide, fill_roles
from newsblotter.incidents.rolefill import model as md
from newsblotter.records import Annotated, Article, IncidentMention
from newsblotter.train import roles as tr

STORY = (
    "Gunmen of the Red Dawn Command shot a policeman with a rifle outside the central bank "
    "in Lima on Friday."
)


@pytest.fixture(scope="module")
def ann(pipeline_factory: Any) -> Annotated:
    pipe = pipeline_factory("rolefill")
    article = Article(document="d1", text=STORY, published=dt.date(2023, 6, 10))
    annotated: Annotated = pipe.annotator.annotate(article)
    return annotated


def _token(ann: Annotated, word: str) -> Any:
    return next(t for t in ann.doc if t.text == word)


def test_candidate_spans_of_one_head(ann: Annotated) -> None:
    shot = _token(ann, "shot")
    found = candidates(ann.doc, [[shot]], [Proposals()])
    bank = _token(ann, "bank").i
    spans = {(ann.doc[c.start : c.end].text, c.kind) for c in found if c.head == bank}
    assert spans == {
        ("central bank", "np"),
        ("central bank in Lima", "subtree"),
        ("bank", "compound"),  # the noun and its compounds: here the noun alone
    }
    assert {c.incident for c in found} == {0}


def test_candidate_features_name_the_trigger_and_the_rules(ann: Annotated) -> None:
    shot = _token(ann, "shot")
    gunmen = _token(ann, "Gunmen").i
    proposed = Proposals(perpetrators={(gunmen, gunmen + 1)})
    found = candidates(ann.doc, [[shot]], [proposed])
    head = next(c for c in found if (c.start, c.end) == (gunmen, gunmen + 1))
    assert {"trig=shoot", "sd=0", "rule=perp", "lex=perp", "dep=nsubj"} <= set(head.features)
    longer = next(c for c in found if c.head == gunmen and c.end - c.start > 1)
    assert "rule_in=perp" in longer.features and "rule=perp" not in longer.features


def test_no_trigger_no_candidates(ann: Annotated) -> None:
    assert candidates(ann.doc, [], []) == []


def _cand(head: int, start: int, end: int, incident: int = 0) -> Candidate:
    return Candidate(start, end, head, "np", incident, [])


def _probs(*rows: tuple[float, ...]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float32)


def test_decide_keeps_each_heads_best_span_once_and_full_names(ann: Annotated) -> None:
    doc = ann.doc
    gunmen = _token(ann, "Gunmen").i
    red = _token(ann, "Red").i
    cands = [
        _cand(gunmen, gunmen, gunmen + 1),  # "Gunmen"
        _cand(gunmen, gunmen, red + 3),  # "Gunmen of the Red Dawn Command": better
        _cand(red + 2, red, red + 3),  # "Red Dawn Command"
        _cand(red + 2, red + 2, red + 3),  # "Command" alone: below the threshold
        _cand(red + 1, red + 1, red + 2, incident=1),  # "Dawn", another incident
    ]
    probs = _probs(
        (0.4, 0.6, 0.0, 0.0, 0.0, 0.0),
        (0.2, 0.8, 0.0, 0.0, 0.0, 0.0),
        (0.1, 0.0, 0.9, 0.0, 0.0, 0.0),
        (0.0, 0.0, 0.3, 0.0, 0.0, 0.0),
        (0.3, 0.0, 0.7, 0.0, 0.0, 0.0),
    )
    chosen = decide(doc, cands, probs, dict.fromkeys(md.CLASSES[1:], 0.5))
    assert [(c.incident, c.role, doc[c.start : c.end].text) for c in chosen] == [
        (0, "PerpInd", "Gunmen of the Red Dawn Command"),
        (0, "PerpOrg", "Red Dawn Command"),
        (1, "PerpOrg", "Dawn"),
    ]


def tiny_model(thresholds: float = 0.5) -> md.RoleModel:
    """A hand-made model: the rules' proposals and weapon words, nothing else."""
    features = ["bias", "rule=perp", "rule=target", "lex=weapon", "kind=head"]
    weights = np.zeros((len(features), len(md.CLASSES)), dtype=np.float32)
    weights[0, 0] = 2.0  # NONE unless a feature says otherwise
    weights[1, md.CLASSES.index("PerpInd")] = 5.0
    weights[2, md.CLASSES.index("Target")] = 5.0
    weights[3, md.CLASSES.index("Weapon")] = 3.0
    weights[4, md.CLASSES.index("Weapon")] = 1.0
    index = {f: n for n, f in enumerate(features)}
    bias = np.zeros(len(md.CLASSES), dtype=np.float32)
    return md.RoleModel(index, weights, bias, dict.fromkeys(md.CLASSES[1:], thresholds), {})


def test_fill_roles_replaces_the_rules_answers(ann: Annotated) -> None:
    kept: list[tuple[list[IncidentMention], list[list[Any]]]] = []
    mentions = find_mentions(ann, roles=lambda a, m, t: kept.append((m, t)))
    [(found, triggers)] = kept
    assert len(mentions) == 1 and mentions[0] is found[0]
    mention = mentions[0]
    fill_roles(ann, mentions, triggers, tiny_model())
    assert mention.targets == []  # the rules proposed none, so nothing has rule=target
    assert [p.name for p in mention.perpetrators] == ["Gunmen", "Red Dawn Command"]
    assert mention.victims == []
    assert mention.weapons == ["firearms"]
    rifle = STORY.index("rifle")
    assert (mention.spans["weapon:0"].start, mention.spans["weapon:0"].end) == (rifle, rifle + 5)
    assert not [k for k in mention.spans if k.startswith("victim:")]


def test_the_rules_answers_stand_above_the_floor_and_go_below_it(ann: Annotated) -> None:
    kept: list[tuple[list[IncidentMention], list[list[Any]]]] = []
    mentions = find_mentions(ann, roles=lambda a, m, t: kept.append((m, t)))
    rules = [[p.name for p in m.perpetrators] for m in mentions]
    assert rules == [["Gunmen", "Red Dawn Command"]]
    # thresholds no role reaches: only the rules' own answers can stand
    fill_roles(ann, mentions, kept[0][1], tiny_model(thresholds=1.1))
    assert [[p.name for p in m.perpetrators] for m in mentions] == rules
    assert mentions[0].weapons == ["firearms"]  # the rules' "rifle" stands too
    # a model that finds every answer unlikely (below the floor) leaves none
    doubtful = tiny_model(thresholds=1.1)
    doubtful.weights[:] = 0.0
    doubtful.weights[0, 0] = 8.0
    mentions = find_mentions(ann, roles=lambda a, m, t: None)
    fill_roles(ann, mentions, kept[0][1], doubtful)
    assert [(m.perpetrators, m.targets, m.victims) for m in mentions] == [([], [], [])]
    assert "roles" in mentions[0].spans
    # the rules' weapon kinds stand (a kind the model never learned, as "suicide belt"),
    # without words of the model's
    assert mentions[0].weapons == ["firearms"]
    assert not [k for k in mentions[0].spans if k.startswith("weapon:")]


def test_model_files_round_trip_and_refuse_other_classes(tmp_path: Path) -> None:
    model = tiny_model()
    md.save(tmp_path, dataclasses.replace(model, meta={"a": 1}))
    back = md.load(tmp_path)
    assert back.index == model.index and back.thresholds == model.thresholds
    assert np.allclose(back.weights, model.weights) and back.meta["a"] == 1
    rows = [["rule=perp", "unknown feature"], []]
    assert np.allclose(back.probabilities(rows), model.probabilities(rows), atol=1e-3)
    meta = (tmp_path / "meta.json").read_text().replace('"NONE"', '"OTHER"')
    (tmp_path / "meta.json").write_text(meta)
    with pytest.raises(ValueError, match="does not match this code's classes"):
        md.load(tmp_path)


def test_shipped_model_names_its_data_and_command() -> None:
    model = md.shipped()
    assert model is not None
    assert model.meta["command"] == "python -m newsblotter.train.roles"
    assert "MUC-4" in model.meta["data"] and model.meta["licence"]
    assert set(model.thresholds) == set(md.CLASSES[1:])
    assert all(0 < t < 1 for t in model.thresholds.values())


def test_normalize_as_the_scorer_does() -> None:
    assert tr.normalize("The  Red-Dawn, Command (RDC)") == "reddawn command rdc"


def test_fit_is_deterministic_and_separates_a_toy_set() -> None:
    from scipy import sparse  # type: ignore[import-untyped]

    x = sparse.csr_matrix(np.array([[1, 1, 0], [1, 0, 1], [1, 1, 0], [1, 0, 1]], dtype=float))
    y = np.array([1, 3, 1, 3])
    w1, b1 = tr.fit(x, y, l2=0.1)
    w2, b2 = tr.fit(x, y, l2=0.1)
    assert np.array_equal(w1, w2) and np.array_equal(b1, b2)
    predicted = np.argmax(x @ w1 + b1, axis=1)
    assert predicted.tolist() == [1, 3, 1, 3]


def test_a_target_the_rules_read_stands_however_unlikely(ann: Annotated) -> None:
    doc = ann.doc
    bank = _token(ann, "bank").i
    gunmen = _token(ann, "Gunmen").i
    cands = [
        Candidate(bank - 1, bank + 1, bank, "np", 0, ["rule=target"]),  # "central bank"
        Candidate(gunmen, gunmen + 1, gunmen, "head", 0, ["rule=perp"]),  # "Gunmen"
    ]
    probs = _probs((0.999, 0.0, 0.0, 0.001, 0.0, 0.0), (0.999, 0.001, 0.0, 0.0, 0.0, 0.0))
    chosen = decide(doc, cands, probs, dict.fromkeys(md.CLASSES[1:], 0.5))
    # the perpetrator proposed falls below the rules' floor; the target stands
    assert [(c.role, doc[c.start : c.end].text) for c in chosen] == [("Target", "central bank")]


SPEAKERS = (
    "Gunmen shot Mayor Ana Ruiz outside her office in Lima on Friday. President Tomas Vela "
    "said the attack would not go unpunished, according to Commander Luis Prado. Ruiz died "
    "in hospital and the guard Pedro Sanz was wounded."
)


def test_a_victim_is_harmed_not_a_speaker_or_a_doer(pipeline_factory: Any) -> None:
    from newsblotter.incidents import victims as vc

    pipe = pipeline_factory("rolefill-speakers")
    doc = pipe.annotator.annotate(Article(document="d2", text=SPEAKERS)).doc
    acting = [t.text for t in doc if vc.speaks_or_acts(t)]
    # the gunmen act, the president speaks, the commander is a source (and "the attack"
    # does something); the mayor shot, Ruiz who died and the guard wounded do not
    assert acting == ["Gunmen", "Vela", "attack", "Prado"]


def test_a_chosen_group_takes_the_id_of_the_actor_it_names(pipeline_factory: Any) -> None:
    from newsblotter.incidents.rolefill import _actor_of
    from newsblotter.records import Provenance

    pipe = pipeline_factory("rolefill")
    text = "Hours later The Extraditables claimed the kidnapping of a banker in Medellin."
    annotated = pipe.annotator.annotate(Article(document="d2", text=text))

    def actor(words: str) -> str | None:
        start = text.index(words)
        return _actor_of(annotated, Provenance("d2", start, start + len(words), "t"))

    # the group with or without its article; a place is no actor; a part of a name is none
    assert [actor(w) for w in ("Extraditables", "The Extraditables", "Medellin", "Extra")] == [
        "the-extraditables",
        "the-extraditables",
        None,
        None,
    ]


def _spans_of(ann: Annotated, word: str) -> set[tuple[str, str]]:
    trigger = next(t for t in ann.doc if t.lemma_ in {"shoot", "attack"})
    found = candidates(ann.doc, [[trigger]], [Proposals()])
    head = _token(ann, word).i
    return {(ann.doc[c.start : c.end].text, c.kind) for c in found if c.head == head}


def test_a_name_the_parse_splits_is_a_candidate_without_its_title(pipeline_factory: Any) -> None:
    """Truecasing leaves a surname lower case ("castro"), so neither the entity nor the noun
    phrase is the name; the proper nouns before the noun are ("name")."""
    pipe = pipeline_factory("rolefill")
    text = "Court president Mario Lopez castro was shot in Lima on Friday."
    ann = pipe.annotator.annotate(Article(document="d2", text=text))
    assert ("Mario Lopez castro", "name") in _spans_of(ann, "castro")


def test_an_attacker_adjective_of_the_event_is_a_candidate(pipeline_factory: Any) -> None:
    """MUC-4 files "terrorist" of "a terrorist attack" as the perpetrator."""
    pipe = pipeline_factory("rolefill")
    text = "A terrorist attack destroyed the bank in Lima."
    ann = pipe.annotator.annotate(Article(document="d3", text=text))
    assert _spans_of(ann, "terrorist") == {("terrorist", "np"), ("terrorist attack", "chunk")}


def test_each_mention_reads_what_the_others_of_the_same_words_show(
    pipeline_factory: Any,
) -> None:
    """Pooled features: "the gunmen" who fled reads that "Gunmen" was the rules' perpetrator
    and the subject of the shooting, and that it is mentioned twice."""
    pipe = pipeline_factory("rolefill")
    ann = pipe.annotator.annotate(
        Article(document="d4", text="Gunmen shot a policeman in Lima. The gunmen fled in a car.")
    )
    shot = _token(ann, "shot")
    first, second = (t.i for t in ann.doc if t.lower_ == "gunmen")
    found = candidates(ann.doc, [[shot]], [Proposals(perpetrators={(first, first + 1)})])
    later = next(c for c in found if c.head == second)
    pooled = {f for f in later.features if f.startswith(("any:", "mentions="))}
    assert pooled == {
        "mentions=2",
        "any:rule=perp",
        "any:voice=nsubj|0",
        "any:dep+trig=nsubj|shoot",
    }


@pytest.mark.parametrize(
    ("text", "doer", "hedge"),
    [
        # a modifier of the doer's words, before them or of the noun they belong to
        ("Alleged members of the Red Dawn Command shot a policeman in Lima.", "Command", "Alleged"),
        ("Suspected Red Dawn guerrillas shot a policeman in Lima.", "guerrillas", "Suspected"),
        # an adverb of the clause the doer is the agent of
        ("The bank was presumably bombed by the Red Dawn Command.", "Command", "presumably"),
        # the doer as stated: no hedge, nor one of another clause
        ("Red Dawn Command gunmen shot a policeman in Lima.", "gunmen", None),
        (
            "The Red Dawn Command shot a policeman, and the strikes are apparently continuing.",
            "Command",
            None,
        ),
    ],
)
def test_a_hedge_on_the_doer_is_read_off_the_parse(
    pipeline_factory: Any, text: str, doer: str, hedge: str | None
) -> None:
    from newsblotter.incidents.rolefill.hedges import hedge_of

    pipe = pipeline_factory("rolefill")
    ann = pipe.annotator.annotate(Article(document="d5", text=text))
    found = hedge_of(_token(ann, doer))
    assert (found.text if found is not None else None) == hedge


def _filled(pipe: Any, text: str) -> IncidentMention:
    ann = pipe.annotator.annotate(Article(document="d7", text=text))
    kept: list[tuple[list[IncidentMention], list[list[Any]]]] = []
    [mention] = find_mentions(ann, roles=lambda a, m, t: kept.append((m, t)))
    fill_roles(ann, *kept[0], tiny_model())
    return mention


def test_the_record_keeps_the_hedge_on_a_chosen_doer(pipeline_factory: Any) -> None:
    """``spans["hedge:N"]`` holds the hedge word of ``perpetrators[N]``; a stated doer has
    none."""
    pipe = pipeline_factory("rolefill")
    text = "Alleged members of the Red Dawn Command shot a policeman in Lima on Friday."
    mention = _filled(pipe, text)
    hedges = {k: text[p.start : p.end] for k, p in mention.spans.items() if k.startswith("hedge")}
    n = [p.name for p in mention.perpetrators].index("Red Dawn Command")
    assert hedges.get(f"hedge:{n}") == "Alleged"
    stated = _filled(pipe, STORY)
    assert [p.name for p in stated.perpetrators] == ["Gunmen", "Red Dawn Command"]
    assert not [k for k in stated.spans if k.startswith("hedge:")]
