"""The records an engine hands back to its caller: what became of each item, and the run's
report. They live beside the engines (not in the pipeline that drives them) so that an engine
never imports its caller."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

from newsblotter.records import Extraction, RawDocument

Outcome = Literal["ingested", "unchanged", "failed", "skipped"]
Result = Extraction | str | None  # an extraction, a one-line failure, or nothing to analyse
Progress = Callable[[str], None]  # called with each item's URI as it is done
C = TypeVar("C")


class Engine(Protocol):
    """What analyses an ingest's documents (in this process, a process pool, Ray actors):
    ``map`` hands back each (context, document) pair with its result, in input order."""

    def map(
        self, pairs: Iterable[tuple[C, RawDocument | None]]
    ) -> Iterator[tuple[C, RawDocument | None, Result]]: ...

    def worker_pids(self) -> list[int]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Done:
    """What became of one ingest item."""

    source: str
    key: str
    outcome: Outcome
    uri: str
    document: str | None = None
    error: str | None = None


@dataclass
class IngestReport:
    ingested: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0  # WARC records that are not pages (images, redirects, ...)
    resumed: bool = False  # whether this run picked up an interrupted one

    def summary(self) -> str:
        text = f"ingested {self.ingested}, unchanged {self.unchanged}, failed {self.failed}"
        return text + (f", skipped {self.skipped}" if self.skipped else "")

    def add(self, done: Done) -> None:
        if done.outcome == "ingested":
            self.ingested += 1
        elif done.outcome == "unchanged":
            self.unchanged += 1
        elif done.outcome == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append((done.uri, done.error or "failed"))
