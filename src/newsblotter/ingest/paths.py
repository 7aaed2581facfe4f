"""Expand input paths into a deterministic list of files."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield files under ``paths`` in sorted order, each once.

    Hidden entries (leading dot) are skipped inside directories but honoured when named
    explicitly. Paths that cannot be listed are yielded unchanged so that ``read_document``
    reports them as failures; this function itself never raises for a bad path.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path, set()):
                if _first_time(found, seen):
                    yield found
        elif _first_time(path, seen):
            yield path


def _first_time(path: Path, seen: set[Path]) -> bool:
    try:
        key = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        key = path.absolute()
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(directory: Path, visiting: set[Path]) -> Iterator[Path]:
    # Hand-written rather than os.walk: os.walk reports unreadable directories only through a
    # callback and cannot interleave files and subdirectories in one sorted order.
    real = directory.resolve()
    if real in visiting:  # a symlink pointing back up the tree
        return
    try:
        with os.scandir(directory) as listing:
            entries = sorted(
                (e for e in listing if not e.name.startswith(".")), key=lambda e: e.name
            )
    except OSError:
        yield directory  # read_document says why it cannot be read
        return
    for entry in entries:
        child = directory / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(child, visiting | {real})
        else:
            yield child
