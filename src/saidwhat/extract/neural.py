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

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from .nplstm import NumpyTaggerNet, softmax
from .quotemarks import QuotedSpan
from .tagger import CUE_MODEL, LINK_MODEL

__all__ = ["CUE_MODEL", "LINK_MODEL", "DocInputs", "NeuralTagger", "batch_arrays", "doc_inputs"]

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


def batch_arrays(items: Sequence[DocInputs], cues: Sequence[tuple[int, int]] | None = None):  # type: ignore[no-untyped-def]
    """Pad inputs into batch arrays: vec, word, sym, flags, cue, soff, mask."""
    n = max(len(x.word) for x in items)
    b = len(items)
    vec = np.zeros((b, n, items[0].vec.shape[1]), dtype="float32")
    word = np.zeros((b, n), dtype="int64")
    sym = np.zeros((b, n, 3), dtype="int64")
    flags = np.zeros((b, n, N_FLAGS), dtype="float32")
    cue = np.zeros((b, n), dtype="int64")
    soff = np.full((b, n), 3, dtype="int64")
    mask = np.zeros((b, n), dtype=bool)
    for k, x in enumerate(items):
        m = len(x.word)
        vec[k, :m] = x.vec
        word[k, :m] = x.word
        sym[k, :m] = x.sym
        flags[k, :m] = x.flags
        mask[k, :m] = True
        if cues is not None:
            cs, ce = cues[k]
            cue[k, cs:ce] = 1
            cue[k, ce:m] = 2
            soff[k, :m] = np.clip(x.sent - int(x.sent[cs]), -3, 3) + 3
    return vec, word, sym, flags, cue, soff, mask


def _join_fragments(spans: list[tuple[int, int]], doc: Doc) -> list[tuple[int, int]]:
    """Join content pieces separated only by punctuation (one statement cut in two)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and all(doc[i].is_punct or doc[i].is_space for i in range(out[-1][1], s)):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def link_window(x: DocInputs, cs: int, ce: int, before: int = 1, after: int = 2) -> tuple[int, int]:
    """Token window of the link model: ``before`` sentences before the cue to ``after`` after."""
    ks, ke = int(x.sent[cs]), int(x.sent[ce - 1])
    lo = np.searchsorted(x.sent, ks - before, side="left")
    hi = np.searchsorted(x.sent, ke + after, side="right")
    return int(lo), int(hi)


class NeuralTagger:
    """Cue model over a document, then the link model once per cue found.

    Each document is run on its own (its cues' windows batched together): a
    document's result is then bit-identical however callers batch documents,
    which batching several documents in one matrix product would not give.
    """

    def __init__(self, model_dir: Path, cue_probs: Mapping[str, float]) -> None:
        self.cue_probs = dict(cue_probs)
        self.cue_net = NumpyTaggerNet(model_dir / CUE_MODEL)
        self.link_net = NumpyTaggerNet(model_dir / LINK_MODEL)

    def spans(
        self, doc: Doc, quoted: Sequence[QuotedSpan]
    ) -> list[tuple[tuple[int, int], list[tuple[int, int]], list[tuple[int, int]], float]]:
        """``(cue, sources, contents, confidence)`` in token offsets, one per cue found."""
        from .tagger import bio_spans

        if len(doc) == 0:
            return []
        x = doc_inputs(doc, quoted, self.cue_probs)
        vec, word, sym, flags, _, _, _ = batch_arrays([x])
        probs = softmax(self.cue_net(vec, word, sym, flags, lengths=np.array([len(x.word)])))[0]
        tags = [TAGS[j] for j in probs.argmax(-1)]
        cues = [(s, e) for lab, s, e in bio_spans(tags) if lab == "CUE"]
        # the cues' windows, in batches of similar length
        jobs = sorted((b - a, cs, ce, a, b) for cs, ce in cues for a, b in [link_window(x, cs, ce)])
        out = []
        for k in range(0, len(jobs), 64):
            chunk = jobs[k : k + 64]
            windows = [x.window(a, b) for _, _, _, a, b in chunk]
            rel = [(cs - a, ce - a) for _, cs, ce, a, _ in chunk]
            vec, word, sym, flags, cue, soff, _ = batch_arrays(windows, rel)
            lengths = np.array([len(w.word) for w in windows])
            lp = softmax(self.link_net(vec, word, sym, flags, cue, soff, lengths=lengths))
            for (_, cs, ce, a, b), p in zip(chunk, lp):
                p = p[: b - a]
                sp = bio_spans([TAGS[j] for j in p.argmax(-1)])
                contents = _join_fragments(
                    [(s + a, e + a) for lab, s, e in sp if lab == "CNT"], doc
                )
                sources = [(s + a, e + a) for lab, s, e in sp if lab == "SRC"]
                if not contents:
                    continue
                cue_conf = float(probs[cs:ce, 1:3].sum(-1).mean())
                cnt_tok = [i - a for s, e in contents for i in range(s, e)]
                cnt_conf = float(p[cnt_tok, 5:7].sum(-1).mean())
                out.append(((cs, ce), sources, contents, cue_conf * cnt_conf))
        out.sort()
        return out
