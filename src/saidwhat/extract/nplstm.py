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
        self.out_w = w["out.weight"].T.copy()
        self.out_b = w["out.bias"]

    @staticmethod
    def _run(
        x: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray, b: np.ndarray, reverse: bool
    ) -> np.ndarray:
        bsz, steps, _ = x.shape
        hidden = w_hh.shape[0]
        xg = x @ w_ih + b  # (B, T, 4H), all time steps at once
        h = np.zeros((bsz, hidden), dtype="float32")
        c = np.zeros((bsz, hidden), dtype="float32")
        out = np.empty((bsz, steps, hidden), dtype="float32")
        order = range(steps - 1, -1, -1) if reverse else range(steps)
        h2 = 2 * hidden
        for t in order:
            g = xg[:, t] + h @ w_hh
            sg = _sigmoid(g)  # i, f and o gates (the g slice is recomputed with tanh)
            c = sg[:, hidden:h2] * c + sg[:, :hidden] * np.tanh(g[:, h2 : 3 * hidden])
            h = sg[:, 3 * hidden :] * np.tanh(c)
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
        from threadpoolctl import threadpool_limits

        # thousands of tiny matrix products: BLAS threads only add synchronisation
        with threadpool_limits(limits=1, user_api="blas"):
            return self._forward(parts, bsz, steps, lengths)

    def _forward(
        self, parts: list[np.ndarray], bsz: int, steps: int, lengths: np.ndarray | None
    ) -> np.ndarray:
        x = np.concatenate(parts, axis=-1).astype("float32", copy=False)
        rev = None
        if lengths is not None:
            t = np.arange(steps)[None, :]
            lens = np.asarray(lengths)[:, None]
            rev = np.where(t < lens, lens - 1 - t, t)  # per-sequence reversal index
            rows = np.arange(bsz)[:, None]
        for fwd, bwd in self.lstm:
            forward = self._run(x, *fwd, False)
            if rev is None:
                backward = self._run(x, *bwd, True)
            else:
                backward = self._run(x[rows, rev], *bwd, False)[rows, rev]
            x = np.concatenate([forward, backward], axis=-1)
        return x @ self.out_w + self.out_b


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)
