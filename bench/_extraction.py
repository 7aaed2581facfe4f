"""What the two extraction benches share: several data sets side by side, and the figures of
newsblotter's models cross-validated by publisher.

The shipped extraction models are trained on both dev sets, so their score on a dev page is
an in-sample figure. The honest figure there is the cross-validated one: each page extracted
by a model trained (``newsblotter.train.article``, folds grouped by publisher) without that
page's publisher. It is computed when the dev sets are scored (the default run, or ``--cv``);
on any other set (``--data`` of a held-out split) the shipped model is already unseen.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from _common import (
    Page,
    Predictor,
    Result,
    as_json,
    default_data,
    load_pages,
    print_table,
    run_tools,
    score,
)

DEV_SETS = ("article-extraction", "article-extraction-modern")
CV_NAME = "newsblotter, unseen publishers"


def parse_args(description: str, argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=None,
        help="folders holding html/*.html.gz and ground-truth.json (default: both dev sets,"
        " with the cross-validated figures)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument(
        "--cv",
        action="store_true",
        help="also cross-validate by publisher on the dev sets (default without --data)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the metrics as one JSON object, last line"
    )
    args = parser.parse_args(argv)
    if args.data is None:
        args.data = [default_data(name) for name in DEV_SETS]
        args.cv = True
    return args


def cross_validated(mode: str, limit: int | None) -> dict[str, dict[str, str]]:
    """{dev set name: {page id: text}} from models that never saw the page's publisher."""
    from newsblotter.train.article import SETS, cross_validated, load_set

    sets = {name: load_set(default_data(name))[:limit] for name in SETS}
    pages = [page for name in SETS for page in sets[name]]
    texts = cross_validated(pages, mode)
    out: dict[str, dict[str, str]] = {}
    offset = 0
    for name in SETS:
        out[name] = {page.id: text for page, text in zip(sets[name], texts[offset:], strict=False)}
        offset += len(sets[name])
    return out


def run(
    args: argparse.Namespace,
    title: str,
    tools: dict[str, Predictor],
    mode: str,
    prepare: Callable[[Page], object] | None = None,
) -> None:
    """Score every tool on every set, print one table a set, and the JSON line if asked."""
    cv = cross_validated(mode, args.limit) if args.cv else {}
    report: dict[str, object] = {}
    for folder in args.data:
        pages = load_pages(folder, args.limit)
        for page in pages if prepare else ():
            prepare(page)  # done up front so that no tool is timed doing it
        runs = run_tools(tools, pages, time.perf_counter)
        results = [score(name, preds, pages, secs) for name, (preds, secs) in runs.items()]
        by_id = cv.get(folder.name)
        if by_id is not None:
            predictions = [by_id.get(page.id, "") for page in pages]
            cv_result = score(CV_NAME, predictions, pages, 1.0)
            results.append(dataclasses.replace(cv_result, pages_per_s=0.0))  # not a speed
        print_table(f"{title}, {len(pages)} pages from {folder}", results)
        _print_ratio(results)
        print()
        report[folder.name] = json.loads(
            as_json(results, {"pages": len(pages), "data": str(folder)})
        )
    if args.json:
        only = next(iter(report.values())) if len(report) == 1 else report
        print(json.dumps(only, sort_keys=True))


def _print_ratio(results: Sequence[Result]) -> None:
    rates = {r.name: r.pages_per_s for r in results}
    ours = next((rate for name, rate in rates.items() if name.startswith("newsblotter")), None)
    theirs = rates.get("trafilatura") or rates.get("trafilatura on the text")
    if ours and theirs:
        print(
            f"speed: newsblotter {ours:.1f} pages/s, trafilatura {theirs:.1f} pages/s in the"
            f" same run (ratio {ours / theirs:.2f}); the unseen-publisher row has no speed"
        )
