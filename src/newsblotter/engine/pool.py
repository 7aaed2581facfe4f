"""Analysis in this process, or in a pool of worker processes on one machine.

The parent reads inputs and writes the database and caches (the one writer); workers only
analyse, and the analysis writes nothing (``newsblotter.analysis``), so a worker never holds a
database connection or a file lock. Workers are forked from a parent that has loaded the
models, so a worker replaced after ``recycle_after`` documents starts at once and shares the
model pages copy-on-write; replacing one costs a fork, never a model load. Where fork is
unavailable each worker builds its analysis itself (``spawn``), once per worker process.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeGuard

from threadpoolctl import threadpool_limits

from newsblotter.engine.records import C, Result
from newsblotter.engine.work import AnalyseMany, analyse_safely
from newsblotter.records import RawDocument

TASK_TIMEOUT_S = 600  # a batch whose analysis takes longer (or whose worker died) fails
CHUNK = 32  # documents a worker analyses in one task (about a tenth to a fifth get parsed)

_ANALYSE: AnalyseMany | None = None  # the analysis of this worker process


class InProcess:
    """Analyse in the calling process, ``chunk`` documents at a time (default one: an
    interrupted run then loses no analysis; batches save about a quarter of the NLP)."""

    def __init__(self, analyse: AnalyseMany, chunk: int = 1) -> None:
        self._analyse = analyse
        self._chunk = chunk

    def map(
        self, pairs: Iterable[tuple[C, RawDocument | None]]
    ) -> Iterator[tuple[C, RawDocument | None, Result]]:
        for batch in batches(pairs, self._chunk):
            todo = [raw for _, raw in batch if to_analyse(raw)]
            yield from paired(batch, analyse_safely(self._analyse, todo) if todo else [])

    def close(self) -> None:
        pass

    def worker_pids(self) -> list[int]:
        return []


def to_analyse(raw: RawDocument | None) -> TypeGuard[RawDocument]:
    return raw is not None and raw.status == "ok"


def batches(
    pairs: Iterable[tuple[C, RawDocument | None]], size: int
) -> Iterator[list[tuple[C, RawDocument | None]]]:
    """Consecutive pairs, ``size`` documents to analyse in each batch at most."""
    batch: list[tuple[C, RawDocument | None]] = []
    count = 0
    for ctx, raw in pairs:
        batch.append((ctx, raw))
        count += to_analyse(raw)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def failed(todo: list[RawDocument], why: str) -> list[Result]:
    """The one-line failure of each document of a batch that failed as a whole."""
    return [f"{raw.origin or raw.uri}: {why}" for raw in todo]


def paired(
    batch: list[tuple[C, RawDocument | None]], results: list[Result]
) -> Iterator[tuple[C, RawDocument | None, Result]]:
    """Each pair of ``batch`` with its result (``results`` hold those analysed, in order)."""
    found = iter(results)
    for ctx, raw in batch:
        yield ctx, raw, next(found) if to_analyse(raw) else None


def _init_spawned(build: Callable[[], AnalyseMany]) -> None:
    global _ANALYSE
    _ANALYSE = build()


def _analyse(raws: list[RawDocument]) -> list[Result]:
    assert _ANALYSE is not None, "worker analysis not initialised"
    return analyse_safely(_ANALYSE, raws)


class ProcessPool:
    """``workers`` processes, each replaced after about ``recycle_after`` documents.

    ``analyse`` runs in the workers, over batches of ``chunk`` documents; with fork,
    ``preload`` runs first in this process (load the models once, for every worker to share).
    ``spawn`` (picklable) builds the analysis in each worker where fork is unavailable.
    """

    def __init__(
        self,
        analyse: AnalyseMany,
        workers: int,
        recycle_after: int,
        *,
        preload: Callable[[], None] | None = None,
        spawn: Callable[[], AnalyseMany] | None = None,
        chunk: int = CHUNK,
    ) -> None:
        global _ANALYSE
        self.workers = max(1, workers)
        self.chunk = max(1, min(chunk, recycle_after))
        # Batches in flight, in input order: deep enough that one slow page (seconds of NLP)
        # does not leave the other workers idle behind it, small enough to keep memory flat.
        self.window = self.workers * 3
        if "fork" in multiprocessing.get_all_start_methods() or spawn is None:
            if preload is not None:
                preload()  # loaded once here; forked workers inherit it
            # Objects loaded so far stay out of the collector's sight: a collection in a
            # forked worker would otherwise write to (and so copy) every page holding them.
            gc.freeze()
            _ANALYSE = analyse
            context: Any = multiprocessing.get_context("fork")
            initializer: Callable[..., None] | None = _init_forked
            initargs: tuple[Any, ...] = ()
        else:
            context = multiprocessing.get_context("spawn")
            initializer, initargs = _init_spawned, (spawn,)
        self._pool: multiprocessing.pool.Pool = context.Pool(
            self.workers,
            initializer=initializer,
            initargs=initargs,
            maxtasksperchild=max(1, recycle_after // self.chunk),
        )

    def map(
        self, pairs: Iterable[tuple[C, RawDocument | None]]
    ) -> Iterator[tuple[C, RawDocument | None, Result]]:
        pending: deque[tuple[list[tuple[C, RawDocument | None]], Any]] = deque()
        for batch in batches(pairs, self.chunk):
            todo = [raw for _, raw in batch if to_analyse(raw)]
            task = self._pool.apply_async(_analyse, (todo,)) if todo else None
            pending.append((batch, task))
            while len(pending) > self.window:
                yield from self._results(*pending.popleft())
        while pending:
            yield from self._results(*pending.popleft())

    @staticmethod
    def _results(
        batch: list[tuple[C, RawDocument | None]], task: Any
    ) -> Iterator[tuple[C, RawDocument | None, Result]]:
        todo = [raw for _, raw in batch if to_analyse(raw)]
        results: list[Result]
        if task is None:
            results = []
        else:
            try:
                results = task.get(TASK_TIMEOUT_S)
            except multiprocessing.TimeoutError:
                results = failed(todo, f"analysis took over {TASK_TIMEOUT_S} s or its worker died")
            except Exception as exc:  # e.g. an extraction that cannot be pickled back
                results = failed(todo, f"worker failed ({type(exc).__name__}: {exc})")
        yield from paired(batch, results)

    def worker_pids(self) -> list[int]:
        return [p.pid for p in getattr(self._pool, "_pool", []) if p.pid is not None]

    def close(self) -> None:
        self._pool.close()
        self._pool.join()
        gc.unfreeze()

    def terminate(self) -> None:
        self._pool.terminate()
        self._pool.join()
        gc.unfreeze()


def _init_forked() -> None:
    """In a forked worker: one thread for the linear algebra (the pool runs one worker per
    core, and a worker's BLAS threads would only contend with the other workers)."""
    threadpool_limits(1)
