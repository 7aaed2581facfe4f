"""WARC archives: response records read in constant memory with their origin, non-pages
skipped, truncated and corrupt records survived."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

from newsblotter.config import Settings, load_settings
from newsblotter.ingest.warc import Skipped, is_warc, iter_warc, response_record
from newsblotter.records import RawDocument
from servers import TextPipeline


def page(n: int) -> bytes:
    text = f"<html><body><h1>Notice {n}</h1><p>The reading room closes early.</p></body></html>"
    return text.encode()


def build(path: Path, records: list[bytes]) -> list[int]:
    """Write ``records`` to ``path``; returns each record's offset."""
    offsets = []
    with path.open("wb") as out:
        for record in records:
            offsets.append(out.tell())
            out.write(record)
    return offsets


def read(path: Path, settings: Settings | None = None) -> list[RawDocument | Skipped]:
    return list(iter_warc(path, settings or Settings()))


def test_pages_come_with_their_origin_and_non_pages_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = build(
        path,
        [
            response_record("http://a.test/1", page(1)),
            response_record("http://a.test/doc.pdf", b"%PDF-1.4 ...", "application/pdf"),
            response_record("http://a.test/moved", b"", "text/html", status=301),
            response_record("http://a.test/2", page(2), "application/xhtml+xml"),
        ],
    )
    got = read(path)
    assert [type(x).__name__ for x in got] == ["RawDocument", "Skipped", "Skipped", "RawDocument"]
    first, pdf, moved, second = got
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.uri == "http://a.test/1" and first.content == page(1)
    assert first.origin == f"{path}#{offsets[0]}" and second.origin == f"{path}#{offsets[3]}"
    assert isinstance(pdf, Skipped) and "not HTML (application/pdf)" in pdf.reason
    assert isinstance(moved, Skipped) and moved.reason == "HTTP 301"
    assert is_warc(path) and is_warc("x.WARC") and not is_warc("x.html.gz")


def test_plain_warc_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "plain.warc"
    build(path, [response_record(f"http://a.test/{n}", page(n), compress=False) for n in range(3)])
    docs = read(path)
    assert [d.uri for d in docs if isinstance(d, RawDocument)] == [
        f"http://a.test/{n}" for n in range(3)
    ]


def test_a_corrupt_member_costs_only_itself(tmp_path: Path) -> None:
    records = [response_record(f"http://a.test/{n}", page(n) * 20) for n in range(5)]
    bad = bytearray(records[2])
    bad[len(bad) // 2 : len(bad) // 2 + 40] = b"\xff" * 40
    records[2] = bytes(bad)
    path = tmp_path / "corrupt.warc.gz"
    offsets = build(path, records)
    got = read(path)
    ok = [d.uri for d in got if isinstance(d, RawDocument) and d.status == "ok"]
    failed = [d for d in got if isinstance(d, RawDocument) and d.status == "failed"]
    assert ok == ["http://a.test/0", "http://a.test/1", "http://a.test/3", "http://a.test/4"]
    assert len(failed) == 1 and failed[0].origin == f"{path}#{offsets[2]}"
    assert "corrupt WARC data" in (failed[0].error or "")
    assert f"skipped to offset {offsets[3]}" in (failed[0].error or "")


def test_garbage_between_records_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "garbage.warc"
    records = [response_record(f"http://a.test/{n}", page(n), compress=False) for n in range(3)]
    build(path, [records[0], b"this is not a WARC record\r\n" * 5, records[1], records[2]])
    got = read(path)
    assert [d.uri for d in got if isinstance(d, RawDocument) and d.status == "ok"] == [
        "http://a.test/0",
        "http://a.test/1",
        "http://a.test/2",
    ]
    assert sum(isinstance(d, RawDocument) and d.status == "failed" for d in got) == 1


def test_truncated_archives_end_with_a_failure(tmp_path: Path) -> None:
    for name, compress in (("t.warc.gz", True), ("t.warc", False)):
        records = [
            response_record(f"http://a.test/{n}", page(n) * 50, compress=compress) for n in range(3)
        ]
        data = b"".join(records)
        path = tmp_path / name
        path.write_bytes(data[: len(data) - len(records[2]) // 2])  # cut inside the last record
        got = read(path)
        ok = [d for d in got if isinstance(d, RawDocument) and d.status == "ok"]
        bad = [d for d in got if isinstance(d, RawDocument) and d.status == "failed"]
        assert len(ok) == 2, name
        assert len(bad) == 1 and (
            "truncated" in (bad[0].error or "") or "corrupt" in (bad[0].error or "")
        )


def test_missing_and_oversize(tmp_path: Path) -> None:
    missing = read(tmp_path / "none.warc.gz")
    assert len(missing) == 1 and isinstance(missing[0], RawDocument)
    assert "No such file" in (missing[0].error or "")
    path = tmp_path / "big.warc.gz"
    build(path, [response_record("http://a.test/big", b"<p>" + b"z" * 5000 + b"</p>")])
    got = read(path, load_settings(env={}, max_bytes=1000))
    assert isinstance(got[0], RawDocument) and "over the limit of 1000" in (got[0].error or "")


def test_memory_stays_flat_over_many_records(tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    body = b"<html><body>" + b"<p>Filler paragraph about tides.</p>" * 300 + b"</body></html>"
    with path.open("wb") as out:
        for n in range(3000):  # ~33 MB of pages
            out.write(response_record(f"http://a.test/{n}", body + str(n).encode()))
    tracemalloc.start()
    count = 0
    for item in iter_warc(path, Settings()):
        count += isinstance(item, RawDocument) and item.status == "ok"
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 3000
    assert peak < 5_000_000  # a few records' worth, not the archive


def test_ingest_keeps_the_warc_origin_and_counts_skips(tmp_path: Path) -> None:
    path = tmp_path / "in.warc.gz"
    offsets = build(
        path,
        [
            response_record("http://a.test/1", page(1)),
            response_record("http://a.test/img", b"\x89PNG\r\n\x1a\n", "image/png"),
            response_record("http://a.test/2", page(2) + b"NO STORY"),
            gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"),  # headers cut short
        ],
    )
    pipe = TextPipeline(load_settings(env={}, db=str(tmp_path / "w.db")))
    report = pipe.ingest([path])
    assert (report.ingested, report.skipped, report.failed) == (1, 1, 2)
    docs = list(pipe.db.iter_documents())
    assert [(d.uri, d.origin) for d in docs] == [("http://a.test/1", f"{path}#{offsets[0]}")]
    failures = dict(pipe.db.failures())
    assert "no article text found" in failures["http://a.test/2"]
    assert any("truncated record" in e for e in failures.values())
