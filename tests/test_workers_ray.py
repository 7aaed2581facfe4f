"""The Ray engine (Ray local) gives the same database as the process pool. Ray is heavy to
start, so this runs only with NEWSBLOTTER_TEST_RAY=1 (and ray installed: ``pip install
.[ray]``)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from newsblotter.config import load_settings
from newsblotter.ingest.warc import response_record
from newsblotter.pipeline import Pipeline
from newsblotter.records import RawDocument

pytestmark = pytest.mark.skipif(
    os.environ.get("NEWSBLOTTER_TEST_RAY") != "1",
    reason="Ray engine test: set NEWSBLOTTER_TEST_RAY=1 to run it",
)

ATTACK = (
    "<html><head><title>Depot attack</title></head><body><article><h1>Depot attack</h1>"
    "<p>Gunmen attacked a fuel depot in the town of Marsa on {day}, killing {n} guards, the "
    "regional police chief said. Several workers were wounded and taken to hospital.</p>"
    "<p>The Dune Brigades said in a statement that its fighters had carried out the attack. "
    "The interior ministry blamed the group and said two suspects had been arrested.</p>"
    "</article></body></html>"
)
QUIET = (
    "<html><head><title>Library hours</title></head><body><article><h1>Library hours</h1>"
    "<p>The city library will open on Sundays from March, the council said on {day}, after "
    "{n} hundred residents signed a petition asking for longer weekend hours.</p>"
    "<p>Staff will be moved from the archive, which will close on Mondays instead.</p>"
    "</article></body></html>"
)


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "documents": "SELECT id, uri, origin FROM documents ORDER BY id",
        "articles": "SELECT document, text FROM articles ORDER BY document",
        "mentions": "SELECT id, data FROM mentions ORDER BY id",
        "statements": "SELECT id, data FROM statements ORDER BY id",
        "incidents": "SELECT id, data FROM incidents ORDER BY id",
        "failures": "SELECT uri, error FROM failures ORDER BY uri",
    }
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def test_ray_local_equals_the_pool(tmp_path: Path) -> None:
    warc = tmp_path / "mix.warc.gz"
    records = []
    for n, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday"], start=2):
        records.append(
            response_record(f"http://a.test/attack/{n}", ATTACK.format(day=day, n=n).encode())
        )
        records.append(
            response_record(f"http://a.test/quiet/{n}", QUIET.format(day=day, n=n).encode())
        )
    records.append(response_record("http://a.test/file.pdf", b"%PDF-1.4", "application/pdf"))
    records.append(response_record("http://a.test/short", b"<html><p>Too short.</p></html>"))
    warc.write_bytes(b"".join(records))
    reports = {}
    for engine in ("pool", "ray"):
        pipe = Pipeline(load_settings(env={}, db=str(tmp_path / f"{engine}.db")))
        reports[engine] = pipe.ingest([warc], workers=2, engine=engine)
        pipe.db.close()
    assert reports["ray"].summary() == reports["pool"].summary()
    assert (reports["pool"].ingested, reports["pool"].skipped, reports["pool"].failed) == (8, 1, 1)
    pool, ray = rows(tmp_path / "pool.db"), rows(tmp_path / "ray.db")
    assert pool["mentions"] and pool["incidents"]
    assert ray == pool


def _crashing_analysis() -> Callable[[Sequence[RawDocument]], list[str]]:
    """An analysis whose process dies on a document named "crash"."""

    def analyse(raws: Sequence[RawDocument]) -> list[str]:
        if any(raw.uri == "crash" for raw in raws):
            os._exit(1)
        return [f"read {raw.uri}" for raw in raws]

    return analyse


def test_a_batch_whose_actor_dies_fails_alone_and_the_actor_is_started_again() -> None:
    import ray

    from newsblotter.engine.raydata import RayPool, ray_session

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the actor reads it
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    raws = [RawDocument(uri, uri, b"<p></p>", "text/html", when) for uri in ("a", "crash", "b")]
    pairs = [(n, raw) for n, raw in enumerate(raws)] + [(3, None)]
    with ray_session(load_settings(env={}, db=""), 1):
        pool = RayPool(_crashing_analysis, 1, chunk=1)
        try:
            found = list(pool.map(pairs))
        finally:
            pool.close()
    assert [(n, result) for n, _, result in found[:1] + found[2:]] == [
        (0, "read a"),
        (2, "read b"),
        (3, None),
    ]
    assert found[1][0] == 1
    assert str(found[1][2]).startswith("crash: worker failed (")
