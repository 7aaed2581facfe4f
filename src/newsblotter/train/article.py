"""Train the extraction models: ``python -m newsblotter.train.article [--shared DIR]``.

Both models (HTML blocks, scraped-text lines) learn one yes/no per block or line: is it part
of the story? A block's label is whether at least half of its 4-token shingles are in the
page's hand-checked article body (the benchmark's own unit). Data: the two article-extraction
dev sets (ScrapingHub, 181 pages; fundus test pages, 173 pages in 21 languages), read in
place. Model selection and every reported figure come from cross-validation with folds
grouped by publisher, so each page is scored by a model that never saw its publisher; the
shipped weights are then fitted on all pages. Deterministic: fixed seeds, one thread.
Needs the ``train`` extra (LightGBM); inference does not.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from newsblotter.article.features import CLAIM_SHARE, FEATURES, Claims, token_list
from newsblotter.article.forest import MODEL_DIR, Forest, from_lightgbm
from newsblotter.article.linefeatures import LINE_FEATURES

if TYPE_CHECKING:
    from newsblotter.article.html import PageAnalysis
    from newsblotter.article.text import TextAnalysis

SETS = ("article-extraction", "article-extraction-modern")
FOLDS = 5
SEED = 20261206
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "max_depth": 5,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "seed": SEED,
}
ROUNDS = 300
# The block model samples half the features per tree (not 0.8) and has 450 trees: with the
# between-rule of article.html/5, five LightGBM seeds gain on both sets (docs/models).
# The line model's trees have up to 63 leaves, 8 deep (not 15 and 5), 200 of them (not 300,
# for text mode's speed): four LightGBM seeds gain on both sets (docs/models, article.text/7).
MODE_PARAMS: dict[str, dict[str, Any]] = {
    "html": {**PARAMS, "feature_fraction": 0.5},
    "text": {**PARAMS, "num_leaves": 63, "max_depth": 8},
}
MODE_ROUNDS = {"html": 450, "text": 200}
THRESHOLD = 0.5  # keep a block or line whose probability reaches this


@dataclass(frozen=True, slots=True)
class DevPage:
    id: str
    url: str
    html: str
    truth: str
    group: str  # the publisher: folds never split one


def _publisher(url: str, meta: dict[str, Any] | None) -> str:
    if meta and meta.get("publisher"):
        return str(meta["publisher"])
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def load_set(folder: Path) -> list[DevPage]:
    """A dev set in the ScrapingHub layout; ``pages-meta.json`` names publishers if present."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    meta_path = folder / "pages-meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    pages = []
    for key in sorted(truth):
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        entry = truth[key]
        url = entry.get("url") or ""
        pages.append(
            DevPage(
                key,
                url,
                raw.decode("utf-8", errors="replace"),
                entry.get("articleBody") or "",
                _publisher(url, meta.get(key)),
            )
        )
    return pages


def labels_for(texts: Sequence[str], truth: str) -> npt.NDArray[np.int8]:
    """1 for each text (block or line) that is mostly article body, claimed in page order
    (a second copy of the story on the page is not body a second time)."""
    body = Claims(truth)
    return np.array([body.claim(token_list(text)) >= CLAIM_SHARE for text in texts], np.int8)


def folds_by_group(groups: Sequence[str], folds: int = FOLDS) -> list[int]:
    """Each page's fold; a group's pages share one. Largest groups first onto the lightest fold."""
    sizes: dict[str, int] = {}
    for group in groups:
        sizes[group] = sizes.get(group, 0) + 1
    # ties broken by a stable hash of the name, so the split does not depend on input order
    order = sorted(sizes, key=lambda g: (-sizes[g], zlib.crc32(g.encode()), g))
    load = [0] * folds
    fold_of: dict[str, int] = {}
    for group in order:
        fold = min(range(folds), key=lambda f: (load[f], f))
        fold_of[group] = fold
        load[fold] += sizes[group]
    return [fold_of[g] for g in groups]


def fit(
    rows: npt.NDArray[np.float32],
    labels: npt.NDArray[np.int8],
    features: tuple[str, ...],
    weights: npt.NDArray[np.float64] | None = None,
    threshold_p: float = 0.5,
    rounds: int = ROUNDS,
    params: dict[str, Any] | None = None,
) -> Forest:
    import lightgbm  # the train extra only: inference reads the exported trees

    data = lightgbm.Dataset(
        rows, label=labels, weight=weights, feature_name=list(features), free_raw_data=True
    )
    booster = lightgbm.train(params or PARAMS, data, num_boost_round=rounds)
    return from_lightgbm(booster.dump_model(), features, threshold_p)


def out_of_fold(
    page_rows: Sequence[npt.NDArray[np.float32]],
    page_labels: Sequence[npt.NDArray[np.int8]],
    groups: Sequence[str],
    features: tuple[str, ...],
    page_weights: Sequence[npt.NDArray[np.float64]] | None = None,
    rounds: int = ROUNDS,
    params: dict[str, Any] | None = None,
) -> list[npt.NDArray[np.float64]]:
    """Each page's block probabilities from a model trained without its publisher's fold."""
    fold_of = folds_by_group(groups)
    result: list[npt.NDArray[np.float64]] = [np.zeros(0)] * len(page_rows)
    for fold in range(FOLDS):
        train = [i for i, f in enumerate(fold_of) if f != fold]
        forest = fit(
            np.concatenate([page_rows[i] for i in train]),
            np.concatenate([page_labels[i] for i in train]),
            features,
            np.concatenate([page_weights[i] for i in train]) if page_weights else None,
            rounds=rounds,
            params=params,
        )
        for i, f in enumerate(fold_of):
            if f == fold:
                result[i] = forest.probability(page_rows[i])
    return result


# --- the metric (the benchmark README's definition, as bench/_common.py scores it) ----------


def page_prf(truth: str, predicted: str) -> tuple[float, float, bool, bool]:
    """(precision, recall, counts for precision, counts for recall) of one page."""
    from collections import Counter  # kept beside its one use

    def bag(text: str) -> Counter[tuple[str, ...]]:
        toks = token_list(text)
        if 0 < len(toks) < 4:
            return Counter([tuple(toks)])
        return Counter(tuple(toks[i : i + 4]) for i in range(len(toks) - 3))

    gold, pred = bag(truth), bag(predicted)
    tp = sum(min(c, pred[k]) for k, c in gold.items())
    fp = sum(max(0, c - gold[k]) for k, c in pred.items())
    fn = sum(max(0, c - pred[k]) for k, c in gold.items())
    if fp == 0 and fn == 0:
        return 1.0, 1.0, tp > 0, tp > 0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp + fp > 0, tp + fn > 0


def macro_f1(truths: Sequence[str], predictions: Sequence[str]) -> float:
    scores = [page_prf(t, p) for t, p in zip(truths, predictions, strict=True)]
    p_vals = [s[0] for s in scores if s[2]]
    r_vals = [s[1] for s in scores if s[3]]
    precision = sum(p_vals) / len(p_vals) if p_vals else 0.0
    recall = sum(r_vals) / len(r_vals) if r_vals else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- the two models ---------------------------------------------------------------------------


@dataclass(slots=True)
class Prepared:
    """One mode's pages ready to fit: feature rows, labels and weights per page."""

    rows: list[npt.NDArray[np.float32]]
    labels: list[npt.NDArray[np.int8]]
    weights: list[npt.NDArray[np.float64]]
    groups: list[str]


def page_weights(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Weights by length, each page summing to its number of blocks: the metric weighs pages
    alike and, within a page, text by its length."""
    sizes = np.array([len(token_list(t)) + 1 for t in texts], dtype=np.float64)
    weights: npt.NDArray[np.float64] = sizes / sizes.sum() * len(sizes)
    return weights


def scraped(html: str) -> str:
    """A page as a scraper saves it: all visible text, layout kept as line breaks (the input
    of text mode in ``bench/text_mode.py``)."""
    import html_text  # the bench's scraper: only the text-mode training reads it

    return str(html_text.extract_text(html, guess_layout=True))


Analysis = TypeVar("Analysis")


def _prepare(
    pages: Sequence[DevPage],
    label: str,
    analyse: Callable[[DevPage], tuple[Analysis, npt.NDArray[np.float32], list[str]]],
) -> tuple[list[Analysis], Prepared]:
    """Each page's analysis, and its feature rows, labels, weights and publisher."""
    analyses, prepared = [], Prepared([], [], [], [])
    report = _progress(label)
    for done, page in enumerate(pages, 1):
        analysis, rows, texts = analyse(page)
        analyses.append(analysis)
        prepared.rows.append(rows)
        prepared.labels.append(labels_for(texts, page.truth))
        prepared.weights.append(page_weights(texts))
        prepared.groups.append(page.group)
        report(done, len(pages))
    return analyses, prepared


def _analyse_html(page: DevPage) -> tuple[PageAnalysis, npt.NDArray[np.float32], list[str]]:
    from newsblotter.article.html import analyse_html  # trafilatura: seconds, HTML only

    analysis = analyse_html(page.html, page.url or None)
    if analysis is None:
        raise ValueError(f"{page.id}: not parseable as HTML")
    return analysis, analysis.rows, [block.text for block in analysis.blocks]


def _analyse_text(page: DevPage) -> tuple[TextAnalysis, npt.NDArray[np.float32], list[str]]:
    from newsblotter.article.text import analyse_text  # only the text model's training

    analysis = analyse_text(scraped(page.html))
    return analysis, analysis.features, [row.line.text for row in analysis.rows]


def prepare_html(pages: Sequence[DevPage]) -> tuple[list[PageAnalysis], Prepared]:
    return _prepare(pages, "html", _analyse_html)


def prepare_text(pages: Sequence[DevPage]) -> tuple[list[TextAnalysis], Prepared]:
    return _prepare(pages, "text", _analyse_text)


def html_story(analysis: PageAnalysis, probability: npt.NDArray[np.float64]) -> str:
    """The text extract_html returns for these block probabilities ("" for no article)."""
    from newsblotter.article.html import decide, keep_blocks  # trafilatura: seconds

    story = decide(analysis, keep_blocks(analysis, probability, THRESHOLD))
    return "" if story.navigation else "\n\n".join(story.paragraphs)


def text_story(analysis: TextAnalysis, probability: npt.NDArray[np.float64]) -> str:
    from newsblotter.article.text import keep_lines, text_paragraphs  # as _analyse_text

    keep = keep_lines(analysis, probability, THRESHOLD)
    return "\n\n".join(text_paragraphs(analysis, keep))


def cross_validated(pages: Sequence[DevPage], mode: str) -> list[str]:
    """Each page's extracted text from a model trained without its publisher (grouped folds)."""
    if mode == "html":
        html_pages, prepared = prepare_html(pages)
        oof = out_of_fold(
            prepared.rows,
            prepared.labels,
            prepared.groups,
            FEATURES,
            prepared.weights,
            MODE_ROUNDS[mode],
            MODE_PARAMS[mode],
        )
        return [html_story(a, p) for a, p in zip(html_pages, oof, strict=True)]
    text_pages, prepared = prepare_text(pages)
    oof = out_of_fold(
        prepared.rows,
        prepared.labels,
        prepared.groups,
        LINE_FEATURES,
        prepared.weights,
        MODE_ROUNDS[mode],
        MODE_PARAMS[mode],
    )
    return [text_story(a, p) for a, p in zip(text_pages, oof, strict=True)]


def _progress(label: str) -> Callable[[int, int], None]:
    start = time.perf_counter()

    def report(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            seconds = time.perf_counter() - start
            print(f"  {label}: {done}/{total} pages, {seconds:.0f} s", file=sys.stderr)

    return report


def shared_dir() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else Path.cwd().parent / "shared"


def _train_mode(
    mode: str, sets: dict[str, list[DevPage]], out: Path, features: tuple[str, ...]
) -> dict[str, Any]:
    pages = [page for name in SETS for page in sets[name]]
    prepare = prepare_html if mode == "html" else prepare_text
    story = html_story if mode == "html" else text_story
    analyses, prepared = prepare(pages)
    params, rounds = MODE_PARAMS[mode], MODE_ROUNDS[mode]
    oof = out_of_fold(
        prepared.rows, prepared.labels, prepared.groups, features, prepared.weights, rounds, params
    )
    texts = [story(a, p) for a, p in zip(analyses, oof, strict=True)]  # type: ignore[arg-type]
    scores: dict[str, float] = {}
    offset = 0
    for name in SETS:
        size = len(sets[name])
        truths = [page.truth for page in pages[offset : offset + size]]
        scores[name] = round(macro_f1(truths, texts[offset : offset + size]), 4)
        offset += size
    print(f"{mode}: cross-validated F1 by publisher {scores}", file=sys.stderr)
    forest = fit(
        np.concatenate(prepared.rows),
        np.concatenate(prepared.labels),
        features,
        np.concatenate(prepared.weights),
        threshold_p=THRESHOLD,
        rounds=rounds,
        params=params,
    )
    (out / f"{mode}.json").write_text(json.dumps(forest.to_json()), encoding="utf-8")
    return {
        "rows": int(sum(len(r) for r in prepared.rows)),
        "positive": int(sum(int(labels.sum()) for labels in prepared.labels)),
        "cross_validated_f1": scores,
        "trees": int(forest.feature.shape[0]),
        "features": list(features),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where the weights go")
    args = parser.parse_args(argv)
    bench = (args.shared or shared_dir()) / "bench"
    missing = [name for name in SETS if not (bench / name / "ground-truth.json").is_file()]
    if missing:
        print(f"error: {bench}: dev sets missing: {', '.join(missing)}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    sets = {name: load_set(bench / name) for name in SETS}
    args.out.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {
        "data": {name: len(pages) for name, pages in sets.items()},
        "licence": "MIT (ScrapingHub article-extraction-benchmark; fundus test pages)",
        "command": "python -m newsblotter.train.article",
        "label": f"a block or line is story when >= {CLAIM_SHARE} of its 4-token shingles "
        "are claimed from the hand-checked body, in page order",
        "folds": f"{FOLDS}, grouped by publisher",
        "params": {**PARAMS, "rounds": ROUNDS, "threshold": THRESHOLD},
        "html_params": {
            "feature_fraction": MODE_PARAMS["html"]["feature_fraction"],
            "rounds": MODE_ROUNDS["html"],
        },
        "text_params": {
            "num_leaves": MODE_PARAMS["text"]["num_leaves"],
            "max_depth": MODE_PARAMS["text"]["max_depth"],
            "rounds": MODE_ROUNDS["text"],
        },
        "html": _train_mode("html", sets, args.out, FEATURES),
        "text": _train_mode("text", sets, args.out, LINE_FEATURES),
    }
    meta["train_seconds"] = round(time.perf_counter() - start)
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {meta['train_seconds']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
