"""Contextual token features of the accurate tier: frozen all-mpnet-base-v2 states per spaCy token.

The accurate tier's cue and link models (:mod:`saidwhat.extract.neural`, files
``cue_model_accurate.*`` / ``link_model_accurate.*``) read, beside everything the
fast tier's models read, each token's MPNet states: the document's word pieces
are run through the published encoder (:func:`saidwhat.semantic.encoder.load`, NumPy) in
windows of at most ``WINDOW`` pieces that start at a sentence where they can and
overlap by ``CONTEXT`` pieces (each piece's state is taken from the window in
which it has the most context, :func:`piece_windows`); the states of the layers
of each group of ``LAYER_GROUPS`` are averaged, and a token's features are the
mean over its pieces (:func:`pool`), the groups side by side. A token without a
piece (white space) gets zeros. The models learn a linear bottleneck over them.

Training (:mod:`saidwhat.train.spans_accurate`) computes the same features with
PyTorch once and caches them; ``tests/extract/test_context.py`` checks that the
two agree.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

__all__ = [
    "CONTEXT",
    "FEATURE_DIM",
    "LAYER_GROUPS",
    "WINDOW",
    "ContextFeatures",
    "Pieces",
    "piece_windows",
]

#: Longest window in word pieces, ``<s>`` and ``</s>`` included.
WINDOW = 384
#: Pieces of context a window keeps on each side of the pieces it gives states to.
CONTEXT = 64
#: Hidden-state indices averaged into one feature group each (0: embeddings, 12: last layer).
LAYER_GROUPS: tuple[tuple[int, ...], ...] = ((5, 6, 7, 8), (9, 10, 11, 12))
FEATURE_DIM = 768 * len(LAYER_GROUPS)


def piece_windows(
    n: int,
    sent_starts: Sequence[int] | np.ndarray,
    *,
    size: int = WINDOW - 2,
    context: int = CONTEXT,
) -> list[tuple[int, int, int, int]]:
    """Windows ``(lo, hi, own_lo, own_hi)`` over ``n`` pieces: each runs ``lo:hi`` (at most
    ``size`` pieces) and gives states to ``own_lo:own_hi``; the owned ranges cover
    ``0:n`` in order. A window starts at the first sentence start at most ``context``
    pieces before what it owns (else exactly ``context`` before) and owns up to the
    last sentence start ``context`` pieces before its end (else to that point)."""
    if size <= 2 * context:
        raise ValueError(f"a window of {size} pieces cannot keep {context} on each side")
    starts = sorted({0, *(int(s) for s in sent_starts if 0 <= s < n)})
    out: list[tuple[int, int, int, int]] = []
    own = 0
    while own < n:
        lo = max(0, own - context)
        k = bisect.bisect_left(starts, lo)
        if k < len(starts) and starts[k] <= own:
            lo = starts[k]
        hi = min(n, lo + size)
        if hi == n:
            end = n
        else:
            limit = hi - context
            k = bisect.bisect_right(starts, limit) - 1
            end = starts[k] if starts[k] > own else limit
        out.append((lo, hi, own, end))
        own = end
    return out


def piece_tokens(token_starts: np.ndarray, piece_starts: np.ndarray) -> np.ndarray:
    """The token each piece belongs to: the last token starting at or before the piece."""
    return np.maximum(np.searchsorted(token_starts, piece_starts, side="right") - 1, 0)


def pool(states: np.ndarray, owner: np.ndarray, n_tokens: int) -> np.ndarray:
    """Mean of the pieces' ``states`` (pieces, d) per token (``owner``: each piece's
    token); tokens without pieces get zeros. Returns (n_tokens, d) float32."""
    out = np.zeros((n_tokens, states.shape[1]), dtype=np.float32)
    np.add.at(out, owner, states.astype(np.float32))
    count = np.bincount(owner, minlength=n_tokens).astype(np.float32)
    out /= np.maximum(count, 1.0)[:, None]
    return out


def group_means(hidden: Mapping[int, np.ndarray]) -> np.ndarray:
    """The ``LAYER_GROUPS`` means of hidden states (index -> (..., 768)), side by side."""
    return np.concatenate(
        [np.mean([hidden[i] for i in group], axis=0) for group in LAYER_GROUPS], axis=-1
    )


#: The hidden-state indices the features read.
LAYERS = tuple(sorted({i for g in LAYER_GROUPS for i in g}))


class Pieces:
    """MPNet's word pieces of a document (the tokenizer of ``tokenizer_file``, without
    truncation or special tokens) and the windows' input ids."""

    def __init__(self, tokenizer_file: str | Path) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        bos, eos = self.tokenizer.token_to_id("<s>"), self.tokenizer.token_to_id("</s>")
        if bos is None or eos is None:
            raise ValueError(f"{tokenizer_file} has no <s> / </s> pieces: not MPNet's tokenizer")
        self.bos, self.eos = int(bos), int(eos)

    def __call__(self, doc: Doc, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Word-piece ids of ``text`` (the document's text), each piece's token, and the
        pieces that start a sentence."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids = np.asarray(enc.ids, dtype=np.int64)
        if len(ids) == 0:
            return ids, ids, ids
        piece_starts = np.array([s for s, _ in enc.offsets], dtype=np.int64)
        token_starts = np.array([t.idx for t in doc], dtype=np.int64)
        sent_chars = np.array([s.start_char for s in doc.sents], dtype=np.int64)
        return (
            ids,
            piece_tokens(token_starts, piece_starts),
            np.searchsorted(piece_starts, sent_chars, side="left"),
        )

    def window(self, ids: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """One window's input ids: ``<s>``, the pieces ``lo:hi``, ``</s>``."""
        return np.concatenate([[self.bos], ids[lo:hi], [self.eos]]).astype(np.int64)


class ContextFeatures:
    """The MPNet token features of a document: ``encoder`` is the NumPy all-mpnet-base-v2
    (:func:`saidwhat.semantic.encoder.load`, which the caller loads: this layer does not
    import it), ``pieces`` its word pieces."""

    def __init__(self, encoder: Any, pieces: Pieces) -> None:
        self.encoder = encoder
        self.pieces = pieces

    def __call__(self, doc: Doc, text: str | None = None) -> np.ndarray:
        """(len(doc), FEATURE_DIM) float32; each window is run on its own (no padding)."""
        ids, owner, sent_starts = self.pieces(doc, doc.text if text is None else text)
        if len(ids) == 0:
            return np.zeros((len(doc), FEATURE_DIM), dtype=np.float32)
        parts = []
        for lo, hi, a, b in piece_windows(len(ids), sent_starts):
            x = self.pieces.window(ids, lo, hi)[None]
            hidden = self.encoder.hidden_states(x, np.ones(x.shape, np.float32), keep=LAYERS)
            parts.append(group_means(hidden)[0, 1 + a - lo : 1 + b - lo])
        return pool(np.concatenate(parts), owner, len(doc))
