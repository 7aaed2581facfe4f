"""Ingest throughput and peak memory of `newsblotter ingest` over a folder of pages.

Runs the real command in a child process on a fresh SQLite database, so the figure
includes start-up (model loading), extraction, NLP, storage and the incident rebuild, and
the peak resident memory is the child's own (getrusage RUSAGE_CHILDREN).

    python bench/corpus_throughput.py [--data corpus/articles] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def run_once(data: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one ingest of ``data`` into a new database."""
    exe = Path(sys.executable).with_name("newsblotter")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "newsblotter"]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        done = subprocess.run(
            [*command, "--db", str(db), "ingest", str(data)],
            capture_output=True,
            text=True,
            env={**os.environ, "NEWSBLOTTER_CONFIG": ""},
            check=False,
        )
        seconds = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"error: ingest failed: {done.stderr.strip().splitlines()[-1:]}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "corpus" / "articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median is reported")
    parser.add_argument("--limit", type=int, default=None, help="unused; for a uniform CLI")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"error: {args.data} is not a folder", file=sys.stderr)
        return 2
    n = _count(args.data)
    runs = [run_once(args.data) for _ in range(max(1, args.repeat))]
    seconds = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    metrics = {
        "documents": n,
        "seconds": round(seconds, 2),
        "articles_per_s": round(n / seconds, 2),
        "peak_rss_mib": round(peak, 1),
    }
    print(f"{'documents':<16}{n}")
    print(f"{'seconds (median)':<16}{seconds:.2f}")
    print(f"{'articles/s':<16}{n / seconds:.2f}")
    print(f"{'peak RSS':<16}{peak:.0f} MiB")
    if args.json:
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
