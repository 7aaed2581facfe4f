"""Read the HTML responses of a WARC archive (plain or gzipped) in constant memory.

FastWARC parses; this module adds what a long run over crawl archives needs: every record
remembers its origin (``<file>#<offset>``), non-HTML and non-200 records are skipped with a
reason, and a truncated or corrupt record costs only itself: reading resumes at the next record
boundary found after it (a new gzip member, or a ``WARC/1.x`` line in a plain file).
"""

from __future__ import annotations

import datetime as dt
import gzip
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from newsblotter.config import Settings
from newsblotter.ingest.payload import failed, from_bytes
from newsblotter.records import RawDocument

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."
_SCAN_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that is not a page (a PDF, an image, a redirect): no document, no failure."""

    origin: str
    reason: str


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def origin_of(path: Path, offset: int) -> str:
    return f"{path}#{offset}"


def iter_warc(
    path: str | Path, settings: Settings, start: int = 0
) -> Iterator[RawDocument | Skipped]:
    """Every response record of ``path`` from byte ``start`` on, as a document (ok or failed)
    or a :class:`Skipped`. Never raises for a bad archive: an unreadable file is one failed
    document, a corrupt stretch one failed document per resynchronisation."""
    where = Path(path).absolute()
    try:
        handle = where.open("rb")
    except OSError as exc:
        yield failed(str(where), exc.strerror or type(exc).__name__)
        return
    with handle:
        gzipped = handle.read(3) == _GZIP_MEMBER
        position: int | None = start
        gap: tuple[int, str] | None = None  # a bad stretch after a good record, not yet told
        while position is not None:
            handle.seek(position)
            bad_start: int | None = position  # where a bad record starts, while known
            done = position
            try:
                for record in ArchiveIterator(
                    handle,
                    record_types=WarcRecordType.response,
                    parse_http=True,
                    auto_decode="all",
                ):
                    bad_start = record.stream_pos
                    item = _document(record, where, settings)
                    if gap is not None:  # resynchronised on a good record: tell the gap
                        yield _corrupt(where, gap[0] + 1, gap[1], position)
                        gap = None
                    yield item
                    bad_start, done = None, record.stream_pos
                return
            except OSError as exc:  # FastWARC's error for bad gzip data and bad headers
                reason = " ".join(str(exc).split()) or type(exc).__name__
                if bad_start is None:
                    # The error came while looking for the record after ``done``: search on
                    # from there; the next boundary found is usually the bad record itself.
                    gap = (done, reason)
                    position = _next_boundary(handle, done + 1, gzipped)
                else:
                    gap = None
                    position = _next_boundary(handle, bad_start + 1, gzipped)
                    yield _corrupt(where, bad_start, reason, position)
        if gap is not None:
            yield _corrupt(where, gap[0] + 1, gap[1], None)


def _corrupt(path: Path, offset: int, reason: str, resumed: int | None) -> RawDocument:
    origin = origin_of(path, offset)
    skipped_to = "the end" if resumed is None else f"offset {resumed}"
    return failed(origin, f"corrupt WARC data ({reason}); skipped to {skipped_to}", origin)


def _document(record: WarcRecord, path: Path, settings: Settings) -> RawDocument | Skipped:
    origin = origin_of(path, record.stream_pos)
    uri = record.headers.get("WARC-Target-URI") or origin
    if record.headers.get("Content-Length") is None:
        return failed(uri, "truncated record (incomplete WARC headers)", origin)
    http = record.http_headers
    if http is None:
        return Skipped(origin, "response record without HTTP headers")
    if http.status_code != 200:
        return Skipped(origin, f"HTTP {http.status_code}")
    media = (record.http_content_type or "").split(";", 1)[0].strip().lower()
    if media not in _HTML_TYPES:
        return Skipped(origin, f"not HTML ({media})")
    expected = record.content_length
    payload = record.reader.read(settings.max_bytes + 1)
    if len(payload) > settings.max_bytes:
        record.reader.consume()
        return failed(uri, f"payload over the limit of {settings.max_bytes} bytes", origin)
    if len(payload) < expected:
        return failed(uri, f"truncated record ({len(payload)} of {expected} bytes)", origin)
    return from_bytes(uri, payload, settings.max_bytes, origin=origin, fetched_at=_date(record))


def _date(record: WarcRecord) -> dt.datetime | None:
    moment = record.record_date
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _next_boundary(handle: BinaryIO, start: int, gzipped: bool) -> int | None:
    """The offset of the first record start at or after ``start``, or None at the end."""
    # Hand-written: FastWARC stops at the first bad record and has no resync of its own.
    marker = _GZIP_MEMBER if gzipped else _WARC_LINE
    shift = 0 if gzipped else 1  # a WARC line starts after its newline
    handle.seek(start)
    offset = start
    tail = b""
    while chunk := handle.read(_SCAN_CHUNK):
        window = tail + chunk
        found = window.find(marker)
        if found >= 0:
            return offset - len(tail) + found + shift
        tail = window[-(len(marker) - 1) :]
        offset += len(chunk)
    return None


def response_record(
    uri: str,
    payload: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    date: dt.datetime | None = None,
    compress: bool = True,
) -> bytes:
    """One WARC/1.0 response record (a gzip member when ``compress``), for building archives
    in benchmarks and tests. Hand-written: the format is a header block and a length."""
    http = (
        f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode("latin-1") + payload
    moment = (date or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: {moment}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    record = head + http + b"\r\n\r\n"
    return gzip.compress(record, compresslevel=6) if compress else record
