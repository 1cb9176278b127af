"""Stance of a sentence toward a target mention: against / neutral / for.

Target-dependent three-class sentiment (NewsMTSC's task): all-MiniLM-L6-v2
fine-tuned on NewsMTSC train (``python -m saidwhat.train.stance``; recipe and
measured figures in ``models/stance_model.json``, docs/stance.md).

The input is the sentence pair ``(sentence, mention)``; the classifier reads
the [CLS] state and the mean state of the sentence's word pieces that overlap
the mention's characters, concatenated (768 values), through one linear layer.
Inference is NumPy only (:mod:`saidwhat.semantic.encoder` with the fine-tuned layers
as overrides); :func:`inputs` is shared with training so both see the same
word pieces.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Errors, InputError, ModelError
from ..extract.nplstm import softmax
from ..records import ArticleResult, TargetStance
from . import encoder
from .targets import article_index, first_hits

#: Labels in the classifier's output order (NewsMTSC polarity 2.0, 4.0, 6.0).
LABELS = ("against", "neutral", "for")
#: NewsMTSC polarity value of each label.
POLARITY = {"against": 2.0, "neutral": 4.0, "for": 6.0}
#: Longest input in word pieces ([CLS], sentence, [SEP], mention, [SEP]).
MAX_TOKENS = 128
#: Characters kept on each side of the mention when a sentence is longer than this.
WINDOW_CHARS = 240

MODEL_DIR = Path(__file__).parent.parent / "models"
ENCODER_FILE = MODEL_DIR / "stance_encoder.npz"
HEAD_FILE = MODEL_DIR / "stance_head.npz"
META_FILE = MODEL_DIR / "stance_model.json"


@dataclass(frozen=True)
class Tier:
    """One stance model: its base encoder and the files trained over it."""

    name: str
    #: :data:`saidwhat.semantic.encoder.ARCHS` key of the base encoder.
    arch: str
    encoder_file: Path
    head_file: Path
    meta_file: Path


#: ``fast``: all-MiniLM-L6-v2 fine-tuned (:mod:`saidwhat.train.stance`); ``accurate``:
#: all-mpnet-base-v2 with LoRA adapters (:mod:`saidwhat.train.stance_accurate`).
TIERS = {
    "fast": Tier("fast", "minilm", ENCODER_FILE, HEAD_FILE, META_FILE),
    "accurate": Tier(
        "accurate",
        "mpnet",
        MODEL_DIR / "stance_accurate_encoder.npz",
        MODEL_DIR / "stance_accurate_head.npz",
        MODEL_DIR / "stance_accurate_model.json",
    ),
}


@dataclass(frozen=True)
class Stance:
    """The stance toward one target: label and the three class probabilities."""

    label: str
    probs: tuple[float, float, float]

    @property
    def prob(self) -> float:
        """Probability of the chosen label."""
        return self.probs[LABELS.index(self.label)]


def crop(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """A window of the sentence around ``[start, end)`` when it is long; offsets moved."""
    if not 0 <= start < end <= len(sentence):
        raise InputError(Errors.E080.format(start=start, end=end, n=len(sentence)))
    if len(sentence) <= 2 * WINDOW_CHARS + (end - start):
        return sentence, start, end
    lo = max(0, start - WINDOW_CHARS)
    hi = min(len(sentence), end + WINDOW_CHARS)
    return sentence[lo:hi], start - lo, end - lo


def target_mask(enc: Any, start: int, end: int, n: int) -> np.ndarray:
    """1.0 on the first sequence's word pieces overlapping characters ``[start, end)``."""
    m = np.zeros(n, dtype=np.float32)
    for j, (seq, (s, e)) in enumerate(zip(enc.sequence_ids, enc.offsets, strict=True)):
        if seq == 0 and e > s and s < end and e > start:
            m[j] = 1.0
    return m


def inputs(
    enc_model: encoder.Encoder, items: Sequence[tuple[str, int, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Ids, attention mask, segment ids and target mask for (sentence, start, end) items."""
    cropped = [crop(s, a, b) for s, a, b in items]
    texts = [c[0] for c in cropped]
    mentions = [c[0][c[1] : c[2]] for c in cropped]
    encs = enc_model.tokenizer.encode_batch(list(zip(texts, mentions, strict=True)))
    encs = [_truncate(e) for e in encs]
    n = max((len(e.ids) for e in encs), default=0)
    ids = np.zeros((len(encs), n), dtype=np.int64)
    mask = np.zeros((len(encs), n), dtype=np.float32)
    types = np.zeros((len(encs), n), dtype=np.int64)
    tmask = np.zeros((len(encs), n), dtype=np.float32)
    for i, (e, (_, a, b)) in enumerate(zip(encs, cropped, strict=True)):
        k = len(e.ids)
        ids[i, :k] = e.ids
        mask[i, :k] = 1.0
        types[i, :k] = e.type_ids
        tmask[i] = target_mask(e, a, b, n)
        if not tmask[i].any():  # mention cut off: fall back on the whole sentence
            tmask[i, :k] = (np.asarray(e.sequence_ids[:k]) == 0).astype(np.float32)
    return ids, mask, types, tmask


class _Cut:
    """An encoding cut to :data:`MAX_TOKENS` (the sentence shortened, the mention kept)."""

    def __init__(self, e: Any) -> None:
        seq = list(e.sequence_ids)
        first = [j for j, s in enumerate(seq) if s == 0]
        rest = [j for j, s in enumerate(seq) if s != 0]  # [SEP], mention, [SEP] and [CLS]
        keep_first = max(0, MAX_TOKENS - len(rest))
        kept = sorted(rest + first[:keep_first])
        self.ids = [e.ids[j] for j in kept]
        self.type_ids = [e.type_ids[j] for j in kept]
        self.sequence_ids = [seq[j] for j in kept]
        self.offsets = [e.offsets[j] for j in kept]


def _truncate(e: Any) -> Any:
    return e if len(e.ids) <= MAX_TOKENS else _Cut(e)


def pool(hidden: np.ndarray, tmask: np.ndarray) -> np.ndarray:
    """[CLS] state and mean state of the target's word pieces, concatenated (B, 768)."""
    t = (hidden * tmask[..., None]).sum(1) / np.maximum(tmask.sum(1, keepdims=True), 1.0)
    return np.concatenate([hidden[:, 0], t], axis=1)


def tier_of(name: str) -> Tier:
    """The :class:`Tier` called ``name`` (raises E084 on an unknown name)."""
    try:
        return TIERS[name]
    except KeyError:
        raise InputError(Errors.E084.format(tier=name, options=", ".join(TIERS))) from None


def load(*, tier: str = "fast") -> None:
    """Load the model now (it loads once per process on first use otherwise)."""
    _model(tier)


@functools.lru_cache(maxsize=2)
def _model(tier: str) -> tuple[encoder.Encoder, np.ndarray, np.ndarray]:
    t = tier_of(tier)
    if not (t.encoder_file.exists() and t.head_file.exists()):
        raise ModelError(Errors.E081.format(path=t.encoder_file.parent))
    enc = encoder.load(overrides=t.encoder_file, arch=t.arch)
    head = np.load(t.head_file)
    return enc, head["weight"].astype(np.float32), head["bias"].astype(np.float32)


def meta(*, tier: str = "fast") -> dict[str, Any]:
    """The shipped model's recipe and measured figures (``stance_model.json`` and kin)."""
    data: dict[str, Any] = json.loads(tier_of(tier).meta_file.read_text(encoding="utf-8"))
    return data


def probabilities(
    items: Sequence[tuple[str, int, int]], *, batch_size: int = 32, tier: str = "fast"
) -> np.ndarray:
    """Class probabilities (len(items), 3) for (sentence, start, end) items, in LABELS order."""
    out = np.zeros((len(items), len(LABELS)), dtype=np.float32)
    if not items:
        return out
    enc, w, b = _model(tier)
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    for s in range(0, len(order), batch_size):
        idx = order[s : s + batch_size]
        ids, mask, types, tmask = inputs(enc, [items[i] for i in idx])
        h = enc.forward(ids, mask, types)
        out[idx] = softmax(pool(h, tmask) @ w.T + b)
    return out


def classify(
    sentence: str, spans: Sequence[tuple[int, int]], *, tier: str = "fast"
) -> list[Stance]:
    """The stance of ``sentence`` toward each character span ``(start, end)`` in it."""
    probs = probabilities([(sentence, a, b) for a, b in spans], tier=tier)
    return [to_stance(p) for p in probs]


def classify_many(items: Sequence[tuple[str, int, int]], *, tier: str = "fast") -> list[Stance]:
    """:func:`classify` over (sentence, start, end) items from many sentences, batched."""
    return [to_stance(p) for p in probabilities(items, tier=tier)]


def to_stance(p: np.ndarray) -> Stance:
    """A :class:`Stance` from one row of probabilities."""
    probs = (float(p[0]), float(p[1]), float(p[2]))
    return Stance(LABELS[int(np.argmax(p))], probs)


def annotate(results: Sequence[ArticleResult], *, tier: str = "fast") -> list[ArticleResult]:
    """The results with each statement's stance toward every entity its contents mention
    (:func:`saidwhat.semantic.targets.first_hits`), classified in one batch for all articles by
    the ``tier``'s model."""
    jobs: list[tuple[int, int, str, int, int]] = []  # (article, quote, entity, start, end)
    items: list[tuple[str, int, int]] = []
    for n, res in enumerate(results):
        d = res.to_dict()
        index = article_index(d)
        for k, q in enumerate(d["quotes"]):
            for s, e, eid in first_hits(index, q):
                c = next(c for c in q["contents"] if c["start"] <= s and e <= c["end"])
                items.append((c["text"], s - c["start"], e - c["start"]))
                jobs.append((n, k, eid, s, e))
    probs = probabilities(items, tier=tier)
    found: dict[tuple[int, int], list[TargetStance]] = {}
    for (n, k, eid, s, e), p in zip(jobs, probs, strict=True):
        st = to_stance(p)
        found.setdefault((n, k), []).append(TargetStance(eid, s, e, st.label, round(st.prob, 4)))
    return [
        replace(
            res,
            quotes=tuple(
                replace(q, stance=tuple(found.get((n, k), ()))) for k, q in enumerate(res.quotes)
            ),
        )
        for n, res in enumerate(results)
    ]
