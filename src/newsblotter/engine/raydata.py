"""The Ray engine: Ray actors holding the loaded models, fed by the one process that writes.

The driver reads the inputs (as the pool's parent does: WARC records, files, URLs) and hands
the documents to analyse, in batches, to ``workers`` actors, each holding the loaded analysis
(``build()``, once per actor); each batch's results come back to the driver, which stores them
in input order (the one writer; PostgreSQL for a cluster, SQLite on one machine). ``RayPool``
has the process pool's ``map``, so both engines run the same per-item logic (``engine.work``
through ``Pipeline.process``) and give the same database. Only the driver reads the inputs:
on a cluster the files need not be visible to every node. ``settings.ray_address`` empty
starts Ray locally with ``workers`` CPUs.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic

from newsblotter.config import Settings
from newsblotter.engine.pool import CHUNK, TASK_TIMEOUT_S, batches, failed, paired, to_analyse
from newsblotter.engine.records import C, Result
from newsblotter.engine.work import AnalyseMany, analyse_safely
from newsblotter.records import RawDocument

_START_TRIES = 3
_log = logging.getLogger(__name__)


class Analyst:
    """A Ray actor: the loaded analysis (``build()``), run over batches of documents. It
    writes nothing: the results go back to the driver."""

    def __init__(self, build: Callable[[], AnalyseMany]) -> None:
        self._analyse = build()

    def analyse(self, raws: list[RawDocument]) -> list[Result]:
        return analyse_safely(self._analyse, raws)

    def ready(self) -> bool:
        return True


@dataclass
class _Batch(Generic[C]):
    pairs: list[tuple[C, RawDocument | None]]
    todo: list[RawDocument]  # those to analyse
    task: Any = None  # the actor call's result, when there is something to analyse
    actor: int = -1


class RayPool:
    """``workers`` Ray actors (one CPU each) with the process pool's ``map``: batches of
    ``chunk`` documents, each sent to the actor with the fewest batches in flight, a bounded
    number in flight, results in input order. An actor that dies is started again by Ray: the
    batch it was analysing fails (as a pool task whose worker died), the batches queued
    behind it go to the actors again."""

    def __init__(self, build: Callable[[], AnalyseMany], workers: int, chunk: int = CHUNK) -> None:
        import ray  # optional (the "ray" extra), as in ray_session

        self._ray = ray
        self.workers = max(1, workers)
        self.chunk = max(1, chunk)
        self.window = self.workers * 3  # as the pool's: no actor idles behind a slow batch
        actor = ray.remote(num_cpus=1, max_restarts=-1)(Analyst)
        self._actors: list[Any] = [actor.remote(build) for _ in range(self.workers)]
        self._flying: list[set[Any]] = [set() for _ in self._actors]

    def _least_busy(self) -> int:
        """The actor with the fewest batches not yet done."""
        flying = [ref for refs in self._flying for ref in refs]
        if flying:
            done, _ = self._ray.wait(flying, num_returns=len(flying), timeout=0)
            for refs in self._flying:
                refs.difference_update(done)
        return min(range(len(self._actors)), key=lambda n: len(self._flying[n]))

    def _send(self, batch: _Batch[C]) -> None:
        if batch.todo:
            batch.actor = self._least_busy()
            batch.task = self._actors[batch.actor].analyse.remote(batch.todo)
            self._flying[batch.actor].add(batch.task)

    def map(
        self, pairs: Iterable[tuple[C, RawDocument | None]]
    ) -> Iterator[tuple[C, RawDocument | None, Result]]:
        pending: deque[_Batch[C]] = deque()
        for found in batches(pairs, self.chunk):
            batch = _Batch(found, [raw for _, raw in found if to_analyse(raw)])
            self._send(batch)
            pending.append(batch)
            while len(pending) > self.window:
                yield from self._results(pending.popleft(), pending)
        while pending:
            yield from self._results(pending.popleft(), pending)

    def _results(
        self, batch: _Batch[C], pending: deque[_Batch[C]]
    ) -> Iterator[tuple[C, RawDocument | None, Result]]:
        results: list[Result] = []
        if batch.task is not None:
            self._flying[batch.actor].discard(batch.task)
            try:
                results = self._ray.get(batch.task, timeout=TASK_TIMEOUT_S)
            except self._ray.exceptions.GetTimeoutError:
                self._ray.kill(self._actors[batch.actor], no_restart=False)  # started again
                self._again(batch.actor, pending)
                results = failed(batch.todo, f"analysis took over {TASK_TIMEOUT_S} s")
            except Exception as exc:  # the actor died, or a result that cannot be unpickled
                if isinstance(exc, self._ray.exceptions.RayActorError):
                    self._again(batch.actor, pending)
                message = " ".join(str(exc).split())
                results = failed(batch.todo, f"worker failed ({type(exc).__name__}: {message})")
        yield from paired(batch.pairs, results)

    def _again(self, actor: int, pending: deque[_Batch[C]]) -> None:
        """Send again the batches queued on ``actor`` behind one that killed it (an actor
        runs its calls in order: none of them ran), once Ray has started it again (a call
        to an actor that is restarting fails at once)."""
        self._flying[actor].clear()
        unavailable = self._ray.exceptions.ActorUnavailableError
        deadline = time.monotonic() + TASK_TIMEOUT_S
        while True:
            try:
                self._ray.get(self._actors[actor].ready.remote(), timeout=TASK_TIMEOUT_S)
                break
            except unavailable:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            except Exception:  # dead for good: the batches sent again fail with it
                break
        for batch in pending:
            if batch.actor == actor:
                self._send(batch)

    def worker_pids(self) -> list[int]:
        return []

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors = []


def _import_path() -> str:
    """PYTHONPATH for local Ray workers: they import this very newsblotter (a source checkout
    or an installed package), whatever the interpreter would find first. On a cluster the
    package must be installed on every node."""
    here = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)


def _start_local(cpus: int, quiet: dict[str, Any], tries: int = _START_TRIES) -> None:
    """Start a local Ray node. Ray gives its raylet a fixed 30 s to come up, which a machine
    busy with other work can miss (seen at load 9 on 2 cores); a node that timed out is shut
    down and started again, and after ``tries`` the run stops with one line saying why."""
    import ray  # optional (the "ray" extra), as in ray_session

    for attempt in range(1, tries + 1):
        try:
            ray.init(num_cpus=cpus, include_dashboard=False, **quiet)
            return
        except Exception as exc:  # Ray raises a bare Exception for this
            if "timed out during startup" not in str(exc):
                raise
            ray.shutdown()
            _log.warning("ray: local node start timed out (try %d of %d)", attempt, tries)
    raise RuntimeError(
        f"ray: the local node did not start in {tries} tries of 30 s (is the machine overloaded?)"
    )


@contextmanager
def ray_session(settings: Settings, workers: int) -> Iterator[None]:
    """Ray for the length of a run: the cluster at ``settings.ray_address``, else a local
    node with one CPU per worker (the driver reads and writes beside them, as the pool's
    parent). A Ray already started in this process is used as it is, and left running."""
    import ray  # heavy (about 2 s) and optional (the "ray" extra): only for this engine

    if ray.is_initialized():
        yield
        return
    quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
    if settings.ray_address:
        ray.init(address=settings.ray_address, **quiet)
    else:
        # Local workers inherit the environment of the raylet that ray.init starts, so
        # PYTHONPATH goes there rather than in a runtime_env: the workers Ray starts with the
        # node then serve the actors at once, instead of new ones set up through the
        # runtime-env agent (about 1 s each).
        saved = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = _import_path()
        try:
            _start_local(max(1, workers), quiet)
        finally:
            if saved is None:
                os.environ.pop("PYTHONPATH", None)
            else:
                os.environ["PYTHONPATH"] = saved
    try:
        yield
    finally:
        ray.shutdown()
