"""The Ray engine: Ray Data over the inputs, Ray actors holding the loaded models.

The driver expands the inputs into units (a WARC file, a file, a URL); Ray Data reads them in
parallel tasks into rows; a pool of actors, each with the loaded analysis, analyses the rows
and hands each back with its result; the driver stores them (the one writer, as the pool's
parent; PostgreSQL for a cluster, SQLite on one machine). The per-item logic is
``engine.work``'s, shared with the process pool, so both engines give the same database.
``settings.ray_address`` empty starts Ray locally with ``workers`` CPUs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsblotter.config import Settings
from newsblotter.engine.records import IngestReport, Progress, Result
from newsblotter.engine.work import (
    AnalyseMany,
    Keep,
    RunLog,
    analyse_safely,
    finish,
    prepare,
    remember,
)
from newsblotter.ingest.fetch import Fetched, Fetcher
from newsblotter.ingest.sources import Item, NotModified, expand, is_url, read_items
from newsblotter.ingest.warc import Skipped, is_warc
from newsblotter.records import RawDocument
from newsblotter.store import Database, open_db
from newsblotter.store.sources import SourceStore

_READ_CPUS = 0.25  # reading is light: several read tasks share one logical CPU
_START_TRIES = 3
_log = logging.getLogger(__name__)
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
    """The rows of one unit (a file, a URL, every record of a WARC) not yet done in ``run``;
    a document stored before is passed on without its bytes, as unchanged (nothing to
    analyse). Reads the database, writes nothing to it."""
    source, unit = row["source"], row["unit"]
    with open_db(db_url) as db:
        store = SourceStore(db)
        finished = store.done_items(run, source) if is_warc(unit) else set()
        fetcher = Fetcher(settings, store) if is_url(unit) else None
        try:
            for item in read_items([unit], settings, fetcher):
                if item.key in finished:
                    continue
                found = item.outcome
                if isinstance(found, RawDocument) and _stored(db, found):
                    found = NotModified(found.uri, found.id)
                yield _row(source, item.key, found, item.fetched)
        finally:
            if fetcher is not None:
                fetcher.close()


def _stored(db: Database, raw: RawDocument) -> bool:
    return raw.status == "ok" and db.document_status(raw.id) == "ok"


class Worker:
    """A Ray actor: the loaded analysis (``build()``), run over batches of rows. It writes
    nothing: each row goes back to the driver with its result, pickled."""

    def __init__(self, build: Callable[[], AnalyseMany]) -> None:
        self.analyse = build()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        names = list(batch)
        columns = zip(*batch.values(), strict=True)
        items = [_item(dict(zip(names, values, strict=True))) for values in columns]
        raws = [i.outcome for i in items if isinstance(i.outcome, RawDocument)]
        todo = [raw for raw in raws if raw.status == "ok"]
        found = iter(analyse_safely(self.analyse, todo) if todo else [])
        results = []
        for item in items:
            raw = item.outcome
            result: Result = None
            if isinstance(raw, RawDocument) and raw.status == "ok":
                result = next(found)
            results.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return {**batch, "result": results}


def _import_path() -> str:
    """PYTHONPATH for local Ray workers: they import this very newsblotter (a source checkout
    or an installed package), whatever the interpreter would find first. On a cluster the
    package must be installed on every node."""
    here = str(Path(__file__).resolve().parents[2])
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


def _start_local(cpus: int, quiet: dict[str, Any], tries: int = _START_TRIES) -> None:
    """Start a local Ray node. Ray gives its raylet a fixed 30 s to come up, which a machine
    busy with other work can miss (seen at load 9 on 2 cores); a node that timed out is shut
    down and started again, and after ``tries`` the run stops with one line saying why."""
    import ray  # optional (the "ray" extra), as in run_ray

    for attempt in range(1, tries + 1):
        try:
            ray.init(num_cpus=cpus, include_dashboard=False, **quiet)
            return
        except Exception as exc:  # Ray raises a bare Exception for this
            if "timed out during startup" not in str(exc):
                raise
            ray.shutdown()
            _log.warning("ray: local node start timed out (try %d of %d)", attempt, tries)
    raise RuntimeError(
        f"ray: the local node did not start in {tries} tries of 30 s (is the machine overloaded?)"
    )


def run_ray(
    settings: Settings,
    db: Database,
    sources: list[str],
    run: str,
    workers: int,
    build: Callable[[], AnalyseMany],
    progress: Progress | None = None,
    keep: Keep | None = None,
) -> IngestReport:
    """Read ``sources`` in Ray tasks, analyse in ``workers`` actors each holding ``build()``,
    and store every result here, in the driver (the one writer), as the pool's parent does."""
    import ray  # heavy (about 2 s) and optional (the "ray" extra): only for this engine

    store = SourceStore(db)
    db_url = db.engine.url.render_as_string(hide_password=False)
    todo = units(sources, {s: store.done_items(run, s) for s in sources})
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
                _start_local(workers + 1, quiet)
            finally:
                if saved is None:
                    os.environ.pop("PYTHONPATH", None)
                else:
                    os.environ["PYTHONPATH"] = saved
    log = RunLog(store, run)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        # Small blocks: one WARC read by one task still streams to every actor.
        context.target_max_block_size = _BLOCK_BYTES
        dataset: Any = ray.data.from_items(todo, override_num_blocks=min(len(todo), 1000))
        dataset = dataset.flat_map(read_unit, fn_args=(settings, db_url, run), num_cpus=_READ_CPUS)
        dataset = dataset.map_batches(
            Worker,
            fn_constructor_args=(build,),
            batch_size=_BATCH,
            compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
            num_cpus=1,
        )
        for row in dataset.iter_rows():
            item = _item(row)
            raw, done = prepare(db, item)
            if done is None:
                assert raw is not None
                done = finish(db, store, item, raw, pickle.loads(row["result"]), keep)
            else:
                remember(store, item, done.document)
            report.add(done)
            log.add(done)
            if progress:
                progress(done.uri)
    finally:
        log.flush()
        if started_here:
            ray.shutdown()
    return report
