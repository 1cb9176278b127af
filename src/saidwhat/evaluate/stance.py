"""Stance evaluation on files in the NewsMTSC format (``saidwhat evaluate stance``).

Each line is a JSON object with ``sentence_normalized`` and ``targets``; each
target has ``from`` / ``to`` (character offsets of the mention, end exclusive)
and ``polarity`` (2.0 negative = against, 4.0 neutral, 6.0 positive = for).
The score is NewsMTSC's: macro-F1 over the three classes, in percent, plus
accuracy and per-class precision / recall / F1.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Errors, EvaluationError
from ..stance import LABELS, classify_many, load

_BY_POLARITY = {2.0: "against", 4.0: "neutral", 6.0: "for"}


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


def evaluate_stance(path: str | Path) -> dict[str, Any]:
    """Run the shipped stance model over a NewsMTSC file and score it."""
    gold = list(read_newsmtsc(path))
    load()
    t0 = time.perf_counter()
    pred = classify_many([(g.sentence, g.start, g.end) for g in gold])
    seconds = time.perf_counter() - t0
    report = macro_f1_report([g.label for g in gold], [s.label for s in pred])
    report["file"] = str(path)
    report["ms_per_pair"] = round(1000 * seconds / max(1, len(gold)), 2)
    return report
