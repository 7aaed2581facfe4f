"""Triage before the NLP: incident reports pass, other news is skipped but still stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from newsblotter.config import load_settings
from newsblotter.pipeline import Pipeline
from newsblotter.records import RawDocument
from newsblotter.triage import is_relevant, only_passages, passages, triage


@pytest.mark.parametrize(
    "text",
    [
        "Two men were killed when gunmen fired on a bus outside the city.",
        "A roadside bomb went off near a police convoy; no one was hurt.",
        "Rebels abducted three aid workers on the road north of the river.",
        "Masked men set fire to the town hall overnight, police said.",
        "The rebels shot at a patrol and two soldiers were wounded.",  # two weaker cues
    ],
)
def test_incident_reports_pass(text: str) -> None:
    assert is_relevant(text)


@pytest.mark.parametrize(
    "text",
    [
        "The council approved the new budget for parks and libraries on Tuesday.",
        "Shares rose after the company said profits would beat forecasts.",
        "The striker shot wide in the final minute as the home side held on.",  # one weak cue
        "A heart-warming campaign raised money for the children's ward.",
    ],
)
def test_other_news_is_skipped(text: str) -> None:
    assert not is_relevant(text)


def test_cues_are_kept_for_audit_and_the_title_counts() -> None:
    found = triage("Officials gave no further details.", title="Bombing at the market")
    assert found.relevant and found.cues == ("bomb",)


def test_pipeline_stores_a_skipped_article_without_parsing_it(tmp_path: Path) -> None:
    page = (
        b"<html><head><title>Parks budget</title></head><body><article><h1>Parks budget</h1>"
        b"<p>The council approved the new budget for parks and libraries on Tuesday, after a "
        b"long debate about opening hours and the cost of repairs.</p>"
        b"<p>Libraries will open on Sunday afternoons from the spring, the mayor said, and two "
        b"playgrounds by the river will be rebuilt before the summer holidays.</p>"
        b"<p>The opposition said the plan left too little for the swimming pool roof.</p>"
        b"</article></body></html>"
    )
    raw = RawDocument("d" * 64, "http://a.test/parks", page, "text/html", dt.datetime.now(dt.UTC))
    pipe = Pipeline(load_settings(env={}, db=str(tmp_path / "t.db")))
    found = pipe.analyze(raw)
    assert found.mentions == [] and found.statements == []
    assert "budget" in found.article.text
    assert "annotator" not in pipe.__dict__  # the NLP was never loaded


def test_measured_recall_and_skip_share(shared: Path) -> None:
    """Recall >= 0.99 on MUC-4 dev documents with a gold template; most of the
    article-extraction bodies (mostly not about violence) skipped."""
    dev = shared / "bench" / "muc4" / "templates" / "dev.jsonl"
    truth = shared / "bench" / "article-extraction" / "ground-truth.json"
    docs = [json.loads(line) for line in dev.read_text().splitlines() if line.strip()]
    incidents = [d["doctext"] for d in docs if d["templates"]]
    recall = sum(map(is_relevant, incidents)) / len(incidents)
    bodies = [v["articleBody"] for v in json.loads(truth.read_text(encoding="utf-8")).values()]
    skipped = sum(not is_relevant(b) for b in bodies) / len(bodies)
    assert recall >= 0.99
    assert skipped >= 0.75


_FILLER = (
    "The committee met again on Thursday to review the plans for the new library wing, "
    "and members asked for more detail about the heating, the car park and the opening hours. "
)


def test_a_long_page_with_one_cue_in_passing_is_skipped() -> None:
    aside = "An old drug can kill the bacteria, the researchers added. "
    found = triage(_FILLER * 20 + aside + _FILLER * 20)
    assert found.cues == ("kill",) and found.density < 6
    assert not found.relevant
    # the same cue in a short item is dense enough
    assert is_relevant(aside + _FILLER)


def test_a_long_report_with_the_attack_in_its_lede_passes() -> None:
    text = "Gunmen killed four people at a checkpoint on Sunday. " + _FILLER * 40
    assert triage(text).density < 6
    assert is_relevant(text)
    assert is_relevant(_FILLER * 40, title="Four killed at checkpoint")
    assert not is_relevant(_FILLER * 40 + "Gunmen killed four people at a checkpoint on Sunday.")


def _page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
        "</article></body></html>"
    ).encode()


def test_a_skipped_article_takes_no_part_in_merging(pipeline_factory: Any) -> None:
    """A story triage passes over is stored, marked as not analysed, and never joins an
    incident, however many words it shares with one."""
    pipe = pipeline_factory("skipped")
    now = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)
    attack = _page(
        "Van bomb kills four at Halden fish market",
        "A bomb hidden in a delivery van exploded beside the Halden fish market on Monday, "
        "killing four traders and wounding nine, police in Halden said.",
        "The harbour front beside the fish market was closed and the ferry to Strömstad was "
        "held in port while the police searched the quay.",
    )
    reopening = _page(
        "Halden fish market reopens by the harbour front",
        "The Halden fish market reopened on the harbour front on Friday, and traders said "
        "the ferry to Strömstad brought the first customers back to the quay.",
        "The market's new opening hours run from seven until two, the traders' association "
        "in Halden said, and the quay will get new lamps in the spring.",
    )
    raws = [
        RawDocument(hashlib.sha256(page).hexdigest(), uri, page, "text/html", now)
        for uri, page in (("http://a.test/bomb", attack), ("http://a.test/reopens", reopening))
    ]
    assert pipe.ingest_raw(raws).ingested == 2
    skipped = [a.document for a in pipe.db.articles(analysed=False)]
    assert skipped == [raws[1].id]
    assert [a.document for a in pipe.db.articles(analysed=True)] == [raws[0].id]
    incidents = pipe.db.incidents()
    assert len(incidents) == 1
    assert incidents[0].articles == [raws[0].id]


# -- passages: what the full NLP reads of a relevant article -----------------------------------

STORY = (
    "KESSEL — Gunmen opened fire on a bus depot in the northern town of Kessel on Tuesday.\n"
    "Two guards were killed and three workers wounded, the regional police chief said.\n"
    "The depot, built in 1968, has forty buses and a small museum of old trams.\n"
    "A group calling itself the Copper Valley Front claimed responsibility for the attack.\n"
    "The town's football club plays its home games at a stadium near the river.\n"
    "The interior ministry blamed the group and said two suspects had been arrested.\n"
    "Tickets for the spring concert series go on sale next month."
)


def test_passages_are_the_lede_and_the_paragraphs_with_a_cue() -> None:
    lines = STORY.split("\n")
    kept = [STORY[start:end] for start, end in passages(STORY)]
    assert kept == [lines[0], lines[1], lines[3], lines[5]]


def test_only_passages_blanks_the_rest_and_keeps_every_offset() -> None:
    spans = passages(STORY)
    seen = only_passages(STORY, spans)
    assert len(seen) == len(STORY)
    assert [seen[s:e] for s, e in spans] == [STORY[s:e] for s, e in spans]
    assert seen.count("\n") == STORY.count("\n")
    assert set(seen) - set(STORY) == set()  # a full stop and spaces where a paragraph was
    assert "museum" not in seen and "concert" not in seen and "football" not in seen


def test_reading_the_passages_finds_what_reading_everything_finds(pipeline_factory: Any) -> None:
    from newsblotter.records import Article

    pipe = pipeline_factory("passages")
    article = Article(
        document="b" * 64,
        text=STORY,
        title="Gunmen kill two guards at Kessel bus depot",
        published=dt.date(2024, 3, 5),
        published_precision="day",
        extractor="test",
    )
    analyzer = pipe.analyzer
    selected = pipe.analyze_article(article)
    everything = analyzer.extract(analyzer.annotator.annotate(article))
    assert selected.article == everything.article == article
    assert selected.mentions == everything.mentions and selected.mentions
    assert selected.statements == everything.statements and selected.statements
    assert [a.id for a in selected.new_actors] == ["copper-valley-front"]
