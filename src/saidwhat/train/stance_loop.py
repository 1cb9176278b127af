"""What the training of both stance tiers shares (:mod:`.stance`, the fast tier's
all-MiniLM-L6-v2, and :mod:`.stance_accurate`, all-mpnet-base-v2 with LoRA): the
command-line options, reading NewsMTSC train and devtest_mt, length-sorted batches,
the class-weighted loss, the optimiser and its schedule, one training step, the
devtest_mt report, the head's file and the recipe fields of the model's JSON.

PyTorch is needed here only (``make train``).
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from ..evaluate.stance import macro_f1_report, read_newsmtsc
from ..semantic import stance

SEED = 13

#: A training target: (sentence, mention start, mention end, label index).
Item = tuple[str, int, int, int]


def add_options(ap: argparse.ArgumentParser, *, lr: float, threads: int) -> None:
    """The options of both tiers (each adds its own): data, output, schedule, seed."""
    ap.add_argument("data", type=Path, help="directory with train.jsonl (and devtest_mt.jsonl)")
    ap.add_argument("--out", type=Path, default=stance.MODEL_DIR)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=lr)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=threads)
    ap.add_argument(
        "--limit", type=int, default=0, help="train on the first N targets (smoke test)"
    )
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument(
        "--no-bf16", dest="bf16", action="store_false", help="train in float32 (about 2x slower)"
    )


def examples(path: Path) -> list[Item]:
    """(sentence, start, end, label index) of every target in a NewsMTSC file."""
    return [
        (rec.sentence, rec.start, rec.end, stance.LABELS.index(rec.label))
        for rec in read_newsmtsc(path)
    ]


def read_sets(data: Path, *, limit: int, rng: random.Random) -> tuple[list[Item], list[Item]]:
    """NewsMTSC train (``limit`` targets of it drawn by ``rng`` when given) and
    devtest_mt (empty when absent beside train): it chooses the epoch, never trained on."""
    train = examples(data / "train.jsonl")
    if limit:
        rng.shuffle(train)
        train = train[:limit]
    dev_path = data / "devtest_mt.jsonl"
    return train, examples(dev_path) if dev_path.exists() else []


def batches(items: Sequence[Item], size: int, rng: random.Random) -> list[list[int]]:
    """Batches of similar length (little padding), in random order."""
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]) + rng.random() * 40)
    out = [order[s : s + size] for s in range(0, len(order), size)]
    rng.shuffle(out)
    return out


def weighted_loss(train: Sequence[Item]) -> tuple[nn.CrossEntropyLoss, np.ndarray]:
    """Cross-entropy with mild class weights (inverse square root of the frequency, mean 1)
    and the weights."""
    counts = np.bincount([y for *_, y in train], minlength=3).astype(np.float64)
    cw = 1.0 / np.sqrt(counts / counts.sum())
    cw = cw / cw.mean()
    return nn.CrossEntropyLoss(weight=torch.tensor(cw, dtype=torch.float32)), cw


def optimiser(
    body: Iterable[nn.Parameter],
    head: Iterable[nn.Parameter],
    *,
    lr: float,
    head_lr: float,
    steps: int,
) -> tuple[torch.optim.AdamW, torch.optim.lr_scheduler.LambdaLR]:
    """AdamW (weight decay 0.01 on the encoder's weights, none on the head's) and its
    schedule: 10% linear warm-up, then linear decay to 0 at ``steps``."""
    opt = torch.optim.AdamW(
        [
            {"params": list(body), "lr": lr, "weight_decay": 0.01},
            {"params": list(head), "lr": head_lr, "weight_decay": 0.0},
        ]
    )
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    return opt, sched


def train_step(
    net: nn.Module,
    opt: torch.optim.Optimizer,
    sched: torch.optim.lr_scheduler.LambdaLR,
    loss_fn: nn.Module,
    inputs: Sequence[torch.Tensor],
    y: torch.Tensor,
    *,
    bf16: bool,
) -> float:
    """One step on one batch (``net(*inputs)`` under bfloat16 autocast unless ``bf16`` is
    false; gradients clipped at norm 1); the batch's loss."""
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        logits = net(*inputs)
    loss = loss_fn(logits.float(), y)
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
    sched.step()
    return float(loss.item())


def dev_report(dev: Sequence[Item], pred: Sequence[int]) -> dict[str, Any]:
    """Macro-F1 and per-class figures of ``pred`` on devtest_mt."""
    return macro_f1_report([stance.LABELS[y] for *_, y in dev], [stance.LABELS[p] for p in pred])


def save_head(head: nn.Linear, path: Path) -> None:
    """The linear head as float16 ``weight`` and ``bias`` (:mod:`saidwhat.semantic.stance`)."""
    np.savez(
        path,
        weight=head.weight.detach().numpy().astype(np.float16),
        bias=head.bias.detach().numpy().astype(np.float16),
    )


def recipe(args: argparse.Namespace, cw: np.ndarray, n_train: int) -> dict[str, Any]:
    """The recipe fields both tiers' model JSON records, in their order."""
    return {
        "lr": args.lr,
        "head_lr": args.head_lr,
        "batch": args.batch,
        "warmup": "10% linear, then linear decay",
        "class_weights": [round(float(c), 4) for c in cw],
        "dropout": 0.1,
        "autocast": "bfloat16" if args.bf16 else "float32",
        "seed": args.seed,
        "threads": args.threads,
        "train_targets": n_train,
    }


def steps_per_epoch(n_train: int, batch: int) -> int:
    return math.ceil(n_train / batch)
