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
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from .vectors import StaticVectors

# torch's gate blocks i, f, g, o, taken as g, f, i, o: the cell input, then the three
# sigmoid gates side by side (the layout NumpyTaggerNet._loop works on)
_GATES = [2, 1, 0, 3]
_CONTROLLER: Any = None


def _blas_one_thread() -> Any:
    """A context that runs BLAS on one thread (the library scan is done once per process)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")


def export_weights(net: Any, path: Path, meta: dict) -> None:
    """Write a torch ``TaggerNet`` as float16 arrays plus a JSON sidecar."""
    arrays = {k: v.detach().cpu().numpy().astype("float16") for k, v in net.state_dict().items()}
    np.savez_compressed(path, **arrays)
    path.with_suffix(".json").write_text(json.dumps(meta, indent=1), "utf-8")


def fold_bottleneck(w_ih: np.ndarray, proj: np.ndarray, *, at: int) -> np.ndarray:
    """Input rows ``w_ih`` (D, 4H) of a layer whose inputs ``at:at + out`` are ``proj``
    (out, d) applied to features: the same map with those rows replaced by
    ``proj.T @ rows`` (d, 4H), so that it reads the features directly."""
    out = proj.shape[0]
    folded = proj.T @ w_ih[at : at + out]
    return np.ascontiguousarray(np.concatenate([w_ih[:at], folded, w_ih[at + out :]], axis=0))


def _gate_order(w: np.ndarray) -> np.ndarray:
    """Columns of torch's gate blocks ``i, f, g, o`` reordered ``g, f, i, o``, those of
    the sigmoid gates ``f, i, o`` halved (the form :meth:`NumpyTaggerNet._loop` reads:
    halving is exact in floating point, so products and sums over these columns are
    exactly half the torch layout's)."""
    hidden = w.shape[-1] // 4
    out = np.concatenate([w[..., k * hidden : (k + 1) * hidden] for k in _GATES], axis=-1)
    out[..., hidden:] *= 0.5
    return out


class NumpyTaggerNet:
    """A ``TaggerNet`` run with NumPy.

    Each LSTM layer keeps, per direction, its input matrix ``(D, 4H)``, its
    recurrent matrix ``(H, 4H)`` and its bias, gate columns ordered ``g, f, i, o``
    and the sigmoid gates' halved (:func:`_gate_order`). Both directions run in
    one loop: one stacked matrix product ``(2, B, H) @ (2, H, 4H)`` per step.
    """

    def __init__(self, path: Path, static: StaticVectors | None = None) -> None:
        """Load the weights at ``path``; a model that reads static word vectors
        needs their :class:`~saidwhat.extract.vectors.StaticVectors`."""
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        init = meta["init"]
        self.conditioned = bool(init.get("conditioned", False))
        self.static_dim = int(init.get("static_dim", 0))
        if self.static_dim and (static is None or static.dim != self.static_dim):
            raise ValueError(
                f"{path.name} reads {self.static_dim}-d static vectors "
                f"({init.get('static', '?')}); none of that size were given"
            )
        self.static: np.ndarray | None = None  # the vector table through the net's bottleneck
        self.layers = int(init.get("layers", 1))
        with np.load(path) as z:
            w = {k: z[k].astype("float32") for k in z.files}
        self.word = w["word.weight"]
        self.sym = w["sym.weight"]
        if static is not None and self.static_dim:
            self.static = static.project(w["static_proj.weight"].T)  # (rows + 1, out)
        if self.conditioned:
            self.cue = w["cue.weight"]
            self.soff = w["soff.weight"]
        # per layer: [(w_ih, bias) forward, (w_ih, bias) backward], w_hh stacked (2, H, 4H)
        self.lstm: list[list[tuple[np.ndarray, np.ndarray]]] = []
        self.w_hh: list[np.ndarray] = []
        for layer in range(self.layers):
            dirs, rec = [], []
            for suffix in ("", "_reverse"):
                k = f"l{layer}{suffix}"
                w_ih = _gate_order(w[f"lstm.weight_ih_{k}"].T)
                bias = _gate_order(w[f"lstm.bias_ih_{k}"] + w[f"lstm.bias_hh_{k}"])
                dirs.append((np.ascontiguousarray(w_ih), bias))
                rec.append(_gate_order(w[f"lstm.weight_hh_{k}"].T))
            self.lstm.append(dirs)
            self.w_hh.append(np.ascontiguousarray(np.stack(rec)))
        # contextual features (the accurate tier) come after the vector's first ``base``
        # columns and pass a linear bottleneck: folded into the first layer's input rows
        self.ctx_dim = int(init.get("ctx_dim", 0))
        if self.ctx_dim:
            proj = w["ctx_proj.weight"]  # (out, ctx_dim)
            base = int(init.get("vec_dim", 96))
            self.lstm[0] = [
                (fold_bottleneck(w_ih, proj, at=base), bias) for w_ih, bias in self.lstm[0]
            ]
        self.hidden = self.w_hh[0].shape[1]
        # conditioned model: what the cue marks and sentence offsets add to the first
        # layer's input projection, per direction (looked up per window by ``windows``)
        self._cond: list[tuple[np.ndarray, np.ndarray]] = []
        n_cond = 0
        if self.conditioned:
            n_cue, n_soff = self.cue.shape[1], self.soff.shape[1]
            n_cond = n_cue + n_soff
            for w_ih, _ in self.lstm[0]:
                k = w_ih.shape[0] - n_cond
                self._cond.append((self.cue @ w_ih[k : k + n_cue], self.soff @ w_ih[k + n_cue :]))
        # first-layer input rows: token features (projected static vectors last), then
        # the cue marks and sentence offsets of a conditioned model
        self._d = self.lstm[0][0][0].shape[0] - n_cond
        # both directions' token-feature rows side by side: one matrix product for both
        (w_f, b_f), (w_b, b_b) = self.lstm[0]
        self._w_tok = np.ascontiguousarray(np.concatenate([w_f[: self._d], w_b[: self._d]], 1))
        self._b_tok = np.concatenate([b_f, b_b])
        #: the width of both directions' token projections side by side (8H)
        self.proj_width = int(self._b_tok.shape[0])
        self.out_w = w["out.weight"].T.copy()
        self.out_b = w["out.bias"]

    @staticmethod
    def _loop(xg: np.ndarray, w_hh: np.ndarray, active: np.ndarray) -> np.ndarray:
        """The recurrence of both directions: ``xg`` (T, 2, B, 4H) holds the input
        projections of each step (the backward direction's already reversed);
        returns the hidden states (T, 2, B, H) in loop order. Step ``t`` runs only
        the first ``active[t]`` rows (non-increasing: the batch sorted longest first,
        :func:`_schedule`); the others' states stay zero.

        At these sizes (a dozen windows, H = 64) a step costs what its NumPy calls
        cost, so it makes few: the sigmoid gates' columns of ``xg`` and ``w_hh`` come
        halved (:func:`_gate_order`), so that sigmoid(x) = (tanh(x / 2) + 1) / 2 shares
        one tanh with the cell input; and the cell state sits just before the gates
        in one buffer, ``c, g, f, i, o``, so that ``c * f`` and ``g * i`` are one
        product of adjacent pairs. Every value is bit for bit that of the textbook
        step (halving is exact in floating point).
        """
        steps, _, bsz, four_h = xg.shape
        hidden = four_h // 4
        out = np.zeros((steps, 2, bsz, hidden), dtype="float32")
        pre_all = np.empty((2, bsz, four_h), dtype="float32")  # the gates' pre-activations
        state_all = np.zeros((2, bsz, 5 * hidden), dtype="float32")  # c, then g, f, i, o
        prod_all = np.empty((2, bsz, 2 * hidden), dtype="float32")  # c * f, g * i
        h = np.zeros((2, bsz, hidden), dtype="float32")
        bounds = [0, *(np.flatnonzero(np.diff(active)) + 1).tolist(), steps]
        for a, b in zip(bounds, bounds[1:]):  # runs of steps with the same active rows
            n = int(active[a])
            pre, state, prod = pre_all[:, :n], state_all[:, :n], prod_all[:, :n]
            c, gates, sig, o = (
                state[..., i * hidden : j * hidden] for i, j in ((0, 1), (1, 5), (2, 5), (4, 5))
            )
            c_g, f_i = state[..., : 2 * hidden], state[..., 2 * hidden : 4 * hidden]
            c_f, g_i = prod[..., :hidden], prod[..., hidden:]
            h = h[:, :n]
            for x, h_next in zip(xg[a:b, :, :n], out[a:b, :, :n]):
                np.matmul(h, w_hh, out=pre)
                pre += x
                np.tanh(pre, out=gates)
                sig += 1.0
                sig *= 0.5
                np.multiply(c_g, f_i, out=prod)
                np.add(c_f, g_i, out=c)
                h = h_next
                np.tanh(c, out=h)
                h *= o
        return out

    def _layer(self, layer: int, xg: np.ndarray, s: _Schedule) -> np.ndarray:
        """One bidirectional layer over input projections ``xg`` in loop order
        (:func:`_loop_order`); returns its output (B, T, 2H) in token order."""
        out = self._loop(xg, self.w_hh[layer], s.active)
        steps, _, bsz, hidden = out.shape
        x = np.empty((bsz, steps, 2 * hidden), dtype="float32")
        x[s.rows, s.fwd, :hidden] = out[:, 0]
        x[s.rows, s.bwd, hidden:] = out[:, 1]
        return x

    def __call__(
        self,
        vec: np.ndarray,
        word: np.ndarray,
        sym: np.ndarray,
        flags: np.ndarray,
        cue: np.ndarray | None = None,
        soff: np.ndarray | None = None,
        lengths: np.ndarray | None = None,
        srow: np.ndarray | None = None,
    ) -> np.ndarray:
        """Logits (B, T, tags) for padded batch arrays.

        Without ``lengths`` the backward LSTM runs from the last padded step, as
        ``torch.nn.LSTM`` does on a padded batch; with ``lengths`` each sequence
        is reversed within its own length, so padding never reaches real tokens.
        """
        first = self.token_projection(vec, word, sym, flags, srow)
        if self.conditioned:
            assert cue is not None and soff is not None
            first = tuple(  # type: ignore[assignment]
                p + cue_tab[cue] + soff_tab[soff]
                for p, (cue_tab, soff_tab) in zip(first, self._cond)
            )
        s = _schedule(word.shape[0], word.shape[1], lengths)
        with _blas_one_thread():
            return self._forward(_loop_order(*first, s), s)

    def token_projection(
        self,
        vec: np.ndarray,
        word: np.ndarray,
        sym: np.ndarray,
        flags: np.ndarray,
        srow: np.ndarray | None = None,
        out: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """First-layer input projections (..., 4H) of token features of shape
        (n, ...) or (B, T, ...), forward and backward, biases included; ``srow``
        are the tokens' static vector rows when the model reads them; ``out``, an
        array (..., :attr:`proj_width`) to write both into, side by side.

        Computed once per document and gathered per window by :meth:`windows`
        (for a conditioned model they are the parts every cue's window shares).
        """
        lead = word.shape
        parts = [vec, self.word[word], self.sym[sym].reshape(*lead, -1), flags]
        if self.static is not None:
            if srow is None:
                raise ValueError("this model reads static vectors: srow is required")
            parts.append(self.static[srow])
        x = np.concatenate(parts, axis=-1).astype("float32", copy=False)
        with _blas_one_thread():
            both = np.matmul(x, self._w_tok, out=out)
        both += self._b_tok
        four_h = self._b_tok.shape[0] // 2
        return both[..., :four_h], both[..., four_h:]

    def windows(
        self,
        proj: tuple[np.ndarray, np.ndarray],
        index: np.ndarray,
        lengths: np.ndarray,
        cue: np.ndarray | None = None,
        soff: np.ndarray | None = None,
    ) -> np.ndarray:
        """Logits (B, T, tags) over windows of one sequence: ``index`` (B, T) are the
        windows' token positions in ``proj`` (from :meth:`token_projection`),
        ``lengths`` theirs; a conditioned model's ``cue``/``soff`` (B, T) are their
        conditioning inputs."""
        bsz, steps = index.shape
        s = _schedule(bsz, steps, lengths)
        xg = np.empty((steps, 2, bsz, proj[0].shape[-1]), dtype="float32")
        # gathered straight into loop order, only where the loop runs (it reads no
        # other row): each window's tokens (and a conditioned model's cue marks and
        # sentence offsets), the backward direction's reversed
        runs = np.arange(bsz)[None, :] < s.active[:, None]  # (T, B)
        rows = np.broadcast_to(s.rows, runs.shape)[runs]
        for d, (p, tok) in enumerate(zip(proj, (s.fwd, s.bwd))):
            at = (rows, np.broadcast_to(tok, runs.shape)[runs])
            x = p[index[at]]
            if self.conditioned:
                assert cue is not None and soff is not None
                cue_tab, soff_tab = self._cond[d]
                x += cue_tab[cue[at]]
                x += soff_tab[soff[at]]
            xg[:, d][runs] = x
        with _blas_one_thread():
            return self._forward(xg, s)

    def _forward(self, xg: np.ndarray, s: _Schedule) -> np.ndarray:
        """Logits (B, T, tags) from the first layer's input projections ``xg`` in loop
        order; later layers project the previous layer's output."""
        x = self._layer(0, xg, s)
        bsz, steps = x.shape[:2]
        for layer, ((w_f, b_f), (w_b, b_b)) in enumerate(self.lstm[1:], start=1):
            flat = x.reshape(bsz * steps, -1)
            xf = (flat @ w_f).reshape(bsz, steps, -1) + b_f
            xb = (flat @ w_b).reshape(bsz, steps, -1) + b_b
            x = self._layer(layer, _loop_order(xf, xb, s), s)
        return x @ self.out_w + self.out_b


class _Schedule(NamedTuple):
    """The loop's order of a batch: loop row ``j`` runs batch row ``rows[0, j]``, at
    step ``t`` its forward direction reads token ``fwd[t, 0]`` and its backward
    direction token ``bwd[t, j]``; step ``t`` runs the first ``active[t]`` loop rows."""

    rows: np.ndarray  # (1, B)
    fwd: np.ndarray  # (T, 1)
    bwd: np.ndarray  # (T, B)
    active: np.ndarray  # (T,)


def _schedule(bsz: int, steps: int, lengths: np.ndarray | None) -> _Schedule:
    """The :class:`_Schedule` of a padded batch (B, T).

    Without ``lengths`` every row runs every step and the backward direction starts
    at the last padded step, as ``torch.nn.LSTM`` does on a padded batch. With
    ``lengths`` each sequence is reversed within its own length, so padding never
    reaches real tokens, and the loop runs the rows longest first, each only for
    its own steps: the rows past their end are not computed (a third of the link
    model's on PolNeAR dev). At least two rows run (when the batch has two), as a
    single row's matrix product takes BLAS's matrix-vector path, whose sums differ
    in the last bit; with two or more, each row's values are those of the full
    batch (tests/extract/test_nplstm.py checks it against the BLAS in use).
    """
    t = np.arange(steps)[:, None]
    if lengths is None:
        rows, lens = np.arange(bsz), np.full(bsz, steps)
    else:
        rows = np.argsort(-np.asarray(lengths), kind="stable")
        lens = np.asarray(lengths)[rows]
    bwd = np.where(t < lens, lens - 1 - t, t)
    active = np.maximum((t < lens).sum(1), min(2, bsz))
    return _Schedule(rows[None, :], t, bwd, active)


def _loop_order(xf: np.ndarray, xb: np.ndarray, s: _Schedule) -> np.ndarray:
    """Input projections (B, T, 4H) of both directions, in token order, as the loop
    reads them (T, 2, B, 4H)."""
    bsz, steps, four_h = xf.shape
    xg = np.empty((steps, 2, bsz, four_h), dtype="float32")
    xg[:, 0] = xf[s.rows, s.fwd]
    xg[:, 1] = xb[s.rows, s.bwd]
    return xg


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)
