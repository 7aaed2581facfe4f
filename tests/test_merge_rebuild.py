"""Rebuilding incidents from the store, and an analyst's merge and split that survive it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsblotter import Pipeline, load_settings
from newsblotter.cli import cli
from newsblotter.records import (
    ActorRef,
    Article,
    Count,
    Extraction,
    IncidentMention,
    Place,
    Provenance,
    RawDocument,
    Speaker,
    Statement,
)

HALDEN = Place("Halden", "NO", None, 59.12, 11.39, 3154209, "city")
MOSS = Place("Moss", "NO", None, 59.43, 10.66, 3145614, "city")
TEXTS = {
    "market": (
        "A bomb hidden in a delivery van exploded beside the fish market in Halden on Monday, "
        "killing four traders, police said. The harbour front was closed for the day."
    ),
    "market2": (
        "The death toll from Monday's van bomb at the Halden fish market rose to six, "
        "police said on Tuesday, as investigators searched the harbour front."
    ),
    "depot": (
        "Arsonists set fire to a bus depot on the edge of Moss overnight, destroying "
        "eleven buses; no one was hurt, the fire service said on Thursday."
    ),
}


def doc_id(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def extraction(
    name: str, day: int, itype: str, killed: int | None
) -> tuple[RawDocument, Extraction]:
    doc = doc_id(name)
    text = TEXTS[name]
    raw = RawDocument(doc, f"test://{name}", text.encode(), "text/plain", dt.datetime(2024, 2, day))
    article = Article(document=doc, text=text, published=dt.date(2024, 2, day), outlet=name)
    mention = IncidentMention(
        id=f"{doc}:0",
        provenance=Provenance(doc, 0, len(text), "test"),
        type=itype,
        date=dt.date(2024, 2, 1 if name == "depot" else 5),
        date_precision="day",
        place=MOSS if name == "depot" else HALDEN,
        killed=Count(killed, "exact", killed, killed) if killed is not None else None,
        text=text,
    )
    statements = []
    if name == "market":
        statements.append(
            Statement(
                id=f"{doc}:50",
                kind="attribution",
                provenance=Provenance(doc, 50, 90, "test"),
                text="Police blamed a local gang.",
                speaker=Speaker("police", "police"),
                responsible=ActorRef("the Harbour Crew"),
                incident=mention.id,
            )
        )
    return raw, Extraction(article, [mention], statements)


@pytest.fixture()
def pipeline(tmp_path: Path) -> Pipeline:
    pipe = Pipeline(load_settings(env={}, db=str(tmp_path / "nb.db"), text_model="none"))
    for name, day, itype, killed in (
        ("market", 5, "bombing", 4),
        ("market2", 6, "bombing", 6),
        ("depot", 2, "facility_attack", None),
    ):
        raw, ex = extraction(name, day, itype, killed)
        pipe.db.save_document(raw, ex)
    pipe.rebuild_incidents()
    return pipe


def home(pipe: Pipeline, name: str) -> str:
    found = [i.id for i in pipe.db.incidents() if doc_id(name) in i.articles]
    assert len(found) == 1, found
    return found[0]


def test_rebuild_merges_the_update_and_keeps_both_figures(pipeline: Pipeline) -> None:
    assert home(pipeline, "market") == home(pipeline, "market2") != home(pipeline, "depot")
    inc = pipeline.db.incident(home(pipeline, "market"))
    assert inc is not None and inc.killed is not None and inc.killed.value == 6
    assert [v.value for f in inc.facts if f.name == "killed" for v in f.values] == [4, 6]
    assert [e.actor.name for e in inc.ledger] == ["the Harbour Crew"]
    assert inc.ledger[0].first_seen == dt.date(2024, 2, 5)


def test_a_manual_merge_and_split_survive_a_rebuild(pipeline: Pipeline, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(tmp_path / "nb.db")]
    market, depot = home(pipeline, "market"), home(pipeline, "depot")
    out = runner.invoke(cli, [*db, "incidents", "merge", market, depot, "--note", "same night"])
    assert out.exit_code == 0, out.output
    assert home(pipeline, "depot") == home(pipeline, "market")
    rebuilt = runner.invoke(cli, [*db, "merge", "--rebuild"])
    assert rebuilt.exit_code == 0 and "1 analyst decisions replayed" in rebuilt.output
    assert home(pipeline, "depot") == home(pipeline, "market")

    merged = home(pipeline, "market")
    out = runner.invoke(
        cli, [*db, "incidents", "split", merged, "--article", doc_id("market2"), "--note", "x"]
    )
    assert out.exit_code == 0, out.output
    pipeline.rebuild_incidents()
    assert home(pipeline, "market2") != home(pipeline, "market") == home(pipeline, "depot")
    decisions = runner.invoke(cli, [*db, "incidents", "decisions", "--format", "json"])
    made = json.loads(decisions.output)
    assert [(d["kind"], d["note"]) for d in made] == [("merge", "same night"), ("split", "x")]
    assert (made[0]["target"], made[1]["target"]) == (f"{market}+{depot}", merged)


def test_bad_requests_are_one_line_errors(pipeline: Pipeline, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(tmp_path / "nb.db")]
    market = home(pipeline, "market")
    for args in (
        ["incidents", "merge", market, "inc-nothere"],
        ["incidents", "split", market],
        ["incidents", "split", market, "--article", "not-an-article"],
        ["merge"],
    ):
        out = runner.invoke(cli, [*db, *args])
        assert out.exit_code == 2, args
        assert "Traceback" not in out.output and out.output.strip().splitlines()[-1].startswith(
            "Error:"
        )
    listing = runner.invoke(cli, [*db, "incidents", "--type", "bombing"])
    assert listing.exit_code == 0 and "1 incidents" in listing.output
