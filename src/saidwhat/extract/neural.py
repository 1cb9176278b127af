"""The neural attribution tagger: a BiLSTM over spaCy's token vectors.

Two models of the same shape (:class:`TaggerNet`):

* the **cue model** reads a whole document and tags every token B/I/O of
  CUE, SRC and CNT (only its cues are used);
* the **link model** reads a window of sentences around one cue, with the cue
  marked in its input, and tags that cue's own source and content (the
  "predicate-conditioned" tagging of semantic-role labellers).

Inputs per token: the 96-dimensional contextual vector that
``en_core_web_sm``'s tok2vec leaves in ``doc.tensor``, hashed embeddings of the
lower-cased word, its dependency label, part of speech and entity type, and
flags (inside quotation marks, sentence and paragraph start, cue-lexicon
probability). Trained by :mod:`saidwhat.train` on PolNeAR train.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from spacy.tokens import Doc
from torch import nn

from .quotemarks import QuotedSpan
from .tagger import CUE_MODEL, LINK_MODEL

__all__ = ["CUE_MODEL", "LINK_MODEL", "DocInputs", "NeuralTagger", "TaggerNet"]

TAGS = ("O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CNT", "I-CNT")
TAG_ID = {t: i for i, t in enumerate(TAGS)}
WORD_BUCKETS = 20000
SYM_BUCKETS = 128
N_FLAGS = 6


def _h(s: str, n: int) -> int:
    return zlib.crc32(s.encode("utf-8")) % n


@dataclass(slots=True)
class DocInputs:
    """Numeric inputs of one document (token-aligned arrays)."""

    vec: np.ndarray  # (n, 96) float32
    word: np.ndarray  # (n,) int64
    sym: np.ndarray  # (n, 3) int64: dep, pos, ent
    flags: np.ndarray  # (n, N_FLAGS) float32
    sent: np.ndarray  # (n,) sentence index

    def window(self, a: int, b: int) -> DocInputs:
        return DocInputs(
            self.vec[a:b], self.word[a:b], self.sym[a:b], self.flags[a:b], self.sent[a:b]
        )


_SYM_CACHE: dict[str, int] = {}
_WORD_CACHE: dict[str, int] = {}


def doc_inputs(doc: Doc, quoted: Sequence[QuotedSpan], cue_probs: Mapping[str, float]) -> DocInputs:
    n = len(doc)
    vec = doc.tensor if doc.tensor is not None and doc.tensor.shape[0] == n else None
    if vec is None or vec.ndim != 2:
        vec = np.zeros((n, 96), dtype="float32")
    word = np.empty(n, dtype="int64")
    sym = np.empty((n, 3), dtype="int64")
    flags = np.zeros((n, N_FLAGS), dtype="float32")
    sent = np.zeros(n, dtype="int64")
    qs = sorted((q.start, q.end) for q in quoted)
    k = 0
    sid = -1
    prev_nl = True
    for t in doc:
        i = t.i
        low = t.lower_
        w = _WORD_CACHE.get(low)
        if w is None:
            w = _h(low, WORD_BUCKETS)
            if len(_WORD_CACHE) < 500_000:
                _WORD_CACHE[low] = w
        word[i] = w
        for j, s in enumerate(("d=" + t.dep_, "p=" + t.pos_, "e=" + t.ent_type_)):
            v = _SYM_CACHE.get(s)
            if v is None:
                v = _SYM_CACHE[s] = _h(s, SYM_BUCKETS)
            sym[i, j] = v
        while k < len(qs) and qs[k][1] <= t.idx:
            k += 1
        if k < len(qs) and qs[k][0] <= t.idx < qs[k][1]:
            flags[i, 0] = 1.0
        if t.is_sent_start:
            sid += 1
            flags[i, 1] = 1.0
        sent[i] = max(sid, 0)
        if prev_nl:
            flags[i, 2] = 1.0
        prev_nl = "\n" in t.text or "\n" in t.whitespace_
        flags[i, 3] = cue_probs.get(t.lemma_.lower(), 0.0)
        flags[i, 4] = 1.0 if t.is_title else 0.0
        flags[i, 5] = 1.0 if t.is_punct else 0.0
    return DocInputs(np.asarray(vec, dtype="float32"), word, sym, flags, sent)


class TaggerNet(nn.Module):
    def __init__(
        self,
        *,
        vec_dim: int = 96,
        hidden: int = 128,
        layers: int = 2,
        conditioned: bool = False,
        dropout: float = 0.3,
    ) -> None:
        super().__init__()
        self.conditioned = conditioned
        self.word = nn.Embedding(WORD_BUCKETS, 48)
        self.sym = nn.Embedding(SYM_BUCKETS, 16)
        extra = 0
        if conditioned:
            self.cue = nn.Embedding(3, 16)  # 0 before the cue, 1 the cue, 2 after
            self.soff = nn.Embedding(7, 8)  # sentence offset from the cue, clamped -3..3
            extra = 24
        in_dim = vec_dim + 48 + 3 * 16 + N_FLAGS + extra
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

    def forward(self, vec, word, sym, flags, cue=None, soff=None):  # type: ignore[no-untyped-def]
        parts = [vec, self.word(word), self.sym(sym).flatten(-2), flags]
        if self.conditioned:
            parts += [self.cue(cue), self.soff(soff)]
        x = self.drop(torch.cat(parts, dim=-1))
        h, _ = self.lstm(x)
        return self.out(self.drop(h))


def batch_tensors(items: Sequence[DocInputs], cues: Sequence[tuple[int, int]] | None = None):  # type: ignore[no-untyped-def]
    """Pad a list of inputs into batch tensors (and cue-conditioning tensors)."""
    n = max(len(x.word) for x in items)
    b = len(items)
    vec = torch.zeros(b, n, items[0].vec.shape[1])
    word = torch.zeros(b, n, dtype=torch.long)
    sym = torch.zeros(b, n, 3, dtype=torch.long)
    flags = torch.zeros(b, n, N_FLAGS)
    cue = torch.zeros(b, n, dtype=torch.long)
    soff = torch.full((b, n), 3, dtype=torch.long)
    mask = torch.zeros(b, n, dtype=torch.bool)
    for k, x in enumerate(items):
        m = len(x.word)
        vec[k, :m] = torch.from_numpy(x.vec)
        word[k, :m] = torch.from_numpy(x.word)
        sym[k, :m] = torch.from_numpy(x.sym)
        flags[k, :m] = torch.from_numpy(x.flags)
        mask[k, :m] = True
        if cues is not None:
            cs, ce = cues[k]
            cue[k, :m] = 0
            cue[k, cs:ce] = 1
            cue[k, ce:m] = 2
            ks = int(x.sent[cs])
            soff[k, :m] = torch.from_numpy(np.clip(x.sent - ks, -3, 3) + 3)
    return vec, word, sym, flags, cue, soff, mask


def save_net(net: TaggerNet, path: Path, meta: dict) -> None:
    state = {k: v.half() if v.dtype == torch.float32 else v for k, v in net.state_dict().items()}
    torch.save(state, path)
    path.with_suffix(".json").write_text(json.dumps(meta, indent=1), "utf-8")


def load_net(path: Path) -> TaggerNet:
    meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
    net = TaggerNet(**meta["init"])
    state = torch.load(path, map_location="cpu", weights_only=True)
    net.load_state_dict({k: v.float() if v.dtype == torch.float16 else v for k, v in state.items()})
    net.eval()
    return net


def link_window(x: DocInputs, cs: int, ce: int, before: int = 1, after: int = 2) -> tuple[int, int]:
    """Token window of the link model: ``before`` sentences before the cue to ``after`` after."""
    ks, ke = int(x.sent[cs]), int(x.sent[ce - 1])
    lo = np.searchsorted(x.sent, ks - before, side="left")
    hi = np.searchsorted(x.sent, ke + after, side="right")
    return int(lo), int(hi)


class NeuralTagger:
    """Cue model, then the link model once per cue (all cues of a document in one batch)."""

    def __init__(self, model_dir: Path, cue_probs: Mapping[str, float], threads: int = 1) -> None:
        torch.set_num_threads(threads)
        self.cue_probs = dict(cue_probs)
        self.cue_net = load_net(model_dir / CUE_MODEL)
        self.link_net = load_net(model_dir / LINK_MODEL)

    @torch.no_grad()
    def spans(
        self, doc: Doc, quoted: Sequence[QuotedSpan]
    ) -> list[tuple[tuple[int, int], list[tuple[int, int]], list[tuple[int, int]], float]]:
        """``(cue, sources, contents, confidence)`` in token offsets, one per cue found."""
        from .tagger import bio_spans

        if len(doc) == 0:
            return []
        x = doc_inputs(doc, quoted, self.cue_probs)
        vec, word, sym, flags, cue, soff, _ = batch_tensors([x])
        probs = torch.softmax(self.cue_net(vec, word, sym, flags), -1)[0].numpy()
        tags = [TAGS[k] for k in probs.argmax(-1)]
        cues = [(s, e) for lab, s, e in bio_spans(tags) if lab == "CUE"]
        out = []
        for k in range(0, len(cues), 32):
            group = cues[k : k + 32]
            wins = [link_window(x, cs, ce) for cs, ce in group]
            items = [x.window(a, b) for a, b in wins]
            rel = [(cs - a, ce - a) for (cs, ce), (a, _) in zip(group, wins)]
            vec, word, sym, flags, cue, soff, _ = batch_tensors(items, rel)
            lp = torch.softmax(self.link_net(vec, word, sym, flags, cue, soff), -1).numpy()
            for (cs, ce), (a, b), p in zip(group, wins, lp):
                p = p[: b - a]
                ltags = [TAGS[j] for j in p.argmax(-1)]
                sp = bio_spans(ltags)
                contents = [(s + a, e + a) for lab, s, e in sp if lab == "CNT"]
                sources = [(s + a, e + a) for lab, s, e in sp if lab == "SRC"]
                if not contents:
                    continue
                cue_conf = float(probs[cs:ce, 1:3].sum(-1).mean())
                cnt_tok = [i - a for s, e in contents for i in range(s, e)]
                cnt_conf = float(p[cnt_tok, 5:7].sum(-1).mean())
                out.append(((cs, ce), sources, contents, cue_conf * cnt_conf))
        return out
