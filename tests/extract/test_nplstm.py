from __future__ import annotations

import numpy as np
import pytest

from saidwhat.extract.nplstm import NumpyTaggerNet, _gate_order, _schedule


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
    got = NumpyTaggerNet._loop(_gate_order(xg), _gate_order(w_hh), np.full(steps, bsz))
    assert np.array_equal(got, _textbook_loop(xg, w_hh))


@pytest.mark.parametrize("bsz", [1, 2, 3, 8, 21])
def test_nplstm_rows_past_their_end_are_skipped_without_changing_a_bit(bsz: int) -> None:
    """Running each row only for its own steps (longest first, at least two rows a
    step) gives every real step the values of running the whole padded batch."""
    rng = np.random.default_rng(bsz)
    hidden, steps = 64, 25
    lengths = rng.integers(1, steps, size=bsz)
    lengths[rng.integers(bsz)] = steps  # one row runs alone at the end, but for the floor
    s = _schedule(bsz, steps, lengths)
    assert s.active[0] == bsz and s.active[-1] == min(2, bsz)
    xg = _gate_order(rng.normal(scale=2.0, size=(steps, 2, bsz, 4 * hidden)).astype("float32"))
    w_hh = _gate_order(rng.normal(scale=0.3, size=(2, hidden, 4 * hidden)).astype("float32"))
    got = NumpyTaggerNet._loop(xg, w_hh, s.active)
    full = NumpyTaggerNet._loop(xg, w_hh, np.full(steps, bsz))
    real = np.arange(steps)[:, None] < lengths[s.rows[0]]  # (T, B) in loop order
    assert np.array_equal(got[:, 0][real], full[:, 0][real])
    assert np.array_equal(got[:, 1][real], full[:, 1][real])
    skipped = np.arange(bsz)[None, :] >= s.active[:, None]
    assert skipped.any() or bsz <= 2
    assert not got[:, 0][skipped].any() and not got[:, 1][skipped].any()  # left zero


@pytest.mark.parametrize("sizes", [(2, 3), (5, 40), (2, 62), (17, 47)])
def test_nplstm_a_row_does_not_depend_on_the_other_rows_of_its_batch(
    sizes: tuple[int, int],
) -> None:
    """Rows of several documents run in one batch (saidwhat.extract.neural._run_windows)
    keep the values of their own document's batch, to the bit: BLAS computes each row
    of a matrix product (of at least two rows) alone, whatever the others."""
    rng = np.random.default_rng(sum(sizes))
    hidden, steps = 64, 25
    n_a, n_b = sizes
    lengths = rng.integers(1, steps, size=n_a + n_b)
    lengths[0] = lengths[n_a] = steps
    xg = _gate_order(rng.normal(scale=2.0, size=(steps, 2, n_a + n_b, 4 * hidden)))
    xg = xg.astype("float32")
    w_hh = _gate_order(rng.normal(scale=0.3, size=(2, hidden, 4 * hidden)).astype("float32"))

    def run(rows: np.ndarray) -> np.ndarray:  # (T, 2, rows) by batch row, zero past the end
        s = _schedule(len(rows), steps, lengths[rows])
        out = NumpyTaggerNet._loop(xg[:, :, rows][:, :, s.rows[0]], w_hh, s.active)
        got = np.zeros_like(out)
        got[:, :, s.rows[0]] = out
        return got * (np.arange(steps)[:, None] < lengths[rows])[:, None, :, None]

    together = run(np.arange(n_a + n_b))
    assert np.array_equal(together[:, :, :n_a], run(np.arange(n_a)))
    assert np.array_equal(together[:, :, n_a:], run(np.arange(n_a, n_a + n_b)))
