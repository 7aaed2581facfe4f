"""The first acceptance case: ../shared/seed/ through `newsblotter ingest` and `export`.

What must hold is written in ../shared/seed/EXPECTED.md; the page is read in place.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsblotter.cli import cli

SEED = "seed/000_7460e8f945b9a694.txt"


@pytest.fixture(scope="module")
def export(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    page = shared / SEED
    if not page.exists():
        pytest.skip(f"seed page not found at {page}")
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "ingest", str(page)])
    assert result.exit_code == 0, result.output
    assert "ingested 1, unchanged 0, failed 0" in result.output
    again = runner.invoke(cli, ["--db", str(db), "ingest", str(page)])
    assert "ingested 0, unchanged 1, failed 0" in again.output
    out = runner.invoke(cli, ["--db", str(db), "export", "--format", "json"])
    assert out.exit_code == 0, out.output
    data: dict[str, Any] = json.loads(out.output)
    return data


def test_export_follows_the_schema(export: dict[str, Any]) -> None:
    import jsonschema

    from newsblotter.export import schema

    jsonschema.validate(export, schema())


def test_article(export: dict[str, Any]) -> None:
    [article] = export["articles"]
    assert article["title"].startswith("Exclusive-US intelligence confirms")
    assert article["wire_agency"] == "Reuters"
    assert article["dateline"].lower() == "washington"
    assert article["published"] == "2024-01-06"
    assert any("funeral" in c for c in article["captions"])
    body = article["text"]
    assert "funeral ceremony" not in body
    assert "Kerman" in body and "declined to comment" in body
    for chrome in ("WhatsApp", "Next In World", "Others Also Read", "Fed slashes", "Putin"):
        assert chrome not in body


def main_incident(export: dict[str, Any]) -> dict[str, Any]:
    main = [i for i in export["incidents"] if i["date"] == "2024-01-03"]
    assert len(main) == 1, [(i["type"], i["date"]) for i in export["incidents"]]
    return main[0]


def test_main_incident_facts(export: dict[str, Any]) -> None:
    inc = main_incident(export)
    assert inc["type"] == "bombing" and inc["suicide"] is True
    assert "explosives" in inc["weapons"] and "suicide belt" in inc["weapons"]
    assert inc["date_precision"] == "day"
    place = inc["place"]
    assert (place["name"], place["country"]) == ("Kerman", "IR")
    assert abs(place["lat"] - 30.28) < 0.1 and abs(place["lon"] - 57.08) < 0.1
    killed = inc["killed"]
    assert killed["value"] == 100 and killed["qualifier"] == "about"
    assert any("memorial service" in t for t in inc["targets"])


def test_background_strike_is_kept_apart(export: dict[str, Any]) -> None:
    inc = main_incident(export)
    others = [i for i in export["incidents"] if i["id"] != inc["id"]]
    assert all(i["date"] is None or i["date"] < "2021" for i in others)
    texts = {s["text"] for s in export["statements"] if s["incident"] in {o["id"] for o in others}}
    assert not texts  # every statement concerns the bombings


def statements(export: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in export["statements"] if s["kind"] == kind]


def test_statements(export: dict[str, Any]) -> None:
    inc = main_incident(export)
    [claim] = statements(export, "claim")
    assert claim["responsible"]["id"] == "islamic-state"
    assert claim["speaker"]["kind"] == "group"
    assert claim["said_on"] == "2024-01-04" and claim["incident"] == inc["id"]

    attributions = statements(export, "attribution")
    assert attributions and {a["responsible"]["id"] for a in attributions} == {
        "islamic-state-khorasan"
    }
    first = attributions[0]
    assert first["speaker"]["anonymous"] is True and first["speaker"]["count"] == 2
    assert first["speaker"]["kind"] in {"anonymous", "intelligence"}
    assert "intercepts" in first["evidence"]
    assert first["hedge_level"] == "certain" and "indisputable" in first["hedge"]
    assert first["said_on"] == "2024-01-05" and first["outlet"] == "Reuters"

    [no_comment] = statements(export, "no_comment")
    assert no_comment["speaker"]["actor_id"] == "cia"
    [arrest] = statements(export, "arrest")
    assert arrest["speaker"]["actor_id"] == "iran" and arrest["said_on"] == "2024-01-05"
    assert not statements(export, "denial")


def test_spans_point_at_the_quoted_text(export: dict[str, Any]) -> None:
    [article] = export["articles"]
    for st in export["statements"]:
        start, end = st["span"]
        assert article["text"][start:end].strip() == st["text"]


def test_ledger(export: dict[str, Any]) -> None:
    ledger = {e["actor"]["id"]: e for e in main_incident(export)["ledger"]}
    assert set(ledger) == {"islamic-state", "islamic-state-khorasan"}
    assert ledger["islamic-state"]["assessment"] == "claimed"
    branch = ledger["islamic-state-khorasan"]
    assert branch["assessment"] == "attributed"
    assert "parent" in branch["reason"] and "Islamic State" in branch["reason"]


def test_chrome_yields_nothing(export: dict[str, Any]) -> None:
    names = {a["name"] for a in export["actors"]}
    assert not names & {"Nigeria", "Argentina", "Russia", "Ukraine"}
    assert len(export["incidents"]) <= 2
