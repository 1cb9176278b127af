from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from saidwhat.extract.neural import (  # noqa: E402
    TAGS,
    DocInputs,
    TaggerNet,
    batch_tensors,
    link_window,
)


def _inputs(sent: list[int]) -> DocInputs:
    n = len(sent)
    return DocInputs(
        vec=np.zeros((n, 96), dtype="float32"),
        word=np.arange(n, dtype="int64"),
        sym=np.zeros((n, 3), dtype="int64"),
        flags=np.zeros((n, 6), dtype="float32"),
        sent=np.array(sent, dtype="int64"),
    )


def test_neural_link_window_spans_one_sentence_before_and_two_after() -> None:
    x = _inputs([0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4])
    # cue in sentence 2 (tokens 5-6): window covers sentences 1..4
    assert link_window(x, 5, 6) == (2, 11)
    # cue in the first sentence: nothing before it
    assert link_window(x, 0, 1, before=1, after=0) == (0, 2)


def test_neural_batch_tensors_pad_and_mark_the_cue() -> None:
    a, b = _inputs([0, 0, 1]), _inputs([0, 1, 1, 1, 2])
    vec, word, sym, flags, cue, soff, mask = batch_tensors([a, b], [(1, 2), (2, 4)])
    assert vec.shape == (2, 5, 96) and mask.sum().item() == 8
    assert cue[0, :3].tolist() == [0, 1, 2]
    assert cue[1].tolist() == [0, 0, 1, 1, 2]
    # sentence offsets from the cue's sentence, shifted by 3
    assert soff[1].tolist() == [2, 3, 3, 3, 4]


def test_neural_net_outputs_one_score_per_tag() -> None:
    net = TaggerNet(hidden=8, conditioned=True)
    x = _inputs([0, 0, 0, 1])
    out = net(*batch_tensors([x], [(1, 2)])[:6])
    assert out.shape == (1, 4, len(TAGS))
