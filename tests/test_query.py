"""One definition of the incident filters: the CLI, the API, the exports and the alert rules
answer the same question with the same incidents (they all go through newsblotter.query)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import serve_data
from newsblotter.alerts.match import incident_query
from newsblotter.alerts.rules import Rule
from newsblotter.api import create_app
from newsblotter.cli import cli
from newsblotter.query import (
    IncidentQuery,
    StatementQuery,
    find_incidents,
    load_index,
    most_reported,
    select_statements,
    sort_key,
)

FILTERS: list[dict[str, Any]] = [
    {},
    {"country": "pk"},
    {"type": "shelling"},
    {"since": "2024-03-01", "until": "2024-03-31"},
    {"min_killed": 5},
    {"actor": "Crimson Banner Brigade"},
    {"actor": "coastal wing"},
    {"actor": "VLF", "assessment": "suspected"},
    {"assessment": "claimed"},
    {"actor": "nobody we know"},
    {"q": "spice Sunday"},
    {"q": "spice", "country": "NG"},
]
CLI_NAMES = {"min_killed": "--min-killed", "q": "--text"}


@pytest.fixture(scope="module")
def pipe(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return serve_data.build(tmp_path_factory.mktemp("query") / "q.db")


@pytest.fixture(scope="module")
def client(pipe: Any) -> Iterator[TestClient]:
    with TestClient(create_app(pipe)) as c:
        yield c


def library(pipe: Any, filters: dict[str, Any]) -> list[str]:
    given = {
        k: dt.date.fromisoformat(v) if k in ("since", "until") else v for k, v in filters.items()
    }
    return [i.id for i in find_incidents(pipe.db, IncidentQuery.of(**given), load_index(pipe))]


def command_line(pipe: Any, command: list[str], filters: dict[str, Any]) -> str:
    args = ["--db", pipe.settings.db, *command]
    for name, value in filters.items():
        args += [CLI_NAMES.get(name, f"--{name}"), str(value)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("filters", FILTERS)
def test_cli_api_and_export_keep_the_same_incidents(
    pipe: Any, client: TestClient, filters: dict[str, Any]
) -> None:
    expected = library(pipe, filters)
    api = client.get("/api/v1/incidents", params={**filters, "sort": "date"})
    assert [i["id"] for i in api.json()["items"]] == expected  # the store's order is by date
    listed = json.loads(command_line(pipe, ["incidents", "--format", "json"], filters))
    assert sorted(i["id"] for i in listed) == sorted(expected)
    exported = command_line(pipe, ["export", "--format", "csv"], filters)
    assert sorted(r["id"] for r in csv.DictReader(io.StringIO(exported))) == sorted(expected)
    web_export = client.get("/api/v1/export", params={**filters, "format": "csv"})
    assert sorted(r["id"] for r in csv.DictReader(io.StringIO(web_export.text))) == sorted(expected)


def test_the_answers_are_the_right_ones(pipe: Any) -> None:
    """Not only the same everywhere: what the filters mean (the invented data's facts)."""
    assert library(pipe, {}) == ["inc-peshawar", "inc-maiduguri", "inc-kharkiv"]
    assert library(pipe, {"actor": "Crimson Banner Brigade"}) == ["inc-peshawar"]
    assert library(pipe, {"actor": "VLF", "assessment": "suspected"}) == ["inc-maiduguri"]
    assert library(pipe, {"min_killed": 5}) == ["inc-peshawar", "inc-maiduguri"]
    assert library(pipe, {"q": "spice", "country": "NG"}) == []


def test_incidents_only_recalled_in_passing_are_listed_only_when_asked(
    pipe: Any, client: TestClient
) -> None:
    """The Maiduguri report recalls an earlier raid in Konduga: stored and merged, but no
    article reports it as news, so every listing leaves it out unless asked."""
    assert library(pipe, {"country": "NG"}) == ["inc-maiduguri"]
    assert library(pipe, {"country": "NG", "background": True}) == [
        "inc-konduga",
        "inc-maiduguri",
    ]
    assert library(pipe, {"background": True, "until": "2023-01-01"}) == ["inc-konduga"]
    api = client.get("/api/v1/incidents", params={"country": "NG", "background": "true"})
    assert [i["id"] for i in api.json()["items"]] == ["inc-maiduguri", "inc-konduga"]
    assert [i["reported"] for i in api.json()["items"]] == [True, False]
    default = client.get("/api/v1/incidents", params={"country": "NG"})
    assert [i["id"] for i in default.json()["items"]] == ["inc-maiduguri"]
    listed = json.loads(command_line(pipe, ["incidents", "--format", "json", "--background"], {}))
    assert {i["id"]: i["type"] for i in listed} == {
        "inc-peshawar": "bombing",
        "inc-maiduguri": "armed_assault",
        "inc-kharkiv": "shelling",
        "inc-konduga": "armed_assault (recalled)",
    }
    table = CliRunner().invoke(cli, ["--db", pipe.settings.db, "incidents"], terminal_width=200)
    assert (
        table.stdout.splitlines()[0]
        == "3 incidents (1 more only recalled in passing: --background)"
    )
    exported = command_line(pipe, ["export", "--format", "csv", "--background"], {})
    assert sorted(r["id"] for r in csv.DictReader(io.StringIO(exported))) == [
        "inc-kharkiv",
        "inc-konduga",
        "inc-maiduguri",
        "inc-peshawar",
    ]
    page = client.get("/", params={"background": "true", "country": "NG"}).text
    assert 'data-incident="inc-konduga"' in page and ">recalled</span>" in page
    assert 'data-incident="inc-konduga"' not in client.get("/", params={"country": "NG"}).text
    assert (
        "background: &#39;yes&#39; is not &#39;true&#39;"
        in client.get("/", params={"background": "yes"}).text
    )
    rule = Rule("nigeria", "incident", ("stdout",), countries=frozenset({"NG"}))
    found = find_incidents(pipe.db, incident_query(rule), load_index(pipe))
    assert [i.id for i in found] == ["inc-maiduguri"]  # no alert on a recalled incident


def test_alert_rules_are_queries(pipe: Any) -> None:
    rule = Rule(
        "deadly", "incident", ("stdout",), countries=frozenset({"NG", "PK"}), killed_at_least=9
    )
    found = find_incidents(pipe.db, incident_query(rule), load_index(pipe))
    assert [i.id for i in found] == ["inc-peshawar", "inc-maiduguri"]


def test_orders() -> None:
    from newsblotter.records import Incident

    def inc(id: str, day: int | None, articles: int) -> Incident:
        date = dt.date(2024, 1, day) if day else None
        return Incident(id, "bombing", [], [f"d{n}" for n in range(articles)], date=date)

    items = [inc("a", 3, 1), inc("b", None, 2), inc("c", 1, 2), inc("d", 2, 1)]
    assert [i.id for i in most_reported(items)] == ["b", "c", "d", "a"]
    key, descending = sort_key("-date")
    assert [i.id for i in sorted(items, key=key, reverse=descending)] == ["a", "d", "c", "b"]
    key, descending = sort_key("date")
    assert [i.id for i in sorted(items, key=key, reverse=descending)] == ["c", "d", "a", "b"]
    with pytest.raises(ValueError, match="sort must be one of"):
        sort_key("colour")


def test_statement_filters_name_unresolved_actors_by_name(pipe: Any) -> None:
    index = load_index(pipe)
    statements = pipe.db.statements()
    every = select_statements(statements, StatementQuery(), index)
    assert every == statements
    coast = select_statements(statements, StatementQuery.of(actor="Coastal Wing"), index)
    parent = select_statements(statements, StatementQuery.of(actor="crimson-banner"), index)
    assert {s.id for s in coast} < {s.id for s in parent}
    assert all(s.responsible is not None for s in parent)
    with pytest.raises(ValueError, match="needs the incidents"):
        select_statements(statements, StatementQuery.of(incident="inc-peshawar"), index)
