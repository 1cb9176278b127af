from __future__ import annotations

from itertools import combinations

import pytest

from saidwhat.store.speaker_eval import (
    Item,
    align_gum,
    assign_speakers,
    pairwise,
    read_gum_doc,
    silver_identity,
)

from .conftest import GUM, person_article


def _brute(items):
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        same_g, same_p = a.gold == b.gold, a.pred == b.pred
        tp += same_g and same_p
        fp += same_p and not same_g
        fn += same_g and not same_p
    return tp, fp, fn


def test_pairwise_counts_match_enumerating_pairs():
    items = [
        Item("d1", "obama", 1, "Barack Obama"),
        Item("d2", "obama", 1, "Obama"),
        Item("d2", "obama", 2, "President Obama"),
        Item("d3", "h.clinton", 3, "Hillary Clinton"),
        Item("d3", "b.clinton", 3, "Bill Clinton"),
        Item("d4", "b.clinton", 4, "Bill Clinton"),
    ]
    r = pairwise(items, corpus="t")
    assert (r.tp, r.fp, r.fn) == _brute(items) == (1, 1, 3)
    cross = [(a, b) for a, b in combinations(items, 2) if a.doc != b.doc]
    assert r.cross_tp == sum(a.gold == b.gold and a.pred == b.pred for a, b in cross)
    assert r.cross_fp == sum(a.pred == b.pred and a.gold != b.gold for a, b in cross)
    assert r.precision == 0.5 and r.recall == 0.25
    assert r.false_merges and "Bill Clinton" in r.false_merges[0]


def test_silver_identity_reads_full_names_only():
    assert silver_identity(["Maryland Gov. Martin O'Malley"]) == "martin o'malley"
    assert silver_identity(["Hillary Rodham Clinton", "Clinton"]) == "hillary clinton"
    assert silver_identity(["George W. Bush"]) != silver_identity(["George H.W. Bush"])
    assert silver_identity(["Donald Trump Jr."]) != silver_identity(["Donald Trump"])
    assert silver_identity(["President Obama", "Obama"]) is None


def test_assign_speakers_runs_the_real_store():
    recs = [
        person_article("Ahmad Massoud", "One", id="a"),
        person_article("Massoud", "Two", id="b"),
        person_article("Bill Clinton", "Three", id="c"),
    ]
    got = assign_speakers((r, {}) for r in recs)
    assert got[("a", "E1")][0] == got[("b", "E1")][0] != got[("c", "E1")][0]


def test_gum_gold_mentions_align_with_engine_style_entities():
    path = GUM / "dep" / "GUM_news_afghan.conllu"
    if not path.exists():
        pytest.skip(f"GUM news not found at {GUM}")
    text, gold, idents = read_gum_doc(path)
    trump = [g for g in gold if idents.get(g.entity) == "Donald_Trump"]
    assert trump and all(g.etype == "person" for g in trump)
    i = text.index("Donald Trump")
    ent = {"mentions": [{"start": i, "end": i + len("Donald Trump"), "text": "Donald Trump"}]}
    g = align_gum(ent, text, gold)
    assert g is not None and idents[g.entity] == "Donald_Trump"
