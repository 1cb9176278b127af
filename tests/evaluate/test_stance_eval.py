"""``saidwhat evaluate stance``: the NewsMTSC reader, the scorer and the command,
on small files written here (no NewsMTSC text is in the repository)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.errors import EvaluationError
from saidwhat.evaluate.stance import (
    GoldTarget,
    check_gate,
    macro_f1_report,
    read_newsmtsc,
)

S1 = "The mayor praised the volunteers for their tireless work after the flood."
S2 = "Critics accused the senator of lying to voters about the budget."


def _target(sentence: str, mention: str, polarity: float) -> dict[str, object]:
    start = sentence.index(mention)
    return {"from": start, "to": start + len(mention), "mention": mention, "polarity": polarity}


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "tiny.jsonl",
        [
            {
                "primary_gid": "a",
                "sentence_normalized": S1,
                "targets": [_target(S1, "volunteers", 6.0), _target(S1, "mayor", 4.0)],
            },
            {
                "primary_gid": "b",
                "sentence_normalized": S2,
                "targets": [_target(S2, "senator", 2.0)],
            },
        ],
    )


def test_reader_gives_one_target_per_mention(tiny: Path) -> None:
    gold = list(read_newsmtsc(tiny))
    assert [g.label for g in gold] == ["for", "neutral", "against"]
    assert [g.sentence[g.start : g.end] for g in gold] == ["volunteers", "mayor", "senator"]
    assert all(isinstance(g, GoldTarget) for g in gold)


@pytest.mark.parametrize(
    "record, reason",
    [
        ({"targets": []}, "sentence_normalized"),
        ({"sentence_normalized": S1, "targets": [{"from": 0, "to": 3}]}, "polarity"),
        (
            {"sentence_normalized": S1, "targets": [{"from": 0, "to": 999, "polarity": 2.0}]},
            "outside",
        ),
        ({"sentence_normalized": S1, "targets": [_target(S1, "mayor", 5.0)]}, "5.0"),
    ],
)
def test_reader_names_the_bad_line(tmp_path: Path, record: dict[str, object], reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"sentence_normalized": S2, "targets": []}) + "\n")
    with path.open("a") as fh:
        fh.write(json.dumps(record) + "\n")
    with pytest.raises(EvaluationError) as err:
        list(read_newsmtsc(path))
    assert "E082" in str(err.value) and "line 2" in str(err.value) and reason in str(err.value)


def test_macro_f1_by_hand() -> None:
    gold = ["against", "against", "neutral", "for", "for", "neutral"]
    pred = ["against", "neutral", "neutral", "for", "against", "for"]
    rep = macro_f1_report(gold, pred)
    # against: P 1/2 R 1/2 F 0.5; neutral: P 1/2 R 1/2 F 0.5; for: P 1/2 R 1/2 F 0.5
    assert rep["per_class"]["against"] == {
        "precision": 50.0,
        "recall": 50.0,
        "f1": 50.0,
        "support": 2,
    }
    assert rep["macro_f1"] == 50.0 and rep["accuracy"] == 50.0 and rep["n"] == 6
    perfect = macro_f1_report(gold, gold)
    assert perfect["macro_f1"] == 100.0
    # a class never predicted and never gold counts as F1 0 (NewsMTSC averages all three)
    assert macro_f1_report(["for"], ["for"])["macro_f1"] == pytest.approx(100 / 3, abs=0.01)


def test_check_gate_names_the_figure_below_its_minimum() -> None:
    gate = {"minima": {"macro_f1": 70.0, "for.f1": 60.0}}
    report = macro_f1_report(["for", "against", "neutral"], ["for", "against", "neutral"])
    assert check_gate(gate, report) == []
    low = macro_f1_report(["for", "against", "neutral"], ["against", "against", "neutral"])
    problems = check_gate(gate, low)
    assert len(problems) == 2 and problems[0].startswith("for.f1 = 0.00")
    assert check_gate({"minima": {"nonsense": 1.0}}, report) == [
        "nonsense: not measured (unknown figure)"
    ]


def test_evaluate_stance_command(tiny: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["evaluate", "stance", str(tiny), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["n"] == 3 and set(out["per_class"]) == {"against", "neutral", "for"}
    f1s = [out["per_class"][k]["f1"] for k in ("against", "neutral", "for")]
    assert out["macro_f1"] == pytest.approx(sum(f1s) / 3, abs=0.01)
    assert 0.0 <= out["macro_f1"] <= 100.0 and out["ms_per_pair"] > 0
    table = runner.invoke(main, ["evaluate", "stance", str(tiny)])
    assert table.exit_code == 0 and "macro-F1" in table.output and "against" in table.output


def test_evaluate_stance_bad_inputs(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["evaluate", "stance", str(tmp_path / "missing.jsonl")])
    assert res.exit_code == 1 and "cannot read" in res.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    res = runner.invoke(main, ["evaluate", "stance", str(bad)])
    assert res.exit_code == 1 and "E082" in res.output
