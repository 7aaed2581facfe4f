"""Documents that arrive over HTTP (an uploaded file, a URL to fetch) as RawDocuments.

An upload's bytes go through the ingest stage's own ``read_document`` (gzip, binary and
charset checks, size cap) by way of a temporary file, so an upload is judged exactly like a
file on disk; only its uri is the upload name instead of the temporary path. A URL is fetched
by the same ``Fetcher`` as every other path (CLI, feeds, watch), never by a client of its own.
"""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from newsblotter.config import Settings
from newsblotter.ingest import read_document
from newsblotter.ingest.fetch import Fetcher
from newsblotter.records import RawDocument

_FETCHERS: dict[Settings, Fetcher] = {}
_LOCK = threading.Lock()


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


def fetcher_for(settings: Settings) -> Fetcher:
    """The server's one fetcher for these settings: robots.txt, the per-host delay and the
    address guard hold across requests, as they do for a CLI run."""
    with _LOCK:
        found = _FETCHERS.get(settings)
        if found is None:
            found = _FETCHERS[settings] = Fetcher(settings)
        return found


def fetch(url: str, settings: Settings) -> RawDocument:
    """GET ``url`` through the project's fetcher (``ingest.fetch``): robots.txt, the redirect
    limit, the user agent, the per-host delay, the size cap, a deadline for the whole body,
    and no private address unless ``allow_private`` names it. Raises FetchError when no page
    came back; a page that came back but is no document (binary, empty) is a failed document,
    recorded by the ingest like any other."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    got = fetcher_for(settings).fetch(url, conditional=False)
    if got.doc is None or not 200 <= got.status < 300:
        raise FetchError(got.error or f"{url}: HTTP {got.status}")
    return got.doc
