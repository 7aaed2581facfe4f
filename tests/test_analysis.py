"""The analysis is a pure function of each document: it writes nothing (no gazetteer addition,
no vector cache, no database), so the same inputs give the same database whatever their order
and however many workers analysed them; and a long pool run with workers replaced every few
documents, while the parent writes, finishes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import DateTime

from newsblotter.analysis import Analyzer
from newsblotter.config import load_settings
from newsblotter.merge import model_texts
from newsblotter.merge.vectors import load_contextual
from newsblotter.pipeline import Pipeline
from newsblotter.records import Article
from newsblotter.store import schema

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CORPUS = REPO / "corpus" / "articles"

# Invented: a group no gazetteer knows introduces itself, then claims the attack.
INTRODUCING = (
    "Bomb kills four at bus station in Varnel\n"
    "A bomb exploded at the central bus station in Varnel on Monday, killing four people and "
    "wounding eleven, police said.\n"
    "A previously unknown group calling itself the Copper Valley Front said in a statement that "
    "its fighters had planted the bomb. The Copper Valley Front claimed responsibility for the "
    "attack on its channel, and the interior ministry blamed the group."
)


def article(text: str, document: str = "a" * 64) -> Article:
    return Article(
        document=document,
        text=text,
        title=text.split("\n")[0],
        published=dt.date(2024, 5, 6),
        published_precision="day",
        extractor="test",
    )


def test_analysis_adds_no_actor_and_keeps_no_vector(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    analyzer = Analyzer(
        load_settings(env={}, db="", cache_dir=str(cache), text_model="minilm", triage="on")
    )
    known = len(analyzer.actors)
    first = analyzer.analyse(article(INTRODUCING))
    second = analyzer.analyse(article(INTRODUCING))  # the first one's actor is not seen
    assert [a.id for a in first.new_actors] == ["copper-valley-front"]
    assert first == second
    assert len(analyzer.actors) == known and analyzer.actors.get("copper-valley-front") is None
    claimants = {s.responsible.id for s in first.statements if s.responsible and s.kind == "claim"}
    assert claimants == {"copper-valley-front"}  # resolved within the article all the same
    assert not cache.exists()  # no vector store opened, let alone written
    assert first.vector is not None
    # the vector is the one the merger would compute for the article, and once kept by the
    # writer it is read back, not encoded again
    merger = load_contextual(cache)
    merger.keep([first.vector])
    again = merger.encode(model_texts([article(INTRODUCING)]))
    assert merger.encoded == 0
    assert np.array_equal(again[0], np.asarray(first.vector.values, dtype=np.float32))


def test_a_view_of_the_gazetteer_keeps_its_additions(tmp_path: Path) -> None:
    analyzer = Analyzer(load_settings(env={}, db=""))
    base = analyzer.actors
    view = base.view()
    made = view.introduced_actor("Copper Valley Front")
    assert view.resolve("the Copper Valley Front") == made
    assert base.resolve("Copper Valley Front") is None and made.id not in base
    assert base.resolve("ISIS-K") == view.resolve("ISIS-K") is not None


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables analysis and merging fill, less times and run ids."""
    tables = [
        schema.documents,
        schema.failures,
        schema.articles,
        schema.mentions,
        schema.statements,
        schema.attributions,
        schema.actors,
        schema.incidents,
        schema.incident_mentions,
        schema.incident_actors,
    ]
    out = {}
    with sqlite3.connect(db) as conn:
        for table in tables:
            names = [c.name for c in table.columns if not isinstance(c.type, DateTime)]
            listed = ", ".join(names)
            found = conn.execute(f"SELECT {listed} FROM {table.name} ORDER BY {listed}").fetchall()
            out[table.name] = found
    return out


def test_order_and_workers_do_not_change_what_is_stored(tmp_path: Path) -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    runs = {"sorted, 1 worker": (files, 1), "reversed, 1 worker": (files[::-1], 1)}
    runs["sorted, 2 workers"] = (files, 2)
    stored = {}
    analyzer = Analyzer(load_settings(env={}, db="", text_model="minilm"))
    for n, (name, (inputs, workers)) in enumerate(runs.items()):
        folder = tmp_path / str(n)
        folder.mkdir()
        settings = load_settings(
            env={}, db=str(folder / "nb.db"), cache_dir=str(folder / "cache"), text_model="minilm"
        )
        pipe = Pipeline(settings)
        # one loaded analysis serves every run: it holds nothing of a database or a cache
        pipe.__dict__["analyzer"] = analyzer
        report = pipe.ingest(inputs, workers=workers)
        assert report.failed == 0, report.failures
        pipe.db.close()
        stored[name] = rows(folder / "nb.db")
    reference = stored["sorted, 1 worker"]
    assert len(reference["documents"]) == len(files)
    assert reference["mentions"] and reference["statements"] and reference["incidents"]
    for name, found in stored.items():
        for table, expected in reference.items():
            assert found[table] == expected, f"{name}: table {table} differs"
    # the writer kept one text vector per analysed article
    with sqlite3.connect(tmp_path / "0" / "cache" / "minilm-l6-vectors.sqlite") as conn:
        vectors = conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
    analysed = sum(1 for row in reference["articles"] if row[-1])
    assert vectors == analysed > 0


LONG_RUN = textwrap.dedent(
    """
    import sys
    from newsblotter.config import load_settings
    from newsblotter.pipeline import Pipeline

    settings = load_settings(
        env={}, db=sys.argv[1], cache_dir=sys.argv[2], recycle_after=int(sys.argv[4])
    )
    pipe = Pipeline(settings)
    report = pipe.ingest([sys.argv[3]], workers=2)
    print(report.summary(), pipe.db.stats()["articles"])
    """
)

QUIET = (
    "<html><head><title>Parks board minutes {n}</title></head><body><article>"
    "<h1>Parks board minutes {n}</h1><p>The parks board met on Tuesday evening and agreed to "
    "repaint the benches along the river path, item {n} on its agenda. Members asked the "
    "council for a second gardener and for longer opening hours at the rose garden.</p>"
    "</article></body></html>"
)
VIOLENT = (
    "<html><head><title>Gunmen attack depot {n}</title></head><body><article>"
    "<h1>Gunmen attack depot {n}</h1><p>Gunmen attacked a fuel depot in the town of Marsa on "
    "Monday, killing {k} guards, police said. The Dune Brigades said their fighters carried "
    "out the attack on depot {n}.</p><p>Several workers were wounded and taken to hospital, "
    "and the interior ministry said two suspects had been arrested.</p></article></body></html>"
)


def test_a_long_pool_run_with_workers_recycled_every_few_documents_finishes(
    tmp_path: Path,
) -> None:
    from newsblotter.ingest.warc import response_record

    total = 2000
    records = []
    for n in range(total):
        page = VIOLENT.format(n=n, k=2 + n % 5) if n % 100 == 0 else QUIET.format(n=n)
        records.append(response_record(f"http://a.test/{n}", page.encode()))
    warc = tmp_path / "many.warc.gz"
    warc.write_bytes(b"".join(records))
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "OMP_NUM_THREADS": "1"}
    args = [str(tmp_path / "nb.db"), str(tmp_path / "cache"), str(warc), "10"]
    proc = subprocess.Popen(
        [sys.executable, "-c", LONG_RUN, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so that a hang's workers can be stopped with it
    )
    try:
        out, err = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the pool run hung (no end after 300 s)")
    assert proc.returncode == 0, err[-2000:]
    assert out.split() == ["ingested", "2000,", "unchanged", "0,", "failed", "0", "2000"]
