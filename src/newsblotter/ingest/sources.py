"""Every kind of input as one stream of work items: files, folders, WARC archives, URLs and
URL lists (``@list.txt``: one URL or path per line).

Each item carries the input it came from (``source``) and its own key (``item``: a path, a URL
or ``<warc>#<offset>``), which is what run progress is recorded under, so an interrupted run
skips what it finished. Reading never raises: a bad input becomes a failed document.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from newsblotter.config import Settings
from newsblotter.ingest.fetch import Fetched, Fetcher
from newsblotter.ingest.paths import iter_inputs
from newsblotter.ingest.payload import failed
from newsblotter.ingest.read import read_document
from newsblotter.ingest.warc import Skipped, is_warc, iter_warc
from newsblotter.records import RawDocument

LIST_PREFIX = "@"


@dataclass(frozen=True, slots=True)
class NotModified:
    """A URL whose server answered 304: the stored document still stands."""

    url: str
    document: str | None


Outcome = RawDocument | Skipped | NotModified


@dataclass(frozen=True, slots=True)
class Item:
    source: str  # the input as given (canonical): folder, WARC, URL list, URL or file
    key: str  # what progress is recorded under
    outcome: Outcome
    fetched: Fetched | None = None  # for URLs: validators to remember once stored


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def canonical(inputs: Iterable[str | Path]) -> list[str]:
    """Inputs as run keys: URLs as given, paths absolute, ``@lists`` with an absolute path."""
    out = []
    for raw in inputs:
        text = str(raw)
        if is_url(text):
            out.append(text)
        elif text.startswith(LIST_PREFIX):
            out.append(LIST_PREFIX + str(Path(text[1:]).absolute()))
        else:
            out.append(str(Path(text).absolute()))
    return out


def read_list(path: Path) -> tuple[list[str], str | None]:
    """The entries of a URL list (blank lines and ``#`` comments skipped), or an error."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return [], exc.strerror or type(exc).__name__
    entries = []
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not is_url(entry) and not Path(entry).is_absolute():
            entry = str(path.parent / entry)  # paths in a list are relative to the list
        entries.append(entry)
    return entries, None


def expand(source: str) -> Iterator[str]:
    """The units of work one input stands for: a folder's files, a list's entries."""
    if is_url(source):
        yield source
        return
    if source.startswith(LIST_PREFIX):
        entries, error = read_list(Path(source[1:]))
        if error is not None:
            yield source  # read_items reports it
        yield from entries
        return
    yield from (str(p) for p in iter_inputs([source]))


def read_items(
    sources: Iterable[str],
    settings: Settings,
    fetcher: Fetcher | None,
    done: Callable[[str], set[str]] = lambda _source: set(),
) -> Iterator[Item]:
    """Every item of ``sources`` (canonical inputs) not yet ``done`` in this run, in order.

    URLs are fetched ``settings.fetch_concurrency`` at a time (each host still throttled).
    """
    for source in sources:
        finished = done(source)
        if source.startswith(LIST_PREFIX):
            _, error = read_list(Path(source[1:]))
            if error is not None:
                yield Item(source, source, failed(source[1:], f"cannot read URL list: {error}"))
                continue
        units = (u for u in expand(source) if u not in finished)
        yield from read_units(source, units, settings, fetcher, finished)


def read_units(
    source: str,
    units: Iterator[str],
    settings: Settings,
    fetcher: Fetcher | None,
    finished: set[str],
) -> Iterator[Item]:
    window = max(1, settings.fetch_concurrency) * 2
    pending: deque[tuple[str, Future[Fetched]]] = deque()
    with ThreadPoolExecutor(max(1, settings.fetch_concurrency)) as pool:
        for unit in units:
            if is_url(unit):
                if fetcher is None:
                    yield Item(source, unit, failed(unit, "URLs cannot be fetched here"))
                    continue
                pending.append((unit, pool.submit(fetcher.fetch, unit)))
                if len(pending) >= window:
                    yield _fetched(source, *pending.popleft())
                continue
            while pending:  # keep input order: URLs before this file come first
                yield _fetched(source, *pending.popleft())
            if is_warc(unit):
                for record in iter_warc(unit, settings, _resume_offset(unit, finished)):
                    key = _record_key(record)
                    if key not in finished:
                        yield Item(source, key, record)
            else:
                yield Item(source, unit, read_document(Path(unit), settings))
        while pending:
            yield _fetched(source, *pending.popleft())


def _resume_offset(warc: str, finished: set[str]) -> int:
    """Where to start reading ``warc`` again: its last record already done. Records are
    recorded in archive order, so everything before it is done too; the done set still
    guards against repeats."""
    offsets = [
        int(key[len(warc) + 1 :])
        for key in finished
        if key.startswith(warc + "#") and key[len(warc) + 1 :].isdigit()
    ]
    return max(offsets, default=0)


def _record_key(record: RawDocument | Skipped) -> str:
    if isinstance(record, Skipped):
        return record.origin
    return record.origin or record.uri


def _fetched(source: str, url: str, future: Future[Fetched]) -> Item:
    result = future.result()
    if result.not_modified:
        return Item(source, url, NotModified(url, result.document), result)
    assert result.doc is not None
    return Item(source, url, result.doc, result)
