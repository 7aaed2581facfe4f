"""One stored copy per story: the same article with other page chrome, or re-encoded as
UTF-16, is another location of the stored document, not another report."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsblotter import Pipeline
from newsblotter.api import create_app
from newsblotter.ingest.stories import same_headline, story_key
from newsblotter.records import Article, Extraction, RawDocument
from newsblotter.store.copies import locations, store_once

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "articles"
STORY = "2024-03-23_crocus_example-tribune.html"
NAV = (
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
    "<div class='promo'><p>Subscribe today for the daily briefing and unlimited access.</p></div>"
)
ASIDE = (
    "<aside><h3>Most read</h3><ol><li><a href='/a'>Council votes to reopen the harbour baths"
    "</a></li></ol></aside><footer><p>Copyright 2024 The Example Tribune.</p></footer>"
)


def copies(folder: Path) -> dict[str, Path]:
    html = (CORPUS / STORY).read_text(encoding="utf-8")
    restyled = html.replace("<body>", "<body>" + NAV, 1).replace("</body>", ASIDE + "</body>", 1)
    utf16 = html.replace('charset="utf-8"', 'charset="utf-16"').encode("utf-16")
    paths = {"original": "a.html", "restyled": "b.html", "utf16": "c.html"}
    out = {name: folder / file for name, file in paths.items()}
    out["original"].write_text(html, encoding="utf-8")
    out["restyled"].write_text(restyled, encoding="utf-8")
    out["utf16"].write_bytes(utf16)
    return out


def view(pipe: Pipeline) -> list[tuple[Any, ...]]:
    return sorted(
        (
            tuple(sorted(i.articles)),
            tuple(sorted(i.mentions)),
            tuple(
                (e.actor.name, e.assessment, len(e.statements), len(e.sources)) for e in i.ledger
            ),
        )
        for i in pipe.db.incidents()
    )


def test_a_restyled_or_re_encoded_copy_adds_no_report(
    pipeline_factory: Any, tmp_path: Path
) -> None:
    pipe: Pipeline = pipeline_factory("copies")
    pipe.settings = dataclasses.replace(pipe.settings, text_model="none")
    files = copies(tmp_path)
    assert len({p.read_bytes() for p in files.values()}) == 3  # three different byte strings
    first = pipe.ingest([str(files["original"])], workers=1)
    assert (first.ingested, first.unchanged) == (1, 0)
    before, stats = view(pipe), pipe.db.stats()
    assert before
    analysed: list[str] = []
    real = pipe.analyze_many

    def counting(raws: Sequence[RawDocument]) -> list[Extraction | Exception]:
        analysed.extend(Path(raw.uri).name for raw in raws)
        return real(raws)

    pipe.analyze_many = counting  # type: ignore[method-assign]
    again = pipe.ingest([str(files["restyled"]), str(files["utf16"])], workers=1)
    assert (again.ingested, again.unchanged, again.failed) == (0, 2, 0)
    assert view(pipe) == before and pipe.db.stats() == stats
    (document,) = [d.id for d in pipe.db.iter_documents()]
    found = {(Path(loc.uri).name, loc.raw) for loc in locations(pipe.db, document)}
    assert found == {
        ("b.html", _digest(files["restyled"])),
        ("c.html", _digest(files["utf16"])),
    }
    assert sorted(analysed) == ["b.html", "c.html"]
    analysed.clear()
    third = pipe.ingest([str(tmp_path)], workers=1)  # all three again: known by their bytes
    assert (third.ingested, third.unchanged) == (0, 3) and analysed == []


def _digest(path: Path) -> str:
    import hashlib

    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest()


def test_an_uploaded_copy_adds_no_report(pipeline_factory: Any, tmp_path: Path) -> None:
    pipe: Pipeline = pipeline_factory("upload-copies")
    pipe.settings = dataclasses.replace(pipe.settings, text_model="none")
    files = copies(tmp_path)
    pipe.ingest([str(files["original"])], workers=1)
    auth = {"Authorization": "Bearer t"}
    with TestClient(create_app(pipe, token="t")) as client:
        got = client.post(
            "/api/v1/ingest", files={"file": ("c.html", files["utf16"].read_bytes())}, headers=auth
        ).json()
    assert got == {"ingested": 0, "unchanged": 1, "failed": 0, "failures": []}
    assert pipe.db.stats()["documents"] == 1


def _extraction(doc: str, title: str, text: str) -> tuple[RawDocument, Extraction]:
    import datetime as dt

    raw = RawDocument(
        doc * 64, f"/pages/{doc}.html", text.encode(), "text/plain", dt.datetime.now(dt.UTC)
    )
    return raw, Extraction(Article(doc * 64, text, title=title, extractor="test"), [], [])


@pytest.mark.parametrize(
    ("title_b", "stored"),
    [
        ("Bridge to the island closes for repairs | Coast Herald", 1),
        ("Council elects a new mayor", 2),
    ],
)
def test_the_same_text_under_another_headline_is_another_story(
    tmp_path: Path, title_b: str, stored: int
) -> None:
    """Pages that lost their story to the same chrome share their text, not their headline."""
    from newsblotter.store import open_db

    chrome = (
        "Sign up for our newsletter. Weather: sunny, 21 degrees. Follow us on social media. " * 3
    )
    with open_db(str(tmp_path / "h.db")) as db:
        added_a, _ = store_once(
            db, *_extraction("a", "Bridge to the island closes for repairs", chrome)
        )
        added_b, held = store_once(db, *_extraction("b", title_b, chrome))
        assert (
            added_a and added_b == (stored == 2) and held == ("b" * 64 if stored == 2 else "a" * 64)
        )
        assert db.stats()["documents"] == stored


def test_story_key_ignores_spacing_case_and_punctuation() -> None:
    a = "The ferry \u201cleft\u201d at  7:00,\nthe office said."
    b = 'the FERRY "left" at 7:00, the office said'
    assert story_key(a) == story_key(b) != story_key("The ferry left at 8:00, the office said.")
    assert same_headline("Ferry leaves early", "Ferry leaves early - Coast Herald")
    assert not same_headline("Ferry leaves early", "Mayor resigns over budget")
    assert same_headline(None, "Anything")


def test_a_copy_that_lost_a_paragraph_is_a_copy_and_an_update_is_stored(
    pipeline_factory: Any, tmp_path: Path
) -> None:
    pipe: Pipeline = pipeline_factory("near-copies")
    pipe.settings = dataclasses.replace(pipe.settings, text_model="none")
    html = (CORPUS / STORY).read_text(encoding="utf-8")
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    # a script inside a paragraph makes the extractor drop that paragraph: less, nothing new
    scripted = html.replace("<p>", "<p><script>alert(document.cookie)</script>", 2)
    (tmp_path / "b.html").write_text(scripted, encoding="utf-8")
    first = html.index("</p>", html.index("MOSCOW (AFP)"))  # inside the story's first paragraph
    update = " On Sunday investigators said the number of people still missing had fallen."
    (tmp_path / "c.html").write_text(html[:first] + update + html[first:], encoding="utf-8")
    assert pipe.ingest([str(tmp_path / "a.html")], workers=1).ingested == 1
    copy = pipe.ingest([str(tmp_path / "b.html")], workers=1)
    assert (copy.ingested, copy.unchanged) == (0, 1)
    updated = pipe.ingest([str(tmp_path / "c.html")], workers=1)
    assert (updated.ingested, updated.unchanged) == (1, 0)  # it adds a sentence: kept
    texts = [a.text for a in pipe.db.articles()]
    assert len(texts) == 2 and sum("still missing" in text for text in texts) == 1
    assert not any("alert(" in text for text in texts)
