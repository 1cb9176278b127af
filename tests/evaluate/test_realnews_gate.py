"""The realnews CI gate, and the harness checked against the team's reference scorer.

Both read the articles from ``../shared/data/realnews-dev`` (beside the
repository; ``$SAIDWHAT_SHARED`` overrides ``../shared``) at run time: the
texts are copyrighted and never copied into the repository. After an
improvement, raise the pinned figures in ``src/saidwhat/evaluate/realnews_gate.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from saidwhat.evaluate.realnews import (
    GATES,
    LABELS,
    check_gate,
    default_root,
    load_gate,
    load_realnews,
    normalize_name,
    run,
    score,
)

ROOT = default_root()
REFERENCE = ROOT.parent.parent / "tools" / "score_statements.py"


@pytest.fixture(scope="module")
def realnews_dir() -> Path:
    if not ROOT.is_dir():
        pytest.skip(f"realnews-dev not found at {ROOT} (a copy of shared/ beside the repository)")
    return ROOT


@pytest.mark.parametrize("set_name", sorted(GATES))
def test_realnews_gate(set_name: str) -> None:
    """Fails when a pooled figure of a real-news set passes its pinned limit (the set's
    gate file in GATES); realnews-val is read for its pooled figures only."""
    root = default_root(set_name)
    if not root.is_dir():
        pytest.skip(f"{set_name} not found at {root} (a copy of shared/ beside the repository)")
    gate = load_gate(GATES[set_name])
    report = run(root, config=gate.config or None)
    assert len(report.articles) == len(load_realnews(root))
    problems = check_gate(gate, report)
    figures = ", ".join(f"{k} {v:.2f}" for k, v in report.pooled.figures().items())
    assert not problems, f"{set_name} gate ({figures}): " + "; ".join(problems)


def test_harness_agrees_with_the_reference_scorer(realnews_dir: Path, tmp_path: Path) -> None:
    """Per article, the same rows and summary line as shared/tools/score_statements.py."""
    if not REFERENCE.is_file():
        pytest.skip(f"reference scorer not found at {REFERENCE}")
    from saidwhat.api import extract_many

    gold = load_realnews(realnews_dir)
    predicted = list(extract_many((a.text, a.id) for a in gold))
    for article, scored, pred in zip(gold, score(gold, predicted), predicted, strict=True):
        one = tmp_path / f"{article.id}.jsonl"
        one.write_text(json.dumps(pred.to_dict(), ensure_ascii=False) + "\n", "utf-8")
        gold_file = realnews_dir / f"{article.id}.gold.json"
        out = subprocess.run(
            [sys.executable, str(REFERENCE), str(gold_file), str(one)],
            capture_output=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            check=True,
        ).stdout.splitlines()
        assert out[-1] == scored.counts.line(), article.id
        rows = [row for row in out[:-1] if row.split(" ", 1)[0] in ("OK", "SPK", "MISS")]
        assert [r.split(" ", 1)[0] for r in rows] == [LABELS[o.status] for o in scored.outcomes]
        for row, o in zip(rows, scored.outcomes, strict=True):
            if o.status == "wrong_speaker":
                assert row.rsplit("  -> ", 1)[1] == normalize_name(o.predicted_speaker or "")
