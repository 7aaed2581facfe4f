"""Rebuild-time passes over the online clusters: split a cluster holding two events of one
kind, then give each article left alone a second look.

Two events of the same kind (two celebrities' rehab stays, two deaths of figures of one
scandal) share their topic's words, so the online pass, which sees one report at a time,
can let the first report of the second event into the first event's cluster, and the rest
follow. Seen whole, such a cluster has a shape a single event lacks: with the words every
report shares taken out (each report centred on the cluster's mean), its reports fall into
two groups along one direction (the names, places and details of each event), and that
direction carries far more of the spread than any other. A single event's reports differ
in many unrelated ways (angle, follow-up, outlet), so no one direction dominates.

The test is the ratio of the two largest eigenvalues of the centred reports' Gram matrix;
the two groups come from the leading eigenvector's signs, polished by a few 2-means steps
(spectral bisection, written here in numpy: a few lines, and scikit-learn is not a
dependency). The group holding the cluster's earliest report keeps the cluster, so its
incident id stays the same.

The online pass compares an article only with the clusters that existed when it came in;
one that started a cluster of its own and drew no later report is compared again, with the
same score and blocking, against the clusters as they ended (grown since, or formed after
it), and joins the best one at the ``attach_threshold``, a little stricter than the online
threshold since it is a second chance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]

from newsblotter.merge.cluster import Clusterer
from newsblotter.merge.reports import Report
from newsblotter.merge.text import Vector

_POLISH_STEPS = 10
# A cluster of more articles is one big event's coverage, joined on many strong links; the
# test (an n x n eigenproblem) is not run on it, which bounds its time and memory.
MAX_SPLIT_DOCS = 400


def split_pass(clusterer: Clusterer) -> int:
    """Split every live cluster whose reports form two groups; returns how many splits."""
    p = clusterer.params
    if p.split_gap is None:
        return 0
    splits = 0
    queue = list(clusterer.live())
    while queue:
        c = queue.pop()
        moving = two_groups(c.reports, p.split_gap, p.split_min_side)
        if not moving:
            continue
        new = clusterer.split_off([r for r in c.reports if r.document in moving])
        queue += [c, new]  # either half may hold two events again
        splits += 1
    return splits


def two_groups(reports: list[Report], min_gap: float, min_side: int) -> set[str]:
    """The documents of the group to split off (without the earliest report), or nothing
    when the reports do not form two groups of at least ``min_side`` articles each."""
    docs = _documents(reports)
    if not 2 * min_side <= len(docs) <= MAX_SPLIT_DOCS:
        return set()
    names = list(docs)
    gram = _centred_gram(_matrix([docs[d] for d in names]))
    values, vectors = np.linalg.eigh(gram)  # ascending
    if values[-2] <= 0 or values[-1] / values[-2] < min_gap:
        return set()
    side = _polish(gram, vectors[:, -1] > 0)
    if min(int(side.sum()), int((~side).sum())) < min_side:
        return set()
    first = side[0]  # documents are in report order, so the first holds the earliest
    return {d for d, s in zip(names, side, strict=True) if s != first}


def _documents(reports: list[Report]) -> dict[str, Vector]:
    """One vector per article: its own news (a main report) when it has one."""
    out: dict[str, Vector] = {}
    for r in sorted(reports, key=lambda r: r.background):
        out.setdefault(r.document, r.vector)
    order: dict[str, int] = {}
    for r in reports:
        order.setdefault(r.document, len(order))
    return dict(sorted(out.items(), key=lambda kv: order[kv[0]]))


def _matrix(vectors: list[Vector]) -> Any:
    """The reports' word vectors as rows of a sparse matrix (a vocabulary can be large)."""
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    for i, v in enumerate(vectors):
        for w, value in v.items():
            rows.append(i)
            cols.append(index.setdefault(w, len(index)))
            data.append(value)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(vectors), max(1, len(index))))


def _centred_gram(x: Any) -> NDArray[np.float64]:
    """Cosines between the rows after each is centred on the rows' mean, computed from the
    sparse rows (x_i - m) . (x_j - m) = x_i . x_j - x_i . m - x_j . m + m . m, so no dense
    copy of the vocabulary-wide matrix is made."""
    n = x.shape[0]
    dots = np.asarray((x @ x.T).todense(), dtype=np.float64)
    mean = np.asarray(x.mean(axis=0)).ravel()
    to_mean = np.asarray(x @ mean).ravel()
    gram: NDArray[np.float64] = dots - to_mean[:, None] - to_mean[None, :] + float(mean @ mean)
    norms = np.sqrt(np.clip(np.diag(gram), 0.0, None))
    norms = np.where(norms == 0, 1.0, norms)
    return gram / norms[:, None] / norms[None, :] if n else gram


def _polish(gram: NDArray[np.float64], side: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """A few 2-means steps from the spectral split: each row goes to the group whose mean it
    is nearer (by the centred cosines, which is the same as against the groups' mean rows)."""
    for _ in range(_POLISH_STEPS):
        if side.all() or not side.any():
            break
        new = gram[:, side].mean(axis=1) > gram[:, ~side].mean(axis=1)
        if (new == side).all():
            break
        side = new
    return side


def attach_pass(clusterer: Clusterer) -> int:
    """Move each lone article's cluster into the best cluster scoring at least
    ``Params.attach_threshold`` against it; returns how many moved."""
    need = clusterer.params.attach_threshold
    if need is None:
        return 0
    moved = 0
    for c in clusterer.live():
        if len(c.documents) != 1 or not c.reports:
            continue
        r = next((x for x in c.reports if not x.background), c.reports[0])
        others = [o for o in clusterer.candidates(r) if o is not c and o.reports]
        best = clusterer.best(r, others)
        if best is None or best[0] < need:
            continue
        clusterer.fold(best[1], c)
        moved += 1
    return moved
