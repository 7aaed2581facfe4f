"""Running long and large: the process pool, worker recycling, resumable runs over folders,
URL lists and WARC files, and a kill -9 that leaves the database consistent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import servers as s
from newsblotter.config import load_settings
from newsblotter.ingest.warc import response_record
from newsblotter.records import Extraction, RawDocument
from servers import TextPipeline

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"


class PidPipeline(TextPipeline):
    """Stamps each article with the pid of the process that analysed it."""

    def analyze(self, raw: RawDocument) -> Extraction:
        extraction = super().analyze(raw)
        extraction.article.extractor = f"stub/{os.getpid()}"
        return extraction


def story(n: int, extra: str = "") -> str:
    body = f"<p>Minutes of meeting {n} of the parks board.{extra}</p>"
    return f"<html><body><h1>Item {n}</h1>{body}</body></html>"


def folder(root: Path, count: int, crash: set[int] = frozenset()) -> Path:  # type: ignore[assignment]
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (root / f"{n:03}.html").write_text(story(n, " CRASH" if n in crash else ""))
    return root


def pipeline(
    tmp_path: Path, cls: type[TextPipeline] = TextPipeline, **settings: object
) -> TextPipeline:
    return cls(load_settings(env={}, db=str(tmp_path / "nb.db"), **settings))


def content(pipe: TextPipeline) -> list[tuple[str, str, str]]:
    return sorted((a.document, a.text, a.url or "") for a in pipe.db.articles())


def test_pool_gives_the_same_database_as_one_process(tmp_path: Path) -> None:
    pages = folder(tmp_path / "pages", 30, crash={7})
    one = pipeline(tmp_path / "one")
    (tmp_path / "one").mkdir()
    two = pipeline(tmp_path / "two")
    (tmp_path / "two").mkdir()
    first = one.ingest([pages], workers=1)
    second = two.ingest([pages], workers=2)
    assert (first.ingested, first.failed) == (second.ingested, second.failed) == (29, 1)
    assert content(one) == content(two)
    assert dict(one.db.failures()) == dict(two.db.failures())
    assert "analysis failed (RuntimeError: analysis bug)" in second.failures[0][1]


def test_workers_are_recycled(tmp_path: Path) -> None:
    pages = folder(tmp_path / "pages", 24)
    pipe = pipeline(tmp_path, PidPipeline, recycle_after=4)
    report = pipe.ingest([pages], workers=2)
    assert report.ingested == 24
    pids = {a.extractor for a in pipe.db.articles()}
    assert f"stub/{os.getpid()}" not in pids  # analysed in workers, not here
    assert len(pids) >= 24 // 4  # each worker handled at most 4 documents


class Interrupt(Exception):
    pass


def stop_after(count: int) -> object:
    seen = []

    def progress(uri: str) -> None:
        seen.append(uri)
        if len(seen) == count:
            raise Interrupt

    return progress


@pytest.fixture
def server() -> Iterator[s.LoopbackServer]:
    routes = {"/robots.txt": s.status(404)}
    routes.update({f"/p/{n}": s.page(story(n).encode()) for n in range(12)})
    with s.LoopbackServer(routes) as srv:
        yield srv


@pytest.mark.parametrize("kind", ["folder", "urls", "warc"])
def test_an_interrupted_run_resumes_where_it_stopped(
    tmp_path: Path, server: s.LoopbackServer, kind: str
) -> None:
    if kind == "folder":
        inputs = [str(folder(tmp_path / "pages", 12))]
    elif kind == "urls":
        listing = tmp_path / "list.txt"
        listing.write_text("# parks board\n" + "\n".join(server.url(f"/p/{n}") for n in range(12)))
        inputs = [f"@{listing}"]
    else:
        warc = tmp_path / "in.warc.gz"
        warc.write_bytes(
            b"".join(response_record(f"http://a.test/{n}", story(n).encode()) for n in range(12))
        )
        inputs = [str(warc)]
    pipe = pipeline(tmp_path, host_delay_ms=0, allow_private="127.0.0.1/32")
    analysed: list[str] = []
    original = pipe.analyze

    def counting(raw: RawDocument) -> Extraction:
        analysed.append(raw.uri)
        return original(raw)

    pipe.analyze = counting  # type: ignore[method-assign]
    with pytest.raises(Interrupt):
        pipe.ingest(inputs, progress=stop_after(5), workers=1)  # type: ignore[arg-type]
    assert pipe.db.stats()["documents"] == 5
    first = len(analysed)
    report = pipe.ingest(inputs, workers=1)
    assert report.resumed
    assert report.ingested == 7 and pipe.db.stats()["documents"] == 12
    # at most the batch of progress not yet flushed is seen again, never analysed twice
    assert len(analysed) == 12 and first == 5
    if kind == "urls":
        assert all(server.hits[f"/p/{n}"] <= 2 for n in range(12))
    again = pipe.ingest(inputs, workers=1)  # a finished run starts afresh
    assert not again.resumed and again.unchanged == 12 and again.ingested == 0


KILLED = textwrap.dedent(
    """
    import sys, time
    from servers import TextPipeline
    from newsblotter.config import load_settings

    class Slow(TextPipeline):
        def analyze(self, raw):
            time.sleep(0.02)
            return super().analyze(raw)

    pipe = Slow(load_settings(env={}, db=sys.argv[1]))
    pipe.ingest([sys.argv[2]], workers=int(sys.argv[3]))
    """
)


@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_leaves_a_consistent_database_and_the_run_resumes(
    tmp_path: Path, workers: int
) -> None:
    warc = tmp_path / "big.warc.gz"
    total = 400
    warc.write_bytes(
        b"".join(response_record(f"http://a.test/{n}", story(n).encode()) for n in range(total))
    )
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{TESTS}"}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(db), str(warc), str(workers)],
        env=env,
        start_new_session=True,  # so the kill reaches the pool's workers too
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                continue  # schema not there yet
            if stored >= 40:
                break
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs, articles = conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles)"
        ).fetchone()
        orphans = conn.execute(
            "SELECT count(*) FROM documents d LEFT JOIN articles a ON a.document = d.id "
            "WHERE a.document IS NULL"
        ).fetchone()[0]
        done = conn.execute("SELECT count(*) FROM run_items").fetchone()[0]
    assert 40 <= docs < total and docs == articles and orphans == 0
    assert done <= docs  # progress is only recorded after the document is stored
    pipe = TextPipeline(load_settings(env={}, db=str(db)))
    report = pipe.ingest([warc], workers=workers)
    assert report.resumed
    assert report.ingested + report.unchanged == total - done
    assert report.ingested == total - docs
    assert pipe.db.stats()["documents"] == total


NEWS = (
    "<html><head><title>Depot fire</title></head><body><article><h1>Depot fire</h1>"
    "<p>Gunmen set fire to a bus depot in the northern town of Kessel on Tuesday, police said. "
    "Two guards were wounded and taken to the district hospital, a spokesman told reporters.</p>"
    "<p>No group has said it carried out the attack. Buses from the depot were kept off the "
    "roads for the rest of the day while investigators examined the site.</p>"
    "</article></body></html>"
)


def test_cli_ingest_urls_and_warc_with_workers(tmp_path: Path, server: s.LoopbackServer) -> None:
    from click.testing import CliRunner

    from newsblotter.cli import cli

    server.routes["/news"] = s.page(NEWS.encode())
    warc = tmp_path / "in.warc.gz"
    warc.write_bytes(response_record("http://a.test/w", NEWS.replace("Tuesday", "Monday").encode()))
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    # the test server's address is loopback, refused unless allowed
    local_env = {"NEWSBLOTTER_HOST_DELAY_MS": "0", "NEWSBLOTTER_ALLOW_PRIVATE": "127.0.0.1/32"}
    args = ["--db", db, "ingest", "--workers", "2", server.url("/news"), server.url("/gone")]
    result = runner.invoke(cli, [*args, str(warc)], env=local_env)
    assert result.exit_code == 1, result.output
    assert f"failed: {server.url('/gone')}: HTTP 404 Not Found" in result.output
    assert "ingested 2, unchanged 0, failed 1" in result.output
    again = runner.invoke(cli, [*args, str(warc)], env=local_env)
    assert "ingested 0, unchanged 2, failed 1" in again.output


def test_a_ray_node_that_times_out_starting_is_started_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ray gives its raylet a fixed 30 s; on a busy machine the start is tried again, and
    after the last try the run stops with one line."""
    ray = pytest.importorskip("ray")
    from newsblotter.engine import raydata

    calls: list[int] = []

    def init(**kwargs: object) -> None:
        calls.append(1)
        if len(calls) < 3:
            raise Exception("The current node timed out during startup. This could happen...")

    monkeypatch.setattr(ray, "init", init)
    monkeypatch.setattr(ray, "shutdown", lambda: None)
    raydata._start_local(3, {})
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(RuntimeError, match=r"did not start in 2 tries of 30 s"):
        raydata._start_local(3, {}, tries=2)
    assert len(calls) == 2

    def broken(**kwargs: object) -> None:
        raise ValueError("bad address")

    monkeypatch.setattr(ray, "init", broken)
    with pytest.raises(ValueError, match="bad address"):  # other failures are not retried
        raydata._start_local(3, {})
