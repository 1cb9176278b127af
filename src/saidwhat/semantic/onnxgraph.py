"""The transformer layers of :class:`saidwhat.semantic.encoder.Encoder` as an onnxruntime graph.

The graph is written here with the ``onnx`` helper API (no PyTorch, nothing
exported): the same arithmetic as the encoder's NumPy loop (linear maps as
``Gemm`` with ``transB``, so the published (out, in) matrices are used as they
are; attention with the bias the caller computes; ``LayerNormalization``; GELU
in its tanh form; low-rank adapters unmerged, ``(x A^T) B^T``). It holds no
weights (about 40 KB, built in milliseconds when a session is first needed, so
nothing is cached on disk): the weights are graph *inputs* fed from the
encoder's NumPy arrays at every run, which onnxruntime reads in place, so the
process holds one copy of them whichever runtime runs.

The embeddings (a table look-up) and the attention bias (padding mask plus
MPNet's relative position bias) stay in NumPy; the graph takes the embeddings'
output ``x`` (batch, tokens, dim) and ``bias`` (batch, heads or 1, tokens or 1,
tokens) and returns the hidden states after the layers asked for.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np

#: Opset of the graph (``Gelu`` with ``approximate="tanh"`` needs 20).
OPSET = 20
#: ONNX IR version written (onnxruntime reads it and later ones).
IR_VERSION = 10


def available() -> bool:
    """Whether ``onnx`` and ``onnxruntime`` are installed (``requirements/onnx.txt``)."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def output_name(layer: int) -> str:
    """The graph output holding the hidden states after ``layer`` (1-based)."""
    return f"hidden{layer}"


def layer_graph(
    *,
    dim: int,
    heads: int,
    eps: float,
    names: Mapping[str, str],
    shapes: Mapping[str, tuple[int, ...]],
    adapters: Collection[str],
    keep: Sequence[int],
) -> bytes:
    """The serialised ONNX model of layers ``0 .. max(keep) - 1``: inputs ``x``, ``bias``
    and every weight it reads (``shapes``: name -> shape; ``adapters``: the linear maps
    with ``.lora_a`` / ``.lora_b`` inputs), outputs :func:`output_name` of each kept layer.
    ``names`` maps ``q k v o ln1`` to the attention's parameter names in a layer."""
    from onnx import TensorProto
    from onnx import helper as h

    nodes: list[Any] = []
    inputs: dict[str, Any] = {}
    consts = [
        h.make_tensor("flat", TensorProto.INT64, [2], [-1, dim]),
        h.make_tensor("zero", TensorProto.INT64, [1], [0]),
        h.make_tensor("two", TensorProto.INT64, [1], [2]),
        h.make_tensor("heads", TensorProto.INT64, [2], [heads, dim // heads]),
        h.make_tensor("scale", TensorProto.FLOAT, [], [1.0 / math.sqrt(dim // heads)]),
    ]

    def node(op: str, args: Sequence[str], out: str, **attrs: Any) -> str:
        nodes.append(h.make_node(op, list(args), [out], **attrs))
        return out

    def weight(name: str) -> str:
        if name not in inputs:
            inputs[name] = h.make_tensor_value_info(name, TensorProto.FLOAT, list(shapes[name]))
        return name

    def linear(x: str, layer: str, out: str) -> str:
        y = node("Gemm", [x, weight(layer + ".weight"), weight(layer + ".bias")], out, transB=1)
        if layer not in adapters:
            return y
        low = node("Gemm", [x, weight(layer + ".lora_a")], out + "_a", transB=1)
        up = node("Gemm", [low, weight(layer + ".lora_b")], out + "_ab", transB=1)
        return node("Add", [y, up], out + "_lora")

    def norm(x: str, layer: str, out: str) -> str:
        args = [x, weight(layer + ".weight"), weight(layer + ".bias")]
        return node("LayerNormalization", args, out, axis=-1, epsilon=eps)

    shape = node("Shape", ["x"], "x_shape")
    split = node("Concat", [node("Slice", [shape, "zero", "two"], "bn"), "heads"], "bnhd", axis=0)
    x = node("Reshape", ["x", "flat"], "x_flat")
    for i in range(max(keep, default=0)):
        p, t = f"encoder.layer.{i}.", f"l{i}_"
        qkv = []
        for c, perm in (("q", (0, 2, 1, 3)), ("k", (0, 2, 3, 1)), ("v", (0, 2, 1, 3))):
            y = node("Reshape", [linear(x, p + names[c], t + c), split], t + c + "_heads")
            qkv.append(node("Transpose", [y], t + c + "_t", perm=perm))
        scores = node("Mul", [node("MatMul", qkv[:2], t + "qk"), "scale"], t + "scaled")
        att = node("Softmax", [node("Add", [scores, "bias"], t + "biased")], t + "att", axis=-1)
        ctx = node(
            "Transpose", [node("MatMul", [att, qkv[2]], t + "ctx")], t + "ctx_t", perm=(0, 2, 1, 3)
        )
        ctx = node("Reshape", [ctx, "flat"], t + "ctx_flat")
        o = linear(ctx, p + names["o"], t + "o")
        x = norm(node("Add", [o, x], t + "res1"), p + names["ln1"], t + "x1")
        g = node(
            "Gelu",
            [linear(x, p + "intermediate.dense", t + "inter")],
            t + "gelu",
            approximate="tanh",
        )
        o = linear(g, p + "output.dense", t + "out")
        x = norm(node("Add", [o, x], t + "res2"), p + "output.LayerNorm", t + "x2")
        if i + 1 in keep:
            node("Reshape", [x, shape], output_name(i + 1))
    graph = h.make_graph(
        nodes,
        "saidwhat_encoder_layers",
        [
            h.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", dim]),
            h.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", "h", "q", "tokens"]),
            *inputs.values(),
        ],
        [
            h.make_tensor_value_info(output_name(i), TensorProto.FLOAT, ["batch", "tokens", dim])
            for i in sorted(set(keep))
            if i > 0
        ],
        initializer=consts,
    )
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", OPSET)], ir_version=IR_VERSION)
    return bytes(model.SerializeToString())


class Layers:
    """An onnxruntime session of :func:`layer_graph` over an encoder's weights (read in
    place at each run, never copied); ``run`` returns the kept layers' states."""

    def __init__(self, model: bytes, feed: Mapping[str, np.ndarray], keep: Sequence[int]) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        # no busy-waiting threads between operators (the machine is shared; CPU time counts)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
        wanted = {i.name for i in self.session.get_inputs()} - {"x", "bias"}
        self.feed = {k: v for k, v in feed.items() if k in wanted}
        self.keep = sorted({i for i in keep if i > 0})

    def run(self, x: np.ndarray, bias: np.ndarray) -> dict[int, np.ndarray]:
        """Hidden states (index -> (batch, tokens, dim)) of the kept layers."""
        outs = self.session.run(
            [output_name(i) for i in self.keep],
            {"x": np.ascontiguousarray(x, np.float32), "bias": bias, **self.feed},
        )
        return dict(zip(self.keep, outs, strict=True))
