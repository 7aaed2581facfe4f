"""Speaker kinds (issue 15 item 4): how often the source of an attribution gets its kind.

A small set of our own passages (``tests/data/speaker_kinds.toml``): named persons, named
and unnamed officials, anonymous sources with their count, the group itself, government,
military, police and intelligence, media and documents. Each names one source and its kind;
the attribution whose source holds those words is looked up in ``Extraction.attributions``
(the general layer, typed by the statement stage) and its kind compared. Prints the
accuracy overall and per kind, the count accuracy of anonymous sources, and every miss.

    python bench/speaker_kinds.py [--data tests/data/speaker_kinds.toml] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "tests" / "data" / "speaker_kinds.toml"
PUBLISHED = dt.date(2023, 3, 24)


def load(path: Path) -> list[dict[str, Any]]:
    try:
        cases: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    except (OSError, ValueError, KeyError) as exc:
        sys.exit(f"error: {path}: not a speaker-kind case file ({exc})")
    return cases


def typed(case: dict[str, Any], analyze: Any) -> tuple[str | None, int | None]:
    """The kind and count our attribution layer gives the case's source (None: not found)."""
    ex = analyze(case["text"], PUBLISHED)
    wanted = case["source"].casefold()
    for a in ex.attributions:
        text = (a.source_text or "").casefold()
        if text and (wanted in text or text in wanted):
            return a.source_kind, a.source_count
    return None, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT, help="TOML case file")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args(argv)
    from newsblotter.pipeline import analyze_text

    cases = load(args.data)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    counts_right = counts_total = 0
    misses: list[str] = []
    for case in cases:
        kind, count = typed(case, analyze_text)
        gold = case["kind"]
        total[gold] += 1
        right[gold] += int(kind == gold)
        if kind != gold:
            misses.append(f"{case['source']!r}: {kind or 'no attribution'}, wanted {gold}")
        if "count" in case:
            counts_total += 1
            counts_right += int(count == case["count"])
            if count != case["count"]:
                misses.append(f"{case['source']!r}: count {count}, wanted {case['count']}")
    n = sum(total.values())
    metrics: dict[str, Any] = {
        "cases": n,
        "kind_accuracy": round(sum(right.values()) / n, 3) if n else 0.0,
        "count_accuracy": round(counts_right / counts_total, 3) if counts_total else 0.0,
    }
    print(f"{'kind':<18} right / cases")
    for gold in sorted(total):
        print(f"{gold:<18} {right[gold]} / {total[gold]}")
    print(f"\nkind accuracy   {metrics['kind_accuracy']} ({sum(right.values())} of {n})")
    print(f"count accuracy  {metrics['count_accuracy']} ({counts_right} of {counts_total})")
    if misses:
        print("\nmisses:")
        for line in misses:
            print(f"  {line}")
    if args.json:
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
