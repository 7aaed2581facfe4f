"""Database API on a real SQLite file: documents, extractions, actors, incidents, queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from newsblotter.query import ActorIndex, IncidentQuery, find_incidents
from newsblotter.records import (
    Actor,
    ActorRef,
    Article,
    Attribution,
    Count,
    Extraction,
    Incident,
    IncidentMention,
    LedgerEntry,
    Place,
    Provenance,
    RawDocument,
    Speaker,
    Statement,
)
from newsblotter.store import Database, StoreError, open_db
from newsblotter.store import documents as documents_module
from newsblotter.store import extractions as extractions_module

T0 = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)


def raw(body: str, uri: str = "/in/a.html") -> RawDocument:
    content = f"<html><body><p>{body}</p></body></html>".encode()
    return RawDocument(hashlib.sha256(content).hexdigest(), uri, content, "text/html", T0)


def extraction(
    doc: str, n_mentions: int = 2, title: str = "Market blast", body: str | None = None
) -> Extraction:
    article = Article(
        document=doc,
        text=body or "A car bomb exploded near the market. Police blamed the Red Brigade.",
        title=title,
        published=dt.date(2024, 3, 1),
        published_precision="day",
        paragraphs=[(0, 36)],
        extractor="test@1",
    )
    mentions = [
        IncidentMention(
            id=f"{doc}:{i}",
            provenance=Provenance(doc, i, i + 10, "test@1"),
            type="bombing",
            date=dt.date(2024, 2, 29),
            place=Place("Market Town", "XK"),
            killed=Count(3 + i, "exact", None, None),
        )
        for i in range(n_mentions)
    ]
    statements = [
        Statement(
            id=f"{doc}:s{i}",
            kind="attribution",
            provenance=Provenance(doc, 37, 70, "test@1"),
            text="Police blamed the Red Brigade.",
            speaker=Speaker("police", "police"),
            responsible=ActorRef("Red Brigade", "red-brigade"),
            incident=mentions[0].id if mentions else None,
        )
        for i in range(n_mentions)
    ]
    new_actor = Actor(f"new-{doc[:6]}", "Red Brigade", "armed_group", ["RB"], None, "XK")
    return Extraction(article, mentions, statements, [new_actor])


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_db(str(tmp_path / "t.db")) as database:
        yield database


# -- opening -------------------------------------------------------------------------------------


def test_open_creates_wal_database(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    with open_db(str(path)) as db:
        assert db.migrated
        assert db.stats()["documents"] == 0
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_foreign_keys_are_enforced(db: Database) -> None:
    doc = raw("x")
    db.add_document(doc)
    db.save_extraction(extraction(doc.id))
    with db.engine.begin() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        conn.execute(text("DELETE FROM documents WHERE id = :d"), {"d": doc.id})
    assert db.article(doc.id) is None
    assert db.load_mentions() == []


def test_open_bad_targets_give_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"does not exist") as missing_dir:
        open_db(str(tmp_path / "no" / "such" / "dir.db"))
    assert "\n" not in str(missing_dir.value)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all, just text" * 100)
    with pytest.raises(StoreError) as not_db:
        open_db(str(junk))
    assert str(junk) in str(not_db.value) and "\n" not in str(not_db.value)


def test_memory_database(tmp_path: Path) -> None:
    with open_db(":memory:") as db:
        assert db.add_document(raw("m"))
        assert [d.id for d in db.iter_documents()] == [raw("m").id]


# -- documents -----------------------------------------------------------------------------------


def test_add_document_is_idempotent_and_content_compressed(db: Database) -> None:
    doc = raw("Storm " * 2000)
    assert db.add_document(doc) is True
    assert db.add_document(doc) is False
    assert db.add_document(raw("Storm " * 2000, uri="/mirror/a.html")) is False
    assert db.stats()["documents"] == 1
    assert db.document_status(doc.id) == "ok"
    assert db.document_status("0" * 64) is None
    stored = list(db.iter_documents())
    assert stored == [doc]  # same bytes, uri, media type and aware fetched_at
    with db.engine.connect() as conn:
        blob, size = conn.execute(text("SELECT content, size FROM documents")).one()
        outcomes = conn.execute(text("SELECT outcome FROM ingest_log ORDER BY id")).scalars()
        assert list(outcomes) == ["added", "duplicate", "duplicate"]
    assert size == len(doc.content) and len(blob) < len(doc.content) // 10
    assert zlib.decompress(blob) == doc.content


def test_failed_document_goes_to_failures_only(db: Database) -> None:
    good = raw("fine")
    db.add_document(good)
    bad = RawDocument(
        "",
        "/in/bad.pdf",
        b"",
        "application/octet-stream",
        T0,
        "failed",
        "/in/bad.pdf: binary content (PDF)",
    )
    assert db.add_document(bad) is False
    assert db.failures() == [("/in/bad.pdf", "/in/bad.pdf: binary content (PDF)")]
    assert db.stats()["documents"] == 1
    assert list(db.iter_documents()) == [good]
    db.record_failure("/in/bad.pdf", "/in/bad.pdf: still\nbroken")
    assert db.failures() == [("/in/bad.pdf", "/in/bad.pdf: still broken")]
    fixed = raw("now fixed", uri="/in/bad.pdf")
    assert db.add_document(fixed)
    assert db.failures() == []


def test_iter_documents_pages_and_allows_writes_meanwhile(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(documents_module, "_BATCH", 3)
    docs = [raw(f"page {i}", uri=f"/in/{i}.html") for i in range(10)]
    for doc in docs:
        db.add_document(doc)
    seen = []
    for doc in db.iter_documents():
        seen.append(doc.id)
        db.save_extraction(extraction(doc.id))  # writing while iterating must not deadlock
    assert seen == sorted(d.id for d in docs)
    assert db.stats()["articles"] == 10
    assert list(db.iter_documents(status="failed")) == []


# -- extractions ---------------------------------------------------------------------------------


def test_save_extraction_round_trips_and_replaces(db: Database) -> None:
    doc = raw("a")
    db.add_document(doc)
    first = extraction(doc.id, n_mentions=3)
    db.save_extraction(first)
    assert db.article(doc.id) == first.article
    assert db.load_articles() == [first.article]
    assert db.load_mentions() == sorted(first.mentions, key=lambda m: m.id)
    assert db.load_statements() == sorted(first.statements, key=lambda s: s.id)
    assert [a.id for a in db.actors()] == [first.new_actors[0].id]

    second = extraction(doc.id, n_mentions=1, title="Corrected")
    second.new_actors = []
    db.save_extraction(second)
    assert db.article(doc.id) == second.article
    assert db.load_mentions() == second.mentions
    assert db.load_statements() == second.statements
    assert db.actors() == []  # the actor this document introduced is gone with it


def test_attribution_layer_round_trips_and_is_replaced(db: Database) -> None:
    doc = raw("quotes")
    db.add_document(doc)
    first = extraction(doc.id)
    said = [
        Attribution(
            source=Provenance(doc.id, 37, 43, "test@1"),
            cue=Provenance(doc.id, 44, 51, "test@1"),
            content=Provenance(doc.id, 52, 69, "test@1"),
            source_text="Police",
            cue_text="blamed",
            source_kind="police",
        ),
        Attribution(None, Provenance(doc.id, 5, 8, "test@1"), None, cue_text="said"),
    ]
    first.attributions = said
    db.save_extraction(first)
    assert db.attributions(doc.id) == [said[1], said[0]]  # in text order
    second = extraction(doc.id)
    second.attributions = said[:1]
    db.save_extraction(second)
    assert db.attributions(doc.id) == said[:1]
    assert db.attributions("no-such-document") == []


def test_actors_introduced_elsewhere_survive_re_extraction(db: Database) -> None:
    gazetteer = Actor("red-brigade", "Red Brigade", "armed_group", ["RB"])
    db.save_actors([gazetteer])
    doc = raw("b")
    db.add_document(doc)
    db.save_extraction(extraction(doc.id))
    db.save_extraction(Extraction(extraction(doc.id).article, [], []))
    assert db.actors() == [gazetteer]
    renamed = Actor("red-brigade", "Red Brigades", "armed_group", ["RB", "BR"], None, "XK")
    db.save_actors([renamed])
    assert db.actors() == [renamed]


def test_extraction_for_unknown_document_is_refused(db: Database) -> None:
    with pytest.raises(StoreError, match="not stored"):
        db.save_extraction(extraction("f" * 64))
    assert db.stats()["articles"] == 0


def test_failed_write_keeps_previous_extraction(db: Database) -> None:
    doc = raw("c")
    db.add_document(doc)
    good = extraction(doc.id, n_mentions=2)
    db.save_extraction(good)
    broken = extraction(doc.id, n_mentions=2, title="Broken")
    broken.mentions.append(broken.mentions[0])  # duplicate primary key, fails mid-insert
    with pytest.raises(StoreError, match="UNIQUE"):
        db.save_extraction(broken)
    assert db.article(doc.id) == good.article
    assert db.load_mentions() == good.mentions


def test_exception_inside_transaction_rolls_back(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = raw("d")
    db.add_document(doc)
    good = extraction(doc.id)
    db.save_extraction(good)

    def explode(*_: object) -> dict[str, object]:
        raise RuntimeError("crash after article and mentions were written")

    monkeypatch.setattr(extractions_module, "statement_row", explode)
    with pytest.raises(RuntimeError):
        db.save_extraction(extraction(doc.id, n_mentions=5, title="Half"))
    assert db.article(doc.id) == good.article
    assert len(db.load_mentions()) == 2
    assert db.load_statements() == good.statements
    assert db.search("market") == [doc.id]


def test_search(db: Database) -> None:
    a, b = raw("one"), raw("two")
    for doc in (a, b):
        db.add_document(doc)
    db.save_extraction(extraction(a.id, body="Rockets hit the café district overnight."))
    db.save_extraction(extraction(b.id, body="A ceasefire held in the capital."))
    assert db.search("cafe") == [a.id]  # diacritics folded
    assert set(db.search("ceasefire OR rockets")) == {a.id, b.id}
    db.save_extraction(extraction(a.id, body="Nothing happened."))
    assert db.search("rockets") == []
    with pytest.raises(StoreError, match="search"):
        db.search('"unbalanced')


# -- incidents -----------------------------------------------------------------------------------


def incident(
    ident: str,
    day: dt.date | None,
    country: str,
    kind: str,
    actors: list[str],
    mentions: list[str],
    cited: list[str] | None = None,
) -> Incident:
    return Incident(
        id=ident,
        type=kind,
        mentions=mentions,
        articles=[m.split(":")[0] for m in mentions],
        date=day,
        place=Place("Somewhere", country),
        killed=Count(4, "about", None, None),
        ledger=[
            LedgerEntry(ActorRef(a, a), "attributed", "police said", cited or []) for a in actors
        ],
    )


def test_incidents_queries(db: Database) -> None:
    doc = raw("e")
    db.add_document(doc)
    ext = extraction(doc.id, n_mentions=2)
    db.save_extraction(ext)
    m0, m1 = (m.id for m in ext.mentions)
    incidents = [
        incident("i3", None, "XK", "shelling", [], []),
        incident(
            "i2", dt.date(2024, 2, 10), "IQ", "bombing", ["isis-x"], [m1], [ext.statements[1].id]
        ),
        incident("i1", dt.date(2024, 1, 5), "XK", "bombing", ["red-brigade", "isis"], [m0]),
    ]
    db.replace_incidents(incidents)
    ids = lambda found: [i.id for i in found]  # noqa: E731
    assert ids(db.incidents()) == ["i1", "i2", "i3"]  # dated first, undated last
    assert db.incident("i2") == incidents[1]
    assert db.incident("nope") is None
    index = ActorIndex(
        [
            Actor("isis", "Islamic State", "armed_group", ["IS"]),
            Actor("isis-x", "Islamic State X Province", "armed_group", parent="isis"),
            Actor("red-brigade", "Red Brigade", "armed_group"),
        ]
    )

    def find(**filters: Any) -> list[str]:
        return ids(find_incidents(db, IncidentQuery.of(**filters), index))

    assert find() == ["i1", "i2", "i3"]
    assert find(since=dt.date(2024, 2, 1)) == ["i2"]
    assert find(until=dt.date(2024, 2, 10)) == ["i1", "i2"]
    assert find(country="xk") == ["i1", "i3"]
    assert find(type="bombing", country="IQ") == ["i2"]
    assert find(actor="isis") == ["i1", "i2"]  # a group with its branches
    assert find(actor="IS") == ["i1", "i2"]  # by alias
    assert find(actor="isis-x") == ["i2"]
    assert find(actor="red brigade", since=dt.date(2024, 1, 6)) == []
    assert find(actor="Nobody Known") == []
    assert find(min_killed=4) == ["i1", "i2", "i3"] and find(min_killed=5) == []
    assert find(assessment="attributed", actor="red-brigade") == ["i1"]
    assert find(assessment="claimed") == []
    # Statements: i1 via its mention m0 (both statements point at m0); i2 via ledger citation.
    assert {s.id for s in db.statements("i1")} == {s.id for s in ext.statements}
    assert [s.id for s in db.statements("i2")] == [ext.statements[1].id]
    assert db.statements("i3") == [] and db.statements("nope") == []
    db.replace_incidents(incidents[:1])
    assert ids(db.incidents()) == ["i3"]
    assert find(actor="isis") == []
    stats = db.stats()
    assert (stats["incidents"], stats["articles"], stats["mentions"]) == (1, 1, 2)
