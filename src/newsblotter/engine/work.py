"""One ingest item from read to stored, shared by every engine.

``analyse_safely`` runs in the workers; ``prepare``, ``finish`` and ``RunLog`` run in the one
process that writes (the pool's parent, Ray's driver).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsblotter.engine.records import Done, Result
from newsblotter.ingest.sources import Item, NotModified
from newsblotter.ingest.warc import Skipped
from newsblotter.records import Extraction, RawDocument
from newsblotter.store import Database
from newsblotter.store.copies import store_once, stored_as
from newsblotter.store.sources import SourceStore

Keep = Callable[[Extraction], None]  # what the writer keeps beside a stored extraction


def prepare(db: Database, item: Item) -> tuple[RawDocument | None, Done | None]:
    """The document to analyse, or the item's outcome when there is nothing to analyse."""
    found = item.outcome
    if isinstance(found, Skipped):
        return None, Done(item.source, item.key, "skipped", found.origin, error=found.reason)
    if isinstance(found, NotModified):
        return None, Done(item.source, item.key, "unchanged", found.url, found.document)
    if found.status != "ok":
        return found, None  # finish() records the failure
    status, copy_of = stored_as(db, found.id)
    if status == "ok":
        return None, Done(item.source, item.key, "unchanged", found.uri, found.id)
    if copy_of is not None:  # these bytes are another copy of a stored story
        return None, Done(item.source, item.key, "unchanged", found.uri, copy_of)
    return found, None


AnalyseMany = Callable[[Sequence[RawDocument]], list[Extraction | Exception]]


def failure(raw: RawDocument, exc: Exception) -> str:
    """A one-line failure naming the document."""
    where = raw.origin or raw.uri
    if isinstance(exc, ValueError):  # NoArticle and other bad-input verdicts
        message = " ".join(str(exc).split())
        return message if message.startswith(where) else f"{where}: {message}"
    # a bug or a pathological page must not end a long run
    return f"{where}: analysis failed ({type(exc).__name__}: {exc})"


def analyse_safely(analyse_many: AnalyseMany, raws: Sequence[RawDocument]) -> list[Result]:
    """Run ``analyse_many`` over a batch; each error becomes its document's one-line failure
    (an error of the whole batch, every document's)."""
    try:
        found = analyse_many(raws)
    except Exception as exc:
        return [failure(raw, exc) for raw in raws]
    return [
        failure(raw, result) if isinstance(result, Exception) else result
        for raw, result in zip(raws, found, strict=True)
    ]


def finish(
    db: Database,
    store: SourceStore | None,
    item: Item,
    raw: RawDocument,
    result: Result,
    keep: Keep | None = None,
) -> Done:
    """Store the document with its extraction (one transaction), or record its failure;
    then hand the stored extraction to ``keep`` (the text vector, the new actors)."""
    if raw.status != "ok" or not isinstance(result, Extraction):
        error = raw.error if raw.status != "ok" else str(result)
        error = " ".join((error or f"{raw.uri}: failed").split())
        db.record_failure(raw.uri, error, raw.id or None)
        return Done(item.source, item.key, "failed", raw.uri, raw.id or None, error)
    added, document = store_once(db, raw, result)  # a copy of a stored story: a location
    if keep is not None and document == raw.id:  # a copy keeps no vector and adds no actor
        keep(result)
    remember(store, item, document)
    return Done(item.source, item.key, "ingested" if added else "unchanged", raw.uri, document)


def remember(store: SourceStore | None, item: Item, document: str | None) -> None:
    """Keep a fetched URL's validators (ETag, Last-Modified) for the next conditional GET."""
    fetched = item.fetched
    if store is None or fetched is None or not document:
        return
    if fetched.etag or fetched.last_modified:
        store.remember(item.key, fetched.etag, fetched.last_modified, document)


class RunLog:
    """Run progress, written in batches: a crash only redoes the last few items."""

    def __init__(self, store: SourceStore, run: str, batch: int = 32) -> None:
        self._store, self._run, self._batch = store, run, batch
        self._rows: list[tuple[str, str, str, str | None]] = []

    def add(self, done: Done) -> None:
        self._rows.append((done.source, done.key, done.outcome, done.document))
        if len(self._rows) >= self._batch:
            self.flush()

    def flush(self) -> None:
        self._store.record_items(self._run, self._rows)
        self._rows = []
