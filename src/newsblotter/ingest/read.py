"""Read one input file into a RawDocument, turning every kind of bad input into a failure."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import stat
import zlib
from pathlib import Path
from typing import BinaryIO

from newsblotter.config import Settings
from newsblotter.ingest.encoding import UndecodableError, decode_bytes
from newsblotter.ingest.sniff import binary_reason, media_type
from newsblotter.records import RawDocument

_CHUNK = 1 << 16
FAILED_MEDIA_TYPE = "application/octet-stream"


class InputError(Exception):
    """An input that cannot become a document; the message is one line, without the path."""


def read_document(path: Path, settings: Settings) -> RawDocument:
    """Read ``path``; bad input yields status "failed" with ``"<path>: <reason>"``, never raises.

    A failed document has empty content; its id is the payload's sha256 when the payload was
    read in full (so a rejected file can still be recognised), else "".
    """
    uri = str(Path(path).absolute())
    fetched_at = dt.datetime.now(dt.UTC)
    payload: bytes | None = None
    try:
        payload = _read_payload(Path(path), settings.max_bytes)
        if not payload:
            raise InputError("empty file")
        reason = binary_reason(payload)
        if reason is not None:
            raise InputError(reason)
        try:
            text, _ = decode_bytes(payload)
        except UndecodableError as exc:
            raise InputError(f"undecodable text: {exc}") from exc
    except InputError as exc:
        doc_id = hashlib.sha256(payload).hexdigest() if payload is not None else ""
        error = f"{uri}: {exc}".replace("\n", " ")
        return RawDocument(doc_id, uri, b"", FAILED_MEDIA_TYPE, fetched_at, "failed", error)
    return RawDocument(
        id=hashlib.sha256(payload).hexdigest(),
        uri=uri,
        content=payload,
        media_type=media_type(text),
        fetched_at=fetched_at,
    )


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _read_payload(path: Path, limit: int) -> bytes:
    """The file's bytes, gunzipped when they are gzip; never more than ``limit`` + 1 in memory."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(_os_reason(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        try:
            os.listdir(path)
        except OSError as exc:
            raise InputError(f"cannot list directory: {_os_reason(exc)}") from exc
        raise InputError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file")
    if info.st_size > limit:
        raise InputError(f"file is {info.st_size} bytes, over the limit of {limit}")
    try:
        with path.open("rb") as handle:
            magic = handle.read(2)
            handle.seek(0)
            if magic == b"\x1f\x8b":
                return _gunzip(handle, limit)
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(_os_reason(exc)) from exc
    if len(data) > limit:  # the file grew after stat
        raise InputError(f"file is over the limit of {limit} bytes")
    return data


def _gunzip(handle: BinaryIO, limit: int) -> bytes:
    """Decompress in bounded chunks so a gzip bomb stops at ``limit`` bytes of output."""
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
            while chunk := stream.read(min(_CHUNK, limit + 1 - total)):
                total += len(chunk)
                if total > limit:
                    raise InputError(
                        f"gzip payload decompresses to over the limit of {limit} bytes"
                    )
                chunks.append(chunk)
    except EOFError as exc:
        raise InputError("truncated gzip stream") from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"corrupt gzip stream ({exc})") from exc
    return b"".join(chunks)
