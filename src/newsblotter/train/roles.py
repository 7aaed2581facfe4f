"""Train the role model (``incidents/rolefill``) on the MUC-4 training split.

    python -m newsblotter.train.roles [--shared PATH] [--cache DIR] [--out DIR] [--evaluate]

1. Parse the 1,300 training messages (and the 200 dev messages, for validation only) with
   the pipeline's annotator; the parses are kept in ``--cache`` (default ``.cache/train``,
   gitignored) keyed by the spaCy model and the actor patterns, so a rerun skips this.
2. Run the incident stage on each parse with a recorder in place of the role model: it keeps
   each incident's trigger tokens and the rules' proposals, from which the candidates and
   their features are built (``rolefill.candidates``). A candidate's label is the role whose
   gold entity has a mention with the same normalised words (lower case, no punctuation,
   no a/an/the: the CEAF-REE scorer's normalisation), else NONE.
3. Fit a multinomial logistic regression (L2, L-BFGS from scipy; features seen in at least
   ``MIN_COUNT`` training messages) on 3 folds of the messages in turn, and pick each role's
   threshold on the held-out folds' CEAF-REE F1; then fit once more on the whole split.
4. Write ``features.json``, ``weights.npz`` and ``meta.json`` (thresholds, data, licence,
   command, cross-validated train scores and dev scores) into the package.

Deterministic: messages in file order, folds by position, L-BFGS from zeros. Dev is scored
with the final model and never used to choose anything.

With ``--evaluate`` nothing is trained: the model in ``--out`` is scored on dev as the stage
decides today (the rules' floor included).
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import hashlib
import json
import os
import re
import string
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from scipy.optimize import linear_sum_assignment, minimize  # type: ignore[import-untyped]

from newsblotter.incidents.rolefill import Choice, Proposals, candidates, proposals, ranked, select
from newsblotter.incidents.rolefill import model as md
from newsblotter.train import muc4

FOLDS = 3
MIN_COUNT = 2
L2 = 1.0
MAX_ITER = 120
THRESHOLDS = tuple(round(0.1 + 0.025 * k, 3) for k in range(33))  # 0.1 .. 0.9
ROLES = md.CLASSES[1:]

_PUNCT = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(text: str) -> str:
    text = text.lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


@dataclass(slots=True)
class Message:
    docid: str
    gold: dict[str, list[set[str]]]  # role -> entities (normalised mention strings)
    doc: Any = None  # the spaCy Doc
    triggers: list[list[int]] = field(default_factory=list)  # token indices per incident
    found: list[Proposals] = field(default_factory=list)  # the rules' answers per incident
    cands: list[Any] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)


# --- parses --------------------------------------------------------------------------------


def _pipeline() -> Any:
    # the pipeline loads spaCy (seconds): only training and evaluating need it
    from newsblotter.config import load_settings
    from newsblotter.pipeline import Pipeline

    return Pipeline(load_settings(env={}, db=""))


def _parse_key(annotator: Any) -> str:
    nlp = annotator.nlp
    h = hashlib.sha256(f"{nlp.meta['name']}-{nlp.meta['version']}|{nlp.pipe_names}".encode())
    for name in nlp.pipe_names:
        patterns = getattr(nlp.get_pipe(name), "patterns", None)
        if patterns is not None:
            h.update(json.dumps(patterns, sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def annotated(
    split: str, shared: Path, cache: Path, pipe: Any, limit: int | None = None
) -> list[tuple[dict[str, Any], Any]]:
    """(GRIT record, Annotated) per message of a split, parsing only what the cache lacks."""
    # spaCy (seconds to import) and the records it fills: only when parsing
    from spacy.tokens import DocBin

    from newsblotter.records import Article

    records = muc4.read_ree(shared / "ree" / f"{split}.jsonl")[:limit]
    texts = muc4.raw_texts(shared / "raw" / split)
    annotator = pipe.annotator
    path = cache / f"muc4-{split}-{_parse_key(annotator)}.jsonl"
    parsed: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            parsed[row["docid"]] = row["parse"]
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    started = time.perf_counter()
    with path.open("a", encoding="utf-8") as fh:
        for n, record in enumerate(records, 1):
            docid = str(record["docid"])
            raw = texts.get(docid)
            article = Article(
                document=docid,
                text=record["doctext"],
                published=raw.published if raw else None,
                published_precision="day" if raw and raw.published else None,
                extractor="text/bare",
            )
            if docid in parsed:
                bin_ = DocBin().from_bytes(base64.b64decode(parsed[docid]))
                doc = next(iter(bin_.get_docs(annotator.nlp.vocab)))
                out.append((record, annotator.derive(article, doc)))
                continue
            ann = annotator.annotate(article)
            data = base64.b64encode(DocBin(docs=[ann.doc]).to_bytes()).decode("ascii")
            fh.write(json.dumps({"docid": docid, "parse": data}) + "\n")
            out.append((record, ann))
            if n % 100 == 0:
                rate = n / (time.perf_counter() - started)
                print(f"  {split}: {n}/{len(records)} messages ({rate:.1f}/s)", file=sys.stderr)
    return out


# --- candidates and labels -----------------------------------------------------------------


def message(record: dict[str, Any], ann: Any) -> Message:
    """One message with the incident stage's triggers and the rules' answers."""
    from newsblotter.incidents import find_mentions  # spaCy's stage: only when training

    gold = {
        role: [{normalize(m) for m in entity} - {""} for entity in entities]
        for role, entities in muc4.gold_roles(record).items()
    }
    msg = Message(str(record["docid"]), gold, ann.doc)

    def record_roles(ann: Any, mentions: list[Any], triggers: list[list[Any]]) -> None:
        msg.found = [proposals(ann, m) for m in mentions]
        msg.triggers = [[t.i for t in tokens] for tokens in triggers]

    find_mentions(ann, roles=record_roles)
    featurize(msg)
    return msg


def featurize(msg: Message) -> None:
    """The message's candidates and their gold labels."""
    doc = msg.doc
    triggers = [[doc[i] for i in tokens] for tokens in msg.triggers]
    msg.cands = candidates(doc, triggers, msg.found)
    by_words = {
        words: n for n, role in enumerate(md.CLASSES) if n for e in msg.gold[role] for words in e
    }
    msg.labels = [by_words.get(normalize(doc[c.start : c.end].text), 0) for c in msg.cands]


# --- the model -----------------------------------------------------------------------------


def vocabulary(messages: Sequence[Message]) -> list[str]:
    """Features seen in at least MIN_COUNT messages, in a fixed order."""
    seen: Counter[str] = Counter()
    for msg in messages:
        seen.update({f for c in msg.cands for f in c.features})
    return sorted(f for f, n in seen.items() if n >= MIN_COUNT)


def design(messages: Sequence[Message], index: dict[str, int]) -> tuple[Any, np.ndarray]:
    rows, cols = [], []
    labels = []
    r = 0
    for msg in messages:
        for cand, label in zip(msg.cands, msg.labels, strict=True):
            for col in {index[f] for f in cand.features if f in index}:
                rows.append(r)
                cols.append(col)
            labels.append(label)
            r += 1
    x = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(r, len(index))
    )
    return x, np.asarray(labels, dtype=np.int64)


def fit(
    x: Any, y: np.ndarray, l2: float = L2, k: int = len(md.CLASSES)
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression over ``k`` classes: (weights, bias) minimising the
    log loss + l2/2 |W|^2."""
    n, d = x.shape
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    xt = x.T.tocsr()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * k].reshape(d, k)
        b = theta[d * k :]
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        total = p.sum(axis=1, keepdims=True)
        p /= total
        nll = -float(np.sum(onehot * (z - np.log(total))))
        g = p - onehot
        grad_w = xt @ g + l2 * w
        value = nll + 0.5 * l2 * float(np.sum(w * w))
        return value, np.concatenate([grad_w.ravel(), g.sum(axis=0)])

    theta0 = np.zeros(d * k + k)
    result = minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": MAX_ITER})
    theta = result.x
    return theta[: d * k].reshape(d, k), theta[d * k :]


def train_model(messages: Sequence[Message], thresholds: dict[str, float]) -> md.RoleModel:
    features = vocabulary(messages)
    index = {f: n for n, f in enumerate(features)}
    x, y = design(messages, index)
    weights, bias = fit(x, y)
    return md.RoleModel(index, weights.astype(np.float32), bias.astype(np.float32), thresholds, {})


# --- scoring -------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    matched: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    predicted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))

    def f1(self, roles: Sequence[str] = ROLES) -> float:
        m = sum(self.matched[r] for r in roles)
        p = sum(self.predicted[r] for r in roles)
        g = sum(self.gold[r] for r in roles)
        return 2 * m / (p + g) if p + g else 0.0

    def as_dict(self) -> dict[str, Any]:
        per_role = {r: round(100 * self.f1((r,)), 2) for r in ROLES}
        return {"micro_f1": round(100 * self.f1(), 2), **per_role}


def predicted_words(
    msg: Message, choices: Sequence[Choice], thresholds: dict[str, float]
) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {r: set() for r in ROLES}
    for choice in select(msg.doc, choices, thresholds):
        words = normalize(msg.doc[choice.start : choice.end].text)
        if words:
            out[choice.role].add(words)
    return out


def score(
    msgs: Sequence[Message], choices: Sequence[Sequence[Choice]], thresholds: dict[str, float]
) -> Counts:
    """CEAF-REE counts (phi-subset, one-to-one) of the doc-level answers."""
    counts = Counts()
    for msg, ranked_choices in zip(msgs, choices, strict=True):
        found = predicted_words(msg, ranked_choices, thresholds)
        for role in ROLES:
            pred, gold = sorted(found[role]), msg.gold[role]
            counts.predicted[role] += len(pred)
            counts.gold[role] += len(gold)
            if pred and gold:
                sim = np.array([[float(w in e) for e in gold] for w in pred])
                rows, cols = linear_sum_assignment(sim, maximize=True)
                counts.matched[role] += int(sim[rows, cols].sum())
    return counts


def tune_thresholds(
    msgs: Sequence[Message], choices: Sequence[Sequence[Choice]]
) -> dict[str, float]:
    """Each role's threshold for the best F1 of that role on held-out predictions (roles are
    tuned one at a time, the others held at 0.5; ties go to the higher threshold)."""
    chosen = dict.fromkeys(ROLES, 0.5)
    for role in ROLES:
        best = (-1.0, 0.5)
        for t in THRESHOLDS:
            trial = {**chosen, role: t}
            f = score(msgs, choices, trial).f1((role,))
            if f >= best[0]:
                best = (f, t)
        chosen[role] = best[1]
    return chosen


def choices_of(model: md.RoleModel, msg: Message) -> list[Choice]:
    return ranked(msg.cands, model.probabilities([c.features for c in msg.cands]))


def cross_validate(msgs: Sequence[Message]) -> tuple[dict[str, float], list[list[Choice]]]:
    held: list[list[Choice]] = [[] for _ in msgs]
    for fold in range(FOLDS):
        train = [m for n, m in enumerate(msgs) if n % FOLDS != fold]
        model = train_model(train, {})
        for n, m in enumerate(msgs):
            if n % FOLDS == fold:
                held[n] = choices_of(model, m)
        print(f"  fold {fold + 1}/{FOLDS} fitted", file=sys.stderr)
    return tune_thresholds(msgs, held), held


# --- command -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    repo = Path(__file__).resolve().parents[3]
    shared = Path(os.environ.get("NEWSBLOTTER_SHARED") or repo.parent / "shared")
    ap = argparse.ArgumentParser(prog="python -m newsblotter.train.roles", description=__doc__)
    ap.add_argument(
        "--shared",
        type=Path,
        default=shared / "bench" / "muc4",
        help="the MUC-4 folder (ree/ and raw/; default $NEWSBLOTTER_SHARED/bench/muc4, "
        "else ../shared/bench/muc4)",
    )
    ap.add_argument("--cache", type=Path, default=Path(".cache") / "train", help="parse cache")
    ap.add_argument("--out", type=Path, default=md.MODEL_DIR, help="where the model goes")
    ap.add_argument("--limit", type=int, default=None, help="first N messages of each split")
    ap.add_argument(
        "--evaluate",
        action="store_true",
        help="train nothing: score the model in --out on the dev split, as it decides today",
    )
    return ap


def _messages(split: str, args: argparse.Namespace, pipe: Any) -> list[Message]:
    pairs = annotated(split, args.shared, args.cache, pipe, args.limit)
    return [message(record, ann) for record, ann in pairs]


def main(argv: Sequence[str] | None = None, report: Callable[[str], None] = print) -> int:
    args = build_parser().parse_args(argv)
    if not (args.shared / "ree" / "train.jsonl").is_file():
        sys.exit(f"error: {args.shared}: no ree/train.jsonl (pass --shared the MUC-4 folder)")
    started = time.perf_counter()
    pipe = _pipeline()
    if args.evaluate:
        shipped = md.load(args.out)
        dev = _messages("dev", args, pipe)
        counts = score(dev, [choices_of(shipped, m) for m in dev], shipped.thresholds)
        report(json.dumps({"dev": counts.as_dict()}))
        return 0
    train = _messages("train", args, pipe)
    dev = _messages("dev", args, pipe)
    sizes = [sum(len(m.cands) for m in msgs) for msgs in (train, dev)]
    report(f"candidates: train {sizes[0]}, dev {sizes[1]}")
    thresholds, held = cross_validate(train)
    cv = score(train, held, thresholds)
    model = train_model(train, thresholds)
    dev_counts = score(dev, [choices_of(model, m) for m in dev], thresholds)
    meta = {
        "data": "MUC-4 training split (DEV-MUC3-0001..1300), GRIT role-filler files "
        "(github.com/xinyadu/grit_doc_event_entity, ree/train.jsonl)",
        "licence": "MUC-3/4 corpora: public research data, no explicit licence (NIST MUC "
        "data index); GRIT files MIT. Cite Sundheim 1992 and Du et al. 2021.",
        "command": "python -m newsblotter.train.roles",
        "features": len(model.index),
        "train_messages": len(train),
        "cv_train": cv.as_dict(),
        "dev_model_only": dev_counts.as_dict(),
        "seconds": round(time.perf_counter() - started),
    }
    md.save(args.out, dataclasses.replace(model, meta=meta))
    report(json.dumps({"thresholds": thresholds, **meta}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
