"""Migrations and crash safety: upgrade paths, schema drift, SIGKILL during writes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from newsblotter.ingest.stories import story_key
from newsblotter.store import StoreError, open_db
from newsblotter.store.engine import make_engine, to_url
from newsblotter.store.migrate import current, head, render_sql, upgrade
from newsblotter.store.schema import metadata

SRC = Path(__file__).resolve().parents[1] / "src"


def version(path: Path) -> str:
    row = sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0])


def test_migrated_schema_matches_table_definitions(tmp_path: Path) -> None:
    engine = make_engine(to_url(str(tmp_path / "s.db")))
    upgrade(engine)

    def ours(name: str | None, type_: str, *_: object) -> bool:
        return not (type_ == "table" and name is not None and name.startswith("articles_fts"))

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": ours, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []
    engine.dispose()


def test_second_open_at_head_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    with open_db(str(path)) as db:
        assert db.migrated
    schema = sqlite3.connect(path).execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    with open_db(str(path)) as db:
        assert not db.migrated
    assert version(path) == head()
    after = sqlite3.connect(path).execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert after == schema


def test_old_database_is_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(to_url(str(path)))
    assert upgrade(engine, "0001")
    with engine.begin() as conn:
        assert current(conn) == "0001"
        assert not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'"
        ).first()
        conn.execute(
            text(
                "INSERT INTO documents (id, uri, media_type, fetched_at, status, size, content) "
                "VALUES ('d1', '/a.html', 'text/html', :at, 'ok', 0, x'')"
            ),
            {"at": dt.datetime(2024, 1, 1)},
        )
        conn.execute(
            text(
                "INSERT INTO articles (document, title, text, extractor, data) "
                "VALUES ('d1', 'Old', 'Gunfire near the harbour at dawn.', 'v0', :data)"
            ),
            {"data": '{"document": "d1", "title": "Old"}'},
        )
    engine.dispose()
    with open_db(str(path)) as db:
        assert db.migrated
        assert version(path) == head()
        assert db.search("harbour") == ["d1"]  # FTS backfilled from existing articles
        article = db.article("d1")
        assert article is not None and article.text == "Gunfire near the harbour at dawn."
        with db.engine.connect() as conn:  # story keys backfilled (one stored copy per story)
            keys = conn.exec_driver_sql("SELECT document, story_key FROM articles").all()
        assert [tuple(k) for k in keys] == [("d1", story_key(article.text))]


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_db(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="9999") as info:
        open_db(str(path))
    assert str(path) in str(info.value)


WRITER = textwrap.dedent(
    """
    import datetime as dt, hashlib, sys
    from newsblotter.records import *
    from newsblotter.store import open_db

    db = open_db(sys.argv[1])
    n = 0
    while True:
        content = f"<p>doc {n % 7}</p>".encode()
        doc = hashlib.sha256(content).hexdigest()
        db.add_document(RawDocument(doc, f"/in/{n}", content, "text/html",
                                    dt.datetime.now(dt.UTC)))
        k = 2 + n % 5  # each version of an extraction has k mentions and k statements
        article = Article(doc, "x" * 2000, title=str(k), extractor="w")
        mentions = [IncidentMention(f"{doc}:{i}", Provenance(doc, i, i + 1, "w"), "bombing")
                    for i in range(k)]
        statements = [Statement(f"{doc}:s{i}", "claim", Provenance(doc, 0, 1, "w"), "t",
                                Speaker(None, "group"), incident=f"{doc}:{i}")
                      for i in range(k)]
        db.save_extraction(Extraction(article, mentions, statements))
        if n % 11 == 0:
            db.replace_incidents([Incident(f"i{j}", "bombing", [f"{doc}:0"], [doc])
                                  for j in range(n % 13)])
        n += 1
        if n == 25:
            print("ready", flush=True)
    """
)


def test_sigkill_mid_write_leaves_a_consistent_database(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    open_db(str(path)).close()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for round_ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], env=env, stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", "writer did not start"
        time.sleep(0.02 + 0.03 * round_)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL

        with open_db(str(path)) as db:
            assert not db.migrated
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            articles = db.articles()
            assert articles, "nothing was written before the kill"
            mentions = db.load_mentions()
            statements = db.load_statements()
            for article in articles:
                k = int(article.title or "0")
                assert sum(m.provenance.document == article.document for m in mentions) == k
                assert sum(s.provenance.document == article.document for s in statements) == k
            assert len(db.incidents()) in range(13)
            assert all(i.id.startswith("i") for i in db.incidents())


def test_migrations_render_portable_postgresql_ddl() -> None:
    sql = render_sql("postgresql")
    for table in metadata.tables:
        assert f"CREATE TABLE {table} (" in sql
    assert "JSONB" in sql and "BYTEA" in sql and "TIMESTAMP WITH TIME ZONE" in sql
    assert "fts5" not in sql.lower() and "BLOB" not in sql
    assert f"UPDATE alembic_version SET version_num='{head()}'" in sql
