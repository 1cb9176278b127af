"""Stance evaluation on files in the NewsMTSC format (``saidwhat evaluate stance``).

Each line is a JSON object with ``sentence_normalized`` and ``targets``; each
target has ``from`` / ``to`` (character offsets of the mention, end exclusive)
and ``polarity`` (2.0 negative = against, 4.0 neutral, 6.0 positive = for).
The score is NewsMTSC's: macro-F1 over the three classes, in percent, plus
accuracy and per-class precision / recall / F1.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Errors, EvaluationError
from ..semantic.stance import LABELS, classify_many, load

_BY_POLARITY = {2.0: "against", 4.0: "neutral", 6.0: "for"}
#: Pinned minima of the stance gates (``tests/evaluate/test_stance_gate.py``), per tier.
GATE_PATH = Path(__file__).with_name("stance_gate.json")
GATE_PATHS = {"fast": GATE_PATH, "accurate": Path(__file__).with_name("stance_accurate_gate.json")}


@dataclass(frozen=True)
class GoldTarget:
    """One annotated (sentence, target mention) pair."""

    sentence: str
    start: int
    end: int
    label: str


def read_newsmtsc(path: str | Path) -> Iterator[GoldTarget]:
    """Every target of a NewsMTSC ``.jsonl`` file (raises E082 on a malformed line)."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                sentence = rec["sentence_normalized"]
                targets = rec["targets"]
                if not isinstance(sentence, str) or not isinstance(targets, list):
                    raise TypeError("sentence_normalized must be a string, targets a list")
                for t in targets:
                    start, end = int(t["from"]), int(t["to"])
                    label = _BY_POLARITY[float(t["polarity"])]
                    if not 0 <= start < end <= len(sentence):
                        raise ValueError(f"span [{start}, {end}) outside the sentence")
                    yield GoldTarget(sentence, start, end, label)
            except (ValueError, KeyError, TypeError) as exc:
                reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
                raise EvaluationError(Errors.E082.format(path=path, line=n, reason=reason)) from exc


def macro_f1_report(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Macro-F1 (percent), accuracy and per-class P/R/F1 of predicted against gold labels."""
    per: dict[str, dict[str, float]] = {}
    for lab in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {
            "precision": round(100 * prec, 2),
            "recall": round(100 * rec, 2),
            "f1": round(100 * f1, 2),
            "support": n_gold,
        }
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "macro_f1": round(sum(per[lab]["f1"] for lab in LABELS) / len(LABELS), 2),
        "accuracy": round(100 * correct / len(gold), 2) if gold else 0.0,
        "n": len(gold),
        "per_class": per,
    }


def evaluate_stance(path: str | Path, *, tier: str = "fast") -> dict[str, Any]:
    """Run the shipped stance model of ``tier`` over a NewsMTSC file and score it."""
    gold = list(read_newsmtsc(path))
    load(tier=tier)
    t0 = time.perf_counter()
    pred = classify_many([(g.sentence, g.start, g.end) for g in gold], tier=tier)
    seconds = time.perf_counter() - t0
    report = macro_f1_report([g.label for g in gold], [s.label for s in pred])
    report["file"] = str(path)
    report["tier"] = tier
    report["ms_per_pair"] = round(1000 * seconds / max(1, len(gold)), 2)
    return report


def default_file() -> Path:
    """``$SAIDWHAT_SHARED/data/newsmtsc/devtest_mt.jsonl``, by default ``../shared/`` beside
    the repository (the NewsMTSC texts are never copied into it)."""
    repo = Path(__file__).resolve().parents[3]
    shared = Path(os.environ.get("SAIDWHAT_SHARED", repo.parent / "shared"))
    return shared / "data" / "newsmtsc" / "devtest_mt.jsonl"


def load_gate(path: str | Path = GATE_PATH) -> dict[str, Any]:
    """Read ``stance_gate.json`` (``minima``: figure -> pinned minimum, in percent)."""
    try:
        d = json.loads(Path(path).read_text("utf-8"))
        minima = {str(k): float(v) for k, v in d["minima"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EvaluationError(Errors.E024.format(path=path, reason=exc)) from exc
    return {**d, "minima": minima}


def check_gate(gate: dict[str, Any], report: dict[str, Any]) -> list[str]:
    """Messages naming every figure below its pinned minimum (empty: the gate passes)."""
    problems = []
    for name, minimum in sorted(gate["minima"].items()):
        if name == "macro_f1":
            value = report.get("macro_f1")
        else:  # "<label>.f1"
            label, _, key = name.partition(".")
            value = report.get("per_class", {}).get(label, {}).get(key)
        if value is None:
            problems.append(f"{name}: not measured (unknown figure)")
        elif value < minimum:
            problems.append(f"{name} = {value:.2f} is below its minimum {minimum:.2f}")
    return problems
