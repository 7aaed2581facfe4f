"""Exports: JSON per its schema, flat CSV, GeoJSON points, and the GTD-coded CSV.

The GTD test checks our columns and codes against the GTD codebook as written out here,
independently of the tables in ``newsblotter.export.gtd_codes``: the variable order of the
GTD CSV and a sample of each code table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import serve_data
from newsblotter.cli import cli
from newsblotter.export import schema
from newsblotter.export.formats import FORMATS, render
from newsblotter.export.gtd import GTD_COLUMNS, GtdSource, export_gtd
from newsblotter.export.gtd_codes import (
    ATTACK_TYPES,
    CLAIM_MODES,
    COUNTRIES,
    REGIONS,
    TARGET_TYPES,
    WEAPON_TYPES,
)
from newsblotter.query.actors import ActorIndex

# The GTD CSV's variables in the codebook's order (GTD Codebook, "Inclusion Criteria and
# Variables", START, University of Maryland).
CODEBOOK_ORDER = [
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "extended",
    "resolution",
    "country",
    "country_txt",
    "region",
    "region_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "vicinity",
    "location",
    "summary",
    "crit1",
    "crit2",
    "crit3",
    "doubtterr",
    "alternative",
    "alternative_txt",
    "multiple",
    "success",
    "suicide",
    "attacktype1",
    "attacktype1_txt",
    "attacktype2",
    "attacktype2_txt",
    "attacktype3",
    "attacktype3_txt",
    "targtype1",
    "targtype1_txt",
    "targsubtype1",
    "targsubtype1_txt",
    "corp1",
    "target1",
    "natlty1",
    "natlty1_txt",
    "targtype2",
    "targtype2_txt",
    "targsubtype2",
    "targsubtype2_txt",
    "corp2",
    "target2",
    "natlty2",
    "natlty2_txt",
    "targtype3",
    "targtype3_txt",
    "targsubtype3",
    "targsubtype3_txt",
    "corp3",
    "target3",
    "natlty3",
    "natlty3_txt",
    "gname",
    "gsubname",
    "gname2",
    "gsubname2",
    "gname3",
    "gsubname3",
    "motive",
    "guncertain1",
    "guncertain2",
    "guncertain3",
    "individual",
    "nperps",
    "nperpcap",
    "claimed",
    "claimmode",
    "claimmode_txt",
    "claim2",
    "claimmode2",
    "claimmode2_txt",
    "claim3",
    "claimmode3",
    "claimmode3_txt",
    "compclaim",
    "weaptype1",
    "weaptype1_txt",
    "weapsubtype1",
    "weapsubtype1_txt",
    "weaptype2",
    "weaptype2_txt",
    "weapsubtype2",
    "weapsubtype2_txt",
    "weaptype3",
    "weaptype3_txt",
    "weapsubtype3",
    "weapsubtype3_txt",
    "weaptype4",
    "weaptype4_txt",
    "weapsubtype4",
    "weapsubtype4_txt",
    "weapdetail",
    "nkill",
    "nkillus",
    "nkillter",
    "nwound",
    "nwoundus",
    "nwoundte",
    "property",
    "propextent",
    "propextent_txt",
    "propvalue",
    "propcomment",
    "ishostkid",
    "nhostkid",
    "nhostkidus",
    "nhours",
    "ndays",
    "divert",
    "kidhijcountry",
    "ransom",
    "ransomamt",
    "ransomamtus",
    "ransompaid",
    "ransompaidus",
    "ransomnote",
    "hostkidoutcome",
    "hostkidoutcome_txt",
    "nreleased",
    "addnotes",
    "scite1",
    "scite2",
    "scite3",
    "dbsource",
    "INT_LOG",
    "INT_IDEO",
    "INT_MISC",
    "INT_ANY",
    "related",
]

# A sample of each codebook table, as the codebook prints it.
CODEBOOK_SAMPLES: dict[str, dict[int, str]] = {
    "attacktype1": {
        1: "Assassination",
        2: "Armed Assault",
        3: "Bombing/Explosion",
        6: "Hostage Taking (Kidnapping)",
        9: "Unknown",
    },
    "weaptype1": {5: "Firearms", 6: "Explosives", 8: "Incendiary", 9: "Melee", 13: "Unknown"},
    "targtype1": {
        1: "Business",
        3: "Police",
        4: "Military",
        14: "Private Citizens & Property",
        15: "Religious Figures/Institutions",
        20: "Unknown",
    },
    "claimmode": {6: "Video", 7: "Posted to website, blog, etc.", 10: "Unknown"},
    "region": {
        6: "South Asia",
        9: "Eastern Europe",
        10: "Middle East & North Africa",
        11: "Sub-Saharan Africa",
    },
    "country": {
        4: "Afghanistan",
        95: "Iraq",
        147: "Nigeria",
        153: "Pakistan",
        214: "Ukraine",
        217: "United States",
    },
}
TABLES = {
    "attacktype1": ATTACK_TYPES,
    "weaptype1": WEAPON_TYPES,
    "targtype1": TARGET_TYPES,
    "claimmode": CLAIM_MODES,
    "region": REGIONS,
    "country": {code: name for code, name, _ in COUNTRIES.values()},
}


@pytest.fixture(scope="module")
def pipe(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return serve_data.build(tmp_path_factory.mktemp("export") / "export.db")


@pytest.fixture(scope="module")
def index() -> ActorIndex:
    return ActorIndex(serve_data.ACTORS)


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_json_export_validates_against_the_shipped_schema(pipe: Any, index: ActorIndex) -> None:
    doc = json.loads(render("json", pipe.db, index))
    jsonschema.validate(doc, schema())
    # the library exports every stored incident; the CLI and the API pass those they list
    reported = {i["id"]: i["reported"] for i in doc["incidents"]}
    assert reported == {
        "inc-peshawar": True,
        "inc-maiduguri": True,
        "inc-kharkiv": True,
        "inc-konduga": False,
    }
    assert {a["id"] for a in doc["actors"]} >= {"crimson-banner", "crimson-banner-coast"}
    by_id = {i["id"]: i for i in doc["incidents"]}
    assert by_id["inc-maiduguri"]["victims"] == [
        {"name": "Musa Bukar", "mentions": by_id["inc-maiduguri"]["mentions"], "stories": 1}
    ]


def test_flat_csv_has_one_row_per_incident(pipe: Any, index: ActorIndex) -> None:
    rows = {r["id"]: r for r in table(render("csv", pipe.db, index))}
    assert {i: r["reported"] for i, r in rows.items()} == {
        "inc-peshawar": "1",
        "inc-maiduguri": "1",
        "inc-kharkiv": "1",
        "inc-konduga": "0",
    }
    p = rows["inc-peshawar"]
    assert (p["date"], p["type"], p["country"], p["place"]) == (
        "2024-02-10",
        "bombing",
        "PK",
        "Peshawar",
    )
    assert (p["killed"], p["killed_qualifier"], p["wounded"]) == ("27", "at_least", "60")
    assert p["actor"] == "Crimson Banner Coastal Wing" and p["assessment"] == "claimed"
    assert "Valley Liberation Front: denied" in p["ledger"].split("; ")
    assert rows["inc-kharkiv"]["actor"] == ""
    assert (rows["inc-maiduguri"]["victims"], rows["inc-peshawar"]["victims"]) == ("Musa Bukar", "")


def test_geojson_points_are_lon_lat(pipe: Any, index: ActorIndex) -> None:
    fc = json.loads(render("geojson", pipe.db, index))
    assert fc["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in fc["features"]}
    assert by_id["inc-peshawar"]["geometry"] == {"type": "Point", "coordinates": [71.578, 34.008]}
    assert by_id["inc-maiduguri"]["properties"]["killed"] == 9


def test_gtd_columns_follow_the_codebook_order() -> None:
    assert set(GTD_COLUMNS) <= set(CODEBOOK_ORDER), set(GTD_COLUMNS) - set(CODEBOOK_ORDER)
    positions = [CODEBOOK_ORDER.index(c) for c in GTD_COLUMNS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("variable", sorted(CODEBOOK_SAMPLES))
def test_gtd_code_tables_agree_with_the_codebook(variable: str) -> None:
    for code, label in CODEBOOK_SAMPLES[variable].items():
        assert TABLES[variable][code] == label


def test_gtd_country_table_is_consistent() -> None:
    codes = [code for code, _, _ in COUNTRIES.values()]
    assert len(codes) == len(set(codes))
    assert all(region in REGIONS for _, _, region in COUNTRIES.values())


def test_gtd_csv_round_trips(pipe: Any, index: ActorIndex) -> None:
    text = render("gtd", pipe.db, index)
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == GTD_COLUMNS
    rows = list(reader)
    incidents = {i.id: i for i in pipe.db.incidents()}
    assert len(rows) == len(incidents)
    for row in rows:
        inc = incidents[row["addnotes"].removeprefix("newsblotter incident ")]
        # every code column carries the codebook's label for its code
        for variable in ("attacktype1", "weaptype1", "targtype1", "region", "country"):
            assert TABLES[variable][int(row[variable])] == row[f"{variable}_txt"]
        if row["claimmode"]:
            assert CLAIM_MODES[int(row["claimmode"])] == row["claimmode_txt"]
        # the values read back are the incident's
        assert inc.date is not None and inc.place is not None
        assert (int(row["iyear"]), int(row["imonth"]), int(row["iday"])) == (
            inc.date.year,
            inc.date.month,
            inc.date.day,
        )
        assert row["eventid"] == inc.date.strftime("%Y%m%d") + row["eventid"][8:]
        assert len(row["eventid"]) == 12
        assert COUNTRIES[inc.place.country or ""][0] == int(row["country"])
        assert (float(row["latitude"]), float(row["longitude"])) == (inc.place.lat, inc.place.lon)
        assert row["city"] == inc.place.name and row["provstate"] == inc.place.admin1
        assert row["nkill"] == (str(inc.killed.value) if inc.killed else "")
        assert row["suicide"] == "0"
    by_city = {r["city"]: r for r in rows}
    pesh = by_city["Peshawar"]
    assert (pesh["attacktype1"], pesh["weaptype1"], pesh["targtype1"]) == ("3", "6", "1")
    assert (pesh["gname"], pesh["guncertain1"]) == ("Crimson Banner Coastal Wing", "0")
    assert pesh["gname2"] == "Crimson Banner Brigade"
    assert pesh["gname3"] == ""  # the group that denied is no perpetrator
    # claimed by the Coastal Wing and confirmed by its parent: one claimant, no competition
    assert (pesh["claimed"], pesh["claimmode_txt"], pesh["compclaim"]) == (
        "1",
        "Posted to website, blog, etc.",
        "0",
    )
    assert pesh["scite1"].startswith(
        'Harbor Courier, "Blast at Peshawar market kills 25", 2024-02-10'
    )
    mai = by_city["Maiduguri"]
    assert (mai["attacktype1_txt"], mai["targtype1_txt"]) == ("Armed Assault", "Military")
    assert (mai["gname"], mai["guncertain1"], mai["claimed"]) == (
        "Valley Liberation Front",
        "1",
        "0",
    )
    kh = by_city["Kharkiv"]
    assert (kh["gname"], kh["claimed"], kh["weaptype1_txt"]) == ("Unknown", "0", "Explosives")


def test_gtd_imprecise_dates_and_admin_codes(pipe: Any) -> None:
    import dataclasses

    inc = next(i for i in pipe.db.incidents() if i.id == "inc-kharkiv")
    vague = dataclasses.replace(
        inc,
        date_precision="year",
        place=dataclasses.replace(inc.place, admin1="68"),  # a GeoNames code, not a name
    )
    [row] = table(export_gtd([GtdSource(vague, [], [])]))
    assert (row["iyear"], row["imonth"], row["iday"], row["approxdate"]) == (
        "2024",
        "0",
        "0",
        "2024",
    )
    assert row["eventid"].startswith("20240000")
    assert row["summary"].startswith("2024: shelling in Kharkiv")
    assert row["provstate"] == ""


def test_gtd_eventids_are_stable_and_unique(pipe: Any, index: ActorIndex) -> None:
    first = [r["eventid"] for r in table(render("gtd", pipe.db, index))]
    again = [r["eventid"] for r in table(render("gtd", pipe.db, index))]
    assert first == again and len(set(first)) == len(first)
    incs = pipe.db.incidents()
    clones = [GtdSource(incs[0], [], []) for _ in range(3)]  # forced collisions
    ids = [r["eventid"] for r in table(export_gtd(clones))]
    assert len(set(ids)) == 3


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_cli_export_writes_each_format(pipe: Any, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(
        cli, ["--db", pipe.settings.db, "export", "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Maiduguri" in text
    if fmt in ("json", "geojson"):
        json.loads(text)
    else:
        assert len(table(text)) == 3


def test_cli_export_refuses_an_unknown_format(pipe: Any) -> None:
    result = CliRunner().invoke(cli, ["--db", pipe.settings.db, "export", "--format", "xls"])
    assert result.exit_code == 2
    assert "xls" in result.output


def test_cli_export_takes_the_incident_filters(pipe: Any) -> None:
    args = ["--db", pipe.settings.db, "export", "--format", "json"]
    every = json.loads(CliRunner().invoke(cli, args).output)
    assert sorted(i["id"] for i in every["incidents"]) == [
        "inc-kharkiv",
        "inc-maiduguri",
        "inc-peshawar",
    ]
    some = json.loads(CliRunner().invoke(cli, [*args, "--actor", "Crimson Banner"]).output)
    assert [i["id"] for i in some["incidents"]] == ["inc-peshawar"]
    # only what bears on the incidents kept: their statements and articles
    assert {s["incident"] for s in some["statements"]} == {"inc-peshawar"}
    assert {a["id"] for a in some["articles"]} == set(some["incidents"][0]["articles"])
    killed = CliRunner().invoke(cli, [*args[:3], "--format", "csv", "--min-killed", "10"])
    assert [r["id"] for r in table(killed.output)] == ["inc-peshawar"]


def test_docs_list_exactly_the_registered_formats() -> None:
    """docs/serve.md names the export formats three times: the command line, the API table
    and one bullet each; all must be the registry's."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "serve.md").read_text("utf-8")
    names = list(FORMATS)
    command = re.search(r"newsblotter export --format ([a-z|]+)", text)
    assert command is not None and command.group(1).split("|") == names
    api = re.search(r"\| `GET /export` \| `format` = (.+?), plus", text)
    assert api is not None and re.findall(r"`([a-z]+)`", api.group(1)) == names
    section = text.split("## Exports", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^- `([a-z]+)`:", section, flags=re.MULTILINE) == names
