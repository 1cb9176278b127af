"""saidwhat.semantic.copies: normalisation, the link classifier, the word diff, the vector index."""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.config import load_config
from saidwhat.semantic.copies import (
    CopyOptions,
    VectorIndex,
    classify,
    from_blob,
    normalize,
    similarity,
    to_blob,
    word_diff,
    words,
)

QUOTE = "We will not negotiate with the Taliban until every prisoner is free"


def test_normalize_folds_case_quotes_apostrophes_punctuation_and_space() -> None:
    assert normalize("\u201cDon\u2019t,\u201d he\u2014said\u2026  NOW!") == "dont he said now"
    assert normalize("don't") == normalize("Don\u2019t") == "dont"
    assert normalize("  \t\n") == ""
    assert words("U.S. troops") == ["u", "s", "troops"]


def test_same_near_part_paraphrase_none() -> None:
    w = words(QUOTE)
    assert classify(w, words(QUOTE.upper() + "!")) == ("same", 1.0)
    kind, score = classify(w, words(QUOTE.replace("not", "never")))
    assert kind == "near" and score == pytest.approx(2 * 11 / 24, abs=1e-4)
    part = words("... we will not negotiate with the Taliban ...")
    assert classify(w, part)[0] == "near"  # truncation: 7 of 7 words matched in order
    other = words("The harvest this year was the best the valley has seen in a decade")
    assert classify(w, other)[0] == "none"
    assert classify(w, other, cosine=0.9) == ("paraphrase", 0.9)
    assert classify(w, other, cosine=0.5)[0] == "none"


def test_short_quotes_are_linked_only_when_the_same() -> None:
    assert classify(words("No comment"), words("no comment."))[0] == "same"
    assert classify(words("No comment"), words("No comment today"))[0] == "none"
    assert classify([], words("anything"))[0] == "none"


def test_classify_is_symmetric() -> None:
    rng = np.random.default_rng(3)
    vocab = words(QUOTE) + ["a", "b", "c", "the", "with"]
    for _ in range(300):
        a = list(rng.choice(vocab, size=int(rng.integers(1, 14))))
        b = list(rng.choice(vocab, size=int(rng.integers(1, 14))))
        assert classify(a, b) == classify(b, a)
        assert similarity(a, b) == similarity(b, a)


def test_thresholds_come_from_the_config() -> None:
    o = CopyOptions.from_config(load_config({"copies": {"near_ratio": 0.5, "embed": False}}))
    assert o.near_ratio == 0.5 and o.embed is False and o.kinds == ("direct",)
    assert CopyOptions.from_config().paraphrase_cosine == CopyOptions().paraphrase_cosine


def test_word_diff_shows_the_changed_words_as_written() -> None:
    diff = word_diff(
        QUOTE, "\u201cWe will NEVER negotiate with the Taliban until every prisoner\u201d"
    )
    ops = [(p.op, p.a, p.b) for p in diff]
    assert ops[0] == ("equal", "We will", "\u201cWe will")
    assert ("replace", "not", "NEVER") in ops
    assert ops[-1] == ("delete", "is free", "")
    # rebuilding either side from the diff gives the text back
    assert " ".join(p.a for p in diff if p.a) == QUOTE


def test_blob_round_trip() -> None:
    v = np.linspace(-1, 1, 384, dtype=np.float32)
    assert np.array_equal(from_blob(to_blob(v)), v)
    assert len(to_blob(v)) == 384 * 4 and from_blob(None) is None


@pytest.mark.parametrize("exact_below", [10**9, 0])
def test_vector_index_finds_the_perturbed_vector(exact_below: int) -> None:
    rng = np.random.default_rng(0)
    m = rng.standard_normal((5000, 384)).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    index = VectorIndex([f"q{i}" for i in range(5000)], m, exact_below=exact_below, shortlist=64)
    assert (index.codes is None) == (exact_below > 5000)
    for i in (0, 17, 4999):
        q = m[i] + rng.standard_normal(384).astype(np.float32) * 0.02
        q /= np.linalg.norm(q)
        hits = index.search(q, k=3)
        assert hits[0][0] == f"q{i}" and hits[0][1] > 0.8
        assert [h[1] for h in hits] == sorted((h[1] for h in hits), reverse=True)
        if index.codes is None:  # exact; the shortlist promises only the near-duplicate
            exact = np.argsort(-(m @ q))[:3]
            assert [h[0] for h in hits] == [f"q{j}" for j in exact]
    assert index.search(m[0], k=5, min_cosine=0.5) == [("q0", pytest.approx(1.0, abs=1e-5))]
    assert VectorIndex([], np.zeros((0, 384))).search(m[0]) == []
