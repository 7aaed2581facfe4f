"""The role model's weights: a multinomial logistic regression over candidate features.

Weights live beside this module (``model/``): ``features.json`` lists the feature strings in
row order, ``weights.npz`` holds the matrix (one column per class, NONE first) and the bias,
and ``meta.json`` the classes, the per-role thresholds, the training data and the scores.
They are written by ``python -m newsblotter.train.roles`` and read once per process; when
they are missing the rules' answers stand (``available()`` is false).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

MODEL_DIR = Path(__file__).with_name("model")
CLASSES = ("NONE", "PerpInd", "PerpOrg", "Target", "Victim", "Weapon")


@dataclass(frozen=True, slots=True)
class RoleModel:
    index: dict[str, int]
    weights: np.ndarray  # (features, classes), float32
    bias: np.ndarray  # (classes,)
    thresholds: dict[str, float]
    meta: dict[str, Any]

    def probabilities(self, features: Sequence[Sequence[str]]) -> np.ndarray:
        """Class probabilities (rows: candidates, columns: CLASSES)."""
        get = self.index.get
        cols: list[int] = []
        ends = [0]
        for feats in features:
            cols.extend(k for k in map(get, feats) if k is not None)
            ends.append(len(cols))
        # one sparse product for all candidates: the same sums, row by row, as adding up
        # each candidate's weights in turn, in a fraction of the time
        ones = np.ones(len(cols), dtype=np.float32)
        x = sparse.csr_matrix((ones, cols, ends), shape=(len(features), len(self.index)))
        out: np.ndarray = np.asarray(x @ self.weights) + self.bias
        out -= out.max(axis=1, keepdims=True)
        np.exp(out, out=out)
        out /= out.sum(axis=1, keepdims=True)
        return out


def save(folder: Path, model: RoleModel) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "features.json").write_text(json.dumps(list(model.index)) + "\n", encoding="utf-8")
    np.savez_compressed(
        folder / "weights.npz",
        weights=model.weights.astype(np.float16),
        bias=model.bias.astype(np.float32),
    )
    thresholds, meta = model.thresholds, model.meta
    full = {"classes": list(CLASSES), "thresholds": thresholds, **meta}
    (folder / "meta.json").write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")


def load(folder: Path) -> RoleModel:
    features = json.loads((folder / "features.json").read_text(encoding="utf-8"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz") as data:
        weights = data["weights"].astype(np.float32)
        bias = data["bias"].astype(np.float32)
    if tuple(meta.get("classes", ())) != CLASSES or weights.shape != (len(features), len(CLASSES)):
        raise ValueError(f"{folder}: role model does not match this code's classes")
    index = {f: n for n, f in enumerate(features)}
    return RoleModel(index, weights, bias, dict(meta["thresholds"]), meta)


@functools.cache
def shipped() -> RoleModel | None:
    """The model in the package, loaded once; None when it has not been trained."""
    if not (MODEL_DIR / "weights.npz").is_file():
        return None
    return load(MODEL_DIR)
