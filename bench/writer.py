"""The writer alone: the CPU the one writing process spends per page of an ingest, with the
analysis taken out.

The throughput bench's writer runs beside the workers, so its CPU is hard to read on a
shared machine. Here the bench mix (``bench/throughput.py``: article-extraction pages and
one MUC-4 dev incident text in ten) is analysed once, in this process, and each result kept
(pickled, as a pool worker hands it back); then ``Pipeline.ingest`` of the mix's WARC runs
with workers whose analysis is a look-up of those results (unpickled as the pool's parent
does), so what is timed is exactly the writer's work: reading the WARC, checking what is
stored, storing each document and its extraction, the run log, the text vectors, and the
closing rebuild of the incidents (timed apart). The database it leaves is the same as the
real ingest's (``bench/store_digest.py`` compares them).

    python bench/writer.py [--data ../shared/bench] [--copies 2] [--keep DIR] [--profile F]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pickle
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from newsblotter.pipeline import Pipeline  # noqa: E402
from newsblotter.records import Extraction, RawDocument  # noqa: E402
from throughput import (  # noqa: E402
    _shared,
    build_mix,
    copies_of,
    settings_for,
    workdir_for,
    write_warc,
)


class Replay(Pipeline):
    """A pipeline whose analysis hands back results computed before (pickled bytes by
    document id; a document not seen before is analysed here and remembered)."""

    results: dict[str, bytes]

    def analyze_many(self, raws: Sequence[RawDocument]) -> list[Extraction | Exception]:
        out: list[Extraction | Exception] = []
        missing = [raw for raw in raws if raw.id not in self.results]
        if missing:
            for raw, found in zip(missing, super().analyze_many(missing), strict=True):
                self.results[raw.id] = pickle.dumps(found)
        for raw in raws:
            out.append(pickle.loads(self.results[raw.id]))
        return out


def replay(
    warc: Path, db: Path, results: dict[str, bytes], profile: Path | None
) -> dict[str, float]:
    pipe = Replay(settings_for(db, db.with_suffix(".cache"), 500))
    pipe.results = results
    pipe.encoder  # noqa: B018  (the text model the rebuild reads, loaded before timing)
    rebuild = pipe.rebuild_incidents
    spent: list[float] = []

    def timed_rebuild() -> object:
        start = time.process_time()
        found = rebuild()
        spent.append(time.process_time() - start)
        return found

    pipe.rebuild_incidents = timed_rebuild  # type: ignore[method-assign]
    profiler = cProfile.Profile() if profile else None
    start, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    report = pipe.ingest([warc], workers=1)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    cpu, wall = time.process_time() - start, time.perf_counter() - wall
    pipe.db.close()
    return {"cpu_s": cpu, "rebuild_cpu_s": sum(spent), "wall_s": wall, "pages": report.ingested}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=_shared() / "bench")
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the WARC, analyses and database here")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed ingest")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args(argv)
    workdir = workdir_for(args.data, args.keep, "nb-writer-")
    if workdir is None:
        return 2
    warc = workdir / f"mix{args.copies}.warc.gz"
    if not warc.exists():
        write_warc(copies_of(build_mix(args.data), args.copies), warc)
    analyses = workdir / f"mix{args.copies}.analyses.pickle"
    results: dict[str, bytes] = {}
    if analyses.exists():
        results = pickle.loads(analyses.read_bytes())
    else:  # the first run analyses (minutes) and keeps the results
        replay(warc, workdir / "analyse.db", results, None)
        analyses.write_bytes(pickle.dumps(results))
    db = workdir / "writer.db"
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)
    found = replay(warc, db, results, args.profile)
    pages = max(found["pages"], 1)
    per_page = 1000 * (found["cpu_s"] - found["rebuild_cpu_s"]) / pages
    print(
        f"writer: {found['pages']:.0f} pages stored in {found['wall_s']:.1f} s; CPU "
        f"{found['cpu_s']:.2f} s, of which rebuilding incidents {found['rebuild_cpu_s']:.2f} s; "
        f"{per_page:.2f} CPU ms a page before the rebuild"
        + (f"; database {db}" if args.keep else "")
    )
    if args.json:
        print(json.dumps({**found, "cpu_ms_per_page": round(per_page, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
