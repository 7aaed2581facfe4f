"""Bytes that arrived from anywhere (HTTP, a WARC record) into a RawDocument.

The same checks as for files (``read.py``): empty, oversize, binary and undecodable payloads
become a failed document with a one-line reason naming where they came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from newsblotter.ingest.encoding import UndecodableError, decode_bytes
from newsblotter.ingest.read import FAILED_MEDIA_TYPE
from newsblotter.ingest.sniff import binary_reason, media_type
from newsblotter.records import RawDocument


def failed(
    uri: str, reason: str, origin: str | None = None, payload: bytes | None = None
) -> RawDocument:
    """A failed document whose error names ``origin`` (or ``uri``) and says why, on one line."""
    where = origin or uri
    doc_id = hashlib.sha256(payload).hexdigest() if payload else ""
    error = " ".join(f"{where}: {reason}".split())
    return RawDocument(
        doc_id, uri, b"", FAILED_MEDIA_TYPE, dt.datetime.now(dt.UTC), "failed", error, origin
    )


def from_bytes(
    uri: str,
    payload: bytes,
    limit: int,
    origin: str | None = None,
    fetched_at: dt.datetime | None = None,
) -> RawDocument:
    """A document of ``payload`` read at ``uri`` (``origin``: the WARC record it came from)."""
    if not payload:
        return failed(uri, "empty payload", origin)
    if len(payload) > limit:
        return failed(uri, f"payload is {len(payload)} bytes, over the limit of {limit}", origin)
    reason = binary_reason(payload)
    if reason is not None:
        return failed(uri, reason, origin, payload)
    try:
        text, _ = decode_bytes(payload)
    except UndecodableError as exc:
        return failed(uri, f"undecodable text: {exc}", origin, payload)
    return RawDocument(
        id=hashlib.sha256(payload).hexdigest(),
        uri=uri,
        content=payload,
        media_type=media_type(text),
        fetched_at=fetched_at or dt.datetime.now(dt.UTC),
        origin=origin,
    )


# spaCy's default nlp.max_length: a longer text fails inside the parser with a message about
# memory that names neither the input nor the remedy. A news story is a few thousand
# characters; a text this long (a dump, a concatenated archive) is refused before parsing.
MAX_TEXT_CHARS = 1_000_000


def check_length(text: str) -> None:
    """Raise ValueError (one line) when ``text`` is longer than the parser reads."""
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(
            f"story text is {len(text):,} characters, over the {MAX_TEXT_CHARS:,} the parser "
            "reads; split it into articles"
        )
