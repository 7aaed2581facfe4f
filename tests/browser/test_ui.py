"""The real UI in headless Chromium: filter, open an incident, read the ledger, see the map
draw its markers, follow an actor; hostile article text stays inert."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import serve_data


def incident_rows(page: Any) -> list[str]:
    rows = page.locator("tr[data-incident]")
    return [rows.nth(i).get_attribute("data-incident") for i in range(rows.count())]


def test_filter_the_list(page: Any, live: Any, shots: Path) -> None:
    page.goto(live.url + "/")
    assert incident_rows(page) == ["inc-kharkiv", "inc-maiduguri", "inc-peshawar"]
    page.screenshot(path=str(shots / "incidents.png"), full_page=True)
    page.fill("input[name=country]", "ng")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"country=ng"))
    assert incident_rows(page) == ["inc-maiduguri"]
    page.fill("input[name=country]", "")
    page.select_option("select[name=type]", "bombing")
    page.click("#filters button[type=submit]")
    assert incident_rows(page) == ["inc-peshawar"]
    page.click("th >> text=Killed")  # sort by killed: the filter stays
    assert "type=bombing" in page.url and "sort=killed" in page.url
    assert page.problems == []


def test_open_an_incident_and_read_the_ledger(page: Any, live: Any, shots: Path) -> None:
    page.goto(live.url + "/?country=PK")
    page.click("tr[data-incident=inc-peshawar] a")
    page.wait_for_url(re.compile(r"/incidents/inc-peshawar$"))
    assert "sources say 25–27" in page.inner_text("section.facts")
    candidates = page.locator("#ledger section.candidate h3")
    names = [candidates.nth(i).inner_text() for i in range(candidates.count())]
    assert [n.split("\n")[0].rsplit(" ", 1)[0] for n in names] == [
        "Crimson Banner Coastal Wing",
        "Crimson Banner Brigade",
        "Valley Liberation Front",
    ]
    quotes = page.locator("#ledger mark.k-quote")
    assert quotes.count() == 4
    assert "probably behind the attack" in " ".join(quotes.all_inner_texts())
    assert page.locator("#timeline li").count() == 4
    page.screenshot(path=str(shots / "incident.png"), full_page=True)
    assert page.problems == []


def test_map_draws_its_markers(page: Any, live: Any, shots: Path) -> None:
    page.goto(live.url + "/map")
    page.wait_for_selector("#map.ready", timeout=15_000)
    assert page.get_attribute("#map", "data-markers") == "3"
    assert page.locator("path.incident-marker").count() == 3
    assert page.locator("#map svg path").count() > 100  # the country shapes
    page.screenshot(path=str(shots / "map.png"))
    page.locator("path.incident-marker").first.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.get_attribute("href", timeout=5_000).startswith("/incidents/inc-")
    page.goto(live.url + "/map?country=UA")
    page.wait_for_selector("#map.ready", timeout=15_000)
    assert page.locator("path.incident-marker").count() == 1
    assert page.problems == []


def test_follow_an_actor(page: Any, live: Any) -> None:
    page.goto(live.url + "/incidents/inc-peshawar")
    page.click("#ledger h3 a >> text=Crimson Banner Brigade")
    page.wait_for_url(re.compile(r"/actors/crimson-banner$"))
    assert page.inner_text("h1") == "Crimson Banner Brigade"
    page.click("#branches a")
    page.wait_for_url(re.compile(r"/actors/crimson-banner-coast$"))
    assert page.inner_text("h1") == "Crimson Banner Coastal Wing"
    page.click("#actor-incidents a")
    page.wait_for_url(re.compile(r"/incidents/inc-peshawar$"))
    assert page.problems == []


def test_hostile_article_text_is_inert(page: Any, live: Any) -> None:
    doc = serve_data.documents()[3][0]
    page.goto(f"{live.url}/articles/{doc.id}")
    page.wait_for_load_state("load")
    assert page.title().startswith("Shelling hits Kharkiv <script>")  # shown as text
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0
    assert "<script>document.title" in page.inner_text("#article-text")
    assert "Promo <script>" in page.inner_text("#chrome")
    assert page.problems == []
