"""NumPy inference for the neural tagger, so that running saidwhat needs no PyTorch.

:func:`export_weights` (training side, needs torch) writes a ``TaggerNet``'s
weights to an ``.npz`` file; :class:`NumpyTaggerNet` computes the same forward
pass with NumPy: embeddings, a one- or two-layer bidirectional LSTM run over
the padded batch exactly as ``torch.nn.LSTM`` does (gate order i, f, g, o),
and the output layer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

_BLOCK = 64


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def export_weights(net: Any, path: Path, meta: dict) -> None:
    """Write a torch ``TaggerNet`` as float16 arrays plus a JSON sidecar."""
    arrays = {k: v.detach().cpu().numpy().astype("float16") for k, v in net.state_dict().items()}
    np.savez_compressed(path, **arrays)
    path.with_suffix(".json").write_text(json.dumps(meta, indent=1), "utf-8")


class NumpyTaggerNet:
    def __init__(self, path: Path) -> None:
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        init = meta["init"]
        self.conditioned = bool(init.get("conditioned", False))
        self.layers = int(init.get("layers", 1))
        with np.load(path) as z:
            w = {k: z[k].astype("float32") for k in z.files}
        self.word = w["word.weight"]
        self.sym = w["sym.weight"]
        if self.conditioned:
            self.cue = w["cue.weight"]
            self.soff = w["soff.weight"]
        self.lstm = []
        for layer in range(self.layers):
            dirs = []
            for suffix in ("", "_reverse"):
                k = f"l{layer}{suffix}"
                dirs.append(
                    (
                        w[f"lstm.weight_ih_{k}"].T.copy(),
                        w[f"lstm.weight_hh_{k}"].T.copy(),
                        w[f"lstm.bias_ih_{k}"] + w[f"lstm.bias_hh_{k}"],
                    )
                )
            self.lstm.append(dirs)
        self._w_hh = [self._fuse(fwd, bwd)[0] for fwd, bwd in self.lstm]
        self.out_w = w["out.weight"].T.copy()
        self.out_b = w["out.bias"]

    @staticmethod
    def _fuse(fwd: tuple, bwd: tuple) -> tuple[np.ndarray, np.ndarray]:
        """One recurrent matrix for both directions, gates laid out i, f, g, o by direction."""
        hidden = fwd[1].shape[0]
        w = np.zeros((2 * hidden, 8 * hidden), dtype="float32")
        for d, (_, w_hh, _) in enumerate((fwd, bwd)):
            for gate in range(4):
                cols = slice((2 * gate + d) * hidden, (2 * gate + d + 1) * hidden)
                w[d * hidden : (d + 1) * hidden, cols] = w_hh[
                    :, gate * hidden : (gate + 1) * hidden
                ]
        return w, np.array(
            [(2 * gate + d) for gate in range(4) for d in (0, 1)]
        )  # block order, for the input projections

    @staticmethod
    def _bilstm(xf: np.ndarray, xb: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
        """Both directions in one loop: ``xf``/``xb`` are the input projections (B, T, 4H)
        of the forward sequence and of the reversed one; returns (B, T, 2H) in loop order."""
        bsz, steps, four_h = xf.shape
        hidden = four_h // 4
        # interleave gates by direction: [i_f i_b f_f f_b g_f g_b o_f o_b]
        xg = np.stack([xf.reshape(bsz, steps, 4, hidden), xb.reshape(bsz, steps, 4, hidden)], 3)
        xg = xg.reshape(bsz, steps, 8 * hidden)
        h2, h4, h6 = 2 * hidden, 4 * hidden, 6 * hidden
        h = np.zeros((bsz, h2), dtype="float32")
        c = np.zeros((bsz, h2), dtype="float32")
        out = np.empty((bsz, steps, h2), dtype="float32")
        for t in range(steps):
            g = xg[:, t] + h @ w_hh
            sg = _sigmoid(g)  # i, f and o gates (the g slice is recomputed with tanh)
            c = sg[:, h2:h4] * c + sg[:, :h2] * np.tanh(g[:, h4:h6])
            h = sg[:, h6:] * np.tanh(c)
            out[:, t] = h
        return out

    def __call__(
        self,
        vec: np.ndarray,
        word: np.ndarray,
        sym: np.ndarray,
        flags: np.ndarray,
        cue: np.ndarray | None = None,
        soff: np.ndarray | None = None,
        lengths: np.ndarray | None = None,
    ) -> np.ndarray:
        """Logits (B, T, tags) for padded batch arrays.

        Without ``lengths`` the backward LSTM runs from the last padded step, as
        ``torch.nn.LSTM`` does on a padded batch; with ``lengths`` each sequence
        is reversed within its own length, so padding never reaches real tokens.
        """
        bsz, steps = word.shape
        parts = [vec, self.word[word], self.sym[sym].reshape(bsz, steps, -1), flags]
        if self.conditioned:
            assert cue is not None and soff is not None
            parts += [self.cue[cue], self.soff[soff]]
        if bsz == 1:
            # BLAS takes another path (gemv) for a single row, which sums in another
            # order: add an empty row, so that a document gets bit-identical results
            # alone or in a batch, whatever the caller's batching
            parts = [np.concatenate([p, np.zeros_like(p)]) for p in parts]
            if lengths is not None:
                lengths = np.concatenate([lengths, [steps]])
            return self._limited(parts, 2, steps, lengths)[:1]
        return self._limited(parts, bsz, steps, lengths)

    def _limited(
        self, parts: list[np.ndarray], bsz: int, steps: int, lengths: np.ndarray | None
    ) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        if lengths is not None and steps % _BLOCK:
            # every sequence starts on a BLAS block boundary of the input projection
            # (the same rows in the same blocks, alone or in any batch); the extra
            # steps are padding after each sequence's end, which it never sees
            extra = _BLOCK - steps % _BLOCK
            parts = [
                np.concatenate([p, np.zeros((bsz, extra, *p.shape[2:]), p.dtype)], 1) for p in parts
            ]
            return self._limited(parts, bsz, steps + extra, lengths)[:, :steps]

        # thousands of tiny matrix products: BLAS threads only add synchronisation
        with threadpool_limits(limits=1, user_api="blas"):
            return self._forward(parts, bsz, steps, lengths)

    def _forward(
        self, parts: list[np.ndarray], bsz: int, steps: int, lengths: np.ndarray | None
    ) -> np.ndarray:
        x = np.concatenate(parts, axis=-1).astype("float32", copy=False)
        t = np.arange(steps)[None, :]
        if lengths is None:  # torch.nn.LSTM on a padded batch: backward from the last step
            rev = np.broadcast_to(steps - 1 - t, (bsz, steps))
        else:  # each sequence reversed within its own length
            lens = np.asarray(lengths)[:, None]
            rev = np.where(t < lens, lens - 1 - t, t)
        rows = np.arange(bsz)[:, None]
        hidden = self.lstm[0][0][1].shape[0]
        for (fwd, bwd), w_hh in zip(self.lstm, self._w_hh):
            flat = x.reshape(bsz * steps, -1)
            xf = (flat @ fwd[0]).reshape(bsz, steps, -1) + fwd[2]
            xb = (flat @ bwd[0]).reshape(bsz, steps, -1)[rows, rev] + bwd[2]
            out = self._bilstm(xf, xb, w_hh)
            x = np.concatenate([out[:, :, :hidden], out[:, :, hidden:][rows, rev]], axis=-1)
        return x @ self.out_w + self.out_b


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)
