"""The same quote across outlets: normalisation, link classifier, word diff, vector index.

Two direct quotes of one speaker are *copies* when they are

* ``same``: the same words once normalised (case, quotation marks and
  apostrophes, punctuation, whitespace);
* ``near``: a misquote or a part: most words equal in order (word-level
  similarity at least ``near_ratio``), or the shorter quote is a contiguous
  part of the longer one up to a few edits (truncation: at least
  ``part_coverage`` of its words matched, and at least ``min_part_words``);
* ``paraphrase``: otherwise, sentence vectors (all-MiniLM-L6-v2,
  :mod:`saidwhat.semantic.encoder`) with cosine at least ``paraphrase_cosine``.

Everything here is pure and symmetric (``classify(a, b)`` equals
``classify(b, a)``), so the links a store computes do not depend on the order
in which the copies arrive. Thresholds live in ``[copies]`` of
``default_config.toml``; measured figures in docs/copies.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np

Kind = Literal["same", "near", "paraphrase", "none"]
KINDS: tuple[str, ...] = ("same", "near", "paraphrase")

_QUOTE_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class CopyOptions:
    """Thresholds of the link classifier and of the store's index (``[copies]``)."""

    enabled: bool = True
    #: statement kinds that are linked
    kinds: tuple[str, ...] = ("direct",)
    #: compute sentence vectors at ingest (paraphrases; about 10-50 ms a quote on CPU)
    embed: bool = True
    #: quotes of fewer normalised words are linked only when the same
    min_words: int = 4
    near_ratio: float = 0.75
    min_part_words: int = 6
    part_coverage: float = 0.9
    paraphrase_cosine: float = 0.85
    #: word-set overlap (of the smaller set) below which no lexical comparison is made
    prefilter_overlap: float = 0.4
    #: with vectors: cosine below which two quotes are not compared word by word
    lexical_min_cosine: float = 0.25
    #: the global index searches exactly below this many vectors, else shortlists
    exact_below: int = 200_000
    shortlist: int = 256

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None = None) -> CopyOptions:
        """Options from a loaded configuration (``[copies]``); defaults when absent."""
        if config is None:
            from ..config import defaults

            config = defaults()
        section = dict(config.get("copies") or {})
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in section.items() if k in known}
        if "kinds" in values:
            values["kinds"] = tuple(values["kinds"])
        return cls(**values)


def normalize(text: str) -> str:
    """Lower case, quotation marks and apostrophes folded, punctuation and symbols cut,
    whitespace collapsed: ``“Don’t,” he—said…`` -> ``dont he said``."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTE_MAP).casefold()
    t = t.replace("'", "")  # don't = dont; outlets differ on apostrophes
    out = [" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in t]
    return _SPACE.sub(" ", "".join(out)).strip()


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()


@dataclass(frozen=True, slots=True)
class Similarity:
    """Word-level comparison of two quotes."""

    ratio: float  # 2 * matched / (len a + len b)
    coverage: float  # matched / len of the shorter
    shorter: int  # words of the shorter


def _matched(a: Sequence[str], b: Sequence[str]) -> int:
    if tuple(a) > tuple(b):  # canonical order: difflib's result is then symmetric
        a, b = b, a
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks())


def similarity(a: Sequence[str], b: Sequence[str]) -> Similarity:
    """Word-level similarity of two normalised word lists."""
    if not a or not b:
        return Similarity(0.0, 0.0, min(len(a), len(b)))
    m = _matched(a, b)
    short = min(len(a), len(b))
    return Similarity(2.0 * m / (len(a) + len(b)), m / short, short)


def overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the smaller word set found in the other (a cheap pre-filter)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def classify(
    a: Sequence[str],
    b: Sequence[str],
    *,
    cosine: float | None = None,
    options: CopyOptions = CopyOptions(),
) -> tuple[Kind, float]:
    """The link between two quotes given as normalised word lists (:func:`words`) and,
    when both have vectors, their cosine: ``(kind, score)``; ``score`` is 1.0 for
    ``same``, the larger of ratio and part coverage for ``near``, the cosine for
    ``paraphrase``, and the best evidence for ``none``."""
    if not a or not b:
        return "none", 0.0
    if list(a) == list(b):
        return "same", 1.0
    if min(len(a), len(b)) < options.min_words:
        return "none", 0.0
    score = 0.0
    lexical = cosine is None or cosine >= options.lexical_min_cosine
    if lexical and overlap(a, b) >= options.prefilter_overlap:
        s = similarity(a, b)
        if s.ratio >= options.near_ratio:
            return "near", round(s.ratio, 4)
        if s.shorter >= options.min_part_words and s.coverage >= options.part_coverage:
            return "near", round(s.coverage, 4)
        score = s.ratio
    if cosine is not None and cosine >= options.paraphrase_cosine:
        return "paraphrase", round(float(cosine), 4)
    return "none", round(max(score, float(cosine or 0.0)), 4)


@dataclass(frozen=True, slots=True)
class DiffPart:
    """One piece of a word diff: ``op`` is equal, delete (only in a), insert (only in b)
    or replace; ``a`` and ``b`` are the words as written."""

    op: str
    a: str
    b: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "a": self.a, "b": self.b}


def word_diff(a: str, b: str) -> list[DiffPart]:
    """A word diff of two quotes as written, matched on normalised words (so case,
    quotation marks and punctuation alone are no difference)."""
    ta, tb = a.split(), b.split()
    ka = [normalize(w) or w for w in ta]
    kb = [normalize(w) or w for w in tb]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    out: list[DiffPart] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        out.append(DiffPart(op, " ".join(ta[i1:i2]), " ".join(tb[j1:j2])))
    return out


def diff_text(parts: Sequence[DiffPart]) -> str:
    """A word diff as plain text, git's word-diff style: ``[-only in a-] {+only in b+}``."""
    out = []
    for p in parts:
        if p.op == "equal":
            out.append(p.a)
        if p.op in ("delete", "replace"):
            out.append(f"[-{p.a}-]")
        if p.op in ("insert", "replace"):
            out.append(f"{{+{p.b}+}}")
    return " ".join(out)


def cosine(u: np.ndarray | None, v: np.ndarray | None) -> float | None:
    """Cosine of two L2-normalised vectors, ``None`` when either is missing."""
    if u is None or v is None:
        return None
    return float(np.dot(u, v))


def to_blob(vector: np.ndarray) -> bytes:
    """A vector as stored: little-endian float32 bytes."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes | None) -> np.ndarray | None:
    """The inverse of :func:`to_blob` (``None`` stays ``None``)."""
    if blob is None:
        return None
    return np.frombuffer(bytes(blob), dtype="<f4").astype(np.float32)


class VectorIndex:
    """Nearest neighbours by cosine over L2-normalised vectors, in memory.

    Below ``exact_below`` vectors a search is one exact matrix-vector product.
    Above, the sign bits of each vector (384 bits = six 64-bit words, 48 bytes a
    vector) shortlist the ``shortlist`` vectors nearest in Hamming distance
    (angle), which are then ranked by their exact cosine: near-duplicates
    (cosine 0.8 and more, about 80 of 384 bits apart against 192 for unrelated
    vectors) are found with recall measured by ``scripts/bench_copies.py``.
    """

    def __init__(
        self,
        ids: Sequence[Any],
        vectors: np.ndarray,
        *,
        exact_below: int = 200_000,
        shortlist: int = 256,
    ) -> None:
        self.ids = list(ids)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.vectors.ndim != 2 or self.vectors.shape[0] != len(self.ids):
            raise ValueError("one vector per id expected")
        self.shortlist = shortlist
        self.codes: np.ndarray | None = None
        if len(self.ids) >= exact_below:
            self.codes = _sign_codes(self.vectors)

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: np.ndarray, *, k: int = 10, min_cosine: float = -1.0
    ) -> list[tuple[Any, float]]:
        """The ``k`` stored vectors nearest to ``query`` as ``(id, cosine)``, best first."""
        n = len(self.ids)
        if n == 0:
            return []
        q = np.asarray(query, dtype=np.float32)
        if self.codes is None:
            cand = np.arange(n)
        else:
            qc = _sign_codes(q[None, :])[:, 0]
            dist = np.bitwise_count(self.codes[0] ^ qc[0]).astype(np.uint16)  # 384 > 255
            for j in range(1, self.codes.shape[0]):
                dist += np.bitwise_count(self.codes[j] ^ qc[j])
            m = min(self.shortlist, n)
            cand = np.argpartition(dist, m - 1)[:m] if m < n else np.arange(n)
        scores = self.vectors[cand] @ q
        kk = min(k, len(cand))
        top = np.argpartition(-scores, kk - 1)[:kk] if kk < len(cand) else np.arange(len(cand))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[int(cand[i])], float(scores[i])) for i in top if scores[i] >= min_cosine]


def _sign_codes(vectors: np.ndarray) -> np.ndarray:
    """Sign bits packed into 64-bit words, one row per word: shape (words, n)."""
    bits = np.packbits(vectors > 0, axis=1)
    pad = (-bits.shape[1]) % 8
    if pad:
        bits = np.pad(bits, ((0, 0), (0, pad)))
    # Hamming distances only compare bits: the byte order of the view does not matter.
    return np.ascontiguousarray(bits.view(np.uint64).T)
