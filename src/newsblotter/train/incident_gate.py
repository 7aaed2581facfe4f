"""Train the incident gate: ``python -m newsblotter.train.incident_gate [--data DIR]``.

Reads the training examples of ``newsblotter.train.gate_data`` (MUC-4 train, ECB+ topics
1-35, a share of the gun-violence pool) in place under ``DIR`` (default: $NEWSBLOTTER_SHARED
or ``../shared``, then ``bench/``), runs the pipeline's NLP and incident extraction (without
the gate) on each, and fits a logistic regression on the gate's features
(``incidents/gate.FEATURES``). One example in five (by a hash of its id) is held out to
choose the threshold and to report scores; the model and its card's figures are written to
``src/newsblotter/incidents/model/gate.json``.

Deterministic: a fixed order, a fixed split, and Newton's method (no sampling). The fit is
twenty lines of numpy rather than a scikit-learn dependency, which would add tens of
megabytes for one logistic regression. The NLP over the 2,698 examples is most of the time
(about 25 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsblotter.incidents import gate as gt
from newsblotter.train import gate_data

L2 = 1.0
HOLDOUT_EVERY = 5
SOURCES = {
    "muc4": "MUC-4 train (raw/train + templates/train.jsonl): public research data, "
    "Sundheim 1992; Du et al. 2021 (MIT for their processing)",
    "ecbplus": "ECB+ topics 1-35 (Cybulska & Vossen 2014): CC BY 3.0",
    "gun-violence": "SemEval-2018 Task 5 / GVC pool, one document in eight: "
    "research data (Postma et al. 2018; Vossen et al. 2018)",
}


def default_bench() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    root = Path(env) if env else Path(__file__).resolve().parents[3].parent / "shared"
    return root / "bench"


def held_out(example_id: str) -> bool:
    return int(hashlib.sha1(example_id.encode()).hexdigest(), 16) % HOLDOUT_EVERY == 0


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression, by Newton's method."""
    n, k = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(k + 1)
    penalty = np.diag([l2] * k + [0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(design @ w, -30, 30)))
        grad = design.T @ (p - y) + penalty @ w
        hess = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:k], float(w[k])


def scores(y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    tp = float(np.sum(predicted & y))
    fp = float(np.sum(predicted & ~y))
    fn = float(np.sum(~predicted & y))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


def best_threshold(y: np.ndarray, prob: np.ndarray) -> float:
    """The threshold with the best F1 on the held-out examples (ties: the higher)."""
    best, best_f1 = 0.5, -1.0
    for t in np.round(np.arange(0.05, 0.96, 0.01), 2):
        f1 = scores(y, prob >= t)["f1"]
        if f1 >= best_f1:
            best, best_f1 = float(t), f1
    return best


def feature_rows(bench: Path) -> tuple[list[gate_data.Example], np.ndarray]:
    from newsblotter import load_settings
    from newsblotter.incidents.extract import analyse
    from newsblotter.pipeline import Pipeline

    examples = gate_data.examples(bench)
    annotator = Pipeline(load_settings(db="")).annotator
    rows = []
    for n, ex in enumerate(examples, 1):
        ann = annotator.annotate(
            gate_data.article(ex.id, ex.text, ex.title, ex.published, "train/incident_gate")
        )
        values = gt.features(ann, analyse(ann))
        rows.append([values[name] for name in gt.FEATURES])
        if n % 250 == 0:
            print(f"{n}/{len(examples)} examples read", file=sys.stderr, flush=True)
    return examples, np.array(rows, dtype=float)


def train(
    examples: Sequence[gate_data.Example], x: np.ndarray
) -> tuple[gt.Model, dict[str, object]]:
    y = np.array([ex.label for ex in examples], dtype=bool)
    hold = np.array([held_out(ex.id) for ex in examples], dtype=bool)
    mean = x[~hold].mean(axis=0)
    scale = x[~hold].std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    weights, bias = fit(z[~hold], y[~hold].astype(float))
    prob = 1 / (1 + np.exp(-(z @ weights + bias)))
    threshold = best_threshold(y[hold], prob[hold])
    model = gt.Model(
        gt.FEATURES,
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in weights),
        round(bias, 6),
        threshold,
    )
    report: dict[str, object] = {
        "train_examples": int((~hold).sum()),
        "held_out_examples": int(hold.sum()),
        "held_out": scores(y[hold], prob[hold] >= threshold),
        "held_out_by_source": {
            source: scores(y[sel], prob[sel] >= threshold)
            for source in SOURCES
            for sel in [hold & np.array([ex.source == source for ex in examples])]
        },
    }
    return model, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared bench folder")
    parser.add_argument("--out", type=Path, default=gt.MODEL)
    args = parser.parse_args(argv)
    bench = args.data or default_bench()
    if not (bench / "muc4").is_dir():
        sys.exit(f"error: {bench}: no muc4/ folder (pass --data)")
    start = time.monotonic()
    examples, x = feature_rows(bench)
    model, report = train(examples, x)
    meta = {
        "name": "incident_gate",
        "trained": dt.date.today().isoformat(),
        "command": "python -m newsblotter.train.incident_gate",
        "data": SOURCES,
        "labels": "MUC-4: a message with an answer-key template; ECB+: sub-topic category "
        "violent_incident; gun-violence: every document",
        "seconds": round(time.monotonic() - start),
        **report,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"meta": meta, "model": model.as_json()}, indent=1) + "\n", encoding="utf-8"
    )
    print(json.dumps(meta["held_out"]), f"threshold {model.threshold}", f"-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
