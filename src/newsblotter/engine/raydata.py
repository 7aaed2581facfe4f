"""The Ray engine: Ray Data over the inputs, Ray actors holding the loaded models.

The driver expands the inputs into units (a WARC file, a file, a URL); Ray Data reads them in
parallel tasks into rows; a pool of actors, each with a loaded Pipeline, analyses the rows and
writes them straight to the database (PostgreSQL for a cluster; SQLite works on one machine).
The per-item logic is ``engine.work``'s, shared with the process pool, so both engines give
the same database. ``settings.ray_address`` empty starts Ray locally with ``workers`` CPUs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsblotter.config import Settings
from newsblotter.engine.work import Done, analyze_safely, finish, prepare
from newsblotter.ingest.fetch import Fetched
from newsblotter.ingest.sources import Item, NotModified, expand, is_url
from newsblotter.ingest.warc import Skipped, is_warc
from newsblotter.records import RawDocument

if TYPE_CHECKING:
    from newsblotter.pipeline import IngestReport, Progress

_READ_CPUS = 0.25  # reading is light: several read tasks share one logical CPU
_BATCH = 16
_BLOCK_BYTES = (
    2 * 1024 * 1024
)  # rows per actor call: small, so a slow page does not hold many others back


def _row(source: str, key: str, found: Any, fetched: Fetched | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": source,
        "key": key,
        "kind": "doc",
        "id": "",
        "uri": "",
        "content": b"",
        "media_type": "",
        "fetched_at": "",
        "status": "ok",
        "error": "",
        "origin": "",
        "etag": (fetched.etag if fetched else None) or "",
        "last_modified": (fetched.last_modified if fetched else None) or "",
    }
    if isinstance(found, Skipped):
        row.update(kind="skipped", uri=found.origin, error=found.reason)
    elif isinstance(found, NotModified):
        row.update(kind="not_modified", uri=found.url, id=found.document or "")
    else:
        row.update(
            id=found.id,
            uri=found.uri,
            content=found.content,
            media_type=found.media_type,
            fetched_at=found.fetched_at.isoformat(),
            status=found.status,
            error=found.error or "",
            origin=found.origin or "",
        )
    return row


def _item(row: dict[str, Any]) -> Item:
    kind = row["kind"]
    fetched = None
    if row["etag"] or row["last_modified"]:
        fetched = Fetched(row["key"], 200, None, etag=row["etag"] or None)
        fetched.last_modified = row["last_modified"] or None
    if kind == "skipped":
        return Item(row["source"], row["key"], Skipped(row["uri"], row["error"]))
    if kind == "not_modified":
        return Item(row["source"], row["key"], NotModified(row["uri"], row["id"] or None), fetched)
    raw = RawDocument(
        id=row["id"],
        uri=row["uri"],
        content=bytes(row["content"]),
        media_type=row["media_type"],
        fetched_at=dt.datetime.fromisoformat(row["fetched_at"]),
        status=row["status"],
        error=row["error"] or None,
        origin=row["origin"] or None,
    )
    return Item(row["source"], row["key"], raw, fetched)


def read_unit(
    row: dict[str, Any], settings: Settings, db_url: str, run: str
) -> Iterator[dict[str, Any]]:
    """The rows of one unit (a file, a URL, every record of a WARC) not yet done in ``run``."""
    from newsblotter.ingest.fetch import Fetcher
    from newsblotter.ingest.sources import read_items
    from newsblotter.store import open_db
    from newsblotter.store.sources import SourceStore

    source, unit = row["source"], row["unit"]
    with open_db(db_url) as db:
        store = SourceStore(db)
        finished = store.done_items(run, source) if is_warc(unit) else set()
        fetcher = Fetcher(settings, store) if is_url(unit) else None
        try:
            for item in read_items([unit], settings, fetcher):
                if item.key not in finished:
                    yield _row(source, item.key, item.outcome, item.fetched)
        finally:
            if fetcher is not None:
                fetcher.close()


class Analyzer:
    """A Ray actor: one loaded Pipeline, analysing and writing batches of rows."""

    def __init__(self, settings: Settings, db_url: str, run: str) -> None:
        from newsblotter.pipeline import Pipeline
        from newsblotter.store import open_db
        from newsblotter.store.sources import SourceStore

        self.db = open_db(db_url)
        self.pipeline = Pipeline(settings, db=self.db)
        self.pipeline.preload()
        self.store = SourceStore(self.db)
        self.run = run

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        names = list(batch)
        columns = zip(*batch.values(), strict=True)
        rows = [dict(zip(names, values, strict=True)) for values in columns]
        out: dict[str, list[Any]] = {"outcome": [], "uri": [], "error": []}
        done_rows = []
        for row in rows:
            item = _item(row)
            raw, done = prepare(self.db, item)
            if done is None:
                assert raw is not None
                result = analyze_safely(self.pipeline.analyze, raw) if raw.status == "ok" else None
                done = finish(self.db, self.store, item, raw, result)
            out["outcome"].append(done.outcome)
            out["uri"].append(done.uri)
            out["error"].append(done.error or "")
            done_rows.append((done.source, done.key, done.outcome, done.document))
        self.store.record_items(self.run, done_rows)
        return out


def _import_path() -> str:
    """PYTHONPATH for local Ray workers: they import this very newsblotter (a source checkout
    or an installed package), whatever the interpreter would find first. On a cluster the
    package must be installed on every node."""
    import newsblotter

    here = str(Path(newsblotter.__file__).resolve().parents[1])
    return os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)


def units(sources: list[str], done: dict[str, set[str]]) -> list[dict[str, str]]:
    """The inputs expanded into independent units, less the files and URLs already done."""
    out = []
    for source in sources:
        finished = done.get(source, set())
        for unit in expand(source):
            if unit not in finished:
                out.append({"source": source, "unit": unit})
    return out


def run_ray(
    settings: Settings,
    db_url: str,
    sources: list[str],
    run: str,
    workers: int,
    progress: Progress | None = None,
) -> IngestReport:
    import ray

    from newsblotter.pipeline import IngestReport
    from newsblotter.store import open_db
    from newsblotter.store.sources import SourceStore

    with open_db(db_url) as db:
        store = SourceStore(db)
        done = {s: store.done_items(run, s) for s in sources}
    todo = units(sources, done)
    report = IngestReport()
    if not todo:
        return report
    started_here = not ray.is_initialized()
    if started_here:
        quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
        if settings.ray_address:
            ray.init(address=settings.ray_address, **quiet)
        else:
            # One logical CPU per actor plus one shared by the read tasks (as the pool's parent
            # reads while its workers analyse). Local workers inherit the environment of the
            # raylet that ray.init starts, so PYTHONPATH goes there rather than in a
            # runtime_env: the workers Ray starts with the node then serve the actors at once,
            # instead of new ones set up through the runtime-env agent (about 1 s each).
            saved = os.environ.get("PYTHONPATH")
            os.environ["PYTHONPATH"] = _import_path()
            try:
                ray.init(num_cpus=workers + 1, include_dashboard=False, **quiet)
            finally:
                if saved is None:
                    os.environ.pop("PYTHONPATH", None)
                else:
                    os.environ["PYTHONPATH"] = saved
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        # Small blocks: one WARC read by one task still streams to every actor.
        context.target_max_block_size = _BLOCK_BYTES
        dataset: Any = ray.data.from_items(todo, override_num_blocks=min(len(todo), 1000))
        dataset = dataset.flat_map(read_unit, fn_args=(settings, db_url, run), num_cpus=_READ_CPUS)
        dataset = dataset.map_batches(
            Analyzer,
            fn_constructor_args=(settings, db_url, run),
            batch_size=_BATCH,
            compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
            num_cpus=1,
        )
        for row in dataset.iter_rows():
            done_row = Done("", "", row["outcome"], row["uri"], None, row["error"] or None)
            report.add(done_row)
            if progress:
                progress(row["uri"])
    finally:
        if started_here:
            ray.shutdown()
    return report
