"""Incident ids are stable: once shown, an id names its incident for ever; a merge keeps one
id and redirects the other, and every reader (CLI, API, web) follows the redirect.

The order test stores near-copies and later reports one at a time, in every order, rebuilding
after each, and checks every id shown at any step against every later step.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsblotter import Pipeline
from newsblotter.api import create_app
from newsblotter.cli import cli
from newsblotter.ingest import read_document
from newsblotter.merge.overrides import report_ids
from newsblotter.records import Extraction, RawDocument
from newsblotter.store.incident_ids import redirects

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "articles"


def near_copy(html: bytes) -> bytes:
    """The page with its last story paragraph dropped: other bytes, other text, one story."""
    paragraphs = list(re.finditer(rb"<p>.*?</p>", html, re.S))
    last = paragraphs[-1]
    return html[: last.start()] + html[last.end() :]


@pytest.fixture(scope="module")
def reports(pipeline_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Four documents, analysed once: two reports of one attack a day apart, a near-copy of
    the later one (same day), and a report of another attack."""
    folder = tmp_path_factory.mktemp("order")
    tribune = (CORPUS / "2024-03-23_crocus_example-tribune.html").read_bytes()
    files = {
        "first": (CORPUS / "2024-03-22_crocus_northwind-daily.html").read_bytes(),
        "later": tribune,
        "copy": near_copy(tribune),
        "other": (CORPUS / "2023-01-31_peshawar_harbor-courier.txt").read_bytes(),
    }
    pipe: Pipeline = pipeline_factory("analyse")
    out: dict[str, tuple[RawDocument, Extraction]] = {}
    for name, data in files.items():
        suffix = ".txt" if name == "other" else ".html"
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        raw = read_document(path, pipe.settings)
        out[name] = (raw, pipe.analyze(raw))
    return out


def fresh(pipeline_factory: Any, name: str) -> Pipeline:
    pipe: Pipeline = pipeline_factory(name)
    pipe.settings = dataclasses.replace(pipe.settings, text_model="none")
    return pipe


def test_no_id_shown_changes_or_vanishes_in_any_order(
    pipeline_factory: Any, reports: dict[str, Any]
) -> None:
    finals = set()
    for n, order in enumerate(itertools.permutations(sorted(reports))):
        pipe = fresh(pipeline_factory, f"order{n}")
        shown: list[tuple[int, str, frozenset[str]]] = []  # (step, id, its reports then)
        for step, name in enumerate(order):
            raw, extraction = reports[name]
            pipe.db.save_document(raw, extraction)
            incidents = pipe.rebuild_incidents()
            live = {i.id: frozenset(report_ids(i)) for i in incidents}
            for first, old, held in shown:
                now = pipe.db.incident(old)
                assert now is not None, f"{order}: {old} (shown at step {first}) vanished"
                assert held & live[now.id], f"{order}: {old} now names other reports"
            for inc in incidents:  # the oldest id among those whose reports it holds
                holders = [(s, i) for s, i, held in shown if held & live[inc.id]]
                if holders:
                    assert inc.id == min(holders)[1], f"{order}: {inc.id} took over"
            shown += [
                (step, i, held) for i, held in live.items() if i not in {x for _, x, _ in shown}
            ]
        finals.add(frozenset(live.values()))
    assert len(finals) == 1  # the same incidents whatever the order; only their ids differ


@pytest.fixture
def merged(pipeline_factory: Any, reports: dict[str, Any]) -> Iterator[tuple[Pipeline, str, str]]:
    """An analyst merged two incidents: (pipeline, the id kept, the id redirected)."""
    pipe = fresh(pipeline_factory, "merged")
    for name in ("first", "other"):
        pipe.db.save_document(*reports[name])
    before = pipe.rebuild_incidents()
    two = [
        max((i for i in before if reports[n][0].id in i.articles), key=lambda i: len(i.mentions))
        for n in ("first", "other")
    ]
    runner = CliRunner()
    env = {"NEWSBLOTTER_TEXT_MODEL": "none"}
    db = pipe.settings.db
    result = runner.invoke(cli, ["--db", db, "incidents", "merge", two[0].id, two[1].id], env=env)
    assert result.exit_code == 0, result.output
    kept, gone = sorted(i.id for i in two)  # shown in the same rebuild: the smaller id stays
    assert {i.id for i in pipe.db.incidents()} == {i.id for i in before} - {gone}
    yield pipe, kept, gone


def test_a_merged_id_redirects_everywhere(merged: tuple[Pipeline, str, str]) -> None:
    pipe, kept, gone = merged
    assert redirects(pipe.db) == {gone: kept}
    shown = CliRunner().invoke(cli, ["--db", pipe.settings.db, "show", gone], env={})
    assert shown.exit_code == 0 and kept in shown.output
    with TestClient(create_app(pipe)) as client:
        api = client.get(f"/api/v1/incidents/{gone}")
        page = client.get(f"/incidents/{gone}", follow_redirects=False)
        landed = client.get(f"/incidents/{gone}")
    assert api.status_code == 200 and api.json()["incident"]["id"] == kept
    assert page.status_code == 301 and page.headers["location"].endswith(f"/incidents/{kept}")
    assert landed.status_code == 200 and kept in landed.text
    ids = {i.id for i in pipe.db.incidents()}
    pipe.rebuild_incidents()  # decisions replay: the same ids, the same redirect
    assert {i.id for i in pipe.db.incidents()} == ids and redirects(pipe.db) == {gone: kept}


def test_an_unknown_id_is_still_not_found(merged: tuple[Pipeline, str, str]) -> None:
    pipe, _, _ = merged
    assert pipe.db.incident("inc-000000000000") is None
    with TestClient(create_app(pipe)) as client:
        assert client.get("/api/v1/incidents/inc-000000000000").status_code == 404
