"""Ingest on real bytes built here: paths, gzip, sniffing and every kind of bad input."""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import zlib
from pathlib import Path

import pytest

from newsblotter.config import Settings
from newsblotter.ingest import iter_inputs, read_document

PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Market fire</title></head>\n"
    b"<body><p>A fire broke out in the covered market on Tuesday night.</p>"
    b"<p>Firefighters said nobody was hurt.</p></body></html>\n"
)
SETTINGS = Settings()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def failed(path: Path, settings: Settings = SETTINGS) -> str:
    raw = read_document(path, settings)
    assert raw.status == "failed", f"{path} was accepted"
    assert raw.error is not None
    assert raw.content == b""
    assert "\n" not in raw.error
    assert str(path.absolute()) in raw.error
    return raw.error


# -- iter_inputs --------------------------------------------------------------------------------


def test_iter_inputs_walks_sorted_skips_hidden_and_keeps_missing(tmp_path: Path) -> None:
    for name in ["b/2.html", "b/10.html", "a.txt", "c/d/e.html", ".hidden.html", ".git/x.html"]:
        write(tmp_path / name, PAGE)
    explicit_hidden = tmp_path / ".hidden.html"
    missing = tmp_path / "nope.html"
    found = list(iter_inputs([tmp_path, missing, explicit_hidden, tmp_path / "a.txt"]))
    assert found == [
        tmp_path / "a.txt",
        tmp_path / "b" / "10.html",
        tmp_path / "b" / "2.html",
        tmp_path / "c" / "d" / "e.html",
        missing,
        explicit_hidden,
    ]


def test_iter_inputs_survives_symlink_loop(tmp_path: Path) -> None:
    write(tmp_path / "d" / "page.html", PAGE)
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    assert list(iter_inputs([tmp_path])) == [tmp_path / "d" / "page.html"]


def test_files_that_link_to_each_other_are_one_failure_each(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    found = list(iter_inputs([tmp_path]))
    assert found == [tmp_path / "a", tmp_path / "b"]
    errors = [read_document(p, SETTINGS).error for p in found]
    assert errors == [f"{tmp_path / n}: Too many levels of symbolic links" for n in "ab"]


# -- good inputs --------------------------------------------------------------------------------


def test_html_page_is_read_with_content_hash_and_absolute_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "story.html", PAGE)
    monkeypatch.chdir(tmp_path)
    raw = read_document(Path("story.html"), SETTINGS)
    assert raw.status == "ok" and raw.error is None
    assert raw.id == hashlib.sha256(PAGE).hexdigest()
    assert raw.uri == str(tmp_path / "story.html")
    assert raw.content == PAGE
    assert raw.media_type == "text/html"
    assert raw.fetched_at.tzinfo is not None


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("notes.html", b"Just a line of plain prose, no markup at all.\n", "text/plain"),
        ("noext", PAGE, "text/html"),
        (
            "page.txt",
            b"<?xml version='1.0'?>\n<!-- c -->\n<html><body>x</body></html>",
            "text/html",
        ),
        ("late.dat", b"Saved from somewhere\n<div><p>one</p><p>two</p></div>", "text/html"),
        ("prose.txt", b"The shelter holds 5 < 7 people, 3 > 2 rooms.\n", "text/plain"),
    ],
)
def test_media_type_is_sniffed_not_taken_from_extension(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    raw = read_document(write(tmp_path / name, data), SETTINGS)
    assert raw.status == "ok"
    assert raw.media_type == expected


def test_gzip_and_plain_copies_are_one_document(tmp_path: Path) -> None:
    plain = read_document(write(tmp_path / "p.html", PAGE), SETTINGS)
    zipped = read_document(write(tmp_path / "p.html.gz", gzip.compress(PAGE)), SETTINGS)
    magic_only = read_document(write(tmp_path / "p.bin", gzip.compress(PAGE)), SETTINGS)
    assert plain.id == zipped.id == magic_only.id
    assert zipped.content == PAGE and magic_only.content == PAGE
    assert zipped.media_type == "text/html"


def test_multi_member_gzip_is_read_whole(tmp_path: Path) -> None:
    data = gzip.compress(PAGE[:40]) + gzip.compress(PAGE[40:])
    assert read_document(write(tmp_path / "m.gz", data), SETTINGS).content == PAGE


def test_gz_extension_on_plain_text_is_read_as_text(tmp_path: Path) -> None:
    raw = read_document(write(tmp_path / "mislabelled.gz", PAGE), SETTINGS)
    assert raw.status == "ok" and raw.content == PAGE


def test_file_at_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    raw = read_document(write(tmp_path / "p.html", PAGE), Settings(max_bytes=len(PAGE)))
    assert raw.status == "ok"


# -- bad inputs ---------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert "No such file" in failed(tmp_path / "gone.html")


def test_directory_given_as_file(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    assert "is a directory" in failed(tmp_path / "d")


def test_empty_file(tmp_path: Path) -> None:
    assert "empty file" in failed(write(tmp_path / "e.html", b""))


def test_empty_gzip_payload(tmp_path: Path) -> None:
    assert "empty file" in failed(write(tmp_path / "e.gz", gzip.compress(b"")))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(20), "PNG"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"word/document.xml", "ZIP"),
        (b"\x7fELF\x02\x01\x01" + bytes(60), "ELF"),
        (b"<html>" + bytes(200) + b"</html>", "NUL"),
        (random.Random(7).randbytes(4096), "binary content"),
    ],
)
def test_binary_content_is_refused(tmp_path: Path, data: bytes, kind: str) -> None:
    assert kind in failed(write(tmp_path / "looks.html", data))


def test_binary_inside_gzip_is_refused(tmp_path: Path) -> None:
    pdf = b"%PDF-1.4\n" + bytes(100)
    assert "PDF" in failed(write(tmp_path / "doc.html.gz", gzip.compress(pdf)))


def test_undecodable_text_is_refused(tmp_path: Path) -> None:
    # High bytes only, no control characters: not binary by ratio, but no charset makes
    # sense of them (cp1252 has holes at 0x81/0x8d/0x8f/0x90/0x9d; others read as chaos).
    rng = random.Random(3)
    data = bytes(
        rng.choice([0x81, 0x8D, 0x8F, 0x90, 0x9D, *range(0xA0, 0x100)]) for _ in range(3000)
    )
    assert "undecodable" in failed(write(tmp_path / "garbled.txt", data))


def test_truncated_gzip(tmp_path: Path) -> None:
    rng = random.Random(1)
    body = PAGE * 50 + bytes(rng.randrange(32, 127) for _ in range(5000))
    data = gzip.compress(body)
    assert "truncated" in failed(write(tmp_path / "t.gz", data[: len(data) // 2]))


def test_corrupt_gzip(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(PAGE * 20))
    data[-6] ^= 0xFF  # inside the CRC32 trailer
    assert "corrupt gzip" in failed(write(tmp_path / "c.gz", bytes(data)))
    garbage = b"\x1f\x8b\x08\x00" + random.Random(2).randbytes(300)
    error = failed(write(tmp_path / "g.gz", garbage))
    assert "gzip" in error


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    # 200 MB of zeros compresses to ~200 kB; with a 1 MB limit reading must stop early.
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    data = b"".join(packer.compress(block) for _ in range(200)) + packer.flush()
    bomb = write(tmp_path / "bomb.html.gz", data)
    assert bomb.stat().st_size < 1_000_000
    assert "decompresses to over the limit" in failed(bomb, Settings(max_bytes=1_000_000))


def test_oversize_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:  # sparse: 64 GiB that were never written
        handle.write(b"<html>")
        handle.truncate(64 << 30)
    assert "over the limit" in failed(huge)


def test_oversize_by_one_byte(tmp_path: Path) -> None:
    assert "over the limit" in failed(
        write(tmp_path / "p.html", PAGE), Settings(max_bytes=len(PAGE) - 1)
    )


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = write(tmp_path / "secret.html", PAGE)
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    assert "Permission denied" in failed(target)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    target = write(tmp_path / "secret.html", PAGE)
    target.chmod(0)
    try:
        assert "Permission denied" in failed(target)
    finally:
        target.chmod(0o644)


def test_every_yielded_input_gets_exactly_one_record(tmp_path: Path) -> None:
    write(tmp_path / "in" / "good.html", PAGE)
    write(tmp_path / "in" / "empty.txt", b"")
    write(tmp_path / "in" / "img.html", b"\x89PNG\r\n\x1a\n" + bytes(40))
    paths = list(iter_inputs([tmp_path / "in", tmp_path / "missing"]))
    records = [read_document(p, SETTINGS) for p in paths]
    assert [r.status for r in records] == ["failed", "ok", "failed", "failed"]


def test_unreadable_directory_is_yielded_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "ok" / "a.html", PAGE)
    locked = tmp_path / "locked"
    write(locked / "b.html", PAGE)
    real_scandir, real_listdir = os.scandir, os.listdir

    def deny(fn):  # type: ignore[no-untyped-def]
        def wrapped(path):  # type: ignore[no-untyped-def]
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return fn(path)

        return wrapped

    monkeypatch.setattr(os, "scandir", deny(real_scandir))
    monkeypatch.setattr(os, "listdir", deny(real_listdir))
    found = list(iter_inputs([tmp_path]))
    assert found == [locked, tmp_path / "ok" / "a.html"]
    assert "cannot list directory: Permission denied" in failed(locked)
