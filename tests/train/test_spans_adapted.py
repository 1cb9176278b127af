"""The end-to-end tuning of the accurate tier's span models (saidwhat.train.spans_adapted):
the features it trains on (frozen layers cached, the top layers recomputed with their
adapters) are the runtime's (ContextFeatures over the encoder with the exported override
set), and its gradients reach the adapters through the taggers. Synthetic text only."""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.extract import context
from saidwhat.semantic import encoder

pytestmark = pytest.mark.skipif(
    not encoder.mpnet_available(),
    reason="all-mpnet-base-v2 not installed (requirements/mpnet.txt; `make install`)",
)


def _adapted(frozen: int):  # type: ignore[no-untyped-def]
    torch = pytest.importorskip("torch")
    from saidwhat.train import spans_adapted as sa

    net = sa.torch_mpnet(frozen, 4, 8.0)
    gen = torch.Generator().manual_seed(5)
    with torch.no_grad():  # adapters that change the states (lora_b starts at zero)
        for key, p in net.train_p.items():
            if key.endswith("lora_b"):
                p.copy_(torch.randn(p.shape, generator=gen) * 0.05)
    net.eval()
    return sa, net


@pytest.mark.parametrize("frozen", [10, 8])
def test_tuning_features_are_the_runtime_features_with_the_exported_adapters(
    synthetic_doc, tmp_path, frozen: int
) -> None:
    sa, net = _adapted(frozen)
    doc = synthetic_doc(30)  # more than one window
    pieces = sa.mpnet_pieces()
    arr = sa.cache_article(net, pieces, doc, frozen)
    assert len(arr["wins"]) > 1
    model = sa.Adapted(net, None, None)  # type: ignore[arg-type]
    model.eval()
    got = model.features(arr, len(doc)).detach().numpy()
    path = tmp_path / "adapters.npz"
    np.savez(path, **net.overrides())
    runtime = context.ContextFeatures(encoder.load(path, arch="mpnet"), pieces)(doc)
    stock = context.ContextFeatures(encoder.load(arch="mpnet"), pieces)(doc)
    top = slice(768 * (len(context.LAYER_GROUPS) - 1), None)
    assert np.abs(runtime[:, top] - stock[:, top]).max() > 0.05  # the adapters matter
    np.testing.assert_allclose(runtime[:, :768], stock[:, :768], atol=1e-5)  # below them
    np.testing.assert_allclose(got, runtime, atol=0.02)  # float16 cache


def test_a_feature_group_below_the_adapted_layers_is_refused() -> None:
    pytest.importorskip("torch")
    from saidwhat.train import spans_adapted as sa

    with pytest.raises(ValueError, match="adapted"):
        sa._split_groups(6)  # would adapt layers 7 and 8 of the frozen group (5-8)
    assert sa._split_groups(10) == ((9, 10), (11, 12))


def test_one_tuning_step_moves_the_adapters_and_both_taggers(synthetic_doc) -> None:
    torch = pytest.importorskip("torch")
    from saidwhat.extract.neural import TAG_ID, doc_inputs
    from saidwhat.train.neural import TaggerNet

    sa, net = _adapted(10)
    doc = synthetic_doc(6)
    arr = sa.cache_article(net, sa.mpnet_pieces(), doc, 10)
    x = doc_inputs(doc, [], {}, None)
    torch.manual_seed(0)
    cue = TaggerNet(hidden=8, ctx_dim=context.FEATURE_DIM, ctx_out=4)
    link = TaggerNet(hidden=8, conditioned=True, ctx_dim=context.FEATURE_DIM, ctx_out=4)
    model = sa.Adapted(net, cue, link)
    tags = np.zeros(len(doc), dtype=np.int64)
    tags[2], tags[3] = TAG_ID["B-CUE"], TAG_ID["I-CUE"]
    y = np.zeros(len(doc), dtype=np.int64)
    y[0], y[1] = TAG_ID["B-SRC"], TAG_ID["I-SRC"]
    loss = sa._article_loss(model, arr, x, tags, [(2, 4, y)])
    loss.backward()
    lora = [p.grad for k, p in net.train_p.items() if k.endswith("lora_a")]
    assert lora and all(g is not None and float(g.abs().sum()) > 0 for g in lora)
    for tagger in (cue, link):
        assert float(tagger.ctx_proj.weight.grad.abs().sum()) > 0
