"""The store against SQLite and a real PostgreSQL server (``.ci/pg-start``; URL in
NEWSBLOTTER_TEST_PG): same schema and migrations, same answers, many concurrent writers."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import make_url

from newsblotter.config import load_settings
from newsblotter.records import (
    ActorRef,
    Article,
    Count,
    Extraction,
    Incident,
    IncidentMention,
    Place,
    Provenance,
    RawDocument,
    Speaker,
    Statement,
)
from newsblotter.store import Database, open_db
from newsblotter.store.engine import to_url
from newsblotter.store.migrate import head
from newsblotter.store.schema import metadata
from newsblotter.store.sources import SourceStore
from servers import TextPipeline

PG_ENV = "NEWSBLOTTER_TEST_PG"
T0 = dt.datetime(2025, 1, 6, 10, 0, tzinfo=dt.UTC)


def _admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: start a server with `bash .ci/pg-start`")
    return url


def _create_pg_database() -> tuple[str, str]:
    import psycopg

    admin = to_url(_admin_url())
    name = f"nb_test_{uuid.uuid4().hex[:12]}"
    plain = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(database=name).render_as_string(hide_password=False), name


def _drop_pg_database(name: str) -> None:
    import psycopg

    admin = to_url(_admin_url()).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "nb.db")
        return
    url, name = _create_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(name)


@pytest.fixture
def pg_url() -> Iterator[str]:
    url, name = _create_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(name)


def raw(body: str, uri: str, origin: str | None = None) -> RawDocument:
    content = f"<html><body><p>{body}</p></body></html>".encode()
    return RawDocument(
        hashlib.sha256(content).hexdigest(), uri, content, "text/html", T0, origin=origin
    )


def extraction(doc: RawDocument, kills: int = 3, actor: str = "kessel_front") -> Extraction:
    article = Article(
        doc.id,
        "Gunmen attacked a checkpoint near Kessel, killing three soldiers, officials said.",
        title="Checkpoint attack",
        url=doc.uri,
        published=dt.date(2025, 1, 6),
        published_precision="day",
        extractor="test/1",
    )
    place = Place("Kessel", "DE", lat=50.0, lon=8.0)
    mention = IncidentMention(
        f"{doc.id}:0",
        Provenance(doc.id, 0, 20, "test/1"),
        "armed_assault",
        date=dt.date(2025, 1, 6),
        date_precision="day",
        place=place,
        killed=Count(kills, "exact", None, None),
        perpetrators=[ActorRef("Kessel Front", actor)],
    )
    statement = Statement(
        f"{doc.id}:s0",
        "attribution",
        Provenance(doc.id, 0, 80, "test/1"),
        "Officials blamed the Kessel Front.",
        Speaker("officials", "unnamed_official"),
        responsible=ActorRef("Kessel Front", actor),
        incident=mention.id,
    )
    return Extraction(article, [mention], [statement])


def test_migrated_schema_is_the_same_on_both(db_url: str) -> None:
    with open_db(db_url) as db:
        assert db.migrated

        def ours(name: str | None, type_: str, *_: object) -> bool:
            return not (type_ == "table" and name is not None and name.startswith("articles_fts"))

        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_name": ours, "compare_type": True}
            )
            assert compare_metadata(context, metadata) == []
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == head()
    with open_db(db_url) as db:
        assert not db.migrated


def test_documents_extractions_incidents_and_queries(db_url: str) -> None:
    with open_db(db_url) as db:
        a = raw("first report", "http://a.test/1", origin="/crawl/x.warc.gz#120")
        b = raw("second report", "http://a.test/2")
        assert db.save_document(a, extraction(a, kills=3))
        assert db.save_document(b, extraction(b, kills=5))
        assert not db.save_document(a, extraction(a, kills=4))  # same bytes: not new
        assert db.document_status(a.id) == "ok" and db.document_status("nope") is None
        stored = {d.id: d for d in db.iter_documents()}
        assert stored[a.id].content == a.content and stored[a.id].origin == a.origin
        assert stored[a.id].fetched_at == T0
        mentions = {m.id: m for m in db.load_mentions()}
        killed = mentions[f"{a.id}:0"].killed
        assert killed is not None and killed.value == 4  # replaced, not added
        assert len(db.load_statements()) == 2
        db.record_failure("http://a.test/3", "http://a.test/3: HTTP 500\nafter 3 attempts")
        assert db.failures() == [("http://a.test/3", "http://a.test/3: HTTP 500 after 3 attempts")]
        incident = Incident(
            "inc-1",
            "armed_assault",
            [f"{a.id}:0", f"{b.id}:0"],
            [a.id, b.id],
            date=dt.date(2025, 1, 6),
            place=Place("Kessel", "DE"),
        )
        db.replace_incidents([incident])
        assert [i.id for i in db.incidents()] == ["inc-1"]
        assert db.incident("inc-1") == incident
        assert {s.id for s in db.statements(incident="inc-1")} == {f"{a.id}:s0", f"{b.id}:s0"}
        assert db.search("checkpoint")  # FTS5 on SQLite, LIKE on PostgreSQL
        stats = db.stats()
        assert (stats["documents"], stats["articles"], stats["incidents"]) == (2, 2, 1)


def test_source_bookkeeping(db_url: str) -> None:
    with open_db(db_url) as db:
        store = SourceStore(db)
        assert store.add_feed("http://f.test/rss", 600)
        assert not store.add_feed("http://f.test/rss", 600)
        feed = store.due_feeds()[0]
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        new = store.feed_polled(
            feed.url, next_poll_at=later, etag='"e1"', items=[("k1", "http://a.test/1")] * 2
        )
        assert new == 1 and store.due_feeds() == []
        assert store.feed_polled(feed.url, next_poll_at=later, items=[("k1", "u")]) == 0
        pending = store.pending_items()
        store.finish_item(pending[0], "done", "doc1")
        assert store.item_states(feed.url) == {"k1": "done"}
        store.feed_polled(feed.url, next_poll_at=later, error="HTTP 500")
        failing = store.feed(feed.url)
        assert failing is not None and failing.failures == 1 and failing.etag == '"e1"'
        store.remember("http://a.test/1", '"v"', None, "doc1")
        store.remember("http://a.test/1", '"w"', "Mon, 06 Jan 2025 10:00:00 GMT", "doc1")
        assert store.validators("http://a.test/1") == (
            '"w"',
            "Mon, 06 Jan 2025 10:00:00 GMT",
            "doc1",
        )
        run, resumed = store.start_run(["/in"])
        assert not resumed and store.start_run(["/in"]) == (run, True)
        store.record_items(
            run, [("/in", "/in/a", "ingested", "d"), ("/in", "/in/a", "ingested", "d")]
        )
        assert store.done_items(run, "/in") == {"/in/a"}
        store.finish_run(run)
        assert store.start_run(["/in"])[1] is False and store.done_items(run, "/in") == set()
        assert store.remove_feed(feed.url) and store.pending_items() == []


def _writer(url: str, worker: int, rounds: int) -> None:
    """Save overlapping documents that name the same actor, as parallel workers would."""
    from newsblotter.records import Actor

    with open_db(url) as db:
        for n in range(rounds):
            doc = raw(f"shared report {n % 6}", f"http://w.test/{worker}/{n}")
            found = extraction(doc, kills=n % 6)
            found.new_actors = [
                Actor("kessel_front", "Kessel Front", "armed_group"),
                Actor(f"cell_{n % 3}", f"Cell {n % 3}", "armed_group"),
            ]
            db.save_document(doc, found)
            db.record_failure(f"http://w.test/bad/{n % 4}", f"failed by {worker}")


def test_many_concurrent_writers(db_url: str) -> None:
    open_db(db_url).close()  # migrate once, as the CLI does before starting workers
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_writer, args=(db_url, w, 30)) for w in range(6)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
    assert [p.exitcode for p in procs] == [0] * 6
    with open_db(db_url) as db:
        stats = db.stats()
        assert stats["documents"] == 6 and stats["articles"] == 6
        assert stats["mentions"] == 6 and stats["statements"] == 6  # replaced, never doubled
        assert stats["failures"] == 4
        kills = sorted(m.killed.value for m in db.load_mentions() if m.killed)
        assert kills == [0, 1, 2, 3, 4, 5]
        assert {a.id for a in db.actors()} >= {"kessel_front", "cell_0", "cell_1", "cell_2"}


def test_pipeline_ingest_with_workers_gives_the_same_content(tmp_path: Path, pg_url: str) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(12):
        (pages / f"{n}.html").write_text(
            f"<html><body><p>Parks board minutes {n}.</p></body></html>"
        )
    (pages / "bad.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    lite = TextPipeline(load_settings(env={}, db=str(tmp_path / "lite.db")))
    pg = TextPipeline(load_settings(env={}, db=pg_url))
    assert lite.ingest([pages], workers=1).summary() == pg.ingest([pages], workers=2).summary()

    def content(db: Database) -> list[tuple[str, str]]:
        return sorted((a.document, a.text) for a in db.articles())

    assert content(lite.db) == content(pg.db)
    assert [e for _, e in lite.db.failures()] == [e for _, e in pg.db.failures()]


def test_every_command_takes_a_postgresql_url(pg_url: str) -> None:
    from newsblotter.cli import cli

    # the plain form users type, which means psycopg 3 here
    plain = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    runner = CliRunner()
    for args in (
        ["feeds", "add", "http://f.test/rss"],
        ["feeds", "list"],
        ["incidents"],
        ["actors"],
        ["export"],
        ["reprocess"],
    ):
        result = runner.invoke(cli, ["--db", plain, *args])
        assert result.exit_code == 0, (args, result.output)
    listed = runner.invoke(cli, ["--db", plain, "feeds", "list"])
    assert "http://f.test/rss" in listed.output
