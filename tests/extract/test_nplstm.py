from __future__ import annotations

import numpy as np
import pytest

from saidwhat.extract.nplstm import NumpyTaggerNet, _gate_order


def _textbook_loop(xg: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
    """The LSTM recurrence as torch writes it, one direction and one gate at a time:
    gate blocks ``i, f, g, o``, sigmoid(x) = (tanh(x / 2) + 1) / 2."""
    steps, _, bsz, four_h = xg.shape
    hidden = four_h // 4

    def sigmoid(x: np.ndarray) -> np.ndarray:
        return (np.tanh(x * 0.5) + 1.0) * 0.5

    out = np.empty((steps, 2, bsz, hidden), dtype="float32")
    for d in range(2):
        h = np.zeros((bsz, hidden), dtype="float32")
        c = np.zeros((bsz, hidden), dtype="float32")
        for t in range(steps):
            z = h @ w_hh[d] + xg[t, d]
            i, f, g, o = (z[:, k * hidden : (k + 1) * hidden] for k in range(4))
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            out[t, d] = h
    return out


@pytest.mark.parametrize("bsz", [1, 2, 5, 13, 40])
def test_nplstm_loop_equals_the_textbook_recurrence_bit_for_bit(bsz: int) -> None:
    """The fused step (gates reordered, sigmoid gates halved, one tanh for all four)
    changes no bit of any hidden state."""
    rng = np.random.default_rng(bsz)
    hidden, steps = 64, 30
    xg = rng.normal(scale=2.0, size=(steps, 2, bsz, 4 * hidden)).astype("float32")
    w_hh = rng.normal(scale=0.3, size=(2, hidden, 4 * hidden)).astype("float32")
    got = NumpyTaggerNet._loop(_gate_order(xg), _gate_order(w_hh))
    assert np.array_equal(got, _textbook_loop(xg, w_hh))
