"""Bodies inflated in bounded pieces: every coding the fetcher asks for, and a bomb that
never expands more than one piece at a time."""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest

from newsblotter.ingest.inflate import BadEncoding, decoded

TEXT = b"<p>The ferry leaves at seven, the harbour office said.</p>" * 200


def response(body: bytes, coding: str | None) -> httpx.Response:
    headers = {"content-encoding": coding} if coding else {}
    return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        (None, TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT[:5000]) + gzip.compress(TEXT[5000:])),  # two members
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),
    ],
)
def test_every_coding_asked_for_decodes_to_the_body(coding: str | None, body: bytes) -> None:
    assert b"".join(decoded(response(body, coding))) == TEXT


def test_a_bomb_comes_out_one_bounded_piece_at_a_time() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    pieces = decoded(response(bomb, "gzip"), piece=4096)
    sizes = [len(next(pieces)) for _ in range(100)]
    assert max(sizes) == 4096


@pytest.mark.parametrize(
    ("coding", "body", "message"),
    [
        ("br", b"\x0b\x02\x80", "content encoding 'br' was not asked for"),
        ("gzip", b"\x1f\x8b\x08\x00" + b"\xff" * 40, "corrupt compressed response"),
    ],
)
def test_a_coding_not_asked_for_or_corrupt_is_one_line(
    coding: str, body: bytes, message: str
) -> None:
    with pytest.raises(BadEncoding, match=message):
        b"".join(decoded(response(body, coding)))
