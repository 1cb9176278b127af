"""Evaluation against annotated corpora: readers, scorer, harness and CI gate.

``evaluate_polnear(root, split="dev")`` runs the engine over PolNeAR and
returns pooled precision / recall / F1 (see :mod:`saidwhat.evaluate.scorer`).
"""

from __future__ import annotations

from .harness import evaluate_articles, evaluate_corpus, evaluate_polnear
from .polnear import GoldArticle, GoldAttribution, load_polnear
from .prf import PRF
from .scorer import flatten, score

__all__ = [
    "PRF",
    "GoldArticle",
    "GoldAttribution",
    "evaluate_articles",
    "evaluate_corpus",
    "evaluate_polnear",
    "flatten",
    "load_polnear",
    "score",
]
