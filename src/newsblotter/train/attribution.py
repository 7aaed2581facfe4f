"""Train the attribution model (cue tagger + role tagger) on PolNeAR's train split.

    python -m newsblotter.train.attribution [--data DIR] [--out DIR] [--cache DIR]

``--data`` is PolNeAR's folder with ``train/`` and ``dev/`` (brat, as in
``shared/bench/attribution/polnear``; default ``$NEWSBLOTTER_SHARED`` or ``../shared``
beside the repository). Both splits are parsed once with the pipeline's own spaCy model and
the parses kept in ``--cache`` (default ``.cache/attribution``, gitignored). The taggers are
trained on train only (CRFsuite, L-BFGS, fixed parameters: deterministic); dev is scored
for the report and for choosing parameters, never trained on. The model is written to
``--out`` (default: the package's ``statements/attribution/model``) with a ``meta.json``.
The official scores come from ``bench/attribution.py`` (docs/models/attribution.md).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite

from newsblotter.statements.attribution.features import DocFeatures
from newsblotter.statements.attribution.layer import VERSION, find_attributions
from newsblotter.statements.attribution.model import (
    CUE,
    MODEL_DIR,
    ROLES,
    AttributionModel,
    LinearCRF,
)
from newsblotter.statements.attribution.raw import content_fragments
from newsblotter.train.brat import (
    BratError,
    Fragment,
    GoldAttribution,
    clean_spans,
    document_pairs,
    read_attributions,
    read_text,
)

REPO = Path(__file__).resolve().parents[3]
CUE_PARAMS: dict[str, Any] = {"c1": 0.05, "c2": 0.01, "max_iterations": 150}
ROLE_PARAMS: dict[str, Any] = {"c1": 0.05, "c2": 0.01, "max_iterations": 150}


@dataclass(slots=True)
class Example:
    """One parsed article of a split with its gold relations."""

    name: str
    doc: Any
    gold: list[GoldAttribution]


def _shared() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load_nlp() -> Any:
    """The pipeline's spaCy model, as the annotator builds it (rulers included)."""
    # the pipeline and spaCy load in seconds: the modules importing this one for its
    # readers (tests, benches) should not pay for them
    from newsblotter.config import load_settings
    from newsblotter.pipeline import Pipeline

    return Pipeline(load_settings(db="")).annotator.nlp


def parse_split(nlp: Any, folder: Path, cache: Path) -> list[Example]:
    """Every article of a brat split, parsed (from the cache when it holds this parse)."""
    from spacy.tokens import DocBin  # spaCy: seconds to import, only when parsing

    pairs = document_pairs(folder)
    if not pairs:
        raise BratError(f"{folder}: no .txt file with a matching .ann gold file")
    texts = [read_text(txt) for txt, _ in pairs]
    key = hashlib.sha256()
    key.update(json.dumps([nlp.meta.get("name"), nlp.meta.get("version"), nlp.pipe_names]).encode())
    for (txt, _), text in zip(pairs, texts, strict=True):
        key.update(txt.name.encode() + b"\0" + text.encode() + b"\0")
    path = cache / f"{folder.name}-{key.hexdigest()[:16]}.spacy"
    if path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe(texts, batch_size=8))
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return [
        Example(txt.stem, doc, read_attributions(ann, text))
        for (txt, ann), doc, text in zip(pairs, docs, texts, strict=True)
    ]


class Aligner:
    """Character spans of a document -> its (non-space) token indices."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.ends = [t.idx + len(t.text) for t in doc]

    def tokens(self, fragment: Fragment) -> list[int]:
        start, end = fragment
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end)
        return [i for i in range(first, last) if not self.doc[i].is_space]


def _label(labels: list[str], runs: list[list[int]], tag: str, offset: int = 0) -> None:
    for run in runs:
        previous = None
        for i in run:
            k = i - offset
            if 0 <= k < len(labels):
                labels[k] = f"I-{tag}" if previous == i - 1 else f"B-{tag}"
            previous = i


def cue_sequences(example: Example) -> Iterator[tuple[list[list[str]], list[str]]]:
    doc = example.doc
    align = Aligner(doc)
    feats = DocFeatures(doc)
    labels = ["O"] * len(doc)
    for att in example.gold:
        _label(labels, [align.tokens(f) for f in att.cue], "CUE")
    for start, end in feats.sent_bounds:
        yield feats.cue_features(start, end), labels[start:end]


def role_sequences(
    example: Example, coverage: Counter[str]
) -> Iterator[tuple[list[list[str]], list[str]]]:
    doc = example.doc
    align = Aligner(doc)
    feats = DocFeatures(doc)
    for att in example.gold:
        cue = sorted(i for f in att.cue for i in align.tokens(f))
        if not cue:
            continue
        cue_start, cue_end = cue[0], cue[-1] + 1
        head = doc[cue_start:cue_end].root
        start, end = feats.window(cue_start, cue_end)
        labels = ["O"] * (end - start)
        for role, tag in (("source", "S"), ("content", "C")):
            runs = [align.tokens(f) for f in att.role(role)]
            inside = sum(start <= i < end for run in runs for i in run)
            coverage[f"{role} tokens"] += sum(len(run) for run in runs)
            coverage[f"{role} tokens in window"] += inside
            _label(labels, runs, tag, start)
        yield feats.role_features(cue_start, cue_end, head.i), labels


def train_tagger(
    sequences: Iterator[tuple[list[list[str]], list[str]]], params: dict[str, Any]
) -> tuple[LinearCRF, int]:
    """A CRF trained by CRFsuite (L-BFGS) on the sequences, and how many there were."""
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for xseq, yseq in sequences:
        trainer.append(xseq, yseq)
        n += 1
    trainer.set_params({**params, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.crfsuite"
        trainer.train(str(path))
        return from_crfsuite(path), n


_ENTRY = re.compile(r"  \(\d+\) (.*?) --> (\S+): ([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\n", re.S)


def from_crfsuite(path: Path) -> LinearCRF:
    """A CRFsuite model's weights, read from its text dump (an attribute may hold a line
    break: the whitespace tokens' words, which pycrfsuite's own dump reader trips on)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    labels = list(tagger.labels())
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.txt"
        tagger.dump(str(dump))
        text = dump.read_text("utf-8")
    tagger.close()
    transitions = _section(text, "TRANSITIONS")
    states = _section(text, "STATE_FEATURES")
    col = {label: k for k, label in enumerate(labels)}
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for source, target, weight in _ENTRY.findall(transitions):
        trans[col[source], col[target]] = float(weight)
    rows: dict[str, list[float]] = {}
    for attr, label, weight in _ENTRY.findall(states):
        rows.setdefault(attr, [0.0] * len(labels))[col[label]] = float(weight)
    state = np.asarray(list(rows.values()), dtype=np.float32).reshape(-1, len(labels))
    return LinearCRF(labels, list(rows), np.vstack([trans, state]))


def _section(dump: str, name: str) -> str:
    start = dump.index(f"{name} = {{\n") + len(name) + 5
    return dump[start : dump.index("\n}\n", start) + 1]


# --- dev scores (for choosing parameters; the bench gives the official figures) ------------


def _char_spans(span: Any) -> tuple[Fragment, ...]:
    return ((span.start_char, span.end_char),) if span is not None else ()


def predicted(doc: Any, model: AttributionModel) -> list[GoldAttribution]:
    """The model's relations of a document as character spans, as the bench reads them."""
    out = []
    text = doc.text
    for raw in find_attributions(doc, model):
        cue = _char_spans(raw.cue_span)
        source = _char_spans(raw.source)
        content = [
            piece
            for frag in _char_spans(raw.content)
            for piece in content_fragments(text, frag, [*cue, *source])
        ]
        out.append(
            GoldAttribution(
                clean_spans(cue, text), clean_spans(source, text), clean_spans(content, text)
            )
        )
    return out


def dev_scores(examples: Sequence[Example], model: AttributionModel) -> dict[str, float]:
    """Exact F1 per role, content token-overlap F1 (whitespace tokens), in percent."""
    counts: Counter[str] = Counter()
    for ex in examples:
        pred = predicted(ex.doc, model)
        for role in ("source", "cue", "content"):
            p = Counter(a.role(role) for a in pred if a.role(role))
            g = Counter(a.role(role) for a in ex.gold if a.role(role))
            counts[f"{role} tp"] += (p & g).total()
            counts[f"{role} pred"] += p.total()
            counts[f"{role} gold"] += g.total()
        align = Aligner(ex.doc)
        pt = {i for a in pred for f in a.content for i in align.tokens(f)}
        gt = {i for a in ex.gold for f in a.content for i in align.tokens(f)}
        counts["overlap tp"] += len(pt & gt)
        counts["overlap pred"] += len(pt)
        counts["overlap gold"] += len(gt)

    def f1(name: str) -> float:
        tp, p, g = counts[f"{name} tp"], counts[f"{name} pred"], counts[f"{name} gold"]
        return round(200 * tp / (p + g), 2) if p + g else 0.0

    return {
        "source_exact_f1": f1("source"),
        "cue_exact_f1": f1("cue"),
        "content_exact_f1": f1("content"),
        "content_overlap_f1": f1("overlap"),
    }


def _train_roles(train: list[Example], out: Path, began: float) -> None:
    coverage: Counter[str] = Counter()
    roles, n_role = train_tagger(
        (s for ex in train for s in role_sequences(ex, coverage)), ROLE_PARAMS
    )
    roles.save(out, ROLES)
    print(f"role tagger: {n_role} cues, {time.perf_counter() - began:.0f} s", flush=True)
    for role in ("source", "content"):
        share = coverage[f"{role} tokens in window"] / max(1, coverage[f"{role} tokens"])
        print(f"  gold {role} tokens inside the cue's window: {100 * share:.1f} %", flush=True)


# --- command line --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsblotter.train.attribution", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR folder (train/, dev/)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where the model goes")
    parser.add_argument("--cache", type=Path, default=REPO / ".cache" / "attribution")
    parser.add_argument("--limit", type=int, default=None, help="first N train articles only")
    args = parser.parse_args(argv)
    data = args.data or _shared() / "bench" / "attribution" / "polnear"
    began = time.perf_counter()
    try:
        nlp = load_nlp()
        train = parse_split(nlp, data / "train", args.cache)[: args.limit]
        dev = parse_split(nlp, data / "dev", args.cache)
    except BratError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    parsed = time.perf_counter() - began
    print(f"parsed {len(train)} train and {len(dev)} dev articles in {parsed:.0f} s", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    # the two taggers train side by side: the role tagger in a forked process
    child = multiprocessing.get_context("fork").Process(
        target=_train_roles, args=(train, args.out, began)
    )
    child.start()
    cue, n_cue = train_tagger((s for ex in train for s in cue_sequences(ex)), CUE_PARAMS)
    cue.save(args.out, CUE)
    print(f"cue tagger: {n_cue} sentences, {time.perf_counter() - began:.0f} s", flush=True)

    child.join()
    if child.exitcode != 0:
        print(f"error: training the role tagger failed (exit {child.exitcode})", file=sys.stderr)
        return 1
    model = AttributionModel(args.out)
    scores = dev_scores(dev, model)
    seconds = round(time.perf_counter() - began)
    print(f"dev: {json.dumps(scores)} ({seconds} s in all)")
    meta = {
        "name": "newsblotter attribution model (cue CRF + role CRF)",
        "version": VERSION,
        "data": "PolNeAR (Newell, Margolin & Ruths, LREC 2018), train split, "
        "github.com/networkdynamics/PolNeAR commit c3eee833; no licence stated by its "
        "authors: used for training only, no text of it is shipped",
        "command": "python -m newsblotter.train.attribution",
        "train_articles": len(train),
        "cue_params": CUE_PARAMS,
        "role_params": ROLE_PARAMS,
        "dev_scores_internal": scores,
        "scores_note": "official dev scores: python bench/attribution.py (docs/benchmarks.md)",
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
