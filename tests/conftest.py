"""Shared fixtures: the shared data folder beside the checkout, and one loaded Pipeline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """../shared beside the checkout, or $NEWSBLOTTER_SHARED."""
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not path.is_dir():
        pytest.skip(f"shared data folder not found at {path} (set NEWSBLOTTER_SHARED)")
    return path


@pytest.fixture(scope="session")
def pipeline_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Pipelines on fresh databases that share one loaded analysis (models and gazetteer:
    the analysis is a pure function of each document, so it may serve any database)."""
    from newsblotter import Pipeline, load_settings

    first: list[Pipeline] = []

    def make(name: str = "db") -> Pipeline:
        db = tmp_path_factory.mktemp(name) / "newsblotter.db"
        pipe = Pipeline(load_settings(env={}, db=str(db)))
        if first:
            pipe.__dict__["analyzer"] = first[0].analyzer
        else:
            first.append(pipe)
        return pipe

    yield make
