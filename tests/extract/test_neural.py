from __future__ import annotations

import numpy as np
import pytest

from saidwhat.extract.neural import TAGS, DocInputs, batch_arrays, link_window


def _inputs(sent: list[int], seed: int = 0) -> DocInputs:
    n = len(sent)
    rng = np.random.default_rng(seed)
    return DocInputs(
        vec=rng.normal(size=(n, 96)).astype("float32"),
        word=rng.integers(0, 1000, size=n),
        sym=rng.integers(0, 128, size=(n, 3)),
        flags=rng.random(size=(n, 6)).astype("float32"),
        sent=np.array(sent, dtype="int64"),
    )


def test_neural_link_window_spans_one_sentence_before_and_two_after() -> None:
    x = _inputs([0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4])
    # cue in sentence 2 (tokens 5-6): window covers sentences 1..4
    assert link_window(x, 5, 6) == (2, 11)
    # cue in the first sentence: nothing before it
    assert link_window(x, 0, 1, before=1, after=0) == (0, 2)


def test_neural_batch_arrays_pad_and_mark_the_cue() -> None:
    a, b = _inputs([0, 0, 1]), _inputs([0, 1, 1, 1, 2])
    vec, word, sym, flags, cue, soff, mask = batch_arrays([a, b], [(1, 2), (2, 4)])
    assert vec.shape == (2, 5, 96) and int(mask.sum()) == 8
    assert cue[0, :3].tolist() == [0, 1, 2]
    assert cue[1].tolist() == [0, 0, 1, 1, 2]
    # sentence offsets from the cue's sentence, shifted by 3
    assert soff[1].tolist() == [2, 3, 3, 3, 4]


@pytest.mark.parametrize("conditioned", [False, True])
def test_neural_numpy_forward_matches_torch(tmp_path, conditioned: bool) -> None:
    torch = pytest.importorskip("torch")
    from saidwhat.extract.nplstm import NumpyTaggerNet, export_weights
    from saidwhat.train_neural import TaggerNet, batch_tensors

    torch.manual_seed(0)
    net = TaggerNet(hidden=8, conditioned=conditioned).eval()
    path = tmp_path / "m.npz"
    export_weights(net, path, {"init": {"hidden": 8, "conditioned": conditioned}})
    items = [_inputs([0, 0, 1, 1], seed=1), _inputs([0, 1, 1, 2, 2, 2], seed=2)]
    cues = [(1, 2), (2, 3)] if conditioned else None
    with torch.no_grad():
        # the numpy copy is stored in float16: compare against the rounded weights
        for p in net.parameters():
            p.copy_(p.half().float())
        expected = net(*batch_tensors(items, cues)[:6]).numpy()
    got = NumpyTaggerNet(path)(*batch_arrays(items, cues)[:6])
    assert got.shape == (2, 6, len(TAGS))
    np.testing.assert_allclose(got, expected, atol=1e-4)
