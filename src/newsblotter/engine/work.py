"""One ingest item from read to stored, shared by every engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from newsblotter.ingest.sources import Item, NotModified
from newsblotter.ingest.warc import Skipped
from newsblotter.records import Extraction, RawDocument
from newsblotter.store import Database
from newsblotter.store.copies import known_copy, store_once
from newsblotter.store.sources import SourceStore

Outcome = Literal["ingested", "unchanged", "failed", "skipped"]
Result = Extraction | str | None  # an extraction, a one-line failure, or nothing to analyse


@dataclass(frozen=True, slots=True)
class Done:
    source: str
    key: str
    outcome: Outcome
    uri: str
    document: str | None = None
    error: str | None = None


def prepare(db: Database, item: Item) -> tuple[RawDocument | None, Done | None]:
    """The document to analyse, or the item's outcome when there is nothing to analyse."""
    found = item.outcome
    if isinstance(found, Skipped):
        return None, Done(item.source, item.key, "skipped", found.origin, error=found.reason)
    if isinstance(found, NotModified):
        return None, Done(item.source, item.key, "unchanged", found.url, found.document)
    if found.status != "ok":
        return found, None  # finish() records the failure
    if db.document_status(found.id) == "ok":
        return None, Done(item.source, item.key, "unchanged", found.uri, found.id)
    copy_of = known_copy(db, found.id)  # these bytes are another copy of a stored story
    if copy_of is not None:
        return None, Done(item.source, item.key, "unchanged", found.uri, copy_of)
    return found, None


def analyze_safely(analyze: Callable[[RawDocument], Extraction], raw: RawDocument) -> Result:
    """Run ``analyze``; any error becomes a one-line failure naming the document."""
    where = raw.origin or raw.uri
    try:
        return analyze(raw)
    except ValueError as exc:  # NoArticle and other bad-input verdicts
        message = " ".join(str(exc).split())
        return message if message.startswith(where) else f"{where}: {message}"
    except Exception as exc:  # a bug or a pathological page must not end a long run
        return f"{where}: analysis failed ({type(exc).__name__}: {exc})"


def finish(
    db: Database, store: SourceStore | None, item: Item, raw: RawDocument, result: Result
) -> Done:
    """Store the document with its extraction, or record its failure."""
    if raw.status != "ok" or not isinstance(result, Extraction):
        error = raw.error if raw.status != "ok" else str(result)
        error = " ".join((error or f"{raw.uri}: failed").split())
        db.record_failure(raw.uri, error, raw.id or None)
        return Done(item.source, item.key, "failed", raw.uri, raw.id or None, error)
    added, document = store_once(db, raw, result)  # a copy of a stored story: a location
    fetched = item.fetched
    if store is not None and fetched is not None and (fetched.etag or fetched.last_modified):
        store.remember(item.key, fetched.etag, fetched.last_modified, document)
    return Done(item.source, item.key, "ingested" if added else "unchanged", raw.uri, document)
