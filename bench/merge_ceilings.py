"""How far the merger's document signals can go on ECB+, whatever the clustering.

The online merger puts ECB+ articles into sub-topics at a B-cubed F1 of about 0.90. This
script asks how much of the gap to a target comes from the clustering and how much from
the signals it clusters on. Each line is an upper bound: it clusters every article of
``--data``'s ECB+ folder at once, with the full view the online pass lacks, and reports the
best score over a sweep of thresholds (a threshold chosen on the gold, which no real run
can do):

* ``online``: the product's merge, as bench/incident_merging.py runs it (no tuning);
* ``oracle split`` / ``oracle join``: the online clusters cut along the gold, or each gold
  incident gathered where most of it went: what fixing only merges or only splits gives;
* ``agglomerative (score, LINKAGE)``: every pair of articles scored by the merger's own
  ``Clusterer.score`` (text, transformer, facts), clustered by average, complete or
  weighted linkage;
* ``agglomerative (centred, k=K)``: the TF-IDF and transformer vectors with each article's
  K nearest neighbours' mean taken out (what the sub-topics share), average linkage.

    python bench/merge_ceilings.py [--data PATH] [--limit N] [--cache DIR] [--json]

Takes under a minute on two cores once bench/incident_merging.py has cached the NLP.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.hierarchy import fcluster, linkage  # type: ignore[import-untyped]
from scipy.spatial.distance import squareform  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_metrics import PRF, b_cubed
from incident_merging import encode_ahead, encoder, run_merge, shared_dir, single_labels
from merging_data import CACHE, extractions, load_ecbplus

LINKAGES = ("average", "complete", "weighted")
NEIGHBOURS = (30, 50, 80)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=shared_dir() / "bench" / "incident-merging")
    ap.add_argument("--limit", type=int, help="only the first N documents")
    ap.add_argument("--cache", type=Path, default=CACHE, help="the NLP cache folder")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON, last line")
    return ap.parse_args(argv)


def oracles(homes: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, PRF]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for d, g in gold.items():
        votes[g][homes[d]] += 1
    return {
        "online": b_cubed(homes, gold),
        "oracle split": b_cubed({d: f"{homes[d]}|{g}" for d, g in gold.items()}, gold),
        "oracle join": b_cubed({d: votes[g].most_common(1)[0][0] for d, g in gold.items()}, gold),
    }


def main_reports(result: Any) -> dict[str, Any]:
    """Each article's first own-news report (or its only report), as the merge built it."""
    out: dict[str, Any] = {}
    for c in result.clusters:
        for r in sorted(c.reports, key=lambda r: r.background):
            out.setdefault(r.document, r)
    return out


def score_matrix(reports: list[Any], enc: Any) -> NDArray[np.float64]:
    """The merger's score of each article against each other article alone, symmetrised."""
    from newsblotter.merge.cluster import Cluster, Clusterer, Params

    params = dataclasses.replace(Params(), w_embed=enc.weight, embed_floor=enc.floor)
    clusterer = Clusterer(params)
    singles = []
    for n, r in enumerate(reports):
        c = Cluster(n)
        c.add(r)
        singles.append(c)
    size = len(reports)
    s = np.full((size, size), -1.0)
    for i, r in enumerate(reports):
        for j, c in enumerate(singles):
            if i != j:
                value = clusterer.score(r, c)
                s[i, j] = -1.0 if value is None else value
    return (s + s.T) / 2


def best_cut(z: Any, cuts: NDArray[np.float64], ids: list[str], gold: Mapping[str, str]) -> PRF:
    best = PRF(0.0, 0.0)
    for t in cuts:
        labels = fcluster(z, t, "distance")
        prf = b_cubed(dict(zip(ids, map(str, labels), strict=True)), gold)
        best = max(best, prf, key=lambda p: p.f1)
    return best


def centred(m: NDArray[np.float64], k: int) -> NDArray[np.float64]:
    """Rows minus the mean of their ``k`` nearest rows (themselves included), normalised."""
    sims = m @ m.T
    out = np.empty_like(m)
    for i in range(len(m)):
        near = np.argsort(-sims[i])[: k + 1]
        out[i] = m[i] - m[near].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)


def main(argv: Sequence[str] | None = None) -> int:
    from newsblotter.merge.refine import _matrix

    args = parse_args(argv)
    ds = load_ecbplus(args.data / "ecbplus", args.limit)
    ex = extractions(ds, args.cache)
    enc = encoder("minilm")
    encode_ahead(enc, ex)
    result, _ = run_merge(ex, enc)
    gold = single_labels(ds.views["all"])
    ids = sorted(gold)
    rows = oracles(result.homes, gold)

    reports = main_reports(result)
    s = score_matrix([reports[d] for d in ids], enc)
    top = float(s.max()) + 0.01
    dist = top - s
    np.fill_diagonal(dist, 0.0)
    condensed = squareform(dist, checks=False)
    cuts = top - np.arange(-0.2, 0.6, 0.025)
    for method in LINKAGES:
        rows[f"agglomerative (score, {method})"] = best_cut(
            linkage(condensed, method), cuts, ids, gold
        )

    words = np.asarray(_matrix([reports[d].vector for d in ids]).todense(), dtype=np.float64)
    vectors = np.stack([reports[d].embedding for d in ids]).astype(np.float64)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    both = np.hstack([words, vectors])
    for k in NEIGHBOURS:
        z = linkage(centred(both, k), "average", metric="cosine")
        rows[f"agglomerative (centred, k={k})"] = best_cut(z, np.arange(0.5, 1.2, 0.025), ids, gold)

    print(f"ECB+ ({len(ids)} articles, {len(set(gold.values()))} incidents): B-cubed")
    print(f"  {'':34s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for name, prf in rows.items():
        print(f"  {name:34s} {prf.p:6.3f} {prf.r:6.3f} {prf.f1:6.3f}")
    if args.json:
        print(json.dumps({name: prf.as_dict("b3") for name, prf in rows.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
