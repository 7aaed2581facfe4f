"""Every record in records.py survives to_dict -> JSON text -> from_dict unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import json
from typing import Any

import pytest

from newsblotter import records as r
from newsblotter.store.codec import from_dict, to_dict

PROV = r.Provenance("d" * 64, 12, 40, "statements@0.3")
PLACE = r.Place("Mosul", "IQ", "Nineveh", 36.34, 43.13, 99072, "city", 1_700_000)
ARTICLE = r.Article(
    document="d" * 64,
    text="Gunmen attacked a checkpoint — «three» were killed.",
    title="Checkpoint attack",
    url="https://news.example/a?id=1",
    canonical_url="https://news.example/a",
    outlet="Example News",
    wire_agency="AFP",
    published=dt.date(2023, 11, 5),
    published_precision="month",
    byline="A. Writer",
    dateline="MOSUL, Iraq",
    language="en",
    paragraphs=[(0, 20), (21, 52)],
    captions=["A burnt car."],
    chrome=["Subscribe now"],
    extractor="article@1",
)
COUNT = r.Count(12, "at_least", 12, None, PROV)
ACTOR_REF = r.ActorRef("Islamic State", "isis", PROV)
MENTION = r.IncidentMention(
    id=f"{'d' * 64}:12",
    provenance=PROV,
    type="bombing",
    suicide=True,
    date=dt.date(2023, 11, 4),
    date_precision="day",
    place=PLACE,
    killed=COUNT,
    wounded=r.Count(30, "about", 25, 35),
    weapons=["explosive vest"],
    targets=["checkpoint"],
    victims=["soldiers"],
    perpetrators=[ACTOR_REF, r.ActorRef("unknown gunmen")],
    is_main=False,
    text="a suicide bomber struck",
)
SPEAKER = r.Speaker("Col. Example", "military", "iq-army", False, None, PROV)
STATEMENT = r.Statement(
    id=f"{'d' * 64}:80",
    kind="attribution",
    provenance=PROV,
    text="The army blamed the group.",
    speaker=SPEAKER,
    cue="blamed",
    responsible=ACTOR_REF,
    incident=MENTION.id,
    evidence=["a video"],
    hedge="likely",
    hedge_level="probable",
    said_on=dt.date(2023, 11, 6),
    outlet="Example News",
    attribution=r.Attribution(PROV, PROV, None, "The army", "blamed"),
)
ACTOR = r.Actor("isis-wilayat-x", "Wilayat X", "armed_group", ["WX", "ولاية"], "isis", "IQ", PROV)

LEDGER_SOURCE = r.LedgerSource(
    "anonymous:2 officials", "unnamed_official", ["s1"], ["Harbor Courier"], dt.date(2023, 11, 5)
)
REPORTED = r.ReportedValue(12, "at_least", "d" * 64, "d" * 64, "AFP", dt.date(2023, 11, 5), "m1")

SAMPLES: dict[type[Any], Any] = {
    r.Provenance: PROV,
    r.Attribution: STATEMENT.attribution,
    r.RawDocument: r.RawDocument(
        "d" * 64,
        "/data/a.html",
        b"\x00\xff<p>bytes that are not UTF-8 \xe9</p>",
        "text/html",
        dt.datetime(2024, 2, 29, 23, 59, 1, 5, tzinfo=dt.UTC),
        "failed",
        "x: broken",
    ),
    r.Article: ARTICLE,
    r.Entity: r.Entity(0, 6, "Gunmen", "NORP", "gunmen"),
    r.TimeExpression: r.TimeExpression(3, 12, "last week", dt.date(2023, 10, 30), "day"),
    r.Quantity: r.Quantity(5, 15, "nearly 100", 100, "about", 90, 100),
    r.Place: PLACE,
    r.PlaceMention: r.PlaceMention(30, 35, "Mosul", PLACE),
    r.Annotated: r.Annotated(
        article=ARTICLE,
        sentences=[(0, 52)],
        entities=[r.Entity(0, 6, "Gunmen", "NORP")],
        times=[r.TimeExpression(3, 12, "Sunday", dt.date(2023, 11, 5), "day")],
        quantities=[r.Quantity(40, 45, "three", 3, "exact", None, None)],
        places=[r.PlaceMention(30, 35, "Mosul", PLACE)],
        doc=None,
        extractor="nlp@1",
    ),
    r.Count: COUNT,
    r.ActorRef: ACTOR_REF,
    r.IncidentMention: MENTION,
    r.Speaker: SPEAKER,
    r.Statement: STATEMENT,
    r.Actor: ACTOR,
    r.Extraction: r.Extraction(ARTICLE, [MENTION], [STATEMENT], [ACTOR]),
    r.TextVector: r.TextVector("minilm:" + "e" * 16, (0.6, -0.8, 0.0)),
    r.LedgerEntry: r.LedgerEntry(ACTOR_REF, "claimed_corroborated", "claim + police", ["s1"]),
    r.LedgerSource: LEDGER_SOURCE,
    r.ReportedValue: REPORTED,
    r.Fact: r.Fact("killed", [REPORTED], 12, 12, 12, 12),
    r.Source: r.Source("d" * 64, "d" * 64, "Harbor Courier", dt.date(2023, 11, 5), "AFP"),
    r.Victim: r.Victim("Amina Yusuf", [MENTION.id], 2),
    r.Incident: r.Incident(
        id="inc-1",
        type="bombing",
        mentions=[MENTION.id],
        articles=["d" * 64],
        suicide=True,
        date=dt.date(2023, 11, 4),
        date_precision="day",
        place=PLACE,
        killed=COUNT,
        wounded=None,
        weapons=["explosive vest"],
        targets=["checkpoint"],
        ledger=[
            r.LedgerEntry(
                ACTOR_REF,
                "attributed",
                "army said",
                [STATEMENT.id],
                [LEDGER_SOURCE],
                dt.date(2023, 11, 5),
                None,
            )
        ],
        facts=[r.Fact("killed", [REPORTED], 12, 12, 12, 12)],
        sources=[r.Source("d" * 64, "d" * 64)],
        victims=[r.Victim("Amina Yusuf", [MENTION.id], 2)],
    ),
}


def test_every_record_type_has_a_sample() -> None:
    record_types = {
        obj
        for _, obj in inspect.getmembers(r, inspect.isclass)
        if dataclasses.is_dataclass(obj) and obj.__module__ == r.__name__
    }
    assert record_types == set(SAMPLES)


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda c: c.__name__)
def test_round_trip_through_json_text(cls: type[Any]) -> None:
    record = SAMPLES[cls]
    encoded = json.dumps(to_dict(record), ensure_ascii=False)
    back = from_dict(cls, json.loads(encoded))
    assert type(back) is cls
    assert back == record


def test_values_are_json_native() -> None:
    data = to_dict(SAMPLES[r.Incident])
    assert data["date"] == "2023-11-04"
    assert data["place"]["country"] == "IQ"
    assert data["killed"]["provenance"]["start"] == 12
    assert data["ledger"][0]["actor"]["id"] == "isis"
    assert to_dict(ARTICLE)["paragraphs"] == [[0, 20], [21, 52]]
    assert from_dict(r.Article, to_dict(ARTICLE)).paragraphs[0] == (0, 20)


def test_live_spacy_doc_is_not_encoded() -> None:
    annotated = dataclasses.replace(SAMPLES[r.Annotated], doc=object())
    data = to_dict(annotated)
    assert "doc" not in data
    assert from_dict(r.Annotated, data).doc is None


def test_bad_data_is_refused() -> None:
    bad = to_dict(COUNT) | {"qualifier": "roughly"}
    with pytest.raises(ValueError):
        from_dict(r.Count, bad)
    with pytest.raises(ValueError):
        from_dict(r.Place, {"name": "X", "country": "IQ", "lat": "north"})
