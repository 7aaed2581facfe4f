"""The merger's transformer text model: vectors that tell stories apart, kept once per text."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from newsblotter.merge import ModelUnavailable, load_text_model
from newsblotter.merge.embed import minilm_dir
from newsblotter.merge.vectors import ContextualEncoder, VectorStore

REPO = Path(__file__).resolve().parents[1]

SHOOTING = (
    "Two men were wounded when gunfire erupted outside a bakery on Harlow Street late on Tuesday."
)
SAME = "Police said two men were shot and hurt near a Harlow Street bakery on Tuesday night."
OTHER = "The city council approved a new budget for road repairs and library opening hours."


@pytest.fixture(scope="module")
def model_dir() -> Path:
    try:
        return minilm_dir()
    except ModelUnavailable as exc:
        pytest.skip(f"the MiniLM package is not installed: {exc}")


def test_vectors_put_one_shooting_together_and_apart_from_other_news(
    model_dir: Path, tmp_path: Path
) -> None:
    enc = ContextualEncoder(model_dir, VectorStore(tmp_path / "v.sqlite"))
    vectors = enc.encode([SHOOTING, SAME, OTHER])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    same, other = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert same > enc.floor > other


def test_a_text_is_encoded_once_and_read_back_by_a_later_run(
    model_dir: Path, tmp_path: Path
) -> None:
    store = tmp_path / "v.sqlite"
    first = ContextualEncoder(model_dir, VectorStore(store))
    a = first.encode([SHOOTING, SHOOTING, OTHER])
    assert first.encoded == 2  # the repeated text once
    later = ContextualEncoder(model_dir, VectorStore(store))
    b = later.encode([OTHER, SHOOTING])
    assert later.encoded == 0
    assert np.array_equal(b, a[[2, 0]])


def test_a_store_that_cannot_be_written_only_costs_the_cache(
    model_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING):
        enc = ContextualEncoder(model_dir, VectorStore(blocker / "v.sqlite"))
        assert enc.encode([SHOOTING]).shape == (1, 384)
    assert "text vectors will not be kept" in caplog.text


def test_text_models_by_setting_name(tmp_path: Path) -> None:
    assert load_text_model("none", tmp_path) is None
    with pytest.raises(ValueError, match="unknown text model 'bert'"):
        load_text_model("bert", tmp_path)


def test_workers_encode_each_article_once_and_the_rebuild_reads_them_back(
    model_dir: Path, tmp_path: Path
) -> None:
    import shutil
    import sqlite3

    from newsblotter import Pipeline, load_settings

    pages = tmp_path / "pages"
    pages.mkdir()
    for path in sorted((REPO / "corpus" / "articles").glob("*.txt"))[:3]:
        shutil.copy(path, pages / path.name)
    cache = tmp_path / "cache"
    pipe = Pipeline(
        load_settings(env={}, db=str(tmp_path / "nb.db"), cache_dir=str(cache), text_model="minilm")
    )
    report = pipe.ingest([pages], workers=2)
    analysed = pipe.db.load_articles(analysed=True)
    assert report.ingested == 3 and analysed
    with sqlite3.connect(cache / "minilm-l6-vectors.sqlite") as db:
        (stored,) = db.execute("SELECT count(*) FROM vectors").fetchone()
    assert stored == len(analysed)  # encoded in the workers, one vector per analysed article
    assert isinstance(pipe.encoder, ContextualEncoder)
    assert pipe.encoder.encoded == 0  # the rebuild in this process read every vector back


def test_a_stored_vector_of_the_wrong_length_is_encoded_again(
    model_dir: Path, tmp_path: Path
) -> None:
    store = VectorStore(tmp_path / "v.sqlite")
    right = ContextualEncoder(model_dir, store).encode([SHOOTING])
    [stored_key] = list(store.get(_keys(store)))
    store.put({stored_key: np.ones(7, dtype=np.float32)})  # a stale or foreign entry
    again = ContextualEncoder(model_dir, store)
    assert np.array_equal(again.encode([SHOOTING]), right) and again.encoded == 1
    assert store.get([stored_key])[stored_key].shape == (384,)  # and the entry is mended


def _keys(store: VectorStore) -> list[str]:
    import sqlite3

    with sqlite3.connect(store.path) as db:
        return [k for (k,) in db.execute("SELECT key FROM vectors")]
