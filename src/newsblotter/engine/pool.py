"""Analysis in this process, or in a pool of worker processes on one machine.

The parent reads inputs and writes the database and caches (the one writer); workers only
analyse, and the analysis writes nothing (``newsblotter.analysis``), so a worker never holds a
database connection or a file lock. Workers are forked from a parent that has loaded the
models, so a worker replaced after ``recycle_after`` documents starts at once and shares the
model pages copy-on-write; replacing one costs a fork, never a model load. Where fork is
unavailable each worker builds its analysis itself (``spawn``), once per worker process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from newsblotter.engine.records import Result
from newsblotter.engine.work import analyze_safely
from newsblotter.records import Extraction, RawDocument

C = TypeVar("C")
Analyse = Callable[[RawDocument], Extraction]
TASK_TIMEOUT_S = 600  # a document whose analysis takes longer (or whose worker died) fails

_ANALYSE: Analyse | None = None  # the analysis of this worker process


class InProcess:
    """Analyse in the calling process, one document after another."""

    def __init__(self, analyse: Analyse) -> None:
        self._analyse = analyse

    def map(
        self, pairs: Iterable[tuple[C, RawDocument | None]]
    ) -> Iterator[tuple[C, RawDocument | None, Result]]:
        for ctx, raw in pairs:
            if raw is None or raw.status != "ok":
                yield ctx, raw, None
            else:
                yield ctx, raw, analyze_safely(self._analyse, raw)

    def close(self) -> None:
        pass

    def worker_pids(self) -> list[int]:
        return []


def _init_spawned(build: Callable[[], Analyse]) -> None:
    global _ANALYSE
    _ANALYSE = build()


def _analyse(raw: RawDocument) -> Result:
    assert _ANALYSE is not None, "worker analysis not initialised"
    return analyze_safely(_ANALYSE, raw)


class ProcessPool:
    """``workers`` processes, each replaced after ``recycle_after`` documents.

    ``analyse`` runs in the workers; with fork, ``preload`` runs first in this process (load
    the models once, for every worker to share). ``spawn`` (picklable) builds the analysis in
    each worker where fork is unavailable.
    """

    def __init__(
        self,
        analyse: Analyse,
        workers: int,
        recycle_after: int,
        *,
        preload: Callable[[], None] | None = None,
        spawn: Callable[[], Analyse] | None = None,
    ) -> None:
        global _ANALYSE
        self.workers = max(1, workers)
        # Documents in flight, in input order: deep enough that one slow page (seconds of NLP)
        # does not leave the other workers idle behind it, small enough to keep memory flat.
        self.window = self.workers * 32
        if "fork" in multiprocessing.get_all_start_methods() or spawn is None:
            if preload is not None:
                preload()  # loaded once here; forked workers inherit it
            _ANALYSE = analyse
            context: Any = multiprocessing.get_context("fork")
            initializer: Callable[..., None] | None = None
            initargs: tuple[Any, ...] = ()
        else:
            context = multiprocessing.get_context("spawn")
            initializer, initargs = _init_spawned, (spawn,)
        self._pool: multiprocessing.pool.Pool = context.Pool(
            self.workers,
            initializer=initializer,
            initargs=initargs,
            maxtasksperchild=max(1, recycle_after),
        )

    def map(
        self, pairs: Iterable[tuple[C, RawDocument | None]]
    ) -> Iterator[tuple[C, RawDocument | None, Result]]:
        pending: deque[tuple[C, RawDocument | None, Any]] = deque()
        for ctx, raw in pairs:
            task = None
            if raw is not None and raw.status == "ok":
                task = self._pool.apply_async(_analyse, (raw,))
            pending.append((ctx, raw, task))
            while len(pending) > self.window:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    @staticmethod
    def _result(ctx: C, raw: RawDocument | None, task: Any) -> tuple[C, RawDocument | None, Result]:
        if task is None or raw is None:
            return ctx, raw, None
        try:
            return ctx, raw, task.get(TASK_TIMEOUT_S)
        except multiprocessing.TimeoutError:
            where = raw.origin or raw.uri
            return ctx, raw, f"{where}: analysis took over {TASK_TIMEOUT_S} s or its worker died"
        except Exception as exc:  # e.g. an extraction that cannot be pickled back
            where = raw.origin or raw.uri
            return ctx, raw, f"{where}: worker failed ({type(exc).__name__}: {exc})"

    def worker_pids(self) -> list[int]:
        return [p.pid for p in getattr(self._pool, "_pool", []) if p.pid is not None]

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        self._pool.terminate()
        self._pool.join()
