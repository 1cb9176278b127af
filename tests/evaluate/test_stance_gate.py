"""The stance CI gate: macro-F1 of the shipped stance model on NewsMTSC devtest_mt,
read from ``../shared/data/newsmtsc`` at run time (``$SAIDWHAT_SHARED`` overrides
``../shared``; the texts are never copied into the repository). The minima in
``src/saidwhat/evaluate/stance_gate.json`` are the measured figures less a margin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from saidwhat.cli import main
from saidwhat.evaluate.stance import check_gate, default_file, load_gate


@pytest.fixture(scope="module")
def devtest_mt() -> Path:
    path = default_file()
    if not path.is_file():
        pytest.skip(f"NewsMTSC devtest_mt not found at {path} (a copy of shared/ beside the repo)")
    return path


def test_stance_gate(devtest_mt: Path) -> None:
    """Fails when a figure falls below its pinned minimum in stance_gate.json."""
    gate = load_gate()
    res = CliRunner().invoke(main, ["evaluate", "stance", str(devtest_mt), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["n"] == gate["measured"]["n"]
    problems = check_gate(gate, report)
    figures = ", ".join(f"{k} {v['f1']:.2f}" for k, v in report["per_class"].items())
    assert not problems, (
        f"stance gate (macro-F1 {report['macro_f1']:.2f}; {figures}): " + "; ".join(problems)
    )


def test_gate_minima_sit_below_the_measured_figures() -> None:
    gate = load_gate()
    measured = gate["measured"]
    assert gate["minima"]["macro_f1"] <= measured["macro_f1"]
    for name, minimum in gate["minima"].items():
        if name != "macro_f1":
            label = name.split(".")[0]
            assert minimum <= measured["per_class"][label]["f1"]
