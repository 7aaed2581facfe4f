"""all-MiniLM-L6-v2 itself as the merger's text model, with each text's vector kept on disk.

The static model (``embed``) tells a shooting from a rehab stay but not one shooting from
another; the six-layer transformer reads the words in context and, on the gun-violence dev
pool, keeps more different shootings apart (docs/benchmarks-notes.md). It costs about 30 ms
a text in numpy on two cores, so a text is encoded once: its vector is stored under a hash of
the text in an SQLite file in the cache folder, and every later rebuild reads it back. The
forward pass is ``embed._bert`` (the same weights, from the pinned package); pooling is the
model's own (the mean over tokens, L2-normalised).
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

from newsblotter.merge.embed import _bert, minilm_dir
from newsblotter.records import TextVector

# Similarities of this model between two news leads sit lower than the static model's, and
# tell shootings apart better: the score adds or takes up to WEIGHT around this floor
# (chosen on the dev sets, docs/benchmarks-notes.md).
FLOOR = 0.70
WEIGHT = 0.15
_NAME = "minilm-l6"  # part of every key: change it when the vectors would change
_BATCH = 8  # texts run through the model together

log = logging.getLogger(__name__)


class VectorStore:
    """Vectors by key in one SQLite file; a store that cannot be opened or written is only a
    lost cache, so failures are logged and the vectors computed again. Only the process that
    writes the database writes here (the analysis hands its vectors over in the Extraction);
    a connection is opened per process all the same, as one must not cross a fork."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._broken = False

    def _conn(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._db is None or self._pid != os.getpid():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30)
                db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB)")
                db.commit()
            except (OSError, sqlite3.Error) as exc:
                log.warning("%s: text vectors will not be kept (%s)", self.path, exc)
                self._broken = True
                return None
            self._db, self._pid = db, os.getpid()
        return self._db

    def get(self, keys: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        out: dict[str, NDArray[np.float32]] = {}
        db = self._conn()
        if db is None:
            return out
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            try:
                rows = db.execute(f"SELECT key, v FROM vectors WHERE key IN ({marks})", chunk)
                out.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
            except sqlite3.Error as exc:
                log.warning("%s: %s", self.path, exc)
                return out
        return out

    def put(self, items: dict[str, NDArray[np.float32]]) -> None:
        db = self._conn()
        if db is None or not items:
            return
        try:
            db.executemany(
                "INSERT OR REPLACE INTO vectors (key, v) VALUES (?, ?)",
                [(k, v.astype(np.float32).tobytes()) for k, v in items.items()],
            )
            db.commit()
        except sqlite3.Error as exc:
            log.warning("%s: text vectors not kept (%s)", self.path, exc)


class ContextualEncoder:
    """``encode(texts)``: one L2-normalised 384-d row per text, read back when seen before."""

    floor = FLOOR
    weight = WEIGHT

    def __init__(self, model_dir: Path, store: VectorStore | None = None) -> None:
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()  # one text at a time: no padding, no attention mask
        # the sentence-transformers length of the model (256 word pieces), as it was used
        bert = json.loads((model_dir / "sentence_bert_config.json").read_text("utf-8"))
        self.tokenizer.enable_truncation(int(bert.get("max_seq_length", 256)))
        self.config: dict[str, Any] = json.loads((model_dir / "config.json").read_text("utf-8"))
        self.weights = load_file(str(model_dir / "model.safetensors"))
        self.store = store
        self.encoded = 0  # texts run through the model (not read back), for the benches

    def with_store(self, store: VectorStore | None) -> ContextualEncoder:
        """The same model (its weights shared, not copied) keeping vectors in ``store``."""
        other = copy.copy(self)
        other.store, other.encoded = store, 0
        return other

    def vectors(self, texts: Sequence[str]) -> list[TextVector]:
        """The vectors of ``texts``, computed here and kept nowhere (the analysis of an
        article, in a worker that must write nothing): the caller hands them to :meth:`keep`."""
        rows = self._many(texts)
        return [TextVector(_key(t), tuple(r.tolist())) for t, r in zip(texts, rows, strict=True)]

    def keep(self, vectors: Sequence[TextVector]) -> None:
        """Store vectors computed by :meth:`vectors` (the one writer's side)."""
        if self.store is not None and vectors:
            self.store.put({v.key: np.asarray(v.values, dtype=np.float32) for v in vectors})

    def encode(self, sentences: Sequence[str]) -> NDArray[np.float32]:
        """One row per text: read back from the store when kept, else computed and kept."""
        keys = [_key(s) for s in sentences]
        known = self.store.get(keys) if self.store is not None else {}
        # a vector of another length (a store written by another model) is encoded again
        known = {k: v for k, v in known.items() if v.shape == (self.dims,)}
        todo = {k: s for k, s in zip(keys, sentences, strict=True) if k not in known}
        if len(todo) >= 100:  # a first rebuild over a large database takes minutes
            log.info("text model: encoding %d new texts (about 30 ms each, once)", len(todo))
        fresh = dict(zip(todo, self._many(list(todo.values())), strict=True))
        if self.store is not None:
            self.store.put(fresh)
        self.encoded += len(fresh)
        rows = [known[k] if k in known else fresh[k] for k in keys]
        return np.stack(rows) if rows else np.zeros((0, self.dims), dtype=np.float32)

    @property
    def dims(self) -> int:
        return int(self.config["hidden_size"])

    def _many(self, texts: Sequence[str]) -> list[NDArray[np.float32]]:
        """One vector a text, texts of like length run through the model together (padded
        and masked): a few large matrix products cost less than many small ones."""
        with one_blas_thread():
            return self._run(texts)

    def _run(self, texts: Sequence[str]) -> list[NDArray[np.float32]]:
        encoded = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        out: list[NDArray[np.float32]] = [np.zeros(0, dtype=np.float32)] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), _BATCH):
            chunk = order[start : start + _BATCH]
            length = max(len(encoded[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1.0
            hidden = _bert(self.weights, self.config, ids, mask if len(chunk) > 1 else None)
            means = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            for row, i in enumerate(chunk):
                norm = float(np.linalg.norm(means[row])) or 1.0
                out[i] = (means[row] / norm).astype(np.float32)
        return out


_THREADS: list[ThreadpoolController] = []  # made on first use, once numpy's BLAS is loaded


def one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on one thread. The analysis's matrix products
    are small (a few texts of 200 word pieces): on two threads OpenBLAS's threads spend more
    CPU waiting for each other than computing (a one-text vector cost 1.0 CPU s against 0.02
    on one thread, on a loaded two-core machine), and a pool's workers already run one
    thread each (``engine.pool``)."""
    if not _THREADS:
        _THREADS.append(ThreadpoolController())
    return _THREADS[0].limit(limits=1, user_api="blas")


def _key(text: str) -> str:
    return hashlib.sha256(f"{_NAME}\0{text}".encode()).hexdigest()[:32]


def store_path(cache_dir: Path) -> Path:
    """Where the vectors are kept under ``cache_dir``."""
    return cache_dir / f"{_NAME}-vectors.sqlite"


def load_contextual(cache_dir: Path | None) -> ContextualEncoder:
    """The transformer from the pinned package, its vectors kept under ``cache_dir`` (None:
    kept nowhere, as the analysis uses it)."""
    store = VectorStore(store_path(cache_dir)) if cache_dir else None
    return ContextualEncoder(minilm_dir(), store)
