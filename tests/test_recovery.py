"""A run is finished only once its incidents are rebuilt: killed at any stage boundary, the
next ingest completes it, and the database equals a clean run's.

Each kill is a fault-injection point (``newsblotter.recovery.fault``): a forked child runs
the ingest with ``NEWSBLOTTER_FAULT`` naming the point and leaves by ``os._exit`` there, as
kill -9 would (no ``finally``, no flush). The parent then ingests again, as a user would.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from newsblotter import Pipeline
from newsblotter.cli import cli
from newsblotter.recovery import FAULT_ENV, FAULT_EXIT, POINTS, stale
from newsblotter.store import open_db
from newsblotter.store import schema as t

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "articles"
FILES = (
    "2023-01-31_peshawar_harbor-courier.txt",
    "2023-02-02_peshawar_eastgate-chronicle.html",
    "2024-03-22_crocus_northwind-daily.html",
    "2024-03-23_crocus_example-tribune.html",
    "2024-01-04_kerman_gulf-ledger.html",
)
Factory = Callable[..., Pipeline]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    for name in FILES:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def make(factory: Any, name: str, **overrides: Any) -> Pipeline:
    import dataclasses

    pipe: Pipeline = factory(name)
    pipe.settings = dataclasses.replace(pipe.settings, text_model="none", **overrides)
    return pipe


def dump(pipe: Pipeline) -> dict[str, Any]:
    """What a user would see: documents, articles, extractions, incidents with their ids,
    ledgers, and whether the run is finished and the incidents current."""
    db = pipe.db
    with db.engine.connect() as conn:
        runs = conn.execute(select(t.runs.c.finished_at.is_not(None))).scalars().all()
    return {
        "documents": sorted(d.id for d in db.iter_documents()),
        "articles": sorted((a.document, a.text) for a in db.articles()),
        "mentions": sorted(m.id for m in db.load_mentions()),
        "statements": sorted(s.id for s in db.statements()),
        "incidents": sorted(
            (
                i.id,
                tuple(sorted(i.mentions)),
                tuple(sorted(i.articles)),
                tuple((e.actor.name, e.assessment) for e in i.ledger),
            )
            for i in db.incidents()
        ),
        "runs finished": runs,
        "stale": stale(db),
    }


def killed_at(point: str, pipe: Pipeline, inputs: list[str]) -> int:
    """Run ``pipe.ingest(inputs)`` in a forked child that dies at ``point``; its exit code."""
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        code = 0
        try:
            os.environ[FAULT_ENV] = point
            pipe.ingest(inputs, workers=1)
        except BaseException:
            code = 3
        os._exit(code)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture(scope="module")
def clean(pipeline_factory: Any, pages: Path) -> dict[str, Any]:
    pipe = make(pipeline_factory, "clean")
    report = pipe.ingest([str(pages)], workers=1)
    assert (report.ingested, report.failed) == (len(FILES), 0)
    result = dump(pipe)
    assert result["incidents"] and result["runs finished"] == [True] and not result["stale"]
    return result


@pytest.mark.parametrize("point", POINTS)
def test_killed_at_every_stage_boundary_the_next_ingest_recovers(
    point: str, pipeline_factory: Any, pages: Path, clean: dict[str, Any]
) -> None:
    pipe = make(pipeline_factory, f"kill-{point}")
    pipe.preload()  # the models load once, in the parent, as the pool does
    assert killed_at(point, pipe, [str(pages)]) == FAULT_EXIT
    again = make(pipeline_factory, "unused")
    again._db = pipe.db  # the same database, a new process's view of it
    again.ingest([str(pages)], workers=1)
    assert dump(again) == clean


def test_an_interrupted_rebuild_is_completed_by_an_ingest_of_other_inputs(
    pipeline_factory: Any, pages: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    pipe = make(pipeline_factory, "other-inputs")
    assert killed_at("items-recorded", pipe, [str(pages)]) == FAULT_EXIT
    assert pipe.db.incidents() == [] and stale(pipe.db)
    db = pipe.settings.db
    shown = CliRunner().invoke(cli, ["--db", db, "incidents"], env={})
    assert "run `newsblotter merge --rebuild` or ingest again" in shown.stderr
    empty = tmp_path / "nothing-new"
    empty.mkdir()
    shutil.copy(pages / FILES[0], empty / FILES[0])  # stored already: nothing new
    report = pipe.ingest([str(empty)], workers=1)
    assert (report.ingested, report.unchanged) == (0, 1)
    got = dump(pipe)
    assert got["incidents"] == clean["incidents"] and not got["stale"]
    quiet = CliRunner().invoke(cli, ["--db", db, "incidents"], env={})
    assert "merge --rebuild" not in quiet.stderr


def test_a_bad_text_model_fails_before_anything_is_stored(
    pipeline_factory: Any, pages: Path
) -> None:
    pipe = make(pipeline_factory, "bogus")
    import dataclasses

    pipe.settings = dataclasses.replace(pipe.settings, text_model="bogus")
    with pytest.raises(ValueError, match=r"^text_model: unknown text model 'bogus'"):
        pipe.ingest([str(pages)], workers=1)
    assert {k: v for k, v in pipe.db.stats().items() if v} == {}
    with pipe.db.engine.connect() as conn:
        assert conn.execute(select(t.runs)).all() == []


def test_the_cli_says_a_bad_text_model_in_one_line(tmp_path: Path, pages: Path) -> None:
    db = tmp_path / "cli.db"
    env = {"NEWSBLOTTER_TEXT_MODEL": "bogus"}
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(pages)], env=env)
    assert result.exit_code == 2
    last = result.stderr.strip().splitlines()[-1]
    # the settings check at load or the run's own check: either way one line, nothing stored
    assert last == (
        "newsblotter: NEWSBLOTTER_TEXT_MODEL: text_model = 'bogus' is not allowed "
        "(one of minilm, minilm-static, none)"
    )
    assert "Traceback" not in result.output
    if db.exists():
        with open_db(str(db)) as store:
            assert {k: v for k, v in store.stats().items() if v} == {}


def test_a_bad_allow_private_fails_before_anything_is_stored(tmp_path: Path, pages: Path) -> None:
    db = tmp_path / "net.db"
    env = {"NEWSBLOTTER_ALLOW_PRIVATE": "intranet", "NEWSBLOTTER_TEXT_MODEL": "none"}
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(pages)], env=env)
    assert result.exit_code == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ") and "allow_private" in last and "'intranet'" in last
    if db.exists():
        with open_db(str(db)) as store:
            assert {k: v for k, v in store.stats().items() if v} == {}
