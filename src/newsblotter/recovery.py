"""Runs that finish: an ingest is done only once the incidents are rebuilt from what it stored.

Incidents are derived data: every rebuild recomputes them from the stored articles, mentions,
statements and the analyst's decisions. A rebuild records the *mark* of what it read (the
newest ingest-log entry that stored something, the newest decision and how many there are) in
``store_state``; the incident set is current exactly when that mark equals the store's. So
whatever stopped a run (kill -9 after the documents were stored, a crash inside the rebuild,
a text model that failed to load), the next ``ingest`` or ``watch`` sees a stale mark and
rebuilds first, and a command that reads incidents can say so (:func:`stale_warning`).

Writing order makes every stop safe: stable ids and redirects first (``store.incident_ids``),
then the incident set (one transaction), then the mark. A stop between two of them leaves the
mark stale, and the next rebuild recomputes the same result.

The fault hook (:func:`fault`) is for the crash tests: ``NEWSBLOTTER_FAULT=<point>`` makes the
process exit at once at that named point, as ``kill -9`` would (no ``finally``, no flush).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import delete, func, insert, select

from newsblotter.store import schema as t

if TYPE_CHECKING:
    from newsblotter.pipeline import Pipeline
    from newsblotter.records import Incident
    from newsblotter.store import Database

T = TypeVar("T")
FAULT_ENV = "NEWSBLOTTER_FAULT"
FAULT_EXIT = 137  # what a shell reports for kill -9
# The stage boundaries of an ingest, in order (tests kill the process at each).
POINTS = (
    "run-started",  # the run is recorded, nothing read yet
    "read",  # an item is read or fetched, not analysed
    "analysed",  # an item is analysed, not stored
    "stored",  # a document is stored, its run progress not yet recorded
    "items-recorded",  # run progress is recorded, the rebuild has not started
    "merged",  # the rebuild computed the incidents, nothing of them written
    "ids-settled",  # stable ids and redirects written, the incident set not yet
    "replaced",  # the incident set is written, its mark not yet
    "rebuilt",  # the mark is written, the run is not marked finished
    "finished",  # the run is marked finished
)
_KEY = "incidents"
REBUILD_HINT = "newsblotter merge --rebuild"


def fault(point: str) -> None:
    """Exit now, like kill -9, when ``NEWSBLOTTER_FAULT`` names ``point`` (crash tests)."""
    if os.environ.get(FAULT_ENV) == point:
        os._exit(FAULT_EXIT)


def each(point: str, items: Iterable[T]) -> Iterator[T]:
    """``items``, passing the fault ``point`` before each is handed on."""
    for item in items:
        fault(point)
        yield item


def mark(db: Database) -> dict[str, int]:
    """What the incidents would be rebuilt from now, in three numbers."""
    log = t.ingest_log.c
    with db.engine.connect() as conn:
        newest = conn.execute(
            select(log.id)
            .where(log.outcome.in_(("added", "duplicate")))
            .order_by(log.id.desc())
            .limit(1)
        ).scalar()
        decision, decisions = conn.execute(
            select(func.max(t.overrides.c.id), func.count()).select_from(t.overrides)
        ).one()
    return {"log": newest or 0, "decision": decision or 0, "decisions": decisions}


def rebuilt_from(db: Database) -> dict[str, int] | None:
    """The mark the incident set was last rebuilt from (None: never rebuilt)."""
    c = t.store_state.c
    with db.engine.connect() as conn:
        value = conn.execute(select(c.value).where(c.key == _KEY)).scalar_one_or_none()
    return None if value is None else {k: int(v) for k, v in dict(value).items()}


def stale(db: Database) -> bool:
    """Whether stored data changed since the incidents were last rebuilt (an interrupted run).
    A store with nothing in it is current."""
    now = mark(db)
    done = rebuilt_from(db)
    if done is None:
        return now != {"log": 0, "decision": 0, "decisions": 0}
    return done != now


def record(db: Database, done: dict[str, int]) -> None:
    """Remember that the incident set now reflects the data of mark ``done``."""
    c = t.store_state.c
    with db._write() as conn:
        conn.execute(delete(t.store_state).where(c.key == _KEY))
        conn.execute(
            insert(t.store_state).values(key=_KEY, value=done, updated_at=dt.datetime.now(dt.UTC))
        )


def store_incidents(db: Database, incidents: Iterable[Incident], done: dict[str, int]) -> None:
    """Write a rebuild's incidents: stable ids and redirects first, then the set, then the
    mark ``done`` (read before the rebuild loaded anything)."""
    from newsblotter.store.incident_ids import settle_ids  # it imports the merger (seconds)

    items = list(incidents)
    fault("merged")
    settle_ids(db, items)
    fault("ids-settled")
    db.replace_incidents(items)
    fault("replaced")
    record(db, done)
    fault("rebuilt")


class NotReady(ValueError):
    """A setting that makes a run fail; raised before anything is stored (one line)."""


def ensure_ready(pipeline: Pipeline) -> None:
    """Load and check what a run needs before it stores anything: a text model that fails
    to load must fail here (one line), not after documents are stored. Raises NotReady."""
    # the fetch guard and the merger are slow to import; only a run that stores needs them
    from newsblotter.ingest.guard import parse_allowed
    from newsblotter.merge import TEXT_MODELS

    try:
        parse_allowed(pipeline.settings.allow_private)
    except ValueError as exc:
        raise NotReady(str(exc)) from exc
    kind = pipeline.settings.text_model
    if kind not in TEXT_MODELS:
        raise NotReady(f"text_model: unknown text model {kind!r} (one of {', '.join(TEXT_MODELS)})")
    _ = pipeline.encoder  # loads it now; an unavailable model is a warning, not a failure


def stale_warning(db: Database) -> str | None:
    """One line for a command that reads incidents from a store whose last run stopped
    before its rebuild, naming what to run; None when the incidents are current."""
    try:
        if not stale(db):
            return None
    except Exception:  # a read-only or foreign database: say nothing rather than fail
        return None
    return (
        "warning: stored documents changed since the incidents were last rebuilt (an "
        f"interrupted run?); run `{REBUILD_HINT}` or ingest again to bring them up to date"
    )


def warn_if_stale(pipeline: Pipeline, say: Callable[[str], None]) -> None:
    """``say`` the stale warning for the pipeline's store, if it exists and is stale (a
    command that only reads does not create a database file to look)."""
    settings = pipeline.settings
    if not settings.db or ("://" not in settings.db and not Path(settings.db).exists()):
        return
    line = stale_warning(pipeline.db)
    if line is not None:
        say(line)


def state(db: Database) -> dict[str, Any]:
    """For reports and tests: the mark now, the mark rebuilt from, and whether stale."""
    return {"now": mark(db), "rebuilt_from": rebuilt_from(db), "stale": stale(db)}
