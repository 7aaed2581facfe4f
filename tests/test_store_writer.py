"""The writer's per-page look-ups and writes (``store.copies``, ``store.documents``): what the
store holds of some bytes in one read, the story look-up by headline and day, and documents
kept whole."""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path

from sqlalchemy import select

from newsblotter.ingest.stories import story_key
from newsblotter.records import Article, Extraction, RawDocument
from newsblotter.store import Database, open_db
from newsblotter.store import schema as t
from newsblotter.store.copies import find_story, store_once, stored_as
from newsblotter.store.rows import text_key

STORY = (
    "The night ferry to the outer islands was cancelled on Thursday after a storm damaged the "
    "pier at the harbour town of Velmor, the port authority said in a statement.\n"
    "Engineers will inspect the pier on Friday morning, and the authority expects the service "
    "to run again from Saturday if the weather allows it, a spokeswoman told reporters.\n"
    "Passengers holding tickets for the cancelled crossings can change them free of charge at "
    "the harbour office or online, the statement added."
)


def _page(
    name: str, text: str, title: str | None, day: dt.date | None
) -> tuple[RawDocument, Extraction]:
    content = f"<p>{text}</p><!-- {name} -->".encode()
    raw = RawDocument(
        name * 64, f"https://example.test/{name}", content, "text/html", dt.datetime.now(dt.UTC)
    )
    article = Article(raw.id, text, title=title, published=day, extractor="test")
    return raw, Extraction(article, [], [], analysed=False)


def _db(tmp_path: Path) -> Database:
    return open_db(str(tmp_path / "writer.db"))


def test_stored_as_tells_a_stored_document_a_known_copy_and_new_bytes(tmp_path: Path) -> None:
    with _db(tmp_path) as db:
        raw, extraction = _page("a", STORY, "Storm cancels the night ferry", None)
        copy_raw, copy = _page("b", STORY, "Storm cancels the night ferry | Coast Herald", None)
        assert stored_as(db, raw.id) == (None, None)
        assert store_once(db, raw, extraction) == (True, raw.id)
        assert store_once(db, copy_raw, copy) == (False, raw.id)  # the same story elsewhere
        assert [stored_as(db, r) for r in (raw.id, copy_raw.id, "c" * 64)] == [
            ("ok", None),
            (None, raw.id),
            (None, None),
        ]


def test_a_story_that_adds_nothing_is_a_copy_on_its_own_day_only(tmp_path: Path) -> None:
    """The look-up by headline and day, dated and undated (statements built once)."""
    shorter = STORY.rsplit("\n", 1)[0]  # lost its last paragraph: adds nothing
    title = "Storm cancels the night ferry"
    day = dt.date(2025, 3, 6)
    with _db(tmp_path) as db:
        later = STORY + "\nThe harbour office opens at nine on weekdays."  # other words
        for name, text, when in (("a", STORY, day), ("b", later, None)):
            assert store_once(db, *_page(name, text, title, when)) == (True, name * 64)
        found = [
            find_story(db, _page(name, shorter, title, when)[1].article)
            for name, when in (("c", day), ("d", None), ("e", dt.date(2025, 3, 7)))
        ]
        assert found == ["a" * 64, "b" * 64, None]
        longer = STORY + "\nA second pier was closed as well, the authority said later."
        assert find_story(db, _page("f", longer, title, day)[1].article) is None


def test_a_stored_document_reads_back_whole_with_its_story_key(tmp_path: Path) -> None:
    raw, extraction = _page("a", STORY, "Storm cancels the night ferry", dt.date(2025, 3, 6))
    with _db(tmp_path) as db:
        assert db.save_document(raw, extraction)
        assert [(d.id, d.content) for d in db.iter_documents()] == [(raw.id, raw.content)]
        with db.engine.connect() as conn:
            packed = conn.execute(select(t.documents.c.content)).scalar_one()
            keys = conn.execute(select(t.articles.c.document, t.articles.c.story_key)).all()
            logged = conn.execute(
                select(t.ingest_log.c.document, t.ingest_log.c.outcome, t.ingest_log.c.error)
            ).all()
        assert zlib.decompress(packed) == raw.content
        assert [tuple(k) for k in keys] == [(raw.id, story_key(STORY))]
        assert [tuple(row) for row in logged] == [(raw.id, "added", None)]
        assert not db.save_document(raw, extraction)  # the same bytes: a duplicate, logged
        with db.engine.connect() as conn:
            outcomes = conn.execute(select(t.ingest_log.c.outcome).order_by(t.ingest_log.c.id))
            assert list(outcomes.scalars()) == ["added", "duplicate"]


def test_text_key_is_the_story_key() -> None:
    texts = [STORY, STORY.upper(), "Another story altogether, told in other words."]
    assert [text_key(x) for x in texts] == [story_key(x) for x in texts]
    assert text_key(STORY) == text_key(STORY.upper())
