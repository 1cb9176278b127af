"""Run the extraction engine over an annotated corpus and score it."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from ..errors import Errors, EvaluationError
from ..records import ArticleResult
from .polnear import GoldArticle, load_polnear
from .scorer import score


def select(
    articles: list[GoldArticle],
    *,
    ids: Collection[str] | None = None,
    limit: int | None = None,
) -> list[GoldArticle]:
    """Keep the articles whose id is in ``ids`` (all when ``None``), then the first ``limit``."""
    if ids is not None:
        wanted = set(ids)
        articles = [a for a in articles if a.id in wanted]
        missing = wanted - {a.id for a in articles}
        if missing:
            raise EvaluationError(
                Errors.E022.format(id=", ".join(sorted(missing))) + " (not in the corpus)"
            )
    return articles[:limit] if limit is not None else articles


def evaluate_articles(
    gold: list[GoldArticle],
    *,
    config: Mapping[str, Any] | None = None,
    n_process: int = 1,
    per_article: bool = False,
    statements_only: bool = False,
) -> dict[str, Any]:
    """Extract from the gold articles' texts and :func:`~.scorer.score` the results.

    An article on which the engine raises is scored as if nothing was found
    in it and listed under ``"failures"`` (id and error), so that one engine
    bug does not hide the figures of every other article.
    """
    from ..api import extract, extract_many
    from ..config import load_config

    started = time.perf_counter()
    failures: list[dict[str, str]] = []
    try:
        predicted = list(
            extract_many(((a.text, a.id) for a in gold), n_process=n_process, config=config)
        )
    except Exception:  # noqa: BLE001 - an engine bug: redo one by one to isolate it
        predicted = []
        for article in gold:
            try:
                predicted.append(extract(article.text, id=article.id, config=config))
            except Exception as exc:  # noqa: BLE001
                failures.append({"id": article.id, "error": f"{type(exc).__name__}: {exc}"})
                predicted.append(ArticleResult(id=article.id, text=article.text))
    seconds = time.perf_counter() - started
    result = score(gold, predicted, per_article=per_article, statements_only=statements_only)
    words = sum(len(a.text.split()) for a in gold)
    return {
        "method": load_config(config)["extract"]["method"],
        "words": words,
        "seconds": round(seconds, 2),
        "failures": failures,
        **result,
    }


def evaluate_polnear(
    root: str | Path,
    split: str = "dev",
    *,
    limit: int | None = None,
    ids: Collection[str] | None = None,
    config: Mapping[str, Any] | None = None,
    n_process: int = 1,
    per_article: bool = False,
    statements_only: bool = False,
) -> dict[str, Any]:
    """Evaluate the engine on a PolNeAR split.

    Args:
        root: the PolNeAR directory.
        split: ``"dev"`` (default) or ``"train"``.
        limit: score only the first ``limit`` articles (sorted by id).
        ids: score only these article ids.
        config: engine overrides, e.g. ``{"extract": {"method": "rules"}}``.
        n_process: worker processes for :func:`saidwhat.api.extract_many`.
        per_article: add the figures of each article under ``"per_article"``.
        statements_only: leave reported actions (cues that are
            :data:`~saidwhat.extract.lexicon.NON_SPEECH_CUES`) out of gold and
            prediction alike.

    Returns:
        The :func:`~saidwhat.evaluate.scorer.score` dict plus ``corpus``,
        ``split``, ``method``, ``words`` and ``seconds``.
    """
    gold = select(load_polnear(root, split), ids=ids, limit=limit)
    result = evaluate_articles(
        gold,
        config=config,
        n_process=n_process,
        per_article=per_article,
        statements_only=statements_only,
    )
    return {"corpus": "polnear", "split": split, **result}


CORPORA: dict[str, Callable[..., dict[str, Any]]] = {"polnear": evaluate_polnear}


def evaluate_corpus(name: str, root: str | Path, **kwargs: Any) -> dict[str, Any]:
    """Dispatch to the evaluator of corpus ``name`` (see :data:`CORPORA`)."""
    if name not in CORPORA:
        raise EvaluationError(Errors.E021.format(name=name, options=", ".join(sorted(CORPORA))))
    return CORPORA[name](root, **kwargs)


__all__ = ["CORPORA", "evaluate_articles", "evaluate_corpus", "evaluate_polnear", "select"]
