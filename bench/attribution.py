"""Attribution bench: (source, cue, content) relations in brat standoff, PolNeAR style.

Scores newsblotter's general attribution layer (``Extraction.attributions``, as stored) by
default, or its responsibility statements (``--view statements``), or a folder of brat
predictions (``--pred``), against the PolNeAR dev split by default (``--data`` for any split
of the same format). Metric as described in ``shared/bench/attribution/polnear/README.md``
(PARC3 / Citron practice), per document and summed over the corpus:

* per role (source, cue, content) **exact**: a predicted span counts when its fragments equal
  a gold span's (after trimming whitespace and joining fragments that only whitespace
  separates); **overlap**: Citron's token overlap, tokens in both the predicted and gold
  spans of the role over all predicted tokens (P) and all gold tokens (R);
* **relations**: an attribution is right when cue, source and content all match, exactly or
  (lenient) each overlapping by a token (no source on both sides counts as agreeing); pairs
  are one-to-one (Hungarian).

Gold: ``X.txt`` with ``X.ann`` or ``X_<annotator>.ann`` (the first name in sorted order when
several annotators did it), also in PolNeAR's ``text/`` + ``attributions/`` layout; see
``newsblotter.train.brat``. How newsblotter's output becomes spans: ``attribution_adapt.py``.
It also times the layer: ``find_attributions`` alone on each parsed article, as CPU time of
one process, beside the spaCy parse of the same articles (their ratio is the figure that
holds on a loaded machine).
"""

from __future__ import annotations

import argparse
import bisect
import functools
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attribution_adapt import (
    OffsetMap,
    layer_attributions,
    predict_attributions,
    statement_attribution,
)
from brat import BratError, format_textbound
from ceaf import Score, best_matching, fail, shared_dir
from newsblotter.train.brat import (
    ROLES,
    Spans,
    ann_for,
    attributions_from_ann,
    clean_spans,
    document_pairs,
    read_attributions,
    read_text,
)
from newsblotter.train.brat import GoldAttribution as Attribution

__all__ = [
    "ROLES",
    "Attribution",
    "OffsetMap",
    "attributions_from_ann",
    "clean_spans",
    "layer_attributions",
    "predict_attributions",
    "statement_attribution",
]

_TOKEN = re.compile(r"\w+|[^\w\s]")


def format_ann(attributions: Sequence[Attribution], text: str) -> str:
    """Attributions as brat standoff (one T line per role span, one E line per relation)."""
    lines: list[str] = []
    t = 0
    for k, a in enumerate(attributions, 1):
        args = []
        for role in ROLES:
            spans = a.role(role)
            if spans:
                t += 1
                lines.append(format_textbound(f"T{t}", role.capitalize(), spans, text))
                args.append(f"{role.capitalize()}:T{t}")
        cue_id = next((x.split(":")[1] for x in args if x.startswith("Cue:")), None)
        kind = "Attribution" if a.source else "Attribution-no-source"
        trigger = f":{cue_id}" if cue_id else ""
        lines.append(f"E{k}\t{kind}{trigger} " + " ".join(args))
    return "\n".join(lines) + ("\n" if lines else "")


# --- scoring -------------------------------------------------------------------------------


class Tokens:
    """Word/punctuation tokens of a text, to turn character spans into token sets."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def of(self, spans: Spans) -> set[int]:
        out: set[int] = set()
        for start, end in spans:
            first = bisect.bisect_right(self.ends, start)  # first token ending after start
            last = bisect.bisect_left(self.starts, end)  # tokens starting before end
            out.update(range(first, last))
        return out


@dataclass(slots=True)
class AttributionReport:
    exact: dict[str, Score] = field(default_factory=lambda: {r: Score() for r in ROLES})
    overlap: dict[str, Score] = field(default_factory=lambda: {r: Score() for r in ROLES})
    relation_exact: Score = field(default_factory=Score)
    relation_overlap: Score = field(default_factory=Score)
    documents: int = 0
    missed_cues: Counter[str] = field(default_factory=Counter)
    spurious_cues: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "exact": {r: self.exact[r].as_dict() for r in ROLES},
            "overlap": {r: self.overlap[r].as_dict() for r in ROLES},
            "relation_exact": self.relation_exact.as_dict(),
            "relation_overlap": self.relation_overlap.as_dict(),
        }


def _overlaps(a: set[int], b: set[int]) -> bool:
    return bool(a & b) if a or b else True


def score_document(
    report: AttributionReport,
    pred: Sequence[Attribution],
    gold: Sequence[Attribution],
    text: str,
) -> None:
    """Add one document's counts to ``report``."""
    report.documents += 1
    tokens = Tokens(text)
    for role in ROLES:
        p = Counter(a.role(role) for a in pred if a.role(role))
        g = Counter(a.role(role) for a in gold if a.role(role))
        report.exact[role].add(Score.of(sum((p & g).values()), p.total(), g.total()))
        pt = set().union(*(tokens.of(s) for s in p)) if p else set()
        gt = set().union(*(tokens.of(s) for s in g)) if g else set()
        report.overlap[role].add(Score.of(len(pt & gt), len(pt), len(gt)))

    exact = Counter(pred) & Counter(gold)
    report.relation_exact.add(Score.of(exact.total(), len(pred), len(gold)))

    ptok = [{r: tokens.of(a.role(r)) for r in ROLES} for a in pred]
    gtok = [{r: tokens.of(a.role(r)) for r in ROLES} for a in gold]

    def compatible(p: dict[str, set[int]], g: dict[str, set[int]]) -> float:
        return float(
            bool(p["cue"] & g["cue"])
            and _overlaps(p["content"], g["content"])
            and _overlaps(p["source"], g["source"])
        )

    pairs = best_matching([[compatible(p, g) for g in gtok] for p in ptok])
    report.relation_overlap.add(Score.of(len(pairs), len(pred), len(gold)))

    pred_cues = set().union(*(t["cue"] for t in ptok)) if ptok else set()
    gold_cues = set().union(*(t["cue"] for t in gtok)) if gtok else set()
    for a, t in zip(gold, gtok, strict=True):
        if not t["cue"] & pred_cues:
            report.missed_cues[_words(a.cue, text)] += 1
    for a, t in zip(pred, ptok, strict=True):
        if not t["cue"] & gold_cues:
            report.spurious_cues[_words(a.cue, text)] += 1


def _words(spans: Spans, text: str) -> str:
    """A cue's words, lower-cased, cut to 24 characters (a cue, not a quotation)."""
    words = " ".join(" ".join(text[s:e] for s, e in spans).lower().split())
    return words if len(words) <= 24 else words[:23] + "…"


def format_report(report: AttributionReport, top: int = 10) -> str:
    lines = [
        f"Attribution spans ({report.documents} documents)",
        f"{'':<10}{'exact P':>9}{'R':>8}{'F1':>8}{'overlap P':>12}{'R':>8}{'F1':>8}",
    ]
    rows = [(r, report.exact[r], report.overlap[r]) for r in ROLES]
    rows.append(("relation", report.relation_exact, report.relation_overlap))
    for name, ex, ov in rows:
        lines.append(
            f"{name:<10}{100 * ex.precision:>9.2f}{100 * ex.recall:>8.2f}{100 * ex.f1:>8.2f}"
            f"{100 * ov.precision:>12.2f}{100 * ov.recall:>8.2f}{100 * ov.f1:>8.2f}"
        )
    for label, counter in (
        ("missed cues", report.missed_cues),
        ("spurious cues", report.spurious_cues),
    ):
        items = ", ".join(f"{c!r} x{n}" for c, n in counter.most_common(top))
        lines.append(f"{label}: {items or '-'}")
    return "\n".join(lines)


# --- running newsblotter ------------------------------------------------------------------


@dataclass(slots=True)
class Runner:
    """The pipeline over bare texts (as ``analyze_text``), timing the attribution layer."""

    view: str
    layer: str = "model"
    pipe: Any = None
    layer_fn: Any = None  # the layer scored and timed (find_attributions by default)
    layer_ms: list[float] = field(default_factory=list)
    parse_ms: list[float] = field(default_factory=list)
    unplaced: int = 0

    def __post_init__(self) -> None:
        from newsblotter import Pipeline, load_settings

        self.pipe = Pipeline(load_settings(db=""))
        self.pipe.annotator  # noqa: B018 (load the models before timing anything)
        import newsblotter.statements.extract as stage
        from newsblotter.statements.attribution import find_attributions, find_rule_attributions
        from newsblotter.statements.attribution.model import default_model

        default_model()  # loaded once per process, like the parser: not part of any article

        layers: dict[str, Any] = {
            "model": find_attributions,
            "model-only": functools.partial(find_attributions, rules=False),
            "rules": find_rule_attributions,
        }
        self.layer_fn = layers[self.layer]
        if self.layer != "model":  # the model alone, or the rules alone, to compare
            layer_fn = self.layer_fn

            def both(doc: Any) -> tuple[list[Any], list[Any]]:
                found = layer_fn(doc)
                return found, found

            stage.layer_and_checked = both  # type: ignore[attr-defined]

    def predict(self, text: str) -> list[Attribution]:
        import hashlib

        from newsblotter.records import Article

        doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
        article = Article(document=doc_id, text=text, extractor="text/bare")
        annotator = self.pipe.annotator
        start = time.process_time()
        doc = annotator.nlp(text)  # the spaCy parse alone (bench texts are not caseless)
        self.parse_ms.append(1000 * (time.process_time() - start))
        ann = annotator.derive(article, doc)
        start = time.process_time()
        self.layer_fn(doc)
        self.layer_ms.append(1000 * (time.process_time() - start))
        extraction = self.pipe.extract_annotated(ann)
        if self.view == "layer":
            return layer_attributions(extraction, text)
        pred, lost = predict_attributions(extraction, text)
        self.unplaced += lost
        return pred

    def cost(self) -> dict[str, float]:
        return {
            "layer_ms_mean": round(statistics.fmean(self.layer_ms), 2),
            "layer_ms_median": round(statistics.median(self.layer_ms), 2),
            "parse_ms_mean": round(statistics.fmean(self.parse_ms), 2),
            "layer_to_parse": round(sum(self.layer_ms) / sum(self.parse_ms), 3),
        }


# --- command line --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/attribution.py",
        description="Score attribution relations (source, cue, content) against brat gold.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder of X.txt + X.ann gold files, or PolNeAR's text/ + attributions/ "
        "(default: $NEWSBLOTTER_SHARED/bench/attribution/polnear/dev)",
    )
    parser.add_argument(
        "--view",
        choices=("layer", "statements"),
        default="layer",
        help="what of newsblotter to score: the general attribution layer (default) or the "
        "responsibility statements",
    )
    parser.add_argument(
        "--layer",
        choices=("model", "model-only", "rules"),
        default="model",
        help="the shipped layer (default: the trained model, with the rules' cues of "
        "responsibility), the model alone, or the hand-written rules alone",
    )
    parser.add_argument(
        "--pred", type=Path, default=None, help="folder of brat predictions (else run newsblotter)"
    )
    parser.add_argument(
        "--write-pred", type=Path, default=None, help="also write newsblotter's predictions as brat"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--top", type=int, default=15, help="how many missed/spurious cues to list")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON, last line")
    return parser


def _gold(ann: Path, text: str) -> list[Attribution]:
    try:
        return read_attributions(ann, text)
    except BratError as exc:
        fail(str(exc))


def _text(path: Path) -> str:
    try:
        return read_text(path)
    except BratError as exc:
        fail(str(exc))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    folder = args.data or shared_dir() / "bench" / "attribution" / "polnear" / "dev"
    if not folder.is_dir():
        fail(f"{folder}: no such folder")
    pairs = document_pairs(folder)[: args.limit]
    if not pairs:
        fail(f"{folder}: no .txt file with a matching .ann gold file")
    if args.pred is not None and not args.pred.is_dir():
        fail(f"{args.pred}: no such folder")
    runner = Runner(args.view, args.layer) if args.pred is None else None
    if args.write_pred is not None:
        args.write_pred.mkdir(parents=True, exist_ok=True)

    report = AttributionReport()
    missing, failed = 0, []
    for txt, ann in pairs:
        text = _text(txt)
        gold = _gold(ann, text)
        pred: list[Attribution] = []
        if runner is None:
            pred_ann = ann_for(txt.stem, args.pred)
            if pred_ann is None:
                missing += 1
            else:
                pred = _gold(pred_ann, text)
        else:
            try:
                pred = runner.predict(text)
            except Exception as exc:  # one bad document must not sink the run; it is reported
                print(f"warning: {txt.name}: newsblotter failed: {exc!r}"[:300], file=sys.stderr)
                failed.append(txt.name)
            if args.write_pred is not None:
                (args.write_pred / f"{txt.stem}.ann").write_text(format_ann(pred, text), "utf-8")
        score_document(report, pred, gold, text)

    what = "predictions" if runner is None else f"newsblotter's {args.view} ({args.layer})"
    print(f"{what} against {folder.name}")
    print(format_report(report, args.top))
    if missing:
        print(f"{missing} documents had no prediction file (scored as predicting nothing)")
    metrics: dict[str, Any] = {
        "data": str(folder),
        "view": None if runner is None else args.view,
        "layer": None if runner is None else args.layer,
        **report.as_dict(),
        "missing_predictions": missing,
        "failed": failed,
    }
    if runner is not None and runner.layer_ms:
        cost = runner.cost()
        print(
            f"attribution layer: {cost['layer_ms_mean']:.2f} ms per article (mean; median "
            f"{cost['layer_ms_median']:.2f}), find_attributions alone, CPU time of one process; "
            f"the spaCy parse before it: {cost['parse_ms_mean']:.1f} ms "
            f"(layer / parse = {cost['layer_to_parse']:.2f})"
        )
        metrics["cost"] = cost
    if runner is not None and runner.unplaced:
        print(f"{runner.unplaced} statements could not be placed as spans (cue not in sentence)")
        metrics["unplaced_statements"] = runner.unplaced
    if args.json:
        print(json.dumps(metrics, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
