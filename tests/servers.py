"""Real HTTP servers on loopback (127.0.0.1, or 127.0.0.2 and ::1 for the address guard) for
the fetch, feed and watch tests, hostile ones included.

Each server binds an ephemeral loopback port, serves from a thread, counts hits per path, and
stops by itself: on ``close()`` (the fixtures call it) or at the latest after ``lifetime_s``.
Handlers that stream or hang give up as soon as the server is stopping, so no test can leave a
thread running.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from newsblotter.ingest import decode
from newsblotter.pipeline import Pipeline
from newsblotter.records import Article, Extraction, RawDocument

Handler = Callable[["Request"], None]


class Request:
    """What a route sees: the handler, plus helpers to answer."""

    def __init__(self, handler: BaseHTTPRequestHandler, server: LoopbackServer, hits: int) -> None:
        self.handler = handler
        self.server = server
        self.hits = hits  # how many times this path was asked, this request included
        self.headers = handler.headers
        self.path = handler.path

    def send(
        self,
        status: int,
        body: bytes = b"",
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        h = self.handler
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body) if length is None else length))
        h.end_headers()
        if body:
            h.wfile.write(body)

    def stream(self, chunk: bytes, total: int, content_type: str = "text/html") -> None:
        """Send up to ``total`` bytes, chunked (no length), until the client hangs up."""
        h = self.handler
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        sent = 0
        try:
            while sent < total and not self.server.stopping.is_set():
                h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
            h.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client gave up, as it should

    def hang(self, seconds: float = 30.0) -> None:
        """Send nothing until the server stops or ``seconds`` pass."""
        self.server.stopping.wait(seconds)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        with owner.lock:
            owner.hits[path] += 1
            hits = owner.hits[path]
            owner.requests.append((path, dict(self.headers.items())))
        route = owner.routes.get(path)
        request = Request(self, owner, hits)
        try:
            if route is None:
                request.send(404, b"not here", "text/plain")
            else:
                route(request)
        except OSError:
            pass  # client hung up mid-answer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer


class _Server6(_Server):
    address_family = socket.AF_INET6


class LoopbackServer:
    """Serve ``routes`` (path -> handler) on 127.0.0.1; a context manager."""

    def __init__(
        self,
        routes: dict[str, Handler] | None = None,
        lifetime_s: float = 120,
        host: str = "127.0.0.1",  # another loopback address (127.0.0.2, ::1) for guard tests
    ) -> None:
        self.routes: dict[str, Handler] = dict(routes or {})
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = (_Server6 if ":" in host else _Server)((host, 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._timer = threading.Timer(lifetime_s, self.close)
        self._timer.daemon = True

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://[{host!s}]:{port}" if ":" in str(host) else f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> LoopbackServer:
        self._thread.start()
        self._timer.start()
        return self

    def close(self) -> None:
        if self.stopping.is_set():
            return
        self.stopping.set()
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()


# -- ready-made routes ----------------------------------------------------------------------


def page(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Handler:
    return lambda r: r.send(200, body, content_type, headers)


def status(code: int, body: bytes = b"", **headers: str) -> Handler:
    return lambda r: r.send(code, body, "text/plain", headers)


def fail_then(code: int, times: int, then: Handler, **headers: str) -> Handler:
    """``code`` for the first ``times`` requests, then ``then``."""

    def route(r: Request) -> None:
        if r.hits <= times:
            r.send(code, b"try later", "text/plain", headers)
        else:
            then(r)

    return route


def redirect(location: str, code: int = 302) -> Handler:
    return lambda r: r.send(code, b"", None, {"Location": location})


def hang(seconds: float = 30.0) -> Handler:
    return lambda r: r.hang(seconds)


def huge_declared(size: int = 2_000_000_000) -> Handler:
    """Declares ``size`` bytes and starts sending them."""

    def route(r: Request) -> None:
        r.send(200, b"", "text/html", length=size)
        try:
            chunk = b"<p>" + b"x" * 65_000 + b"</p>"
            for _ in range(size // len(chunk)):
                if r.server.stopping.is_set():
                    return
                r.handler.wfile.write(chunk)
        except OSError:
            pass

    return route


def huge_chunked(size: int = 2_000_000_000) -> Handler:
    return lambda r: r.stream(b"<p>" + b"y" * 65_000 + b"</p>", size)


def gzip_bomb(inflated: int = 200_000_000) -> Handler:
    """A small gzip body that inflates to ``inflated`` bytes of spaces."""
    body = _bomb(inflated)
    return lambda r: r.send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})


_BOMBS: dict[int, bytes] = {}


def _bomb(size: int) -> bytes:
    if size not in _BOMBS:
        _BOMBS[size] = gzip.compress(b" " * size, compresslevel=9)
    return _BOMBS[size]


def conditional(
    body: bytes, etag: str, last_modified: str, content_type: str = "text/html"
) -> Handler:
    """Answers 304 when the client sends back the validators."""

    def route(r: Request) -> None:
        if (
            r.headers.get("If-None-Match") == etag
            or r.headers.get("If-Modified-Since") == last_modified
        ):
            r.send(304, b"", None, {"ETag": etag})
            return
        r.send(200, body, content_type, {"ETag": etag, "Last-Modified": last_modified})

    return route


def slow_trickle(seconds: float) -> Handler:
    """Sends a byte every 0.2 s for ``seconds``: never silent long enough for a read timeout."""

    def route(r: Request) -> None:
        r.send(200, b"", "text/html", length=10_000)
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline and not r.server.stopping.is_set():
                r.handler.wfile.write(b"x")
                r.handler.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    return route


class TextPipeline(Pipeline):
    """The real pipeline with the NLP replaced by a stub, for tests about sources: a page
    containing "NO STORY" has no article, one containing "CRASH" breaks the analysis."""

    def analyze(self, raw: RawDocument) -> Extraction:
        text = decode(raw)
        if "NO STORY" in text:
            raise ValueError("no article text found")
        if "CRASH" in text:
            raise RuntimeError("analysis bug")
        return Extraction(Article(raw.id, text[:500], url=raw.uri, extractor="stub"), [], [])

    def preload(self) -> None:
        pass
