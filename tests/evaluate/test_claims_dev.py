"""The claims-dev scorer (saidwhat.evaluate.claims_dev) and its CI gate.

The scorer is checked on a synthetic article written here; the gate reads the
real articles from ``../shared/data/claims-dev`` (``$SAIDWHAT_SHARED``
overrides ``../shared``) at run time and skips when they are absent: the texts
are copyrighted and never copied into the repository. After an improvement,
raise the pinned figures in ``src/saidwhat/evaluate/claims_dev_gate.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.errors import EvaluationError
from saidwhat.evaluate.claims_dev import (
    check_gate,
    default_root,
    load_claims_dev,
    load_gate,
    norm_name,
    run,
    score_article,
)

TEXT = (
    "Rebels claim bombing\n\n"
    "The Sons of the Valley claimed responsibility for the bombing in Riverton. "
    "The mayor, Ann Cole, blamed the Northern Front for the bombing. "
    "The Northern Front denied any involvement."
)


ANNOTATION = {
    "source": "written for this test",
    "events": [{"id": "V1", "mentions": ["the bombing"], "same_side": [["Northern Front", "NF"]]}],
    "claims": [
        {
            "act": "responsibility",
            "claimant": "Sons of the Valley",
            "agent": "Sons of the Valley",
            "event": "V1",
            "trigger": "claimed responsibility",
            "sentence": (
                "The Sons of the Valley claimed responsibility for the bombing in Riverton."
            ),
            "required": True,
        },
        {
            "act": "blame",
            "claimant": "Ann Cole",
            "claimant_aliases": ["Cole"],
            "agent": "Northern Front",
            "event": "V1",
            "trigger": "blamed",
            "sentence": "The mayor, Ann Cole, blamed the Northern Front for the bombing.",
            "required": True,
        },
        {
            "act": "denial",
            "claimant": "Northern Front",
            "agent": "Northern Front",
            "event": "V1",
            "trigger": "denied",
            "sentence": "The Northern Front denied any involvement.",
            "required": False,
        },
    ],
    "conflicts": [
        {
            "event": "V1",
            "agents": ["Sons of the Valley", "Northern Front"],
            "kind": "different-agents",
            "required": True,
        },
        {"event": "V1", "agents": ["Northern Front"], "kind": "blame-vs-denial", "required": False},
    ],
}


def _span(text: str, word: str) -> dict:
    s = TEXT.index(word)
    return {"start": s, "end": s + len(word), "text": word}


def _claim(cid: str, act: str, trigger: str, claimant: str | None, agent: str | None) -> dict:
    def who(name: str | None) -> dict | None:
        return {"entity": "E1", "name": name, "type": "ORG"} if name else None

    return {
        "id": cid,
        "act": act,
        "trigger": _span(TEXT, trigger),
        "sentence": _span(TEXT, trigger),
        "claimant": who(claimant),
        "claimant_span": None,
        "agent": who(agent),
        "agent_span": None,
        "event": _span(TEXT, "the bombing"),
        "event_kind": "attack",
        "event_ref": "V1",
        "place": None,
        "time": None,
        "quote": None,
    }


@pytest.fixture
def article(tmp_path: Path):
    (tmp_path / "x-test.txt").write_text(TEXT, "utf-8")
    (tmp_path / "x-test.claims.json").write_text(json.dumps(ANNOTATION), "utf-8")
    return load_claims_dev(tmp_path)[0]


def test_names_compare_folded_without_article():
    assert norm_name("The Northern Front") == norm_name("northern front")
    assert norm_name("Iran's") == "iran"
    assert norm_name("") == ""


def test_right_found_spurious_and_conflicts(article):
    preds = [
        _claim("C1", "responsibility", "claimed responsibility", "Sons of the Valley", None),
        _claim("C2", "blame", "blamed", "Cole", "the Northern Front"),  # alias claimant
        _claim("C3", "denial", "denied", "Northern Front", "Northern Front"),  # optional
        _claim("C4", "blame", "claim bombing", "Rebels", "Rebels"),  # no gold: spurious
    ]
    preds[0]["agent"] = preds[0]["claimant"]
    s = score_article(article, preds)
    assert (s.required, s.found, s.right, s.predicted, s.spurious) == (2, 2, 2, 4, 1)
    # C1 (Sons) and C2 (NF) assert different agents; C2 blames and C3 denies the NF
    assert s.conflicts_required == 1 and s.conflicts_found == 1
    assert s.conflict_rows == 2 and s.conflicts_spurious == 0


def test_event_pairs_of_the_matched_claims(article):
    preds = [
        _claim("C1", "responsibility", "claimed responsibility", "Sons of the Valley", None),
        _claim("C2", "blame", "blamed", "Cole", "the Northern Front"),
        _claim("C3", "denial", "denied", "Northern Front", "Northern Front"),  # optional gold
    ]
    s = score_article(article, preds)
    # three claims of one gold event: three pairs, all said to be one event
    assert (s.event_pairs_gold, s.event_pairs_predicted, s.event_pairs_right) == (3, 3, 3)
    preds[2]["event_ref"] = "V2"  # the denial put in an event of its own: two pairs lost
    s = score_article(article, preds)
    assert (s.event_pairs_gold, s.event_pairs_predicted, s.event_pairs_right) == (3, 1, 1)


def test_an_agent_on_the_same_side_is_right(article):
    s = score_article(article, [_claim("C2", "blame", "blamed", "Ann Cole", "NF")])
    assert (s.found, s.right) == (1, 1)


def test_wrong_act_or_party_is_not_right(article):
    preds = [
        _claim("C1", "blame", "claimed responsibility", "Sons of the Valley", "Sons of the Valley"),
        _claim("C2", "blame", "blamed", "Ann Cole", "Sons of the Valley"),
    ]
    s = score_article(article, preds)
    assert (s.found, s.right, s.spurious) == (1, 0, 1)
    assert [o.status for o in s.outcomes] == ["missed", "found", "spurious"]
    assert s.conflicts_found == 0


def test_unnamed_gold_claimant_wants_no_entity(article):
    gold = ANNOTATION["claims"][1]
    anon = {**gold, "claimant": "", "claimant_aliases": []}
    ann = {**ANNOTATION, "claims": [anon]}
    from saidwhat.evaluate.claims_dev import _article

    a = _article("x", TEXT, ann)
    named = _claim("C1", "blame", "blamed", "Ann Cole", "Northern Front")
    bare = {**named, "claimant": None, "claimant_span": _span(TEXT, "The mayor")}
    assert score_article(a, [named]).right == 0
    assert score_article(a, [bare]).right == 1


def test_a_bad_annotation_is_a_numbered_error(tmp_path: Path):
    (tmp_path / "x.txt").write_text("One sentence.", "utf-8")
    (tmp_path / "x.claims.json").write_text(json.dumps(ANNOTATION), "utf-8")
    with pytest.raises(EvaluationError, match=r"E093"):
        load_claims_dev(tmp_path)
    with pytest.raises(EvaluationError, match=r"E093"):
        load_claims_dev(tmp_path / "empty")


def test_claims_dev_gate():
    """Fails when a pooled figure passes its pinned limit in claims_dev_gate.json."""
    root = default_root()
    if not root.is_dir():
        pytest.skip(f"claims-dev not found at {root} (a copy of shared/ beside the repository)")
    gate = load_gate()
    report = run(root, config=gate.config or None)
    assert len(report.articles) == len(load_claims_dev(root))
    problems = check_gate(gate, report)
    assert not problems, f"claims-dev gate ({report.pooled.line()}): " + "; ".join(problems)
