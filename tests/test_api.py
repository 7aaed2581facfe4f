"""The JSON API through FastAPI's test client, on an invented database built in code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import serve_data
from newsblotter.api import create_app
from newsblotter.records import Extraction

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def pipe(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return serve_data.build(tmp_path_factory.mktemp("api") / "api.db")


@pytest.fixture(scope="module")
def client(pipe: Any) -> Iterator[TestClient]:
    with TestClient(create_app(pipe)) as c:
        yield c


def ids(resp: Any) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [item["id"] for item in resp.json()["items"]]


def test_incidents_default_order_is_newest_first(client: TestClient) -> None:
    assert ids(client.get("/api/v1/incidents")) == ["inc-kharkiv", "inc-maiduguri", "inc-peshawar"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "pk"}, ["inc-peshawar"]),
        ({"type": "shelling"}, ["inc-kharkiv"]),
        ({"since": "2024-03-01", "until": "2024-03-31"}, ["inc-maiduguri"]),
        ({"min_killed": 5}, ["inc-maiduguri", "inc-peshawar"]),
        # the parent names the incident through its branch's claim: branches included
        ({"actor": "Crimson Banner Brigade"}, ["inc-peshawar"]),
        ({"actor": "coastal wing"}, ["inc-peshawar"]),  # an alias, any case
        ({"actor": "VLF"}, ["inc-maiduguri", "inc-peshawar"]),
        ({"actor": "VLF", "assessment": "suspected"}, ["inc-maiduguri"]),
        ({"actor": "VLF", "assessment": "denied"}, ["inc-peshawar"]),
        ({"assessment": "claimed"}, ["inc-peshawar"]),
        ({"actor": "nobody we know"}, []),
        ({"q": "spice"}, ["inc-peshawar"]),
        ({"q": "spice Sunday"}, ["inc-peshawar"]),  # every term must occur
        ({"q": "spice Kharkiv"}, []),
    ],
)
def test_incident_filters(client: TestClient, params: dict[str, Any], expected: list[str]) -> None:
    assert ids(client.get("/api/v1/incidents", params=params)) == expected


@pytest.mark.parametrize("q", ['"spice', "AND OR NOT", "*", "spice)", "NEAR(", '""', "-"])
def test_search_text_is_never_a_query_syntax_error(client: TestClient, q: str) -> None:
    assert client.get("/api/v1/incidents", params={"q": q}).status_code == 200
    assert client.get("/api/v1/articles", params={"q": q}).status_code == 200


def test_bad_parameters_are_rejected_not_crashed(client: TestClient) -> None:
    assert client.get("/api/v1/incidents", params={"country": "Pakistan"}).status_code == 422
    assert client.get("/api/v1/incidents", params={"since": "yesterday"}).status_code == 422
    assert client.get("/api/v1/incidents", params={"sort": "color"}).status_code == 422
    bad = client.get("/api/v1/incidents", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 400
    assert "cursor" in bad.json()["detail"]


@pytest.mark.parametrize("sort", ["date", "-date", "killed", "-killed", "reports", "-reports"])
def test_cursor_pages_walk_every_incident_once_in_order(client: TestClient, sort: str) -> None:
    everything = ids(client.get("/api/v1/incidents", params={"sort": sort}))
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"sort": sort, "limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/incidents", params=params).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything
    assert len(seen) == 3


def test_sorting_by_killed(client: TestClient) -> None:
    got = client.get("/api/v1/incidents", params={"sort": "-killed"}).json()["items"]
    assert [i["killed"]["value"] for i in got] == [27, 9, 3]


def test_incident_detail_gives_each_source_and_the_range(client: TestClient) -> None:
    body = client.get("/api/v1/incidents/inc-peshawar").json()
    assert body["incident"]["id"] == "inc-peshawar"
    assert sorted(s["killed"] for s in body["sources"]) == [25, 27]
    assert body["killed_range"] == [25, 27]
    assert body["wounded_range"] == [60, 60]
    kinds = sorted(s["kind"] for s in body["statements"])
    assert kinds == ["attribution", "claim", "confirmation", "denial"]
    assert all(s["incident"] == "inc-peshawar" for s in body["statements"])
    assert client.get("/api/v1/incidents/inc-nope").status_code == 404


def test_statement_filters(client: TestClient) -> None:
    def kinds(**params: Any) -> list[str]:
        resp = client.get("/api/v1/statements", params=params)
        assert resp.status_code == 200, resp.text
        return sorted(s["kind"] for s in resp.json()["items"])

    assert kinds(kind="claim") == ["claim"]
    # the Brigade and its Coastal Wing: the attribution to it and the claim/confirmation of
    # its branch
    assert kinds(actor="crimson-banner") == ["attribution", "claim", "confirmation"]
    assert kinds(actor="crimson-banner-coast") == ["claim", "confirmation"]
    assert kinds(speaker_kind="unnamed_official") == ["attribution"]
    assert kinds(incident="inc-maiduguri") == ["attribution"]
    assert kinds(since="2024-02-11") == ["attribution", "confirmation", "denial"]
    assert kinds(q="Maiduguri") == ["attribution"]


def test_statement_by_stable_id(client: TestClient) -> None:
    first = client.get("/api/v1/statements", params={"kind": "claim"}).json()["items"][0]
    again = client.get(f"/api/v1/statements/{first['id']}")
    assert again.json() == first
    assert first["text"].startswith("The Crimson Banner Coastal Wing said")
    assert client.get("/api/v1/statements/nope:1").status_code == 404


def test_article_lists_every_value_at_its_span(client: TestClient) -> None:
    doc = serve_data.documents()[0][0]
    body = client.get(f"/api/v1/articles/{doc.id}").json()
    text = body["text"]
    spans = {(a["kind"], text[a["start"] : a["end"]]) for a in body["annotations"]}
    assert ("killed", "25") in spans
    assert ("wounded", "60") in spans
    assert ("incident", "A bomb tore through") in spans
    assert ("speaker", "The Crimson Banner Coastal Wing") in spans
    assert body["chrome"] == ["Subscribe now", "Most read: Markets rally"]
    assert body["incidents"] == ["inc-peshawar"]
    listing = client.get("/api/v1/articles", params={"outlet": "harbor courier"}).json()
    assert [a["id"] for a in listing["items"]] == [doc.id]
    assert "text" not in listing["items"][0]


def test_actor_detail_walks_the_hierarchy(client: TestClient) -> None:
    body = client.get("/api/v1/actors/crimson-banner").json()
    assert body["branches"] == ["crimson-banner-coast"]
    assert body["incidents"] == ["inc-peshawar"]
    assert len(body["claims_made"]) == 2  # its own confirmation and its branch's claim
    assert len(body["attributed"]) == 3
    branch = client.get("/api/v1/actors/crimson-banner-coast").json()
    assert branch["ancestors"] == ["crimson-banner"]
    found = client.get("/api/v1/actors", params={"q": "cbb"}).json()["items"]
    assert [a["id"] for a in found] == ["crimson-banner"]
    assert client.get("/api/v1/actors/nobody").status_code == 404


def test_documents(client: TestClient) -> None:
    docs = client.get("/api/v1/documents").json()["items"]
    assert len(docs) == 4
    assert all(d["status"] == "ok" and d["has_article"] for d in docs)
    one = client.get(f"/api/v1/documents/{docs[0]['id']}").json()
    assert one == docs[0]


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("json", "application/json"),
        ("csv", "text/csv"),
        ("geojson", "application/geo+json"),
        ("gtd", "text/csv"),
    ],
)
def test_export_endpoint_honours_filters(client: TestClient, fmt: str, media: str) -> None:
    resp = client.get("/api/v1/export", params={"format": fmt, "country": "NG"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith(media)
    assert "Maiduguri" in resp.text
    assert "Peshawar" not in resp.text


def test_every_response_carries_a_content_security_policy(client: TestClient) -> None:
    for url in ("/api/v1/incidents", "/", "/static/app.css", "/api/v1/incidents/none"):
        csp = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "object-src 'none'" in csp


def test_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/incidents",
        "/api/v1/incidents/{incident_id}",
        "/api/v1/statements",
        "/api/v1/articles/{document}",
        "/api/v1/actors/{actor_id}",
        "/api/v1/documents",
        "/api/v1/export",
        "/api/v1/ingest",
    ):
        assert path in paths
    assert "/" not in paths  # pages are not API


# -- ingest ------------------------------------------------------------------------------------


def test_ingest_is_refused_on_a_read_only_server(client: TestClient) -> None:
    resp = client.post("/api/v1/ingest", files={"file": ("a.txt", b"text")})
    assert resp.status_code == 403
    assert "read-only" in resp.json()["detail"]


@pytest.fixture()
def writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Any]]:
    pipe = serve_data.build(tmp_path / "w.db")
    analysed: list[str] = []

    def fake_analyze(raw: Any) -> Extraction:
        # The NLP stages are exercised by their own tests; here the upload path is under test.
        from newsblotter.records import Article

        analysed.append(raw.uri)
        text = raw.content.decode("utf-8")
        return Extraction(
            Article(raw.id, text, title="uploaded", published=dt.date(2024, 6, 1)), [], []
        )

    monkeypatch.setattr(pipe, "analyze", fake_analyze)
    monkeypatch.setattr(pipe, "rebuild_incidents", lambda: [])
    with TestClient(create_app(pipe, token=TOKEN)) as c:
        yield c, analysed


def test_ingest_needs_the_token(writable: tuple[TestClient, Any]) -> None:
    client, analysed = writable
    files = {"file": ("story.txt", b"A story long enough to be an article. " * 10)}
    assert client.post("/api/v1/ingest", files=files).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.post("/api/v1/ingest", files=files, headers=wrong).status_code == 401
    assert analysed == []


def test_ingest_an_upload_then_the_same_bytes_again(writable: tuple[TestClient, Any]) -> None:
    client, analysed = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    payload = b"Uploaded report: a market fire in an invented town. " * 10
    first = client.post("/api/v1/ingest", files={"file": ("story.txt", payload)}, headers=auth)
    assert first.json() == {"ingested": 1, "unchanged": 0, "failed": 0, "failures": []}
    assert analysed == ["upload:story.txt"]
    docs = client.get("/api/v1/documents").json()["items"]
    assert "upload:story.txt" in [d["uri"] for d in docs]
    again = client.post("/api/v1/ingest", files={"file": ("copy.txt", payload)}, headers=auth)
    assert again.json()["unchanged"] == 1
    binary = client.post(
        "/api/v1/ingest", files={"file": ("x.bin", bytes(range(256)) * 4)}, headers=auth
    ).json()
    assert binary["failed"] == 1
    assert binary["failures"][0].startswith("upload:x.bin: ")


def test_ingest_needs_exactly_one_source(writable: tuple[TestClient, Any]) -> None:
    client, _ = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/v1/ingest", headers=auth).status_code == 400
    resp = client.post("/api/v1/ingest", data={"url": "ftp://example.invalid/x"}, headers=auth)
    assert resp.status_code == 502
    assert "only http and https" in resp.json()["detail"]


def test_search_text_with_control_characters_is_never_a_query_error() -> None:
    from newsblotter.query import fts_query

    assert fts_query('\x07Âþ\x00"') == '"Âþ"'
    assert fts_query("\x00\x01") is None
    assert fts_query('say "hi" now') == '"say" """hi""" "now"'


def test_an_article_triage_passed_over_says_so(tmp_path: Path) -> None:
    """No annotations is a verdict, not a failure: the API and the page both say why."""
    pipe = serve_data.build(tmp_path / "triaged.db")
    doc = serve_data.Doc(
        "parks-budget",
        "Council approves parks budget",
        "Harbor Courier",
        dt.date(2024, 5, 2),
        ["The council approved the new budget for parks and libraries on Tuesday."],
    )
    pipe.db.save_document(doc.raw(), Extraction(doc.article(), [], [], analysed=False))
    analysed_doc = serve_data.documents()[0][0]
    with TestClient(create_app(pipe)) as c:
        skipped = c.get(f"/api/v1/articles/{doc.id}").json()
        read = c.get(f"/api/v1/articles/{analysed_doc.id}").json()
        page = c.get(f"/articles/{doc.id}").text
        read_page = c.get(f"/articles/{analysed_doc.id}").text
    assert (skipped["analysed"], skipped["annotations"]) == (False, [])
    assert read["analysed"] is True
    assert "not analysed: triage found no report of a violent incident" in page
    assert "not analysed" not in read_page
