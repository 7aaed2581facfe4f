"""Train the incident gate: ``python -m newsblotter.train.incident_gate [--data DIR]``.

Reads the training examples of ``newsblotter.train.gate_data`` (MUC-4 train, ECB+ topics
1-35, a share of the gun-violence pool) in place under ``DIR`` (default: $NEWSBLOTTER_SHARED
or ``../shared``, then ``bench/``), runs the pipeline's NLP and incident extraction (without
the gate) on each, and fits a logistic regression on the gate's features
(``incidents/gate.FEATURES``). The MUC-4 messages take our own reading where they have one
(``train/labels/muc4_train.tsv``, counted twice) and their answer keys' label elsewhere
(``--labels mixed``, the default; ``keys`` and ``ours`` are the other settings). One example in
five (by a hash of its id) is held out to choose the threshold and to report scores; the model
and its card's figures are written to ``src/newsblotter/incidents/model/gate.json``.

Deterministic: a fixed order, a fixed split, and Newton's method (no sampling). The fit is
twenty lines of numpy rather than a scikit-learn dependency, which would add tens of
megabytes for one logistic regression. The NLP over the 2,698 examples is most of the time
(about 25 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np

from newsblotter.incidents import gate as gt
from newsblotter.train import gate_data

L2 = 1.0
HOLDOUT_EVERY = 5
# Which MUC-4 labels the fit learns: "keys" (from the answer keys), "mixed" (our reading where a
# message has one, the keys elsewhere) or "ours" (only the messages with our reading).
LABELS = ("keys", "mixed", "ours")
_KEYS = (
    "a message whose answer key has a template of an act carried out or attempted, dated at "
    "most a month before the message"
)
_OURS = "our reading (train/labels/muc4_train.tsv: a violent incident told as news)"
MUC_LABELS = {
    "keys": f"MUC-4: {_KEYS}",
    "mixed": f"MUC-4: {_OURS} where a message has one (counted twice), else {_KEYS}",
    "ours": f"MUC-4: only the messages with {_OURS}",
}
# Under "mixed", a message with our reading counts as this many in the fit: our reading
# answers the gate's question, the answer keys' label is a proxy of it.
OURS_WEIGHT = 2
SOURCES = {
    "muc4": "MUC-4 train (raw/train + templates/train.jsonl): public research data, "
    "Sundheim 1992; Du et al. 2021 (MIT for their processing)",
    "ecbplus": "ECB+ topics 1-35, one document in two (Cybulska & Vossen 2014): CC BY 3.0",
    "gun-violence": "SemEval-2018 Task 5 / GVC pool, one document in sixteen: "
    "research data (Postma et al. 2018; Vossen et al. 2018)",
}


def default_bench() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    root = Path(env) if env else Path(__file__).resolve().parents[3].parent / "shared"
    return root / "bench"


def held_out(example_id: str) -> bool:
    return int(hashlib.sha1(example_id.encode()).hexdigest(), 16) % HOLDOUT_EVERY == 0


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = L2, weight: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression, by Newton's method; an
    example of ``weight`` w counts as w copies of it."""
    n, k = x.shape
    c = np.ones(n) if weight is None else weight.astype(float)
    design = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(k + 1)
    penalty = np.diag([l2] * k + [0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(design @ w, -30, 30)))
        grad = design.T @ (c * (p - y)) + penalty @ w
        hess = design.T @ (design * (c * p * (1 - p))[:, None]) + penalty
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


def annotated(examples: Sequence[gate_data.Example], cache: Path | None) -> Iterator[Any]:
    """The Annotated of each example, in order; parses are kept in ``cache`` (a JSON-lines
    file per parse key) so that a changed feature need not parse again."""
    # the pipeline loads spaCy (seconds): only reading the training data needs it
    from spacy.tokens import DocBin

    from newsblotter import load_settings
    from newsblotter.pipeline import Pipeline
    from newsblotter.train.roles import _parse_key as parse_key  # the role model's cache key

    annotator = Pipeline(load_settings(db="")).annotator
    parsed: dict[str, str] = {}
    path = cache / f"gate-{parse_key(annotator)}.jsonl" if cache is not None else None
    if path is not None and path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue  # a line cut short by an interrupted run
            parsed[row["id"]] = row["parse"]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") if path is not None else nullcontext() as fh:
        for ex in examples:
            article = gate_data.article(
                ex.id, ex.text, ex.title, ex.published, "train/incident_gate"
            )
            if ex.id in parsed:
                bin_ = DocBin().from_bytes(base64.b64decode(parsed[ex.id]))
                yield annotator.derive(article, next(iter(bin_.get_docs(annotator.nlp.vocab))))
                continue
            ann = annotator.annotate(article)
            if fh is not None:
                data = base64.b64encode(DocBin(docs=[ann.doc]).to_bytes()).decode("ascii")
                fh.write(json.dumps({"id": ex.id, "parse": data}) + "\n")
            yield ann


def feature_rows(
    bench: Path, cache: Path | None = None, rows_path: Path | None = None
) -> tuple[list[gate_data.Example], np.ndarray]:
    """The examples and their features. With ``rows_path``, the features of a run of the
    same code are read from it when it holds every example (else computed and written):
    choosing the fit's settings then needs no pass over the articles."""
    from newsblotter.incidents.extract import analyse  # loads spaCy: only when rows are made

    examples = gate_data.examples(bench)
    if rows_path is not None and rows_path.is_file():
        saved = json.loads(rows_path.read_text(encoding="utf-8"))
        if [ex.id for ex in examples] == saved["ids"] and set(gt.FEATURES) <= set(saved["rows"]):
            return examples, np.array([saved["rows"][name] for name in gt.FEATURES]).T
    rows: dict[str, list[float]] = {}
    for n, ann in enumerate(annotated(examples, cache), 1):
        for name, value in gt.features(ann, analyse(ann)).items():
            rows.setdefault(name, []).append(value)
        if n % 250 == 0:
            print(f"{n}/{len(examples)} examples read", file=sys.stderr, flush=True)
    if rows_path is not None:
        rows_path.parent.mkdir(parents=True, exist_ok=True)
        rows_path.write_text(json.dumps({"ids": [ex.id for ex in examples], "rows": rows}))
    return examples, np.array([rows[name] for name in gt.FEATURES], dtype=float).T


def targets(examples: Sequence[gate_data.Example], labels: str) -> tuple[np.ndarray, np.ndarray]:
    """The label of each example under ``labels`` (one of ``LABELS``) and whether it has one:
    a MUC-4 message without our reading has none under "ours"."""
    if labels not in LABELS:
        raise ValueError(f"labels: one of {LABELS}, not {labels!r}")
    y, use = [], []
    for ex in examples:
        if labels == "keys" or ex.ours is None:
            y.append(ex.label)
            use.append(labels != "ours" or ex.source != "muc4")
        else:
            y.append(ex.ours)
            use.append(True)
    return np.array(y, dtype=bool), np.array(use, dtype=bool)


def train(
    examples: Sequence[gate_data.Example], x: np.ndarray, labels: str = "mixed", l2: float = L2
) -> tuple[gt.Model, dict[str, object]]:
    """Fit on the training examples with a main mention (the only articles the gate judges:
    one without reports none whatever it says); the threshold and the scores are those of the
    held-out examples as the pipeline decides them (no main mention: no incident).

    ``held_out_ours`` scores every setting on the same examples and labels: the held-out
    examples whose label answers the gate's question (MUC-4 messages with our reading, every
    ECB+ and gun-violence document), so that settings of ``labels`` can be compared."""
    y, use = targets(examples, labels)
    judge_y, judge = targets(examples, "ours")
    hold = np.array([held_out(ex.id) for ex in examples], dtype=bool)
    main = x[:, gt.FEATURES.index("main_events")] > 0
    learn = main & ~hold & use
    hold = hold & use
    muc = np.array([ex.source == "muc4" for ex in examples], dtype=bool)
    mean = x[learn].mean(axis=0)
    scale = x[learn].std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    weight = np.array(
        [OURS_WEIGHT if labels == "mixed" and ex.ours is not None else 1 for ex in examples]
    )
    weights, bias = fit(z[learn], y[learn].astype(float), l2, weight[learn])
    prob = np.where(main, 1 / (1 + np.exp(-(z @ weights + bias))), 0.0)
    threshold = best_threshold(y[hold], prob[hold])
    judged = judge & np.array([held_out(ex.id) for ex in examples], dtype=bool)
    model = gt.Model(
        gt.FEATURES,
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in weights),
        round(bias, 6),
        threshold,
    )
    report: dict[str, object] = {
        "label_setting": labels,
        "train_examples": int((use & ~hold).sum()),
        "fitted_on": int(learn.sum()),
        "held_out_examples": int(hold.sum()),
        "held_out": scores(y[hold], prob[hold] >= threshold),
        "held_out_by_source": {
            source: scores(y[sel], prob[sel] >= threshold)
            for source in SOURCES
            for sel in [hold & np.array([ex.source == source for ex in examples])]
        },
        "held_out_ours": {
            "examples": int(judged.sum()),
            **scores(judge_y[judged], prob[judged] >= threshold),
            "muc4": scores(judge_y[judged & muc], prob[judged & muc] >= threshold),
        },
    }
    return model, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared bench folder")
    parser.add_argument("--out", type=Path, default=gt.MODEL)
    parser.add_argument(
        "--cache", type=Path, default=Path(".cache") / "train", help="parse cache folder"
    )
    parser.add_argument(
        "--rows", type=Path, default=None, help="feature rows of this code (read or written)"
    )
    parser.add_argument(
        "--labels", choices=LABELS, default="mixed", help="which MUC-4 labels the fit learns"
    )
    args = parser.parse_args(argv)
    bench = args.data or default_bench()
    if not (bench / "muc4").is_dir():
        sys.exit(f"error: {bench}: no muc4/ folder (pass --data)")
    start = time.monotonic()
    examples, x = feature_rows(bench, args.cache, args.rows)
    model, report = train(examples, x, args.labels)
    meta = {
        "name": "incident_gate",
        "trained": dt.date.today().isoformat(),
        "command": "python -m newsblotter.train.incident_gate",
        "data": SOURCES,
        "labels": MUC_LABELS[args.labels] + "; ECB+: sub-topic category violent_incident; "
        "gun-violence: every document",
        "seconds": round(time.monotonic() - start),
        "features_read_from": str(args.rows) if args.rows is not None else None,
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
