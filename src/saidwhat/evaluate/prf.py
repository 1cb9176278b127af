"""Precision, recall and F1 from true positive, false positive and false negative counts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    """Counts of one measure; add two to pool them (micro-average)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @classmethod
    def from_counts(cls, *, matched: int, predicted: int, gold: int) -> PRF:
        """``matched`` one-to-one matches among ``predicted`` and ``gold`` items."""
        return cls(tp=matched, fp=predicted - matched, fn=gold - matched)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def fscore(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f": round(self.fscore, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


__all__ = ["PRF"]
