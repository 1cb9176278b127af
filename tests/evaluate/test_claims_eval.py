"""The claims gold set (offsets only) and the claims scorer (saidwhat.evaluate.claims)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from saidwhat.errors import EvaluationError
from saidwhat.evaluate.claims import GoldClaim, gold_pairs, load_gold, score

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "claims_gold.jsonl"
WRITTEN = REPO / "tests" / "data" / "claims"
SAMPLE = REPO / "src" / "saidwhat" / "sample"
KEYS = {"doc", "trigger", "act", "claimant", "agent", "agent_ref", "event"}
TRIGGER = re.compile(r"(?i)^(claim|blam|accus|den|responsib|behind)")


def test_gold_set_is_offsets_only_and_large_enough():
    lines = [json.loads(x) for x in GOLD.read_text("utf-8").splitlines() if x.strip()]
    assert len(lines) >= 40
    for d in lines:
        assert set(d) == KEYS  # no text of any article
    gold = load_gold(GOLD)
    assert {g.doc.partition(":")[0] for g in gold} == {"polnear", "sample", "written"}
    assert len({(g.doc, g.trigger) for g in gold}) == len(gold)


def _text(doc: str, polnear: Path | None) -> str | None:
    corpus, _, name = doc.partition(":")
    base = {"written": WRITTEN, "sample": SAMPLE}.get(corpus)
    if corpus == "polnear":
        base = polnear / "dev" / "text" if polnear else None
    return (base / f"{name}.txt").read_text("utf-8") if base else None


def test_gold_offsets_fit_their_texts():
    from tests.conftest import POLNEAR

    root = POLNEAR if (POLNEAR / "dev" / "text").is_dir() else None
    checked = 0
    for g in load_gold(GOLD):
        text = _text(g.doc, root)
        if text is None:
            continue
        checked += 1
        assert TRIGGER.match(text[g.trigger[0] : g.trigger[1]]), g
        for span in (g.claimant, g.agent):
            assert span is None or span[1] <= len(text)
    assert checked >= 18


def _g(doc, start, act, ref, event):
    return GoldClaim(doc, (start, start + 5), act, None, (start + 10, start + 15), ref, event)


def _p(cid, start, act, agent, *, kind="attack", place="Kandahar", ref="V1"):
    span = {"start": start, "end": start + 5, "text": "x"}
    return {
        "id": cid,
        "act": act,
        "trigger": span,
        "sentence": {**span, "text": "x."},  # a sentence, not a headline
        "claimant": None,
        "claimant_span": None,
        "agent": None,
        "agent_span": {"start": start + 10, "end": start + 15, "text": agent},
        "event": {"start": 0, "end": 3, "text": "the bombing"},
        "event_kind": kind,
        "event_ref": ref,
        "place": {"start": 0, "end": 8, "text": place},
        "time": None,
        "quote": None,
    }


def test_gold_pairs():
    gold = [
        _g("written:a", 0, "responsibility", "x", "e1"),
        _g("written:b", 0, "blame", "y", "e1"),
        _g("written:b", 100, "denial", "y", "e1"),
        _g("written:c", 0, "blame", "z", "e2"),
    ]
    pairs = gold_pairs(gold)
    assert pairs == {
        frozenset({("written:a", 0), ("written:b", 0)}),
        frozenset({("written:b", 0), ("written:b", 100)}),
    }


def test_score_counts_claims_and_pairs():
    gold = [
        _g("written:a", 0, "responsibility", "x", "e1"),
        _g("written:b", 0, "blame", "y", "e1"),
        _g("written:c", 50, "blame", "q", "e3"),
    ]
    predicted = {
        "written:a": [_p("C1", 0, "responsibility", "X group")],
        "written:b": [_p("C1", 0, "blame", "Y group"), _p("C2", 200, "blame", "Z group")],
        "written:c": [_p("C1", 50, "denial", "Q")],  # wrong act
        "written:d": [],
    }
    out = score(predicted, gold, published={"written:a": "2026-01-01", "written:b": None})
    assert out["claims"]["tp"] == 2 and out["claims"]["fp"] == 2 and out["claims"]["fn"] == 1
    assert out["agent_right"] == 2 and out["matched"] == 2
    # a-C1/b-C1 is the gold pair; a-C1/b-C2 and b-C1/b-C2 disagree but C2 is not gold
    assert out["conflict_pairs"]["tp"] == 1
    assert out["conflict_pairs"]["fp"] == 2
    assert out["conflict_pairs"]["fn"] == 0


def test_score_needs_every_gold_text():
    with pytest.raises(EvaluationError, match="E022"):
        score({}, [_g("written:a", 0, "blame", "x", "e")])


def test_bad_gold_line(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text('{"doc": "polnear:x", "trigger": [5, 2], "act": "blame"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"E090.*line 1.*trigger"):
        load_gold(p)
