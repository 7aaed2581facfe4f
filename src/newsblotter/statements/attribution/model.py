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
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np

from newsblotter.statements.attribution.features import DocFeatures
from newsblotter.statements.attribution.scoring import CueScorer, RoleScorer

MODEL_DIR = Path(__file__).resolve().parent / "model"
CUE = "cue"
ROLES = "roles"
Rows = list[list[str]]


def spans_of(labels: list[str], tag: str, offset: int = 0) -> list[tuple[int, int]]:
    """[start, end) token ranges tagged ``B-tag`` / ``I-tag`` (an ``I`` without ``B`` starts
    a span too)."""
    out: list[tuple[int, int]] = []
    begin, inner = f"B-{tag}", f"I-{tag}"
    if begin not in labels and inner not in labels:
        return out
    start = None
    for k, label in enumerate(labels):
        if label == begin or (label == inner and start is None):
            if start is not None:
                out.append((offset + start, offset + k))
            start = k
        elif label != inner and start is not None:
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
        self._by_prefix: dict[str, dict[str, int]] | None = None

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

    def by_prefix(self) -> dict[str, dict[str, int]]:
        """Attribute rows by the name before the first '=' ("w", "-1p"), then the value."""
        if self._by_prefix is None:
            self._by_prefix = {}
            for attribute, row in self.index.items():
                prefix, sep, value = attribute.partition("=")
                if sep:
                    self._by_prefix.setdefault(prefix, {})[value] = row
        return self._by_prefix

    def row(self, attribute: str) -> Any:
        """The weights of one attribute, per label (zeros for one the model does not know)."""
        return self.state[self.index.get(attribute, 0)]

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
        bounds = np.cumsum([0, *(len(rows) for rows in sequences)]).tolist()
        return self.decode([scores[x:y] for x, y in pairwise(bounds)])

    def decode(self, emissions: list[Any]) -> list[list[str]]:
        """The best label sequence of each sequence of emission scores (tokens x labels)."""
        if not emissions:
            return []
        labels = self.labels
        return [[labels[k] for k in path] for path in self._viterbi(emissions)]

    def _viterbi(self, emissions: list[Any]) -> list[list[int]]:
        """Batched Viterbi, time-major. Past a sequence's end its back pointers all point to
        its best last label, so one backward pass serves sequences of every length."""
        lengths = [len(e) for e in emissions]
        batch, longest, n_labels = len(lengths), max(lengths), len(self.labels)
        scores = np.zeros((longest, batch, n_labels), dtype=np.float32)
        for b, e in enumerate(emissions):
            scores[: len(e), b] = e
        best = np.empty((longest, batch, n_labels), dtype=np.float32)
        back = np.empty((longest, batch, n_labels), dtype=np.intp)
        best[0] = scores[0]
        transitions = self.transitions[None]
        candidates = np.empty((batch, n_labels, n_labels), dtype=np.float32)
        for t in range(1, longest):
            np.add(best[t - 1][:, :, None], transitions, out=candidates)
            candidates.argmax(axis=1, out=back[t])
            candidates.max(axis=1, out=best[t])
            best[t] += scores[t]
        size = np.asarray(lengths)
        rows = np.arange(batch)
        last = best[size - 1, rows].argmax(axis=1)
        beyond = np.arange(longest)[:, None] >= size[None, :]
        back = np.where(beyond[:, :, None], last[None, :, None], back)
        path = np.empty((longest, batch), dtype=np.intp)
        path[-1] = last
        for t in range(longest - 1, 0, -1):
            path[t - 1] = back[t, rows, path[t]]
        return [path[:length, b].tolist() for b, length in enumerate(lengths)]


class AttributionModel:
    """Both taggers, from a folder holding ``cue.json``/``.npy`` and ``roles.json``/``.npy``."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        self.cue_tagger = LinearCRF.load(folder, CUE)
        self.role_tagger = LinearCRF.load(folder, ROLES)
        self.cue_scorer = CueScorer(self.cue_tagger)
        self.role_scorer = RoleScorer(self.role_tagger)
        meta = folder / "meta.json"
        self.meta: dict[str, Any] = json.loads(meta.read_text("utf-8")) if meta.is_file() else {}

    def cues(self, feats: DocFeatures) -> list[tuple[int, int]]:
        """Token ranges of the cues of a document."""
        tagged = self.cue_tagger.decode(self.cue_scorer.emissions(feats))
        return [
            span
            for (s, _), labels in zip(feats.sent_bounds, tagged, strict=True)
            for span in spans_of(labels, "CUE", s)
        ]

    def roles(
        self, feats: DocFeatures, cues: list[tuple[int, int, int]]
    ) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
        """For each cue (start, end, head token): token ranges of its source and content."""
        if not cues:
            return []
        windows = [feats.window(s, e)[0] for s, e, _ in cues]
        tagged = self.role_tagger.decode(self.role_scorer.emissions(feats, cues))
        return [
            (spans_of(labels, "S", start), spans_of(labels, "C", start))
            for start, labels in zip(windows, tagged, strict=True)
        ]


@cache
def default_model() -> AttributionModel:
    """The shipped model, loaded once per process."""
    return AttributionModel(MODEL_DIR)
