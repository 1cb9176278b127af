"""saidwhat.semantic.encoder: the NumPy forward pass of all-MiniLM-L6-v2 reproduces the
similarities published for the model (sentence-transformers' quick-start:
0.6660, 0.1046, 0.1411 for the three sentences below)."""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.semantic import encoder

SENTENCES = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]


def test_published_similarities() -> None:
    v = encoder.embed(SENTENCES)
    assert v.shape == (3, encoder.DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    sim = v @ v.T
    assert sim[0, 1] == pytest.approx(0.6660, abs=2e-3)
    assert sim[0, 2] == pytest.approx(0.1046, abs=2e-3)
    assert sim[1, 2] == pytest.approx(0.1411, abs=2e-3)


def test_batching_and_padding_do_not_change_vectors() -> None:
    texts = SENTENCES + ["A much longer sentence, " * 10]
    together = encoder.embed(texts, batch_size=4)
    alone = np.vstack([encoder.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_long_text_is_truncated_not_refused() -> None:
    v = encoder.embed(["word " * 2000])
    assert v.shape == (1, encoder.DIM) and np.isfinite(v).all()


def test_empty_input() -> None:
    assert encoder.embed([]).shape == (0, encoder.DIM)


def test_overrides_replace_weights(tmp_path) -> None:
    enc = encoder.load()
    key = "encoder.layer.5.output.dense.weight"
    # a random change (a constant shift before a LayerNorm would cancel out)
    delta = np.random.default_rng(0).normal(size=enc.w[key].shape).astype(np.float32)
    path = tmp_path / "o.npz"
    np.savez(path, **{key: enc.w[key] + delta})
    other = encoder.load(path)
    assert other is not enc
    assert np.allclose(other.w[key], enc.w[key] + delta)
    assert not np.allclose(other.embed(SENTENCES[:1]), enc.embed(SENTENCES[:1]))
