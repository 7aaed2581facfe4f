"""A response body decoded (gzip, deflate) in bounded pieces.

httpx decodes each network chunk whole, and 64 KB of a gzip bomb inflates to about 64 MB in
one call, so a size cap checked after decoding lets that much through first. Here the raw
bytes, as they arrive, are inflated with zlib's ``max_length``, so no piece exceeds ``PIECE``
bytes and a bomb stops at the cap plus one piece. Only the codings the fetcher
asks for (``Accept-Encoding: gzip, deflate``) are accepted.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx

PIECE = 1 << 16


class BadEncoding(Exception):
    """A coding not asked for, or a corrupt compressed body (one line)."""


def decoded(response: httpx.Response, piece: int = PIECE) -> Iterator[bytes]:
    """The body of ``response`` (entered with ``stream``), decoded, ``piece`` bytes at most
    at a time."""
    coding = response.headers.get("content-encoding", "").strip().lower()
    if coding in ("", "identity"):
        yield from response.iter_raw()  # as it arrives: a trickle still meets the deadline
        return
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise BadEncoding(f"content encoding {coding!r} was not asked for")
    inflater: zlib._Decompress | None = None
    try:
        for raw in response.iter_raw():
            data = raw
            while data:
                if inflater is None:  # deflate: zlib-wrapped (RFC 9110) or, often, raw
                    wrapped = coding != "deflate" or (data[0] & 0x0F == 8 and len(data) > 1)
                    bits = 31 if coding != "deflate" else 15 if wrapped else -15
                    inflater = zlib.decompressobj(bits)
                out = inflater.decompress(data, piece)
                if out:
                    yield out
                if inflater.eof:  # a gzip body may hold several members
                    data, inflater = inflater.unused_data, None
                else:
                    data = inflater.unconsumed_tail
        if inflater is not None:
            rest = inflater.flush()
            if rest:
                yield rest
    except zlib.error as exc:
        raise BadEncoding(f"corrupt compressed response ({exc})") from exc
