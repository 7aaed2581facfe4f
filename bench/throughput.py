"""End-to-end throughput, side by side in one run: trafilatura alone, newsblotter with the
process pool, and newsblotter on Ray local, over one WARC of a general news mix.

The mix: the article-extraction pages (mostly not about violence) and MUC-4 dev texts that
have a gold template (violent incidents), about one in ten, copied ``--copies`` times (each
copy made distinct) and packed into a gzipped WARC in a temporary folder. The defaults are the
reference: ten copies (2,010 pages), so that start-up (models loading, workers forking, Ray
starting its actors) weighs about as it does over an archive, both engines on two workers.

Reported: pages/s of trafilatura alone (1 and N processes) over the same pages; articles/s of
the pool and of Ray (start-up and the closing rebuild of incidents included), each as a ratio
to trafilatura's N-process rate; the CPU the writing parent used; peak unique memory (USS) per
worker and the largest worker's USS over the run; whether Ray stored the same content; and
where the time goes, stage by stage, over one copy of the mix in one process. Beside the
wall-clock rates, the CPU seconds each run used (the writer and every process under it,
trafilatura's too): on a machine shared with other work the wall-clock rates fall with the
load, the CPU a page costs does not, so the CPU ratio to trafilatura is the steadier figure.

    python bench/throughput.py [--data ../shared/bench] [--copies 10] [--workers 2] [--json]
    python bench/throughput.py --scale-out          # also Ray with 1 worker: efficiency
    python bench/throughput.py --warc-gb 1 --no-ray --no-stages   # memory over a ~1 GB WARC
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import math
import multiprocessing
import os
import re
import resource
import sqlite3
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


sys.path.insert(0, str(ROOT / "src"))

from newsblotter.config import Settings, load_settings  # noqa: E402
from newsblotter.engine.records import IngestReport  # noqa: E402
from newsblotter.ingest.warc import response_record  # noqa: E402
from newsblotter.pipeline import Pipeline  # noqa: E402

VIOLENT_SHARE = 0.1
STAGES = ("read", "extract", "triage", "nlp", "incidents+statements", "text vector", "store")


@dataclass
class Mix:
    pages: list[tuple[str, bytes]]  # (url, html) of one copy
    violent: int  # MUC-4 pages in one copy


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


def build_mix(data: Path) -> Mix:
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
    return Mix(news + violent, len(violent))


def copies_of(mix: Mix, copies: int) -> Iterator[tuple[str, bytes]]:
    """The mix ``copies`` times, each copy a distinct story: same work, new bytes, new URL.
    The ingest stores one copy of a story (``store/copies.py``: the same words under the same
    headline are another location, not analysed again), so a copy differs in its words: each
    paragraph of copy N > 0 opens with its number."""
    for copy in range(copies):
        number = f"{copy}. ".encode()
        for url, html in mix.pages:
            page = html if copy == 0 else _numbered(html, number)
            yield f"{url}#copy{copy}", page + f"<!-- copy {copy} -->".encode()


def _numbered(html: bytes, number: bytes) -> bytes:
    """``html`` with ``number`` opening every paragraph."""
    return re.sub(rb"<p(?:\s[^>]*)?>", lambda m: m.group(0) + number, html)


def workdir_for(data: Path, keep: Path | None, prefix: str) -> Path | None:
    """The folder to work in (``keep``, else a new temporary one), or None, said on stderr,
    when the mix's data is not under ``data``."""
    if not (data / "article-extraction").is_dir() or not (data / "muc4").is_dir():
        print(f"error: benchmark data not found under {data}", file=sys.stderr)
        return None
    workdir = keep or Path(tempfile.mkdtemp(prefix=prefix))
    workdir.mkdir(parents=True, exist_ok=True)
    return workdir


def write_warc(pages: Iterator[tuple[str, bytes]], path: Path, compress: bool = True) -> int:
    """Writes the records as they come (a 1 GB archive is never held in memory)."""
    with path.open("wb") as out:
        for url, html in pages:
            out.write(response_record(url, html, compress=compress))
    return path.stat().st_size


def _trafilatura_one(html: bytes) -> int:
    import trafilatura

    text = trafilatura.extract(html.decode("utf-8", errors="replace"))
    return len(text or "")


def trafilatura_rate(pages: list[bytes], workers: int) -> tuple[float, float]:
    """Pages per second of trafilatura.extract alone over the same pages, and the CPU
    seconds it used (this process, or its worker processes)."""
    start = time.perf_counter()
    if workers <= 1:
        cpu = time.process_time()
        for html in pages:
            _trafilatura_one(html)
        cpu = time.process_time() - cpu
    else:
        before = _children_cpu()
        pool = multiprocessing.get_context("fork").Pool(workers)
        list(pool.imap(_trafilatura_one, pages, chunksize=8))
        pool.close()
        pool.join()  # reaped: their CPU counts in RUSAGE_CHILDREN
        cpu = _children_cpu() - before
    return len(pages) / (time.perf_counter() - start), cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class MemorySampler:
    """Peak unique memory (USS) per worker process (children of this process), sampled once
    a second; the CPU seconds this process (the writer) used meanwhile, and those its
    descendants used (workers, and Ray's own processes; the last reading of each, so a
    process that ends between two samples loses at most a second). Reading a worker's USS
    makes the kernel walk its page tables (about 10 ms for a loaded worker): the sampler's own
    CPU (``sampler_cpu_s``) is measured and left out of the writer's."""

    interval: float = 1.0
    report_every: float = 0.0  # print the largest worker USS this often (0: never)
    _next_report: float = 0.0
    peaks: dict[int, int] = field(default_factory=dict)
    series: list[tuple[float, int]] = field(default_factory=list)  # (t, largest worker USS)
    parent_cpu_s: float = 0.0  # the writer's, the sampler's own left out
    sampler_cpu_s: float = 0.0
    cpu: dict[int, float] = field(default_factory=dict)  # descendant pid -> CPU s
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> MemorySampler:
        self._start = time.perf_counter()
        self._cpu = psutil.Process().cpu_times()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        cpu = psutil.Process().cpu_times()
        spent = cpu.user + cpu.system - self._cpu.user - self._cpu.system
        self.parent_cpu_s = spent - self.sampler_cpu_s

    @property
    def total_cpu_s(self) -> float:
        """The writer's CPU seconds and its descendants' together."""
        return self.parent_cpu_s + sum(self.cpu.values())

    def _run(self) -> None:
        start = time.thread_time()
        try:
            self._sample()
        finally:
            self.sampler_cpu_s = time.thread_time() - start

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.interval):
            largest = 0
            for child in me.children(recursive=True):
                try:
                    # USS: memory the worker alone holds. RSS would also count the model and
                    # page memory a forked worker shares with its parent.
                    uss = child.memory_full_info().uss
                    times = child.cpu_times()
                except psutil.Error:
                    continue
                self.cpu[child.pid] = times.user + times.system
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), uss)
                largest = max(largest, uss)
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


@dataclass
class EngineRun:
    seconds: float
    rebuild_seconds: float
    articles: int
    memory: MemorySampler
    report: IngestReport


def settings_for(db: Path, cache: Path, recycle_after: int) -> Settings:
    # the vector store starts empty in each run: every analysed article is encoded
    return load_settings(env={}, db=str(db), cache_dir=str(cache), recycle_after=recycle_after)


def run_engine(
    warc: Path, db: Path, workers: int, engine: str, recycle_after: int, report_every: float
) -> EngineRun:
    """Seconds end to end, of which rebuilding the incidents (the ingest's last step)."""
    pipe = Pipeline(settings_for(db, db.with_suffix(".cache"), recycle_after))
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
    articles = pipe.db.stats()["articles"]
    pipe.db.close()
    return EngineRun(seconds, sum(spent), articles, memory, report)


def stage_split(pages: list[tuple[str, bytes]], workdir: Path) -> dict[str, Any]:
    """Each stage timed per page over ``pages``, in this process, as a worker runs them (the
    store as the parent does, one transaction per document, fresh database)."""
    from newsblotter.analysis import Analyzer
    from newsblotter.article import extract
    from newsblotter.ingest import decode
    from newsblotter.records import Extraction, RawDocument
    from newsblotter.triage import is_relevant

    settings = settings_for(workdir / "stages.db", workdir / "stages.cache", 500)
    pipe = Pipeline(settings)
    analyzer = Analyzer(settings)
    analyzer.preload()
    spent: dict[str, float] = defaultdict(float)
    analysed = 0
    for url, html in pages:
        t0 = time.perf_counter()
        raw = RawDocument(
            hashlib.sha256(html).hexdigest(), url, html, "text/html", dt.datetime.now(dt.UTC)
        )
        text = decode(raw)
        t1 = time.perf_counter()
        spent["read"] += t1 - t0
        try:
            article = extract(raw, text, settings)
        except ValueError:
            spent["extract"] += time.perf_counter() - t1
            continue
        t2 = time.perf_counter()
        relevant = is_relevant(article.text, article.title)
        t3 = time.perf_counter()
        spent["extract"] += t2 - t1
        spent["triage"] += t3 - t2
        extraction = Extraction(article, [], [], analysed=False)
        if relevant:
            analysed += 1
            ann = analyzer.annotator.annotate(article)
            t4 = time.perf_counter()
            extraction = analyzer.extract(ann)
            t5 = time.perf_counter()
            vectors = analyzer.vectors([article])
            t6 = time.perf_counter()
            extraction.vector = vectors[0] if vectors else None
            spent["nlp"] += t4 - t3
            spent["incidents+statements"] += t5 - t4
            spent["text vector"] += t6 - t5
        t7 = time.perf_counter()
        pipe.db.save_document(raw, extraction)
        pipe.keep(extraction)
        spent["store"] += time.perf_counter() - t7
    pipe.flush()
    pipe.db.close()
    total = sum(spent.values())
    return {
        "pages": len(pages),
        "analysed": analysed,
        "ms_per_page": {s: round(1000 * spent[s] / len(pages), 2) for s in STAGES},
        "share": {s: round(spent[s] / total, 3) for s in STAGES},
    }


def _engine_line(name: str, workers: int, run: EngineRun, pages: int, reference: float) -> str:
    peak = max(run.memory.peaks.values(), default=0)
    rate = pages / run.seconds
    ratio = "" if math.isnan(reference) else f" = {rate / reference:.2f} of trafilatura's"
    return (
        f"newsblotter {name}, {workers} worker(s): {run.report.summary()}; {run.seconds:.1f} s "
        f"(of which {run.rebuild_seconds:.1f} s rebuilding incidents), {rate:.1f} articles/s"
        f"{ratio and ratio + f' {reference:.1f} pages/s'}; "
        f"{run.articles} articles stored; the writing parent used {run.memory.parent_cpu_s:.1f} "
        f"CPU s ({run.memory.sampler_cpu_s:.1f} s of the memory sampler left out); peak worker "
        f"memory (USS) {peak / 1e6:.0f} MB over "
        f"{len(run.memory.peaks)} processes"
    )


def _cpu_line(
    memory: MemorySampler, pages: int, workers: int, results: dict[str, Any], n: int, name: str
) -> str:
    """The CPU the run used: what the rates would be on free cores, whatever the load."""
    per_page = 1000 * memory.total_cpu_s / pages
    line = (
        f"  CPU {memory.total_cpu_s:.0f} s in all (writer {memory.parent_cpu_s:.0f} s), "
        f"{per_page:.1f} ms a page: at most {1000 * workers / per_page:.1f} articles/s on "
        f"{workers} free core(s)"
    )
    if f"{name}_cpu_over_trafilatura" in results:
        line += (
            f"; trafilatura {results[f'trafilatura_cpu_ms_per_page_{n}proc']} ms a page, "
            f"ratio {results[f'{name}_cpu_over_trafilatura']}"
        )
    return line


def _series_line(memory: MemorySampler) -> str:
    series = memory.series
    if not series:
        return "  (no memory samples)"
    marks = [series[max(0, int(len(series) * q) - 1)] for q in (0, 0.25, 0.5, 0.75, 1)]
    return "  largest worker USS over the run: " + ", ".join(
        f"t={t:.0f}s {uss / 1e6:.0f} MB" for t, uss in marks
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=_shared() / "bench")
    parser.add_argument("--json", action="store_true", help="(the JSON line is always last)")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None, help="quick run: about N pages")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--recycle-after", type=int, default=500)
    parser.add_argument("--no-ray", dest="ray", action="store_false", help="skip the Ray run")
    parser.add_argument("--ray", action="store_true", help="(the default; kept for old commands)")
    parser.add_argument(
        "--scale-out", action="store_true", help="also Ray with one worker: scale-out efficiency"
    )
    parser.add_argument(
        "--no-stages", dest="stages", action="store_false", help="skip the per-stage split"
    )
    parser.add_argument(
        "--warc-gb",
        type=float,
        default=None,
        help="instead of --copies: as many copies as make an uncompressed WARC of this size",
    )
    parser.add_argument(
        "--no-trafilatura",
        dest="trafilatura",
        action="store_false",
        help="skip trafilatura (a memory run); the rates are then not compared",
    )
    parser.add_argument("--keep", type=Path, help="keep the WARC and databases here")
    parser.add_argument("--report-every", type=float, default=0, help="seconds between USS lines")
    args = parser.parse_args(argv)
    workdir = workdir_for(args.data, args.keep, "nb-throughput-")
    if workdir is None:
        return 2
    mix = build_mix(args.data)
    if args.limit:
        step = max(1, len(mix.pages) // args.limit)  # keep the mix's proportions
        one = mix.pages[::step][: args.limit]
        mix = Mix(one, sum(url.startswith("http://muc4.test/") for url, _ in one))
    copies = args.copies
    compress = args.warc_gb is None
    if args.warc_gb is not None:
        size = sum(len(html) for _, html in mix.pages)
        copies = max(1, round(args.warc_gb * 1e9 / size))
    warc = workdir / ("mix.warc.gz" if compress else "mix.warc")
    size = write_warc(copies_of(mix, copies), warc, compress)
    pages = len(mix.pages) * copies
    raw_bytes = sum(len(h) for _, h in mix.pages) * copies
    print(
        f"mix: {pages} pages ({mix.violent * copies} MUC-4 incident texts, "
        f"{mix.violent / len(mix.pages):.0%}), {raw_bytes / 1e6:.1f} MB of HTML, WARC "
        f"{size / 1e6:.1f} MB{' gzipped' if compress else ''}; {os.cpu_count()} cores"
    )
    results: dict[str, Any] = {"pages": pages, "violent": mix.violent * copies}
    # trafilatura over the same pages (up to ten copies: its rate does not depend on the count)
    reference = float("nan")
    if args.trafilatura:
        sample = [html for _, html in copies_of(mix, min(copies, 10))]
        for n in sorted({1, args.workers}):
            rate, cpu = trafilatura_rate(sample, n)
            results[f"trafilatura_pages_per_s_{n}proc"] = round(rate, 1)
            results[f"trafilatura_cpu_ms_per_page_{n}proc"] = round(1000 * cpu / len(sample), 1)
            print(
                f"trafilatura alone, {n} process(es): {rate:.1f} pages/s "
                f"({1000 * cpu / len(sample):.1f} CPU ms a page)"
            )
        del sample
        reference = float(results[f"trafilatura_pages_per_s_{args.workers}proc"])
    runs: list[tuple[str, str, int]] = [("pool", "pool", args.workers)]
    if args.ray:
        runs.append(("ray", "ray", args.workers))
    if args.scale_out:
        runs += [("ray_1", "ray", 1), ("pool_1", "pool", 1)]
    digests = {}
    for name, engine, workers in runs:
        db = workdir / f"{name}.db"
        db.unlink(missing_ok=True)
        run = run_engine(warc, db, workers, engine, args.recycle_after, args.report_every)
        peak = max(run.memory.peaks.values(), default=0)
        rate = pages / run.seconds
        results[f"{name}_seconds"] = round(run.seconds, 1)
        results[f"{name}_rebuild_seconds"] = round(run.rebuild_seconds, 1)
        results[f"{name}_articles_per_s"] = round(rate, 1)
        if not math.isnan(reference):
            results[f"{name}_over_trafilatura"] = round(rate / reference, 3)
        results[f"{name}_parent_cpu_s"] = round(run.memory.parent_cpu_s, 1)
        results[f"{name}_sampler_cpu_s"] = round(run.memory.sampler_cpu_s, 1)
        results[f"{name}_cpu_s"] = round(run.memory.total_cpu_s, 1)
        results[f"{name}_cpu_ms_per_page"] = round(1000 * run.memory.total_cpu_s / pages, 1)
        reference_cpu = results.get(f"trafilatura_cpu_ms_per_page_{args.workers}proc")
        if reference_cpu:
            results[f"{name}_cpu_over_trafilatura"] = round(
                float(reference_cpu) / results[f"{name}_cpu_ms_per_page"], 3
            )
        results[f"{name}_peak_worker_uss_mb"] = round(peak / 1e6)
        results[f"{name}_worker_uss_mb_over_run"] = [
            round(uss / 1e6) for _, uss in run.memory.series[:: max(1, len(run.memory.series) // 8)]
        ]
        print(_engine_line(engine, workers, run, pages, reference))
        print(_cpu_line(run.memory, pages, workers, results, args.workers, name))
        print(_series_line(run.memory))
        if name in ("pool", "ray"):
            digests[name] = digest(db)
    if "ray" in digests:
        same = digests["ray"] == digests["pool"]
        results["ray_same_content"] = same
        results["ray_over_pool"] = round(
            float(results["ray_articles_per_s"]) / float(results["pool_articles_per_s"]), 2
        )
        print(f"Ray gives the same database as the pool: {same}")
        if not same:
            for table in digests["pool"]:
                print(f"  {table}: pool {digests['pool'][table]} / ray {digests['ray'][table]}")
        print(f"Ray articles/s over pool articles/s: {results['ray_over_pool']}")
    if args.scale_out:
        for name in ("ray", "pool"):
            if f"{name}_articles_per_s" in results and f"{name}_1_articles_per_s" in results:
                single = float(results[f"{name}_1_articles_per_s"])
                efficiency = float(results[f"{name}_articles_per_s"]) / (args.workers * single)
                results[f"{name}_scale_out_efficiency"] = round(efficiency, 2)
                print(
                    f"{name} scale-out: {single:.1f} articles/s on 1 worker, "
                    f"{results[f'{name}_articles_per_s']} on {args.workers}: efficiency "
                    f"{efficiency:.2f}"
                )
    if args.stages:
        split = stage_split(mix.pages, workdir)
        results["stages"] = split
        print(
            f"where the time goes, one process over one copy ({split['pages']} pages, "
            f"{split['analysed']} past triage), ms per page:"
        )
        for stage in STAGES:
            print(f"  {stage:<22}{split['ms_per_page'][stage]:>8.2f}{split['share'][stage]:>8.1%}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
