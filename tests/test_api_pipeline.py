"""End to end: two invented reports ingested by the real Pipeline (all NLP stages), then read
through the API, the pages and the GTD export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsblotter.api import create_app

REPORT_A = """Suicide bomber kills 14 at Quetta vegetable market

QUETTA, Pakistan, March 3, 2025 (Harbor Courier) - A suicide bomber blew himself up at a \
crowded vegetable market in Quetta on Monday, killing 14 people and wounding 31 others, \
police said.

Islamic State Khorasan Province claimed responsibility for the attack in a statement posted \
on its Amaq news agency.

Provincial officials said the bomber had arrived on foot and detonated an explosive vest near \
the entrance of the market. Hospitals in the city declared an emergency.
"""

REPORT_B = """Quetta market bombing toll rises to 16

QUETTA, Pakistan, March 4, 2025 (Daily Compass) - The death toll from Monday's suicide \
bombing at a vegetable market in Quetta rose to 16, hospital officials said on Tuesday.

Pakistan's interior minister said intelligence agencies had confirmed that the Islamic State \
was behind the attack.
"""


@pytest.fixture(scope="module")
def client(
    pipeline_factory: Callable[[str], Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("reports")
    (folder / "quetta-a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "quetta-b.txt").write_text(REPORT_B, encoding="utf-8")
    pipe = pipeline_factory("e2e")
    report = pipe.ingest([folder])
    assert (report.ingested, report.failed) == (2, 0), report.failures
    with TestClient(create_app(pipe)) as c:
        yield c


def quetta(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    items = client.get("/api/v1/incidents", params=params).json()["items"]
    return [i for i in items if (i["place"] or {}).get("name") == "Quetta"]


def test_the_incident_is_served_with_both_reports(client: TestClient) -> None:
    [inc] = quetta(client, country="PK", type="bombing")
    assert inc["suicide"] is True
    assert len(inc["articles"]) == 2
    detail = client.get(f"/api/v1/incidents/{inc['id']}").json()
    assert 14 in [s["killed"] for s in detail["sources"]]


def test_actor_filter_includes_branches(client: TestClient) -> None:
    # the claim is the Khorasan branch's: filtering on the parent still finds it
    assert len(quetta(client, actor="Islamic State", assessment="claimed")) == 1
    assert len(quetta(client, actor="islamic-state-khorasan")) == 1
    actor = client.get("/api/v1/actors/islamic-state").json()
    assert "islamic-state-khorasan" in actor["branches"]
    assert quetta(client)[0]["id"] in actor["incidents"]


def test_the_ledger_quotes_the_claim_in_its_paragraph(client: TestClient) -> None:
    [inc] = quetta(client)
    html = client.get(f"/incidents/{inc['id']}").text
    quoted = re.findall(r'<mark class="k-quote"[^>]*>(.*?)</mark>', html, re.S)
    assert any(
        q.startswith("Islamic State Khorasan Province claimed responsibility") for q in quoted
    )


def test_gtd_row_of_a_claimed_suicide_bombing(client: TestClient) -> None:
    text = client.get("/api/v1/export", params={"format": "gtd", "country": "PK"}).text
    [row] = [r for r in csv.DictReader(io.StringIO(text)) if r["city"] == "Quetta"]
    assert (row["iyear"], row["imonth"], row["iday"]) == ("2025", "3", "3")
    assert (row["country_txt"], row["region_txt"]) == ("Pakistan", "South Asia")
    assert (row["attacktype1_txt"], row["weaptype1_txt"], row["suicide"]) == (
        "Bombing/Explosion",
        "Explosives",
        "1",
    )
    assert row["gname"] == "Islamic State Khorasan Province"
    assert (row["claimed"], row["compclaim"]) == ("1", "0")


def test_every_reported_statement_is_stored_and_served(client: TestClient) -> None:
    articles = client.get("/api/v1/articles").json()["items"]
    [b] = [a for a in articles if "toll rises" in (a["title"] or "")]
    page = client.get(f"/api/v1/articles/{b['id']}").json()
    text = page["text"]
    sources = {text[a["start"] : a["end"]] for a in page["annotations"] if a["kind"] == "source"}
    # the hospital officials' toll is no statement of responsibility, but it was said
    assert "hospital officials" in sources
    assert "Pakistan's interior minister" in sources
    reported = [a for a in page["annotations"] if a["kind"] == "reported"]
    assert any("Islamic State" in text[a["start"] : a["end"]] for a in reported)
    html = client.get(f"/articles/{b['id']}").text
    assert 'class="k-source"' in html
