"""Documents that arrive over HTTP (an uploaded file, a URL to fetch) as RawDocuments.

The bytes go through the ingest stage's own ``read_document`` (gzip, binary and charset
checks, size cap) by way of a temporary file, so an upload is judged exactly like a file on
disk; only its uri is the URL or upload name instead of the temporary path.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from newsblotter.config import Settings
from newsblotter.ingest import read_document
from newsblotter.records import RawDocument

FETCH_TIMEOUT_S = 30.0


class FetchError(ValueError):
    """A URL that could not be fetched; the message is one line naming the URL."""


def _safe_name(name: str) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name)[-100:].lstrip(".")
    return base or "upload"


def raw_from_bytes(data: bytes, name: str, uri: str, settings: Settings) -> RawDocument:
    """``data`` read as the file ``name`` would be; errors name ``uri``."""
    with tempfile.TemporaryDirectory(prefix="newsblotter-upload-") as tmp:
        path = Path(tmp) / _safe_name(name)
        path.write_bytes(data)
        raw = read_document(path, settings)
        temp_uri = raw.uri
    raw.uri = uri
    if raw.error:
        raw.error = raw.error.replace(temp_uri, uri)
    return raw


def fetch(url: str, settings: Settings) -> RawDocument:
    """GET ``url`` (http or https), refusing bodies larger than ``settings.max_bytes``."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    chunks: list[bytes] = []
    size = 0
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=FETCH_TIMEOUT_S) as resp:
            if resp.status_code >= 400:
                raise FetchError(f"{url}: HTTP {resp.status_code}")
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise FetchError(f"{url}: larger than {settings.max_bytes} bytes")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {' '.join(str(exc).split()) or type(exc).__name__}") from exc
    name = Path(urlsplit(url).path).name or "index.html"
    return raw_from_bytes(b"".join(chunks), name, url, settings)
