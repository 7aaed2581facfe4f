"""Server-rendered pages: content, filters, sorting, highlighting, and inert hostile text."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import serve_data
from newsblotter.api import create_app
from newsblotter.records import Article
from newsblotter.web.highlight import Mark, highlight, quote


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    pipe = serve_data.build(tmp_path_factory.mktemp("web") / "web.db")
    with TestClient(create_app(pipe)) as c:
        yield c


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-incident="([^"]+)"', html)


def test_incident_list_filters_and_sorts(client: TestClient) -> None:
    assert rows(client.get("/").text) == ["inc-kharkiv", "inc-maiduguri", "inc-peshawar"]
    assert rows(client.get("/?country=NG").text) == ["inc-maiduguri"]
    assert rows(client.get("/?actor=Crimson+Banner+Brigade").text) == ["inc-peshawar"]
    assert rows(client.get("/?min_killed=5&sort=killed").text) == ["inc-maiduguri", "inc-peshawar"]
    assert rows(client.get("/?sort=-killed").text) == [
        "inc-peshawar",
        "inc-maiduguri",
        "inc-kharkiv",
    ]
    # blank form fields (as a browser submits them) are no filter
    blank = "/?since=&until=&country=&actor=&type=&assessment=&min_killed=&q=&sort=-date"
    assert len(rows(client.get(blank).text)) == 3


def test_sort_links_keep_the_filters_and_toggle(client: TestClient) -> None:
    html = client.get("/?country=PK&sort=killed").text
    assert 'href="/?country=PK&amp;sort=-killed"' in html
    assert 'href="/?country=PK&amp;sort=date"' in html


def test_bad_filter_values_are_reported_on_the_page(client: TestClient) -> None:
    resp = client.get("/?since=last+week&country=Pakistan&min_killed=many")
    assert resp.status_code == 200
    assert "is not a date" in resp.text
    assert "is not a two-letter code" in resp.text
    assert "is not a whole number" in resp.text
    assert len(rows(resp.text)) == 3


def test_incident_page_shows_agreement_ledger_and_timeline(client: TestClient) -> None:
    html = client.get("/incidents/inc-peshawar").text
    assert "sources say 25–27" in html
    ledger = html[html.index('id="ledger"') : html.index("Timeline of statements")]
    # candidates in ledger order, each with its verdict
    assert ledger.index("Crimson Banner Coastal Wing") < ledger.index("Valley Liberation Front")
    assert "claimed</span>" in ledger and "denied</span>" in ledger
    # the quoted sentence is highlighted inside its paragraph
    marked = re.findall(r'<mark class="k-quote"[^>]*>(.*?)</mark>', ledger)
    assert (
        "Police said the Crimson Banner Brigade was probably behind the attack, citing "
        "intercepted calls." in marked
    )
    assert "A bomb tore through" not in "".join(marked)  # the paragraph, not all of it, is marked
    assert "evidence: intercepted calls" in ledger
    assert "hedge: probable" in ledger
    assert "(police)" in ledger and "(group)" in ledger
    timeline = html[html.index('id="timeline"') :]
    assert timeline.index("2024-02-10") < timeline.index("2024-02-11")
    assert timeline.count("<li>") == 4


def test_incident_page_names_the_victims(client: TestClient) -> None:
    html = client.get("/incidents/inc-maiduguri").text
    victims = html[html.index('id="victims"') :]
    assert victims[: victims.index("</dd>")].endswith("Musa Bukar")
    assert "none named" in client.get("/incidents/inc-peshawar").text


def test_actor_page_lists_branches_incidents_and_statements(client: TestClient) -> None:
    html = client.get("/actors/crimson-banner").text
    assert 'href="/actors/crimson-banner-coast"' in html
    assert 'href="/incidents/inc-peshawar"' in html
    assert "Statements made (2)" in html
    assert "Statements naming it (3)" in html
    branch = client.get("/actors/crimson-banner-coast").text
    assert 'href="/actors/crimson-banner">Crimson Banner Brigade</a>' in branch
    assert client.get("/actors?q=valley").text.count('href="/actors/valley-front"') == 1


def test_article_page_highlights_every_value_and_shows_chrome(client: TestClient) -> None:
    doc = serve_data.documents()[0][0]
    html = client.get(f"/articles/{doc.id}").text
    assert re.search(r'<mark class="k-killed[^"]*" title="[^"]*killed: 25[^"]*">25</mark>', html)
    assert "Subscribe now" in html and "Most read: Markets rally" in html
    assert 'href="/incidents/inc-peshawar"' in html


def test_map_page_lists_incidents_without_javascript(client: TestClient) -> None:
    html = client.get("/map?country=UA").text
    assert 'data-src="/api/v1/export?country=UA&amp;format=geojson"' in html
    assert "Kharkiv (49.98, 36.25)" in html
    assert "Peshawar" not in html


def test_missing_pages_are_html_404s(client: TestClient) -> None:
    resp = client.get("/incidents/nope")
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("text/html")
    assert "no incident nope" in resp.text


def test_vendored_map_assets_are_served(client: TestClient) -> None:
    for path in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/map.js",
    ):
        assert client.get(path).status_code == 200, path
    topo = client.get("/static/vendor/world-atlas/countries-110m.json").json()
    names = {g["properties"]["name"] for g in topo["objects"]["countries"]["geometries"]}
    assert {"Pakistan", "Nigeria", "Ukraine"} <= names


# -- hostile text --------------------------------------------------------------------------------

HOSTILE = re.compile(r"<script>document|<img src=x|onerror=\"|onerror=document", re.I)


@pytest.mark.parametrize("path", ["article", "incident", "list", "actor"])
def test_article_markup_renders_inert(client: TestClient, path: str) -> None:
    doc = serve_data.documents()[3][0]
    url = {
        "article": f"/articles/{doc.id}",
        "incident": "/incidents/inc-kharkiv",
        "list": "/?type=shelling",
        "actor": "/actors",
    }[path]
    html = client.get(url).text
    assert not HOSTILE.search(html)
    if path == "article":
        assert "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;" in html  # body
        assert "Promo &lt;script&gt;" in html  # removed chrome
        assert "<title>Shelling hits Kharkiv &lt;script&gt;" in html  # title
    # the only scripts on any page are our own files
    assert set(re.findall(r"<script[^>]*>", html)) <= {
        '<script src="/static/vendor/leaflet/leaflet.js">',
        '<script src="/static/vendor/topojson-client/topojson-client.min.js">',
        '<script src="/static/map.js">',
    }


def test_highlight_escapes_and_nests_overlapping_marks() -> None:
    text = 'a <b onclick="x()">bold</b> claim'
    bold = text.index("bold")
    marks = [
        Mark(2, text.index(" claim"), "statement", 'claim: "X"'),
        Mark(bold, bold + 4, "killed", "<k>"),
    ]
    html = str(highlight(text, marks))
    assert "<b onclick" not in html
    assert html.startswith('a <mark class="k-statement" title="claim: &#34;X&#34;">&lt;b onclick=')
    assert (
        '<mark class="k-killed k-statement" title="claim: &#34;X&#34;; &lt;k&gt;">bold</mark>'
        in html
    )
    assert html.endswith(" claim")


def test_quote_marks_the_sentence_within_its_paragraph() -> None:
    text = "First para.\n\nSecond para has it. And more."
    article = Article("d", text, paragraphs=[(0, 11), (13, len(text))])
    start = text.index("Second")
    html = str(quote(article, start, start + len("Second para has it.")))
    assert (
        html == '<mark class="k-quote" title="quoted sentence">Second para has it.</mark> And more.'
    )
