"""The trained attribution model: a cue tagger, then a role tagger per cue (linear-chain CRFs).

Trained with CRFsuite by ``python -m newsblotter.train.attribution`` (PolNeAR; see
docs/models/attribution.md) and shipped as plain arrays in ``model/`` beside this module:
per tagger a ``.json`` (labels, attribute names) and a ``.npy`` (transition and state
weights), loaded once per process. Decoding is ours (numpy, every sequence of a document in
one batched Viterbi pass): CRFsuite's own tagger spends most of its time turning feature
strings into ids one call at a time. Tags are BIO: ``B-CUE``/``I-CUE`` for cues, ``B-S``/``I-S``
for the source and ``B-C``/``I-C`` for the content of one cue.
"""

from __future__ import annotations

import json
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from newsblotter.statements.attribution.features import DocFeatures

MODEL_DIR = Path(__file__).resolve().parent / "model"
CUE = "cue"
ROLES = "roles"
Rows = list[list[str]]


def spans_of(labels: list[str], tag: str, offset: int = 0) -> list[tuple[int, int]]:
    """[start, end) token ranges tagged ``B-tag`` / ``I-tag`` (an ``I`` without ``B`` starts
    a span too)."""
    out: list[tuple[int, int]] = []
    start = None
    for k, label in enumerate(labels):
        if label == f"B-{tag}" or (label == f"I-{tag}" and start is None):
            if start is not None:
                out.append((offset + start, offset + k))
            start = k
        elif label != f"I-{tag}" and start is not None:
            out.append((offset + start, offset + k))
            start = None
    if start is not None:
        out.append((offset + start, offset + len(labels)))
    return out


class LinearCRF:
    """A first-order linear-chain CRF's weights (as CRFsuite learns them: state features
    attribute x label, transitions label x label, no start or end weights)."""

    def __init__(self, labels: list[str], attributes: list[str], weights: Any) -> None:
        n = len(labels)
        weights = np.asarray(weights, dtype=np.float32)
        if weights.shape != (n + len(attributes), n):
            raise ValueError(f"weights of shape {weights.shape} for {n} labels")
        self.labels = labels
        self.attributes = attributes
        self.transitions = weights[:n]
        # row 0 is all zeros: the id of every attribute the model does not know
        self.state = np.vstack([np.zeros((1, n), dtype=np.float32), weights[n:]])
        self.index = {a: k + 1 for k, a in enumerate(attributes)}

    @classmethod
    def load(cls, folder: Path, name: str) -> LinearCRF:
        names = folder / f"{name}.json"
        weights = folder / f"{name}.npy"
        for path in (names, weights):
            if not path.is_file():
                raise RuntimeError(f"{path}: attribution model file missing")
        meta = json.loads(names.read_text("utf-8"))
        return cls(meta["labels"], meta["attributes"], np.load(weights, allow_pickle=False))

    def save(self, folder: Path, name: str) -> None:
        meta = {"labels": self.labels, "attributes": self.attributes}
        (folder / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        np.save(folder / f"{name}.npy", np.vstack([self.transitions, self.state[1:]]))

    def ids(self, row: list[str]) -> list[int]:
        """The ids of a row's attributes (0 for those the model does not know)."""
        return list(map(self.index.get, row, repeat(0)))

    def tag_many(self, sequences: list[Rows]) -> list[list[str]]:
        """The best label sequence of each sequence of feature rows."""
        return self.tag_ids([[self.ids(row) for row in rows] for rows in sequences])

    def tag_ids(self, sequences: list[list[list[int]]]) -> list[list[str]]:
        """As ``tag_many``, the rows given as attribute ids."""
        if not sequences:
            return []
        ids: list[int] = []
        starts: list[int] = []
        for rows in sequences:
            for row in rows:
                starts.append(len(ids))
                ids.append(0)
                ids.extend(row)
        scores = np.add.reduceat(self.state[np.asarray(ids)], np.asarray(starts), axis=0)
        paths = self._viterbi(scores, [len(rows) for rows in sequences])
        labels = self.labels
        return [[labels[k] for k in path] for path in paths]

    def _viterbi(self, scores: Any, lengths: list[int]) -> list[list[int]]:
        n_labels = len(self.labels)
        batch, longest = len(lengths), max(lengths)
        emissions = np.zeros((batch, longest, n_labels), dtype=np.float32)
        offset = 0
        for b, length in enumerate(lengths):
            emissions[b, :length] = scores[offset : offset + length]
            offset += length
        size = np.asarray(lengths)
        best = emissions[:, 0].copy()
        back = np.zeros((batch, longest, n_labels), dtype=np.intp)
        for t in range(1, longest):
            candidates = best[:, :, None] + self.transitions[None]
            back[:, t] = candidates.argmax(axis=1)
            going = t < size
            best[going] = candidates.max(axis=1)[going] + emissions[going, t]
        rows = np.arange(batch)
        path = np.zeros((batch, longest), dtype=np.intp)
        path[rows, size - 1] = best.argmax(axis=1)
        for t in range(longest - 1, 0, -1):
            inside = t <= size - 1
            path[inside, t - 1] = back[rows[inside], t, path[inside, t]]
        return [path[b, :length].tolist() for b, length in enumerate(lengths)]


class AttributionModel:
    """Both taggers, from a folder holding ``cue.json``/``.npy`` and ``roles.json``/``.npy``."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        self.cue_tagger = LinearCRF.load(folder, CUE)
        self.role_tagger = LinearCRF.load(folder, ROLES)
        meta = folder / "meta.json"
        self.meta: dict[str, Any] = json.loads(meta.read_text("utf-8")) if meta.is_file() else {}

    def cues(self, feats: DocFeatures) -> list[tuple[int, int]]:
        """Token ranges of the cues of a document."""
        bounds = feats.sent_bounds
        tagged = self.cue_tagger.tag_many([feats.cue_features(s, e) for s, e in bounds])
        return [
            span
            for (s, _), labels in zip(bounds, tagged, strict=True)
            for span in spans_of(labels, "CUE", s)
        ]

    def roles(
        self, feats: DocFeatures, cues: list[tuple[int, int, int]]
    ) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
        """For each cue (start, end, head token): token ranges of its source and content."""
        tagger = self.role_tagger
        static: dict[tuple[int, bool, bool], list[int]] = {}  # a token's ids, shared by cues
        sequences = []
        windows = []
        for s, e, h in cues:
            start, end = feats.window(s, e)
            windows.append(start)
            rows = []
            for i, rel in zip(range(start, end), feats.role_relative(s, e, h), strict=True):
                key = (i, i > start, i + 1 < end)
                known = static.get(key)
                if known is None:
                    known = static[key] = tagger.ids(feats.role_static(i, start, end))
                rows.append(known + tagger.ids(rel))
            sequences.append(rows)
        tagged = tagger.tag_ids(sequences)
        return [
            (spans_of(labels, "S", start), spans_of(labels, "C", start))
            for start, labels in zip(windows, tagged, strict=True)
        ]


@cache
def default_model() -> AttributionModel:
    """The shipped model, loaded once per process."""
    return AttributionModel(MODEL_DIR)
