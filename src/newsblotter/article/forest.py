"""Gradient-boosted trees evaluated with numpy: the extraction models' inference.

The models are trained with LightGBM (``python -m newsblotter.train.article``, an extra
dependency) and shipped as JSON arrays, so the installed package needs no boosting library
and a page's blocks are scored in one vectorised pass: all rows through all trees at once,
one step down per tree level.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_DIR = Path(__file__).resolve().parent / "model"


@dataclass(frozen=True, slots=True)
class Forest:
    """Trees as padded node arrays (trees x nodes); a leaf points to itself."""

    features: tuple[str, ...]
    feature: npt.NDArray[np.int32]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.int32]
    right: npt.NDArray[np.int32]
    value: npt.NDArray[np.float64]
    depth: int
    threshold_p: float  # keep a row whose probability reaches this
    _flat: _Flat = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_flat", _Flat.of(self))

    def probability(self, rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """P(keep) for each row of ``rows`` (rows x features)."""
        if not len(rows):
            return np.zeros(0)
        flat = self._flat
        x = np.ascontiguousarray(rows, dtype=np.float64).ravel()
        row_start = (np.arange(len(rows), dtype=np.int64) * rows.shape[1])[:, None]
        node = np.broadcast_to(flat.roots, (len(rows), len(flat.roots))).copy()
        # Every index is in range by construction, so ``mode="clip"`` changes no result; it
        # spares numpy's per-index bounds check ("raise"), a tenth of the walk's time.
        for _ in range(self.depth):
            values = x.take(row_start + flat.feature.take(node, mode="clip"), mode="clip")
            # <= goes left (the odd slot), anything else right, NaN included, as it always did
            slot = node + (values <= flat.threshold.take(node, mode="clip"))
            node = flat.children.take(slot, mode="clip")
        raw: npt.NDArray[np.float64] = flat.value.take(node, mode="clip").sum(axis=1)
        probability: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-raw))
        return probability

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": self.value.tolist(),
            "depth": self.depth,
            "threshold_p": self.threshold_p,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forest:
        return cls(
            features=tuple(data["features"]),
            feature=np.asarray(data["feature"], dtype=np.int32),
            threshold=np.asarray(data["threshold"], dtype=np.float64),
            left=np.asarray(data["left"], dtype=np.int32),
            right=np.asarray(data["right"], dtype=np.int32),
            value=np.asarray(data["value"], dtype=np.float64),
            depth=int(data["depth"]),
            threshold_p=float(data["threshold_p"]),
        )


@dataclass(frozen=True, slots=True)
class _Flat:
    """The trees flattened for inference: node k of tree t is at 2 * (t * width + k), its
    feature, threshold and value stored there; at that even slot too its right child's slot,
    at the odd slot after it its left child's, so one step down is one ``take`` at
    ``slot + (value <= threshold)``."""

    roots: npt.NDArray[np.int64]  # each tree's first slot
    feature: npt.NDArray[np.int64]
    threshold: npt.NDArray[np.float64]
    value: npt.NDArray[np.float64]
    children: npt.NDArray[np.int64]

    @classmethod
    def of(cls, forest: Forest) -> _Flat:
        n_trees, width = forest.feature.shape
        offset = (np.arange(n_trees, dtype=np.int64) * width)[:, None]

        def spread(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
            out = np.zeros(2 * values.size, dtype=values.dtype)
            out[0::2] = values.ravel()
            return out

        children = np.empty(2 * forest.feature.size, dtype=np.int64)
        children[0::2] = (2 * (forest.right + offset)).ravel()
        children[1::2] = (2 * (forest.left + offset)).ravel()
        return cls(
            roots=2 * offset.ravel(),
            feature=spread(forest.feature.astype(np.int64)),
            threshold=spread(forest.threshold),
            value=spread(forest.value),
            children=children,
        )


def from_lightgbm(dump: dict[str, Any], features: tuple[str, ...], threshold_p: float) -> Forest:
    """Convert ``Booster.dump_model()`` (numerical splits only) to padded node arrays."""
    trees = [tree["tree_structure"] for tree in dump["tree_info"]]
    flat: list[list[tuple[int, float, int, int, float]]] = []
    depth = 0
    for root in trees:
        nodes: list[tuple[int, float, int, int, float]] = []

        def add(
            node: dict[str, Any],
            level: int,
            nodes: list[tuple[int, float, int, int, float]] = nodes,
        ) -> int:
            nonlocal depth
            index = len(nodes)
            nodes.append((0, 0.0, index, index, 0.0))
            if "leaf_value" in node:
                nodes[index] = (0, 0.0, index, index, float(node["leaf_value"]))
                depth = max(depth, level)
                return index
            if node.get("decision_type", "<=") != "<=":
                raise ValueError("only numerical '<=' splits are supported")
            left = add(node["left_child"], level + 1)
            right = add(node["right_child"], level + 1)
            nodes[index] = (int(node["split_feature"]), float(node["threshold"]), left, right, 0.0)
            return index

        add(root, 0)
        flat.append(nodes)
    width = max(len(nodes) for nodes in flat)
    shape = (len(flat), width)
    feature = np.zeros(shape, dtype=np.int32)
    threshold = np.zeros(shape)
    left = np.tile(np.arange(width, dtype=np.int32), (len(flat), 1))
    right = left.copy()
    value = np.zeros(shape)
    for t, nodes in enumerate(flat):
        for i, (f, thr, lo, hi, val) in enumerate(nodes):
            feature[t, i], threshold[t, i], left[t, i], right[t, i], value[t, i] = (
                f,
                thr,
                lo,
                hi,
                val,
            )
    return Forest(features, feature, threshold, left, right, value, depth, threshold_p)


@cache
def load(name: str, features: tuple[str, ...]) -> Forest:
    """The shipped model ``name``, read once per process; refuses weights made for another
    feature list."""
    path = MODEL_DIR / f"{name}.json"
    forest = Forest.from_json(json.loads(path.read_text(encoding="utf-8")))
    if forest.features != features:
        raise RuntimeError(f"{path}: trained on other features; retrain the model")
    return forest
