"""saidwhat.semantic.encoder override sets: they share the published weights (one copy per
process) and apply low-rank adapters unmerged, with the outputs of the merged weights."""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.errors import ModelError
from saidwhat.semantic import encoder, stance

SENTENCES = ["The minister said the tax would hurt farmers.", "The orchestra played on."]
LAYER = "encoder.layer.3.intermediate.dense"


def _adapters(enc: encoder.Encoder, *, rank: int = 4, seed: int = 0) -> dict[str, np.ndarray]:
    """A synthetic override set: an adapter on one linear map and a replaced LayerNorm bias."""
    rng = np.random.default_rng(seed)
    out_dim, in_dim = enc.w[LAYER + ".weight"].shape
    return {
        LAYER + ".lora_a": rng.normal(scale=0.2, size=(rank, in_dim)).astype(np.float16),
        LAYER + ".lora_b": rng.normal(scale=0.2, size=(out_dim, rank)).astype(np.float16),
        "encoder.layer.3.output.LayerNorm.bias": rng.normal(size=in_dim).astype(np.float16),
    }


def _merged(enc: encoder.Encoder, extra: dict[str, np.ndarray]) -> encoder.Encoder:
    weights = dict(enc.w)
    encoder.apply_overrides(weights, extra, source="test")
    return encoder.Encoder(weights, enc.tokenizer, arch=enc.arch)


def test_an_override_set_shares_every_weight_it_does_not_replace() -> None:
    base = encoder.load()
    extra = _adapters(base)
    over = base.with_overrides(extra, source="test")
    replaced = "encoder.layer.3.output.LayerNorm.bias"
    shared = [k for k in base.w if k != replaced]
    assert all(over.w[k] is base.w[k] for k in shared)  # the same arrays, not copies
    assert over.w[LAYER + ".weight"] is base.w[LAYER + ".weight"]  # the adapted one too
    assert np.allclose(over.w[replaced], extra[replaced].astype(np.float32))
    assert set(over.adapters) == {LAYER} and not base.adapters


def test_unmerged_adapters_give_the_merged_weights_outputs(tmp_path) -> None:
    base = encoder.load()
    extra = _adapters(base)
    path = tmp_path / "o.npz"
    np.savez(path, **extra)
    over = encoder.load(path)
    merged = _merged(base, extra)
    ids, mask, types, _ = base.tokenize(SENTENCES)
    got, want = over.forward(ids, mask, types), merged.forward(ids, mask, types)
    assert np.abs(got - want).max() < 1e-5
    # and the adapter matters: without it the states differ
    assert np.abs(got - base.forward(ids, mask, types)).max() > 1e-2
    assert encoder.load(path) is over  # loaded once per override set


def test_adapters_that_do_not_fit_are_refused() -> None:
    base = encoder.load()
    extra = _adapters(base)
    wrong = {**extra, LAYER + ".lora_b": extra[LAYER + ".lora_b"][:, :2]}  # rank 2 against 4
    with pytest.raises(ModelError, match="E072"):
        base.with_overrides(wrong, source="test")
    lonely = {LAYER + ".lora_a": extra[LAYER + ".lora_a"]}
    with pytest.raises(ModelError, match="E072"):
        base.with_overrides(lonely, source="test")


@pytest.mark.skipif(
    not (encoder.mpnet_available() and stance.TIERS["accurate"].encoder_file.exists()),
    reason="the accurate tier needs all-mpnet-base-v2 (`make install`) and its stance model",
)
def test_accurate_stance_on_shared_weights_equals_merged_weights(monkeypatch) -> None:
    tier = stance.TIERS["accurate"]
    enc, w, b = stance._model("accurate")
    base = encoder.load(arch="mpnet")
    assert enc.w["embeddings.word_embeddings.weight"] is base.w["embeddings.word_embeddings.weight"]
    assert enc.adapters  # the shipped file's LoRA adapters, held unmerged
    assert all(enc.w[k + ".weight"] is base.w[k + ".weight"] for k in enc.adapters)
    sent = "The union leader attacked the governor over the pension cuts, calling him a coward."
    items = [
        (sent, sent.index(word), sent.index(word) + len(word))
        for word in ("union leader", "governor", "pension cuts")
    ]
    shared = stance.probabilities(items, tier="accurate")
    with np.load(tier.encoder_file) as f:
        merged = _merged(base, {k: f[k] for k in f.files})
    monkeypatch.setattr(stance, "_model", lambda _tier: (merged, w, b))
    want = stance.probabilities(items, tier="accurate")
    assert np.abs(shared - want).max() < 1e-5


def test_an_override_set_loaded_alone_keeps_none_of_the_tensors_it_replaces(
    monkeypatch,
) -> None:
    import gc

    monkeypatch.setattr(encoder, "_LIVE", {})  # as in a fresh process
    key = "encoder.layer.4.output.dense.weight"
    first = encoder.published("minilm")
    new = first[key] + 1.0
    del first
    over = encoder._base("minilm").with_overrides({key: new}, source="test")
    gc.collect()
    live = encoder._LIVE["minilm"]
    assert key not in live  # the published tensor it replaced was freed
    kept = [k for k in over.w if k != key]
    assert all(live[k] is over.w[k] for k in kept)  # the rest alive through the override set
    stock = encoder._base("minilm")  # loaded afterwards: shares them, reads only the freed one
    assert all(stock.w[k] is over.w[k] for k in kept)
    assert np.allclose(stock.w[key] + 1.0, over.w[key])
