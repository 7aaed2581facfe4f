"""Fetch pages and feeds over HTTP politely and defensively.

httpx does the HTTP; this module adds what a crawler owes the sites and itself: robots.txt
(protego), a delay between requests to one host, retries with backoff on 429/5xx, conditional
GET with remembered validators, caps on redirects, size, time and content type, and the
address guard (``guard``: no loopback, private, link-local or metadata address is reached,
after any redirect or DNS answer, unless ``allow_private`` says so). Every outcome is a
:class:`Fetched`; nothing here raises for a bad URL or a hostile server. It is the one
fetcher of every path: CLI inputs, feeds, ``watch`` and the API's URL ingest.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from newsblotter.config import Settings
from newsblotter.ingest.guard import AddressRefused, Guard, GuardedTransport
from newsblotter.ingest.inflate import BadEncoding, decoded
from newsblotter.ingest.payload import failed, from_bytes
from newsblotter.records import RawDocument

Kind = Literal["page", "feed"]
Response = tuple[int, dict[str, str], bytes]  # status, lower-cased headers, body

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_MAX_BACKOFF_S = 30.0  # one wait between attempts never exceeds this
_MAX_RETRY_AFTER_S = 120.0  # a server asking for a longer pause is given up on for now
_ROBOTS_TTL_S = 24 * 3600  # RFC 9309: robots.txt may be cached up to 24 hours
_ROBOTS_MAX_BYTES = 500_000  # RFC 9309: parse at least 500 KiB; we parse no more
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
    "text/html",  # many servers label feeds text/html; the parser decides
    "text/plain",
    "application/gzip",  # sitemap.xml.gz
    "application/x-gzip",
)
_SNIFF_TYPES = ("application/octet-stream", "binary/octet-stream", "")
# schema.org's paywall markup, which publishers add for search engines (JSON-LD or microdata).
_PAYWALL = re.compile(
    rb"""["']?isAccessibleForFree["']?\s*[:=]\s*["']?(?:false|False|FALSE)\b"""
    rb"""|itemprop=["']isAccessibleForFree["']\s+content=["']false""",
)


class Validators(Protocol):
    """Where conditional-GET validators are remembered (``SourceStore`` in production)."""

    def validators(self, url: str) -> tuple[str | None, str | None, str | None] | None: ...

    def remember(
        self, url: str, etag: str | None, last_modified: str | None, document: str | None
    ) -> None: ...


@dataclass
class Fetched:
    """What became of one URL. ``doc`` is None only for ``not_modified``."""

    url: str
    status: int  # the last HTTP status, 0 when no response came
    doc: RawDocument | None
    final_url: str = ""
    not_modified: bool = False
    document: str | None = None  # the stored document a 304 stands for
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.not_modified or (self.doc is not None and self.doc.status == "ok")

    @property
    def error(self) -> str | None:
        return None if self.doc is None else self.doc.error


class FetchError(Exception):
    """One line saying why a URL yields no document (the URL is added by the caller)."""

    def __init__(self, reason: str, status: int = 0) -> None:
        super().__init__(reason)
        self.status = status


class HostThrottle:
    """At most one request per ``delay_s`` to each host, across threads."""

    def __init__(self, delay_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.delay_s = delay_s
        self._clock = clock
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Block until ``host`` may be asked again; returns the seconds slept."""
        with self._lock:  # reserve a slot, then sleep outside the lock
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.delay_s
        pause = slot - now
        if pause > 0:
            time.sleep(pause)
        return pause


class Robots:
    """robots.txt per origin, fetched once a day, parsed by protego."""

    def __init__(self, fetch_text: Callable[[str], tuple[int, bytes, str]], agent: str) -> None:
        self._fetch = fetch_text
        self._agent = agent
        self._cache: dict[str, tuple[float, Protego | str | None]] = {}
        self._lock = threading.Lock()

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids ``url``, or None when it may be fetched."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            cached = self._cache.get(origin)
        if cached is None or time.monotonic() - cached[0] > _ROBOTS_TTL_S:
            cached = (time.monotonic(), self._load(origin))
            with self._lock:
                self._cache[origin] = cached
        rules = cached[1]
        if rules is None or isinstance(rules, str):
            return rules
        return None if rules.can_fetch(url, self._agent) else f"disallowed by robots.txt ({url})"

    def _load(self, origin: str) -> Protego | str | None:
        # RFC 9309 section 2.3.1: 4xx means no rules; an unreachable robots.txt (5xx or no
        # answer) means the whole site is disallowed for now.
        status, body, problem = self._fetch(origin + "/robots.txt")
        if 400 <= status < 500:
            return None
        if status == 0:
            return f"robots.txt unreachable, site treated as disallowed ({problem})"
        if status >= 500:
            return f"robots.txt answers HTTP {status}, site treated as disallowed"
        text = body[:_ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        try:
            return Protego.parse(text)
        except Exception:  # protego is lenient; a crash on garbage means "no usable rules"
            return None


def _media_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class Fetcher:
    """One HTTP client for a run: connection reuse, robots, throttle and validators shared
    by every thread that fetches through it."""

    def __init__(
        self,
        settings: Settings,
        validators: Validators | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.validators = validators
        self._sleep = sleep
        self.guard = Guard(settings.allow_private)
        limits = httpx.Limits(max_connections=max(1, settings.fetch_concurrency))
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(
                connect=settings.connect_timeout_s,
                read=settings.read_timeout_s,
                write=settings.read_timeout_s,
                pool=settings.read_timeout_s,
            ),
            follow_redirects=False,  # followed by hand: robots and the throttle apply per hop
            max_redirects=settings.max_redirects,
            transport=GuardedTransport(self.guard, limits),
            trust_env=False,
        )
        self.throttle = HostThrottle(settings.host_delay_ms / 1000)
        self.robots = Robots(self._robots_text, settings.user_agent)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- public -----------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        kind: Kind = "page",
        conditional: bool = True,
        known: tuple[str | None, str | None] | None = None,
    ) -> Fetched:
        """GET ``url``; never raises. A failure is a failed ``doc`` naming the URL.

        ``known``: ``(etag, last_modified)`` to send instead of the remembered ones (feeds keep
        their own).
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Fetched(url, 0, failed(url, "not an http(s) URL"))
        validators: tuple[str | None, str | None, str | None] | None = None
        if known is not None:
            validators = (known[0], known[1], "")
        elif conditional and self.validators is not None:
            validators = self.validators.validators(url)
        known_all = validators
        try:
            return self._fetch(url, kind, known_all)
        except FetchError as exc:
            return Fetched(url, exc.status, failed(url, str(exc)))

    # -- internals --------------------------------------------------------------------------

    def _fetch(
        self, url: str, kind: Kind, known: tuple[str | None, str | None, str | None] | None
    ) -> Fetched:
        headers: dict[str, str] = {}
        if known is not None and known[2] is not None:
            etag, modified, _ = known
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            refusal = self.guard.check(urlsplit(current).hostname or "")  # a literal address
            if refusal is None and self.settings.robots != "ignore":
                refusal = self.robots.refusal(current)
            if refusal is not None:
                raise FetchError(refusal)
            status, response_headers, body = self._get(current, kind, headers)
            if status in (301, 302, 303, 307, 308):
                location = response_headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location", status)
                current = urljoin(current, location)
                if urlsplit(current).scheme not in ("http", "https"):
                    raise FetchError(f"redirect to a non-http URL ({current})", status)
                continue
            return self._result(url, kind, current, status, response_headers, body, known)
        raise FetchError(f"more than {self.settings.max_redirects} redirects (last {current})")

    def _result(
        self,
        url: str,
        kind: Kind,
        final: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        known: tuple[str | None, str | None, str | None] | None,
    ) -> Fetched:
        etag, modified = headers.get("etag"), headers.get("last-modified")
        if status == 304:
            if known is None:
                raise FetchError("HTTP 304 Not Modified to an unconditional request", status)
            return Fetched(url, status, None, final, True, known[2], known[0], known[1], headers)
        if status in (401, 403, 407):
            raise FetchError(f"HTTP {status}: access denied (login or subscription)", status)
        if status == 402:
            raise FetchError("HTTP 402: paywall (payment required)", status)
        if not 200 <= status < 300:
            phrase = _reason(status)
            raise FetchError(f"HTTP {status} {phrase}".strip(), status)
        origin = final if final != url else None
        if kind == "feed":  # feed bytes go to the feed parser, which judges them itself
            doc = _feed_document(url, body, headers, origin)
            return Fetched(url, status, doc, final, False, None, etag, modified, headers)
        doc = from_bytes(url, body, self.settings.max_bytes, origin=origin)
        if doc.status == "ok" and _PAYWALL.search(body[:2_000_000]):
            doc = failed(url, "paywalled page (marked isAccessibleForFree: false)", origin)
        return Fetched(url, status, doc, final, False, doc.id or None, etag, modified, headers)

    def _get(self, url: str, kind: Kind, headers: dict[str, str]) -> Response:
        """One GET with retries; returns status, lower-cased headers and the (capped) body."""
        attempts = self.settings.fetch_retries + 1
        host = urlsplit(url).netloc
        for attempt in range(attempts):
            self.throttle.wait(host)
            last = attempt == attempts - 1
            try:
                status, response_headers, body = self._once(url, kind, headers)
            except httpx.ConnectError as exc:
                if last:
                    reason = f"cannot connect ({_short(exc)}) after {attempts} attempts"
                    raise FetchError(reason) from exc
                self._sleep(self._backoff(attempt, None))
                continue
            if status in _RETRY_STATUS and not last:
                wait = _retry_after(response_headers.get("retry-after"))
                if wait is not None and wait > _MAX_RETRY_AFTER_S:
                    raise FetchError(f"HTTP {status}, asked to retry after {wait:.0f} s", status)
                self._sleep(self._backoff(attempt, wait))
                continue
            if status in _RETRY_STATUS:
                reason = f"HTTP {status} {_reason(status)} after {attempts} attempts"
                raise FetchError(reason, status)
            return status, response_headers, body
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    @staticmethod
    def _backoff(attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, _MAX_RETRY_AFTER_S)
        return float(min(_MAX_BACKOFF_S, 0.5 * 2**attempt))

    def _once(self, url: str, kind: Kind, headers: dict[str, str]) -> Response:
        limit = self.settings.max_bytes
        deadline = time.monotonic() + self.settings.read_timeout_s
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                found = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                if not 200 <= status < 300:
                    return status, found, b""  # error and redirect bodies are not needed
                declared = _media_type(found.get("content-type", ""))
                allowed = _PAGE_TYPES if kind == "page" else _FEED_TYPES
                if declared not in allowed and declared not in _SNIFF_TYPES:
                    raise FetchError(f"content type {declared} is not a {kind}", status)
                length = found.get("content-length", "")
                if length.isdigit() and int(length) > limit and "content-encoding" not in found:
                    raise FetchError(f"response of {length} bytes is over the limit of {limit}")
                chunks: list[bytes] = []
                total = 0
                # decoded in pieces of at most 64 KB, so the cap bounds the decoded size: a
                # gzip bomb stops at the limit plus one piece (inflate.py)
                for chunk in decoded(response):
                    total += len(chunk)
                    if total > limit:
                        raise FetchError(f"response is over the limit of {limit} bytes")
                    if time.monotonic() > deadline:
                        raise FetchError(
                            f"response took over {self.settings.read_timeout_s} s to arrive"
                        )
                    chunks.append(chunk)
                return status, found, b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out ({type(exc).__name__})") from exc
        except httpx.DecodingError as exc:
            raise FetchError(f"corrupt compressed response ({_short(exc)})") from exc
        except BadEncoding as exc:
            raise FetchError(str(exc)) from exc
        except httpx.ConnectError:
            raise
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error ({_short(exc)})") from exc
        except AddressRefused as exc:  # the DNS answer changed since the check (rebinding)
            raise FetchError(str(exc)) from exc
        except ValueError as exc:  # an invalid port or host that httpx cannot parse
            raise FetchError(f"invalid URL ({_short(exc)})") from exc

    def _robots_text(self, url: str) -> tuple[int, bytes, str]:
        """robots.txt through the same client and throttle: status (0: no answer), body, and
        what went wrong when there was no answer."""
        self.throttle.wait(urlsplit(url).netloc)
        try:
            # RFC 9309 asks crawlers to follow at least five redirects for robots.txt.
            with self._client.stream("GET", url, follow_redirects=True) as response:
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > _ROBOTS_MAX_BYTES:
                        break
                return response.status_code, body, ""
        except httpx.ConnectError as exc:
            return 0, b"", f"cannot connect: {_short(exc)}"
        except httpx.HTTPError as exc:
            return 0, b"", f"{type(exc).__name__}: {_short(exc)}"
        except AddressRefused as exc:  # the site's name resolves to an address not reached
            raise FetchError(str(exc)) from exc


def _feed_document(
    url: str, body: bytes, headers: dict[str, str], origin: str | None
) -> RawDocument:
    if not body:
        return failed(url, "empty response", origin)
    media = _media_type(headers.get("content-type", "")) or "application/octet-stream"
    digest = hashlib.sha256(body).hexdigest()
    return RawDocument(digest, url, body, media, dt.datetime.now(dt.UTC), origin=origin)


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _reason(status: int) -> str:
    try:
        return httpx.codes.get_reason_phrase(status)
    except ValueError:
        return ""
