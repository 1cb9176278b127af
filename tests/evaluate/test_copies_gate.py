"""The copy classifier on perturbation sets: hand-written quotes (always) and PolNeAR dev
direct quotes against the pinned minima of copies_gate.json (when the corpus is there)."""

from __future__ import annotations

import random

import pytest

from saidwhat.evaluate.copies import (
    NEGATIVES,
    PERTURBATIONS,
    check,
    load_gate,
    perturb,
    perturbation_set,
    run,
    score,
)
from saidwhat.semantic.copies import CopyOptions, classify, words

# Written for this test (no corpus text): three "articles" of quotes.
ARTICLES = [
    [
        "We will not negotiate with the Taliban until every prisoner is free",
        "The valley has enough food for the winter but not for the spring",
        "Our fighters are tired, but they are not defeated, and they will not leave",
    ],
    [
        "This budget protects the hospitals and the schools that families rely on",
        "Nobody in this government has ever said that taxes would go up next year",
    ],
    [
        "I have spoken to the families and they want answers, not more promises",
        "The bridge will reopen in March if the weather allows the crews to work",
        "We expect the inquiry to publish its report before the end of the summer",
    ],
]


def test_perturbations_are_seeded_and_change_what_they_say() -> None:
    vocab = ["apple", "river", "seven"]
    q = ARTICLES[0][0]
    for kind in PERTURBATIONS:
        a = perturb(q, kind, random.Random(1), vocab)
        assert a == perturb(q, kind, random.Random(1), vocab)
        if kind != "punct":
            assert words(a) != words(q), kind
    assert len(perturb(q, "delete", random.Random(2), vocab).split()) < len(q.split())
    trunc = words(perturb(q, "truncate", random.Random(3), vocab))
    wq = words(q)
    assert any(wq[i : i + len(trunc)] == trunc for i in range(len(wq)))


def test_perturbation_set_has_positives_and_hard_negatives() -> None:
    pairs = perturbation_set(ARTICLES, seed=5)
    assert pairs == perturbation_set(ARTICLES, seed=5)
    types = {p.type for p in pairs}
    assert types == set(PERTURBATIONS) | set(NEGATIVES)
    n_quotes = sum(len(a) for a in ARTICLES)
    assert sum(p.positive for p in pairs) == n_quotes * len(PERTURBATIONS)
    # every pair of quotes of one article is a negative once
    assert sum(p.type == "same_article" for p in pairs) == 3 + 1 + 3


def test_lexical_classifier_on_the_hand_written_set() -> None:
    report = score(perturbation_set(ARTICLES, seed=7), embed=False)
    assert report.fp == 0
    assert report.recall >= 0.9
    d = report.to_dict()
    assert d["types"]["punct"]["rate"] == 1.0
    assert d["types"]["same_article"]["linked"] == 0


def test_scoring_counts_what_the_classifier_says() -> None:
    pairs = perturbation_set(ARTICLES, seed=9)
    report = score(pairs, embed=False)
    opts = CopyOptions()
    tp = sum(
        classify(words(p.a), words(p.b), options=opts)[0] != "none" for p in pairs if p.positive
    )
    assert report.tp == tp
    strict = score(pairs, embed=False, options=CopyOptions(near_ratio=1.01, part_coverage=1.01))
    assert strict.tp < report.tp  # only the "same" pairs are left


@pytest.mark.parametrize("name", ["lexical", "vectors"])
def test_polnear_perturbation_set_meets_the_gate(polnear_dir, name: str) -> None:
    gate = load_gate()
    cfg = gate["runs"][name]
    report = run(
        polnear_dir, split=gate["split"], limit=cfg["limit"], seed=gate["seed"], embed=cfg["embed"]
    )
    assert check(cfg["minima"], report) == []
    assert report.to_dict()["negatives"] > 0
