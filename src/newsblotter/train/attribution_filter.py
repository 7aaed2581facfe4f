"""Training the cue filter (``statements/attribution/cuefilter.py``) on PolNeAR's train split.

Part of ``python -m newsblotter.train.attribution`` (``--filter-only`` trains this step
alone on the cue tagger already in ``--out``). The filter reads the cue tagger's marginals;
on the articles the tagger was trained on they are surer than anywhere else, so its rows
come from two cue taggers each trained on half of the train split (articles by the parity
of their place in the sorted split) and run on the other half. The threshold is the one that
gives the best F1 of cue heads over those rows, each half scored by trees trained on the
other (out of fold); the shipped trees are then trained on all rows. Deterministic
(CRFsuite L-BFGS, LightGBM on one thread with a fixed seed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from newsblotter.article.forest import Forest, from_lightgbm
from newsblotter.statements.attribution.cuefilter import (
    N_DEPS,
    N_POS,
    NAMES,
    CueFilter,
    Prior,
    candidate_rows,
    marginals,
)
from newsblotter.statements.attribution.features import DocFeatures
from newsblotter.statements.attribution.model import LinearCRF, spans_of
from newsblotter.statements.attribution.scoring import CueScorer
from newsblotter.train.article import PARAMS as ARTICLE_PARAMS

if TYPE_CHECKING:
    from newsblotter.train.attribution import Example

FOLDS = 2
SEED = 20261207
# the article models' LightGBM settings (one thread, deterministic), with a seed of its own
PARAMS: dict[str, Any] = {**ARTICLE_PARAMS, "seed": SEED}
ROUNDS = 300
THRESHOLDS = tuple(round(0.2 + 0.025 * k, 3) for k in range(21))  # 0.2 .. 0.7


def gold_heads(example: Example) -> Any:
    """Per token of the article: whether it heads a gold cue (the root of its span)."""
    from newsblotter.train.attribution import Aligner

    doc = example.doc
    align = Aligner(doc)
    heads = np.zeros(len(doc), dtype=bool)
    for att in example.gold:
        tokens = sorted(i for f in att.cue for i in align.tokens(f))
        if tokens:
            heads[doc[tokens[0] : tokens[-1] + 1].root.i] = True
    return heads


def lemma_prior(examples: Sequence[Example], heads: Sequence[Any]) -> Prior:
    """(gold cue heads, occurrences) of each lemma of the articles, whitespace left out, and
    the parts of speech and dependencies of the most gold cue heads (ties by name)."""
    cues: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    pos: Counter[str] = Counter()
    deps: Counter[str] = Counter()
    for ex, gold in zip(examples, heads, strict=True):
        feats = DocFeatures(ex.doc)
        for i, lemma in enumerate(feats.lemma):
            if not feats.space[i]:
                seen[lemma] += 1
                cues[lemma] += int(gold[i])
        for i in np.flatnonzero(gold).tolist():
            pos[feats.pos[i]] += 1
            deps[feats.dep[i]] += 1

    def most(counts: Counter[str], n: int) -> tuple[str, ...]:
        ranked = sorted(counts, key=lambda k: (-counts[k], k))[:n]
        return tuple(ranked + [f"(none {k})" for k in range(n - len(ranked))])

    counts = {lemma: (cues[lemma], seen[lemma]) for lemma in sorted(seen)}
    return Prior(counts, most(pos, N_POS), most(deps, N_DEPS))


def doc_rows(
    feats: DocFeatures, crf: LinearCRF, scorer: CueScorer, prior: Prior, gold: Any = None
) -> tuple[Any, Any, Any]:
    """The filter's rows of one article under one cue tagger (``candidate_rows``)."""
    emissions = scorer.emissions(feats)
    tagged = crf.decode(emissions)
    spans = [
        span
        for (s, _), labels in zip(feats.sent_bounds, tagged, strict=True)
        for span in spans_of(labels, "CUE", s)
    ]
    return candidate_rows(
        feats, marginals(emissions, crf.transitions), spans, crf.labels, prior, gold
    )


def fit(rows: Any, labels: Any, threshold: float = 0.5) -> Forest:
    import lightgbm  # the train extra only: inference reads the exported trees

    data = lightgbm.Dataset(rows, label=labels, feature_name=list(NAMES), free_raw_data=True)
    booster = lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)
    return from_lightgbm(booster.dump_model(), NAMES, threshold)


def train_filter(
    train: Sequence[Example], folds: Sequence[LinearCRF], log: Any = print
) -> CueFilter:
    """The filter, from the train articles and the cue taggers of each fold (``folds[k]``
    trained without the articles ``i % FOLDS == k``)."""
    heads = [gold_heads(ex) for ex in train]
    prior = lemma_prior(train, heads)
    scorers = [CueScorer(crf) for crf in folds]
    rows, labels, fold_of = [], [], []
    for i, (ex, gold) in enumerate(zip(train, heads, strict=True)):
        k = i % FOLDS
        r, tokens, _ = doc_rows(DocFeatures(ex.doc), folds[k], scorers[k], prior, gold)
        rows.append(r)
        labels.append(gold[tokens].astype(np.int8))
        fold_of.append(np.full(len(tokens), k))
    x, y, group = np.vstack(rows), np.concatenate(labels), np.concatenate(fold_of)
    n_gold = int(sum(h.sum() for h in heads))
    log(f"cue filter: {len(y)} candidates, {int(y.sum())} of {n_gold} gold cue heads among them")
    out_of_fold = np.zeros(len(y))
    for k in range(FOLDS):
        held = group == k
        out_of_fold[held] = fit(x[~held], y[~held]).probability(x[held])
    best, threshold = -1.0, 0.5
    for t in THRESHOLDS:
        chosen = out_of_fold >= t
        f1 = 2 * int(y[chosen].sum()) / (int(chosen.sum()) + n_gold)
        if f1 > best:
            best, threshold = f1, t
    tagged = x[:, NAMES.index("vroot")] > 0
    base = 2 * int(y[tagged].sum()) / (int(tagged.sum()) + n_gold)
    log(
        f"cue filter: threshold {threshold}, cue-head F1 out of fold {100 * best:.2f} "
        f"(the tagger's own cues {100 * base:.2f})"
    )
    return CueFilter(fit(x, y, threshold), prior)
