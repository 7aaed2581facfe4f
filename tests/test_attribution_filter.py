"""The cue filter (statements/attribution/cuefilter.py) on inputs of our own."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

from newsblotter.article.forest import Forest
from newsblotter.statements.attribution.cuefilter import (
    NAMES,
    CueFilter,
    Prior,
    candidate_rows,
    marginals,
)
from newsblotter.statements.attribution.features import DocFeatures
from newsblotter.statements.attribution.model import LinearCRF
from newsblotter.train import attribution as training


@pytest.fixture(scope="module")
def nlp() -> Any:
    return training.load_nlp()


def test_marginals_equal_those_of_every_label_sequence_enumerated() -> None:
    rng = np.random.default_rng(7)
    transitions = rng.normal(size=(3, 3)).astype(np.float32)
    emissions = [rng.normal(size=(n, 3)).astype(np.float32) * 3 for n in (1, 4, 2)]
    for got, scores in zip(marginals(emissions, transitions), emissions, strict=True):
        n = len(scores)
        expected = np.zeros((n, 3))
        for path in itertools.product(range(3), repeat=n):
            weight = sum(scores[t, k] for t, k in enumerate(path))
            weight += sum(transitions[a, b] for a, b in itertools.pairwise(path))
            for t, k in enumerate(path):
                expected[t, k] += np.exp(weight)
        expected /= expected.sum(axis=1, keepdims=True)
        assert np.allclose(got, expected, atol=1e-9)


def _stump(feature: str, value: float) -> Forest:
    """One split: P(keep) about 0.99 where ``feature`` > 0.5, about 0.01 elsewhere."""
    column = NAMES.index(feature)
    return Forest(
        features=NAMES,
        feature=np.asarray([[column, 0, 0]], dtype=np.int32),
        threshold=np.asarray([[0.5, 0.0, 0.0]]),
        left=np.asarray([[1, 1, 2]], dtype=np.int32),
        right=np.asarray([[2, 1, 2]], dtype=np.int32),
        value=np.asarray([[0.0, -value, value]]),
        depth=1,
        threshold_p=0.5,
    )


def test_candidates_and_what_the_filter_keeps(nlp: Any) -> None:
    doc = nlp("The mayor said the bridge will reopen. Reporters asked about the delay.")
    feats = DocFeatures(doc)
    labels = ["O", "B-CUE", "I-CUE"]
    said, asked = 2, 9
    # the tagger: sure of "said", one chance in four on "asked", none elsewhere
    emissions = []
    for start, end in feats.sent_bounds:
        scores = np.zeros((end - start, 3), dtype=np.float32)
        scores[:, 1:] = -20.0
        for i, logit in ((said, 20.0), (asked, -np.log(3.0))):
            if start <= i < end:
                scores[i - start] = (0.0, logit, -20.0)
        emissions.append(scores)
    transitions = np.zeros((3, 3), dtype=np.float32)
    marginal = marginals(emissions, transitions)
    pos = ("VERB", "NOUN", "AUX", "ADP", "PUNCT", "PROPN", "ADJ")
    deps = ("ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl")
    prior = Prior(
        {"say": (3, 4), "ask": (1, 4)},
        pos,
        (*deps, "pobj", "acl", "pcomp", "dobj", "nsubj", "parataxis"),
    )
    rows, tokens, heads = candidate_rows(feats, marginal, [(said, said + 1)], labels, prior)
    assert tokens.tolist() == [said, asked] and heads.tolist() == [0, -1]
    assert np.allclose(rows[:, NAMES.index("m")], [1.0, 0.25], atol=1e-6)
    assert rows[:, NAMES.index("ccomp")].tolist() == [1.0, 0.0]
    assert rows[:, NAMES.index("pos_0")].tolist() == [1.0, 1.0]  # both verbs
    assert rows[:, NAMES.index("dep_0")].tolist() == [1.0, 1.0]  # both the roots
    assert rows[:, NAMES.index("prior")].tolist() == pytest.approx([3.1 / 5, 1.1 / 5])
    # in training a token's own gold answer is left out of its lemma's counts
    gold = np.zeros(len(doc), dtype=bool)
    gold[said] = True
    trained, _, _ = candidate_rows(feats, marginal, [(said, said + 1)], labels, prior, gold)
    assert trained[:, NAMES.index("prior")].tolist() == pytest.approx([2.1 / 4, 1.1 / 4])

    tagger = LinearCRF(labels, [], np.zeros((3, 3), dtype=np.float32))
    keep_tagged = CueFilter(_stump("vroot", 5.0), prior)
    assert keep_tagged.cues(feats, tagger, emissions, [(said, said + 1)]) == [(said, said + 1)]
    keep_likely = CueFilter(_stump("mprev", -5.0), prior)  # keeps what follows no cue
    assert keep_likely.cues(feats, tagger, emissions, [(said, said + 1)]) == [
        (said, said + 1),
        (asked, asked + 1),
    ]
