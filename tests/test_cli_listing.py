"""Listings at 80 and 200 columns: ids and dates are never cut, so what the table prints can
be pasted into ``show``; the least important columns give way first; JSON and CSV keep every
column for piping."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import serve_data
from newsblotter.cli import cli
from newsblotter.cli.listing import Column, layout
from newsblotter.cli.views import INCIDENT_COLUMNS

WIDTHS = (80, 200)


@pytest.fixture(scope="module")
def pipe(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return serve_data.build(tmp_path_factory.mktemp("listing") / "nb.db")


def invoke(pipe: Any, *args: str, width: int = 80) -> str:
    result = CliRunner().invoke(
        cli, ["--db", str(pipe.settings.db), *args], env={"COLUMNS": str(width)}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def table_rows(out: str) -> list[list[str]]:
    """The cells of a rich table's body rows (lines between │ borders)."""
    rows = []
    for line in out.splitlines():
        if line.startswith("│"):
            rows.append([cell.strip() for cell in line.strip("│").split("│")])
    return rows


@pytest.mark.parametrize("width", WIDTHS)
def test_incident_ids_and_dates_are_whole_and_paste_into_show(pipe: Any, width: int) -> None:
    out = invoke(pipe, "incidents", width=width)
    assert max(len(line) for line in out.splitlines()) <= width
    # listed: the incidents reported as news; the one only recalled in passing is left out
    incidents = {i.id: i for i in pipe.db.incidents() if i.reported}
    rows = table_rows(out)
    assert {row[0] for row in rows} == set(incidents)
    for row in rows:
        assert row[1] == incidents[row[0]].date.isoformat()
        shown = invoke(pipe, "show", row[0], width=width)
        assert shown.startswith(row[0])


def test_narrow_tables_leave_out_the_least_important_columns(pipe: Any) -> None:
    header = {w: table_rows(invoke(pipe, "incidents", width=w).replace("┃", "│")) for w in WIDTHS}
    assert header[200][0] == [c.name for c in INCIDENT_COLUMNS]
    assert header[80][0] == ["id", "date", "type", "place", "ledger"]


def test_json_and_csv_keep_every_column_in_full(pipe: Any) -> None:
    items = json.loads(invoke(pipe, "incidents", "--format", "json"))
    rows = list(csv.DictReader(io.StringIO(invoke(pipe, "incidents", "--format", "csv"))))
    assert [i["id"] for i in items] == [r["id"] for r in rows]
    assert {i["id"] for i in items} == {i.id for i in pipe.db.incidents() if i.reported}
    peshawar = next(i for i in items if i["id"] == "inc-peshawar")
    inc = pipe.db.incident("inc-peshawar")
    ledger = "; ".join(f"{e.actor.name}: {e.assessment}" for e in inc.ledger)
    assert peshawar == {
        "id": "inc-peshawar",
        "date": "2024-02-10",
        "type": "bombing",
        "place": "Peshawar, PK",
        "killed": "≥27",  # "at least 27", as the later report says
        "wounded": "60",
        "articles": 2,
        "ledger": ledger,
    }
    assert next(r for r in rows if r["id"] == "inc-peshawar")["ledger"] == ledger


def test_filters_and_formats_on_the_listing(pipe: Any) -> None:
    found = json.loads(invoke(pipe, "incidents", "--actor", "CBB", "--format", "json"))
    assert [i["id"] for i in found] == ["inc-peshawar"]
    found = json.loads(invoke(pipe, "incidents", "--country", "ua", "--format", "json"))
    assert [i["id"] for i in found] == ["inc-kharkiv"]
    result = CliRunner().invoke(cli, ["--db", pipe.settings.db, "incidents", "--country", "UKR"])
    assert result.exit_code == 2 and "two-letter" in result.output


@pytest.mark.parametrize("width", WIDTHS)
def test_actor_ids_are_whole(pipe: Any, width: int) -> None:
    out = invoke(pipe, "actors", "--search", "crimson", width=width)
    assert [row[0] for row in table_rows(out)] == ["crimson-banner", "crimson-banner-coast"]


def test_markup_in_values_is_printed_as_written(pipe: Any) -> None:
    """A story's words are data, never rich markup, in every format."""
    out = invoke(pipe, "actors", "--format", "csv")
    assert "Crimson Banner Coastal Wing" in out
    table = io.StringIO()
    from rich.console import Console

    from newsblotter.cli.listing import emit

    emit(
        (Column("id", "id"), Column("text")),
        [("x", "[b]bold[/b]")],
        "table",
        None,
        Console(file=table, width=80),
    )
    assert "[b]bold[/b]" in table.getvalue()


def test_layout_never_cuts_whole_columns() -> None:
    columns = [
        Column("id", "id"),
        Column("date", "date"),
        Column("note", least=4),
        Column("extra", "number", drop=1),
    ]
    rows = [("inc-0123456789ab", "2024-01-02", "a long note " * 5, 123456)]
    # 1 + (16+3) + (10+3) + (4+3) + (6+3) = 49: everything fits, the note at its least
    assert layout(columns, rows, 49) == [16, 10, 4, 6]
    assert layout(columns, rows, 51) == [16, 10, 6, 6]  # the note takes what is left
    assert layout(columns, rows, 48) == [16, 10, 12, 0]  # the low-priority column gives way
    wide = layout(columns, rows, 200)
    assert wide == [16, 10, len(rows[0][2]), 6]
    # narrower than the essentials: the whole columns still keep their width
    assert layout(columns, rows, 20)[:2] == [16, 10]


def test_decisions_and_quotes_list_in_every_format(pipe: Any, tmp_path: Path) -> None:
    out = invoke(pipe, "incidents", "decisions", "--format", "csv")
    assert out == "id,at,kind,target,reports,note\n"
    doc = pipe.db.incident("inc-maiduguri").articles[0]
    assert json.loads(invoke(pipe, "quotes", doc, "--format", "json")) == []
    assert re.search(r"0 reported statements", invoke(pipe, "quotes", doc))


def test_real_length_ids_and_long_text_at_80_columns(tmp_path: Path) -> None:
    """Ids as the merger makes them (inc- and 12 hex digits), and long places and ledgers:
    the text gives way, the ids do not."""
    import dataclasses
    import hashlib

    pipe = serve_data.build(tmp_path / "long.db")
    renamed = [
        dataclasses.replace(
            inc,
            id="inc-" + hashlib.sha256(inc.id.encode()).hexdigest()[:12],
            place=dataclasses.replace(inc.place, name=inc.place.name + " and its outskirts" * 3)
            if inc.place
            else None,
        )
        for inc in pipe.db.incidents()
    ]
    pipe.db.replace_incidents(renamed)
    places = {}
    for width in WIDTHS:
        out = invoke(pipe, "incidents", width=width)
        assert max(len(line) for line in out.splitlines()) <= width
        rows = table_rows(out)
        assert {row[0] for row in rows} == {inc.id for inc in renamed if inc.reported}
        assert {row[1] for row in rows} == {
            inc.date.isoformat() for inc in renamed if inc.date and inc.reported
        }
        places[width] = [row[3] for row in rows]
    # the long place names give way, less so on a wide terminal
    assert all(place.endswith("…") for place in places[80])
    assert all(len(a) < len(b) for a, b in zip(places[80], places[200], strict=True))
