"""Shared bench helpers: arguments, data loading, the shingle metric and table printing.

The metric is written from the definition in the benchmark data's README (the upstream
ScrapingHub ``evaluate.py``), so scores are comparable with the published figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHINGLE = 4
BOOTSTRAP_ROUNDS = 1000
_TOKEN = re.compile(r"\w+")


def shared_dir() -> Path:
    """The shared data folder: $NEWSBLOTTER_SHARED, else ``shared`` beside the repo."""
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else REPO / ".." / "shared"


def default_data(name: str) -> Path:
    return shared_dir() / "bench" / name


def parse_args(
    description: str, data_name: str, argv: Sequence[str] | None = None
) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--data",
        type=Path,
        default=default_data(data_name),
        help="folder holding html/*.html.gz and ground-truth.json (default: %(default)s)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument(
        "--json", action="store_true", help="print the metrics as one JSON object, last line"
    )
    return parser.parse_args(argv)


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str
    html: str
    truth: str


def load_pages(data: Path, limit: int | None = None) -> list[Page]:
    """Pages in id order; exits with a one-line message when the folder is unusable."""
    truth_path = data / "ground-truth.json"
    if not truth_path.is_file():
        sys.exit(f"error: {truth_path}: no ground-truth.json (pass --data FOLDER)")
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        sys.exit(f"error: {truth_path}: unreadable ground truth ({exc})")
    pages = []
    for key in sorted(truth)[:limit]:
        html_path = data / "html" / f"{key}.html.gz"
        try:
            html = gzip.decompress(html_path.read_bytes()).decode("utf-8", errors="replace")
        except OSError as exc:
            sys.exit(f"error: {html_path}: cannot read page ({exc})")
        entry = truth[key]
        pages.append(Page(key, entry.get("url", ""), html, entry.get("articleBody") or ""))
    return pages


# --- metric ---------------------------------------------------------------------------------


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(toks: Sequence[str], n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Bag of n-token windows; a short non-empty text forms one shorter shingle."""
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp == 0 and self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp == 0 and self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)


def score_page(truth: str | None, predicted: str | None) -> PageScore:
    true_toks, pred_toks = tokens(truth), tokens(predicted)
    gold, pred = shingles(true_toks), shingles(pred_toks)
    tp = sum(min(c, pred[k]) for k, c in gold.items())
    fp = sum(max(0, c - gold[k]) for k, c in pred.items())
    fn = sum(max(0, c - pred[k]) for k, c in gold.items())
    total = tp + fp + fn
    if total:
        return PageScore(tp / total, fp / total, fn / total, true_toks == pred_toks)
    return PageScore(0.0, 0.0, 0.0, true_toks == pred_toks)


@dataclass(frozen=True, slots=True)
class Metrics:
    precision: float
    recall: float
    f1: float
    accuracy: float


def aggregate(scores: Sequence[PageScore]) -> Metrics:
    """Macro-average: precision over pages with a prediction, recall over pages with a truth."""
    p_vals = [s.precision for s in scores if s.tp + s.fp > 0]
    r_vals = [s.recall for s in scores if s.tp + s.fn > 0]
    precision = sum(p_vals) / len(p_vals) if p_vals else 0.0
    recall = sum(r_vals) / len(r_vals) if r_vals else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return Metrics(precision, recall, f1, accuracy)


def bootstrap_std(
    scores: Sequence[PageScore], rounds: int = BOOTSTRAP_ROUNDS, seed: int = 0
) -> Metrics:
    """Standard deviation of each metric over page resamples with replacement."""
    if not scores:
        return Metrics(0.0, 0.0, 0.0, 0.0)
    rng = random.Random(seed)
    samples = [aggregate(rng.choices(scores, k=len(scores))) for _ in range(rounds)]

    def std(values: Iterable[float]) -> float:
        vals = list(values)
        mean = sum(vals) / len(vals)
        return (sum((v - mean) ** 2 for v in vals) / len(vals)) ** 0.5

    return Metrics(
        std(m.precision for m in samples),
        std(m.recall for m in samples),
        std(m.f1 for m in samples),
        std(m.accuracy for m in samples),
    )


# --- running and reporting ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    metrics: Metrics
    std: Metrics
    pages_per_s: float
    pages: int


Predictor = Callable[[Page], str]


def run_tools(
    tools: Mapping[str, Predictor], pages: Sequence[Page], clock: Callable[[], float]
) -> dict[str, tuple[list[str], float]]:
    """Each tool's predictions and seconds spent. Tools take turns page by page, so a slow
    spell of a shared machine hits them all alike; each is warmed up on the first page."""
    if pages:
        for predict in tools.values():
            _safe(predict, pages[0])
    predictions: dict[str, list[str]] = {name: [] for name in tools}
    seconds = dict.fromkeys(tools, 0.0)
    for page in pages:
        for name, predict in tools.items():
            start = clock()
            predictions[name].append(_safe(predict, page))
            seconds[name] += clock() - start
    return {name: (predictions[name], seconds[name]) for name in tools}


def _safe(predict: Predictor, page: Page) -> str:
    try:
        return predict(page) or ""
    except Exception:
        return ""


def score(name: str, predictions: Sequence[str], pages: Sequence[Page], seconds: float) -> Result:
    scores = [score_page(p.truth, pred) for p, pred in zip(pages, predictions, strict=True)]
    rate = len(pages) / seconds if seconds > 0 else float("inf")
    return Result(name, aggregate(scores), bootstrap_std(scores), rate, len(pages))


def print_table(title: str, results: Sequence[Result]) -> None:
    print(title)
    header = (
        f"{'tool':<32} {'F1':>13} {'precision':>13} {'recall':>13} {'accuracy':>13} {'pages/s':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        m, s = r.metrics, r.std
        print(
            f"{r.name:<32} {m.f1:.3f} ± {s.f1:.3f} {m.precision:.3f} ± {s.precision:.3f}"
            f" {m.recall:.3f} ± {s.recall:.3f} {m.accuracy:.3f} ± {s.accuracy:.3f}"
            f" {r.pages_per_s:>9.1f}"
        )


def as_json(results: Sequence[Result], extra: Mapping[str, object] | None = None) -> str:
    out: dict[str, object] = dict(extra or {})
    for r in results:
        out[r.name] = {
            "f1": round(r.metrics.f1, 4),
            "precision": round(r.metrics.precision, 4),
            "recall": round(r.metrics.recall, 4),
            "accuracy": round(r.metrics.accuracy, 4),
            "f1_std": round(r.std.f1, 4),
            "precision_std": round(r.std.precision, 4),
            "recall_std": round(r.std.recall, 4),
            "accuracy_std": round(r.std.accuracy, 4),
            "pages_per_s": round(r.pages_per_s, 2),
            "pages": r.pages,
        }
    return json.dumps(out, sort_keys=True)
