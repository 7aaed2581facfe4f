"""End-to-end throughput, side by side in one run: trafilatura alone, newsblotter with the
process pool, and newsblotter on Ray local, over one WARC of a general news mix.

The mix: the article-extraction pages (mostly not about violence) and MUC-4 dev texts that
have a gold template (violent incidents), about one in ten, copied ``--copies`` times (each copy
made distinct) and packed into a gzipped WARC in a temporary folder. Also reports the peak
memory of each worker, sampled through the run, and whether Ray gave the same database.

    python bench/throughput.py --data ../shared/bench --copies 5 --workers 2 [--ray]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


sys.path.insert(0, str(ROOT / "src"))

from newsblotter.config import load_settings  # noqa: E402
from newsblotter.ingest.warc import response_record  # noqa: E402
from newsblotter.pipeline import IngestReport, Pipeline  # noqa: E402

VIOLENT_SHARE = 0.1


@dataclass
class Mix:
    pages: list[tuple[str, bytes]]  # (url, html)
    violent: int


def muc_html(doc: dict[str, object]) -> bytes:
    """A MUC-4 text as a plain news page (the texts are lower-cased wire copy)."""
    text = str(doc["doctext"])
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in text.split("  ") if p.strip())
    title = text.split(".")[0][:80]
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    )
    return page.encode("utf-8")


def build_mix(data: Path, copies: int) -> Mix:
    folder = data / "article-extraction"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    news = [
        (truth[p.name[: -len(".html.gz")]]["url"], gzip.decompress(p.read_bytes()))
        for p in sorted((folder / "html").glob("*.html.gz"))
    ]
    muc = [
        json.loads(line)
        for line in (data / "muc4" / "templates" / "dev.jsonl").read_text().splitlines()
        if line.strip()
    ]
    incidents = [d for d in muc if d["templates"]]
    wanted = round(len(news) * VIOLENT_SHARE / (1 - VIOLENT_SHARE))
    violent = [(f"http://muc4.test/{d['docid']}", muc_html(d)) for d in incidents[:wanted]]
    base = news + violent
    pages = []
    for copy in range(copies):
        for url, html in base:
            # a distinct document per copy: same work, new bytes and a new URL
            pages.append((f"{url}#copy{copy}", html + f"<!-- copy {copy} -->".encode()))
    return Mix(pages, len(violent) * copies)


def write_warc(pages: list[tuple[str, bytes]], path: Path) -> int:
    with path.open("wb") as out:
        for url, html in pages:
            out.write(response_record(url, html))
    return path.stat().st_size


def _trafilatura_one(html: bytes) -> int:
    import trafilatura

    text = trafilatura.extract(html.decode("utf-8", errors="replace"))
    return len(text or "")


def trafilatura_rate(pages: list[tuple[str, bytes]], workers: int) -> float:
    """Pages per second of trafilatura.extract alone over the same pages."""
    htmls = [html for _, html in pages]
    start = time.perf_counter()
    if workers <= 1:
        for html in htmls:
            _trafilatura_one(html)
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            list(pool.imap(_trafilatura_one, htmls, chunksize=8))
    return len(htmls) / (time.perf_counter() - start)


@dataclass
class MemorySampler:
    """Peak unique memory (USS) per worker process (children of this process), sampled twice
    a second."""

    interval: float = 0.5
    report_every: float = 0.0  # print the largest worker RSS this often (0: never)
    _next_report: float = 0.0
    peaks: dict[int, int] = field(default_factory=dict)
    series: list[tuple[float, int]] = field(default_factory=list)  # (t, largest worker RSS)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> MemorySampler:
        self._start = time.perf_counter()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.interval):
            largest = 0
            for child in me.children(recursive=True):
                try:
                    # USS: memory the worker alone holds. RSS would also count the model and
                    # page memory a forked worker shares with its parent.
                    rss = child.memory_full_info().uss
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
                largest = max(largest, rss)
            now = time.perf_counter() - self._start
            self.series.append((now, largest))
            if self.report_every and now >= self._next_report:
                self._next_report += self.report_every
                print(f"  t={now:.0f}s largest worker USS {largest / 1e6:.0f} MB", flush=True)


def digest(db_path: Path) -> dict[str, str]:
    """A digest per table of what the pipeline stored (times of ingestion left out)."""
    queries = {
        "documents": "SELECT id, uri, origin, size FROM documents ORDER BY id",
        "articles": "SELECT document, title, text FROM articles ORDER BY document",
        "mentions": "SELECT id, data FROM mentions ORDER BY id",
        "statements": "SELECT id, data FROM statements ORDER BY id",
        "incidents": "SELECT id, data FROM incidents ORDER BY id",
        "failures": "SELECT uri, error FROM failures ORDER BY uri",
    }
    out = {}
    with sqlite3.connect(db_path) as conn:
        for name, sql in queries.items():
            rows = conn.execute(sql).fetchall()
            blob = json.dumps(rows, sort_keys=True, default=str).encode()
            out[name] = f"{len(rows)} rows {hashlib.sha256(blob).hexdigest()[:12]}"
    return out


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run_engine(
    warc: Path, db: Path, workers: int, engine: str, recycle_after: int, report_every: float
) -> tuple[float, float, int, MemorySampler, IngestReport]:
    """Seconds end to end, of which rebuilding the incidents (the ingest's last step)."""
    settings = load_settings(env={}, db=str(db), recycle_after=recycle_after)
    pipe = Pipeline(settings)
    rebuild = pipe.rebuild_incidents
    spent: list[float] = []

    def timed_rebuild() -> Any:
        result, seconds = timed(rebuild)
        spent.append(seconds)
        return result

    pipe.rebuild_incidents = timed_rebuild  # type: ignore[method-assign]
    with MemorySampler(report_every=report_every) as memory:
        report, seconds = timed(lambda: pipe.ingest([warc], workers=workers, engine=engine))
    assert isinstance(report, IngestReport)
    return seconds, sum(spent), pipe.db.stats()["articles"], memory, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=_shared() / "bench")
    parser.add_argument("--json", action="store_true", help="(the JSON line is always last)")
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="quick run: the first N pages")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--recycle-after", type=int, default=500)
    parser.add_argument("--ray", action="store_true", help="also run the Ray engine")
    parser.add_argument("--keep", type=Path, help="keep the WARC and databases here")
    parser.add_argument("--report-every", type=float, default=0, help="seconds between RSS lines")
    args = parser.parse_args(argv)
    if not (args.data / "article-extraction").is_dir() or not (args.data / "muc4").is_dir():
        print(f"error: benchmark data not found under {args.data}", file=sys.stderr)
        return 2
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="nb-throughput-"))
    workdir.mkdir(parents=True, exist_ok=True)
    mix = build_mix(args.data, args.copies)
    if args.limit:
        step = max(1, len(mix.pages) // args.limit)  # keep the mix's proportions
        mix = Mix(mix.pages[::step][: args.limit], 0)
        mix.violent = sum(url.startswith("http://muc4.test/") for url, _ in mix.pages)
    warc = workdir / "mix.warc.gz"
    size = write_warc(mix.pages, warc)
    raw_bytes = sum(len(h) for _, h in mix.pages)
    print(
        f"mix: {len(mix.pages)} pages ({mix.violent} MUC-4 incident texts, "
        f"{mix.violent / len(mix.pages):.0%}), {raw_bytes / 1e6:.1f} MB of HTML, "
        f"WARC {size / 1e6:.1f} MB gzipped; {os.cpu_count()} cores"
    )
    results: dict[str, Any] = {"pages": len(mix.pages), "violent": mix.violent}
    for n in sorted({1, args.workers}):
        rate = trafilatura_rate(mix.pages, n)
        results[f"trafilatura_pages_per_s_{n}proc"] = round(rate, 1)
        print(f"trafilatura alone, {n} process(es): {rate:.1f} pages/s")
    pages = len(mix.pages)
    del mix  # the workers are forked from this process: do not hand them the pages
    engines = ["pool"] + (["ray"] if args.ray else [])
    digests = {}
    for engine in engines:
        db = workdir / f"{engine}.db"
        db.unlink(missing_ok=True)
        seconds, rebuild, articles, memory, report = run_engine(
            warc, db, args.workers, engine, args.recycle_after, args.report_every
        )
        peak = max(memory.peaks.values(), default=0)
        rate = pages / seconds
        results[f"{engine}_seconds"] = round(seconds, 1)
        results[f"{engine}_rebuild_seconds"] = round(rebuild, 1)
        results[f"{engine}_articles_per_s"] = round(rate, 1)
        results[f"{engine}_peak_worker_uss_mb"] = round(peak / 1e6)
        print(
            f"newsblotter {engine}, {args.workers} workers: {report.summary()}; "
            f"{seconds:.1f} s (of which {rebuild:.1f} s rebuilding incidents), "
            f"{rate:.1f} articles/s, {articles} articles stored; "
            f"peak worker memory (USS) {peak / 1e6:.0f} MB over {len(memory.peaks)} processes"
        )
        series = memory.series
        if series:
            marks = [series[int(len(series) * q) - 1 if q else 0] for q in (0, 0.25, 0.5, 0.75, 1)]
            print(
                "  largest worker USS over the run: "
                + ", ".join(f"t={t:.0f}s {rss / 1e6:.0f} MB" for t, rss in marks)
            )
        digests[engine] = digest(db)
    if "ray" in digests:
        same = digests["ray"] == digests["pool"]
        results["ray_same_content"] = same
        results["ray_over_pool"] = round(
            float(results["ray_articles_per_s"]) / float(results["pool_articles_per_s"]),
            2,
        )
        print(f"Ray gives the same database as the pool: {same}")
        if not same:
            for table in digests["pool"]:
                print(f"  {table}: pool {digests['pool'][table]} / ray {digests['ray'][table]}")
        print(f"Ray articles/s over pool articles/s: {results['ray_over_pool']}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
