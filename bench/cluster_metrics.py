"""Document-level clustering scores, written from their definitions.

* B-cubed (Bagga & Baldwin 1998), item-averaged: for each item, precision is the share of
  its predicted cluster that shares its gold class, recall the share of its gold class that
  sits in its predicted cluster; P and R are the means over items, F1 their harmonic mean.
* Pairwise: over all unordered item pairs, a pair is predicted when both items share a
  predicted cluster and gold when they share a gold class; P = |pred & gold| / |pred|,
  R = |pred & gold| / |gold|.

Both are computed from the contingency table (cluster x class counts), so they cost
O(items), not O(items^2). Each item has exactly one gold class here; the bench drops the
few multi-incident round-up articles before scoring (see bench/incident_merging.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    p: float
    r: float

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self, prefix: str) -> dict[str, float]:
        return {
            f"{prefix}_p": round(self.p, 4),
            f"{prefix}_r": round(self.r, 4),
            f"{prefix}_f1": round(self.f1, 4),
        }


def _check(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> None:
    missing = gold.keys() - pred.keys()
    if missing:
        raise ValueError(
            f"{len(missing)} gold items have no predicted cluster, e.g. {min(missing)}"
        )


def b_cubed(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> PRF:
    """B-cubed over the items of ``gold`` (predicted clusters are restricted to them)."""
    _check(pred, gold)
    if not gold:
        return PRF(0.0, 0.0)
    cell = Counter((pred[i], gold[i]) for i in gold)
    cluster_size = Counter(pred[i] for i in gold)
    class_size = Counter(gold.values())
    p = sum(n * n / cluster_size[c] for (c, _), n in cell.items()) / len(gold)
    r = sum(n * n / class_size[g] for (_, g), n in cell.items()) / len(gold)
    return PRF(p, r)


def pairwise(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> PRF:
    """Pairwise link P/R over the items of ``gold``; no pairs at all scores 1.0 (nothing wrong)."""
    _check(pred, gold)

    def pairs(counts: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter((pred[i], gold[i]) for i in gold))
    predicted = pairs(Counter(pred[i] for i in gold))
    true = pairs(Counter(gold.values()))
    return PRF(both / predicted if predicted else 1.0, both / true if true else 1.0)
